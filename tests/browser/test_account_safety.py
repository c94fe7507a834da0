"""Account safety in the browser, with JavaScript on and off: recovery codes are shown once and
work once; the session list logs out the other devices.

Each journey makes its own administrator account (two-factor and sessions change it), so the
demo accounts stay as the other journeys expect them.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pyotp
from playwright.sync_api import expect
from test_journeys import log_in, log_out

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "quiet harbour lantern 2026"


def new_account(server, name: str) -> str:
    email = f"{name}@example.com"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{server.db_path}",
        "SECRET_KEY": "browser-test-secret",
        "ARGON2_PROFILE": "test",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
    subprocess.run(
        [*flask, "create-admin", email, "--password", PASSWORD],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return email


def submit(tour):
    with tour.step():
        tour.page.locator("main form button[type=submit]").first.click()


def test_recovery_codes_are_shown_once_and_work_once(tour, server):
    page = tour.page
    email = new_account(server, f"codes-{'js' if tour.js else 'nojs'}")
    tour.goto("/login")
    log_in(tour, email, PASSWORD)
    with tour.step():
        page.locator("nav.main-nav a[href$='/account/two-factor']").click()
    tour.check("two-factor-enrol")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    submit(tour)
    expect(page).to_have_url(re.compile(r"/account/two-factor/recovery-codes$"))
    codes = [c.strip() for c in page.locator("ol.recovery-codes code").all_inner_texts()]
    assert len(codes) == 10
    tour.check("recovery-codes-shown")
    tour.goto("/account/two-factor/recovery-codes")
    expect(page.locator("ol.recovery-codes")).to_have_count(0)  # shown once only
    tour.check("recovery-codes-count")
    log_out(tour)

    log_in(tour, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/login/code$"))
    page.fill("#code", codes[0])
    submit(tour)
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(page.locator(".flash-info")).to_be_visible()
    log_out(tour)

    log_in(tour, email, PASSWORD)
    page.fill("#code", codes[0])
    submit(tour)
    expect(page.locator("#code-error")).to_be_visible()  # the same code a second time
    expect(page).to_have_url(re.compile(r"/login/code$"))
    tour.check("login-code-used-twice")


def test_the_session_list_logs_out_the_other_devices(tour, server, browser):
    page = tour.page
    email = new_account(server, f"sessions-{'js' if tour.js else 'nojs'}")
    other = browser.new_context(
        base_url=server, user_agent="Mozilla/5.0 (Android 14) Firefox/128.0"
    )
    try:
        other_page = other.new_page()
        other_page.goto("/login")
        other_page.fill("#email", email)
        other_page.fill("#password", PASSWORD)
        other_page.locator("main form button[type=submit]").click()
        expect(other_page).to_have_url(re.compile(r"/home$"))

        tour.goto("/login")
        log_in(tour, email, PASSWORD)
        with tour.step():
            page.locator("nav.main-nav a[href$='/account']").click()
        tour.check("your-account")
        with tour.step():
            page.locator("main a[href$='/account/sessions']").click()
        expect(page.locator("main tbody tr")).to_have_count(2)
        expect(page.locator("main tbody")).to_contain_text("Firefox, Android")
        tour.check("sessions")
        with tour.step():
            page.locator("main form[action$='/account/sessions/end-others'] button").click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator("main tbody tr")).to_have_count(1)
        tour.check("sessions-after-ending-others")

        other_page.goto("/home")
        expect(other_page).to_have_url(re.compile(r"/login\?next="))
    finally:
        other.close()
