"""The demo accounts (docs/demo-data.md), all with the password demo-password-2026."""

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.areas.models import Area, County, CustomsRegion, Municipality
from app.businesses.models import Business
from app.demo import DEMO_PASSWORD, ensure


def load() -> None:
    sundsvall = Area.get(Area.slug == "sundsvall")
    umea = Area.get(Area.slug == "umea")

    def business(name):
        return {"business": Business.get(Business.name == name)}

    accounts = [
        ("admin@example.com", "admin", {}),
        ("polis@example.com", "police", {"area": sundsvall}),
        ("kommun@example.com", "municipality", {"municipality": Municipality.get(code="2281")}),
        (
            "tull@example.com",
            "customs",
            {"customs_region": CustomsRegion.get(name="Tullregion Norr")},
        ),
        ("lansstyrelsen@example.com", "county", {"county": County.get(code="22")}),
        ("ombud@example.com", "business", business("Kiosken Stenstan")),
        ("terminal@example.com", "business", business("Sundsvall Paketterminal")),
        ("polis.umea@example.com", "police", {"area": umea}),
        ("ombud.umea@example.com", "business", business("Ålidhems Livs")),
    ]
    password_hash = hash_password(DEMO_PASSWORD)
    for email, role, scope in accounts:
        ensure(User, {"email": email}, role=role, password_hash=password_hash, **scope)
