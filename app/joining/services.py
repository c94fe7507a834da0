"""Joining: a request arrives, staff approve it (business + first account) or reject it."""

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from peewee import fn

from app.accounts.models import User
from app.accounts.services import issue_token, normalise_email
from app.audit.models import record
from app.businesses.models import Business, BusinessOperator
from app.db import database, utcnow
from app.joining.models import JoinRequest, JoinRequestOperator
from app.mail import queue_mail
from app.prospects.models import Prospect

PROSPECT_INVITE_MAX_AGE = 60 * 60 * 24 * 60  # an invitation to join stays valid for 60 days


class JoinRefused(Exception):
    """The request cannot be approved; the message says why."""


def _same_place(model, name_field, area, org_number, street_address, postcode, name):
    """Rows of `model` in the area at the same address with the same organisation number
    (or, without one, the same name)."""
    query = model.select().where(
        (model.area == area)
        & (fn.LOWER(model.street_address) == street_address.strip().lower())
        & (model.postcode == postcode)
    )
    if org_number:
        return query.where(model.org_number == org_number)
    return query.where(fn.LOWER(name_field) == name.strip().lower())


def duplicate_of(area, data) -> str:
    """What the request repeats, for staff: "business" (already connected or suspended),
    "request" (already waiting), or "" (nothing)."""
    args = (
        area,
        data["org_number"],
        data["street_address"],
        data["postcode"],
        data["business_name"],
    )
    if _same_place(Business, Business.name, *args).exists():
        return "business"
    waiting = _same_place(JoinRequest, JoinRequest.business_name, *args)
    if waiting.where(JoinRequest.status == "pending").exists():
        return "request"
    return ""


def submit_request(area, data: dict, operator_ids, prospect=None) -> JoinRequest:
    """Save the request and confirm it by mail. A repeat of a connected business or of a
    waiting request is saved and answered exactly like a new one (the public form must not
    tell anyone which shops take part); staff see it marked in their queue."""
    with database.atomic():
        request = JoinRequest.create(
            area=area, prospect=prospect, duplicate_of=duplicate_of(area, data), **data
        )
        JoinRequestOperator.insert_many(
            [{"join_request": request, "operator": oid} for oid in operator_ids]
        ).execute()
    queue_mail(request.contact_email, "joining/mail/join_received", request.language, area=area)
    if area.contact_email:
        queue_mail(
            area.contact_email,
            "joining/mail/join_waiting",
            "sv",
            link=url_for("joining.queue"),
        )
    return request


def approve(request: JoinRequest, by: User) -> Business:
    email = normalise_email(request.contact_email)
    if User.select().where(User.email == email).exists():
        raise JoinRefused(
            _(
                "%(email)s already has an account. Ask the applicant for another address, or "
                "reject the request with that explanation.",
                email=email,
            )
        )
    with database.atomic():
        business = Business.create(
            name=request.business_name,
            org_number=request.org_number,
            site_type=request.site_type,
            site_type_other=request.site_type_other,
            street_address=request.street_address,
            postcode=request.postcode,
            postal_town=request.postal_town,
            contact_phone=request.contact_phone,
            area=request.area_id,
            municipality=request.municipality_id,
        )
        operator_ids = [link.operator_id for link in request.operator_links]
        BusinessOperator.insert_many(
            [{"business": business, "operator": oid} for oid in operator_ids]
        ).execute()
        user = User.create(
            email=email,
            name=request.contact_name,
            role="business",
            business=business,
            language=request.language,
        )
        JoinRequest.update(
            status="approved", business=business, decided_at=utcnow(), decided_by=by.id
        ).where(JoinRequest.id == request.id).execute()
        if request.prospect_id:
            Prospect.update(business=business).where(Prospect.id == request.prospect_id).execute()
        record("join_request_approved", request, actor=by)
        record("business_created", business, actor=by)
        token = issue_token(user, "invite")
    queue_mail(
        user.email,
        "joining/mail/welcome",
        user.language,
        link=url_for("accounts.accept_invitation", token=token),
    )
    return business


def reject(request: JoinRequest, reason: str, by: User) -> None:
    with database.atomic():
        JoinRequest.update(
            status="rejected", reject_reason=reason, decided_at=utcnow(), decided_by=by.id
        ).where(JoinRequest.id == request.id).execute()
        record("join_request_rejected", request, actor=by)
    queue_mail(
        request.contact_email,
        "joining/mail/join_rejected",
        request.language,
        reason=reason,
        area=request.area,
    )


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="prospect-invitation")


def prospect_invitation(prospect: Prospect) -> str:
    return _serializer().dumps(prospect.id)


def prospect_from_invitation(token: str | None, area) -> Prospect | None:
    """The contact-network entry an invitation link was sent to, if the link is genuine."""
    if not token or len(token) > 200:
        return None
    try:
        prospect_id = _serializer().loads(token, max_age=PROSPECT_INVITE_MAX_AGE)
    except BadSignature:
        return None
    return Prospect.get_or_none(
        (Prospect.id == prospect_id) & (Prospect.area == area) & Prospect.business.is_null()
    )
