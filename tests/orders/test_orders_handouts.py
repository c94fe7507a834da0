"""Stickers handed out in person: recorded by staff in their scope, and counted with the
stickers sent in orders per area and municipality."""

from datetime import date, datetime, timedelta

import pytest
from orders_helpers import english, item, make_order

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.audit.models import AuditEntry
from app.db import utcnow
from app.orders.models import Order, StickerHandout
from app.orders.queries import local_year, stickers_distributed


def handout_data(**changes):
    data = {
        "area": str(Area.get(Area.slug == "sundsvall").id),
        "municipality": str(Municipality.get(Municipality.code == "2262").id),
        "handed_out_on": (utcnow() - timedelta(days=1)).date().isoformat(),
        "occasion": "visit",
        "quantity": "7",
    }
    return {**data, **changes}


def test_police_record_stickers_handed_out_at_a_visit(login):
    staff = english(login("polis@example.com"))
    response = staff.post("/stickers/handouts/new", data=handout_data())
    assert response.status_code == 303
    assert "7 stickers handed out are recorded." in staff.get(response.headers["Location"]).text
    handout = StickerHandout.get(StickerHandout.quantity == 7)
    assert handout.municipality.code == "2262" and handout.recorded_by.email == "polis@example.com"
    assert AuditEntry.get(AuditEntry.action == "order_handout_recorded").object_id == handout.id


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"quantity": "0"}, "Write a number from 1 and up."),
        ({"quantity": "lots"}, "Write the number with digits"),
        ({"quantity": ""}, "Fill in how many stickers were handed out."),
        ({"handed_out_on": ""}, "Fill in the date the stickers were handed out."),
        ({"handed_out_on": "31/12"}, "Not a valid date value"),
        ({"handed_out_on": (date.today() + timedelta(days=2)).isoformat()}, "in the future"),
        ({"occasion": "party"}, "Not a valid choice"),
        ({"municipality": str(10**20)}, "Not a valid choice"),
    ],
)
def test_bad_input_is_refused_at_the_field(login, changes, message):
    staff = english(login("polis@example.com"))
    before = StickerHandout.select().count()
    response = staff.post("/stickers/handouts/new", data=handout_data(**changes))
    assert response.status_code == 422 and message in response.text
    assert StickerHandout.select().count() == before


def test_a_municipality_outside_the_area_or_scope_is_refused(login):
    umea_kommun = Municipality.get(Municipality.code == "2480")
    police = english(login("polis@example.com"))
    refused = police.post(
        "/stickers/handouts/new", data=handout_data(municipality=str(umea_kommun.id))
    )
    assert refused.status_code == 422
    # The municipality's coordinator records only in its own municipality.
    municipality = login("kommun@example.com")
    assert municipality.post("/stickers/handouts/new", data=handout_data()).status_code == 422
    sundsvalls_kommun = Municipality.get(Municipality.code == "2281")
    accepted = municipality.post(
        "/stickers/handouts/new", data=handout_data(municipality=str(sundsvalls_kommun.id))
    )
    assert accepted.status_code == 303


def distributed(app, email, year_offset=0):
    with app.test_request_context():
        return stickers_distributed(User.get(User.email == email), local_year() + year_offset)


def this_year(app):
    with app.test_request_context():
        return local_year()


def test_the_count_adds_stickers_sent_in_orders_to_those_handed_out(app, demo):
    """In March this year: the Kiosk's sent order holds 1 sticker (and a poster, which is no
    sticker), and it received 2 more in an order made here; 25 were handed out at a meeting in
    Sundsvall and 4 at a visit in Timrå. Orders not sent (submitted, approved, rejected) count
    for nothing."""
    make_order("received", lines={item(): 2})
    make_order("approved", lines={item(): 5})
    march = datetime(this_year(app), 3, 1, 12)
    Order.update(sent_at=march).where(Order.sent_at.is_null(False)).execute()
    StickerHandout.update(handed_out_on=march.date()).execute()
    by_place = {(r["area"], r["municipality"]): r for r in distributed(app, "polis@example.com")}
    assert by_place == {
        ("Sundsvall", "Sundsvalls kommun"): {
            "area": "Sundsvall",
            "municipality": "Sundsvalls kommun",
            "ordered": 3,
            "handed_out": 25,
            "total": 28,
        },
        ("Sundsvall", "Timrå kommun"): {
            "area": "Sundsvall",
            "municipality": "Timrå kommun",
            "ordered": 0,
            "handed_out": 4,
            "total": 4,
        },
    }
    assert sum(r["ordered"] for r in distributed(app, "polis.umea@example.com")) == 2
    handed = {
        email: sum(r["handed_out"] for r in distributed(app, email))
        for email in ("kommun@example.com", "polis.umea@example.com", "admin@example.com")
    }
    assert handed == {
        "kommun@example.com": 25,  # Sundsvalls kommun only, not Timrå
        "polis.umea@example.com": 30 + 6,
        "admin@example.com": 25 + 4 + 30 + 6,
    }
    assert distributed(app, "admin@example.com", year_offset=-1) == []


def test_the_page_shows_the_count_in_scope(app, demo, login):
    StickerHandout.update(handed_out_on=date(this_year(app), 3, 1)).execute()
    page = english(login("kommun@example.com")).get("/stickers/handouts/").text
    assert "Sundsvalls kommun" in page and "Umeå kommun" not in page and "Timrå" not in page
    assert "<td>25</td>" in page


def test_a_record_is_removed_by_staff_in_scope_only(login):
    timra = StickerHandout.get(StickerHandout.quantity == 4)
    assert (
        login("polis.umea@example.com")
        .post(f"/stickers/handouts/{timra.id}/delete", data={})
        .status_code
        == 404
    )
    assert (
        login("kommun@example.com")
        .post(f"/stickers/handouts/{timra.id}/delete", data={})
        .status_code
        == 404
    )
    assert (
        login("polis@example.com")
        .post(f"/stickers/handouts/{timra.id}/delete", data={})
        .status_code
        == 303
    )
    assert StickerHandout.get_or_none(StickerHandout.id == timra.id) is None
    assert AuditEntry.get(AuditEntry.action == "order_handout_deleted").object_id == timra.id
