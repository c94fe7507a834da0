"""Updates in a real browser, with JavaScript on and off: a shop's clerk asks for mail about
warnings; the police write a warning, preview whom it reaches and publish it; the clerk's
mail says only that something is waiting; the clerk finds the warning pinned and new, opens
it, and the police see one business more having read it; the clerk stops the mails from the
link in the mail. axe and screenshots on every page on the way."""

import re
import sqlite3

from playwright.sync_api import expect
from test_journeys import log_in, log_out

from app.mail import OutboxMail

CLERK = "ombud@example.com"


def newest_mail(server, email) -> tuple[str, str]:
    """Subject and text of the newest mail to `email` (no worker runs: it waits in the
    outbox)."""
    table = OutboxMail._meta.table_name
    with sqlite3.connect(server.db_path) as db:
        return db.execute(
            f"SELECT subject, body_text FROM {table} WHERE recipient = ? ORDER BY id DESC LIMIT 1",
            (email,),
        ).fetchone()


def read_by(page) -> str:
    """The staff page's "Read by" figure."""
    return page.locator("dl.facts dt:nth-of-type(7) + dd").inner_text()


def test_a_warning_from_the_police_reaches_the_clerk_who_asked_for_mail(tour, server):
    page = tour.page
    mode = "js" if tour.js else "nojs"
    title = f"Var uppmärksam på paket med vakuumförpackade kläder ({mode})"

    # The clerk asks for a mail at once when a warning is published.
    tour.goto("/login")
    log_in(tour, CLERK)
    with tour.step():
        page.locator("nav.main-nav a[href='/updates/']").click()
    tour.check("updates-feed")
    with tour.step():
        page.locator("main a[href='/updates/settings']").click()
    tour.check("updates-settings")
    page.check("#notify-1")  # a warning is published
    page.check("#frequency-0")  # at once
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    log_out(tour)

    # The police write the warning, see whom it reaches, and publish it.
    log_in(tour, "polis@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href='/updates/manage/']").click()
    tour.check("updates-manage")
    with tour.step():
        page.locator("main a[href='/updates/manage/new']").click()
    tour.check("updates-new")
    page.check("#category-0")  # Var uppmärksam på
    page.fill("#title", title)
    page.fill("#body", "Kläderna ligger i **vakuumpåsar** i vanliga kartonger.\n\n- ring 114 14")
    page.check("#pinned")
    with tour.step():
        page.locator("main button[value=preview]").click()
    preview = page.locator("#preview")
    expect(preview.locator("strong").first).to_have_text(
        re.compile(r"Den når [1-9]\d* verksamheter och [1-9]\d* personer")
    )
    expect(preview.locator("h3")).to_have_text(title)
    tour.check("updates-preview")
    with tour.step():
        page.locator("main button[value=save]").click()
    expect(page).to_have_url(re.compile(r"/updates/manage/$"))
    expect(page.locator(".flash-success")).to_be_visible()
    with tour.step():
        page.locator("main table a", has_text=title).click()
    tour.check("updates-detail")
    detail = page.url
    expect(page.locator("dl.facts")).to_contain_text("Nådde")
    assert read_by(page) == "0 verksamheter"
    log_out(tour)

    # The mail says only that something new is waiting.
    subject, text = newest_mail(server, CLERK)
    assert subject == "Något nytt väntar på dig i TIF-portalen"
    assert title not in text and "vakuum" not in text and "Polisen" not in text
    unsubscribe = re.search(r"/updates/unsubscribe/[A-Za-z0-9_.\-]+", text).group(0)

    # The clerk finds it pinned and new, first in the list and on the home page, and opens it.
    log_in(tour, CLERK)
    expect(page.locator("#latest-warning-heading")).to_contain_text(title)
    tour.check("home-business-with-warning")
    with tour.step():
        page.locator("nav.main-nav a[href='/updates/']").click()
    first = page.locator("ol.updates li.update-item").first
    expect(first).to_have_class(re.compile(r"\bpinned\b.*\bunread\b"))
    expect(first.locator("h2 a")).to_have_text(title)
    with tour.step():
        first.locator("h2 a").click()
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator("main .update-text strong")).to_have_text("vakuumpåsar")
    tour.check("update-read")
    with tour.step():
        page.locator("main a[href='/updates/']").click()
    opened = page.locator("ol.updates li.update-item", has_text=title)
    expect(opened).to_have_class(re.compile(r"\bpinned\b"))
    expect(opened).not_to_have_class(re.compile(r"\bunread\b"))
    log_out(tour)

    # The police see that one business has read it.
    log_in(tour, "polis@example.com")
    tour.goto(detail.removeprefix(server))
    assert read_by(page) == "1 verksamhet"
    with tour.step():
        page.locator("main a.button", has_text="Ändra").click()
    expect(page).to_have_url(re.compile(r"/updates/manage/\d+/edit$"))
    expect(page.locator("#title")).to_have_value(title)
    tour.check("updates-edit")
    tour.goto("/updates/manage/?status=expired")
    tour.check("updates-manage-expired")
    log_out(tour)

    # The clerk stops the mails from the link in the mail, without logging in.
    tour.goto(unsubscribe)
    tour.check("updates-unsubscribe")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Du får inga fler mejl om nyheter")
    tour.check("updates-unsubscribed")
    tour.goto(unsubscribe.rsplit(".", 1)[0] + ".forged", status=404)  # tampered with
    expect(page.locator("main h1")).to_have_text("Länken fungerar inte")
    tour.check("updates-unsubscribe-invalid")


def test_show_more_updates(tour):
    """The terminal's list has more updates than fit on its first page: "show more" brings
    the next ones into the list (with JavaScript) or shows the next page (without)."""
    page = tour.page
    items = page.locator("ol.updates li.update-item")
    tour.goto("/login")
    log_in(tour, "terminal@example.com")
    tour.goto("/updates/")
    expect(items).to_have_count(5)
    first_page = items.locator("h2 a").all_inner_texts()
    with tour.step():
        page.locator("#more a").click()
    if tour.js:  # the next updates join the list, and the first of them has the focus
        expect(items.nth(5)).to_be_visible()
        expect(items.nth(5).locator("a")).to_be_focused()
        assert items.locator("h2 a").all_inner_texts()[:5] == first_page
    else:
        expect(page).to_have_url(re.compile(r"page=2"))
        assert not set(items.locator("h2 a").all_inner_texts()) & set(first_page)
    tour.check("updates-more")
