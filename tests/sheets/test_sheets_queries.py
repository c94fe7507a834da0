"""Queries per page are few (≤ 8) and the same with 5 and with 50 sheets, versions,
downloads and areas."""

import itertools

import pytest

from app.areas.models import Area, AreaMunicipality, County, Municipality
from app.businesses.models import Business
from app.db import count_queries
from app.sheets.models import InfoSheet, InfoSheetDownload, InfoSheetVersion

_serial = itertools.count(1)
PAGES = [
    ("ombud@example.com", "/sheets/"),
    ("ombud@example.com", "/sheets/?language=sv&topic=counter"),
    ("polis@example.com", "/sheets/manage/"),
    ("admin@example.com", "/sheets/manage/?status=published"),
    ("kommun@example.com", "/sheets/manage/area-sheets"),
    ("admin@example.com", "/sheets/manage/area-sheets"),
]


def add_rows(n: int) -> None:
    """n more sheets (national and Sundsvall's, each in two versions), businesses that
    download them, and areas covering Sundsvalls kommun."""
    sundsvall = Area.get(Area.slug == "sundsvall")
    county = County.get(County.code == "22")
    municipality = Municipality.get(Municipality.code == "2281")
    for _ in range(n):
        i = next(_serial)
        area = Area.create(name=f"Område {i:03d}", slug=f"omrade-{i}", county=county)
        AreaMunicipality.create(area=area, municipality=municipality)
        business = Business.create(
            name=f"Ombud {i:03d}", site_type="paketombud", area=sundsvall, municipality=municipality
        )
        for home in (None, sundsvall):
            sheet = InfoSheet.create(
                area=home,
                title=f"Blad {i:03d}",
                topic="counter",
                language="sv",
                status="published",
                version=2,
            )
            for number in (1, 2):
                InfoSheetVersion.create(
                    sheet=sheet, number=number, stored_name="x" * 32 + ".pdf", size=1000
                )
            InfoSheetDownload.create(
                sheet=sheet,
                business=business,
                area=sundsvall,
                municipality=municipality,
                downloads=i,
            )


@pytest.mark.parametrize("email, path", PAGES)
def test_queries_per_page_do_not_grow_with_data(login, db, email, path):
    browser = login(email)
    counts = []
    for n in (5, 45):
        add_rows(n)
        browser.get(path)
        with count_queries() as queries:
            response = browser.get(path)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], f"{path}: {counts}"
    assert counts[1] <= 8, f"{path}: {counts[1]} queries"


def test_a_sheets_page_has_few_queries(login, db):
    browser = login("polis@example.com")
    sheet = InfoSheet.select().where(InfoSheet.area.is_null(False)).first()
    browser.get(f"/sheets/manage/{sheet.id}")
    with count_queries() as queries:
        assert browser.get(f"/sheets/manage/{sheet.id}").status_code == 200
    assert len(queries) <= 8
