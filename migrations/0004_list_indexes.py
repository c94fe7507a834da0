"""Indexes for the lists ordered by name: all businesses (admins) and the staff accounts."""

from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_index("business", ("name", "id")))
    migrator.migrate(migrator.add_index("user", ("role", "email")))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("user", "user_role_email"))
    migrator.migrate(migrator.drop_index("business", "business_name_id"))
