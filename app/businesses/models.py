"""Connected businesses (anslutna verksamheter)."""

import peewee as pw
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.areas.models import Area, Municipality
from app.db import BaseModel, PreparedSelect, utcnow

SITE_TYPES = ("paketombud", "terminal", "brevbararkontor", "kurir", "other")


class Operator(BaseModel):
    """A carrier or postal operator a site works for (PostNord, DHL, …); admins keep the list."""

    label = _l("Operator")  # how the audit log names it

    name = pw.CharField(max_length=100, unique=True)
    position = pw.IntegerField(default=0)
    active = pw.BooleanField(default=True)

    def __str__(self):
        return self.name


class Business(BaseModel):
    label = _l("Business")  # how the audit log names it

    name = pw.CharField(max_length=200)
    # Swedish organisation number, 10 digits without dash. For a sole trader it is a personal
    # identity number: optional, and never shown in lists or exports.
    org_number = pw.CharField(max_length=10, null=True)
    site_type = pw.CharField(max_length=20, choices=[(s, s) for s in SITE_TYPES])
    site_type_other = pw.CharField(max_length=100, default="")  # what "other" is
    street_address = pw.CharField(max_length=200, default="")
    postcode = pw.CharField(max_length=5, default="")
    postal_town = pw.CharField(max_length=60, default="")
    contact_phone = pw.CharField(max_length=20, default="")  # from the request to join
    area = pw.ForeignKeyField(Area, backref="businesses", on_delete="RESTRICT")
    municipality = pw.ForeignKeyField(Municipality, backref="businesses", on_delete="RESTRICT")
    status = pw.CharField(max_length=20, default="active", index=True)
    created_at = pw.DateTimeField(default=utcnow)

    scope = {"area": "area", "municipality": "municipality", "business": "id"}

    class Meta:
        # Lists are ordered by name: within an area (staff), and across all areas (admins).
        indexes = ((("area", "name"), False), (("name", "id"), False))

    def __str__(self):
        return self.name


class BusinessOperator(BaseModel):
    business = pw.ForeignKeyField(Business, backref="operator_links", on_delete="CASCADE")
    operator = pw.ForeignKeyField(Operator, backref="business_links", on_delete="RESTRICT")

    class Meta:
        indexes = ((("business", "operator"), True),)


MODELS = [Operator, Business, BusinessOperator]


SITE_TYPE_LABELS = {
    "paketombud": _l("Parcel agent (paketombud)"),
    "terminal": _l("Terminal"),
    "brevbararkontor": _l("Letter-carrier office"),
    "kurir": _l("Courier and delivery company"),
    "other": _l("Other"),
}
STATUS_LABELS = {
    "active": lazy_pgettext("business status", "Active"),
    "suspended": lazy_pgettext("business status", "Suspended"),
}


def shown_org_number(value: str | None) -> str:
    """Organisation numbers as staff may see them. A number whose third digit is 0 or 1 has a
    month there: it is a sole trader's personal identity number, and is never displayed."""
    if not value:
        return _l("not given")
    if value[2] in "01":
        return _l("personal identity number (not shown)")
    return f"{value[:6]}-{value[6:]}"


def operator_names(link_field, owner_ids) -> dict:
    """Owner id -> its operators' names in list order, in one query. `link_field` is the owner
    side of a link table: BusinessOperator.business, JoinRequestOperator.join_request. List
    pages call it on every view: its SQL is written once per link and number of owners."""
    names = {}
    owner_ids = list(owner_ids)
    if owner_ids:
        key = (link_field.model.__name__, link_field.name, len(owner_ids))
        if key not in _OPERATOR_NAMES:
            build = _operator_names_query(link_field)
            _OPERATOR_NAMES[key] = PreparedSelect((), build, arity=len(owner_ids))
        for owner_id, name in _OPERATOR_NAMES[key].rows(*owner_ids):
            names.setdefault(owner_id, []).append(name)
    return names


_OPERATOR_NAMES = {}


def _operator_names_query(link_field):
    link = link_field.model

    def build(*owner_ids):
        return (
            link.select(link_field, Operator.name)
            .join(Operator, on=(link.operator == Operator.id))
            .where(link_field.in_(list(owner_ids)))
            .order_by(Operator.position, Operator.name)
        )

    return build
