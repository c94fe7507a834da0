"""The map of responsibility: counties, police areas, municipalities, customs regions."""

import re

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.db import BaseModel

# An area's address in the portal: /<slug>/
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class County(BaseModel):
    label = _l("County")  # how the audit log names it

    name = pw.CharField(max_length=100, unique=True)
    code = pw.CharField(max_length=2, unique=True)  # länskod, "22"

    def __str__(self):
        return self.name


class Area(BaseModel):
    """Lokalpolisområde."""

    label = _l("Police area")  # how the audit log names it

    name = pw.CharField(max_length=100)
    slug = pw.CharField(max_length=60, unique=True)
    county = pw.ForeignKeyField(County, backref="areas", on_delete="RESTRICT")
    contact_email = pw.CharField(max_length=254, default="")
    contact_phone = pw.CharField(max_length=40, default="")
    embargo_days = pw.IntegerField(default=30)
    survey_interval_months = pw.IntegerField(default=12)
    require_totp = pw.BooleanField(default=False)

    scope = {"area": "id"}

    def __str__(self):
        return self.name


class Municipality(BaseModel):
    label = _l("Municipality")  # how the audit log names it

    name = pw.CharField(max_length=100)
    code = pw.CharField(max_length=4, unique=True)  # kommunkod as text: "0180"
    county = pw.ForeignKeyField(County, backref="municipalities", on_delete="RESTRICT")

    def __str__(self):
        return self.name


class AreaMunicipality(BaseModel):
    """Which municipalities a police area covers (a large municipality spans several areas)."""

    area = pw.ForeignKeyField(Area, backref="coverage", on_delete="CASCADE")
    municipality = pw.ForeignKeyField(Municipality, backref="coverage", on_delete="CASCADE")

    class Meta:
        indexes = ((("area", "municipality"), True),)


class CustomsRegion(BaseModel):
    label = _l("Customs region")  # how the audit log names it

    name = pw.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.name


class CustomsRegionArea(BaseModel):
    region = pw.ForeignKeyField(CustomsRegion, backref="memberships", on_delete="CASCADE")
    area = pw.ForeignKeyField(Area, backref="customs_memberships", on_delete="CASCADE")

    class Meta:
        indexes = ((("region", "area"), True),)


MODELS = [County, Area, Municipality, AreaMunicipality, CustomsRegion, CustomsRegionArea]
