"""The first screens each user meets, as a clerk on a phone sees them: finding one's police
area from the municipality, the area page, the counter card (every number visible without
sideways scrolling at 320 px), the join form and both homes. Each with JavaScript on and off;
screenshots at 360 px wide of every one (tests/browser/screenshots/)."""

import re

from playwright.sync_api import expect
from test_journeys import log_in, log_out


def test_a_clerk_in_timra_finds_the_area_and_its_counter_card(tour):
    page = tour.page
    tour.goto("/")
    tour.check("start-page")
    page.select_option("#municipality", label="Timrå kommun")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sundsvall/$"))
    tour.check("area-page-from-municipality")
    for number, uri in (("114\xa014", "tel:11414"), ("90\xa0114", "tel:90114")):
        expect(page.locator(f"main a[href='{uri}']").first).to_have_text(number)
    tour.goto("/sundsvall/counter-card")
    tour.check("counter-card")
    for uri in ("tel:11414", "tel:90114", "tel:112"):
        expect(page.locator(f"main .numbers a[href='{uri}']")).to_be_visible()
    if tour.js:  # evaluate needs JavaScript
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the counter card scrolls sideways: {width} px"
        for uri in ("tel:11414", "tel:90114", "tel:112"):
            box = page.locator(f"main .numbers a[href='{uri}']").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (uri, box)
    tour.goto("/sundsvall/join")
    tour.check("join-form-first-screen")
    expect(page.locator("#postcode")).to_have_attribute("inputmode", "numeric")
    expect(page.locator("#contact_phone")).to_have_attribute("type", "tel")
    expect(page.locator("#municipality option").first).to_have_attribute("value", "")


def test_both_homes_on_a_phone(tour):
    page = tour.page
    for email, label in (
        ("ombud@example.com", "home-business"),
        ("polis@example.com", "home-police"),
    ):
        tour.goto("/login")
        tour.check("login-first-screen")
        expect(page.locator("main a[href='/']")).to_be_visible()  # shops that want to join
        log_in(tour, email)
        expect(page).to_have_url(re.compile(r"/home$"))
        tour.check(label)
        log_out(tour)
