"""Shared by the orders tests: orders made in any status, the demo's items and people, and an
English client."""

from datetime import timedelta

from app.accounts.models import User
from app.businesses.models import Business
from app.db import utcnow
from app.orders.demo import add_order
from app.orders.models import CatalogueItem, Order, OrderEvent

STICKER = "Dekal ”Vi samarbetar mot illegala försändelser”"
POSTER = "Affisch A3 ”Tillsammans mot illegala försändelser”"
SHEET_SV = "Informationsblad om TIF på svenska, A4"
SHEET_AR = "Informationsblad om TIF på arabiska, A4"
CARD = "Diskkort ”Vad gör jag nu?”, laminerat A5"  # Umeå's own

# The statuses an order passes through to reach each one, and who sets them.
PATHS = {
    "submitted": ["submitted"],
    "approved": ["submitted", "approved"],
    "sent": ["submitted", "approved", "sent"],
    "received": ["submitted", "approved", "sent", "received"],
    "rejected": ["submitted", "rejected"],
    "withdrawn": ["submitted", "withdrawn"],
}
BY_THE_BUSINESS = ("submitted", "received", "withdrawn")
STAFF_OF = {"sundsvall": "polis@example.com", "umea": "polis.umea@example.com"}


def person(email):
    return User.get(User.email == email)


def business(name="Kiosken Stenstan"):
    return Business.get(Business.name == name)


def item(title=STICKER, area=None):
    """A catalogue item by title: national (area None) or of the area with that slug."""
    query = CatalogueItem.select().where(CatalogueItem.title == title)
    if area is None:
        return query.where(CatalogueItem.area.is_null()).get()
    area_model = CatalogueItem.area.rel_model
    return query.join(area_model).where(area_model.slug == area).get()


def make_order(status="submitted", name="Kiosken Stenstan", lines=None, days_ago=0, **extra):
    """A new order of the business that has gone through the statuses before `status`, with
    `lines` {item: quantity} (one sticker by default)."""
    owner = business(name)
    orderer = User.get(User.business == owner)
    staff = person(STAFF_OF[owner.area.slug])
    at = utcnow() - timedelta(days=days_ago, minutes=10)
    history = [(step, orderer if step in BY_THE_BUSINESS else staff, at) for step in PATHS[status]]
    return add_order(owner, orderer, history, lines or {item(): 1}, **extra)


def reload(order):
    return Order.get_by_id(order.id)


def events_of(order):
    events = OrderEvent.select().where(OrderEvent.order == order.id).order_by(OrderEvent.id)
    return [event.status for event in events]


def english(browser):
    browser.get("/language/en")
    return browser
