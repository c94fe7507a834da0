"""Information sheets: the library's sheets with their versions, the downloads counted per
business and sheet, and the generated area sheets kept until the area's details change."""

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.db import BaseModel, utcnow

TOPICS = ("method", "signs", "counter", "law", "other")
TOPIC_LABELS = {
    "method": _l("About the method"),
    "signs": _l("Suspicious shipments"),
    "counter": _l("At the counter"),
    "law": _l("The law and the duty of silence"),
    "other": _l("Other"),
}
STATUSES = ("draft", "published")


class InfoSheet(BaseModel):
    """A sheet of the library: national (no area, kept by admins) or an area's. Its file is
    the current version's; older versions stay for staff."""

    label = _l("Information sheet")  # how the audit log names it

    area = pw.ForeignKeyField(Area, null=True, backref="info_sheets", on_delete="CASCADE")
    title = pw.CharField(max_length=200)
    summary = pw.CharField(max_length=500, default="")
    topic = pw.CharField(max_length=20, choices=[(t, t) for t in TOPICS])
    language = pw.CharField(max_length=2)  # ISO 639-1
    status = pw.CharField(max_length=10, default="draft", choices=[(s, s) for s in STATUSES])
    version = pw.IntegerField(default=1)  # the current version's number
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)

    # National sheets (no area) are national data; every reader with access sees them.
    scope = {"area": "area", "business_area": "area"}


class InfoSheetVersion(BaseModel):
    sheet = pw.ForeignKeyField(InfoSheet, backref="versions", on_delete="CASCADE")
    number = pw.IntegerField()
    stored_name = pw.CharField(max_length=40)  # app.uploads: the server chose it
    size = pw.IntegerField()  # bytes
    uploaded_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("sheet", "number"), True),)


class InfoSheetDownload(BaseModel):
    """How many times a business has downloaded a sheet (one row per pair, counted in SQL).
    Staff see only totals: never which business did or did not download. The business's area
    and municipality when it first downloaded place the row in staff's scopes."""

    sheet = pw.ForeignKeyField(InfoSheet, on_delete="CASCADE")
    business = pw.ForeignKeyField(Business, on_delete="CASCADE")
    area = pw.ForeignKeyField(Area, on_delete="CASCADE")
    municipality = pw.ForeignKeyField(Municipality, on_delete="CASCADE")
    downloads = pw.IntegerField(default=1)

    scope = {"area": "area", "municipality": "municipality", "business": "business"}

    class Meta:
        # One row per pair; the figures of a page of sheets within a police area.
        indexes = ((("sheet", "business"), True), (("sheet", "area"), False))


class AreaSheet(BaseModel):
    """A generated area sheet, kept while what it shows is unchanged: `fingerprint` sums up
    the area's contacts, its municipalities, the address and the language's texts."""

    area = pw.ForeignKeyField(Area, on_delete="CASCADE")
    language = pw.CharField(max_length=2)
    fingerprint = pw.CharField(max_length=64)
    pdf = pw.BlobField()
    generated_at = pw.DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("area", "language"), True),)


MODELS = [InfoSheet, InfoSheetVersion, InfoSheetDownload, AreaSheet]
