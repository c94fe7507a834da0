"""Database: one proxy, a base model, connection per request, the SQLite/PostgreSQL differences."""

import datetime
import logging
import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import unquote, urlparse

import peewee
from flask import Flask
from playhouse.pool import PooledSqliteDatabase
from playhouse.postgres_ext import PooledPsycopg3Database

database = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 1,  # NORMAL: durable enough with WAL, much faster than FULL
    "busy_timeout": 10000,
    "cache_size": -16000,
}


# Connections are pooled: "close" at the end of a request returns the connection, so a request
# does not pay for a new connection and its pragmas (about half a millisecond on SQLite).
POOL_OPTIONS = {"max_connections": 32, "stale_timeout": 300}


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


def utcnow() -> datetime.datetime:
    """Naive UTC timestamp: what every DateTimeField stores."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def open_database(url: str) -> peewee.Database:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        if not path:
            raise ValueError("A SQLite DATABASE_URL looks like sqlite:///path/to/file.sqlite3")
        # IMMEDIATE: a writer takes the write lock when its transaction begins, so two
        # writers queue on busy_timeout instead of failing with "database is locked".
        # A pooled connection serves one thread at a time, but not always the thread that
        # opened it (threaded workers, the job worker): sqlite3 must not refuse that.
        db = PooledSqliteDatabase(
            path,
            pragmas=SQLITE_PRAGMAS,
            lock_type="IMMEDIATE",
            check_same_thread=False,
            **POOL_OPTIONS,
        )
        # SQLite's own lower() knows only ASCII; searches must match "Å" with "å" as on PostgreSQL.
        db.register_function(_unicode_lower, "lower", 1)
        return db
    if parsed.scheme in ("postgres", "postgresql"):
        return PooledPsycopg3Database(
            unquote(parsed.path.lstrip("/")),
            user=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            host=parsed.hostname,
            port=parsed.port,
            **POOL_OPTIONS,
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

    # Per request, not per app context: a job run inside a request (tests run jobs at once)
    # pushes its own app context, and must not close the request's connection when it ends.
    @app.teardown_request
    def _close(exc):
        if not database.is_closed():
            database.close()


@dataclass
class Page:
    """One page of a query's results, for the pagination macro (total None: not counted)."""

    items: list
    number: int
    per_page: int
    total: int | None
    more: bool = False  # uncounted pages: whether a next page exists

    @property
    def pages(self) -> int | None:
        return None if self.total is None else max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.more if self.total is None else self.number < self.pages


MAX_PAGE = 100_000  # beyond any real list; larger numbers would overflow the OFFSET


def page_number_asked(page_number) -> int:
    """The page a `?page=` value asks for: 1 unless it is a number from 2 to MAX_PAGE."""
    try:
        return min(MAX_PAGE, max(1, int(page_number or 1)))
    except (TypeError, ValueError):
        return 1


def paginate(query, page_number, per_page: int = 25, count_query=None) -> Page:
    """Two queries whatever the size: the count, then the rows of the page asked for.
    `count_query`: the same rows without the joins that only add columns (cheaper to count)."""
    total = (query if count_query is None else count_query).count()
    return page_of(
        total, page_number, per_page, lambda limit, offset: list(query.limit(limit).offset(offset))
    )


def page_of(total: int, page_number, per_page: int, fetch) -> Page:
    """The page asked for (the last one when it asks beyond) of `total` rows, whose rows
    `fetch(limit, offset)` reads: paginate() for prepared queries."""
    number = min(page_number_asked(page_number), max(1, math.ceil(total / per_page)))
    return Page(fetch(per_page, (number - 1) * per_page), number, per_page, total)


def paginate_uncounted(query, page_number, per_page: int = 50) -> Page:
    """One query: the page and one row more, to know whether there is a next page. For logs too
    long to count on every view (counting 200 000 rows costs more than the page itself)."""
    number = page_number_asked(page_number)
    rows = list(query.limit(per_page + 1).offset((number - 1) * per_page))
    return Page(rows[:per_page], number, per_page, None, more=len(rows) > per_page)


def contains(field, text: str):
    """Case-insensitive substring match, with LIKE's wildcards in the text taken literally."""
    return matches(field, like_pattern(text))


def like_pattern(text: str) -> str:
    """The LIKE pattern that `contains` matches `text` with."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(field, pattern):
    """`field` (in lower case) LIKE a pattern made by like_pattern()."""
    return peewee.NodeList(
        (peewee.fn.LOWER(field), peewee.SQL("LIKE"), pattern, peewee.SQL("ESCAPE '\\'"))
    )


class _QueryLog(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.queries = []

    def emit(self, record):
        if record.name == "peewee":  # the statements; not the pool's own messages
            self.queries.append(record.getMessage())


@contextmanager
def count_queries():
    """The SQL statements peewee runs inside the block, from its logger (tests, benchmark)."""
    logger = logging.getLogger("peewee")
    log = _QueryLog()
    previous = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.propagate = False  # counted, not printed
    logger.addHandler(log)
    try:
        yield log.queries
    finally:
        logger.removeHandler(log)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


class PreparedSelect:
    """A SELECT of whole rows of several models whose SQL peewee writes once per database;
    each run only binds new values. For the queries every request makes (the session with its
    user): building their SQL cost more than running it.

    `build(*markers)` returns the peewee query, called once with a marker for each value;
    it must select every field of each of `models` (plain models or aliases), in that order:
    `fields_of(model)` gives them, and may select further columns after them. `first(*values)`
    runs it and answers one instance per model (None for a LEFT JOIN that found nothing), then
    the further columns as the database answers them, or None when there is no row."""

    def __init__(self, models, build, arity: int | None = None):
        self.models = models
        self.build = build
        self.arity = self.build.__code__.co_argcount if arity is None else arity
        self._compiled = {}
        self._readers = None

    def _sql(self):
        key = id(database.obj)
        if key not in self._compiled:
            # Text markers: the fields' db_value conversions leave them as they are.
            markers = [f"\x00value {i}\x00" for i in range(self.arity)]
            sql, params = self.build(*markers).sql()
            slots = [markers.index(p) if p in markers else None for p in params]
            self._compiled[key] = (sql, params, slots)
        return self._compiled[key]

    def _cursor(self, values):
        sql, params, slots = self._sql()
        bound = [p if slot is None else values[slot] for p, slot in zip(params, slots, strict=True)]
        return database.execute_sql(sql, bound)

    def _run(self, values):
        return self._cursor(values).fetchone()

    def scalar(self, *values):
        """The first column of the first row (a count), for a query of no whole models."""
        row = self._run(values)
        return None if row is None else row[0]

    def rows(self, *values) -> list[tuple]:
        """Every row as the database answers it: instance() makes model instances of them."""
        return self._cursor(values).fetchall()

    def first(self, *values):
        row = self._run(values)
        return None if row is None else self._instances(row)

    def all(self, *values) -> list[list]:
        """Every row as first() answers one."""
        return [self._instances(row) for row in self.rows(*values)]

    def _instances(self, row) -> list:
        if self._readers is None:
            self._readers = [
                (model, _reader(model._meta.sorted_fields)) for model in map(_model_of, self.models)
            ]
        instances, start = [], 0
        for model, read in self._readers:
            end = start + len(read.names)
            instances.append(_instance(model, read, row[start:end]))
            start = end
        return instances + list(row[start:])


# Fields whose python_value() gives back what the database drivers answer (str or int, or None):
# a row's values for them are taken as they are.
_AS_READ = (
    peewee.CharField,
    peewee.TextField,
    peewee.IntegerField,
    peewee.BigIntegerField,
    peewee.AutoField,
    peewee.BigAutoField,
)


class _Reader(NamedTuple):
    """How a row's values become an instance's data: the fields' names, and the python_value
    of those whose values need converting (the others are taken as the driver answers them)."""

    names: tuple
    conversions: tuple  # (name, python_value)


def _reader(fields) -> _Reader:
    names, conversions = [], []
    for field in fields:
        target = field.rel_field if isinstance(field, peewee.ForeignKeyField) else field
        plain = type(target) in _AS_READ and (
            target is field or type(field) is peewee.ForeignKeyField
        )
        names.append(field.name)
        if not plain:
            conversions.append((field.name, field.python_value))
    return _Reader(tuple(names), tuple(conversions))


def _model_of(model_or_alias):
    return getattr(model_or_alias, "model", model_or_alias)


def fields_of(model_or_alias) -> list:
    """Every field of a model (or an alias of it), in the order PreparedSelect reads them."""
    model = _model_of(model_or_alias)
    return [getattr(model_or_alias, field.name) for field in model._meta.sorted_fields]


def instance(model, fields, values):
    """A `model` instance of `fields` read as `values` (a database row), as peewee loads
    one; None when the primary key is None (a LEFT JOIN that found nothing)."""
    return _instance(model, _reader(fields), values)


def _instance(model, read: _Reader, values):
    data = dict(zip(read.names, values, strict=True))
    if data[model._meta.primary_key.name] is None:  # a LEFT JOIN that found nothing
        return None
    for name, convert in read.conversions:
        data[name] = convert(data[name])
    return loaded(model, data)


def loaded(model, data: dict):
    """A `model` instance of `data` (field name -> Python value), as peewee loads a row."""
    # What peewee 4.5's Model.__init__ sets up, without a setattr per field: the row as loaded,
    # nothing changed, no related objects yet (tests/kernel/test_per_request_cost.py).
    row = model.__new__(model)
    row.__data__ = data
    row._dirty = set()
    row.__rel__ = {}
    return row
