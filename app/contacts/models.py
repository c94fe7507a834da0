"""Kontakter med polis och tull: a business records that it contacted police or customs.

A row holds what docs/design.md allows and nothing else: the date, the channel, the category
suspected and the wish for a visit, at the level of the business – no user, no free text, no
shipment numbers, no names, no time of day. The police (or customs) add the date of a visit
and a general feedback message. Rows are deleted after 12 months (jobs.py).
"""

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import BaseModel
from app.seizures.models import CATEGORY_LABELS

CHANNEL_LABELS = {
    "police_phone": _l("The police on 114 14"),
    "police_web": _l("The tip form on polisen.se"),
    "customs": _l("Tullverket on 90 114 or its tip form"),
    "emergency": _l("112"),
    "in_person": _l("In person"),
}
CHANNELS = tuple(CHANNEL_LABELS)
# Customs officers see the contacts made through these channels in their region.
CUSTOMS_CHANNELS = ("customs",)

SUSPECTED_LABELS = {**CATEGORY_LABELS, "unknown": _l("Don't know")}
SUSPECTED = tuple(SUSPECTED_LABELS)

VISIT_WISH_LABELS = {
    "call_first": _l("Yes, call us first"),
    "discreet": _l("Yes, a discreet visit"),
    "no": _l("No"),
}
VISIT_WISHES = tuple(VISIT_WISH_LABELS)
WANTS_VISIT = ("call_first", "discreet")
RETENTION_MONTHS = 12  # rows are deleted after 12 months (jobs.py)
DAYS_BACK = 90  # how far back a contact may be logged


class Contact(BaseModel):
    label = _l("Contact with police or customs")  # how the audit log names it

    business = pw.ForeignKeyField(Business, backref="contacts", on_delete="CASCADE")
    # The business's area and municipality: what places the row in a scope.
    area = pw.ForeignKeyField(Area, on_delete="RESTRICT")
    municipality = pw.ForeignKeyField(Municipality, on_delete="RESTRICT")
    contacted_on = pw.DateField(index=True)
    channel = pw.CharField(max_length=20, choices=[(c, c) for c in CHANNELS])
    category = pw.CharField(max_length=20, choices=[(c, c) for c in SUSPECTED])
    visit_wish = pw.CharField(max_length=20, choices=[(w, w) for w in VISIT_WISHES])
    visited_on = pw.DateField(null=True)
    feedback = pw.TextField(default="")
    feedback_on = pw.DateField(null=True)

    scope = {"area": "area", "municipality": "municipality", "business": "business"}

    class Meta:
        indexes = (
            (("area", "contacted_on"), False),
            (("business", "contacted_on"), False),
        )

    @property
    def wants_visit(self) -> bool:
        return self.visit_wish in WANTS_VISIT


MODELS = [Contact]
