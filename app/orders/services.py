"""Writes about orders: placing one, moving it through its statuses (race-safe), the
catalogue, stickers handed out and the digest opt-in. Staff writes get their audit entry;
the business hears of a decision by a mail that says only what happened."""

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from app import uploads
from app.accounts.models import User
from app.audit.models import record
from app.businesses.models import Business
from app.db import database, is_sqlite, utcnow
from app.mail import queue_mail
from app.orders.limits import quantity_problems
from app.orders.models import (
    CatalogueImage,
    CatalogueItem,
    Order,
    OrderDigestSubscription,
    OrderEvent,
    OrderLine,
    StickerHandout,
)
from app.orders.queries import offered_items, used_this_year


class OrderRefused(Exception):
    """The order would pass a limit; `problems`: item id -> the message for its field."""

    def __init__(self, problems: dict):
        super().__init__(problems)
        self.problems = problems


class TransitionRefused(Exception):
    """The order is not in a status the change starts from (someone else may just have changed
    it); `order` is the order as it is now."""

    def __init__(self, order: Order):
        super().__init__(order.status)
        self.order = order


class ItemInUse(Exception):
    """The item has been ordered, so it stays (it can be made unavailable instead)."""


@dataclass(frozen=True)
class Transition:
    status: str  # the status the order gets
    sources: tuple  # the statuses it may come from
    by_staff: bool  # staff make it (else the business)
    audit_action: str | None = None
    mails_business: bool = False


TRANSITIONS = {
    "approve": Transition("approved", ("submitted",), True, "order_approved", True),
    # Until the order is sent: an approved order may still turn out impossible to fill.
    "reject": Transition("rejected", ("submitted", "approved"), True, "order_rejected", True),
    "send": Transition("sent", ("approved",), True, "order_sent", True),
    "confirm": Transition("received", ("sent",), False),
    "withdraw": Transition("withdrawn", ("submitted",), False),
}


def _lock_business(business_id: int) -> None:
    """Orders of one business are placed one at a time, so that two sent at once cannot pass
    the yearly limit together. On SQLite the transaction already holds the write lock (it
    begins IMMEDIATE); PostgreSQL locks the business's row."""
    if not is_sqlite():
        Business.select(Business.id).where(Business.id == business_id).for_update().execute()


def place_order(business: Business, address: dict, quantities: dict, by: User) -> Order:
    """A new order of the business: `address` (recipient, street_address, postcode,
    postal_town, note), `quantities` item id -> number (positive). OrderRefused when an item
    is no longer offered or a limit would be passed."""
    with database.atomic():
        _lock_business(business.id)
        offered = {item.id: item for item in offered_items(business)}
        items = [offered[item_id] for item_id in quantities if item_id in offered]
        problems = quantity_problems(items, quantities, used_this_year(business.id, quantities))
        for item_id in quantities.keys() - offered.keys():  # withdrawn meanwhile
            problems[item_id] = _("This item can no longer be ordered.")
        if problems:
            raise OrderRefused(problems)
        order = Order.create(
            business=business.id,
            area=business.area_id,
            municipality=business.municipality_id,
            ordered_by=by.id,
            **address,
        )
        OrderLine.insert_many(
            [
                {"order": order.id, "item": item.id, "quantity": quantities[item.id]}
                for item in items
            ]
        ).execute()
        OrderEvent.create(order=order.id, status="submitted", by=by.id, at=order.created_at)
    return order


def change_status(order: Order, action: str, by: User, reason: str = "", tracking: str = ""):
    """Move the order on by `action` (a key of TRANSITIONS) and answer it as it is now. The
    UPDATE only matches while the order still has a status the change starts from, so when two
    people act at once the second gets TransitionRefused and nothing changes twice."""
    transition = TRANSITIONS[action]
    if transition.by_staff != by.is_staff:
        raise ValueError(f"{by.role} may not {action} an order")
    now = utcnow()
    changes = {"status": transition.status, "status_at": now}
    if action == "send":
        changes.update(sent_at=now, tracking_reference=tracking)
    elif action == "reject":
        changes["reject_reason"] = reason
    with database.atomic():
        matched = (
            Order.update(**changes)
            .where((Order.id == order.id) & Order.status.in_(transition.sources))
            .execute()
        )
        if not matched:
            raise TransitionRefused(Order.get_by_id(order.id))
        OrderEvent.create(order=order.id, status=transition.status, by=by.id, at=now)
        if transition.audit_action:
            record(transition.audit_action, order, actor=by)
        if transition.mails_business:
            _tell_business(order, transition.status)
    return Order.get_by_id(order.id)


def change_many(orders, action: str, by: User) -> tuple[list, list]:
    """The same change for several orders, each on its own: (changed, refused as they are)."""
    changed, refused = [], []
    for order in orders:
        try:
            changed.append(change_status(order, action, by))
        except TransitionRefused as refusal:
            refused.append(refusal.order)
    return changed, refused


def _tell_business(order: Order, status: str) -> None:
    """A mail that says only the new status (a shop's inbox is often shared): to the person
    who ordered, or to everyone of the business when that account is gone."""
    people = list(
        User.select().where(
            (User.business == order.business_id)
            & User.disabled_at.is_null()
            & (User.password_hash != "")
        )
    )
    recipients = [p for p in people if p.id == order.ordered_by_id] or people
    link = url_for("orders.my_order", order_id=order.id)
    for person in recipients:
        queue_mail(
            person.email, "orders/mail/order_status", person.language, status=status, link=link
        )


# ---------------------------------------------------------------- the catalogue


def save_item(values: dict, by: User, item=None, image: bytes | None = None, drop_image=False):
    """Add an item (item None) or change one; `image`: a new picture's checked bytes, which
    replaces the old; `drop_image`: remove the picture."""
    stored = uploads.save(image, uploads.image_kind(image)) if image else None
    replaced = item.image_id if item is not None and (stored or drop_image) else None
    try:
        with database.atomic():
            if stored:
                values["image"] = CatalogueImage.create(stored_name=stored).id
            elif drop_image:
                values["image"] = None
            if item is None:
                item = CatalogueItem.create(**values)
                record("order_catalogue_item_added", item, actor=by)
            else:
                CatalogueItem.update(**values).where(CatalogueItem.id == item.id).execute()
                item = CatalogueItem.get_by_id(item.id)
                record("order_catalogue_item_changed", item, actor=by)
            old_name = _drop_image_row(replaced)
    except Exception:
        if stored:
            uploads.delete(stored)
        raise
    if old_name:
        uploads.delete(old_name)
    return item


def _drop_image_row(image_id) -> str | None:
    """Delete a picture's row; answers its stored name, for the file to go after the commit."""
    image = CatalogueImage.get_or_none(CatalogueImage.id == image_id) if image_id else None
    if image is None:
        return None
    image.delete_instance()
    return image.stored_name


def delete_item(item: CatalogueItem, by: User) -> None:
    """Remove an item that has never been ordered (ItemInUse otherwise)."""
    if OrderLine.select().where(OrderLine.item == item.id).exists():
        raise ItemInUse
    with database.atomic():
        record("order_catalogue_item_deleted", item, actor=by)
        item.delete_instance()
        old_name = _drop_image_row(item.image_id)
    if old_name:
        uploads.delete(old_name)


# ---------------------------------------------------------------- handed out, digest


def record_handout(values: dict, by: User) -> StickerHandout:
    with database.atomic():
        handout = StickerHandout.create(recorded_by=by.id, **values)
        record("order_handout_recorded", handout, actor=by)
    return handout


def delete_handout(handout: StickerHandout, by: User) -> None:
    with database.atomic():
        record("order_handout_deleted", handout, actor=by)
        handout.delete_instance()


def set_digest(user: User, wanted: bool) -> None:
    """Start or stop the daily mail about new orders for `user` (it counts orders from now)."""
    with database.atomic():
        subscription = OrderDigestSubscription.select().where(
            OrderDigestSubscription.user == user.id
        )
        if wanted == subscription.exists():
            return
        if wanted:
            OrderDigestSubscription.create(user=user.id)
        else:
            OrderDigestSubscription.delete().where(
                OrderDigestSubscription.user == user.id
            ).execute()
        record(
            "order_digest_changed",
            actor=user,
            area=user.area_id,
            municipality=user.municipality_id,
        )


def forget_person(user: User) -> None:
    """An erased account gets no more mails about orders; the orders stay with the business
    (and point at the pseudonymous account)."""
    OrderDigestSubscription.delete().where(OrderDigestSubscription.user == user.id).execute()
