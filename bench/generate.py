"""The national-scale dataset of docs/design.md ("Budgets"), deterministic (seeded), built in bulk.

    BENCH_DATABASE_URL=postgresql://… .venv/bin/python -m bench.generate [--scale 0.1]

wipes that database and builds the dataset into it (default: bench/results/national.sqlite3;
BENCH_DATABASE_URL rather than DATABASE_URL, so that a real database is never wiped by mistake).

The demo data is loaded first (so the benchmark logs in as the demo accounts, password
`demo-password-2026`), then each part adds its rows. Every generated user shares one
precomputed password hash (of the demo password), so logging in costs what it costs in
production while building 60 000 users costs nothing.

A feature adds its data in its own module of bench/parts/ (`NAME`, `generate(ctx)`), using
`ctx.rng`, `ctx.size("name")` (after adding its national figures to SIZES), the shared lists
on `ctx` (areas, municipalities, regions, businesses, users) and `bulk_insert()`. The kernel's
parts below run first, then the features' in name order; a part may use what earlier parts
put on `ctx`.
"""

import argparse
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from app.cli import rebuild_schema
from app.db import database, utcnow

SEED = 2026

# National figures (scale 1.0). Geography is fixed: 21 counties, 290 municipalities, 90 areas.
SIZES = {
    "areas": 90,
    "businesses": 15_000,
    "users": 60_000,
    "audit_entries": 200_000,
    "sessions": 5_000,
    "tokens": 2_000,
    "outbox_mails": 20_000,
    "join_requests": 6_000,
    "prospects": 8_000,
}

# County code, name, number of municipalities (Sweden's 21 counties, 290 municipalities).
COUNTIES = [
    ("01", "Stockholms län", 26),
    ("03", "Uppsala län", 8),
    ("04", "Södermanlands län", 9),
    ("05", "Östergötlands län", 13),
    ("06", "Jönköpings län", 13),
    ("07", "Kronobergs län", 8),
    ("08", "Kalmar län", 12),
    ("09", "Gotlands län", 1),
    ("10", "Blekinge län", 5),
    ("12", "Skåne län", 33),
    ("13", "Hallands län", 6),
    ("14", "Västra Götalands län", 49),
    ("17", "Värmlands län", 16),
    ("18", "Örebro län", 12),
    ("19", "Västmanlands län", 10),
    ("20", "Dalarnas län", 15),
    ("21", "Gävleborgs län", 10),
    ("22", "Västernorrlands län", 7),
    ("23", "Jämtlands län", 8),
    ("24", "Västerbottens län", 15),
    ("25", "Norrbottens län", 14),
]

# Customs regions as sets of counties (each region covers every police area of its counties).
CUSTOMS_REGIONS = {
    "Tullregion Norr": ("22", "23", "24", "25"),
    "Tullregion Mitt": ("01", "03", "04", "09", "18", "19", "20", "21"),
    "Tullregion Väst": ("13", "14", "17"),
    "Tullregion Syd": ("05", "06", "07", "08", "10", "12"),
}

SITE_TYPE_WEIGHTS = {
    "paketombud": 70,
    "brevbararkontor": 10,
    "kurir": 10,
    "terminal": 5,
    "other": 5,
}

_PREFIXES = [
    "Al",
    "Berg",
    "Ek",
    "Fors",
    "Gran",
    "Hav",
    "Lind",
    "Sand",
    "Sjö",
    "Strand",
    "Torp",
    "Vik",
    "Ås",
    "Ös",
    "Norr",
    "Söder",
    "Mal",
    "Ljung",
    "Björk",
    "Hag",
    "Ny",
    "Gull",
    "Kil",
    "Ros",
]
_SUFFIXES = [
    "by",
    "holm",
    "vik",
    "sund",
    "berga",
    "köping",
    "hamn",
    "ås",
    "dal",
    "torp",
    "stad",
    "fors",
    "ryd",
    "näs",
    "lunda",
    "sjö",
]


@dataclass
class Context:
    """What the parts share. Rows are plain tuples/dicts of ids, not model instances."""

    rng: random.Random
    scale: float
    now: datetime
    password_hash: str
    counties: dict = field(default_factory=dict)  # code -> id
    # id -> {"id", "slug", "county", "municipalities": [ids]}
    areas: dict = field(default_factory=dict)
    # id -> {"id", "code", "county", "areas": [ids]}
    municipalities: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)  # id -> [area ids]
    businesses: list = field(default_factory=list)  # (id, area id, municipality id)
    users: list = field(default_factory=list)  # (id, role, area, municipality, business)

    def size(self, name: str) -> int:
        return max(1, round(SIZES[name] * self.scale))

    def staff(self) -> list:
        return [u for u in self.users if u[1] != "business"]


def bulk_insert(model, rows: list[dict], chunk: int | None = None) -> None:
    """insert_many in chunks, inside one transaction (well under SQLite's variable limit)."""
    if not rows:
        return
    if chunk is None:
        chunk = max(1, 20_000 // (len(model._meta.fields) + 1))
    with database.atomic():
        for start in range(0, len(rows), chunk):
            model.insert_many(rows[start : start + chunk]).execute()


def _ascii(text: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ ", "aaoeAAOE-")
    return text.translate(table).lower()


def _allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` over weights, at least 1 each (largest remainder)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [max(1, int(x)) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(counts) < total:
        counts[order[i % len(order)]] += 1
        i += 1
    while sum(counts) > total:
        j = max(range(len(counts)), key=lambda k: counts[k])
        counts[j] -= 1
    return counts


# ---------------------------------------------------------------------- parts


def geography(ctx: Context) -> None:
    """21 counties, 290 municipalities (4-digit codes as text), 90 police areas covering them
    (the big city of each large county is split over three areas), customs regions."""
    from app.areas.models import (
        Area,
        AreaMunicipality,
        County,
        CustomsRegion,
        CustomsRegionArea,
        Municipality,
    )

    rng = ctx.rng
    existing_counties = {c.code: c for c in County.select()}
    bulk_insert(
        County,
        [
            {"code": code, "name": name}
            for code, name, _ in COUNTIES
            if code not in existing_counties
        ],
    )
    ctx.counties = {c.code: c.id for c in County.select()}

    area_counts = _allocate(SIZES["areas"], [m for _, _, m in COUNTIES])
    used_names = {m.name for m in Municipality.select(Municipality.name)}
    used_slugs = {a.slug for a in Area.select(Area.slug)}
    # plan: (county code, n new areas, codes they cover: the new ones, else the existing ones)
    new_municipalities, plan = [], []
    for (code, _name, n_muni), n_areas in zip(COUNTIES, area_counts, strict=True):
        county_id = ctx.counties[code]
        have = {m.code for m in Municipality.select().where(Municipality.county == county_id)}
        new_codes = []
        number = 1
        while len(have) + len(new_codes) < n_muni:
            muni_code = f"{code}{number:02d}"
            number += 1
            if muni_code in have:
                continue
            while True:
                name = rng.choice(_PREFIXES) + rng.choice(_SUFFIXES)
                if f"{name} kommun" not in used_names:
                    break
            used_names.add(f"{name} kommun")
            new_codes.append(muni_code)
            new_municipalities.append(
                {"code": muni_code, "name": f"{name} kommun", "county": county_id}
            )
        existing_areas = Area.select().where(Area.county == county_id).count()
        plan.append((code, max(0, n_areas - existing_areas), new_codes or sorted(have)))
    bulk_insert(Municipality, new_municipalities)
    muni_by_code = {m.code: m for m in Municipality.select()}

    # Areas: each new area covers a run of the county's new municipalities; the first
    # municipality of a county with 4+ new areas (its big city) is split over three areas.
    new_areas, coverage = [], []
    for code, n_areas, new_codes in plan:
        county_id = ctx.counties[code]
        if n_areas == 0:
            # All areas exist (demo): the new municipalities go to the existing areas.
            areas = list(Area.select().where(Area.county == county_id))
            covered = {m.code for m in Municipality.select().join(AreaMunicipality).distinct()}
            for i, muni_code in enumerate(c for c in new_codes if c not in covered):
                coverage.append((areas[i % len(areas)].slug, muni_code))
            continue
        groups = [[] for _ in range(n_areas)]
        for i, muni_code in enumerate(new_codes):
            groups[i * n_areas // max(1, len(new_codes))].append(muni_code)
        for i in range(n_areas):
            if not groups[i]:
                groups[i].append(new_codes[0])
        if n_areas >= 4 and len(new_codes) >= n_areas:
            for i in (1, 2):
                groups[i].insert(0, new_codes[0])
        for i, group in enumerate(groups):
            city = muni_by_code[group[0]].name.removesuffix(" kommun")
            name = city
            if i > 0 and group[0] == new_codes[0]:  # another part of the split big city
                name = f"{city} {('norra', 'södra', 'västra', 'östra')[i % 4]}"
            slug = _ascii(name)
            while slug in used_slugs:
                slug = f"{slug}-{i + 2}"
            used_slugs.add(slug)
            new_areas.append(
                {
                    "name": name,
                    "slug": slug,
                    "county": county_id,
                    "contact_email": f"tif.{slug}@polisen.example",
                    "contact_phone": "114 14",
                    "embargo_days": rng.choice((30, 30, 30, 60)),
                }
            )
            coverage.extend((slug, muni_code) for muni_code in dict.fromkeys(group))
    bulk_insert(Area, new_areas)
    area_by_slug = {a.slug: a for a in Area.select()}
    bulk_insert(
        AreaMunicipality,
        [
            {"area": area_by_slug[slug].id, "municipality": muni_by_code[mc].id}
            for slug, mc in coverage
        ],
    )

    existing_regions = {r.name for r in CustomsRegion.select()}
    bulk_insert(CustomsRegion, [{"name": n} for n in CUSTOMS_REGIONS if n not in existing_regions])
    have_links = set(
        CustomsRegionArea.select(CustomsRegionArea.region, CustomsRegionArea.area).tuples()
    )
    links = []
    for region in CustomsRegion.select():
        county_ids = {ctx.counties[c] for c in CUSTOMS_REGIONS.get(region.name, ())}
        for area in area_by_slug.values():
            if area.county_id in county_ids and (region.id, area.id) not in have_links:
                links.append({"region": region.id, "area": area.id})
    bulk_insert(CustomsRegionArea, links)

    # The shared lists.
    for area in Area.select():
        ctx.areas[area.id] = {
            "id": area.id,
            "slug": area.slug,
            "county": area.county_id,
            "municipalities": [],
        }
    for muni in Municipality.select():
        ctx.municipalities[muni.id] = {
            "id": muni.id,
            "code": muni.code,
            "county": muni.county_id,
            "areas": [],
        }
    for area_id, muni_id in AreaMunicipality.select(
        AreaMunicipality.area, AreaMunicipality.municipality
    ).tuples():
        ctx.areas[area_id]["municipalities"].append(muni_id)
        ctx.municipalities[muni_id]["areas"].append(area_id)
    for region_id, area_id in CustomsRegionArea.select(
        CustomsRegionArea.region, CustomsRegionArea.area
    ).tuples():
        ctx.regions.setdefault(region_id, []).append(area_id)
    for region in CustomsRegion.select():
        ctx.regions.setdefault(region.id, [])


def businesses(ctx: Context) -> None:
    """15 000 connected businesses, spread unevenly over the areas (bigger areas, more sites)."""
    from app.businesses.models import Business

    rng = ctx.rng
    have = Business.select().count()
    area_ids = sorted(ctx.areas)
    weights = [len(ctx.areas[a]["municipalities"]) * rng.uniform(0.5, 1.5) for a in area_ids]
    types, type_weights = zip(*SITE_TYPE_WEIGHTS.items(), strict=True)
    rows = []
    for n in range(max(0, ctx.size("businesses") - have)):
        area_id = rng.choices(area_ids, weights)[0]
        muni_id = rng.choice(ctx.areas[area_id]["municipalities"])
        site_type = rng.choices(types, type_weights)[0]
        rows.append(
            {
                "name": f"{rng.choice(_PREFIXES)}{rng.choice(_SUFFIXES)} {site_type} {n + 1:05d}",
                "site_type": site_type,
                "area": area_id,
                "municipality": muni_id,
                "status": "active" if rng.random() < 0.95 else "suspended",
                "created_at": ctx.now - timedelta(days=rng.randint(0, 3 * 365)),
            }
        )
    bulk_insert(Business, rows)
    ctx.businesses = list(
        Business.select(Business.id, Business.area, Business.municipality).tuples()
    )


def users(ctx: Context) -> None:
    """60 000 users: police (3 per area), municipality (2 per municipality), customs (8 per
    region and 10 national), county (2 per county), 5 admins; every other user is business
    staff, at least one per business."""
    from app.accounts.models import User

    rng = ctx.rng
    rows = []

    def add(role, **scope):
        n = len(rows) + 1
        rows.append(
            {
                "email": f"{role}{n:05d}@bench.example",
                "password_hash": ctx.password_hash,
                "name": f"{role.title()} {n:05d}",
                "role": role,
                "language": rng.choice(("", "", "sv", "en")),
                "created_at": ctx.now - timedelta(days=rng.randint(0, 3 * 365)),
                "last_login_at": ctx.now - timedelta(minutes=rng.randint(0, 60 * 24 * 90)),
                **scope,
            }
        )

    for area_id in sorted(ctx.areas):
        for _ in range(3):
            add("police", area=area_id)
    for muni_id in sorted(ctx.municipalities):
        for _ in range(2):
            add("municipality", municipality=muni_id)
    for region_id in sorted(ctx.regions):
        for _ in range(8):
            add("customs", customs_region=region_id)
    for _ in range(10):
        add("customs")
    for county_id in sorted(ctx.counties.values()):
        for _ in range(2):
            add("county", county=county_id)
    for _ in range(5):
        add("admin")
    have = User.select().count()
    business_ids = [b[0] for b in ctx.businesses]
    remaining = max(len(business_ids), ctx.size("users") - have - len(rows))
    for i in range(remaining):
        business_id = business_ids[i] if i < len(business_ids) else rng.choice(business_ids)
        add("business", business=business_id)
    bulk_insert(User, rows)
    ctx.users = list(
        User.select(User.id, User.role, User.area, User.municipality, User.business).tuples()
    )


AUDIT_ACTIONS = (
    ("login", 80),
    ("password_changed", 5),
    ("business_updated", 10),
    ("user_invited", 5),
)


def audit_entries(ctx: Context) -> None:
    """200 000 audit entries over three years, by staff, with their area or municipality."""
    from app.audit.models import AuditEntry

    rng = ctx.rng
    staff = ctx.staff()
    actions, weights = zip(*AUDIT_ACTIONS, strict=True)
    rows = []
    for _ in range(ctx.size("audit_entries")):
        user_id, _role, area_id, muni_id, _business = rng.choice(staff)
        rows.append(
            {
                "actor": user_id,
                "action": rng.choices(actions, weights)[0],
                "object_type": "",
                "object_id": None,
                "area": area_id,
                "municipality": muni_id,
                "at": ctx.now - timedelta(seconds=rng.randint(0, 3 * 365 * 86400)),
            }
        )
    bulk_insert(AuditEntry, rows)


def sessions_tokens_mail(ctx: Context) -> None:
    """Live sessions, password-reset tokens and the mail outbox of a busy day or month."""
    from app.accounts.models import Session, Token
    from app.mail import OutboxMail

    rng = ctx.rng
    user_ids = [u[0] for u in ctx.users]
    rows = []
    for _ in range(ctx.size("sessions")):
        started = ctx.now - timedelta(seconds=rng.randint(60, 11 * 3600))
        rows.append(
            {
                "token_hash": f"{rng.getrandbits(256):064x}",
                "user": rng.choice(user_ids),
                "data": "{}",
                "created_at": started,
                "last_seen": started + (ctx.now - started) * rng.random(),
            }
        )
    bulk_insert(Session, rows)
    rows = []
    for _ in range(ctx.size("tokens")):
        created = ctx.now - timedelta(seconds=rng.randint(0, 3600))
        rows.append(
            {
                "token_hash": f"{rng.getrandbits(256):064x}",
                "user": rng.choice(user_ids),
                "purpose": "reset",
                "expires_at": created + timedelta(minutes=30),
                "used_at": created if rng.random() < 0.5 else None,
                "created_at": created,
            }
        )
    bulk_insert(Token, rows)
    rows = []
    for n in range(ctx.size("outbox_mails")):
        created = ctx.now - timedelta(seconds=rng.randint(0, 30 * 86400))
        rows.append(
            {
                "recipient": f"recipient{n:05d}@bench.example",
                "subject": "TIF-portalen",
                "body_text": "",
                "body_html": "",
                "status": "sent",
                "attempts": 1,
                "next_attempt_at": created,
                "created_at": created,
                "sent_at": created,
            }
        )
    bulk_insert(OutboxMail, rows)


# One line per feature, in dependency order. Later features add theirs here, e.g.
# ("join requests", join_requests) from issue 3, then orders, contacts, surveys, seizures.
def joining(ctx: Context) -> None:
    """Operators of each business, requests to join (a tenth still pending), the contact network."""
    from app.businesses.models import BusinessOperator, Operator
    from app.joining.models import JoinRequest
    from app.prospects.models import Prospect

    rng = ctx.rng
    operator_ids = [o.id for o in Operator.select(Operator.id).order_by(Operator.position)]
    linked = set(BusinessOperator.select(BusinessOperator.business).tuples())
    links = []
    for business_id, _area, _muni in ctx.businesses:
        if (business_id,) in linked:
            continue
        for operator_id in rng.sample(operator_ids, rng.randint(1, 3)):
            links.append({"business": business_id, "operator": operator_id})
    bulk_insert(BusinessOperator, links)

    area_ids = sorted(ctx.areas)
    types = list(SITE_TYPE_WEIGHTS)
    requests = []
    for n in range(ctx.size("join_requests")):
        area_id = rng.choice(area_ids)
        status = rng.choices(["pending", "approved", "rejected"], [1, 8, 1])[0]
        created = ctx.now - timedelta(days=rng.randint(0, 2 * 365))
        requests.append(
            {
                "area": area_id,
                "municipality": rng.choice(ctx.areas[area_id]["municipalities"]),
                "business_name": f"{rng.choice(_PREFIXES)}{rng.choice(_SUFFIXES)} ansökan {n + 1:05d}",
                "site_type": rng.choice(types),
                "street_address": f"Storgatan {rng.randint(1, 99)}",
                "postcode": f"{rng.randint(10000, 98999)}",
                "contact_name": "Bench Person",
                "contact_email": f"request{n + 1}@bench.example",
                "contact_phone": "+46701234567",
                "status": status,
                "decided_at": None if status == "pending" else created + timedelta(days=2),
                "created_at": created,
            }
        )
    bulk_insert(JoinRequest, requests)

    prospects = []
    for n in range(ctx.size("prospects")):
        area_id = rng.choice(area_ids)
        prospects.append(
            {
                "area": area_id,
                "municipality": rng.choice(ctx.areas[area_id]["municipalities"]),
                "name": f"{rng.choice(_PREFIXES)}{rng.choice(_SUFFIXES)} känd {n + 1:05d}",
                "site_type": rng.choice(types),
                "operator": rng.choice(operator_ids),
                "contact_email": f"prospect{n + 1}@bench.example" if rng.random() < 0.5 else "",
                "created_at": ctx.now - timedelta(days=rng.randint(0, 365)),
            }
        )
    bulk_insert(Prospect, prospects)


KERNEL_PARTS: list[tuple[str, Callable[[Context], None]]] = [
    ("geography", geography),
    ("businesses", businesses),
    ("users", users),
    ("audit entries", audit_entries),
    ("sessions, tokens, outbox", sessions_tokens_mail),
    ("operators, requests to join, contact network", joining),
]


def parts() -> list[tuple[str, Callable[[Context], None]]]:
    """The kernel's parts, then each feature's from bench/parts/."""
    from bench.parts import modules

    return [*KERNEL_PARTS, *((m.NAME, m.generate) for m in modules() if hasattr(m, "generate"))]


# ---------------------------------------------------------------------- building


def build(app, scale: float = 1.0, seed: int = SEED, log=print) -> dict:
    """Build the dataset into the app's (empty or fresh) database; returns seconds per part."""
    from app.accounts.passwords import hash_password
    from app.demo import DEMO_PASSWORD, load_demo_data

    timings = {}
    with app.app_context():
        database.connect(reuse_if_open=True)
        started = time.perf_counter()
        load_demo_data()
        ctx = Context(
            rng=random.Random(seed),
            scale=scale,
            now=utcnow(),
            password_hash=hash_password(DEMO_PASSWORD),  # once; every user shares it
        )
        timings["demo data"] = time.perf_counter() - started
        for name, part in parts():
            started = time.perf_counter()
            part(ctx)
            timings[name] = time.perf_counter() - started
            log(f"  {name:<28} {timings[name]:6.1f} s")
        database.execute_sql("ANALYZE")  # planner statistics, as a live database has them
        database.close()
    return timings


def row_counts(app) -> dict:
    from app.models import MODELS

    with app.app_context():
        database.connect(reuse_if_open=True)
        counts = {m._meta.table_name: m.select().count() for m in MODELS}
        database.close()
    return counts


def make_app(database_url: str):
    from app import create_app

    return create_app({"DATABASE_URL": database_url, "RATELIMIT_ENABLED": False})


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 1)))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{Path(__file__).parent / 'results' / 'national.sqlite3'}"
    )
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    app = make_app(url)
    started = time.perf_counter()
    with app.app_context():
        rebuild_schema()
        database.close()
    print(f"building the dataset (scale {args.scale}, seed {args.seed}) into {url}")
    build(app, args.scale, args.seed)
    print(f"built in {time.perf_counter() - started:.1f} s")
    for table, count in row_counts(app).items():
        print(f"  {table:<28} {count:>8}")


if __name__ == "__main__":
    # The parts extend SIZES of the module `bench.generate`; run as a script, this file is
    # `__main__`, another copy of it, so the module's own main() is the one to run.
    from bench.generate import main as module_main

    module_main()
