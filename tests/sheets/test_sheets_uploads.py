"""Upload validation: a file is judged by its content, not its name; a refused file gets its
message at the field, and nothing is stored or written."""

import pytest
from sheets_helpers import SUNDSVALL_SV, post_file, scripted_pdf, sheet, small_pdf, stored_files

from app.areas.models import Area
from app.audit.models import AuditEntry
from app.sheets.forms import SHEET_MAX_BYTES
from app.sheets.models import InfoSheet, InfoSheetVersion

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00"
    b":~\x9bU\x00\x00\x00\nIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb0\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)
REFUSED = {
    "text file": (b"Tipstelefon 114 14, Tullverket 90 114", "blad.txt", "inte en pdf"),
    "renamed image": (PNG, "blad.pdf", "inte en pdf"),
    "oversized": (b"%PDF-1.7\n" + bytes(SHEET_MAX_BYTES), "stort.pdf", "högst 5 MB"),
    "javascript": (scripted_pdf(), "blad.pdf", "skript"),
    "damaged": (small_pdf()[:200], "blad.pdf", "Det gick inte att läsa pdf-filen"),
}


def details(area):
    return {
        "title": "Blad på polska",
        "summary": "",
        "topic": "counter",
        "language": "pl",
        "status": "published",
        "area": str(area.id),
    }


def rows():
    return (
        InfoSheet.select().count(),
        InfoSheetVersion.select().count(),
        AuditEntry.select().count(),
    )


@pytest.mark.parametrize("kind", REFUSED)
def test_a_refused_file_gets_its_message_and_nothing_is_written(app, as_user, kind):
    data, filename, message = REFUSED[kind]
    police = as_user("polis@example.com")
    before_rows, before_files = rows(), stored_files(app)
    sundsvall = Area.get(Area.slug == "sundsvall")
    response = post_file(police, "/sheets/manage/new", details(sundsvall), data, filename)
    assert response.status_code == 422
    assert 'id="file-error"' in response.text and message in response.text
    target = sheet(SUNDSVALL_SV)
    response = post_file(police, f"/sheets/manage/{target.id}/version", {}, data, filename)
    assert response.status_code == 422 and message in response.text
    assert rows() == before_rows and stored_files(app) == before_files
    assert sheet(SUNDSVALL_SV).version == 1


def test_no_file_chosen_is_refused_at_the_field(as_user):
    police = as_user("polis@example.com")
    target = sheet(SUNDSVALL_SV)
    response = police.post(f"/sheets/manage/{target.id}/version", data={})
    assert response.status_code == 422 and "Välj bladets pdf-fil." in response.text
    text_instead_of_file = police.post(f"/sheets/manage/{target.id}/version", data={"file": "x"})
    assert text_instead_of_file.status_code == 422


def test_a_request_over_the_size_limit_gets_413(app, as_user):
    police = as_user("polis@example.com")
    before_rows, before_files = rows(), stored_files(app)
    data = b"%PDF-1.7\n" + bytes(app.config["MAX_CONTENT_LENGTH"])
    target = sheet(SUNDSVALL_SV)
    response = post_file(police, f"/sheets/manage/{target.id}/version", {}, data)
    assert response.status_code == 413
    assert rows() == before_rows and stored_files(app) == before_files


def test_a_sheet_just_under_the_limit_is_accepted(as_user):
    padded = small_pdf() + b"%" + b" " * (SHEET_MAX_BYTES - len(small_pdf()) - 2) + b"\n"
    assert len(padded) == SHEET_MAX_BYTES
    target = sheet(SUNDSVALL_SV)
    response = post_file(
        as_user("polis@example.com"), f"/sheets/manage/{target.id}/version", {}, padded
    )
    assert response.status_code == 303
    assert InfoSheetVersion.get(sheet=target, number=2).size == SHEET_MAX_BYTES
