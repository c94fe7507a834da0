"""Who reaches which page: every role and scope, including the other area's staff and
business, and the scope rule the library adds to the kernel (a business sees its area's
sheets)."""

import pytest
from sheets_helpers import (
    NATIONAL_SV,
    SUNDSVALL_DRAFT,
    SUNDSVALL_SV,
    UMEA_SV,
    add_umea_sheet,
    sheet,
)

from app.accounts.models import User
from app.security import scoped
from app.sheets.models import InfoSheet
from app.sheets.queries import in_view

LOGIN = "login"
EVERYONE = [
    None,
    "ombud@example.com",
    "terminal@example.com",
    "ombud.umea@example.com",
    "polis@example.com",
    "kommun@example.com",
    "tull@example.com",
    "lansstyrelsen@example.com",
    "polis.umea@example.com",
    "admin@example.com",
]
BUSINESS = {"ombud@example.com", "terminal@example.com", "ombud.umea@example.com"}
STAFF = {"polis@example.com", "kommun@example.com", "polis.umea@example.com", "admin@example.com"}


def expected(email, allowed, in_scope=True):
    if email is None:
        return LOGIN
    if email not in allowed:
        return 403
    return 200 if in_scope else 404


def check(response, status):
    if status == LOGIN:
        assert response.status_code == 302 and "/login" in response.location
    else:
        assert response.status_code == status


@pytest.mark.parametrize("email", EVERYONE)
def test_each_page_answers_each_role_and_scope(as_user, email):
    browser = as_user(email)
    sundsvall, national = sheet(SUNDSVALL_SV), sheet(NATIONAL_SV)
    outside_sundsvall = email in ("ombud.umea@example.com", "polis.umea@example.com")
    pages = {
        "/sheets/": expected(email, BUSINESS),
        f"/sheets/{national.id}/download": expected(email, BUSINESS),
        f"/sheets/{sundsvall.id}/download": expected(email, BUSINESS, not outside_sundsvall),
        "/sheets/manage/": expected(email, STAFF),
        "/sheets/manage/new": expected(email, STAFF),
        "/sheets/manage/area-sheets": expected(email, STAFF),
        f"/sheets/manage/{national.id}": expected(email, STAFF),
        f"/sheets/manage/{sundsvall.id}": expected(email, STAFF, not outside_sundsvall),
        f"/sheets/manage/{sundsvall.id}/file": expected(email, STAFF, not outside_sundsvall),
    }
    for url, status in pages.items():
        check(browser.get(url), status)


def test_anyone_with_the_link_gets_any_areas_sheet(as_user):
    for email in (None, "ombud.umea@example.com", "polis@example.com", "tull@example.com"):
        response = as_user(email).get("/umea/information-sheet-sv.pdf")
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")


VISIBLE = {
    "ombud@example.com": {SUNDSVALL_SV, SUNDSVALL_DRAFT},
    "ombud.umea@example.com": {UMEA_SV},
    "polis@example.com": {SUNDSVALL_SV, SUNDSVALL_DRAFT},
    "kommun@example.com": {SUNDSVALL_SV, SUNDSVALL_DRAFT},
    "polis.umea@example.com": {UMEA_SV},
    "admin@example.com": None,  # every sheet, the national ones too
}


@pytest.mark.parametrize("email", VISIBLE)
def test_scoped_sheets_follow_the_area_of_the_business_or_the_staff(demo, email):
    add_umea_sheet()
    user = User.get(User.email == email)
    everything = {s.title for s in InfoSheet.select()}
    area_sheets = {s.title for s in scoped(InfoSheet, user)}
    assert area_sheets == (VISIBLE[email] or everything)
    national = {s.title for s in InfoSheet.select().where(InfoSheet.area.is_null())}
    in_library = {s.title for s in InfoSheet.select().where(in_view(user))}
    assert in_library == area_sheets | national


def test_the_area_sheets_page_lists_the_areas_in_scope(as_user):
    assert (
        "/umea/information-sheet-sv.pdf"
        not in as_user("polis@example.com").get("/sheets/manage/area-sheets").text
    )
    admin_page = as_user("admin@example.com").get("/sheets/manage/area-sheets").text
    for slug in ("sundsvall", "umea"):
        for code in ("sv", "en", "ar"):
            assert f"/{slug}/information-sheet-{code}.pdf" in admin_page
