from datetime import timedelta

from app.accounts.models import Session, Token, User
from app.accounts.services import issue_token, purge_expired_sessions_and_tokens
from app.audit.models import AuditEntry, purge_old_audit_entries
from app.db import utcnow
from app.mail import OutboxMail, purge_old_mail


def test_expired_sessions_and_tokens_are_deleted(app, demo, db):
    browser = app.test_client()
    browser.login("ombud@example.com")
    old = app.test_client()
    old.login("terminal@example.com")
    Session.update(created_at=utcnow() - timedelta(hours=13)).where(
        Session.user == User.get(User.email == "terminal@example.com")
    ).execute()
    with app.app_context():
        issue_token(User.get(User.email == "polis@example.com"), "reset")
        issue_token(User.get(User.email == "kommun@example.com"), "reset")
    Token.update(expires_at=utcnow() - timedelta(seconds=1)).where(
        Token.user == User.get(User.email == "kommun@example.com")
    ).execute()
    purge_expired_sessions_and_tokens()
    assert [s.user.email for s in Session.select().where(Session.user.is_null(False))] == [
        "ombud@example.com"
    ]
    assert [t.user.email for t in Token.select()] == ["polis@example.com"]


def test_outbox_keeps_30_days(db):
    OutboxMail.create(
        recipient="a@example.com", subject="old", created_at=utcnow() - timedelta(days=31)
    )
    OutboxMail.create(recipient="b@example.com", subject="new")
    purge_old_mail()
    assert [m.subject for m in OutboxMail.select()] == ["new"]


def test_audit_log_keeps_three_years(db):
    AuditEntry.create(action="old", at=utcnow() - timedelta(days=3 * 365 + 1))
    AuditEntry.create(action="recent")
    purge_old_audit_entries()
    assert [e.action for e in AuditEntry.select()] == ["recent"]


def test_periodic_jobs_are_registered_with_the_worker():
    from app.jobs import huey

    names = {task.__name__ for task in huey._registry._periodic_tasks}
    assert {
        "purge_expired_sessions_and_tokens",
        "purge_old_mail",
        "purge_old_audit_entries",
        "retry_pending_mail",
    } <= names


def test_retry_delivers_every_pending_mail(db, monkeypatch):
    from app import mail

    delivered = []
    monkeypatch.setattr(mail, "send", lambda message: delivered.append(message.recipient))
    for n in range(3):
        OutboxMail.create(recipient=f"r{n}@example.com", subject="s", body_text="b")
    mail.retry_pending_mail()
    assert sorted(delivered) == ["r0@example.com", "r1@example.com", "r2@example.com"]
    assert OutboxMail.select().where(OutboxMail.status == "sent").count() == 3


def test_idle_sessions_are_purged_by_the_limits_that_apply_when_they_are_used(app, demo, db):
    staff, business = app.test_client(), app.test_client()
    staff.login("polis@example.com")
    business.login("ombud@example.com")
    Session.update(last_seen=utcnow() - timedelta(minutes=31)).execute()
    purge_expired_sessions_and_tokens()
    assert [s.user.email for s in Session.select()] == ["ombud@example.com"]
    Session.update(last_seen=utcnow() - timedelta(minutes=61)).execute()
    purge_expired_sessions_and_tokens()
    assert Session.select().count() == 0


def test_the_job_queue_is_where_the_app_configuration_says(app, tmp_path):
    """Settings come from the app's configuration when it is created, not from the environment
    when app.jobs is imported."""
    from huey.storage import SqliteStorage

    from app import create_app, jobs
    from app.jobs import huey

    path = tmp_path / "queue" / "jobs.sqlite3"
    try:
        create_app({**app.config, "TESTING": False, "REDIS_URL": "", "HUEY_SQLITE_PATH": str(path)})
        assert not huey.immediate
        assert isinstance(huey.storage, SqliteStorage) and huey.storage.filename == str(path)
    finally:
        jobs.init_app(app)  # back to the suite's app: jobs run at once
    assert huey.immediate
