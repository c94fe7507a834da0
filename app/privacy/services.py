"""Writes of the privacy feature: asking for erasure, answering it, erasing an account."""

from app.accounts.models import User
from app.audit.models import record
from app.db import database, utcnow
from app.features import features
from app.joining.models import JoinRequest
from app.mail import queue_mail
from app.privacy.models import ErasureRequest
from app.privacy.queries import pending_request


def request_erasure(user: User) -> ErasureRequest:
    """The person's request (one at a time); staff of the business's area handle a business
    user's, an administrator a staff member's."""
    existing = pending_request(user)
    if existing is not None:
        return existing
    business = user.business if user.business_id else None
    with database.atomic():
        request = ErasureRequest.create(
            user=user.id,
            area=business.area_id if business else None,
            municipality=business.municipality_id if business else None,
        )
        record("privacy_erasure_requested", request, actor=user)
    return request


def erase_account(user: User) -> None:
    """Erase what every feature holds about the person; the account row stays as a
    pseudonymous tombstone (accounts' own hook, which runs last: the others may still need
    the address to find their rows)."""
    with database.atomic():
        for feature in reversed(features()):
            if feature.erase_personal_data:
                feature.function(feature.erase_personal_data)(user)


def erase_own_records(user: User) -> None:
    """This feature's part: the contact details of decided requests to join that name the
    person (a pending request is still needed to decide it, and is never this old)."""
    JoinRequest.update(contact_name="", contact_email="", contact_phone="").where(
        (JoinRequest.contact_email == user.email) & (JoinRequest.status != "pending")
    ).execute()


def _answer(request: ErasureRequest, status: str, by: User, reason: str = "") -> None:
    ErasureRequest.update(
        status=status, decline_reason=reason, handled_by=by.id, handled_at=utcnow()
    ).where(ErasureRequest.id == request.id).execute()


def carry_out(request: ErasureRequest, by: User) -> None:
    """Erase the account as its owner asked; the owner is told at the address it had."""
    user = User.get_by_id(request.user_id)
    with database.atomic():
        queue_mail(user.email, "privacy/mail/erased", user.language)
        erase_account(user)
        _answer(request, "erased", by)
        record("privacy_erasure_done", request, actor=by)


def decline(request: ErasureRequest, reason: str, by: User) -> None:
    """Keep the account, for a reason the owner reads when logged in (the mail says only
    that an answer is waiting)."""
    user = User.get_by_id(request.user_id)
    with database.atomic():
        _answer(request, "declined", by, reason)
        record("privacy_erasure_declined", request, actor=by)
        queue_mail(user.email, "privacy/mail/answered", user.language)
