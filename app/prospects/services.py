"""Writes to the contact network, each with its audit entry."""

from flask import url_for

from app.accounts.models import User
from app.accounts.services import normalise_email
from app.areas.models import Area
from app.audit.models import record
from app.db import database, utcnow
from app.joining.services import prospect_invitation
from app.mail import queue_mail, render_mail
from app.prospects.models import Prospect


def save_prospect(values: dict, by: User, prospect: Prospect | None = None) -> Prospect:
    values = {**values, "contact_email": normalise_email(values["contact_email"])}
    with database.atomic():
        if prospect is None:
            prospect = Prospect.create(**values)
            record("prospect_added", prospect, actor=by)
        else:
            Prospect.update(**values).where(Prospect.id == prospect.id).execute()
            record("prospect_changed", prospect, actor=by)
    return prospect


def delete_prospect(prospect: Prospect, by: User) -> None:
    with database.atomic():
        record("prospect_deleted", prospect, actor=by)
        prospect.delete_instance()


INVITATION = "prospects/mail/prospect_invitation"


def invitation_context(prospect: Prospect, by: User) -> dict:
    """What the invitation says: the area, a signed link to its join form, and who sends it."""
    area = Area.get_by_id(prospect.area_id)
    return {
        "area": area,
        "link": url_for("joining.join", slug=area.slug, invitation=prospect_invitation(prospect)),
        "sender_name": by.name or by.email,
        "sender_scope": str(by.scope_label()),
    }


def invitation_preview(prospect: Prospect, by: User) -> tuple[str, str]:
    """Subject and text of the invitation, as the site's contact will read it."""
    subject, text, _html = render_mail(INVITATION, by.language, **invitation_context(prospect, by))
    return subject, text


def invite_prospect(prospect: Prospect, by: User) -> None:
    """Mail the site's contact a signed link to the area's join form."""
    with database.atomic():
        queue_mail(
            prospect.contact_email, INVITATION, by.language, **invitation_context(prospect, by)
        )
        Prospect.update(invited_at=utcnow()).where(Prospect.id == prospect.id).execute()
        record("prospect_invited", prospect, actor=by)
