"""Demo data: the contract in DESIGN.md ("Demo data"). Idempotent: found rows are kept."""

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.areas.models import (
    Area,
    AreaMunicipality,
    County,
    CustomsRegion,
    CustomsRegionArea,
    Municipality,
)
from app.businesses.models import Business
from app.db import database

DEMO_PASSWORD = "demo-password-2026"


def _ensure(model, lookup: dict, **values):
    row = model.get_or_none(*[getattr(model, k) == v for k, v in lookup.items()])
    return row if row is not None else model.create(**lookup, **values)


def load_demo_data() -> None:
    with database.atomic():
        vnorr = _ensure(County, {"code": "22"}, name="Västernorrlands län")
        vbotten = _ensure(County, {"code": "24"}, name="Västerbottens län")
        sundsvall_m = _ensure(
            Municipality, {"code": "2281"}, name="Sundsvalls kommun", county=vnorr
        )
        timra_m = _ensure(Municipality, {"code": "2262"}, name="Timrå kommun", county=vnorr)
        umea_m = _ensure(Municipality, {"code": "2480"}, name="Umeå kommun", county=vbotten)
        sundsvall = _ensure(
            Area,
            {"slug": "sundsvall"},
            name="Sundsvall",
            county=vnorr,
            contact_email="tif.sundsvall@example.com",
            contact_phone="114 14",
        )
        umea = _ensure(
            Area,
            {"slug": "umea"},
            name="Umeå",
            county=vbotten,
            contact_email="tif.umea@example.com",
            contact_phone="114 14",
        )
        for area, municipality in ((sundsvall, sundsvall_m), (sundsvall, timra_m), (umea, umea_m)):
            _ensure(AreaMunicipality, {"area": area, "municipality": municipality})
        region = _ensure(CustomsRegion, {"name": "Tullregion Norr"})
        for area in (sundsvall, umea):
            _ensure(CustomsRegionArea, {"region": region, "area": area})

        kiosk = _ensure(
            Business,
            {"name": "Kiosken Stenstan"},
            site_type="paketombud",
            area=sundsvall,
            municipality=sundsvall_m,
        )
        terminal = _ensure(
            Business,
            {"name": "Sundsvall Paketterminal"},
            site_type="terminal",
            area=sundsvall,
            municipality=sundsvall_m,
        )
        alidhem = _ensure(
            Business,
            {"name": "Ålidhems Livs"},
            site_type="paketombud",
            area=umea,
            municipality=umea_m,
        )

        password_hash = hash_password(DEMO_PASSWORD)
        accounts = [
            ("admin@example.com", "admin", {}),
            ("polis@example.com", "police", {"area": sundsvall}),
            ("kommun@example.com", "municipality", {"municipality": sundsvall_m}),
            ("tull@example.com", "customs", {"customs_region": region}),
            ("lansstyrelsen@example.com", "county", {"county": vnorr}),
            ("ombud@example.com", "business", {"business": kiosk}),
            ("terminal@example.com", "business", {"business": terminal}),
            ("polis.umea@example.com", "police", {"area": umea}),
            ("ombud.umea@example.com", "business", {"business": alidhem}),
        ]
        for email, role, scope in accounts:
            _ensure(User, {"email": email}, role=role, password_hash=password_hash, **scope)
