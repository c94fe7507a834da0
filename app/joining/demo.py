"""One pending request to join in each area."""

from app.areas.models import Area, Municipality
from app.businesses.models import Operator
from app.joining.models import JoinRequest, JoinRequestOperator

PENDING = (
    (
        "sundsvall",
        "2281",
        "Nacksta Servicebutik",
        "Nackstavägen 12",
        "85352",
        "Sara Lind",
        "sara.lind@example.com",
        "+46701234567",
        ("PostNord", "Bring"),
    ),
    (
        "umea",
        "2480",
        "Teg Kiosk & Paket",
        "Tegsplan 3",
        "90740",
        "Ali Hassan",
        "ali.hassan@example.com",
        "+46702345678",
        ("DHL",),
    ),
)


def load() -> None:
    for slug, code, name, street, postcode, contact, email, phone, operators in PENDING:
        if JoinRequest.get_or_none(JoinRequest.business_name == name) is not None:
            continue
        request = JoinRequest.create(
            area=Area.get(Area.slug == slug),
            municipality=Municipality.get(Municipality.code == code),
            business_name=name,
            site_type="paketombud",
            street_address=street,
            postcode=postcode,
            contact_name=contact,
            contact_email=email,
            contact_phone=phone,
        )
        for operator in operators:
            JoinRequestOperator.create(
                join_request=request, operator=Operator.get(Operator.name == operator)
            )
