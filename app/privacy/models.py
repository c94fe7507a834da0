"""A person's request that their account be erased, and how staff answered it."""

from datetime import timedelta

import peewee as pw
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.db import BaseModel, utcnow

STATUSES = ("pending", "erased", "declined")
# Why staff may keep an account although its owner asked for erasure (GDPR art. 17(3)).
DECLINE_REASONS = {
    "archive": _l("The data must be kept under the rules on public records and archives."),
    "ongoing": _l(
        "The account is needed for work with your business that is still going on. Ask again "
        "when it is finished."
    ),
}
# Answered requests are kept as long as the audit log that records their handling.
ANSWERED_RETENTION = timedelta(days=3 * 365)


class ErasureRequest(BaseModel):
    label = _l("Request for erasure")  # how the audit log names it

    user = pw.ForeignKeyField(User, backref="erasure_requests", on_delete="CASCADE")
    # A business user's request is handled by the staff of the business's area and
    # municipality; a staff member's (neither set) by an administrator.
    area = pw.ForeignKeyField(Area, null=True, on_delete="SET NULL")
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="SET NULL")
    status = pw.CharField(max_length=10, default="pending", choices=[(s, s) for s in STATUSES])
    decline_reason = pw.CharField(max_length=20, default="")
    requested_at = pw.DateTimeField(default=utcnow)
    handled_by = pw.ForeignKeyField(
        User, null=True, backref="handled_erasure_requests", on_delete="SET NULL"
    )
    handled_at = pw.DateTimeField(null=True)

    scope = {"area": "area", "municipality": "municipality"}

    class Meta:
        indexes = ((("status", "requested_at"), False),)


MODELS = [ErasureRequest]
