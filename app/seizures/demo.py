"""A year and more of seizure feedback in both areas, relative to today: quarters fed back
with figures that are shown and figures that must be hidden, entries held by the embargo
(this quarter, and the last one while its embargo runs), entries not marked as shareable,
and descriptions to share.

At most three entries per area are still open to change (this quarter and the last): the
scope walker follows six links per page kind, and customs reaches both areas' entries."""

from app.areas.models import Area, Municipality
from app.seizures.models import SeizureFeedback
from app.seizures.periods import Quarter, local_today

# (quarters back from this one, month of the quarter 0-2, category, count, municipality code
# or None, shareable, description)
ENTRIES = {
    "sundsvall": (
        (0, 0, "narcotics", 4, "2281", True, "Paket från Spanien deklarerade som kläder innehöll cannabis."),
        (1, 0, "narcotics", 4, "2281", True, "Paket deklarerade som kosmetika innehöll narkotikaklassade tabletter."),
        (1, 2, "medicines", 2, None, True, ""),
        (2, 0, "narcotics", 5, "2281", True, "Vakuumförpackat cannabisharts i paket som uppgavs innehålla mobilskal."),
        (2, 1, "doping", 3, "2262", True, "Försändelser med anabola steroider märkta som kosttillskott."),
        (2, 1, "medicines", 4, "2281", True, "Tabletter med bensodiazepiner i brev från utlandet."),
        (2, 1, "false_documents", 3, None, True, "Förfalskade körkort i kuvert adresserade till olika mottagare."),
        (2, 2, "weapons", 1, None, False, ""),
        (2, 2, "hazardous", 1, None, True, ""),
        (3, 0, "narcotics", 3, "2281", True, ""),
        (3, 1, "narcotics", 3, "2262", True, "Små paket med kokain gömt i leksaker."),
        (3, 1, "doping", 4, None, True, ""),
        (3, 2, "ammunition", 2, None, True, ""),
        (3, 2, "precursors", 1, None, False, ""),
        (4, 0, "narcotics", 6, "2281", True, "Flera försändelser med cannabis deklarerade som te."),
        (4, 1, "medicines", 3, None, True, ""),
        (4, 2, "weapons", 3, None, True, "Vapendelar till pistoler skickade i delar i olika paket."),
        (5, 1, "narcotics", 4, "2281", True, ""),
        (5, 2, "explosives", 1, None, True, ""),
    ),
    "umea": (
        (0, 1, "narcotics", 3, "2480", True, ""),
        (1, 0, "narcotics", 5, "2480", True, "Paket med cannabis skickade som reservdelar."),
        (1, 1, "medicines", 1, None, True, ""),
        (2, 0, "narcotics", 4, "2480", True, ""),
        (2, 2, "doping", 3, None, True, "Tillväxthormon i försändelser märkta som vitaminer."),
        (3, 1, "narcotics", 3, None, True, ""),
        (3, 2, "other", 2, None, False, ""),
        (4, 0, "narcotics", 4, "2480", True, ""),
        (5, 0, "medicines", 3, None, True, ""),
    ),
}  # fmt: skip


def load() -> None:
    this_quarter = Quarter.of(local_today())
    for slug, entries in ENTRIES.items():
        area = Area.get(Area.slug == slug)
        if SeizureFeedback.select().where(SeizureFeedback.area == area).exists():
            continue
        for back, month, category, count, code, shareable, description in entries:
            quarter = this_quarter
            for _ in range(back):
                quarter = quarter.previous()
            SeizureFeedback.create(
                area=area,
                municipality=Municipality.get(Municipality.code == code) if code else None,
                month=quarter.months[month],
                category=category,
                count=count,
                shareable=shareable,
                description=description,
            )
