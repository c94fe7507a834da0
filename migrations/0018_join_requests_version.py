"""A version of what the police's queue of requests to join shows (app/versions.py): the
requests, their operators, and the names of areas and municipalities. Triggers
give it a new random value at every write to them, as migration 0016 does for the updates;
on PostgreSQL through one trigger function that takes the version's name."""

from peewee import SqliteDatabase

NAME = "join_requests"
TABLES = (
    "join_request",
    "join_request_operator",
    "operator",
    "area",
    "municipality",
)
NEW_VERSION = (
    "INSERT INTO kept_version (name, version) VALUES ({name}, {random}) "
    "ON CONFLICT (name) DO UPDATE SET version = excluded.version"
)


def up(migrator, db):
    if isinstance(db, SqliteDatabase):
        new_version = NEW_VERSION.format(name=f"'{NAME}'", random="random()")
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute_sql(
                    f'CREATE TRIGGER "{table}_{event.lower()}_{NAME}_version" AFTER {event} '
                    f'ON "{table}" BEGIN {new_version}; END'
                )
    else:
        new_version = NEW_VERSION.format(name="TG_ARGV[0]", random="(random() * 9.2e18)::bigint")
        db.execute_sql(
            "CREATE FUNCTION new_kept_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"{new_version}; RETURN NULL; END $$"
        )
        for table in TABLES:
            db.execute_sql(
                f'CREATE TRIGGER "{table}_{NAME}_version" AFTER INSERT OR UPDATE OR DELETE OR '
                f'TRUNCATE ON "{table}" FOR EACH STATEMENT '
                f"EXECUTE FUNCTION new_kept_version('{NAME}')"
            )
    if db.execute_sql("SELECT 1 FROM join_request LIMIT 1").fetchone():
        random = "random()" if isinstance(db, SqliteDatabase) else "(random() * 9.2e18)::bigint"
        db.execute_sql(NEW_VERSION.format(name=f"'{NAME}'", random=random))


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                db.execute_sql(f'DROP TRIGGER "{table}_{event}_{NAME}_version"')
    else:
        for table in TABLES:
            db.execute_sql(f'DROP TRIGGER "{table}_{NAME}_version" ON "{table}"')
        db.execute_sql("DROP FUNCTION new_kept_version()")
    db.execute_sql(f"DELETE FROM kept_version WHERE name = '{NAME}'")
