import pytest

from app import create_app
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.businesses.models import Business


def test_create_admin_asks_for_a_password_and_checks_it(app, db):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-admin", "boss@example.org"], input="short\nshort\n")
    assert weak.exit_code != 0 and "12" in weak.output
    ok = runner.invoke(
        args=["create-admin", "Boss@Example.org"],
        input="a long and private phrase\na long and private phrase\n",
    )
    assert ok.exit_code == 0, ok.output
    admin = User.get(User.email == "boss@example.org")
    assert admin.role == "admin"
    with app.app_context():
        assert verify_password(admin.password_hash, "a long and private phrase")
    again = runner.invoke(
        args=["create-admin", "boss@example.org"],
        input="a long and private phrase\na long and private phrase\n",
    )
    assert again.exit_code != 0


def test_demo_data_is_idempotent(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert User.select().count() == 9
    assert Business.select().count() == 3


def test_demo_data_is_refused_in_production(app, db):
    app.config["TIF_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["demo-data"])
    finally:
        app.config["TIF_ENV"] = "development"
    assert result.exit_code != 0
    assert User.select().count() == 0


def test_db_status_lists_applied_migrations(app, db):
    result = app.test_cli_runner().invoke(args=["db", "status"])
    assert result.exit_code == 0
    assert "[x] 0001_initial" in result.output


def test_production_refuses_unsafe_settings(app, monkeypatch):
    from app.config import UnsafeConfiguration, check_production

    for key in ("SECRET_KEY", "TOTP_KEY", "WEB_CONCURRENCY"):
        monkeypatch.delenv(key, raising=False)
    unsafe = {**app.config, "TIF_ENV": "production", "MAIL_URL": "", "HTTPS": False}
    with pytest.raises(UnsafeConfiguration) as refused:
        create_app(unsafe)
    for setting in ("MAIL_URL", "HTTPS", "SECRET_KEY", "TOTP_KEY", "ARGON2_PROFILE"):
        assert setting in str(refused.value)
    safe = {
        **unsafe,
        "MAIL_URL": "smtp://mail.example:587",
        "HTTPS": True,
        "ARGON2_PROFILE": "rfc9106-low-memory",
        "REDIS_URL": "",
    }
    environ = {"SECRET_KEY": "k" * 40, "TOTP_KEY": "t" * 44, "WEB_CONCURRENCY": "1"}
    check_production(safe, environ)
    with pytest.raises(UnsafeConfiguration, match="REDIS_URL"):
        check_production(safe, {**environ, "WEB_CONCURRENCY": "3"})
    check_production(
        {**safe, "REDIS_URL": "redis://cache:6379/0"}, {**environ, "WEB_CONCURRENCY": "3"}
    )
    check_production({**unsafe, "TIF_ENV": "development"})  # development: anything goes
