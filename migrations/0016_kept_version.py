"""A version of the updates, which every write to them or their narrowing changes (triggers,
so that no way of writing can miss it): each process keeps the live updates of each desk
(app/updates/live.py) and reads a desk again when the version it was read at is gone.

The version is random, not a count: a value names one state of the rows even across a restore
from a backup. An installation without updates has no row until the first one is written
(it stays empty for a restore), and nothing is kept until then."""

from peewee import BigIntegerField, CharField, Model, SqliteDatabase

TABLES = ("update", "update_municipality")


def up(migrator, db):
    class KeptVersion(Model):
        name = CharField(max_length=40, primary_key=True)
        version = BigIntegerField()

        class Meta:
            database = db
            table_name = "kept_version"

    db.create_tables([KeptVersion])
    new_version = (
        "INSERT INTO kept_version (name, version) VALUES ('updates', {random}) "
        "ON CONFLICT (name) DO UPDATE SET version = excluded.version"
    )
    sqlite = isinstance(db, SqliteDatabase)
    random = "random()" if sqlite else "(random() * 9.2e18)::bigint"
    if sqlite:
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute_sql(
                    f'CREATE TRIGGER "{table}_{event.lower()}_version" AFTER {event} ON "{table}" '
                    f"BEGIN {new_version.format(random=random)}; END"
                )
    else:
        db.execute_sql(
            "CREATE FUNCTION new_updates_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + new_version.format(random=random)
            + "; RETURN NULL; END $$"
        )
        for table in TABLES:
            db.execute_sql(
                f'CREATE TRIGGER "{table}_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION new_updates_version()'
            )
    if db.execute_sql('SELECT 1 FROM "update" LIMIT 1').fetchone():
        db.execute_sql(new_version.format(random=random))


def down(migrator, db):
    if isinstance(db, SqliteDatabase):
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                db.execute_sql(f'DROP TRIGGER "{table}_{event}_version"')
    else:
        for table in TABLES:
            db.execute_sql(f'DROP TRIGGER "{table}_version" ON "{table}"')
        db.execute_sql("DROP FUNCTION new_updates_version()")
    db.execute_sql("DROP TABLE kept_version")
