"""Who sees which update: every demo account's scope, and the rule in its two directions (the
updates a business's feed holds; the businesses an audience reaches) held against each other
for every desk and narrowing, including a municipality split over two police areas."""

import itertools

import pytest
from updates_helpers import user

from app.accounts.models import User
from app.areas.models import Area, AreaMunicipality, County, CustomsRegion, Municipality
from app.businesses.models import Business
from app.db import utcnow
from app.security import scoped
from app.updates.audience import Audience, reach, reached_businesses
from app.updates.models import Update, UpdateMunicipality

SEEN = {
    "ombud@example.com": {
        "Var uppmärksam på paket med handskrivna etiketter och kraftig tejp",
        "Det här får du berätta för polisen och Tullverket",
        "Samverkansmöte för paketombud och terminaler i Sundsvall",
        "Kommunen bjuder in till utbildning: trygghet i butiken",
        "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien",
        "Nytt i portalen: välj själv när du vill få mejl",
    },
    "terminal@example.com": {
        "Var uppmärksam på paket med handskrivna etiketter och kraftig tejp",
        "Det här får du berätta för polisen och Tullverket",
        "Samverkansmöte för paketombud och terminaler i Sundsvall",
        "För terminaler: sändningar som ändrar mönster",
        "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien",
        "Nytt i portalen: välj själv när du vill få mejl",
    },
    "ombud.umea@example.com": {
        "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien",
        "Nytt i portalen: välj själv när du vill få mejl",
        "Var uppmärksam på paket som hämtas ut åt många olika mottagare",
        "Så gör du vid disken när något känns fel",
        "Tack för era tips under vintern",
    },
    # Staff: the updates of their desk, whatever their state.
    "polis@example.com": {
        "Var uppmärksam på paket med handskrivna etiketter och kraftig tejp",
        "Det här får du berätta för polisen och Tullverket",
        "Samverkansmöte för paketombud och terminaler i Sundsvall",
        "Uppföljningsmöte i Timrå",
        "Var uppmärksam på falska sms om paketavgifter",
        "För terminaler: sändningar som ändrar mönster",
    },
    "kommun@example.com": {"Kommunen bjuder in till utbildning: trygghet i butiken"},
    "tull@example.com": {
        "Tullverket: vakuumförpackat innehåll från Nederländerna och Spanien",
        "Så tipsar du Tullverket",
    },
    "polis.umea@example.com": {
        "Var uppmärksam på paket som hämtas ut åt många olika mottagare",
        "Så gör du vid disken när något känns fel",
        "Tack för era tips under vintern",
        "Uppföljningsmöte för verksamheterna på Ålidhem",
    },
    "admin@example.com": {"Nytt i portalen: välj själv när du vill få mejl"},
    "lansstyrelsen@example.com": set(),
}


@pytest.mark.parametrize("email", SEEN)
def test_each_account_sees_its_own_updates_and_no_others(demo, email):
    assert {u.title for u in scoped(Update, user(email))} == SEEN[email]


def test_customs_for_the_whole_country_sees_every_region_and_the_national_desk(demo):
    national = User.create(email="tull.riket@example.com", role="customs")
    assert {u.level for u in scoped(Update, national)} == {"region", "national"}


# ---------------------------------------------------------------- both directions agree


@pytest.fixture
def places(demo):
    """Besides the demo's three businesses: one in Timrå, one in a second police area that
    also covers Sundsvalls kommun (outside every customs region), and a suspended one."""
    sundsvalls_kommun = Municipality.get(Municipality.code == "2281")
    west = Area.create(
        name="Sundsvall väst", slug="sundsvall-vast", county=County.get(County.code == "22")
    )
    AreaMunicipality.create(area=west, municipality=sundsvalls_kommun)
    sundsvall = Area.get(Area.slug == "sundsvall")
    timra = Municipality.get(Municipality.code == "2262")
    Business.create(name="Timrå Kurir", site_type="kurir", area=sundsvall, municipality=timra)
    Business.create(
        name="Matöppet Kovland", site_type="paketombud", area=west, municipality=sundsvalls_kommun
    )
    Business.create(
        name="Stängda Ombudet",
        site_type="paketombud",
        area=sundsvall,
        municipality=sundsvalls_kommun,
        status="suspended",
    )
    return west


def desks(west) -> list[Audience]:
    areas = {a.slug: a.id for a in Area.select()}
    codes = {m.code: m.id for m in Municipality.select()}
    return [
        Audience("national"),
        Audience("area", area_id=areas["sundsvall"]),
        Audience("area", area_id=areas["umea"]),
        Audience("area", area_id=west.id),
        Audience("municipality", municipality_id=codes["2281"]),
        Audience("municipality", municipality_id=codes["2262"]),
        Audience("municipality", municipality_id=codes["2480"]),
        Audience("region", region_id=CustomsRegion.get().id),
    ]


def narrowings() -> list[tuple]:
    codes = {m.code: m.id for m in Municipality.select()}
    return [
        ((), ()),
        (("paketombud",), ()),
        (("terminal", "kurir"), ()),
        ((), (codes["2262"],)),
        ((), (codes["2281"], codes["2480"])),
        (("paketombud",), (codes["2281"],)),
    ]


def saved(audience: Audience) -> Update:
    update = Update.create(
        category="general",
        title="Provnyhet",
        body="Text",
        publisher="admin",
        publish_at=utcnow(),
        **audience.columns(),
    )
    for municipality_id in audience.municipality_ids:
        UpdateMunicipality.create(update=update, municipality=municipality_id)
    return update


def test_the_feed_and_the_reach_agree_for_every_desk_narrowing_and_business(places):
    businesses = list(Business.select().where(Business.status == "active"))
    assert len(businesses) == 5
    readers = {
        b.id: User.create(email=f"b{b.id}@example.com", role="business", business=b)
        for b in businesses
    }
    checked = 0
    for desk, (site_types, municipality_ids) in itertools.product(desks(places), narrowings()):
        audience = desk.narrowed_to(site_types, municipality_ids)
        update = saved(audience)
        reached = {b.id for b in reached_businesses(audience)}
        for business in businesses:
            in_feed = scoped(Update, readers[business.id]).where(Update.id == update.id).exists()
            assert in_feed == (business.id in reached), (audience, business.name)
            checked += 1
        update.delete_instance()
    assert checked == 8 * 6 * 5


def test_what_each_desk_reaches(places):
    names = {}
    for audience in desks(places):
        names[audience] = {b.name for b in reached_businesses(audience)}
    national, sundsvall, umea, west, kommun, timra, umea_kommun, norr = desks(places)
    everyone = {
        "Kiosken Stenstan",
        "Sundsvall Paketterminal",
        "Ålidhems Livs",
        "Timrå Kurir",
        "Matöppet Kovland",
    }
    assert names[national] == everyone  # never the suspended business
    assert names[sundsvall] == {"Kiosken Stenstan", "Sundsvall Paketterminal", "Timrå Kurir"}
    assert names[umea] == {"Ålidhems Livs"}
    assert names[west] == {"Matöppet Kovland"}
    # A municipality reaches its businesses in every police area that covers it.
    assert names[kommun] == {"Kiosken Stenstan", "Sundsvall Paketterminal", "Matöppet Kovland"}
    assert names[timra] == {"Timrå Kurir"}
    assert names[umea_kommun] == {"Ålidhems Livs"}
    # A customs region reaches the areas it holds (the new area is in none).
    assert names[norr] == everyone - {"Matöppet Kovland"}


def test_reach_counts_the_people_who_can_log_in(places):
    kiosk = Business.get(Business.name == "Kiosken Stenstan")
    User.create(email="kollega@example.com", role="business", business=kiosk, password_hash="x")
    User.create(email="inbjuden@example.com", role="business", business=kiosk)  # no password yet
    User.create(
        email="slutat@example.com",
        role="business",
        business=kiosk,
        password_hash="x",
        disabled_at=utcnow(),
    )
    kommun = desks(places)[4]
    assert reach(kommun.narrowed_to(("paketombud",), ())) == (2, 2)  # ombud@ and kollega@
