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
    (
        "Kiosken Stenstan",
        "paketombud",
        "sundsvall",
        "2281",
        ("PostNord", "DHL", "Instabee (Budbee/Instabox)"),
    ),
    ("Sundsvall Paketterminal", "terminal", "sundsvall", "2281", ("PostNord",)),
    ("Ålidhems Livs", "paketombud", "umea", "2480", ("PostNord", "Bring")),
)


def load() -> None:
    operators = {
        name: ensure(Operator, {"name": name}, position=position)
        for position, name in enumerate(OPERATORS)
    }
    for name, site_type, slug, municipality_code, operator_names in BUSINESSES:
        business = ensure(
            Business,
            {"name": name},
            site_type=site_type,
            area=Area.get(Area.slug == slug),
            municipality=Municipality.get(Municipality.code == municipality_code),
        )
        for operator in operator_names:
            ensure(BusinessOperator, {"business": business, "operator": operators[operator]})
