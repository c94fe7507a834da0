"""The catalogue (national items and each area's own), orders in every status in both areas,
stickers handed out at meetings and visits, and one staff member who gets the daily mail."""

from datetime import timedelta

from app import uploads
from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import utcnow
from app.demo import ensure
from app.orders.models import (
    CatalogueImage,
    CatalogueItem,
    Order,
    OrderDigestSubscription,
    OrderEvent,
    OrderLine,
    StickerHandout,
)

STICKER_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">
<circle cx="60" cy="60" r="57" fill="#0b3a66" stroke="#ffbf47" stroke-width="5"/>
<text x="60" y="45" fill="#fff" font-family="sans-serif" font-size="11" text-anchor="middle">Vi samarbetar</text>
<text x="60" y="62" fill="#fff" font-family="sans-serif" font-size="11" text-anchor="middle">mot illegala</text>
<text x="60" y="79" fill="#fff" font-family="sans-serif" font-size="11" text-anchor="middle">försändelser</text>
</svg>
"""

STICKER = "Dekal ”Vi samarbetar mot illegala försändelser”"
SHEET_SV = "Informationsblad om TIF på svenska, A4"
SHEET_AR = "Informationsblad om TIF på arabiska, A4"
POSTER = "Affisch A3 ”Tillsammans mot illegala försändelser”"

# (area slug or None for national, kind, title, description, language, per order, per year,
# available). Six items in all: the scope walker follows at most six links to one page kind.
CATALOGUE = (
    (
        None,
        "sticker",
        STICKER,
        "Rund dekal, 10 cm, för dörren eller fönstret vid disken. Det är frivilligt att sätta"
        " upp den.",
        "",
        5,
        10,
        True,
    ),
    (
        None,
        "info_sheet",
        SHEET_SV,
        "Vad TIF är och vad postlagen tillåter, för personalen. En bunt är 20 ark.",
        "sv",
        5,
        20,
        True,
    ),
    (
        None,
        "info_sheet",
        SHEET_AR,
        "Samma innehåll på arabiska, för personal som läser arabiska bättre. En bunt är 20 ark.",
        "ar",
        3,
        10,
        True,
    ),
    (
        "sundsvall",
        "poster",
        POSTER,
        "Affisch för personalrummet med telefonnumren till polisen och Tullverket.",
        "",
        2,
        4,
        True,
    ),
    (
        "sundsvall",
        "poster",
        "Affisch A2 för lagerlokal",
        "Större affisch för terminaler och lager. Slut till nästa tryckning i vår.",
        "",
        1,
        2,
        False,
    ),
    (
        "umea",
        "other",
        "Diskkort ”Vad gör jag nu?”, laminerat A5",
        "Kortet att ha vid disken, där kunderna inte ser det.",
        "",
        3,
        6,
        True,
    ),
)

# Per business: (days ago, the statuses it went through with who and days ago, lines, extra).
# One order in each status, six in all (the scope walker follows six links to one page kind).
ORDERS = {
    "Kiosken Stenstan": (
        (1, [], [(STICKER, 2), (SHEET_SV, 2)], {"note": "Dekalen ska sitta på entrédörren."}),
        (
            12,
            [("approved", "polis@example.com", 11), ("sent", "kommun@example.com", 10)],
            [(STICKER, 1), (POSTER, 1)],
            {"tracking_reference": "00373500412345678902"},
        ),
        (
            30,
            [("rejected", "kommun@example.com", 29)],
            [(SHEET_AR, 3)],
            {
                "reject_reason": "De arabiska informationsbladen är slut. En ny tryckning kommer"
                " i mars – beställ gärna igen då."
            },
        ),
    ),
    "Sundsvall Paketterminal": (
        (
            6,
            [("approved", "kommun@example.com", 5)],
            [(POSTER, 2), (SHEET_SV, 3)],
            {"note": "Till personalrummet vid lastkajen."},
        ),
    ),
    "Ålidhems Livs": (
        (
            45,
            [
                ("approved", "polis.umea@example.com", 44),
                ("sent", "polis.umea@example.com", 42),
                ("received", "ombud.umea@example.com", 40),
            ],
            [(STICKER, 2), ("Diskkort ”Vad gör jag nu?”, laminerat A5", 1)],
            {"tracking_reference": "UA512345678SE"},
        ),
        (15, [("withdrawn", "ombud.umea@example.com", 15)], [(SHEET_AR, 2)], {}),
    ),
}

# (area, municipality code, days ago, occasion, stickers)
HANDOUTS = (
    ("sundsvall", "2281", 40, "meeting", 25),
    ("sundsvall", "2262", 15, "visit", 4),
    ("umea", "2480", 35, "meeting", 30),
    ("umea", "2480", 5, "follow_up", 6),
)


def load() -> None:
    areas = {area.slug: area for area in Area.select()}
    items = _catalogue(areas)
    people = {user.email: user for user in User.select()}
    now = utcnow()
    for name, orders in ORDERS.items():
        business = Business.get(Business.name == name)
        if Order.select().where(Order.business == business).exists():
            continue
        orderer = User.get(User.business == business)
        for days_ago, steps, lines, extra in orders:
            _order(business, orderer, now, days_ago, steps, lines, extra, items, people)
    for slug, code, days_ago, occasion, quantity in HANDOUTS:
        ensure(
            StickerHandout,
            {
                "area": areas[slug],
                "municipality": Municipality.get(Municipality.code == code),
                "handed_out_on": (now - timedelta(days=days_ago)).date(),
            },
            occasion=occasion,
            quantity=quantity,
            recorded_by=people[
                "polis@example.com" if slug == "sundsvall" else "polis.umea@example.com"
            ],
        )
    ensure(OrderDigestSubscription, {"user": people["polis@example.com"]})


def _catalogue(areas) -> dict:
    """(area id or None, title) -> item; the sticker gets its picture."""
    items = {}
    for slug, kind, title, description, language, per_order, per_year, available in CATALOGUE:
        area = areas[slug] if slug else None
        item = ensure(
            CatalogueItem,
            {"area": area, "title": title},
            kind=kind,
            description=description,
            language=language,
            max_per_order=per_order,
            max_per_year=per_year,
            available=available,
        )
        if kind == "sticker" and item.image_id is None:
            image = CatalogueImage.create(stored_name=uploads.save(STICKER_SVG.encode(), "svg"))
            CatalogueItem.update(image=image).where(CatalogueItem.id == item.id).execute()
        items[(area.id if area else None, title)] = item
    return items


def _order(business, orderer, now, days_ago, steps, lines, extra, items, people) -> None:
    created = now - timedelta(days=days_ago, hours=2)
    history = [("submitted", orderer, created)] + [
        (step, people[email], now - timedelta(days=step_days_ago, hours=1))
        for step, email, step_days_ago in steps
    ]
    quantities = {
        items.get((business.area_id, title)) or items[(None, title)]: quantity
        for title, quantity in lines
    }
    add_order(business, orderer, history, quantities, **extra)


def add_order(business, orderer, history, quantities: dict, **extra) -> Order:
    """An order of `business` by `orderer`, delivered to the business's address, holding
    `quantities` {item: number}, that went through `history` [(status, user, at)] from its
    submission on (the demo's orders, and the tests' own)."""
    status, _by, status_at = history[-1]
    order = Order.create(
        business=business,
        area=business.area_id,
        municipality=business.municipality_id,
        status=status,
        recipient=business.name,
        street_address=business.street_address,
        postcode=business.postcode,
        postal_town=business.postal_town,
        ordered_by=orderer,
        created_at=history[0][2],
        status_at=status_at,
        sent_at=next((at for step, _by, at in history if step == "sent"), None),
        **extra,
    )
    for item, quantity in quantities.items():
        OrderLine.create(order=order, item=item, quantity=quantity)
    for step, by, at in history:
        OrderEvent.create(order=order, status=step, by=by, at=at)
    return order
