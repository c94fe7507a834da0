"""Reads of the privacy feature: a person's own data, and the requests staff handle."""

import peewee as pw
from flask_babel import gettext as _

from app.accounts.models import User
from app.accounts.queries import iso_time
from app.audit.models import AuditEntry, action_labels
from app.businesses.models import Business
from app.features import features
from app.joining.models import JoinRequest
from app.privacy.models import ErasureRequest
from app.security import scoped


def personal_data(user: User) -> dict:
    """What this feature's tables hold about the person: the log entries of their own actions
    (what and when, never whom it concerned), the requests to join that name them as the
    contact, and their requests for erasure."""
    labels = action_labels()
    own_actions = (
        AuditEntry.select(AuditEntry.action, AuditEntry.object_type, AuditEntry.at)
        .where(AuditEntry.actor == user.id)
        .order_by(AuditEntry.at)
    )
    about_them = (
        AuditEntry.select(AuditEntry.action, AuditEntry.at)
        .where((AuditEntry.object_type == "User") & (AuditEntry.object_id == user.id))
        .order_by(AuditEntry.at)
    )
    join_requests = JoinRequest.select().where(JoinRequest.contact_email == user.email)
    return {
        "actions_you_took": [
            {"action": str(labels.get(e.action, e.action)), "at": iso_time(e.at)}
            for e in own_actions
        ],
        "actions_concerning_your_account": [
            {"action": str(labels.get(e.action, e.action)), "at": iso_time(e.at)}
            for e in about_them
        ],
        "requests_to_join_naming_you": [
            {
                "business": r.business_name,
                "sent_at": iso_time(r.created_at),
                "status": r.status,
                "contact_name": r.contact_name,
                "contact_email": r.contact_email,
                "contact_phone": r.contact_phone,
            }
            for r in join_requests
        ],
        "requests_for_erasure": [
            {
                "asked_at": iso_time(r.requested_at),
                "status": r.status,
                "answered_at": iso_time(r.handled_at),
            }
            for r in ErasureRequest.select().where(ErasureRequest.user == user.id)
        ],
    }


def everything_about(user: User) -> dict:
    """The person's download: every feature's part, under the feature's name."""
    export = {"about": _("Everything the TIF portal holds about you, as of the time below.")}
    for feature in features():
        if feature.personal_data:
            export[feature.name] = feature.function(feature.personal_data)(user)
    return export


def pending_request(user: User) -> ErasureRequest | None:
    return (
        ErasureRequest.select()
        .where((ErasureRequest.user == user.id) & (ErasureRequest.status == "pending"))
        .first()
    )


def latest_request(user: User) -> ErasureRequest | None:
    return (
        ErasureRequest.select()
        .where(ErasureRequest.user == user.id)
        .order_by(ErasureRequest.requested_at.desc())
        .first()
    )


def requests_for(user: User):
    """The requests the staff member handles, waiting ones first, with their owners and the
    owners' businesses."""
    query = (
        ErasureRequest.select(ErasureRequest, User, Business)
        .join(User, on=(ErasureRequest.user == User.id))
        .join(Business, pw.JOIN.LEFT_OUTER, on=(User.business == Business.id))
    )
    return scoped(ErasureRequest, user, query).order_by(
        ErasureRequest.status != "pending", ErasureRequest.requested_at.desc()
    )


def waiting_requests(user: User) -> dict | None:
    """The home panel: how many requests wait for the staff member (None: none, no panel)."""
    count = scoped(ErasureRequest, user).where(ErasureRequest.status == "pending").count()
    return {"waiting": count} if count else None
