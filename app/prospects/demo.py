"""Two known sites in Sundsvall's contact network that have not joined."""

from app.areas.models import Area, Municipality
from app.businesses.models import Operator
from app.demo import ensure
from app.prospects.models import Prospect


def load() -> None:
    sundsvall = Area.get(Area.slug == "sundsvall")
    postnord = Operator.get(Operator.name == "PostNord")
    ensure(
        Prospect,
        {"name": "Birsta Paketombud"},
        area=sundsvall,
        municipality=Municipality.get(Municipality.code == "2281"),
        site_type="paketombud",
        operator=postnord,
        street_address="Birstavägen 1",
        contact_name="Maria Holm",
        contact_role="Regional ombudsansvarig, PostNord",
        contact_email="ombud.norr@example.com",
    )
    ensure(
        Prospect,
        {"name": "Timrå Brevbärarkontor"},
        area=sundsvall,
        municipality=Municipality.get(Municipality.code == "2262"),
        site_type="brevbararkontor",
        operator=postnord,
    )
