import re

import pytest

from app.accounts.models import Session, User
from app.areas.models import (
    Area,
    AreaMunicipality,
    County,
    CustomsRegion,
    CustomsRegionArea,
    Municipality,
)
from app.audit.models import AuditEntry
from app.businesses.models import Operator

ADMIN_PAGES = [
    "/admin/",
    "/admin/areas/",
    "/admin/areas/new",
    "/admin/counties/",
    "/admin/municipalities/",
    "/admin/customs-regions/",
    "/admin/operators/",
    "/admin/operators/new",
    "/admin/staff/",
]
OTHERS = [
    "polis@example.com",
    "kommun@example.com",
    "tull@example.com",
    "lansstyrelsen@example.com",
    "ombud@example.com",
    "polis.umea@example.com",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_are_for_admins_only(app, login, demo, path):
    assert login("admin@example.com").get(path).status_code == 200
    assert app.test_client().get(path).status_code == 302
    for email in OTHERS:
        assert login(email).get(path).status_code == 403, email


def test_unknown_section_and_row_are_404(login, demo):
    admin = login("admin@example.com")
    assert admin.get("/admin/nothing/").status_code == 404
    assert admin.get("/admin/areas/999999").status_code == 404
    assert admin.get("/admin/areas/99999999999999999999").status_code == 404


def test_admin_sets_up_an_area_with_its_municipalities(app, login, demo):
    admin = login("admin@example.com")
    county = County.create(name="Jämtlands län", code="23")
    ostersund = Municipality.create(name="Östersunds kommun", code="2380", county=county)
    response = admin.post(
        "/admin/areas/new",
        data={
            "name": "Östersund",
            "slug": "ostersund",
            "county": county.id,
            "municipalities": [ostersund.id],
            "contact_email": "tif.ostersund@example.com",
            "contact_phone": "070-174 06 07",
            "embargo_days": "30",
            "survey_interval_months": "12",
        },
    )
    assert response.status_code == 303
    area = Area.get(Area.slug == "ostersund")
    assert [link.municipality.name for link in area.coverage] == ["Östersunds kommun"]
    assert AuditEntry.select().where(AuditEntry.action == "area_added").count() == 1
    public = app.test_client().get("/ostersund/").text
    assert "Östersunds kommun" in public and "tif.ostersund@example.com" in public
    assert 'href="tel:+46701740607"' in public and "070-174\xa006\xa007" in public
    # Edit: the form shows the links, and saving replaces them.
    timra = Municipality.get(code="2262")
    form = admin.get(f"/admin/areas/{area.id}").text
    assert re.search(rf'<input checked[^>]*name="municipalities"[^>]*value="{ostersund.id}"', form)
    assert not re.search(rf'<input checked[^>]*name="municipalities"[^>]*value="{timra.id}"', form)
    admin.post(
        f"/admin/areas/{area.id}",
        data={
            "name": "Östersund",
            "slug": "ostersund",
            "county": county.id,
            "municipalities": [ostersund.id, timra.id],
            "embargo_days": "45",
            "survey_interval_months": "12",
        },
    )
    assert AreaMunicipality.select().where(AreaMunicipality.area == area).count() == 2
    assert Area.get_by_id(area.id).embargo_days == 45


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"slug": "sundsvall"}, "already in use"),
        ({"slug": "Bad Slug"}, "lower-case letters"),
        ({"slug": "admin"}, "used by a page of the portal"),
        ({"embargo_days": "-1"}, "between 0 and 365"),
        ({"embargo_days": "many"}, "Not a valid integer"),
        ({"contact_email": "nope"}, "valid email"),
        ({"contact_phone": "114 14"}, "valid phone number"),  # a tip line is not the area's
        ({"name": ""}, "required"),
    ],
)
def test_area_form_refuses_bad_input(login, demo, changes, message):
    admin = login("admin@example.com")
    admin.get("/language/en")
    county = County.get(code="22")
    data = {
        "name": "Ny",
        "slug": "ny",
        "county": county.id,
        "embargo_days": "30",
        "survey_interval_months": "12",
    }
    data.update(changes)
    response = admin.post("/admin/areas/new", data=data)
    assert response.status_code == 422
    assert message in response.text
    assert Area.select().count() == 2


def test_a_new_features_top_level_path_cannot_become_an_area_address(app, demo):
    """Reserved addresses come from the URL map: a blueprint with a new top-level path makes
    its first segment unavailable to areas, without a list to keep up to date."""
    from flask import Blueprint

    from app import create_app, jobs

    with_orders = create_app(app.config)
    jobs.init_app(app)  # jobs keep running in the suite's app
    orders = Blueprint("orders_probe", __name__)
    orders.add_url_rule("/orders/", "index", lambda: "orders")
    with_orders.register_blueprint(orders)
    with_orders.test_client_class = type(app.test_client())
    admin = with_orders.test_client()
    admin.login("admin@example.com")
    data = {
        "name": "Order",
        "slug": "orders",
        "county": County.get(code="22").id,
        "embargo_days": "30",
        "survey_interval_months": "12",
    }
    refused = admin.post("/admin/areas/new", data=data)
    assert refused.status_code == 422 and Area.get_or_none(Area.slug == "orders") is None
    assert app.test_client().get("/orders/").status_code == 404  # the other app: a free address
    data["slug"] = "orders-norr"
    assert admin.post("/admin/areas/new", data=data).status_code == 303


def test_municipality_codes_are_four_digit_text(login, demo):
    admin = login("admin@example.com")
    admin.get("/language/en")
    county = County.get(code="22")
    ok = admin.post(
        "/admin/municipalities/new",
        data={"name": "Stockholms stad", "code": "0180", "county": county.id},
    )
    assert ok.status_code == 303
    assert Municipality.get(Municipality.name == "Stockholms stad").code == "0180"
    for code in ("180", "01800", "01a0", "2281"):
        response = admin.post(
            "/admin/municipalities/new", data={"name": "X", "code": code, "county": county.id}
        )
        assert response.status_code == 422, code


def test_customs_region_areas_can_be_changed(login, demo):
    admin = login("admin@example.com")
    region = CustomsRegion.get(name="Tullregion Norr")
    umea = Area.get(slug="umea")
    assert (
        admin.post(
            f"/admin/customs-regions/{region.id}",
            data={"name": "Tullregion Norr", "areas": [umea.id]},
        ).status_code
        == 303
    )
    assert [
        link.area.slug
        for link in CustomsRegionArea.select().where(CustomsRegionArea.region == region)
    ] == ["umea"]
    customs = login("tull@example.com")
    assert "Sundsvall</li>" not in customs.get("/home").text


def test_operators_can_be_added_and_hidden_from_the_join_form(app, login, demo):
    admin = login("admin@example.com")
    admin.post(
        "/admin/operators/new", data={"name": "Posten Åland", "position": "20", "active": "y"}
    )
    assert "Posten Åland" in app.test_client().get("/sundsvall/join").text
    operator = Operator.get(name="Posten Åland")
    admin.post(f"/admin/operators/{operator.id}", data={"name": "Posten Åland", "position": "20"})
    assert "Posten Åland" not in app.test_client().get("/sundsvall/join").text


def test_admin_invites_staff_who_sets_a_password(app, login, demo, sent_mail):
    admin = login("admin@example.com")
    umea = Area.get(slug="umea")
    response = admin.post(
        "/admin/staff/", data={"email": "ny.polis@example.com", "role": "police", "area": umea.id}
    )
    assert response.status_code == 303
    user = User.get(User.email == "ny.polis@example.com")
    assert user.role == "police" and user.area_id == umea.id and user.municipality_id is None
    link = re.search(
        r"http://portal\.test(/invitation/\S+)", sent_mail[-1].get_body(("plain",)).get_content()
    ).group(1)
    newcomer = app.test_client()
    newcomer.post(
        link, data={"password": "seven bridges of umea", "confirm": "seven bridges of umea"}
    )
    newcomer.login("ny.polis@example.com", "seven bridges of umea")
    newcomer.get("/language/en")
    assert "Police area Umeå" in newcomer.get("/home").text


def test_staff_role_needs_its_scope(login, demo, sent_mail):
    admin = login("admin@example.com")
    admin.get("/language/en")
    response = admin.post("/admin/staff/", data={"email": "x@example.com", "role": "police"})
    assert response.status_code == 422 and "Choose the scope" in response.text
    assert not User.select().where(User.email == "x@example.com").exists()
    # Only the scope that fits the role is kept.
    sundsvall = Area.get(slug="sundsvall")
    county = County.get(code="22")
    admin.post(
        "/admin/staff/",
        data={
            "email": "y@example.com",
            "role": "county",
            "county": county.id,
            "area": sundsvall.id,
        },
    )
    user = User.get(User.email == "y@example.com")
    assert user.county_id == county.id and user.area_id is None and user.scope_is_consistent()


def test_changing_a_role_ends_the_sessions_and_takes_effect(app, login, demo):
    police = login("polis@example.com")
    admin = login("admin@example.com")
    user = User.get(User.email == "polis@example.com")
    umea = Area.get(slug="umea")
    assert (
        admin.post(f"/admin/staff/{user.id}", data={"role": "police", "area": umea.id}).status_code
        == 303
    )
    assert police.get("/home").status_code == 302
    assert User.get_by_id(user.id).area_id == umea.id


def test_disable_and_enable_staff(app, login, demo):
    police = login("polis@example.com")
    admin = login("admin@example.com")
    user = User.get(User.email == "polis@example.com")
    admin.post(f"/admin/staff/{user.id}/disable", data={})
    assert police.get("/home").status_code == 302
    assert (
        app.test_client()
        .post("/login", data={"email": "polis@example.com", "password": "demo-password-2026"})
        .status_code
        == 422
    )
    admin.post(f"/admin/staff/{user.id}/enable", data={})
    app.test_client().login("polis@example.com")
    assert [
        e.action
        for e in AuditEntry.select().where(
            AuditEntry.object_id == user.id, AuditEntry.object_type == "User"
        )
    ] == ["staff_disabled", "staff_enabled"]


def test_admin_cannot_lock_themselves_out(login, demo):
    admin = login("admin@example.com")
    me = User.get(User.email == "admin@example.com")
    assert admin.post(f"/admin/staff/{me.id}/disable", data={}).status_code == 403
    assert (
        admin.post(
            f"/admin/staff/{me.id}", data={"role": "police", "area": Area.get(slug="umea").id}
        ).status_code
        == 422
    )
    assert User.get_by_id(me.id).role == "admin" and User.get_by_id(me.id).is_active


def test_business_accounts_are_not_staff_pages(login, demo):
    shop_user = User.get(User.email == "ombud@example.com")
    assert login("admin@example.com").get(f"/admin/staff/{shop_user.id}").status_code == 404
    assert Session.select().count() >= 1
