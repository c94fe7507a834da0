"""Reads of orders, the catalogue and stickers handed out, each within the reader's scope."""

from datetime import date, datetime

import peewee as pw
from flask_babel import to_user_timezone, to_utc

from app.accounts.models import User
from app.accounts.queries import iso_time
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import PreparedSelect, utcnow
from app.orders.models import (
    COUNTED_STATUSES,
    DELIVERED_STATUSES,
    ITEM_KINDS,
    STATUSES,
    CatalogueItem,
    Order,
    OrderDigestSubscription,
    OrderEvent,
    OrderLine,
    StickerHandout,
)
from app.security import scoped

# The sticker first, then posters, printed sheets and the rest, each by title.
KIND_ORDER = pw.Case(CatalogueItem.kind, [(kind, n) for n, kind in enumerate(ITEM_KINDS)], 9)
ITEM_ORDER = (KIND_ORDER, CatalogueItem.title, CatalogueItem.id)


# ---------------------------------------------------------------- time


def local_year(moment: datetime | None = None) -> int:
    """The calendar year, in Swedish time, of a UTC timestamp (now by default)."""
    return to_user_timezone(moment or utcnow()).year


def local_today() -> date:
    return to_user_timezone(utcnow()).date()


def year_start(year: int) -> datetime:
    """New Year's midnight in Swedish time, as the naive UTC the database stores."""
    return to_utc(datetime(year, 1, 1))


# ---------------------------------------------------------------- the catalogue


def own_business(user) -> Business:
    """The business of a business user, with its area."""
    query = Business.select(Business, Area).join(Area).where(Business.id == user.business_id)
    return scoped(Business, user, query).get()


def offered_items(business) -> list:
    """What the business can order now: the available items of its area and the national ones."""
    query = CatalogueItem.select().where(
        CatalogueItem.available
        & (CatalogueItem.area.is_null() | (CatalogueItem.area == business.area_id))
    )
    return list(query.order_by(*ITEM_ORDER))


def catalogue_in_scope(user):
    """The items staff see: the national ones and those of the areas in their scope."""
    areas = scoped(Area, user, Area.select(Area.id))
    query = CatalogueItem.select(CatalogueItem, Area).join(Area, pw.JOIN.LEFT_OUTER)
    query = query.where(CatalogueItem.area.is_null() | CatalogueItem.area.in_(areas))
    return query.order_by(CatalogueItem.area.is_null(False), Area.name, *ITEM_ORDER)


def used_this_year(business_id: int, item_ids) -> dict:
    """Item id -> how many the business has ordered this calendar year (orders that were
    neither rejected nor withdrawn)."""
    if not item_ids:
        return {}
    rows = (
        OrderLine.select(OrderLine.item, pw.fn.SUM(OrderLine.quantity))
        .join(Order)
        .where(
            (Order.business == business_id)
            & (Order.created_at >= year_start(local_year()))
            & Order.status.in_(COUNTED_STATUSES)
            & OrderLine.item.in_(list(item_ids))
        )
        .group_by(OrderLine.item)
        .tuples()
    )
    return {item_id: int(total) for item_id, total in rows}


# ---------------------------------------------------------------- orders


def with_places():
    """Orders with their business and municipality, newest first."""
    return (
        Order.select(Order, Business, Municipality)
        .join(Business)
        .switch(Order)
        .join(Municipality)
        .order_by(Order.created_at.desc(), Order.id.desc())
    )


def filtered(user, form, query=None):
    """The orders in scope that match a validated QueueFilterForm (a refused filter is left
    out), newest first."""
    query = scoped(Order, user, with_places() if query is None else query)
    if form.value("status"):
        query = query.where(Order.status == form.value("status"))
    if form.value("municipality"):
        query = query.where(Order.municipality == form.value("municipality"))
    if form.value("site_type"):
        query = query.where(Business.site_type == form.value("site_type"))
    if form.value("item"):
        ordering = OrderLine.select(OrderLine.order).where(OrderLine.item == form.value("item"))
        query = query.where(Order.id.in_(ordering))
    if form.value("since"):
        query = query.where(
            Order.created_at >= to_utc(datetime.combine(form.value("since"), datetime.min.time()))
        )
    if form.value("until"):
        query = query.where(
            Order.created_at <= to_utc(datetime.combine(form.value("until"), datetime.max.time()))
        )
    return query


def lines_of(order_ids) -> dict:
    """Order id -> its lines with their items, in catalogue order, in one query."""
    lines = {}
    if order_ids:
        query = (
            OrderLine.select(OrderLine, CatalogueItem)
            .join(CatalogueItem)
            .where(OrderLine.order.in_(list(order_ids)))
            .order_by(*ITEM_ORDER)
        )
        for line in query:
            lines.setdefault(line.order_id, []).append(line)
    return lines


def counts_by_status(user) -> dict:
    """Status -> how many orders in scope have it (one query). Counted in one row rather than
    grouped by status: a GROUP BY draws the planner to the status index and past the
    area's."""
    counts = [pw.fn.SUM(pw.Case(None, [(Order.status == s, 1)], 0)) for s in STATUSES]
    row = scoped(Order, user, Order.select(*counts)).tuples().get()
    return {status: int(count or 0) for status, count in zip(STATUSES, row, strict=True)}


def history(order) -> list:
    """The statuses the order has had, oldest first, with who set them."""
    return list(
        OrderEvent.select(OrderEvent, User)
        .join(User, pw.JOIN.LEFT_OUTER, on=(OrderEvent.by == User.id))
        .where(OrderEvent.order == order.id)
        .order_by(OrderEvent.at, OrderEvent.id)
    )


def last_event(order) -> OrderEvent | None:
    events = history(order)
    return events[-1] if events else None


def business_orders(user):
    """The business's own orders, newest first."""
    query = Order.select().order_by(Order.created_at.desc(), Order.id.desc())
    return scoped(Order, user, query)


def waiting(user) -> dict:
    """The staff home's panel: orders in scope waiting for a decision."""
    query = Order.select().where(Order.status == "submitted")
    return {"waiting": scoped(Order, user, query).count()}


def to_confirm(user) -> dict | None:
    """The business home's panel: orders sent to the business that it has not confirmed
    yet (None: nothing to confirm, no panel). Prepared: the business sees its own orders,
    as scoped() reads them."""
    count = _SENT_TO.scalar(user.business_id)
    return {"to_confirm": count} if count else None


_SENT_TO = PreparedSelect(
    (),
    lambda business_id: Order.select(pw.fn.COUNT(Order.id)).where(
        (Order.status == "sent") & (Order.business == business_id)
    ),
)


def new_orders_since(user, since: datetime) -> int:
    """Orders in scope that arrived after `since` and still wait (the daily digest)."""
    query = Order.select().where((Order.status == "submitted") & (Order.created_at > since))
    return scoped(Order, user, query).count()


def subscribed_to_digest(user) -> bool:
    return OrderDigestSubscription.select().where(OrderDigestSubscription.user == user.id).exists()


# ---------------------------------------------------------------- stickers handed out


def handouts(user):
    """Records of stickers handed out in scope, newest first, with their places."""
    query = (
        StickerHandout.select(StickerHandout, Area, Municipality)
        .join(Area)
        .switch(StickerHandout)
        .join(Municipality)
        .order_by(StickerHandout.handed_out_on.desc(), StickerHandout.id.desc())
    )
    return scoped(StickerHandout, user, query)


def stickers_distributed(user, year: int) -> list[dict]:
    """Stickers that reached businesses in `year`, per area and municipality in scope: sent
    in orders, and handed out in person. Rows {"area", "municipality", "ordered",
    "handed_out", "total"} by area and municipality name (two queries)."""
    place = (Area.name, Municipality.name)
    sent = (
        OrderLine.select(*place, pw.fn.SUM(OrderLine.quantity))
        .join(CatalogueItem)
        .switch(OrderLine)
        .join(Order)
        .join(Area, on=(Order.area == Area.id))
        .switch(Order)
        .join(Municipality, on=(Order.municipality == Municipality.id))
        .where(
            (CatalogueItem.kind == "sticker")
            & Order.status.in_(DELIVERED_STATUSES)
            & (Order.sent_at >= year_start(year))
            & (Order.sent_at < year_start(year + 1))
        )
        .group_by(*place)
    )
    handed = (
        StickerHandout.select(*place, pw.fn.SUM(StickerHandout.quantity))
        .join(Area)
        .switch(StickerHandout)
        .join(Municipality)
        .where(StickerHandout.handed_out_on.between(date(year, 1, 1), date(year, 12, 31)))
        .group_by(*place)
    )
    rows: dict[tuple, dict] = {}
    for key, query in (
        ("ordered", scoped(Order, user, sent)),
        ("handed_out", scoped(StickerHandout, user, handed)),
    ):
        for area, municipality, total in query.tuples():
            row = rows.setdefault(
                (area, municipality),
                {"area": area, "municipality": municipality, "ordered": 0, "handed_out": 0},
            )
            row[key] = int(total)
    for row in rows.values():
        row["total"] = row["ordered"] + row["handed_out"]
    return [rows[key] for key in sorted(rows)]


def personal_data(user: User) -> dict:
    """What orders hold about the person: the orders they placed, the status changes they
    made, and whether they get the daily mail about new orders."""
    placed = (
        Order.select(Order.id, Order.status, Order.created_at)
        .where(Order.ordered_by == user.id)
        .order_by(Order.created_at)
    )
    changes = (
        OrderEvent.select(OrderEvent.order, OrderEvent.status, OrderEvent.at)
        .where(OrderEvent.by == user.id)
        .order_by(OrderEvent.at)
    )
    return {
        "orders_you_placed": [
            {"order": o.id, "status": o.status, "placed_at": iso_time(o.created_at)} for o in placed
        ],
        "order_statuses_you_set": [
            {"order": e.order_id, "status": e.status, "at": iso_time(e.at)} for e in changes
        ],
        "daily_mail_about_new_orders": OrderDigestSubscription.select()
        .where(OrderDigestSubscription.user == user.id)
        .exists(),
    }
