"""The library as businesses use it: what they see, in which order, and the download count."""

import re

from sheets_helpers import (
    NATIONAL_AR,
    NATIONAL_EN,
    NATIONAL_SV,
    SUNDSVALL_DRAFT,
    SUNDSVALL_SV,
    UMEA_SV,
    add_umea_sheet,
    sheet,
)

from app import uploads
from app.businesses.models import Business
from app.sheets.models import InfoSheetDownload, InfoSheetVersion


def titles(html: str) -> list[str]:
    return re.findall(r'<h4 lang="[a-z]{2}" dir="(?:ltr|rtl)">([^<]+)</h4>', html)


def downloads_of(title, business_name) -> int:
    row = InfoSheetDownload.get_or_none(
        sheet=sheet(title), business=Business.get(Business.name == business_name)
    )
    return row.downloads if row else 0


def test_a_business_sees_the_national_sheets_and_those_of_its_own_area(as_user):
    add_umea_sheet()
    page = as_user("ombud@example.com").get("/sheets/").text
    assert set(titles(page)) == {NATIONAL_SV, NATIONAL_EN, NATIONAL_AR, SUNDSVALL_SV}
    page = as_user("ombud.umea@example.com").get("/sheets/").text
    assert set(titles(page)) == {NATIONAL_SV, NATIONAL_EN, NATIONAL_AR, UMEA_SV}


def test_drafts_are_not_in_the_library(as_user):
    page = as_user("terminal@example.com").get("/sheets/").text
    assert SUNDSVALL_DRAFT not in page


def test_the_readers_language_comes_first(as_user):
    browser = as_user("ombud@example.com")
    swedish = titles(browser.get("/sheets/").text)
    assert swedish[:2] == [SUNDSVALL_SV, NATIONAL_SV] or swedish[:2] == [NATIONAL_SV, SUNDSVALL_SV]
    browser.get("/language/en")
    assert titles(browser.get("/sheets/").text)[0] == NATIONAL_EN


def test_each_language_is_named_in_its_own_name_and_direction(as_user):
    page = as_user("ombud@example.com").get("/sheets/").text
    assert '<option value="ar">العربية (arabiska)</option>' in page
    assert f'<h4 lang="ar" dir="rtl">{NATIONAL_AR}</h4>' in page
    assert '<span lang="ar" dir="rtl">العربية</span>' in page


def test_a_business_filters_by_language_and_topic(as_user):
    browser = as_user("ombud@example.com")
    assert titles(browser.get("/sheets/?language=ar").text) == [NATIONAL_AR]
    assert titles(browser.get("/sheets/?topic=counter").text) == [SUNDSVALL_SV]
    assert titles(browser.get("/sheets/?topic=law").text) == []
    fragment = browser.get("/sheets/?language=en", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="results"')
    assert titles(fragment.text) == [NATIONAL_EN]


def test_filter_values_that_are_not_choices_are_left_out(as_user):
    browser = as_user("ombud@example.com")
    for value in ("xx", "' OR 1=1 --", "a" * 5000, "\x00"):
        response = browser.get("/sheets/", query_string={"language": value, "topic": value})
        assert response.status_code == 200
        assert len(titles(response.text)) == 4


def test_a_download_is_the_current_version_as_a_safe_attachment(app, as_user):
    response = as_user("ombud@example.com").get(f"/sheets/{sheet(NATIONAL_SV).id}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and ".pdf" in disposition
    current = InfoSheetVersion.get(sheet=sheet(NATIONAL_SV), number=2)
    with app.app_context():
        assert response.data == uploads.read(current.stored_name)


def test_each_download_is_counted_per_business_and_sheet(as_user):
    assert downloads_of(NATIONAL_SV, "Kiosken Stenstan") == 3
    kiosk, terminal = as_user("ombud@example.com"), as_user("terminal@example.com")
    kiosk.get(f"/sheets/{sheet(NATIONAL_SV).id}/download")
    kiosk.get(f"/sheets/{sheet(NATIONAL_SV).id}/download")
    terminal.get(f"/sheets/{sheet(NATIONAL_SV).id}/download")
    assert downloads_of(NATIONAL_SV, "Kiosken Stenstan") == 5
    assert downloads_of(NATIONAL_SV, "Sundsvall Paketterminal") == 1
    terminal_row = InfoSheetDownload.get(
        sheet=sheet(NATIONAL_SV), business=Business.get(Business.name == "Sundsvall Paketterminal")
    )
    # Placed in staff's scopes by the business's area and municipality.
    assert (terminal_row.area.slug, terminal_row.municipality.code) == ("sundsvall", "2281")
    counted = InfoSheetDownload.select().where(InfoSheetDownload.sheet == sheet(NATIONAL_SV))
    assert counted.count() == 3  # Ålidhems Livs has its own row, from the demo data


def test_a_business_cannot_download_a_draft_or_another_areas_sheet(as_user):
    add_umea_sheet()
    kiosk = as_user("ombud@example.com")
    for title in (SUNDSVALL_DRAFT, UMEA_SV):
        assert kiosk.get(f"/sheets/{sheet(title).id}/download").status_code == 404
    assert kiosk.get("/sheets/999999/download").status_code == 404
    draft_or_umea = [sheet(SUNDSVALL_DRAFT), sheet(UMEA_SV)]
    assert not InfoSheetDownload.select().where(InfoSheetDownload.sheet.in_(draft_or_umea)).exists()


def test_a_missing_file_answers_404_and_is_not_counted(as_user, db):
    current = InfoSheetVersion.get(sheet=sheet(SUNDSVALL_SV), number=1)
    InfoSheetVersion.update(stored_name="A" * 32 + ".pdf").where(
        InfoSheetVersion.id == current.id
    ).execute()
    response = as_user("ombud@example.com").get(f"/sheets/{sheet(SUNDSVALL_SV).id}/download")
    assert response.status_code == 404
    assert downloads_of(SUNDSVALL_SV, "Kiosken Stenstan") == 1


def test_the_business_gets_its_areas_generated_sheet_in_each_offered_language(as_user):
    page = as_user("ombud@example.com").get("/sheets/").text
    for code in ("sv", "en", "ar"):
        assert f'href="/sundsvall/information-sheet-{code}.pdf" hx-boost="false"' in page
    assert "/umea/information-sheet" not in page
