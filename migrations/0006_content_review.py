"""Content review: the join form asks for the postal town and, for "other" sites, what they
are; a business keeps these and the contact phone from its request to join."""

from peewee import *


def up(migrator, db):
    for table in ("join_request", "business"):
        migrator.migrate(
            migrator.add_column(table, "site_type_other", CharField(max_length=100, default="")),
            migrator.add_column(table, "postal_town", CharField(max_length=60, default="")),
        )
    migrator.migrate(
        migrator.add_column("business", "contact_phone", CharField(max_length=20, default=""))
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_column("business", "contact_phone"))
    for table in ("business", "join_request"):
        migrator.migrate(
            migrator.drop_column(table, "postal_town"),
            migrator.drop_column(table, "site_type_other"),
        )
