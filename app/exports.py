"""Spreadsheet exports: a table of rows as a CSV or XLSX download.

Cells are None, text (lazy translated strings too), int, float, Decimal, date or datetime
(naive, in local time). Numbers stay numbers and dates are ISO dates (2026-01-31; with the
time 2026-01-31 14:05). A text cell that a spreadsheet could read as a formula (it begins
with = + - @, a tab or a carriage return) is prefixed with ' in both formats (OWASP, "CSV
injection"), so a value someone typed never runs in the reader's spreadsheet.

CSV is UTF-8 with a byte order mark, so that Excel reads å ä ö right, and separated by `;`:
Excel in Swedish uses `;` as its list separator (the comma is the decimal separator) and
splits such a file into columns when it is opened. Decimals are written with a point, as
other programs expect; the XLSX file is the one to open in Excel.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import xlsxwriter
from flask import Response

from app.downloads import file_response, safe_filename

CSV_DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_COLUMN_WIDTH = 60  # characters


def escape_formula(text: str) -> str:
    """Text that a spreadsheet would take for a formula, made plain text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value):
    """A cell's value as it is exported: None, a number, a date or datetime, or safe text."""
    if isinstance(value, bool):
        raise TypeError("export yes or no as translated text, not as a bool")
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return escape_formula(str(value))


# ---------------------------------------------------------------- CSV


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _csv_row(row: Sequence) -> list[str]:
    return [_csv_text(_cell(value)) for value in row]


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> Response:
    """The table as a CSV download named `filename` (a title; ".csv" is added)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(_csv_row(header))
    writer.writerows(_csv_row(row) for row in rows)
    return file_response(
        buffer.getvalue().encode("utf-8-sig"), safe_filename(filename, ".csv"), "text/csv"
    )


# ---------------------------------------------------------------- XLSX

# Excel's rules for a sheet name: at most 31 characters, none of these, no ' at either end.
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_name(title: str) -> str:
    name = " ".join(_SHEET_NAME_UNSAFE.sub(" ", str(title)).split())[:31].strip("' ")
    return name or "1"


def xlsx_response(
    filename: str, sheet_title: str, header: Sequence, rows: Iterable[Sequence]
) -> Response:
    """The table as an XLSX download named `filename` (a title; ".xlsx" is added), on one
    sheet with the header in bold and frozen."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(sheet_name(sheet_title))
    formats = {
        "header": workbook.add_format({"bold": True}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
    }
    widths: dict[int, int] = {}
    for column, title in enumerate(header):
        text = escape_formula(str(title))
        sheet.write_string(0, column, text, formats["header"])
        widths[column] = len(text)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            cell = _cell(value)
            _write(sheet, row_number, column, cell, formats)
            widths[column] = max(widths.get(column, 0), len(_csv_text(cell)))
    for column, width in widths.items():
        sheet.set_column(column, column, min(width + 2, MAX_COLUMN_WIDTH))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return file_response(output.getvalue(), safe_filename(filename, ".xlsx"), XLSX_MIMETYPE)


def _write(sheet, row: int, column: int, cell, formats: dict) -> None:
    if cell is None:
        return
    if isinstance(cell, datetime.datetime):
        sheet.write_datetime(row, column, cell, formats["datetime"])
    elif isinstance(cell, datetime.date):
        sheet.write_datetime(row, column, cell, formats["date"])
    elif isinstance(cell, str):
        sheet.write_string(row, column, cell)
    else:
        sheet.write_number(row, column, cell)
