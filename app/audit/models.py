"""Audit log: who did what to which object, and when. Every staff and admin action writes one."""

from datetime import timedelta
from functools import cache

import peewee as pw

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.db import BaseModel, utcnow
from app.features import merged
from app.jobs import crontab, periodic

RETENTION = timedelta(days=3 * 365)


class AuditEntry(BaseModel):
    actor = pw.ForeignKeyField(User, null=True, backref="audit_entries", on_delete="SET NULL")
    action = pw.CharField(max_length=60, index=True)
    object_type = pw.CharField(max_length=40, default="")
    object_id = pw.IntegerField(null=True)
    area = pw.ForeignKeyField(Area, null=True, on_delete="SET NULL")
    municipality = pw.ForeignKeyField(Municipality, null=True, on_delete="SET NULL")
    at = pw.DateTimeField(default=utcnow, index=True)

    scope = {"area": "area", "municipality": "municipality"}

    class Meta:
        # An area's log, newest first, and the actions that occur in it.
        indexes = ((("area", "at"), False), (("area", "action"), False))


@cache
def action_labels() -> dict:
    """Every action a feature records, with its label (the features' manifests declare them)."""
    return merged("audit_actions")


def record(
    action: str, obj=None, *, actor, area=None, municipality=None, area_only=False
) -> AuditEntry:
    """Write one audit entry: `actor` is the acting user (None: the system). The object's area
    and municipality are taken from it when it has them; `area_only` leaves the municipality
    out, for objects the municipality's staff must not see even as log lines (contacts,
    seizure feedback: they read suppressed figures only)."""
    if action not in action_labels():
        raise ValueError(f"audit action {action!r} is not declared by a feature")
    if obj is not None:
        area = area if area is not None else getattr(obj, "area_id", None)
        municipality = (
            municipality if municipality is not None else getattr(obj, "municipality_id", None)
        )
    if area_only:
        municipality = None
    return AuditEntry.create(
        actor=getattr(actor, "id", actor),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        area=area,
        municipality=municipality,
    )


@periodic(crontab(hour="3", minute="20"))
def purge_old_audit_entries() -> None:
    AuditEntry.delete().where(AuditEntry.at < utcnow() - RETENTION).execute()


MODELS = [AuditEntry]
