"""The requests to join waiting in an area, oldest first, as one range of an index: the
police's queue and its count read it on every visit."""

from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_index("join_request", ("area_id", "status", "created_at")))


def down(migrator, db):
    migrator.migrate(migrator.drop_index("join_request", "join_request_area_id_status_created_at"))
