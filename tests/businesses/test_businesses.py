import re

import pytest

from app.accounts.models import Session, User
from app.areas.models import Area, Municipality
from app.audit.models import AuditEntry
from app.businesses.models import Business, BusinessOperator, Operator
from app.db import count_queries

LIST_ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "tull@example.com": 403,
    "lansstyrelsen@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "admin@example.com": 200,
    "polis.umea@example.com": 200,
}


def business(name):
    return Business.get(Business.name == name)


@pytest.mark.parametrize("email,status", LIST_ACCESS.items())
def test_business_list_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    response = browser.get("/businesses/")
    assert response.status_code == status
    if status == 200:
        assert ("Kiosken Stenstan" in response.text) == (email != "polis.umea@example.com")
        assert ("Ålidhems Livs" in response.text) == (
            email in ("polis.umea@example.com", "admin@example.com")
        )


@pytest.mark.parametrize(
    "query,expected",
    [
        ("?q=kiosk", {"Kiosken Stenstan"}),
        ("?q=KIOSK", {"Kiosken Stenstan"}),
        ("?q=ålidhem", {"Ålidhems Livs"}),
        ("?q=%25", set()),
        ("?site_type=terminal", {"Sundsvall Paketterminal"}),
        ("?status=suspended", set()),
        ("?status=active", {"Kiosken Stenstan", "Sundsvall Paketterminal", "Ålidhems Livs"}),
        ("?q=556036-0793", {"Ålidhems Livs"}),
    ],
)
def test_search_and_filters(login, demo, query, expected):
    Business.update(org_number="5560360793").where(Business.name == "Ålidhems Livs").execute()
    page = login("admin@example.com").get("/businesses/" + query).text
    shown = {
        name
        for name in ("Kiosken Stenstan", "Sundsvall Paketterminal", "Ålidhems Livs")
        if name in page
    }
    assert shown == expected


def test_a_personal_identity_number_is_never_a_search_key(login, demo):
    """A sole trader's organisation number is their personal identity number: an exact search
    would confirm that the person runs a connected business."""
    Business.update(org_number="8112189876").where(Business.name == "Kiosken Stenstan").execute()
    page = login("polis@example.com").get("/businesses/?q=811218-9876").text
    assert "Kiosken Stenstan" not in page
    Business.update(org_number="5560360793").where(Business.name == "Kiosken Stenstan").execute()
    assert "Kiosken Stenstan" in login("polis@example.com").get("/businesses/?q=5560360793").text


def test_filter_by_municipality_and_operator(login, demo):
    browser = login("admin@example.com")
    umea = Municipality.get(code="2480")
    assert "Ålidhems Livs" in browser.get(f"/businesses/?municipality={umea.id}").text
    assert "Kiosken" not in browser.get(f"/businesses/?municipality={umea.id}").text
    dhl = Operator.get(name="DHL")
    page = browser.get(f"/businesses/?operator={dhl.id}").text
    assert "Kiosken Stenstan" in page and "Paketterminal" not in page


def test_junk_filters_do_not_crash(login, demo):
    browser = login("polis@example.com")
    for query in (
        "?municipality=abc",
        "?operator=%00",
        "?page=-5",
        "?page=abc",
        "?status=<b>",
        "?q=" + "x" * 500,
    ):
        assert browser.get("/businesses/" + query).status_code == 200


def test_htmx_search_returns_only_the_results(login, demo):
    response = login("polis@example.com").get(
        "/businesses/?q=kiosk", headers={"HX-Request": "true"}
    )
    assert response.text.strip().startswith('<section id="results"')
    assert "Kiosken Stenstan" in response.text and "<html" not in response.text


def test_paging_with_plain_links_keeps_the_filters(login, demo):
    kiosk = business("Kiosken Stenstan")
    Business.insert_many(
        [
            {
                "name": f"Ombud {i:02d}",
                "site_type": "paketombud",
                "area": kiosk.area_id,
                "municipality": kiosk.municipality_id,
            }
            for i in range(30)
        ]
    ).execute()
    browser = login("polis@example.com")
    first = browser.get("/businesses/?site_type=paketombud").text
    assert "Ombud 00" in first and "Ombud 29" not in first
    next_link = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "site_type=paketombud" in next_link
    second = browser.get(next_link).text
    assert "Ombud 29" in second and "Ombud 00" not in second


@pytest.mark.parametrize("rows", [5, 50])
def test_list_queries_do_not_grow_with_the_data(login, demo, rows):
    kiosk = business("Kiosken Stenstan")
    Business.insert_many(
        [
            {
                "name": f"Extra {i}",
                "site_type": "paketombud",
                "area": kiosk.area_id,
                "municipality": kiosk.municipality_id,
            }
            for i in range(rows)
        ]
    ).execute()
    browser = login("polis@example.com")
    browser.get("/businesses/")
    with count_queries() as queries:
        assert browser.get("/businesses/").status_code == 200
    assert len(queries) <= 8, queries


def test_org_numbers_are_never_listed_and_personal_numbers_never_shown(login, demo):
    Business.update(org_number="5560360793").where(Business.name == "Ålidhems Livs").execute()
    Business.update(org_number="8112189876").where(Business.name == "Kiosken Stenstan").execute()
    browser = login("admin@example.com")
    listing = browser.get("/businesses/").text
    assert "556036" not in listing and "811218" not in listing
    assert "556036-0793" in browser.get(f"/businesses/{business('Ålidhems Livs').id}").text
    detail = browser.get(f"/businesses/{business('Kiosken Stenstan').id}").text
    assert "811218" not in detail


DETAIL_ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "tull@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "admin@example.com": 200,
    "polis.umea@example.com": 404,
}


@pytest.mark.parametrize("email,status", DETAIL_ACCESS.items())
def test_business_page_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    assert browser.get(f"/businesses/{business('Kiosken Stenstan').id}").status_code == status


def test_unknown_business_is_404(login, demo):
    assert login("admin@example.com").get("/businesses/999999").status_code == 404


def test_suspension_logs_the_business_out_until_reinstated(app, login, demo):
    shop = login("ombud@example.com")
    staff = login("polis@example.com")
    kiosk = business("Kiosken Stenstan")
    assert staff.post(f"/businesses/{kiosk.id}/suspend", data={}).status_code == 303
    assert business("Kiosken Stenstan").status == "suspended"
    assert shop.get("/home").status_code == 302
    refused = app.test_client().post(
        "/login", data={"email": "ombud@example.com", "password": "demo-password-2026"}
    )
    assert refused.status_code == 422
    staff.post(f"/businesses/{kiosk.id}/reinstate", data={})
    app.test_client().login("ombud@example.com")
    actions = [
        e.action
        for e in AuditEntry.select()
        .where((AuditEntry.object_id == kiosk.id) & (AuditEntry.action != "business_created"))
        .order_by(AuditEntry.id)
    ]
    assert actions == ["business_suspended", "business_reinstated"]


def test_htmx_suspend_swaps_the_status_box(login, demo):
    staff = login("polis@example.com")
    response = staff.post(
        f"/businesses/{business('Kiosken Stenstan').id}/suspend",
        data={},
        headers={"HX-Request": "true"},
    )
    assert response.text.strip().startswith('<section id="status"')


@pytest.mark.parametrize(
    "email",
    [
        "polis.umea@example.com",
        "ombud@example.com",
        "lansstyrelsen@example.com",
        "tull@example.com",
    ],
)
def test_others_cannot_suspend(login, demo, email):
    response = login(email).post(f"/businesses/{business('Kiosken Stenstan').id}/suspend", data={})
    assert response.status_code in (403, 404)
    assert business("Kiosken Stenstan").status == "active"


def test_staff_invite_and_remove_people_of_a_business(app, login, demo, sent_mail):
    staff = login("kommun@example.com")
    kiosk = business("Kiosken Stenstan")
    response = staff.post(
        f"/businesses/{kiosk.id}/people", data={"email": "Ny@Example.com", "name": "Ny"}
    )
    assert response.status_code == 303
    newcomer = User.get(User.email == "ny@example.com")
    assert newcomer.business_id == kiosk.id and newcomer.role == "business"
    assert (
        sent_mail[-1]["To"] == "ny@example.com"
        and "/invitation/" in sent_mail[-1].get_body(("plain",)).get_content()
    )
    assert AuditEntry.select().where(AuditEntry.action == "business_user_invited").count() == 1
    staff.post(f"/businesses/{kiosk.id}/people/{newcomer.id}/remove", data={})
    assert User.get_or_none(User.email == "ny@example.com") is None


def test_staff_cannot_remove_a_person_through_another_business(login, demo):
    staff = login("polis@example.com")
    kiosk = business("Kiosken Stenstan")
    other = User.get(User.email == "terminal@example.com")
    assert (
        staff.post(f"/businesses/{kiosk.id}/people/{other.id}/remove", data={}).status_code == 404
    )
    assert User.get_or_none(User.email == "terminal@example.com") is not None


TEAM_ACCESS = {
    None: 302,
    "ombud@example.com": 200,
    "polis@example.com": 403,
    "admin@example.com": 403,
}


@pytest.mark.parametrize("email,status", TEAM_ACCESS.items())
def test_team_page_access(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    assert browser.get("/team/").status_code == status


def test_team_invites_a_colleague_who_sets_a_password_and_can_be_removed(
    app, login, demo, sent_mail
):
    shop = login("ombud@example.com")
    page = shop.get("/team/").text
    assert "ombud@example.com" in page and "terminal@example.com" not in page
    assert shop.post("/team/", data={"email": "kollega@example.com"}).status_code == 303
    link = re.search(
        r"http://portal\.test(/invitation/\S+)", sent_mail[-1].get_body(("plain",)).get_content()
    ).group(1)
    colleague = app.test_client()
    colleague.post(
        link, data={"password": "tea and biscuits at four", "confirm": "tea and biscuits at four"}
    )
    colleague.login("kollega@example.com", "tea and biscuits at four")
    assert "Kiosken Stenstan" in colleague.get("/home").text
    mate = User.get(User.email == "kollega@example.com")
    shop.post(f"/team/{mate.id}/remove", data={})
    assert colleague.get("/home").status_code == 302


def test_team_answers_alike_whether_or_not_an_address_has_an_account(login, demo, sent_mail):
    """A business must not learn who has an account: the same answer either way, and no mail
    or account for an address that already has one."""
    shop = login("ombud@example.com")
    shop.get("/language/en")
    taken = shop.post("/team/", data={"email": "polis@example.com"}, follow_redirects=True)
    free = shop.post("/team/", data={"email": "ny.kollega@example.com"}, follow_redirects=True)
    assert taken.status_code == free.status_code == 200
    assert "an invitation is on its way" in taken.text and "already" not in taken.text
    assert [m["To"] for m in sent_mail] == ["ny.kollega@example.com"]
    assert User.get(User.email == "polis@example.com").business_id is None


def test_staff_are_told_when_an_address_has_an_account(login, demo, sent_mail):
    staff = login("polis@example.com")
    staff.get("/language/en")
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    response = staff.post(f"/businesses/{kiosk.id}/people", data={"email": "kommun@example.com"})
    assert response.status_code == 422 and "already has an account" in response.text
    assert not sent_mail


def test_a_business_has_a_cap_on_open_invitations_and_a_rate_limit(login, demo, sent_mail):
    shop = login("ombud@example.com")
    shop.get("/language/en")
    statuses = [
        shop.post("/team/", data={"email": f"kollega{n}@example.com"}).status_code
        for n in range(11)
    ]
    assert statuses == [303] * 10 + [422]
    assert len(sent_mail) == 10
    more = [shop.post("/team/", data={"email": "x@example.com"}).status_code for _ in range(10)]
    assert more == [422] * 9 + [429]


def test_team_cannot_remove_yourself_or_another_business(login, demo):
    shop = login("ombud@example.com")
    me = User.get(User.email == "ombud@example.com")
    other = User.get(User.email == "terminal@example.com")
    assert shop.post(f"/team/{me.id}/remove", data={}).status_code == 403
    assert shop.post(f"/team/{other.id}/remove", data={}).status_code == 404
    assert (
        User.select().where(User.email.in_(["ombud@example.com", "terminal@example.com"])).count()
        == 2
    )
    assert Session.select().count() >= 1
    assert Area.select().count() == 2
    assert BusinessOperator.select().count() > 0
