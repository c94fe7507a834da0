"""Sticker orders in a real browser, each journey with JavaScript on and off: a business orders,
follows its order until it is sent and confirms receipt; staff work the queue (in place, and
several orders in one step), print the pick list and address labels and export the orders.
Assertions use URLs, ids, classes and the demo's names, not the interface's words."""

import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader
from test_journeys import expect_error_at, log_in, log_out

STICKER = "Dekal ”Vi samarbetar mot illegala försändelser”"
POSTER = "Affisch A3 ”Tillsammans mot illegala försändelser”"


def quantity_field(page, title):
    """The quantity input of the catalogue item with this title (its label)."""
    return page.get_by_label(title, exact=True)


def place_order(tour, email, quantities: dict) -> int:
    """Log in as the business, order `quantities` {title: n}; answers the new order's number."""
    page = tour.page
    tour.goto("/login")
    log_in(tour, email)
    with tour.step():
        page.locator("nav.main-nav a[href$='/my-orders/']").click()
    with tour.step():
        page.locator("main a[href$='/my-orders/new']").click()
    for title, quantity in quantities.items():
        quantity_field(page, title).fill(str(quantity))
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/my-orders/\d+$"))
    expect(page.locator(".flash-success")).to_be_visible()
    return int(tour.path().rsplit("/", 1)[1])


def test_a_business_orders_follows_the_order_and_confirms_receipt(tour):
    page = tour.page
    tour.goto("/login")
    log_in(tour, "terminal@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href$='/my-orders/']").click()
    tour.check("my-orders")
    with tour.step():
        page.locator("main a[href$='/my-orders/new']").click()
    tour.check("order-form")
    expect(page.locator("#street_address")).to_have_value("Birstavägen 40")  # filled in
    sticker = quantity_field(page, STICKER)
    sticker.fill("6")  # more than one order may hold
    with tour.step():
        page.locator("main form button[type=submit]").click()
    field_id = sticker.get_attribute("id")
    expect_error_at(tour, field_id)
    tour.check("order-form-errors")
    page.locator(f"#{field_id}").fill("1")
    quantity_field(page, POSTER).fill("1")
    page.fill("#note", "Till personalrummet.")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/my-orders/\d+$"))
    number = int(tour.path().rsplit("/", 1)[1])
    expect(page.locator("main .order-status.status-submitted")).to_be_visible()
    tour.check("my-order-submitted")
    log_out(tour)

    # The municipality approves it and sends it, from the order's own page.
    log_in(tour, "kommun@example.com")
    tour.goto(f"/stickers/orders/{number}")
    tour.check("staff-order")
    with tour.step():
        page.locator(f"main form[action$='/stickers/orders/{number}/approve'] button").click()
    expect(page.locator("main .order-status.status-approved")).to_be_visible()
    page.fill("#tracking_reference", "UA123456785SE")
    with tour.step():
        page.locator(f"main form[action$='/stickers/orders/{number}/send'] button").click()
    expect(page.locator("main .order-status.status-sent")).to_be_visible()
    log_out(tour)

    # The business sees it sent, with the tracking number, and confirms it has arrived.
    log_in(tour, "terminal@example.com")
    expect(page.locator("main a[href$='/my-orders/']").first).to_be_visible()  # home panel
    tour.goto(f"/my-orders/{number}")
    expect(page.locator("main")).to_contain_text("UA123456785SE")
    tour.check("my-order-sent")
    with tour.step():
        page.locator(f"main form[action$='/my-orders/{number}/confirm'] button").click()
    expect(page.locator("main .order-status.status-received")).to_be_visible()
    expect(page.locator("main .order-history li")).to_have_count(4)
    tour.check("my-order-received")
    log_out(tour)


def test_staff_work_the_queue_print_labels_and_export(tour):
    page = tour.page
    number = place_order(tour, "ombud@example.com", {STICKER: 1})
    log_out(tour)

    log_in(tour, "polis@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href$='/stickers/orders/']").click()
    tour.check("orders-queue")
    card = page.locator(f"#order-{number}")
    expect(card).to_contain_text("Kiosken Stenstan")
    expect(page.locator("main")).not_to_contain_text("Ålidhems Livs")  # another area

    # Approve in place: with JavaScript the card and the counters change without a reload.
    approved_before = int(
        page.locator("#order-counts a[href$='status=approved'] .count").inner_text()
    )
    with tour.step():
        card.locator(f"form[action*='/stickers/orders/{number}/approve'] button").click()
    if tour.js:
        expect(page.locator(f"#order-{number}.decided")).to_be_visible()
        expect(page.locator("#order-counts a[href$='status=approved'] .count")).to_have_text(
            str(approved_before + 1)
        )
    else:
        expect(page.locator(".flash-success")).to_be_visible()
    tour.check("orders-approved-in-place")

    # Filter to the approved orders.
    if tour.js:
        with tour.step():
            page.select_option("#status", "approved")
    else:
        page.select_option("#status", "approved")
        with tour.step():
            page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]status=approved"))
    expect(page.locator(f"#order-{number}")).to_be_visible()
    tour.check("orders-filtered")

    # Print and export what the filter shows.
    downloads = page.locator("#orders-download")
    files = []
    for button in range(4):
        with page.expect_download() as info:
            downloads.locator("button").nth(button).click()
        files.append((info.value.suggested_filename, Path(info.value.path()).read_bytes()))
    assert [name.rsplit(".", 1)[1] for name, _data in files] == ["pdf", "pdf", "csv", "xlsx"]
    (_, pick_list), (_, labels), (_, table), (_, workbook) = files
    assert f"Beställning {number}" in PdfReader(io.BytesIO(pick_list)).pages[0].extract_text()
    label_text = PdfReader(io.BytesIO(labels)).pages[0].extract_text()
    assert "Kiosken Stenstan" in label_text and "852 30 SUNDSVALL" in label_text
    assert table.startswith(b"\xef\xbb\xbf") and b"Kiosken Stenstan" in table
    assert workbook.startswith(b"PK")  # a zip, as XLSX files are

    # Export only the ticked order.
    page.locator(f"#select-{number}").check()
    with page.expect_download() as info:
        downloads.locator("button").nth(2).click()
    rows = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()[1:]
    assert rows and all(row.startswith(f"{number};") for row in rows), rows
    assert len(table.decode("utf-8-sig").splitlines()) > len(rows) + 1  # the filter had more

    # Mark the ticked order as sent, in one step for several.
    page.locator(f"#select-{number}").check()
    with tour.step():
        page.locator("#orders-selection button[value=send]").click()
    expect(page.locator("main .flash-success").first).to_be_visible()
    expect(page.locator(f"#order-{number}")).to_have_count(0)  # no longer approved
    tour.check("orders-sent-in-one-step")

    # The staff's other pages.
    for href, label in (
        ("/stickers/catalogue/", "orders-catalogue"),
        ("/stickers/digest", "orders-digest"),
        ("/stickers/handouts/", "orders-handouts"),
    ):
        with tour.step():
            page.locator(f"main nav a[href$='{href}']").click()
        tour.check(label)
    with tour.step():
        page.locator("main a[href$='/stickers/handouts/new']").click()
    tour.check("handout-form")
    page.fill("#quantity", "12")
    page.select_option("#occasion", "meeting")
    page.fill("#handed_out_on", "2026-01-15")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/stickers/handouts/$"))
    expect(page.locator(".flash-success")).to_be_visible()
    tour.goto("/stickers/catalogue/")
    with tour.step():
        page.locator("main table a").first.click()
    tour.check("catalogue-item-form")
    log_out(tour)
