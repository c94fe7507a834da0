"""Updates from police, municipality and customs: the updates, their audience narrowed to
municipalities, images, read marks and notification preferences; extra mail headers
(List-Unsubscribe) in the outbox."""

from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column("outbox_mail", "headers", TextField(default="")))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("outbox_mail", "headers"))
