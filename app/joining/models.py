"""Requests to join (ansökan om anslutning), from the public join form of an area."""

from datetime import timedelta

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import SITE_TYPES, Business, Operator
from app.db import BaseModel, utcnow
from app.jobs import crontab, periodic
from app.prospects.models import Prospect

REJECTED_RETENTION = timedelta(days=183)


class JoinRequest(BaseModel):
    label = _l("Request to join")  # how the audit log names it

    area = pw.ForeignKeyField(Area, backref="join_requests", on_delete="CASCADE")
    municipality = pw.ForeignKeyField(Municipality, on_delete="RESTRICT")
    business_name = pw.CharField(max_length=200)
    org_number = pw.CharField(max_length=10, null=True)
    site_type = pw.CharField(max_length=20, choices=[(s, s) for s in SITE_TYPES])
    site_type_other = pw.CharField(max_length=100, default="")  # what "other" is
    street_address = pw.CharField(max_length=200)
    postcode = pw.CharField(max_length=5)
    postal_town = pw.CharField(max_length=60, default="")
    contact_name = pw.CharField(max_length=100)
    contact_email = pw.CharField(max_length=254)
    contact_phone = pw.CharField(max_length=20)
    language = pw.CharField(
        max_length=5, default="sv"
    )  # of the form: mails to the applicant use it
    status = pw.CharField(max_length=10, default="pending", index=True)
    # What staff should know the request repeats: "business", "request" or "".
    duplicate_of = pw.CharField(max_length=10, default="")
    reject_reason = pw.TextField(default="")
    decided_by = pw.ForeignKeyField(User, null=True, on_delete="SET NULL")
    decided_at = pw.DateTimeField(null=True)
    business = pw.ForeignKeyField(Business, null=True, on_delete="SET NULL")
    prospect = pw.ForeignKeyField(
        Prospect, null=True, on_delete="SET NULL"
    )  # invited from the network
    created_at = pw.DateTimeField(default=utcnow, index=True)

    scope = {"area": "area", "municipality": "municipality"}

    class Meta:
        # An area's waiting requests, oldest first (the police's queue and its count).
        indexes = ((("area", "status", "created_at"), False),)


class JoinRequestOperator(BaseModel):
    join_request = pw.ForeignKeyField(JoinRequest, backref="operator_links", on_delete="CASCADE")
    operator = pw.ForeignKeyField(Operator, on_delete="RESTRICT")

    class Meta:
        indexes = ((("join_request", "operator"), True),)


@periodic(crontab(hour="3", minute="30"))
def purge_rejected_join_requests() -> None:
    """Rejected requests hold personal data of people who did not join: 6 months."""
    JoinRequest.delete().where(
        (JoinRequest.status == "rejected")
        & (JoinRequest.decided_at < utcnow() - REJECTED_RETENTION)
    ).execute()


MODELS = [JoinRequest, JoinRequestOperator]
