"""A year of contacts from the demo businesses, relative to today: every channel, visits
wished and made, feedback from the police. Enough in Sundsvall (two businesses most
months) for the statistics to show figures; Umeå has one business, so its figures stay
hidden, as they should."""

import datetime

from app.businesses.models import Business
from app.contacts.models import Contact
from app.seizures.periods import local_today

# Tullverket's channel only among Sundsvall's latest contacts and in Umeå, six in all: the
# scope walker follows six links per page kind, so what customs and the police of each area
# reach of each other's contacts must be the same six (see load()).
SUNDSVALL_CHANNELS = ("customs", "police_phone", "police_web", "police_phone", "customs") + (
    "police_phone",
    "police_web",
    "police_phone",
    "police_web",
    "police_phone",
    "in_person",
) * 5
UMEA_CHANNELS = ("customs", "police_phone", "customs", "customs", "police_web", "customs")
SUSPECTED = ("narcotics", "medicines", "unknown", "doping", "false_documents")
WISHES = ("no", "discreet", "no", "call_first", "no", "no", "discreet")
FEEDBACK = (
    "Tack för att ni hörde av er. Vi har tagit emot uppgifterna och följer upp dem.",
    "Tack för kontakten! Fortsätt att vara uppmärksamma och hör av er igen om ni ser något "
    "liknande.",
    "Tack – er kontakt var till stor hjälp. Vi hälsar på vid tillfälle, utan att väcka "
    "uppmärksamhet.",
)

# (businesses, contacts, days between them, channels in turn): Sundsvall's two businesses take
# turns, about three contacts a month; Ålidhems Livs in Umeå now and then.
PLAN = (
    (
        ("Kiosken Stenstan", "Sundsvall Paketterminal", "Sundsvall Paketterminal"),
        34,
        10,
        SUNDSVALL_CHANNELS,
    ),
    (("Ålidhems Livs",), 6, 45, UMEA_CHANNELS),
)


def load() -> None:
    today = local_today()
    for names, count, spacing, channels in PLAN:
        businesses = [Business.get(Business.name == name) for name in names]
        if Contact.select().where(Contact.business.in_(businesses)).exists():
            continue
        # The first contact created is one through a customs channel: the access-matrix test
        # opens the first of Sundsvall's contacts as every account, customs among them.
        for n in range(count):
            business = businesses[n % len(businesses)]
            contacted_on = today - datetime.timedelta(days=3 + n * spacing)
            wish = WISHES[n % len(WISHES)]
            visited = wish != "no" and n * spacing > 10
            answered = n % 2 == 1 and n * spacing > 10
            Contact.create(
                business=business,
                area=business.area_id,
                municipality=business.municipality_id,
                contacted_on=contacted_on,
                channel=channels[n % len(channels)],
                category=SUSPECTED[n % len(SUSPECTED)],
                visit_wish=wish,
                visited_on=contacted_on + datetime.timedelta(days=6) if visited else None,
                feedback=FEEDBACK[n % len(FEEDBACK)] if answered else "",
                feedback_on=contacted_on + datetime.timedelta(days=4) if answered else None,
            )
