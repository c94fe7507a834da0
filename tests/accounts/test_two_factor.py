import re
import time

import pyotp
import pytest

from app.accounts.models import User
from app.areas.models import Area
from app.audit.models import AuditEntry
from tests.conftest import DEMO_PASSWORD


def code_for(secret, offset=0):
    totp = pyotp.TOTP(secret)
    return totp.at(time.time() + offset * totp.interval)


def enrol(browser):
    page = browser.get("/account/two-factor").text
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert '<svg role="img"' in page
    assert browser.post("/account/two-factor", data={"code": code_for(secret)}).status_code == 303
    return secret


def password_step(app, email="polis@example.com"):
    browser = app.test_client()
    response = browser.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    return browser, response


ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "polis@example.com": 200,
    "lansstyrelsen@example.com": 200,
    "admin@example.com": 200,
}


@pytest.mark.parametrize("email,status", ACCESS.items())
def test_two_factor_page_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    assert browser.get("/account/two-factor").status_code == status


def test_the_secret_is_stored_encrypted_in_the_account_and_the_session(app, login, demo, db):
    from app.accounts.models import Session
    from app.accounts.totp import unseal

    browser = login("polis@example.com")
    page = browser.get("/account/two-factor").text
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert all(secret not in row.data for row in Session.select())
    browser.post("/account/two-factor", data={"code": code_for(secret)})
    stored = User.get(User.email == "polis@example.com").totp_secret
    assert secret not in stored
    with app.app_context():
        assert unseal(stored) == secret
        app.config["TOTP_KEY"], kept = "A" * 43 + "=", app.config["TOTP_KEY"]
        try:
            assert unseal(stored) is None  # another installation's key reads nothing
        finally:
            app.config["TOTP_KEY"] = kept


def test_enrolled_staff_need_a_code_to_log_in(app, login, demo):
    secret = enrol(login("polis@example.com"))
    browser, response = password_step(app)
    assert response.headers["Location"].endswith("/login/code")
    assert browser.get("/home").status_code == 302  # not logged in yet
    browser.get("/language/en")
    wrong = browser.post("/login/code", data={"code": "000000"})
    assert wrong.status_code == 422 and "not right" in wrong.text
    ok = browser.post("/login/code", data={"code": code_for(secret, 1)})
    assert ok.status_code == 303 and ok.headers["Location"].endswith("/home")
    assert browser.get("/home").status_code == 200
    assert AuditEntry.select().where(AuditEntry.action == "totp_enabled").count() == 1


def test_a_code_is_accepted_only_once(app, login, demo):
    secret = enrol(login("polis@example.com"))
    code = code_for(secret, 1)
    first, _ = password_step(app)
    assert first.post("/login/code", data={"code": code}).status_code == 303
    second, _ = password_step(app)
    assert second.post("/login/code", data={"code": code}).status_code == 422


def test_too_many_wrong_codes_start_over(app, login, demo):
    enrol(login("polis@example.com"))
    browser, _ = password_step(app)
    statuses = [browser.post("/login/code", data={"code": "123456"}).status_code for _ in range(5)]
    assert statuses[:4] == [422] * 4 and statuses[4] == 303
    assert browser.get("/login/code").headers["Location"].endswith("/login")


def test_the_code_step_expires(app, login, demo, monkeypatch):
    enrol(login("polis@example.com"))
    browser, _ = password_step(app)
    from app.accounts import views

    monkeypatch.setattr(views, "PENDING_CODE_SECONDS", -1)
    assert browser.get("/login/code").status_code == 303


def test_code_page_without_a_password_step_goes_to_login(client, demo):
    assert client.get("/login/code").headers["Location"].endswith("/login")


def test_an_area_can_require_two_factor(app, login, demo):
    Area.update(require_totp=True).where(Area.slug == "sundsvall").execute()
    police = login("polis@example.com")
    assert police.get("/home").headers["Location"].endswith("/account/two-factor")
    assert police.get("/businesses/").headers["Location"].endswith("/account/two-factor")
    secret = enrol(police)
    assert police.get("/home").status_code == 200
    # Required: it cannot be turned off.
    assert police.post("/account/two-factor", data={"code": code_for(secret, 1)}).status_code == 403
    # Staff of other areas are not affected; nor are businesses.
    assert login("polis.umea@example.com").get("/home").status_code == 200
    assert login("ombud@example.com").get("/home").status_code == 200
    # The municipality's staff work in the area, so they must enrol too.
    assert login("kommun@example.com").get("/home").status_code == 302


def test_installation_can_require_two_factor(app, login, demo):
    app.config["REQUIRE_TOTP"] = True
    try:
        assert (
            login("admin@example.com")
            .get("/home")
            .headers["Location"]
            .endswith("/account/two-factor")
        )
    finally:
        app.config["REQUIRE_TOTP"] = False


def test_turning_it_off_needs_a_code(app, login, demo):
    police = login("polis@example.com")
    secret = enrol(police)
    assert police.post("/account/two-factor", data={"code": "111111"}).status_code == 422
    assert police.post("/account/two-factor", data={"code": code_for(secret, 1)}).status_code == 303
    assert User.get(User.email == "polis@example.com").totp_secret is None
    _, response = password_step(app)
    assert response.headers["Location"].endswith("/home")


def test_wrong_codes_count_on_the_account_and_a_right_password_does_not_clear_them(
    app, login, demo
):
    secret = enrol(login("polis@example.com"))
    for _ in range(2):  # each time a fresh session: the per-session limit does not help
        browser, _ = password_step(app)
        for _ in range(2):
            assert browser.post("/login/code", data={"code": "123456"}).status_code == 422
    assert User.get(User.email == "polis@example.com").failed_logins == 4
    browser, _ = password_step(app)
    assert browser.post("/login/code", data={"code": "654321"}).status_code == 422
    assert User.get(User.email == "polis@example.com").locked_until is not None
    locked = browser.post("/login/code", data={"code": code_for(secret, 1)})
    assert locked.status_code == 303 and locked.headers["Location"].endswith("/login")
    assert browser.get("/home").status_code == 302
    assert AuditEntry.select().where(AuditEntry.action == "code_failed").count() == 5


def test_a_complete_login_clears_the_failures(app, login, demo):
    secret = enrol(login("polis@example.com"))
    browser, _ = password_step(app)
    browser.post("/login/code", data={"code": "123456"})
    assert browser.post("/login/code", data={"code": code_for(secret, 1)}).status_code == 303
    assert User.get(User.email == "polis@example.com").failed_logins == 0
