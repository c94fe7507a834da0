"""Database: one proxy, a base model, connection per request, the SQLite/PostgreSQL differences."""

import datetime
from urllib.parse import unquote, urlparse

import peewee
from flask import Flask
from playhouse.postgres_ext import Psycopg3Database

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 1,  # NORMAL: durable enough with WAL, much faster than FULL
    "busy_timeout": 10000,
    "cache_size": -16000,
}


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


def utcnow() -> datetime.datetime:
    """Naive UTC timestamp: what every DateTimeField stores."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def open_database(url: str) -> peewee.Database:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        if not path:
            raise ValueError("A SQLite DATABASE_URL looks like sqlite:///path/to/file.sqlite3")
        # IMMEDIATE: a writer takes the write lock when its transaction begins, so two
        # writers queue on busy_timeout instead of failing with "database is locked".
        return peewee.SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    if parsed.scheme in ("postgres", "postgresql"):
        return Psycopg3Database(
            unquote(parsed.path.lstrip("/")),
            user=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            host=parsed.hostname,
            port=parsed.port,
        )
    raise ValueError(f"Unsupported DATABASE_URL scheme: {parsed.scheme!r}")


def is_sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def init_app(app: Flask) -> None:
    if (
        database.obj is None
        or getattr(database.obj, "_tif_url", None) != app.config["DATABASE_URL"]
    ):
        db = open_database(app.config["DATABASE_URL"])
        db._tif_url = app.config["DATABASE_URL"]
        database.initialize(db)

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_appcontext
    def _close(exc):
        if not database.is_closed():
            database.close()
