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
