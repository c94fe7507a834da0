"""Two-factor authentication (TOTP) for staff accounts."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("user", "totp_secret", CharField(null=True, max_length=64))
    )
    migrator.migrate(migrator.add_column("user", "totp_last_step", BigIntegerField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("user", "totp_last_step"))
    migrator.migrate(migrator.drop_column("user", "totp_secret"))
