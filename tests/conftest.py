"""Test fixtures: one app per session on a migrated database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set); every test starts from empty tables."""

import os
import re

import pytest
from flask.testing import FlaskClient

from app import create_app
from app.cli import rebuild_schema
from app.db import database
from app.models import MODELS

DEMO_PASSWORD = "demo-password-2026"
TOKEN_PATTERNS = (
    re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"'),
    re.compile(r'name="csrf_token" value="([^"]+)"'),
    re.compile(r'"X-CSRFToken": "([^"]+)"'),
)


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


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
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


@pytest.fixture
def demo(app, db):
    from app.demo import load_demo_data

    with app.app_context():
        load_demo_data()


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
