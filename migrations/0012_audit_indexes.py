"""Indexes for an area's audit log: newest first, and the actions that occur in it."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_index("audit_entry", ("area_id", "at")),
        migrator.add_index("audit_entry", ("area_id", "action")),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index("audit_entry", "audit_entry_area_id_action"),
        migrator.drop_index("audit_entry", "audit_entry_area_id_at"),
    )
