"""Contacts with police and customs, and seizure feedback, at national scale: a year of
contacts (about one and a half per business), two years of seizure feedback in every area,
their pages, and businesses logging contacts at the same time."""

from datetime import timedelta

from app.seizures.periods import local_today
from bench.generate import SIZES, bulk_insert

NAME = "contacts, seizure feedback"
SIZES.update({"contacts": 22_000, "seizure_feedback": 12_000})

CHANNELS = {"police_phone": 40, "police_web": 20, "customs": 30, "emergency": 2, "in_person": 8}
SUSPECTED = {
    "narcotics": 45,
    "medicines": 15,
    "doping": 8,
    "weapons": 3,
    "ammunition": 1,
    "explosives": 1,
    "false_documents": 5,
    "precursors": 2,
    "hazardous": 4,
    "other": 6,
    "unknown": 10,
}
WISHES = {"no": 75, "call_first": 15, "discreet": 10}
SEIZED = {key: weight for key, weight in SUSPECTED.items() if key != "unknown"}


def _pick(rng, weights: dict) -> str:
    return rng.choices(list(weights), list(weights.values()))[0]


def generate(ctx) -> None:
    from app.contacts.models import Contact
    from app.seizures.models import SeizureFeedback

    rng = ctx.rng
    today = ctx.now.date()
    contacts = []
    for _ in range(ctx.size("contacts")):
        business, area, municipality = rng.choice(ctx.businesses)
        contacted_on = today - timedelta(days=rng.randint(0, 364))
        wish = _pick(rng, WISHES)
        visited = wish != "no" and rng.random() < 0.7
        answered = rng.random() < 0.4
        contacts.append(
            {
                "business": business,
                "area": area,
                "municipality": municipality,
                "contacted_on": contacted_on,
                "channel": _pick(rng, CHANNELS),
                "category": _pick(rng, SUSPECTED),
                "visit_wish": wish,
                "visited_on": contacted_on + timedelta(days=7) if visited else None,
                "feedback": "Tack för att ni hörde av er. Vi följer upp." if answered else "",
                "feedback_on": contacted_on + timedelta(days=3) if answered else None,
            }
        )
    bulk_insert(Contact, contacts)

    entries = []
    area_ids = sorted(ctx.areas)
    for _ in range(ctx.size("seizure_feedback")):
        area = rng.choice(area_ids)
        municipalities = ctx.areas[area]["municipalities"]
        month = (today - timedelta(days=rng.randint(0, 730))).replace(day=1)
        entries.append(
            {
                "area": area,
                "municipality": rng.choice(municipalities) if rng.random() < 0.4 else None,
                "month": month,
                "category": _pick(rng, SEIZED),
                "count": rng.choice((1, 1, 2, 3, 4, 5, 8)),
                "description": "Paket deklarerade som kosmetika." if rng.random() < 0.2 else "",
                "shareable": rng.random() < 0.85,
            }
        )
    bulk_insert(SeizureFeedback, entries)


def __getattr__(name: str):
    """PAGES and WRITERS, made when the benchmark collects them (PEP 562): bench.pages and
    bench.writers collect the parts while they load, so importing them at the top of this
    module would hand one of them this module half-made, without its pages or writers."""
    if name == "PAGES":
        return _pages()
    if name == "WRITERS":
        return _writers()
    raise AttributeError(name)


def _pages() -> list:
    from bench.pages import ADMIN, BOOSTED, BUSINESS, COUNTY, CUSTOMS, MUNICIPALITY, POLICE, Page

    return [
        Page("contacts (business)", "/contacts/", BUSINESS),
        Page("contacts from businesses (police)", "/contacts/log", POLICE, dashboard=True),
        Page("contacts wishing a visit (police)", "/contacts/log?show=waiting", POLICE, BOOSTED),
        Page("contacts from businesses (customs)", "/contacts/log", CUSTOMS, dashboard=True),
        Page(
            "contact statistics (municipality)",
            "/contacts/statistics",
            MUNICIPALITY,
            dashboard=True,
        ),
        Page("contact statistics (police)", "/contacts/statistics", POLICE, dashboard=True),
        Page("contact statistics (county)", "/contacts/statistics", COUNTY, dashboard=True),
        Page("contact statistics (customs)", "/contacts/statistics", CUSTOMS, dashboard=True),
        Page("contact statistics (admin)", "/contacts/statistics", ADMIN, dashboard=True),
        Page("seizure feedback (business)", "/seizures/", BUSINESS),
        Page("seizure feedback entries (police)", "/seizures/entries/", POLICE, dashboard=True),
        Page(
            "seizure statistics (municipality)",
            "/seizures/statistics",
            MUNICIPALITY,
            dashboard=True,
        ),
        Page("seizure statistics (police)", "/seizures/statistics", POLICE, dashboard=True),
        Page("seizure statistics (county)", "/seizures/statistics", COUNTY, dashboard=True),
        Page(
            "seizure statistics export (county)",
            "/seizures/statistics/export?format=csv",
            COUNTY,
            dashboard=True,
        ),
        Page("seizure statistics (customs)", "/seizures/statistics", CUSTOMS, dashboard=True),
        Page("seizure statistics (admin)", "/seizures/statistics", ADMIN, dashboard=True),
    ]


def _log_contact(client, email: str) -> None:
    """A business user logs in and logs a contact without a visit wish (a wish mails the
    area's police, which the outbox would count)."""
    from bench.measure import csrf_token
    from bench.writers import _expect, _login

    _login(client, email)
    token = csrf_token(client.get("/contacts/").text)
    response = client.post(
        "/contacts/",
        data={
            "csrf_token": token,
            "contacted_on": local_today().isoformat(),
            "channel": "police_phone",
            "category": "narcotics",
            "visit_wish": "no",
        },
    )
    _expect(response, 303)


def _writers() -> list:
    from bench.writers import Writer, _users

    return [
        Writer(
            "business logs a contact",
            lambda n: _users(lambda U: (U.role == "business") & U.business.is_null(False), n),
            _log_contact,
            {"session": 1, "contact": 1},
        ),
    ]
