"""Which areas a customs region covers decides which updates reach a business (a region's
desk), so a write to it gives the updates' version a new value too (app/updates/live.py keeps
the regions of every area with that version)."""

from peewee import SqliteDatabase

TABLE = "customs_region_area"
NEW_VERSION = (
    "INSERT INTO kept_version (name, version) VALUES ('updates', random()) "
    "ON CONFLICT (name) DO UPDATE SET version = excluded.version"
)  # SQLite's random() is a 64-bit integer; PostgreSQL's is 0 to 1 (migration 0018's function)


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute_sql(
                f'CREATE TRIGGER "{TABLE}_{event.lower()}_updates_version" AFTER {event} '
                f'ON "{TABLE}" BEGIN {NEW_VERSION}; END'
            )
    else:  # the trigger function of migration 0018
        db.execute_sql(
            f'CREATE TRIGGER "{TABLE}_updates_version" AFTER INSERT OR UPDATE OR DELETE OR '
            f'TRUNCATE ON "{TABLE}" FOR EACH STATEMENT '
            "EXECUTE FUNCTION new_kept_version('updates')"
        )


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for event in ("insert", "update", "delete"):
            db.execute_sql(f'DROP TRIGGER "{TABLE}_{event}_updates_version"')
    else:
        db.execute_sql(f'DROP TRIGGER "{TABLE}_updates_version" ON "{TABLE}"')
