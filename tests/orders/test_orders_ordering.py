"""A business orders: what it is offered, the address prefilled, both limits at the field (and
again when two orders are sent at once), what it sees of its orders, withdrawing and
confirming receipt."""

import threading

import pytest
from orders_helpers import (
    CARD,
    POSTER,
    SHEET_SV,
    STICKER,
    business,
    english,
    events_of,
    item,
    make_order,
    person,
    reload,
)

from app.db import database
from app.orders.models import Order, OrderLine
from app.orders.services import OrderRefused, place_order

ADDRESS = {
    "recipient": "Kiosken Stenstan",
    "street_address": "Storgatan 18",
    "postcode": "852 30",
    "postal_town": "Sundsvall",
    "note": "",
}


def order_data(quantities, **changes):
    data = {f"quantity_{it.id}": str(n) for it, n in quantities.items()}
    return {**ADDRESS, **data, **changes}


def row_counts():
    return Order.select().count(), OrderLine.select().count()


def test_the_form_offers_the_areas_and_the_national_items_and_fills_in_the_address(login):
    page = login("ombud@example.com").get("/my-orders/new").text
    assert STICKER in page and POSTER in page  # national, and Sundsvall's own
    assert f'name="quantity_{item(CARD, area="umea").id}"' not in page  # Umeå's
    assert "Affisch A2 för lagerlokal" not in page  # not available now
    assert 'value="Storgatan 18"' in page and 'value="85230"' in page


def test_an_order_is_saved_with_its_lines_and_first_event(login):
    browser = login("terminal@example.com")
    response = browser.post(
        "/my-orders/new",
        data=order_data({item(): 2, item(SHEET_SV): 1}, note="Till kajen", postcode="856 34"),
    )
    assert response.status_code == 303
    order = Order.select().order_by(Order.id.desc()).get()
    assert response.headers["Location"] == f"/my-orders/{order.id}"
    assert order.business_id == business("Sundsvall Paketterminal").id
    assert (order.area.slug, order.municipality.code) == ("sundsvall", "2281")
    assert (order.status, order.postcode, order.note) == ("submitted", "85634", "Till kajen")
    assert order.ordered_by.email == "terminal@example.com"
    lines = {line.item.title: line.quantity for line in order.lines}
    assert lines == {STICKER: 2, SHEET_SV: 1}
    assert events_of(order) == ["submitted"]


def test_more_than_one_order_may_hold_is_refused_at_the_field(login):
    browser = english(login("terminal@example.com"))
    before = row_counts()
    response = browser.post("/my-orders/new", data=order_data({item(): 6}))
    assert response.status_code == 422
    assert f'id="quantity_{item().id}-error"' in response.text
    assert "You can order at most 5 in one order." in response.text
    assert row_counts() == before


def test_a_second_order_past_the_yearly_limit_is_refused_with_what_remains(login):
    browser = english(login("terminal@example.com"))
    assert browser.post("/my-orders/new", data=order_data({item(): 5})).status_code == 303
    assert browser.post("/my-orders/new", data=order_data({item(): 4})).status_code == 303
    before = row_counts()
    response = browser.post("/my-orders/new", data=order_data({item(): 2}))
    assert response.status_code == 422
    assert "Your business can order 1 more this year (at most 10 a year)." in response.text
    assert row_counts() == before
    assert "can order 1 more this year" in browser.get("/my-orders/new").text
    assert browser.post("/my-orders/new", data=order_data({item(): 1})).status_code == 303
    full = browser.post("/my-orders/new", data=order_data({item(): 1}))
    assert "already ordered the most it can this year (10)" in full.text


def test_rejected_and_withdrawn_orders_do_not_count_against_the_limit(app, demo):
    for status in ("rejected", "withdrawn"):
        make_order(status, "Sundsvall Paketterminal", lines={item(): 5})
    make_order("approved", "Sundsvall Paketterminal", lines={item(): 6})
    terminal, by = business("Sundsvall Paketterminal"), person("terminal@example.com")
    address = {**ADDRESS, "postcode": "85634"}
    with app.test_request_context():
        with pytest.raises(OrderRefused) as refused:
            place_order(terminal, address, {item().id: 5}, by)
        assert "kan beställa 4 till i år" in refused.value.problems[item().id]
        place_order(terminal, address, {item().id: 4}, by)


def test_two_orders_sent_at_once_cannot_pass_the_yearly_limit_together(app, demo):
    """Three orders of 5 stickers at the same moment: each alone is within the limit (10 a
    year), two fit together, the third would pass it."""
    terminal = business("Sundsvall Paketterminal")
    start = threading.Barrier(3)
    outcomes = []

    def place():
        with app.test_request_context():
            database.connect(reuse_if_open=True)
            by = person("terminal@example.com")
            start.wait()
            try:
                place_order(terminal, {**ADDRESS, "postcode": "85634"}, {item().id: 5}, by)
                outcomes.append("placed")
            except OrderRefused:
                outcomes.append("refused")
            finally:
                database.close()

    threads = [threading.Thread(target=place) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["placed", "placed", "refused"]
    stickers = (
        OrderLine.select()
        .join(Order)
        .where((Order.business == terminal) & (OrderLine.item == item()))
    )
    total = sum(line.quantity for line in stickers)
    assert total == 10


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"quantity": "abc"}, "Write the number with digits"),
        ({"quantity": "-1"}, "Write a number from 0 and up."),
        ({"quantity": "-99999999999999999999999"}, "Write a number from 0 and up."),
        ({"quantity": "0"}, "Write how many you want of at least one item."),
        ({"quantity": ""}, "Write how many you want of at least one item."),
        ({"recipient": ""}, "Fill in who receives the order."),
        ({"street_address": ""}, "Fill in the street address."),
        ({"postcode": "123"}, "postcode of five digits"),
        ({"postal_town": "x" * 61}, "60 characters"),
        ({"note": "x" * 301}, "300 characters"),
        ({"note": "Hej\x00då"}, "hidden characters"),
        ({"recipient": "<script>alert(1)</script>", "quantity": "abc"}, "&lt;script&gt;"),
    ],
)
def test_bad_input_gets_its_message_and_nothing_is_saved(login, changes, message):
    browser = english(login("terminal@example.com"))
    changes = dict(changes)
    quantity = changes.pop("quantity", "1")
    before = row_counts()
    response = browser.post(
        "/my-orders/new", data={**order_data({}), f"quantity_{item().id}": quantity, **changes}
    )
    assert response.status_code == 422
    assert message in response.text and "<script>alert(1)" not in response.text
    assert row_counts() == before


def test_an_item_of_another_area_cannot_be_ordered(login):
    umea_card = item(CARD, area="umea")
    before = row_counts()
    response = login("terminal@example.com").post(
        "/my-orders/new", data={**order_data({}), f"quantity_{umea_card.id}": "1"}
    )
    assert response.status_code == 422
    assert row_counts() == before


def test_the_business_sees_its_orders_and_the_history_but_not_who_in_the_police(login):
    received = make_order("received")
    rejected = make_order("rejected", reject_reason="De arabiska bladen är slut.")
    browser = english(login("ombud@example.com"))
    listing = browser.get("/my-orders/").text
    assert f"/my-orders/{received.id}" in listing and f"/my-orders/{rejected.id}" in listing
    others = Order.select().where(Order.business != business())
    assert not any(f'/my-orders/{other.id}"' in listing for other in others)
    page = browser.get(f"/my-orders/{received.id}").text
    for status in ("Submitted", "Approved", "Sent", "Received"):
        assert status in page
    assert "the police" in page
    assert "Anna Berglund" not in page  # staff by role only
    assert "Leila Haddad" in page  # the business's own colleague by name
    assert "De arabiska bladen är slut." in browser.get(f"/my-orders/{rejected.id}").text


@pytest.mark.parametrize(
    "email,status",
    [("terminal@example.com", 404), ("ombud.umea@example.com", 404), ("polis@example.com", 403)],
)
def test_another_business_or_staff_cannot_see_a_business_order(login, email, status):
    assert login(email).get(f"/my-orders/{make_order('submitted').id}").status_code == status


def test_withdraw_before_approval_and_confirm_receipt(login):
    browser = english(login("ombud@example.com"))
    submitted, sent, approved = make_order("submitted"), make_order("sent"), make_order("approved")
    response = browser.post(f"/my-orders/{submitted.id}/withdraw", data={})
    assert response.status_code == 303 and reload(submitted).status == "withdrawn"
    assert "The order is withdrawn." in browser.get(response.headers["Location"]).text
    browser.post(f"/my-orders/{sent.id}/confirm", data={})
    assert reload(sent).status == "received"
    refused = browser.post(f"/my-orders/{approved.id}/withdraw", data={})
    assert reload(approved).status == "approved"
    page = browser.get(refused.headers["Location"]).text
    assert "was not changed" in page and "“Approved”" in page


def test_another_business_cannot_withdraw_or_confirm(login):
    browser = login("ombud.umea@example.com")
    submitted, sent = make_order("submitted"), make_order("sent")
    assert browser.post(f"/my-orders/{submitted.id}/withdraw", data={}).status_code == 404
    assert browser.post(f"/my-orders/{sent.id}/confirm", data={}).status_code == 404
    assert reload(submitted).status == "submitted" and reload(sent).status == "sent"


def test_the_business_home_asks_to_confirm_what_was_sent(login):
    assert "has been sent to you" in english(login("ombud@example.com")).get("/home").text
    assert "has been sent to you" not in english(login("terminal@example.com")).get("/home").text


def test_the_prepared_count_to_confirm_is_the_scoped_count(app, demo):
    """The home panel's count is a prepared query: it counts what scoped() reads."""
    from app.accounts.models import User
    from app.orders.queries import to_confirm
    from app.security import scoped

    counted = 0
    with app.test_request_context():
        for user in User.select().where(User.role == "business"):
            sent = scoped(Order, user, Order.select().where(Order.status == "sent")).count()
            assert (to_confirm(user) or {}).get("to_confirm", 0) == sent, user.email
            counted += sent
    assert counted > 0
