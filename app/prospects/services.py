"""Writes to the contact network, each with its audit entry."""

from flask import url_for

from app.accounts.models import User
from app.accounts.services import normalise_email
from app.areas.models import Area
from app.audit.models import record
from app.db import database, utcnow
from app.joining.services import prospect_invitation
from app.mail import queue_mail
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


def invite_prospect(prospect: Prospect, by: User) -> None:
    """Mail the site's contact a signed link to the area's join form."""
    area = Area.get_by_id(prospect.area_id)
    with database.atomic():
        queue_mail(
            prospect.contact_email,
            "prospects/mail/prospect_invitation",
            by.language,
            area=area,
            link=url_for("joining.join", slug=area.slug, invitation=prospect_invitation(prospect)),
        )
        Prospect.update(invited_at=utcnow()).where(Prospect.id == prospect.id).execute()
        record("prospect_invited", prospect, actor=by)
