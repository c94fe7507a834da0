"""Demo businesses: Kiosken Stenstan and Sundsvall Paketterminal (Sundsvall), Ålidhems Livs
(Umeå), and the operators businesses choose from."""

from app.areas.models import Area, Municipality
from app.businesses.models import Business, BusinessOperator, Operator
from app.demo import ensure

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
BUSINESSES = (
    {
        "name": "Kiosken Stenstan",
        "site_type": "paketombud",
        "area": "sundsvall",
        "municipality": "2281",
        "street_address": "Storgatan 18",
        "postcode": "85230",
        "postal_town": "Sundsvall",
        "contact_phone": "+46701740620",
        "operators": ("PostNord", "DHL", "Instabee (Budbee/Instabox)"),
    },
    {
        "name": "Sundsvall Paketterminal",
        "site_type": "terminal",
        "area": "sundsvall",
        "municipality": "2281",
        "street_address": "Birstavägen 40",
        "postcode": "85634",
        "postal_town": "Sundsvall",
        "contact_phone": "+46701740621",
        "operators": ("PostNord",),
    },
    {
        "name": "Ålidhems Livs",
        "site_type": "paketombud",
        "area": "umea",
        "municipality": "2480",
        "street_address": "Ålidhemsgatan 4",
        "postcode": "90736",
        "postal_town": "Umeå",
        "contact_phone": "+46701740622",
        "operators": ("PostNord", "Bring"),
    },
)


def load() -> None:
    operators = {
        name: ensure(Operator, {"name": name}, position=position)
        for position, name in enumerate(OPERATORS)
    }
    for values in BUSINESSES:
        values = dict(values)
        operator_names = values.pop("operators")
        values["area"] = Area.get(Area.slug == values["area"])
        values["municipality"] = Municipality.get(Municipality.code == values["municipality"])
        business = ensure(Business, {"name": values.pop("name")}, **values)
        for operator in operator_names:
            ensure(BusinessOperator, {"business": business, "operator": operators[operator]})
