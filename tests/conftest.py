"""Test fixtures: one app per session on a migrated database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set); every test starts from empty tables."""

import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import peewee as pw
import pytest
from flask.testing import FlaskClient

from app import create_app
from app.cli import rebuild_schema
from app.db import database, is_sqlite
from app.models import MODELS
from app.versions import KeptVersion

DEMO_PASSWORD = "demo-password-2026"
TOKEN_PATTERNS = (
    re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'),
    re.compile(r'name="csrf_token" value="([^"]+)"'),
    re.compile(r'"X-CSRFToken": "([^"]+)"'),
)


def without_csrf_tokens(page: str) -> str:
    """The page with its CSRF tokens (signed with the time) masked, to compare two renderings."""
    for pattern in TOKEN_PATTERNS:
        page = pattern.sub(lambda match: match.group(0).replace(match.group(1), "…"), page)
    return page


class Client(FlaskClient):
    """A browser: keeps cookies, and puts the page's CSRF token into forms it posts."""

    def csrf_token(self) -> str:
        page = self.get("/login", follow_redirects=True).text
        for pattern in TOKEN_PATTERNS:
            match = pattern.search(page)
            if match:
                return match.group(1)
        raise AssertionError("no CSRF token on the page")

    def post(self, *args, csrf=True, **kwargs):
        data = kwargs.get("data")
        if csrf and isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().post(*args, **kwargs)

    def login(self, email, password=DEMO_PASSWORD):
        response = self.post("/login", data={"email": email, "password": password})
        assert response.status_code == 303, response.text
        return response


def worker_database(url: str) -> str:
    """With pytest-xdist, each worker gets its own PostgreSQL database beside the given one
    (made here when missing); without it, the given one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    import psycopg

    parsed = urlsplit(url)
    name = f"{parsed.path.lstrip('/')}_{worker}"
    with psycopg.connect(url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if not found.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parsed._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    url = (
        worker_database(url)
        if url
        else f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )
    application = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret-key",
            "ARGON2_PROFILE": "test",
            "BASE_URL": "http://portal.test",
            "MAIL_URL": "",
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    application.test_client_class = Client
    with application.app_context():
        rebuild_schema()
        database.close()
    return application


@pytest.fixture(autouse=True)
def clean_tables(app):
    from app.security import limiter

    yield
    with app.app_context():
        database.connect(reuse_if_open=True)
        with database.atomic():
            for model in reversed(MODELS):
                model.delete().execute()
        database.close()
    limiter.reset()


@pytest.fixture
def db(app):
    """A connection for arranging and checking rows. No app context stays pushed: requests
    made by the test must each get their own, as in production."""
    database.connect(reuse_if_open=True)
    yield database
    if not database.is_closed():
        database.close()


# The demo data as the first test that asked for it left it, restored for the others: loading
# it through every feature costs a quarter of a second, copying its rows back a few ms.
_demo_rows: list = []
_demo_files: dict = {}  # the files it stored, by name
_demo_upload_dir: list = []
_clock_at_start = (time.time(), time.monotonic())


def _clock_travelled() -> bool:
    """time_machine moves the wall clock but not the monotonic one."""
    wall, monotonic = _clock_at_start
    return abs((time.time() - wall) - (time.monotonic() - monotonic)) > 5


def _restore_demo_rows(upload_dir: Path) -> None:
    for name, content in _demo_files.items():  # a test may have deleted one
        if not (upload_dir / name).exists():
            (upload_dir / name).write_bytes(content)
    with database.atomic():
        for model, fields, rows in _demo_rows:
            for start in range(0, len(rows), 500):
                model.insert_many(rows[start : start + 500], fields=fields).execute()
    if not is_sqlite():  # PostgreSQL's sequences do not follow ids inserted as they are
        for model, _fields, rows in _demo_rows:
            key = model._meta.primary_key
            if rows and isinstance(key, pw.AutoField):
                table, column = model._meta.table_name, key.column_name
                database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                    f'(SELECT MAX("{column}") FROM "{table}"))'
                )


@pytest.fixture
def demo(app, db):
    from app.demo import load_demo_data

    upload_dir = Path(app.config["UPLOAD_DIR"])
    with app.app_context():
        fresh = not any(model.select().exists() for model in MODELS)
        if _demo_rows and fresh and not _clock_travelled() and _demo_upload_dir == [upload_dir]:
            _restore_demo_rows(upload_dir)
            return
        before = set(upload_dir.iterdir()) if upload_dir.exists() else set()
        load_demo_data()
        if fresh and not _clock_travelled() and not _demo_rows:
            for model in MODELS:
                if model is KeptVersion:  # the restored rows' triggers write their versions
                    continue
                fields = model._meta.sorted_fields
                _demo_rows.append((model, fields, list(model.select(*fields).tuples())))
            made = set(upload_dir.iterdir()) - before
            _demo_files.update({p.name: p.read_bytes() for p in made if p.is_file()})
            _demo_upload_dir.append(upload_dir)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(app, demo):
    """login("polis@example.com") -> a client logged in as that demo account."""

    def make(email):
        browser = app.test_client()
        browser.login(email)
        return browser

    return make


@pytest.fixture
def as_user(app, demo):
    """as_user("polis@example.com") -> a client logged in as that demo account;
    as_user(None) -> an anonymous client."""

    def make(email):
        browser = app.test_client()
        if email is not None:
            browser.login(email)
        return browser

    return make


@pytest.fixture
def sent_mail(monkeypatch):
    """Mails handed to the sender in this test (the outbox job runs immediately in tests)."""
    from app import mail

    captured = []
    monkeypatch.setattr(mail, "send", lambda message: captured.append(mail.build_message(message)))
    return captured


DEMO_ACCOUNTS = {
    "admin@example.com": "admin",
    "polis@example.com": "police",
    "kommun@example.com": "municipality",
    "tull@example.com": "customs",
    "lansstyrelsen@example.com": "county",
    "ombud@example.com": "business",
    "terminal@example.com": "business",
    "polis.umea@example.com": "police",
    "ombud.umea@example.com": "business",
}
