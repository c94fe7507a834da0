"""Sticker orders (handbook 4.1.3): the catalogue of an area (and national items), orders with
their lines and history, stickers handed out in person, and staff's opt-in to a daily digest."""

import peewee as pw
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import BaseModel, utcnow

ITEM_KINDS = ("sticker", "poster", "info_sheet", "other")
STATUSES = ("submitted", "approved", "sent", "received", "rejected", "withdrawn")
# Orders that count against the yearly limit and are still to be handled or delivered.
COUNTED_STATUSES = ("submitted", "approved", "sent", "received")
DELIVERED_STATUSES = ("sent", "received")
OCCASIONS = ("meeting", "follow_up", "visit", "other")


class CatalogueImage(BaseModel):
    """A catalogue item's small picture (PNG or SVG, checked by content). Not secret: any
    business or staff member who orders or handles orders may load it."""

    stored_name = pw.CharField(max_length=40)
    created_at = pw.DateTimeField(default=utcnow)


class CatalogueItem(BaseModel):
    """Something businesses can order: the sticker, a poster, printed information sheets. An
    item without an area is national, offered in every area, and only admins edit it."""

    label = _l("Catalogue item")  # how the audit log names it

    area = pw.ForeignKeyField(Area, null=True, backref="catalogue_items", on_delete="CASCADE")
    kind = pw.CharField(max_length=20, choices=[(k, k) for k in ITEM_KINDS])
    title = pw.CharField(max_length=100)
    description = pw.CharField(max_length=500, default="")
    language = pw.CharField(max_length=12, default="")  # what a printed sheet is written in
    image = pw.ForeignKeyField(CatalogueImage, null=True, on_delete="SET NULL")
    max_per_order = pw.IntegerField()
    max_per_year = pw.IntegerField()  # per business and calendar year
    available = pw.BooleanField(default=True)
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area"}

    def __str__(self):
        return self.title


class Order(BaseModel):
    """A business's order. Area and municipality are the business's when it ordered, so that
    the order is read in the same scopes as the business."""

    label = _l("Order")  # how the audit log names it

    # Each is the first column of an index below, which serves its lookups too.
    business = pw.ForeignKeyField(Business, backref="orders", on_delete="CASCADE", index=False)
    area = pw.ForeignKeyField(Area, on_delete="RESTRICT", index=False)
    municipality = pw.ForeignKeyField(Municipality, on_delete="RESTRICT", index=False)
    status = pw.CharField(max_length=10, default="submitted", choices=[(s, s) for s in STATUSES])
    recipient = pw.CharField(max_length=200)
    street_address = pw.CharField(max_length=200)
    postcode = pw.CharField(max_length=5)
    postal_town = pw.CharField(max_length=60)
    note = pw.CharField(max_length=300, default="")  # from the business, to staff
    tracking_reference = pw.CharField(max_length=60, default="")
    reject_reason = pw.CharField(max_length=500, default="")
    ordered_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow, index=True)  # every area's queue (admins)
    status_at = pw.DateTimeField(default=utcnow)  # when the status last changed
    sent_at = pw.DateTimeField(null=True)

    scope = {"area": "area", "municipality": "municipality", "business": "business"}

    class Meta:
        indexes = (
            (("area", "created_at"), False),  # the queue of an area, newest first
            (("municipality", "created_at"), False),  # a municipality's queue
            (("business", "created_at"), False),  # a business's orders; its yearly totals
            (("status", "created_at"), False),  # every area's queue (admins), by status
        )


class OrderLine(BaseModel):
    order = pw.ForeignKeyField(Order, backref="lines", on_delete="CASCADE", index=False)
    item = pw.ForeignKeyField(CatalogueItem, backref="order_lines", on_delete="RESTRICT")
    quantity = pw.IntegerField()

    class Meta:
        indexes = ((("order", "item"), True),)


class OrderEvent(BaseModel):
    """One status an order reached: when, and by whom (None once the account is gone)."""

    order = pw.ForeignKeyField(Order, backref="events", on_delete="CASCADE", index=False)
    status = pw.CharField(max_length=10, choices=[(s, s) for s in STATUSES])
    by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("order", "at"), False),)


class StickerHandout(BaseModel):
    """Stickers staff handed out in person (at a meeting or a visit), so that the count of
    stickers distributed in an area and a municipality is complete."""

    label = _l("Stickers handed out")  # how the audit log names it

    area = pw.ForeignKeyField(Area, on_delete="CASCADE", index=False)  # see the index below
    municipality = pw.ForeignKeyField(Municipality, on_delete="RESTRICT")
    handed_out_on = pw.DateField()
    occasion = pw.CharField(max_length=20, choices=[(o, o) for o in OCCASIONS])
    quantity = pw.IntegerField()
    recorded_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area", "municipality": "municipality"}

    class Meta:
        indexes = ((("area", "handed_out_on"), False),)


class OrderDigestSubscription(BaseModel):
    """A staff member who wants the daily mail about new orders in their scope."""

    user = pw.ForeignKeyField(User, unique=True, on_delete="CASCADE")
    last_sent_at = pw.DateTimeField(default=utcnow)  # new orders are those after this
    created_at = pw.DateTimeField(default=utcnow)


MODELS = [
    CatalogueImage,
    CatalogueItem,
    Order,
    OrderLine,
    OrderEvent,
    StickerHandout,
    OrderDigestSubscription,
]

ITEM_KIND_LABELS = {
    "sticker": _l("Sticker"),
    "poster": _l("Poster"),
    "info_sheet": _l("Printed information sheet"),
    "other": _l("Other material"),
}
STATUS_LABELS = {
    "submitted": lazy_pgettext("order status", "Submitted"),
    "approved": lazy_pgettext("order status", "Approved"),
    "sent": lazy_pgettext("order status", "Sent"),
    "received": lazy_pgettext("order status", "Received"),
    "rejected": lazy_pgettext("order status", "Rejected"),
    "withdrawn": lazy_pgettext("order status", "Withdrawn"),
}
OCCASION_LABELS = {
    "meeting": _l("Collaboration meeting"),
    "follow_up": _l("Follow-up meeting"),
    "visit": _l("Visit to a business"),
    "other": _l("Other occasion"),
}
