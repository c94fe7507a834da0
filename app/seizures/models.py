"""Återkoppling om beslag: what police and customs may share about seizures in an area.

An entry holds only what may be shared: month, area, optional municipality, category, count
and a shareable description. No case number, no internal note, no link to a contact or a
business, no author and no time of entry (docs/design.md, "What the portal must never
reveal"); who entered it is in the audit log only.
"""

import peewee as pw
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.areas.models import Area, Municipality
from app.db import BaseModel

CATEGORY_LABELS = {
    "narcotics": _l("Narcotics"),
    "medicines": _l("Medicines classed as narcotics"),
    "doping": _l("Doping substances"),
    "weapons": _l("Weapons and weapon parts"),
    "ammunition": _l("Ammunition"),
    "explosives": _l("Explosives"),
    "false_documents": _l("Forged identity documents"),
    "precursors": _l("Precursors"),
    "hazardous": _l("Goods hazardous to health"),
    "other": lazy_pgettext("seizure category", "Other"),
}
CATEGORIES = tuple(CATEGORY_LABELS)


class SeizureFeedback(BaseModel):
    label = _l("Seizure feedback entry")  # how the audit log names it

    area = pw.ForeignKeyField(Area, backref="seizure_feedback", on_delete="RESTRICT")
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="RESTRICT")
    month = pw.DateField()  # the first day of the month of the seizures
    category = pw.CharField(max_length=20, choices=[(c, c) for c in CATEGORIES])
    count = pw.IntegerField()
    description = pw.TextField(default="")  # written to be shared with the businesses
    shareable = pw.BooleanField(default=False)  # "kan återkopplas"

    # Statistics reach every area of a reader's scope (a municipality: the areas covering it).
    scope = {"area": "area"}

    class Meta:
        indexes = ((("area", "month"), False),)


class ReleasedFigure(BaseModel):
    """A figure as it was first released (released.py): a count, or None where it was hidden.
    Counts only – no entry, contact or business behind them. The figures of contacts outlive
    the contacts (deleted after 12 months) and keep their quarters in the statistics."""

    kind = pw.CharField(max_length=20)  # "seizures", "contacts"
    period = pw.CharField(max_length=7)  # "2026-Q1"
    area_id = pw.IntegerField()  # the unit counted: a police area, and (contacts) …
    municipality_id = pw.IntegerField(default=0)  # … a municipality of it; 0 for none
    row = pw.CharField(max_length=40)  # "" marks the period released for every unit
    figure = pw.IntegerField(null=True)

    scope = {"area": "area_id", "municipality": "municipality_id"}

    class Meta:
        indexes = ((("kind", "period", "area_id", "municipality_id", "row"), True),)


MODELS = [SeizureFeedback, ReleasedFigure]
