import re
from datetime import timedelta

import pytest

from app.accounts.models import Session, Token, User
from app.db import utcnow
from app.mail import OutboxMail
from tests.conftest import DEMO_PASSWORD

NEW_PASSWORD = "correct horse battery staple"


def reset_link(mail) -> str:
    text = mail.get_body(("plain",)).get_content()
    return re.search(r"http://portal\.test(/password/reset/\S+)", text).group(1)


def ask_for_reset(browser, email="ombud@example.com"):
    return browser.post("/password/forgot", data={"email": email})


def test_forgot_password_sends_a_link_that_sets_a_new_password(app, demo, db, sent_mail):
    browser = app.test_client()
    response = ask_for_reset(browser)
    assert response.status_code == 303
    assert len(sent_mail) == 1
    assert sent_mail[0]["To"] == "ombud@example.com"
    link = reset_link(sent_mail[0])
    form = browser.get(link)
    assert form.status_code == 200
    done = browser.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert (
        browser.post(
            "/login", data={"email": "ombud@example.com", "password": DEMO_PASSWORD}
        ).status_code
        == 422
    )
    browser.login("ombud@example.com", NEW_PASSWORD)


def test_the_mail_has_text_and_html_and_is_cleared_once_sent(app, demo, db, sent_mail):
    ask_for_reset(app.test_client())
    message = sent_mail[0]
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    row = OutboxMail.get()
    assert row.status == "sent" and row.body_text == "" and row.body_html == ""


def test_mail_is_in_the_recipients_language(app, demo, db, sent_mail):
    User.update(language="en").where(User.email == "ombud@example.com").execute()
    ask_for_reset(app.test_client())
    assert sent_mail[0]["Subject"] == "Choose a new password for the TIF portal"
    User.update(language="sv").where(User.email == "ombud@example.com").execute()
    ask_for_reset(app.test_client())
    assert sent_mail[1]["Subject"] == "Välj ett nytt lösenord till TIF-portalen"


def test_unknown_address_gets_the_same_answer_and_no_mail(app, demo, sent_mail):
    known = ask_for_reset(app.test_client())
    unknown = ask_for_reset(app.test_client(), "nobody@example.com")
    assert known.status_code == unknown.status_code == 303
    assert len(sent_mail) == 1


def test_the_link_works_once(app, demo, db, sent_mail):
    browser = app.test_client()
    ask_for_reset(browser)
    link = reset_link(sent_mail[0])
    browser.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = browser.post(
        link, data={"password": "another fine passphrase", "confirm": "another fine passphrase"}
    )
    assert again.status_code == 404
    browser.login("ombud@example.com", NEW_PASSWORD)


def test_the_link_expires_after_30_minutes(app, demo, db, sent_mail):
    browser = app.test_client()
    ask_for_reset(browser)
    Token.update(expires_at=utcnow() - timedelta(minutes=1)).execute()
    assert browser.get(reset_link(sent_mail[0])).status_code == 404


def test_a_newer_link_replaces_the_older(app, demo, db, sent_mail):
    browser = app.test_client()
    ask_for_reset(browser)
    ask_for_reset(browser)
    assert browser.get(reset_link(sent_mail[0])).status_code == 404
    assert browser.get(reset_link(sent_mail[1])).status_code == 200


def test_only_the_token_hash_is_stored(app, demo, db, sent_mail):
    ask_for_reset(app.test_client())
    token = reset_link(sent_mail[0]).rsplit("/", 1)[1]
    assert not Token.select().where(Token.token_hash == token).exists()


def test_reset_ends_every_session_of_the_account(app, demo, db, sent_mail):
    logged_in = app.test_client()
    logged_in.login("ombud@example.com")
    browser = app.test_client()
    ask_for_reset(browser)
    browser.post(reset_link(sent_mail[0]), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert logged_in.get("/home").status_code == 302


@pytest.mark.parametrize(
    "password,confirm,message",
    [
        ("short", "short", "at least 12 characters"),
        ("x" * 129, "x" * 129, "at most 128 characters"),
        ("qwerty123456", "qwerty123456", "too common"),
        ("demo-password-2026", "demo-password-2026", "too common"),
        ("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "too common"),
        ("ombud-is-my-password", "ombud-is-my-password", "must not contain your email"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "do not match"),
    ],
)
def test_weak_or_mismatched_passwords_are_refused(
    app, demo, db, sent_mail, password, confirm, message
):
    browser = app.test_client()
    browser.get("/language/en")
    ask_for_reset(browser)
    link = reset_link(sent_mail[0])
    response = browser.post(link, data={"password": password, "confirm": confirm})
    assert response.status_code == 422
    assert message in response.text
    assert Token.get().used_at is None


def test_change_password_needs_the_current_one_and_logs_out_other_devices(app, demo, db):
    phone = app.test_client()
    phone.login("polis@example.com")
    desk = app.test_client()
    desk.login("polis@example.com")
    desk.get("/language/en")
    wrong = desk.post(
        "/account/password",
        data={"current": "not-my-password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    ok = desk.post(
        "/account/password",
        data={"current": DEMO_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert ok.status_code == 303
    assert desk.get("/home").status_code == 200
    assert phone.get("/home").status_code == 302
    assert Session.select().where(Session.user.is_null(False)).count() == 1


def test_mail_that_fails_is_kept_and_retried(app, demo, db, monkeypatch):
    from app import mail

    def refuse(message):
        raise OSError("connection refused")

    monkeypatch.setattr(mail, "send", refuse)
    ask_for_reset(app.test_client())
    row = OutboxMail.get()
    assert row.status == "pending" and row.attempts == 1 and row.body_text
    delivered = []
    monkeypatch.setattr(mail, "send", delivered.append)
    OutboxMail.update(next_attempt_at=utcnow()).execute()
    mail.retry_pending_mail()
    assert OutboxMail.get().status == "sent" and len(delivered) == 1


def test_a_wrong_current_password_counts_and_locks_like_a_login(login, db):
    browser = login("polis@example.com")
    statuses = [
        browser.post(
            "/account/password",
            data={
                "current": f"wrong password {n}",
                "password": NEW_PASSWORD,
                "confirm": NEW_PASSWORD,
            },
        ).status_code
        for n in range(6)
    ]
    assert statuses == [422] * 6
    police = User.get(User.email == "polis@example.com")
    assert police.failed_logins == 5 and police.locked_until > utcnow()
    locked = browser.post(  # the right password does not help while the lock lasts
        "/account/password",
        data={"current": DEMO_PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert locked.status_code == 422
    assert User.get(User.email == "polis@example.com").password_changed_at is None


def test_changing_the_password_is_rate_limited_per_address(login):
    browser = login("kommun@example.com")
    statuses = [
        browser.post(
            "/account/password", data={"current": "x", "password": "y", "confirm": "y"}
        ).status_code
        for _ in range(11)
    ]
    assert statuses[-1] == 429


def test_a_new_password_revokes_every_unused_link_of_the_account(app, demo, db, sent_mail):
    from app.accounts.services import issue_token

    ombud = User.get(User.email == "ombud@example.com")
    with app.test_request_context():
        invitation = issue_token(ombud, "invite")
    browser = app.test_client()
    ask_for_reset(browser)
    link = reset_link(sent_mail[-1])
    browser.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert Token.select().where(Token.used_at.is_null()).count() == 0
    assert app.test_client().get(f"/invitation/{invitation}").status_code == 404
