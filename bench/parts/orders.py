"""Sticker orders at national scale: each area's own catalogue items beside the national ones,
about 2.7 orders per business over two years in every status, with their lines and history,
stickers handed out at meetings, and staff who get the daily mail. Pages: the staff queue
(as police, municipality and admin, and a filter answered to HTMX), the catalogue, the
stickers handed out, and a business's orders and order form. Writer: businesses ordering a
sticker at the same moment."""

from datetime import timedelta

from bench.generate import SIZES, bulk_insert
from bench.measure import csrf_token

NAME = "sticker orders"

SIZES.update(
    {
        "orders": 40_000,
        "sticker_handouts": 6_000,
        "order_digest_subscriptions": 300,
    }
)

# Status -> weight; and the statuses an order passes through to reach it.
STATUS_WEIGHTS = {
    "received": 55,
    "sent": 8,
    "approved": 6,
    "submitted": 6,
    "rejected": 10,
    "withdrawn": 15,
}
PATHS = {
    "submitted": ("submitted",),
    "approved": ("submitted", "approved"),
    "sent": ("submitted", "approved", "sent"),
    "received": ("submitted", "approved", "sent", "received"),
    "rejected": ("submitted", "rejected"),
    "withdrawn": ("submitted", "withdrawn"),
}
BY_THE_BUSINESS = ("submitted", "received", "withdrawn")
AREA_ITEMS = (
    ("poster", "Affisch A3 ”Tillsammans mot illegala försändelser”", 2, 4),
    ("other", "Diskkort ”Vad gör jag nu?”, laminerat A5", 3, 6),
)
OCCASIONS = ("meeting", "follow_up", "visit", "other")


def generate(ctx) -> None:
    from app.orders.models import (
        CatalogueItem,
        Order,
        OrderDigestSubscription,
        OrderEvent,
        OrderLine,
        StickerHandout,
    )

    rng = ctx.rng
    with_items = {row.area_id for row in CatalogueItem.select(CatalogueItem.area).distinct()}
    bulk_insert(
        CatalogueItem,
        [
            {
                "area": area_id,
                "kind": kind,
                "title": title,
                "max_per_order": per_order,
                "max_per_year": per_year,
                "created_at": ctx.now - timedelta(days=700),
            }
            for area_id in sorted(ctx.areas)
            if area_id not in with_items
            for kind, title, per_order, per_year in AREA_ITEMS
        ],
    )
    national, by_area = [], {}
    for item in CatalogueItem.select().where(CatalogueItem.available):
        target = national if item.area_id is None else by_area.setdefault(item.area_id, [])
        target.append((item.id, item.max_per_order))

    orderer = {}  # business id -> one of its users
    police = {}  # area id -> one of its police officers
    for user_id, role, area_id, _muni, business_id in ctx.users:
        if role == "business":
            orderer.setdefault(business_id, user_id)
        elif role == "police":
            police.setdefault(area_id, user_id)

    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    before = Order.select(Order.id).order_by(Order.id.desc()).scalar() or 0
    orders, plans = [], []
    for _ in range(ctx.size("orders")):
        business_id, area_id, muni_id = rng.choice(ctx.businesses)
        status = rng.choices(statuses, weights)[0]
        created = ctx.now - timedelta(minutes=rng.randint(10, 2 * 365 * 24 * 60))
        steps = PATHS[status]
        gap = min(timedelta(days=2), (ctx.now - created) / len(steps))
        times = [created + gap * step for step in range(len(steps))]
        orders.append(
            {
                "business": business_id,
                "area": area_id,
                "municipality": muni_id,
                "status": status,
                "recipient": f"Verksamhet {business_id}",
                "street_address": f"Storgatan {rng.randint(1, 99)}",
                "postcode": f"{rng.randint(10000, 98999)}",
                "postal_town": "Sundsvall",
                "tracking_reference": f"UA{rng.randint(10**8, 10**9 - 1)}SE"
                if "sent" in steps
                else "",
                "reject_reason": "Slut i lager till nästa tryckning."
                if status == "rejected"
                else "",
                "ordered_by": orderer.get(business_id),
                "created_at": created,
                "status_at": times[-1],
                "sent_at": times[2] if "sent" in steps else None,
            }
        )
        plans.append((business_id, area_id, steps, times))
    bulk_insert(Order, orders)
    # One writer in one transaction: the new ids follow in the order the rows were given.
    ids = [row.id for row in Order.select(Order.id).where(Order.id > before).order_by(Order.id)]
    lines, events = [], []
    for order_id, (business_id, area_id, steps, times) in zip(ids, plans, strict=True):
        offered = national + by_area.get(area_id, [])
        for item_id, per_order in rng.sample(offered, rng.randint(1, min(3, len(offered)))):
            lines.append(
                {"order": order_id, "item": item_id, "quantity": rng.randint(1, per_order)}
            )
        for step, at in zip(steps, times, strict=True):
            by = orderer.get(business_id) if step in BY_THE_BUSINESS else police.get(area_id)
            events.append({"order": order_id, "status": step, "by": by, "at": at})
    bulk_insert(OrderLine, lines)
    bulk_insert(OrderEvent, events)

    handouts = []
    for _ in range(ctx.size("sticker_handouts")):
        area_id = rng.choice(sorted(ctx.areas))
        handouts.append(
            {
                "area": area_id,
                "municipality": rng.choice(ctx.areas[area_id]["municipalities"]),
                "handed_out_on": (ctx.now - timedelta(days=rng.randint(0, 2 * 365))).date(),
                "occasion": rng.choice(OCCASIONS),
                "quantity": rng.randint(1, 40),
                "recorded_by": police.get(area_id),
                "created_at": ctx.now,
            }
        )
    bulk_insert(StickerHandout, handouts)

    subscribed = {row.user_id for row in OrderDigestSubscription.select()}
    staff = [
        u[0] for u in ctx.users if u[1] in ("police", "municipality") and u[0] not in subscribed
    ]
    bulk_insert(
        OrderDigestSubscription,
        [
            {"user": user_id, "last_sent_at": ctx.now, "created_at": ctx.now}
            for user_id in rng.sample(
                staff, min(len(staff), ctx.size("order_digest_subscriptions"))
            )
        ],
    )


def _businesses_without_orders(n: int) -> list:
    """(email, sticker id) for n users of distinct active businesses that have not ordered:
    each order is within the yearly limit."""
    from app.accounts.models import User
    from app.businesses.models import Business
    from app.orders.models import CatalogueItem, Order

    sticker = (
        CatalogueItem.select(CatalogueItem.id)
        .where(CatalogueItem.area.is_null() & (CatalogueItem.kind == "sticker"))
        .scalar()
    )
    users = (
        User.select(User.email, User.business)
        .join(Business)
        .where(
            (Business.status == "active")
            & User.email.endswith("@bench.example")
            & Business.id.not_in(Order.select(Order.business))
        )
        .order_by(User.business, User.id)
    )
    chosen, seen = [], set()
    for user in users:
        if user.business_id not in seen:
            seen.add(user.business_id)
            chosen.append((user.email, sticker))
        if len(chosen) == n:
            return chosen
    raise RuntimeError(f"only {len(chosen)} businesses without orders for {n} writes")


def _pages() -> list:
    from bench.pages import ADMIN, BUSINESS, FRAGMENT, MUNICIPALITY, POLICE, Page

    return [
        Page("orders queue (police)", "/stickers/orders/", POLICE, dashboard=True),
        Page(
            "orders queue, waiting (municipality)",
            "/stickers/orders/?status=submitted",
            MUNICIPALITY,
            dashboard=True,
        ),
        Page(
            "orders queue filter (fragment)",
            "/stickers/orders/?status=received&site_type=paketombud",
            POLICE,
            FRAGMENT,
            dashboard=True,
        ),
        Page(
            "orders queue, all, page 3 (admin)", "/stickers/orders/?page=3", ADMIN, dashboard=True
        ),
        Page("order catalogue", "/stickers/catalogue/", POLICE, dashboard=True),
        Page("stickers handed out", "/stickers/handouts/", MUNICIPALITY, dashboard=True),
        Page("my orders (business)", "/my-orders/", BUSINESS),
        Page("order form (business)", "/my-orders/new", BUSINESS),
    ]


def _writers() -> list:
    from bench.writers import Writer, _expect, _login

    def order_a_sticker(client, argument) -> None:
        email, sticker = argument
        _login(client, email)
        form = client.get("/my-orders/new").text
        data = {
            "csrf_token": csrf_token(form),
            "recipient": "Verksamheten",
            "street_address": "Storgatan 1",
            "postcode": "85230",
            "postal_town": "Sundsvall",
            "note": "",
            f"quantity_{sticker}": "1",
        }
        _expect(client.post("/my-orders/new", data=data), 303)

    # A business orders a sticker: a new session, the order, its line and its first event.
    return [
        Writer(
            "business orders a sticker",
            _businesses_without_orders,
            order_a_sticker,
            {"session": 1, "order": 1, "order_line": 1, "order_event": 1},
        )
    ]


def __getattr__(name):
    """PAGES and WRITERS, made when first read. bench.pages and bench.writers each collect the
    parts' lists while they are being imported; a part importing both at its top would hand
    the second of them its list before it exists (whichever of the two is imported first)."""
    if name == "PAGES":
        return _pages()
    if name == "WRITERS":
        return _writers()
    raise AttributeError(name)
