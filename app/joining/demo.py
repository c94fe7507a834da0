"""One pending request to join in each area."""

from app.areas.models import Area, Municipality
from app.businesses.models import Operator
from app.joining.models import JoinRequest, JoinRequestOperator

PENDING = (
    {
        "area": "sundsvall",
        "municipality": "2281",
        "business_name": "Nacksta Servicebutik",
        "street_address": "Nackstavägen 12",
        "postcode": "85352",
        "postal_town": "Sundsvall",
        "contact_name": "Sara Lind",
        "contact_email": "sara.lind@example.com",
        "contact_phone": "+46701740610",
        "operators": ("PostNord", "Bring"),
    },
    {
        "area": "umea",
        "municipality": "2480",
        "business_name": "Teg Kiosk & Paket",
        "street_address": "Tegsplan 3",
        "postcode": "90740",
        "postal_town": "Umeå",
        "contact_name": "Ali Hassan",
        "contact_email": "ali.hassan@example.com",
        "contact_phone": "+46701740611",
        "operators": ("DHL",),
    },
)


def load() -> None:
    for values in PENDING:
        values = dict(values)
        if JoinRequest.get_or_none(JoinRequest.business_name == values["business_name"]):
            continue
        operators = values.pop("operators")
        values["area"] = Area.get(Area.slug == values["area"])
        values["municipality"] = Municipality.get(Municipality.code == values["municipality"])
        request = JoinRequest.create(**values, site_type="paketombud")
        for operator in operators:
            JoinRequestOperator.create(
                join_request=request, operator=Operator.get(Operator.name == operator)
            )
