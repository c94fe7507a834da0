"""Who reaches which page of orders: every role, both areas, and anonymous visitors. Nothing
public says which businesses have ordered (the sticker is optional and no list names sites)."""

import pytest
from conftest import DEMO_ACCOUNTS
from orders_helpers import make_order

from app.orders.models import Order

STAFF = {"polis@example.com", "kommun@example.com", "admin@example.com", "polis.umea@example.com"}
BUSINESSES = {"ombud@example.com", "terminal@example.com", "ombud.umea@example.com"}
CALLERS = [None, *DEMO_ACCOUNTS]


def expected(email, page):
    """The answer `email` gets on `page`: kind "staff" or "business", and whose the object of
    the page is (None: a page without one)."""
    kind, owner = page
    if email is None:
        return 302
    allowed = STAFF if kind == "staff" else BUSINESSES
    if email not in allowed:
        return 403
    if owner is None or owner == email:
        return 200
    same_area = {"polis@example.com", "kommun@example.com", "admin@example.com"}
    if kind == "staff" and owner == "sundsvall" and email in same_area:
        return 200
    return 404


@pytest.mark.parametrize("email", CALLERS)
def test_each_page_answers_each_role_and_scope(app, login, email):
    kiosk_order = make_order("sent")
    pages = {
        "/stickers/orders/": ("staff", None),
        f"/stickers/orders/{kiosk_order.id}": ("staff", "sundsvall"),
        "/stickers/catalogue/": ("staff", None),
        "/stickers/catalogue/new": ("staff", None),
        "/stickers/handouts/": ("staff", None),
        "/stickers/handouts/new": ("staff", None),
        "/stickers/digest": ("staff", None),
        "/my-orders/": ("business", None),
        "/my-orders/new": ("business", None),
        f"/my-orders/{kiosk_order.id}": ("business", "ombud@example.com"),
    }
    browser = login(email) if email else app.test_client()
    for path, page in pages.items():
        assert browser.get(path).status_code == expected(email, page), (email, path)


def test_unknown_and_impossible_ids_are_404(login):
    staff, business = login("admin@example.com"), login("ombud@example.com")
    missing = (Order.select().count() + 1000, 2**63 - 1)
    for number in missing:
        assert staff.get(f"/stickers/orders/{number}").status_code == 404
        assert business.get(f"/my-orders/{number}").status_code == 404
        assert staff.post(f"/stickers/orders/{number}/approve", data={}).status_code == 404
    assert staff.get("/stickers/orders/99999999999999999999").status_code == 404


def test_no_public_page_names_a_business_that_ordered(app, demo, client):
    make_order("received")
    for path in ("/", "/sundsvall/", "/umea/", "/sundsvall/counter-card", "/login"):
        page = client.get(path, follow_redirects=True).text
        for name in ("Kiosken Stenstan", "Sundsvall Paketterminal", "Ålidhems Livs"):
            assert name not in page, (path, name)
