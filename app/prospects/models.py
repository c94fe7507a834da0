"""The contact network (kontaktnät, handbook 4.2.3): known sites that have not joined yet."""

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.areas.models import Area, Municipality
from app.businesses.models import SITE_TYPES, Business, Operator
from app.db import BaseModel, utcnow


class Prospect(BaseModel):
    label = _l("Site in the contact network")  # how the audit log names it

    area = pw.ForeignKeyField(Area, backref="prospects", on_delete="CASCADE")
    municipality = pw.ForeignKeyField(Municipality, on_delete="RESTRICT")
    name = pw.CharField(max_length=200)
    site_type = pw.CharField(max_length=20, choices=[(s, s) for s in SITE_TYPES])
    operator = pw.ForeignKeyField(Operator, null=True, on_delete="SET NULL")
    street_address = pw.CharField(max_length=200, default="")
    contact_name = pw.CharField(max_length=100, default="")
    contact_role = pw.CharField(
        max_length=100, default=""
    )  # e.g. the carrier's regional agent manager
    contact_email = pw.CharField(max_length=254, default="")
    contact_phone = pw.CharField(max_length=20, default="")
    invited_at = pw.DateTimeField(null=True)
    business = pw.ForeignKeyField(Business, null=True, backref="prospect", on_delete="SET NULL")
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area", "municipality": "municipality"}


MODELS = [Prospect]
