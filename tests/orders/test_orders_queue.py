"""The staff's queue: who sees which orders, the filters, changes in place with HTMX (with the
counters out of band) and without JavaScript, several orders in one step, and queries that
do not grow with the number of orders."""

import re
from datetime import timedelta

import pytest
from orders_helpers import POSTER, SHEET_SV, business, english, item, make_order, person, reload

from app.areas.models import Municipality
from app.db import count_queries, utcnow
from app.orders.models import Order, OrderEvent, OrderLine

HTMX = {"HX-Request": "true"}
QUEUE_ACCESS = {
    None: 302,
    "ombud@example.com": 403,
    "tull@example.com": 403,
    "lansstyrelsen@example.com": 403,
    "polis@example.com": 200,
    "kommun@example.com": 200,
    "admin@example.com": 200,
    "polis.umea@example.com": 200,
}


def shown_orders(html) -> set[int]:
    return {int(n) for n in re.findall(r'id="order-(\d+)"', html)}


def orders_of(*names) -> set[int]:
    return {o.id for name in names for o in Order.select().where(Order.business == business(name))}


@pytest.mark.parametrize("email,status", QUEUE_ACCESS.items())
def test_queue_access_and_scope(app, login, demo, email, status):
    browser = login(email) if email else app.test_client()
    response = browser.get("/stickers/orders/")
    assert response.status_code == status
    if status == 200:
        sundsvall = orders_of("Kiosken Stenstan", "Sundsvall Paketterminal")
        umea = orders_of("Ålidhems Livs")
        expected = {
            "polis@example.com": sundsvall,
            "kommun@example.com": sundsvall,
            "admin@example.com": sundsvall | umea,
            "polis.umea@example.com": umea,
        }[email]
        assert shown_orders(response.text) == expected


def test_a_municipality_sees_only_its_own_municipalitys_orders(login):
    timra = make_order("submitted")
    timra_kommun = Municipality.get(Municipality.code == "2262")
    Order.update(municipality=timra_kommun).where(Order.id == timra.id).execute()
    assert timra.id not in shown_orders(login("kommun@example.com").get("/stickers/orders/").text)
    assert timra.id in shown_orders(login("polis@example.com").get("/stickers/orders/").text)
    assert login("kommun@example.com").get(f"/stickers/orders/{timra.id}").status_code == 404


@pytest.mark.parametrize(
    "email", ["polis.umea@example.com", "ombud@example.com", "tull@example.com"]
)
def test_staff_of_another_area_and_other_roles_cannot_open_or_change_an_order(login, email):
    order = make_order("submitted")
    browser = login(email)
    assert browser.get(f"/stickers/orders/{order.id}").status_code in (403, 404)
    for action in ("approve", "send", "reject"):
        response = browser.post(f"/stickers/orders/{order.id}/{action}", data={"reason": "x"})
        assert response.status_code in (403, 404)
    assert reload(order).status == "submitted"


def only(*orders):
    """Leave only these orders (the demo's go), for exact expectations."""
    Order.delete().where(Order.id.not_in([o.id for o in orders])).execute()
    return orders


def test_filters(login):
    kiosk_new, kiosk_old, terminal, umea = only(
        make_order("submitted", lines={item(): 1}, days_ago=1),
        make_order("approved", lines={item(POSTER, area="sundsvall"): 1}, days_ago=60),
        make_order("approved", "Sundsvall Paketterminal", lines={item(SHEET_SV): 2}, days_ago=5),
        make_order("approved", "Ålidhems Livs", days_ago=1),
    )
    browser = login("polis@example.com")

    def shown(query):
        return shown_orders(browser.get(f"/stickers/orders/?{query}").text)

    assert shown("") == {kiosk_new.id, kiosk_old.id, terminal.id}
    assert shown("status=approved") == {kiosk_old.id, terminal.id}
    assert shown("site_type=terminal") == {terminal.id}
    assert shown(f"item={item(SHEET_SV).id}") == {terminal.id}
    assert shown(f"item={item().id}&status=submitted") == {kiosk_new.id}
    since = (utcnow() - timedelta(days=3)).date().isoformat()
    until = (utcnow() - timedelta(days=50)).date().isoformat()
    assert shown(f"since={since}") == {kiosk_new.id}
    assert shown(f"until={until}") == {kiosk_old.id}
    kommun = Municipality.get(Municipality.code == "2262")
    assert shown(f"municipality={kommun.id}") == set()
    # A refused filter is left out, never a 500.
    assert shown("since=yesterday&status=nonsense&item=abc&municipality=" + "9" * 30) == {
        kiosk_new.id,
        kiosk_old.id,
        terminal.id,
    }
    assert umea.id not in shown("status=approved")


def test_the_filters_answer_the_results_alone_to_htmx(login):
    sent = make_order("sent")
    response = login("polis@example.com").get("/stickers/orders/?status=sent", headers=HTMX)
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text
    assert shown_orders(response.text) == {
        o.id for o in Order.select().where(Order.status == "sent", Order.area == sent.area)
    }


def test_approve_in_place_answers_the_card_and_the_counters(login):
    only()
    order = make_order("submitted")
    make_order("approved", "Sundsvall Paketterminal")
    browser = english(login("polis@example.com"))
    response = browser.post(
        f"/stickers/orders/{order.id}/approve?next=/stickers/orders/%3Fstatus%3Dsubmitted",
        data={},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<article id="order-{order.id}"')
    assert (
        f'<p class="flash flash-success" role="status">Order {order.id} is approved.'
        in response.text
    )
    counters = re.search(
        r'<nav id="order-counts"[^>]*hx-swap-oob="true".*?</nav>', response.text, re.S
    )
    assert counters is not None
    assert 'status=approved">Approved <span class="count">2<' in counters.group(0)
    assert 'status=submitted">Submitted <span class="count">0<' in counters.group(0)
    assert reload(order).status == "approved"


def test_without_javascript_a_change_returns_to_the_queue_it_came_from(login):
    order = make_order("submitted")
    browser = english(login("kommun@example.com"))
    response = browser.post(
        f"/stickers/orders/{order.id}/approve?next=/stickers/orders/%3Fstatus%3Dsubmitted", data={}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/stickers/orders/?status=submitted"
    assert f"Order {order.id} is approved." in browser.get(response.headers["Location"]).text
    away = browser.post(f"/stickers/orders/{order.id}/send?next=https://evil.example/", data={})
    assert away.headers["Location"] == f"/stickers/orders/{order.id}"  # never off the site


def test_send_with_a_tracking_number_and_reject_with_a_reason(login):
    browser = english(login("polis@example.com"))
    approved, submitted = make_order("approved"), make_order("submitted")
    browser.post(
        f"/stickers/orders/{approved.id}/send", data={"tracking_reference": " UA123456785SE "}
    )
    assert (reload(approved).status, reload(approved).tracking_reference) == (
        "sent",
        "UA123456785SE",
    )
    empty = browser.post(
        f"/stickers/orders/{submitted.id}/reject", data={"reason": "  "}, headers=HTMX
    )
    assert empty.status_code == 422 and "Write the reason for the business." in empty.text
    assert (
        f'id="reason-{submitted.id}-error"' in empty.text
        and '<details class="reject" open>' in empty.text
    )
    assert reload(submitted).status == "submitted"
    page = browser.post(f"/stickers/orders/{submitted.id}/reject", data={"reason": ""})
    assert page.status_code == 422 and 'id="reason-error"' in page.text
    browser.post(
        f"/stickers/orders/{submitted.id}/reject", data={"reason": "Dekalerna är slut till april."}
    )
    assert reload(submitted).status == "rejected"
    assert reload(submitted).reject_reason == "Dekalerna är slut till april."


@pytest.mark.parametrize("value", ["x" * 61, "UA\x00SE"])
def test_a_bad_tracking_number_is_refused_at_the_field(login, value):
    approved = make_order("approved")
    browser = english(login("polis@example.com"))
    fragment = browser.post(
        f"/stickers/orders/{approved.id}/send", data={"tracking_reference": value}, headers=HTMX
    )
    assert fragment.status_code == 422 and f'id="tracking-{approved.id}-error"' in fragment.text
    page = browser.post(f"/stickers/orders/{approved.id}/send", data={"tracking_reference": value})
    assert page.status_code == 422 and 'id="tracking_reference-error"' in page.text
    assert reload(approved).status == "approved"


def test_the_order_page_offers_only_the_changes_its_status_allows(login):
    browser = english(login("polis@example.com"))
    pages = {
        status: browser.get(f"/stickers/orders/{make_order(status).id}").text
        for status in ("submitted", "approved", "received")
    }
    assert (
        "/approve" in pages["submitted"]
        and "/reject" in pages["submitted"]
        and "/send" not in pages["submitted"]
    )
    assert (
        "/send" in pages["approved"]
        and "/reject" in pages["approved"]
        and "/approve" not in pages["approved"]
    )
    assert not any(action in pages["received"] for action in ("/approve", "/send", "/reject"))


def test_approve_several_in_one_step(login):
    browser = english(login("polis@example.com"))
    kiosk, terminal = make_order("submitted"), make_order("submitted", "Sundsvall Paketterminal")
    sent = make_order("sent")
    umea = make_order("submitted", "Ålidhems Livs")
    response = browser.post(
        "/stickers/orders/selection?status=submitted",
        data={"orders": [kiosk.id, terminal.id, sent.id, umea.id], "action": "approve"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert response.text.count("2 orders are approved.") == 1  # once, above the cards
    assert '<p class="flash flash-error" role="status">' in response.text  # one was refused
    assert f"{sent.id} (Sent)" in response.text  # refused, with its status
    assert 'hx-swap-oob="true"' in response.text
    assert reload(kiosk).status == reload(terminal).status == "approved"
    assert reload(sent).status == "sent"
    assert reload(umea).status == "submitted"  # another area's order is left alone


def test_mark_every_order_matching_the_filter_as_sent_without_javascript(login):
    only()
    approved = {make_order("approved").id, make_order("approved", "Sundsvall Paketterminal").id}
    umea = make_order("approved", "Ålidhems Livs")
    browser = english(login("kommun@example.com"))
    response = browser.post(
        "/stickers/orders/selection?status=approved", data={"everything": "y", "action": "send"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/stickers/orders/?status=approved"
    assert {o.id for o in Order.select().where(Order.status == "sent")} == approved
    assert "2 orders are marked as sent." in browser.get(response.headers["Location"]).text
    assert reload(umea).status == "approved"


@pytest.mark.parametrize(
    "data",
    [
        {"action": "approve"},
        {"orders": "abc", "action": "approve"},
        {"orders": "-99999999999999999999999", "action": "approve"},
        {"orders": "1", "action": "destroy"},
        {"orders": "999999", "action": "approve"},
    ],
)
def test_a_bad_selection_is_refused_and_changes_nothing(login, data):
    browser = english(login("polis@example.com"))
    before = list(OrderEvent.select().tuples())
    response = browser.post("/stickers/orders/selection", data=data)
    assert response.status_code == 422
    assert list(OrderEvent.select().tuples()) == before


def add_orders(n):
    kiosk = business()
    for _ in range(n):
        order = Order.create(
            business=kiosk,
            area=kiosk.area_id,
            municipality=kiosk.municipality_id,
            recipient="Kiosken Stenstan",
            street_address="Storgatan 18",
            postcode="85230",
            postal_town="Sundsvall",
        )
        OrderLine.create(order=order, item=item(), quantity=1)
        OrderLine.create(order=order, item=item(POSTER, area="sundsvall"), quantity=1)
        OrderEvent.create(order=order, status="submitted", by=person("ombud@example.com"))


@pytest.mark.parametrize(
    "email,path",
    [
        ("polis@example.com", "/stickers/orders/"),
        ("admin@example.com", "/stickers/orders/?status=submitted"),
        ("kommun@example.com", "/stickers/handouts/"),
        ("polis@example.com", "/stickers/catalogue/"),
        ("ombud@example.com", "/my-orders/"),
        ("ombud@example.com", "/my-orders/new"),
        ("ombud@example.com", "/home"),
        ("polis@example.com", "/home"),
    ],
)
def test_queries_per_page_do_not_grow_with_the_orders(login, email, path):
    browser = login(email)
    counts = []
    for n in (5, 45):
        add_orders(n)
        browser.get(path)
        with count_queries() as queries:
            assert browser.get(path).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


def test_the_queue_pages_through_many_orders(login):
    add_orders(30)
    browser = login("polis@example.com")
    first = shown_orders(browser.get("/stickers/orders/").text)
    second = shown_orders(browser.get("/stickers/orders/?page=2").text)
    assert len(first) == 20 and second and not first & second
