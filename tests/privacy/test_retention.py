"""The retention schedule, each period at its boundary: a row a minute inside it stays, a row a
minute past it goes (docs/design.md, "Retention")."""

from datetime import datetime, timedelta

import pytest
import time_machine

from app.accounts.models import Session, User
from app.accounts.services import purge_expired_sessions_and_tokens
from app.audit.models import AuditEntry, purge_old_audit_entries
from app.db import utcnow
from app.joining.models import JoinRequest, purge_rejected_join_requests
from app.mail import OutboxMail, purge_old_mail
from app.privacy.jobs import disable_unused_accounts, erase_unused_accounts, purge_answered_requests
from app.privacy.models import ErasureRequest
from app.privacy.retention import months_before

MINUTE = timedelta(minutes=1)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    "moment,months,expected",
    [
        (datetime(2026, 3, 31, 8, 0), 1, datetime(2026, 2, 28, 8, 0)),
        (datetime(2024, 3, 31, 8, 0), 1, datetime(2024, 2, 29, 8, 0)),
        (datetime(2026, 1, 15, 8, 0), 18, datetime(2024, 7, 15, 8, 0)),
        (datetime(2026, 11, 30, 23, 59), 24, datetime(2024, 11, 30, 23, 59)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


def account(email, last_login_at=None, created_at=None, **values) -> User:
    return User.create(
        email=email,
        role="admin",
        password_hash="x",
        name="Eva Nordin",
        last_login_at=last_login_at,
        created_at=created_at or utcnow() - timedelta(days=5 * 365),
        **values,
    )


def test_accounts_unused_for_18_months_are_disabled_and_told(app, db, sent_mail):
    now = utcnow()
    cutoff = months_before(now, 18)
    inside = account("inne@example.com", last_login_at=cutoff + MINUTE)
    past = account("ute@example.com", last_login_at=cutoff - MINUTE)
    never = account("aldrig@example.com", created_at=cutoff - MINUTE)
    new = account("ny@example.com", created_at=cutoff + MINUTE)
    with time_machine.travel(now, tick=False):
        disable_unused_accounts()
    disabled = {u.email for u in User.select().where(User.disabled_at.is_null(False))}
    assert disabled == {past.email, never.email}
    assert {inside.email, new.email}.isdisjoint(disabled)
    assert sorted(m["To"] for m in sent_mail) == ["aldrig@example.com", "ute@example.com"]
    assert AuditEntry.select().where(AuditEntry.action == "privacy_disabled_inactive").count() == 2
    with time_machine.travel(now, tick=False):
        disable_unused_accounts()  # a second run finds nothing new
    assert len(sent_mail) == 2


def test_accounts_unused_for_24_months_are_erased_disabled_or_not(app, db):
    now = utcnow()
    cutoff = months_before(now, 24)
    inside = account("inne@example.com", last_login_at=cutoff + MINUTE)
    past = account("ute@example.com", last_login_at=cutoff - MINUTE)
    disabled_by_admin = account(
        "avstangd@example.com", last_login_at=cutoff - MINUTE, disabled_at=now - timedelta(days=400)
    )
    Session.create(token_hash="a" * 64, user=past, data="{}")
    with time_machine.travel(now, tick=False):
        erase_unused_accounts()
    assert User.get_by_id(inside.id).email == "inne@example.com"
    for erased in (past, disabled_by_admin):
        row = User.get_by_id(erased.id)
        assert row.erased_at and row.email == f"erased-{erased.id}@invalid" and row.name == ""
    assert Session.select().count() == 0
    assert AuditEntry.select().where(AuditEntry.action == "privacy_erased_inactive").count() == 2
    with time_machine.travel(now, tick=False):
        erase_unused_accounts()
    assert AuditEntry.select().where(AuditEntry.action == "privacy_erased_inactive").count() == 2


def test_the_inactivity_periods_come_from_the_configuration(app, db):
    now = utcnow()
    account("ute@example.com", last_login_at=months_before(now, 6) - MINUTE)
    app.config["INACTIVE_DISABLE_MONTHS"] = 6
    try:
        disable_unused_accounts()
    finally:
        app.config["INACTIVE_DISABLE_MONTHS"] = 18
    assert User.get(User.email == "ute@example.com").disabled_at is not None


def test_answered_requests_for_erasure_are_kept_three_years(app, demo, db):
    now = utcnow()
    terminal = User.get(User.email == "terminal@example.com")
    limit = now - timedelta(days=3 * 365)
    for status, handled_at in (("erased", limit - MINUTE), ("declined", limit + MINUTE)):
        ErasureRequest.create(user=terminal, status=status, handled_at=handled_at)
    with time_machine.travel(now, tick=False):
        purge_answered_requests()
    assert sorted(r.status for r in ErasureRequest.select()) == ["declined", "pending"]


def test_outbox_audit_and_rejected_requests_at_their_boundaries(app, demo, db):
    now = utcnow()
    for subject, age in (
        ("kept", timedelta(days=30) - MINUTE),
        ("gone", timedelta(days=30) + MINUTE),
    ):
        OutboxMail.create(recipient="a@example.com", subject=subject, created_at=now - age)
    for action, age in (
        ("kept", timedelta(days=1095) - MINUTE),
        ("gone", timedelta(days=1095) + MINUTE),
    ):
        AuditEntry.create(action=action, at=now - age)
    rejected = JoinRequest.select().order_by(JoinRequest.id)
    ages = (timedelta(days=183) - MINUTE, timedelta(days=183) + MINUTE)
    for request, age in zip(rejected, ages, strict=True):
        JoinRequest.update(status="rejected", decided_at=now - age).where(
            JoinRequest.id == request.id
        ).execute()
    with time_machine.travel(now, tick=False):
        purge_old_mail()
        purge_old_audit_entries()
        purge_rejected_join_requests()
    assert [m.subject for m in OutboxMail.select()] == ["kept"]
    assert {e.action for e in AuditEntry.select()} & {"kept", "gone"} == {"kept"}
    assert [r.id for r in JoinRequest.select()] == [rejected[0].id]


def test_sessions_at_the_twelve_hour_boundary(app, demo, db):
    now = utcnow()
    owner = User.get(User.email == "ombud@example.com")
    for token, age in (("k", timedelta(hours=12) - MINUTE), ("g", timedelta(hours=12) + MINUTE)):
        Session.create(token_hash=token * 64, user=owner, created_at=now - age, last_seen=now)
    with time_machine.travel(now, tick=False):
        purge_expired_sessions_and_tokens()
    assert [s.token_hash[0] for s in Session.select()] == ["k"]


def test_survey_free_text_messages_and_answers_at_their_boundaries(app, demo, db):
    """Free text 24 months after its round closed, messages 24 months after the day they
    came, answers 5 years after their round closed (the aggregates stay)."""
    from app.surveys.dates import today
    from app.surveys.jobs import (
        ANSWER_RETENTION,
        TEXT_RETENTION,
        purge_old_survey_answers,
        purge_old_survey_texts,
    )
    from app.surveys.models import (
        SurveyComment,
        SurveyMessage,
        SurveyQuestion,
        SurveyResponse,
        SurveyRound,
        random_key,
    )

    now = utcnow()
    area = User.get(User.email == "polis@example.com").area_id
    question = SurveyQuestion.select().first()
    rounds = {}
    for name, closed_at in (
        ("text kept", now - TEXT_RETENTION + MINUTE),
        ("text gone", now - TEXT_RETENTION - MINUTE),
        ("answers kept", now - ANSWER_RETENTION + MINUTE),
        ("answers gone", now - ANSWER_RETENTION - MINUTE),
    ):
        day = closed_at.date()
        survey_round = SurveyRound.create(
            area=area, opens_on=day, closes_on=day, status="closed", closed_at=closed_at
        )
        rounds[name] = survey_round.id
        SurveyComment.create(
            id=random_key(), round=survey_round, area=area, question=question, text=name
        )
        SurveyResponse.create(
            key=random_key(), round=survey_round, site_type="paketombud", answers="{}"
        )
    for text, age in (("message kept", TEXT_RETENTION), ("message gone", TEXT_RETENTION + DAY)):
        SurveyMessage.create(
            id=random_key(), area=area, category="threat", text=text, received_on=today() - age
        )
    with time_machine.travel(now, tick=False):
        purge_old_survey_texts()
        purge_old_survey_answers()
    texts = {
        c.text for c in SurveyComment.select().where(SurveyComment.round.in_(list(rounds.values())))
    }
    assert texts == {"text kept"}  # the answers' rounds closed longer ago than 24 months
    messages = {m.text for m in SurveyMessage.select()} & {"message kept", "message gone"}
    assert messages == {"message kept"}
    answered = {r.round_id for r in SurveyResponse.select()}
    assert answered & set(rounds.values()) == {
        rounds["text kept"],
        rounds["text gone"],
        rounds["answers kept"],
    }
    assert SurveyRound.select().where(SurveyRound.id.in_(list(rounds.values()))).count() == 4
