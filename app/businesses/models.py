"""Connected businesses (anslutna verksamheter)."""

import peewee as pw
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.areas.models import Area, Municipality
from app.db import BaseModel, utcnow

SITE_TYPES = ("paketombud", "terminal", "brevbararkontor", "kurir", "other")
STATUSES = ("active", "suspended")


class Business(BaseModel):
    name = pw.CharField(max_length=200)
    site_type = pw.CharField(max_length=20, choices=[(s, s) for s in SITE_TYPES])
    area = pw.ForeignKeyField(Area, backref="businesses", on_delete="RESTRICT")
    municipality = pw.ForeignKeyField(Municipality, backref="businesses", on_delete="RESTRICT")
    status = pw.CharField(max_length=20, default="active", index=True)
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area", "municipality": "municipality", "business": "id"}

    def __str__(self):
        return self.name


MODELS = [Business]


SITE_TYPE_LABELS = {
    "paketombud": _l("Parcel agent (paketombud)"),
    "terminal": _l("Terminal"),
    "brevbararkontor": _l("Letter-carrier office"),
    "kurir": _l("Courier or delivery company"),
    "other": _l("Other"),
}
STATUS_LABELS = {
    "active": lazy_pgettext("business status", "Active"),
    "suspended": lazy_pgettext("business status", "Suspended"),
}
