"""Updates at national scale: 30 000 updates over three years from every desk (most from the
police areas), 200 000 read marks on the updates still shown, and the mail preferences of a
quarter of the business users; the business feed, its "show more" and the staff lists; and
business users opening updates while others do the same."""

from datetime import timedelta

from bench.generate import SIZES, bulk_insert
from bench.pages import ADMIN, BUSINESS, CUSTOMS, FRAGMENT, POLICE, Page
from bench.writers import Writer, _expect, _login

NAME = "updates"

SIZES.update({"updates": 30_000, "update_reads": 200_000, "update_preferences": 15_000})

# Where updates come from: police areas, municipalities, customs regions, the national desk.
LEVEL_WEIGHTS = {"area": 880, "municipality": 80, "region": 35, "national": 5}
CATEGORY_WEIGHTS = {"warning": 30, "knowledge": 25, "feedback": 15, "meeting": 15, "general": 15}
TITLES = {
    "warning": "Var uppmärksam på paket med {}",
    "knowledge": "Så känner du igen {}",
    "feedback": "Tack för era tips om {}",
    "meeting": "Samverkansmöte om {}",
    "general": "Nytt om {}",
}
SUBJECTS = (
    "handskrivna etiketter",
    "kraftig tejp",
    "vakuumförpackat innehåll",
    "falska avsändare",
    "många mottagare på samma adress",
    "kläder från utlandet",
    "kosttillskott",
    "fullmakter som inte stämmer",
)
BODY = (
    "Vi ser just nu fler försändelser som kan innehålla narkotika. Gör som vanligt vid "
    "disken, öppna inte paketet och ring 114 14 när kunden har gått.\n\n"
    "- notera kolli- eller spårningsnumret\n- berätta aldrig för kunden att du har ringt"
)


def _weighted(rng, weights: dict) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def generate(ctx) -> None:
    from app.areas.models import Area, CustomsRegion, Municipality
    from app.updates.audience import Audience
    from app.updates.models import Update, UpdatePreference, UpdateRead

    rng = ctx.rng
    area_ids = sorted(ctx.areas)
    municipality_ids = sorted(ctx.municipalities)
    region_ids = sorted(r for r, areas in ctx.regions.items() if areas)
    staff_by_area = {}
    for user_id, role, area_id, _m, _b in ctx.users:
        if role == "police":
            staff_by_area.setdefault(area_id, []).append(user_id)
    businesses_in_area = {}
    for _b, area_id, _m in ctx.businesses:
        businesses_in_area[area_id] = businesses_in_area.get(area_id, 0) + 1

    names = {
        "area": dict(Area.select(Area.id, Area.name).tuples()),
        "municipality": dict(Municipality.select(Municipality.id, Municipality.name).tuples()),
        "region": dict(CustomsRegion.select(CustomsRegion.id, CustomsRegion.name).tuples()),
        "national": {},
    }
    demo_updates = {u.id for u in Update.select(Update.id)}
    rows = []
    for n in range(ctx.size("updates")):
        level = _weighted(rng, LEVEL_WEIGHTS)
        category = _weighted(rng, CATEGORY_WEIGHTS)
        published = ctx.now - timedelta(minutes=rng.randint(-7 * 24 * 60, 3 * 365 * 24 * 60))
        lasts = rng.choice((None, 14, 30, 30, 60, 90))
        audience = Audience(
            level,
            area_id=rng.choice(area_ids) if level == "area" else None,
            municipality_id=rng.choice(municipality_ids) if level == "municipality" else None,
            region_id=rng.choice(region_ids) if level == "region" else None,
            site_types=("paketombud",) if rng.random() < 0.08 else (),
        )
        area_id = audience.area_id
        rows.append(
            {
                "category": category,
                "title": TITLES[category].format(rng.choice(SUBJECTS)) + f" ({n + 1})",
                "body": BODY,
                "pinned": rng.random() < 0.03,
                **audience.columns(),
                "place_name": names[level].get(
                    audience.area_id or audience.municipality_id or audience.region_id, ""
                ),
                "publisher": {"area": "police", "municipality": "municipality"}.get(
                    level, "customs" if level == "region" else "admin"
                ),
                "publish_at": published,
                "expires_at": None if lasts is None else published + timedelta(days=lasts),
                "announced_at": published if published <= ctx.now else None,
                "reach_businesses": businesses_in_area.get(area_id, 150),
                "reach_users": 4 * businesses_in_area.get(area_id, 150),
                "author": rng.choice(staff_by_area[area_id]) if area_id else None,
                "created_at": min(published, ctx.now),
            }
        )
    bulk_insert(Update, rows)

    # Read marks of the area updates still shown, by people of businesses in their area;
    # the expired ones keep only their count (the marks are deleted when they expire).
    readers_by_area = {}
    area_of_business = {b: a for b, a, _m in ctx.businesses}
    for user_id, _role, _a, _m, business_id in ctx.users:
        if business_id in area_of_business:
            readers_by_area.setdefault(area_of_business[business_id], []).append(
                (user_id, business_id)
            )
    live = list(
        Update.select(Update.id, Update.area, Update.publish_at).where(
            (Update.level == "area")
            & (Update.publish_at <= ctx.now)
            & (Update.expires_at.is_null() | (Update.expires_at > ctx.now))
        )
    )
    readable = [u for u in live if readers_by_area.get(u.area_id) and u.id not in demo_updates]
    per_update = max(1, ctx.size("update_reads") // max(1, len(readable)))
    reads = []
    for update in readable:
        readers = readers_by_area[update.area_id]
        count = min(len(readers), rng.randint(0, 2 * per_update))
        for user_id, business_id in rng.sample(readers, count):
            minutes = rng.randint(1, 7 * 24 * 60)
            reads.append(
                {
                    "update": update.id,
                    "user": user_id,
                    "business": business_id,
                    "read_at": min(ctx.now, update.publish_at + timedelta(minutes=minutes)),
                }
            )
    bulk_insert(UpdateRead, reads)
    Update.update(read_businesses=Update.reach_businesses / 3).where(
        Update.expires_at <= ctx.now
    ).execute()

    have = {p.user_id for p in UpdatePreference.select(UpdatePreference.user)}
    business_users = [u[0] for u in ctx.users if u[1] == "business" and u[0] not in have]
    chosen = rng.sample(business_users, min(len(business_users), ctx.size("update_preferences")))
    bulk_insert(
        UpdatePreference,
        [
            {
                "user": user_id,
                "notify": rng.choice(("warnings", "warnings", "all", "none")),
                "frequency": rng.choice(("immediate", "immediate", "daily")),
                "link_version": 0,
                "digested_until": ctx.now - timedelta(hours=rng.randint(1, 24)),
            }
            for user_id in chosen
        ],
    )


PAGES = [
    Page("updates feed", "/updates/", BUSINESS),
    Page("updates feed, show more (fragment)", "/updates/?page=2", BUSINESS, FRAGMENT),
    Page("update mail settings", "/updates/settings", BUSINESS),
    Page("updates (police)", "/updates/manage/", POLICE, dashboard=True),
    Page("updates removed (police)", "/updates/manage/?status=expired", POLICE, dashboard=True),
    Page("updates (admin)", "/updates/manage/", ADMIN, dashboard=True),
    Page("write an update (admin, every municipality)", "/updates/manage/new", ADMIN),
    Page("write an update (customs)", "/updates/manage/new", CUSTOMS),
]


def _unread_updates(n: int) -> list[tuple[str, int]]:
    """n bench business users, each with a live update of their police area not yet opened."""
    from app.accounts.models import User
    from app.businesses.models import Business
    from app.db import utcnow
    from app.updates.audience import is_live
    from app.updates.models import Update, UpdateRead

    found = []
    people = (
        User.select(User.id, User.email, Business.area)
        .join(Business)
        .where(User.email.endswith("@bench.example") & (Business.status == "active"))
        .order_by(User.id)
        .tuples()
    )
    for user_id, email, area_id in people:
        update = (
            Update.select(Update.id)
            .where(
                (Update.area == area_id)
                & (Update.site_types == "")
                & is_live(utcnow())
                & Update.id.not_in(
                    UpdateRead.select(UpdateRead.update).where(UpdateRead.user == user_id)
                )
            )
            .first()
        )
        if update is not None:
            found.append((email, update.id))
        if len(found) == n:
            return found
    raise RuntimeError(f"only {len(found)} unread updates for {n} reads")


def _open_update(client, argument) -> None:
    email, update_id = argument
    _login(client, email)
    _expect(client.get(f"/updates/{update_id}"), 200)


WRITERS = [
    # A business user logs in and opens an update: a session and a read mark.
    Writer(
        "business opens an update", _unread_updates, _open_update, {"session": 1, "update_read": 1}
    ),
]
