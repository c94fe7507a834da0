"""Journeys of issue 14, each with JavaScript on and off: a business logs a contact and wants
a discreet visit; the police record the visit and send feedback that this business alone
sees; the police enter seizure feedback, and once the quarter is out of its embargo the
business sees the right figures, small ones hidden.

The two runs share one server: the JavaScript run uses Kiosken Stenstan and the run without
uses Sundsvall Paketterminal, each run its own seizure categories."""

import datetime
import re
import sqlite3

from playwright.sync_api import expect
from test_journeys import expect_error_at, log_in, log_out

from app.seizures.periods import Quarter


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def go(tour, href_end: str):
    with tour.step():
        tour.page.locator(f"nav.main-nav a[href$='{href_end}']").click()


def submit(tour, form="main form[method=post]"):
    with tour.step():
        tour.page.locator(f"{form} button[type=submit]").first.click()


def test_a_business_logs_a_contact_and_the_police_follow_up(tour):
    page = tour.page
    clerk, other = ("ombud@example.com", "terminal@example.com")
    if not tour.js:
        clerk, other = other, clerk
    message = f"Tack för att ni ringde – vi har varit på plats ({'js' if tour.js else 'nojs'})."

    tour.goto("/login")
    log_in(tour, clerk)
    go(tour, "/contacts/")
    expect(page.locator("main")).to_contain_text("114")
    tour.check("contacts-own")
    page.fill("#contacted_on", (today() + datetime.timedelta(days=2)).isoformat())
    page.check("#channel-2")  # Tullverket
    page.select_option("#category", "narcotics")
    page.check("#visit_wish-1")  # a discreet visit
    submit(tour)
    expect_error_at(tour, "contacted_on")
    tour.check("contacts-own-error")
    page.fill("#contacted_on", today().isoformat())
    page.check("#channel-0")  # the police on 114 14
    page.check("#visit_wish-1")
    submit(tour)
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main .contact-list li").first).to_contain_text(
        re.compile("Ja, ett diskret besök")
    )
    log_out(tour)

    log_in(tour, "polis@example.com")
    with tour.step():
        page.locator("main a[href$='/contacts/log?show=waiting']").click()
    tour.check("contacts-waiting")
    row = page.locator("main tbody tr", has_text=clerk_name(clerk)).first
    with tour.step():
        row.locator("a").click()
    tour.check("contact-detail")
    page.fill("#visited_on", today().isoformat())
    submit(tour, "#visit form")
    expect(done(tour, "visit")).to_be_visible()
    page.fill("#message", message)
    submit(tour, "#feedback form")
    expect(done(tour, "feedback")).to_be_visible()
    expect(page.locator("#feedback blockquote")).to_have_text(message)
    tour.check("contact-followed-up")
    tour.goto("/contacts/log")
    tour.check("contacts-log")
    tour.goto("/contacts/statistics")
    tour.check("contacts-statistics")
    log_out(tour)

    log_in(tour, clerk)
    go(tour, "/contacts/")
    expect(page.locator("main .contact-list")).to_contain_text(message)
    log_out(tour)
    log_in(tour, other)
    go(tour, "/contacts/")
    expect(page.locator("main")).not_to_contain_text(message)
    log_out(tour)


def done(tour, section: str):
    """The message after an action: in the section HTMX swapped in, or as a flash after the
    redirect a plain form gets."""
    if tour.js:
        return tour.page.locator(f"#{section} [role=status]")
    return tour.page.locator(".flash-success")


def clerk_name(email: str) -> str:
    return {
        "ombud@example.com": "Kiosken Stenstan",
        "terminal@example.com": "Sundsvall Paketterminal",
    }[email]


def set_embargo(tour, server, days: int):
    """The administrator sets Umeå's embargo (admin's area form)."""
    with sqlite3.connect(server.db_path) as db:
        (area_id,) = db.execute("SELECT id FROM area WHERE slug = 'umea'").fetchone()
    page = tour.page
    tour.goto("/login")
    log_in(tour, "admin@example.com")
    tour.goto(f"/admin/areas/{area_id}")
    page.fill("#embargo_days", str(days))
    submit(tour)
    expect(page.locator(".flash-success")).to_be_visible()
    log_out(tour)


def never_released(server):
    """Umeå as if no quarter had been fed back yet: a quarter is released once and then
    closed (app/seizures/released.py), and both runs, and the pages other tests visited
    before, would otherwise have released last quarter already."""
    with sqlite3.connect(server.db_path) as db:
        db.execute(
            "DELETE FROM released_figure WHERE kind = 'seizures'"
            " AND area_id = (SELECT id FROM area WHERE slug = 'umea')"
        )


def test_seizure_feedback_reaches_the_business_after_the_embargo(tour, server):
    """Umeå's embargo is first set to a year, so that last quarter is still open to
    entries whatever today's date; then to none, so that it is fed back at once."""
    page = tour.page
    shown, hidden = ("weapons", "ammunition") if tour.js else ("explosives", "precursors")
    description = f"Delar till vapen i paket märkta som verktyg ({'js' if tour.js else 'nojs'})."
    last_quarter = Quarter.of(today()).previous()
    never_released(server)
    set_embargo(tour, server, 365)

    log_in(tour, "polis.umea@example.com")
    go(tour, "/seizures/entries/")
    tour.check("seizure-entries")
    for category, count, text in ((shown, 9, description), (hidden, 2, "")):
        with tour.step():
            page.locator("main a[href$='/seizures/entries/new']").click()
        page.select_option("#month", last_quarter.start.isoformat())
        page.select_option("#category", category)
        page.fill("#count", str(count))
        page.fill("#description", text)
        page.check("#shareable")
        tour.check("seizure-form")
        submit(tour)
        expect(page.locator(".flash-success")).to_be_visible()
    log_out(tour)

    log_in(tour, "ombud.umea@example.com")
    go(tour, "/seizures/")
    expect(page.locator("main")).not_to_contain_text(description)  # held by the embargo
    log_out(tour)

    set_embargo(tour, server, 0)
    log_in(tour, "ombud.umea@example.com")
    go(tour, "/seizures/")
    tour.check("seizure-feedback-released")
    expect(page.locator("main")).to_contain_text(description)
    table = page.locator("main table.figures-table").first
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    column = headers.index(f"kv. {last_quarter.number} {last_quarter.year}")
    labels = {
        "weapons": "Vapen och vapendelar",
        "ammunition": "Ammunition",
        "explosives": "Explosiva varor",
        "precursors": "Prekursorer",
    }
    for category, figure in ((shown, "9"), (hidden, "–")):
        cells = table.locator("tbody tr", has=page.locator("th", has_text=labels[category]))
        expect(cells.locator("td").nth(column - 1)).to_contain_text(figure)
    log_out(tour)

    log_in(tour, "polis.umea@example.com")
    tour.goto("/seizures/statistics")
    tour.check("seizure-statistics")
    with sqlite3.connect(server.db_path) as db:
        (entry_id,) = db.execute(
            "SELECT id FROM seizure_feedback WHERE category = ? ORDER BY id DESC", (shown,)
        ).fetchone()
    tour.goto(f"/seizures/entries/{entry_id}")
    expect(page.locator("main")).to_contain_text("kan inte längre ändras")
    tour.check("seizure-locked")
    log_out(tour)
    set_embargo(tour, server, 30)
