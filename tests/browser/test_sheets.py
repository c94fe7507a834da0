"""Information sheets as people use them, with JavaScript on and off: staff upload a sheet; a
business filters the library by language, downloads a sheet and the count moves; anyone with
the link gets the area sheet. Every page goes through `tour.check` (screenshots, axe)."""

import re
import sqlite3

from fpdf import FPDF
from playwright.sync_api import expect
from test_journeys import expect_error_at, log_in, log_out

from app.sheets.models import InfoSheet, InfoSheetDownload

NATIONAL_AR = "معًا ضد الشحنات غير القانونية – معلومات للعاملين"


def pdf_bytes(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=text)
    return bytes(pdf.output())


def downloads(server, title: str) -> int:
    """All downloads of the sheet with that title, from the app's database."""
    sheets, counts = InfoSheet._meta.table_name, InfoSheetDownload._meta.table_name
    with sqlite3.connect(server.db_path) as db:
        (total,) = db.execute(
            f"SELECT COALESCE(SUM(d.downloads), 0) FROM {counts} d"
            f" JOIN {sheets} s ON s.id = d.sheet_id WHERE s.title = ?",
            (title,),
        ).fetchone()
    return total


def test_staff_upload_a_sheet(tour):
    page = tour.page
    mode = "js" if tour.js else "nojs"
    title = f"Vad gör jag nu? Kortet på polska ({mode})"
    tour.goto("/login")
    log_in(tour, "polis@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href$='/sheets/manage/']").click()
    tour.check("sheets-manage")
    expect(page.locator("main .figures")).to_be_visible()
    with tour.step():
        page.locator("main a[href$='/sheets/manage/new']").click()
    tour.check("sheets-new")
    # A text file named like a PDF is refused at the field, and so is a missing title.
    page.set_input_files(
        "#file", {"name": "blad.pdf", "mimeType": "application/pdf", "buffer": b"not a PDF"}
    )
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect_error_at(tour, "file")
    expect(page.locator("#title-error")).to_be_visible()
    tour.check("sheets-new-errors")
    page.set_input_files(
        "#file",
        {"name": "kort.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Co mam robic?")},
    )
    page.fill("#title", title)
    page.fill("#summary", "Kortet för disken på polska, för kollegor som läser polska bäst.")
    page.select_option("#topic", "counter")
    page.select_option("#language", "pl")
    page.select_option("#status", "published")
    with tour.step():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/sheets/manage/\d+$"))
    expect(page.locator(".flash-success")).to_contain_text(title)
    expect(page.locator("main h1")).to_have_text(title)
    expect(page.locator("main h1")).to_have_attribute("lang", "pl")
    tour.check("sheets-detail")
    with tour.step():  # back to the list, where the new sheet comes first
        page.locator("main p a[href$='/sheets/manage/']").click()
    expect(page.locator("#results tbody tr").first).to_contain_text(title)
    with tour.step():
        page.locator("main a[href$='/sheets/manage/area-sheets']").click()
    expect(page.locator("main a[href='/sundsvall/information-sheet-ar.pdf']")).to_be_visible()
    tour.check("sheets-area-sheets")
    log_out(tour)


def test_a_business_filters_by_language_downloads_and_the_count_moves(tour, server):
    page = tour.page
    tour.goto("/login")
    log_in(tour, "ombud@example.com")
    with tour.step():
        page.locator("nav.main-nav a[href$='/sheets/']").click()
    tour.check("sheets-library")
    results = page.locator("#results")
    expect(results.locator("h4")).not_to_have_count(1)
    if tour.js:  # choosing a language alone updates the list
        with tour.step():
            page.select_option("#language", "ar")
    else:
        page.select_option("#language", "ar")
        with tour.step():
            page.locator("main form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]language=ar"))
    expect(results.locator("h4")).to_have_count(1)
    expect(results.locator("h4")).to_have_text(NATIONAL_AR)
    expect(results.locator("h4")).to_have_attribute("dir", "rtl")
    tour.check("sheets-library-arabic")

    before = downloads(server, NATIONAL_AR)
    with page.expect_download() as download:
        results.locator("a.button").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert downloads(server, NATIONAL_AR) == before + 1

    # The area's own sheet, one click away.
    with page.expect_download() as download:
        page.locator("main a[href='/sundsvall/information-sheet-sv.pdf']").click()
    assert download.value.suggested_filename.endswith(".pdf")
    log_out(tour)

    # Staff see the count move, for their area, without any business named.
    log_in(tour, "polis@example.com")
    tour.goto("/sheets/manage/?language=ar")
    row = page.locator("#results tbody tr", has_text=NATIONAL_AR)
    expect(row).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Kiosken Stenstan")
    tour.check("sheets-manage-arabic")
    log_out(tour)


def test_anyone_with_the_link_gets_the_area_sheet(tour, server):
    for code in ("sv", "en", "ar"):
        response = tour.page.request.get(f"{server}/umea/information-sheet-{code}.pdf")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.body().startswith(b"%PDF-")
    missing = tour.page.request.get(f"{server}/umea/information-sheet-de.pdf")
    assert missing.status == 404
