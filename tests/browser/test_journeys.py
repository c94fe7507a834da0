"""Journeys as a person meets them, each run with JavaScript on and off (fixture `js`).

Assertions do not depend on the UI language: they use URLs, roles, ids and classes, and the
demo data's own names. Every page a journey reaches goes through `tour.check(label)`
(screenshots, and axe with JavaScript on). To add a journey: one function taking `tour`.
"""

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from app.mail import OutboxMail
from tests.conftest import DEMO_ACCOUNTS

PASSWORD = "demo-password-2026"
ACCOUNTS = DEMO_ACCOUNTS
BUSINESS_NAMES = {
    "ombud@example.com": "Kiosken Stenstan",
    "terminal@example.com": "Sundsvall Paketterminal",
    "ombud.umea@example.com": "Ålidhems Livs",
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "root"


def log_in(tour, email, password=PASSWORD):
    page = tour.page
    page.fill("#email", email)
    page.fill("#password", password)
    with tour.step():
        page.locator("main form button[type=submit]").click()


def log_out(tour):
    with tour.step():
        tour.page.locator("form[action$='/logout'] button").click()
    expect(tour.page).to_have_url(re.compile(r"/login$"))
    expect(tour.page.locator(".flash-success")).to_be_visible()


def expect_error_at(tour, field_id: str):
    """The field's own error message, tied to the input for screen readers."""
    page = tour.page
    expect(page.locator(f"#{field_id}-error")).to_be_visible()
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(rf"\b{field_id}-error\b"))
    if tour.js:  # app.js moves focus to the error summary after the swap
        expect(page.locator("main .form-errors")).to_be_focused()


@pytest.mark.parametrize("email", ACCOUNTS)
def test_log_in_visit_the_menu_and_log_out(tour, email):
    page = tour.page
    who = email.split("@")[0]
    tour.goto("/login")
    tour.check("login")
    log_in(tour, email)
    expect(page).to_have_url(re.compile(r"/home$"))
    if email in BUSINESS_NAMES:
        expect(page.locator("main h1")).to_have_text(BUSINESS_NAMES[email])
    else:
        expect(page.locator("main h1")).not_to_be_empty()
    tour.check(f"home-{who}")

    # Every entry of the main menu (new pages appear here as features land).
    links = page.locator("nav.main-nav a")
    targets = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert targets, "the main menu is empty"
    for href in targets:
        with tour.step():
            page.locator(f"nav.main-nav a[href='{href}']").click()
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        expect(page.locator(f"nav.main-nav a[href='{href}']")).to_have_attribute(
            "aria-current", "page"
        )
        tour.check(f"menu{slug(href)}-{who}")

    log_out(tour)
    tour.check("logged-out")
    tour.goto("/home")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fhome$"))


def test_wrong_password_shows_the_error_at_the_field(tour):
    page = tour.page
    tour.goto("/login")
    log_in(tour, "polis.umea@example.com", "not-the-password-at-all")
    expect_error_at(tour, "password")
    expect(page.locator("#email")).to_have_value("polis.umea@example.com")
    tour.check("login-wrong-password")
    # Empty fields: each gets its own message.
    page.fill("#email", "")
    page.fill("#password", "")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "email")
    expect(page.locator("#password-error")).to_be_visible()
    tour.check("login-empty")


def mail_link(server, email, path=r"/password/reset/") -> str:
    """The link starting with `path` in the newest mail to `email` (mail stays in the outbox:
    no worker runs during the browser tests)."""
    table = OutboxMail._meta.table_name
    with sqlite3.connect(server.db_path) as db:
        (body,) = db.execute(
            f"SELECT body_text FROM {table} WHERE recipient = ? ORDER BY id DESC LIMIT 1",
            (email,),
        ).fetchone()
    return re.search(path + r"[A-Za-z0-9_\-]+", body).group(0)


def test_forgot_password_reset_and_change_password(tour, server):
    page = tour.page
    mode = "js" if tour.js else "nojs"
    email = f"reset-{mode}@example.com"  # made by the server fixture for this journey
    new_password, final_password = "copper harbour lantern 77", "quiet birch ferry 1902"
    tour.goto("/login")
    with tour.step():
        page.locator("main a[href$='/password/forgot']").click()
    expect(page).to_have_url(re.compile(r"/password/forgot$"))
    tour.check("forgot")
    page.fill("#email", "not an address")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "email")
    tour.check("forgot-error")
    page.fill("#email", email)
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator(".flash-success")).to_be_visible()
    tour.check("forgot-sent")

    link = mail_link(server, email)
    tour.goto(link)
    tour.check("reset")
    page.fill("#password", new_password)
    page.fill("#confirm", new_password + "x")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "confirm")
    tour.check("reset-error")
    page.fill("#password", new_password)
    page.fill("#confirm", new_password)
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator(".flash-success")).to_be_visible()
    tour.goto(link, status=404)  # the link is single-use
    tour.check("reset-used")

    tour.goto("/login")
    log_in(tour, email, new_password)
    expect(page).to_have_url(re.compile(r"/home$"))
    with tour.step():
        page.locator("nav.main-nav a[href$='/account/password']").click()
    page.fill("#current", "wrong current password")
    page.fill("#password", final_password)
    page.fill("#confirm", final_password)
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "current")
    tour.check("change-password-error")
    page.fill("#current", new_password)
    page.fill("#password", final_password)
    page.fill("#confirm", final_password)
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(page.locator(".flash-success")).to_be_visible()
    tour.check("change-password-done")
    log_out(tour)
    log_in(tour, email, final_password)
    expect(page).to_have_url(re.compile(r"/home$"))


def test_language_switch(tour):
    page = tour.page
    html = page.locator("html")
    tour.goto("/login")
    expect(html).to_have_attribute("lang", "sv")
    with tour.step(htmx=False):  # the language links are plain links in both modes
        page.locator("nav.languages a[hreflang='en']").click()
    expect(html).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/login$"))
    tour.check("login-en")
    log_in(tour, "kommun@example.com")
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(html).to_have_attribute("lang", "en")
    tour.check("home-kommun-en")
    with tour.step(htmx=False):
        page.locator("nav.languages a[hreflang='sv']").click()
    expect(html).to_have_attribute("lang", "sv")
    expect(page).to_have_url(re.compile(r"/home$"))
    log_out(tour)


def test_error_pages(tour):
    page = tour.page
    tour.goto("/no-such-page", status=404)
    expect(page.locator("main .error-page h1")).to_be_visible()
    tour.check("error-404")
    with tour.step():
        page.locator("main .error-page a").click()
    expect(page.locator("main .error-page")).to_have_count(0)
    tour.goto("/password/reset/no-such-token", status=404)
    tour.check("reset-invalid")


def test_a_business_joins(tour, server):
    """Request on the public area page -> approval by the municipality -> password -> login."""
    page = tour.page
    mode = "js" if tour.js else "nojs"
    name, email = f"Journey Kiosk {mode}", f"join-{mode}@example.com"
    password = "seven quiet parcels at dusk"
    tour.goto("/sundsvall/")
    tour.check("area-page")
    with tour.step():
        page.locator("main a[href$='/sundsvall/join']").click()
    tour.check("join-form")
    page.fill("#business_name", name)
    with tour.step():  # incomplete: errors at the fields, nothing saved
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "street_address")
    tour.check("join-form-errors")
    page.fill("#org_number", "")
    page.select_option("#site_type", "paketombud")
    page.locator("input[name=operators]").first.check()
    page.fill("#street_address", f"Journeyvägen {1 if tour.js else 2}")
    page.fill("#postcode", "852 30")
    page.fill("#postal_town", "Sundsvall")
    page.select_option("#municipality", label="Sundsvalls kommun")
    page.fill("#contact_name", "Journey Person")
    page.fill("#contact_email", email)
    page.fill("#contact_phone", "070-123 45 67")
    page.check("#accept")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sundsvall/join/thanks$"))
    tour.check("join-thanks")

    tour.goto("/login")
    log_in(tour, "kommun@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href$='/join-requests/']").click()
    tour.check("join-queue")
    request = page.locator("main article", has=page.locator("h2", has_text=name))
    with tour.step():
        request.locator("button[type=submit]").click()
    if tour.js:  # the row was swapped in place
        expect(page.locator("main article.decided", has_text=name)).to_be_visible()
    else:  # redirect-after-POST back to the queue, with the message as a flash
        expect(page.locator(".flash-success")).to_contain_text(name)
    tour.check("join-approved")
    log_out(tour)

    tour.goto(mail_link(server, email, "/invitation/"))
    tour.check("invitation")
    page.fill("#password", password)
    page.fill("#confirm", password)
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    log_in(tour, email, password)
    expect(page.locator("main h1")).to_have_text(name)
    tour.check("first-login")
    with tour.step():
        page.locator("nav.main-nav a[href$='/team/']").click()
    expect(page.locator("main")).to_contain_text(email)
    log_out(tour)


def test_staff_search_the_business_list(tour):
    page = tour.page
    tour.goto("/login")
    log_in(tour, "polis@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href$='/businesses/']").click()
    tour.check("businesses")
    results = page.locator("#results")
    expect(results).to_contain_text("Sundsvall Paketterminal")
    if tour.js:  # active search: typing alone updates the results
        with tour.step():
            page.fill("#q", "kiosk")
    else:
        page.fill("#q", "kiosk")
        with tour.step():
            page.locator("main form[role=search] button[type=submit]").click()
    expect(results).to_contain_text("Kiosken Stenstan")
    expect(results).not_to_contain_text("Sundsvall Paketterminal")
    expect(page).to_have_url(re.compile(r"[?&]q=kiosk"))
    tour.check("businesses-search")
    page.fill("#q", "")
    if tour.js:
        with tour.step():
            page.select_option("#site_type", "terminal")
    else:
        page.select_option("#site_type", "terminal")
        with tour.step():
            page.locator("main form[role=search] button[type=submit]").click()
    expect(results).to_contain_text("Sundsvall Paketterminal")
    expect(results).not_to_contain_text("Kiosken Stenstan")
    with tour.step():
        results.locator("a", has_text="Sundsvall Paketterminal").click()
    expect(page.locator("main h1")).to_have_text("Sundsvall Paketterminal")
    tour.check("business-detail")
    log_out(tour)
