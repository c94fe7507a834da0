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
from app.audit.models import AuditEntry, record
from app.businesses.models import Business, BusinessOperator, Operator
from app.db import database
from app.joining.models import JoinRequest, JoinRequestOperator
from app.prospects.models import Prospect

DEMO_PASSWORD = "demo-password-2026"
OPERATORS = (
    "PostNord",
    "DHL",
    "Bring",
    "Instabee (Budbee/Instabox)",
    "DSV (Schenker)",
    "UPS",
    "Airmee",
    "Early Bird",
    "Annan",
)


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

        operators = {
            name: _ensure(Operator, {"name": name}, position=position)
            for position, name in enumerate(OPERATORS)
        }

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

        for business, names in (
            (kiosk, ("PostNord", "DHL", "Instabee (Budbee/Instabox)")),
            (terminal, ("PostNord",)),
            (alidhem, ("PostNord", "Bring")),
        ):
            for name in names:
                _ensure(BusinessOperator, {"business": business, "operator": operators[name]})

        pending = [
            (
                sundsvall,
                sundsvall_m,
                "Nacksta Servicebutik",
                "Nackstavägen 12",
                "85352",
                "Sara Lind",
                "sara.lind@example.com",
                "+46701234567",
                ("PostNord", "Bring"),
            ),
            (
                umea,
                umea_m,
                "Teg Kiosk & Paket",
                "Tegsplan 3",
                "90740",
                "Ali Hassan",
                "ali.hassan@example.com",
                "+46702345678",
                ("DHL",),
            ),
        ]
        for area, municipality, name, street, postcode, contact, email, phone, names in pending:
            if JoinRequest.get_or_none(JoinRequest.business_name == name) is None:
                request = JoinRequest.create(
                    area=area,
                    municipality=municipality,
                    business_name=name,
                    site_type="paketombud",
                    street_address=street,
                    postcode=postcode,
                    contact_name=contact,
                    contact_email=email,
                    contact_phone=phone,
                )
                for operator_name in names:
                    JoinRequestOperator.create(
                        join_request=request, operator=operators[operator_name]
                    )

        _ensure(
            Prospect,
            {"name": "Birsta Paketombud"},
            area=sundsvall,
            municipality=sundsvall_m,
            site_type="paketombud",
            operator=operators["PostNord"],
            street_address="Birstavägen 1",
            contact_name="Regional ombudsansvarig PostNord",
            contact_role="Regional agent manager",
            contact_email="ombud.norr@example.com",
        )
        _ensure(
            Prospect,
            {"name": "Timrå Brevbärarkontor"},
            area=sundsvall,
            municipality=timra_m,
            site_type="brevbararkontor",
            operator=operators["PostNord"],
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

        # A first page of the audit log: the demo businesses as staff approved them.
        if not AuditEntry.select().exists():
            approvers = {sundsvall.id: "polis@example.com", umea.id: "polis.umea@example.com"}
            for business in (kiosk, terminal, alidhem):
                actor = User.get(User.email == approvers[business.area_id])
                record("business_created", business, actor=actor.id)
