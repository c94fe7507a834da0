"""The demo accounts (docs/demo-data.md), all with the password demo-password-2026."""

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.areas.models import Area, County, CustomsRegion, Municipality
from app.businesses.models import Business
from app.demo import DEMO_PASSWORD, ensure


def load() -> None:
    def business(name):
        return {"business": Business.get(Business.name == name)}

    accounts = [
        ("admin@example.com", "Karin Lund", "admin", {}),
        ("polis@example.com", "Anna Berglund", "police", {"area": Area.get(slug="sundsvall")}),
        (
            "kommun@example.com",
            "Johan Nilsson",
            "municipality",
            {"municipality": Municipality.get(code="2281")},
        ),
        (
            "tull@example.com",
            "Fatima Rahimi",
            "customs",
            {"customs_region": CustomsRegion.get(name="Tullregion Norr")},
        ),
        ("lansstyrelsen@example.com", "Per Sjöberg", "county", {"county": County.get(code="22")}),
        ("ombud@example.com", "Leila Haddad", "business", business("Kiosken Stenstan")),
        ("terminal@example.com", "Mikael Öberg", "business", business("Sundsvall Paketterminal")),
        ("polis.umea@example.com", "Erik Lindqvist", "police", {"area": Area.get(slug="umea")}),
        ("ombud.umea@example.com", "Nina Forsberg", "business", business("Ålidhems Livs")),
    ]
    password_hash = hash_password(DEMO_PASSWORD)
    for email, name, role, scope in accounts:
        ensure(User, {"email": email}, name=name, role=role, password_hash=password_hash, **scope)
