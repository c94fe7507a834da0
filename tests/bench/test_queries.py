"""Queries per page are constant in data size (≤ 8): the same count with 5 and with 50 rows.

Every page of bench/pages.py that a demo account requests is checked, so a feature that adds
its list or dashboard to the benchmark gets this test too.
"""

import itertools

import pytest

from app.accounts.models import User
from app.areas.models import (
    Area,
    AreaMunicipality,
    County,
    CustomsRegion,
    CustomsRegionArea,
    Municipality,
)
from app.audit.models import AuditEntry
from app.businesses.models import Business
from app.db import count_queries
from bench.pages import PAGES

MAX_QUERIES = 8
LOGGED_IN_PAGES = [p for p in PAGES if p.account]
_serial = itertools.count(1)


def add_rows(n: int) -> None:
    """n more of each listed thing in the demo accounts' scopes: areas (covering Sundsvalls
    kommun, in the customs region), businesses, business users and audit entries."""
    county = County.get(County.code == "22")
    municipality = Municipality.get(Municipality.code == "2281")
    region = CustomsRegion.get()
    sundsvall = Area.get(Area.slug == "sundsvall")
    police = User.get(User.email == "polis@example.com")
    for _ in range(n):
        i = next(_serial)
        area = Area.create(name=f"Område {i:03d}", slug=f"omrade-{i}", county=county)
        AreaMunicipality.create(area=area, municipality=municipality)
        CustomsRegionArea.create(region=region, area=area)
        for home in (area, sundsvall):
            business = Business.create(
                name=f"Ombud {i:03d}", site_type="paketombud", area=home, municipality=municipality
            )
            User.create(email=f"user{i}-{home.id}@example.com", role="business", business=business)
        AuditEntry.create(actor=police, action="login", area=sundsvall)


@pytest.mark.parametrize("page", LOGGED_IN_PAGES, ids=[p.name for p in LOGGED_IN_PAGES])
def test_queries_per_page_do_not_grow_with_data(login, db, page):
    browser = login(page.account)
    counts = []
    for n in (5, 45):  # 5 rows, then 50
        add_rows(n)
        browser.get(page.path, headers=page.headers)  # warm up
        with count_queries() as queries:
            response = browser.get(page.path, headers=page.headers)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], (
        f"{page.name}: {counts[0]} queries with 5 rows, {counts[1]} with 50"
    )
    assert counts[1] <= MAX_QUERIES, f"{page.name}: {counts[1]} queries"
