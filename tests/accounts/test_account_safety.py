"""Account safety: recovery codes, confirming one's identity before changes to how one logs in,
the list of sessions, the email change, the administrator's reset, mails after changes."""

import re
from datetime import timedelta

import time_machine

from app.accounts.models import RecoveryCode, Session, Token, User
from app.audit.models import AuditEntry
from app.db import utcnow
from app.mail import OutboxMail
from tests.accounts.test_two_factor import code_for, enrol, password_step
from tests.conftest import DEMO_PASSWORD

CHANGE_MAIL = "En ändring av ditt konto i TIF-portalen"  # the subject, in Swedish by default
CODE = re.compile(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>")
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def enrol_with_codes(browser):
    """Turn on two-factor; answers the secret and the recovery codes as the page showed them."""
    secret = enrol(browser)
    page = browser.get("/account/two-factor/recovery-codes").text
    return secret, CODE.findall(page)


def later(minutes):
    return time_machine.travel(utcnow() + timedelta(minutes=minutes), tick=True)


def mails_to(email):
    return [m.subject for m in OutboxMail.select().where(OutboxMail.recipient == email)]


# ---------------------------------------------------------------- recovery codes


def test_turning_on_two_factor_shows_ten_codes_once_and_stores_only_their_hashes(login):
    police = login("polis@example.com")
    _secret, codes = enrol_with_codes(police)
    assert len(codes) == len(set(codes)) == 10
    again = police.get("/account/two-factor/recovery-codes").text
    assert not CODE.search(again) and "10" in again  # the count, never the codes again
    stored = " ".join(r.code_hash for r in RecoveryCode.select())
    sessions = " ".join(s.data for s in Session.select())
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored
        assert code not in sessions and code.replace("-", "") not in sessions


def test_a_recovery_code_logs_in_once(app, login):
    _secret, codes = enrol_with_codes(login("polis@example.com"))
    browser, _ = password_step(app)
    typed = codes[0].upper().replace("-", " ")  # as someone may type it from paper
    response = browser.post("/login/code", data={"code": typed}, follow_redirects=True)
    assert response.status_code == 200 and "9" in response.text
    assert browser.get("/home").status_code == 200
    again, _ = password_step(app)
    assert again.post("/login/code", data={"code": codes[0]}).status_code == 422
    assert User.get(User.email == "polis@example.com").failed_logins == 1
    assert AuditEntry.select().where(AuditEntry.action == "recovery_code_used").count() == 1
    assert CHANGE_MAIL in mails_to("polis@example.com")


def test_new_codes_replace_the_old_ones(app, login):
    police = login("polis@example.com")
    _secret, old = enrol_with_codes(police)
    response = police.post("/account/two-factor/recovery-codes", data={}, follow_redirects=True)
    new = CODE.findall(response.text)
    assert len(new) == 10 and not set(new) & set(old)
    browser, _ = password_step(app)
    assert browser.post("/login/code", data={"code": old[1]}).status_code == 422
    assert browser.post("/login/code", data={"code": new[1]}).status_code == 303
    assert AuditEntry.select().where(AuditEntry.action == "recovery_codes_renewed").count() == 1


def test_turning_two_factor_off_deletes_the_codes(login):
    police = login("polis@example.com")
    secret, _codes = enrol_with_codes(police)
    police.post("/account/two-factor", data={"code": code_for(secret, 1)})
    assert RecoveryCode.select().count() == 0


def test_businesses_have_no_two_factor_and_so_no_codes(login):
    assert login("ombud@example.com").get("/account/two-factor/recovery-codes").status_code == 403


# ---------------------------------------------------------------- confirming one's identity


def test_changes_to_logging_in_ask_for_the_password_again_after_ten_minutes(login):
    police = login("polis@example.com")
    assert police.get("/account/email").status_code == 200  # just logged in
    with later(11):
        for path in ("/account/email", "/account/two-factor"):
            response = police.get(path)
            assert response.status_code == 303
            assert response.headers["Location"].startswith("/account/confirm?next=")
        wrong = police.post(
            "/account/confirm?next=/account/email", data={"password": "not-the-password-1"}
        )
        assert wrong.status_code == 422
        assert User.get(User.email == "polis@example.com").failed_logins == 1
        right = police.post(
            "/account/confirm?next=/account/email", data={"password": DEMO_PASSWORD}
        )
        assert right.status_code == 303 and right.headers["Location"] == "/account/email"
        assert police.get("/account/email").status_code == 200


def test_confirming_asks_for_the_code_when_two_factor_is_on(login):
    police = login("polis@example.com")
    secret, codes = enrol_with_codes(police)
    with later(11):
        page = police.get("/account/confirm").text
        assert 'name="code"' in page
        without = police.post("/account/confirm", data={"password": DEMO_PASSWORD})
        assert without.status_code == 422
        wrong = police.post("/account/confirm", data={"password": DEMO_PASSWORD, "code": "000000"})
        assert wrong.status_code == 422
        right = police.post(
            "/account/confirm", data={"password": DEMO_PASSWORD, "code": code_for(secret, 1)}
        )
        assert right.status_code == 303
        assert police.get("/account/two-factor").status_code == 200


def test_a_password_change_asks_for_the_code_again_when_two_factor_is_on(login):
    police = login("polis@example.com")
    assert police.get("/account/password").status_code == 200
    municipality = login("kommun@example.com")  # no second factor: the password form asks
    _secret, _codes = enrol_with_codes(police)
    with later(11):
        asked = police.get("/account/password")
        assert asked.status_code == 303
        assert asked.headers["Location"] == "/account/confirm?next=/account/password"
        assert municipality.get("/account/password").status_code == 200


def test_the_confirmation_never_sends_elsewhere(login):
    police = login("polis@example.com")
    response = police.post(
        "/account/confirm?next=https://evil.example/", data={"password": DEMO_PASSWORD}
    )
    assert response.headers["Location"] == "/account"


# ---------------------------------------------------------------- sessions


def test_the_session_list_shows_each_device_and_ends_the_others(app, demo):
    phone, desk, other_person = (app.test_client() for _ in range(3))
    phone.environ_base["HTTP_USER_AGENT"] = FIREFOX_ANDROID
    desk.environ_base["HTTP_USER_AGENT"] = SAFARI_IPHONE
    phone.login("ombud@example.com")
    desk.login("ombud@example.com")
    other_person.login("terminal@example.com")
    page = phone.get("/account/sessions").text
    assert "Firefox, Android" in page and "Safari, iPhone" in page
    assert page.count("<tr") == 3  # heading and this person's two sessions only
    assert "127.0.0.1" not in " ".join(str(s.__data__) for s in Session.select())
    response = phone.post("/account/sessions/end-others", data={})
    assert response.status_code == 303
    assert phone.get("/home").status_code == 200
    assert desk.get("/home").status_code == 302  # logged out
    assert other_person.get("/home").status_code == 200  # someone else's session stays


# ---------------------------------------------------------------- email change


def test_the_email_changes_only_when_the_link_to_the_new_address_is_used(app, login, sent_mail):
    business = login("ombud@example.com")
    response = business.post("/account/email", data={"email": "Kiosken.Ny@example.com"})
    assert response.status_code == 303
    assert User.get_or_none(User.email == "ombud@example.com") is not None
    (mail,) = [m for m in sent_mail if m["To"] == "kiosken.ny@example.com"]
    token_link = re.search(r"/account/email/[\w-]+", mail.get_body(("plain",)).get_content())[0]
    anonymous = app.test_client()
    assert anonymous.get(token_link).status_code == 200  # looking changes nothing
    assert User.get_or_none(User.email == "kiosken.ny@example.com") is None
    assert anonymous.post(token_link, data={}).status_code == 303
    assert User.get_or_none(User.email == "kiosken.ny@example.com") is not None
    assert CHANGE_MAIL in mails_to("ombud@example.com")
    assert anonymous.post(token_link, data={}).status_code == 404  # once
    anonymous.login("kiosken.ny@example.com")


def test_an_address_that_has_an_account_is_answered_alike_and_gets_nothing(login):
    business = login("ombud@example.com")
    taken = business.post("/account/email", data={"email": "terminal@example.com"})
    free = business.post("/account/email", data={"email": "ledig@example.com"})
    assert taken.status_code == free.status_code == 303
    assert mails_to("terminal@example.com") == []
    assert Token.select().where(Token.new_email == "terminal@example.com").count() == 0


def test_the_email_form_refuses_bad_addresses(login):
    business = login("ombud@example.com")
    for value in ("", "not-an-address", "ombud@example.com"):
        assert business.post("/account/email", data={"email": value}).status_code == 422
    assert Token.select().count() == 0


# ---------------------------------------------------------------- the administrator's reset


def test_an_administrator_resets_a_lost_second_factor(app, login):
    police = login("polis@example.com")
    enrol_with_codes(police)
    police_id = User.get(User.email == "polis@example.com").id
    admin = login("admin@example.com")
    assert "reset-two-factor" in admin.get(f"/admin/staff/{police_id}").text
    response = admin.post(f"/admin/staff/{police_id}/reset-two-factor", data={})
    assert response.status_code == 303
    user = User.get_by_id(police_id)
    assert user.totp_secret is None and RecoveryCode.select().count() == 0
    assert police.get("/home").status_code == 302  # logged out everywhere
    entry = AuditEntry.get(AuditEntry.action == "totp_reset")
    assert entry.actor.email == "admin@example.com" and entry.object_id == police_id
    assert CHANGE_MAIL in mails_to("polis@example.com")
    _, step = password_step(app)
    assert step.headers["Location"].endswith("/home")  # the password alone again


def test_the_reset_asks_the_administrator_to_confirm_and_not_for_oneself(login):
    police = login("polis@example.com")
    enrol_with_codes(police)
    police_id = User.get(User.email == "polis@example.com").id
    admin = login("admin@example.com")
    with later(11):
        response = admin.post(f"/admin/staff/{police_id}/reset-two-factor", data={})
        assert response.headers["Location"].startswith("/account/confirm")
    assert User.get_by_id(police_id).totp_secret is not None
    admin_id = User.get(User.email == "admin@example.com").id
    assert admin.post(f"/admin/staff/{admin_id}/reset-two-factor", data={}).status_code == 403


# ---------------------------------------------------------------- mails after changes


def test_a_password_change_is_told_by_mail_without_the_password(login):
    business = login("ombud@example.com")
    new = "ett helt nytt lösenord 2026"
    business.post(
        "/account/password", data={"current": DEMO_PASSWORD, "password": new, "confirm": new}
    )
    (mail,) = OutboxMail.select().where(OutboxMail.recipient == "ombud@example.com")
    assert mail.subject == CHANGE_MAIL
    assert new not in mail.body_text + mail.body_html


def test_turning_two_factor_on_and_off_is_told_by_mail(login):
    police = login("polis@example.com")
    secret, _ = enrol_with_codes(police)
    police.post("/account/two-factor", data={"code": code_for(secret, 1)})
    assert len(mails_to("polis@example.com")) == 2
