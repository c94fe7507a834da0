"""The scope matrix: every role against objects inside and outside its scope."""

import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden, NotFound

from app.accounts.models import User
from app.areas.models import Area
from app.audit.models import AuditEntry, record
from app.businesses.models import Business
from app.security import can, get_in_scope, requires, scoped

ALL = {"Kiosken Stenstan", "Sundsvall Paketterminal", "Ålidhems Livs"}
SUNDSVALL = {"Kiosken Stenstan", "Sundsvall Paketterminal"}

VISIBLE_BUSINESSES = {
    "admin@example.com": ALL,
    "polis@example.com": SUNDSVALL,
    "polis.umea@example.com": {"Ålidhems Livs"},
    "kommun@example.com": SUNDSVALL,
    "tull@example.com": ALL,
    "lansstyrelsen@example.com": SUNDSVALL,
    "ombud@example.com": {"Kiosken Stenstan"},
    "terminal@example.com": {"Sundsvall Paketterminal"},
    "ombud.umea@example.com": {"Ålidhems Livs"},
}

VISIBLE_AREAS = {
    "admin@example.com": {"Sundsvall", "Umeå"},
    "polis@example.com": {"Sundsvall"},
    "polis.umea@example.com": {"Umeå"},
    "kommun@example.com": {"Sundsvall"},
    "tull@example.com": {"Sundsvall", "Umeå"},
    "lansstyrelsen@example.com": {"Sundsvall"},
    "ombud@example.com": set(),
    "terminal@example.com": set(),
    "ombud.umea@example.com": set(),
}


def user(email):
    return User.get(User.email == email)


@pytest.mark.parametrize("email,expected", VISIBLE_BUSINESSES.items())
def test_scoped_businesses(demo, email, expected):
    assert {b.name for b in scoped(Business, user(email))} == expected


@pytest.mark.parametrize("email,expected", VISIBLE_AREAS.items())
def test_scoped_areas(demo, email, expected):
    assert {a.name for a in scoped(Area, user(email))} == expected


@pytest.mark.parametrize("email", VISIBLE_BUSINESSES)
def test_objects_outside_the_scope_answer_404(demo, email):
    visible = VISIBLE_BUSINESSES[email]
    for business in Business.select():
        if business.name in visible:
            assert get_in_scope(Business, business.id, user(email)).id == business.id
        else:
            with pytest.raises(NotFound):
                get_in_scope(Business, business.id, user(email))


@pytest.mark.parametrize("bad_id", ["abc", None, "999999", "-1", "1 OR 1=1"])
def test_unknown_or_malformed_ids_answer_404(demo, bad_id):
    with pytest.raises(NotFound):
        get_in_scope(Business, bad_id, user("admin@example.com"))


def test_municipality_staff_see_their_municipality_in_every_area_that_covers_it(demo, db):
    from app.areas.models import AreaMunicipality, County, Municipality

    county = County.get(County.code == "22")
    other_area = Area.create(name="Sundsvall Norra", slug="sundsvall-norra", county=county)
    sundsvall = Municipality.get(Municipality.code == "2281")
    timra = Municipality.get(Municipality.code == "2262")
    AreaMunicipality.create(area=other_area, municipality=sundsvall)
    Business.create(
        name="Norra Ombud", site_type="paketombud", area=other_area, municipality=sundsvall
    )
    Business.create(name="Timrå Ombud", site_type="paketombud", area=other_area, municipality=timra)
    names = {b.name for b in scoped(Business, user("kommun@example.com"))}
    assert names == SUNDSVALL | {"Norra Ombud"}
    police = {b.name for b in scoped(Business, user("polis@example.com"))}
    assert "Norra Ombud" not in police and "Timrå Ombud" not in police


def test_national_customs_officer_sees_every_area(demo, db):
    officer = User.create(email="tull.nationell@example.com", role="customs")
    assert {a.name for a in scoped(Area, officer)} == {"Sundsvall", "Umeå"}
    assert officer.scope_is_consistent()


def test_scope_fields_must_fit_the_role(demo, db):
    area = Area.get(Area.slug == "sundsvall")
    assert not User(role="police").scope_is_consistent()
    assert User(role="police", area=area).scope_is_consistent()
    assert not User(role="business", area=area).scope_is_consistent()
    assert User(role="admin").scope_is_consistent()


CAPABILITY_MATRIX = {
    "view_businesses": {"police", "municipality", "admin"},
    "manage_businesses": {"police", "municipality", "admin"},
    "administer": {"admin"},
    "business_self": {"business"},
}


@pytest.mark.parametrize("capability,roles", CAPABILITY_MATRIX.items())
def test_capabilities_follow_the_design_table(demo, capability, roles):
    for email, _names in VISIBLE_BUSINESSES.items():
        account = user(email)
        assert can(capability, account) == (account.role in roles), (capability, email)


def test_requires_sends_anonymous_to_login_and_refuses_other_roles(app, demo):
    @requires("administer")
    def admin_only():
        return "secret"

    with app.test_request_context("/admin-only"):
        response = admin_only()
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    with app.test_request_context("/admin-only"):
        login_user(user("polis@example.com"))
        with pytest.raises(Forbidden):
            admin_only()
    with app.test_request_context("/admin-only"):
        login_user(user("admin@example.com"))
        assert admin_only() == "secret"


def test_audit_entries_are_scoped_like_their_object(app, demo):
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    alidhem = Business.get(Business.name == "Ålidhems Livs")
    record("business_suspended", kiosk, actor=user("polis@example.com"))
    record("business_suspended", alidhem, actor=user("polis.umea@example.com"))
    sundsvall_view = {
        e.object_id
        for e in scoped(AuditEntry, user("polis@example.com")).where(
            AuditEntry.action == "business_suspended"
        )
    }
    assert sundsvall_view == {kiosk.id}
    entry = AuditEntry.get(
        (AuditEntry.object_id == kiosk.id) & (AuditEntry.action == "business_suspended")
    )
    assert entry.actor.email == "polis@example.com" and entry.object_type == "Business"
