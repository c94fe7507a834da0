"""Writes about businesses: suspending and reinstating, inviting and removing their people."""

from app.accounts.models import Session, User
from app.accounts.services import invite_user, remove_user
from app.audit.models import record
from app.businesses.models import Business
from app.db import database


def set_status(business: Business, status: str, by: User) -> None:
    """Suspend or reinstate; a suspended business's people are logged out at once."""
    with database.atomic():
        Business.update(status=status).where(Business.id == business.id).execute()
        if status == "suspended":
            Session.delete().where(
                Session.user.in_(User.select(User.id).where(User.business == business))
            ).execute()
        action = "business_suspended" if status == "suspended" else "business_reinstated"
        record(action, business, actor=by)


def invite_person(business: Business, email: str, name: str, by: User) -> User:
    """A new account in the business, invited by mail (AccountRefused when the address has
    one). Staff invitations go to the audit log; a business inviting its colleagues does not."""
    with database.atomic():
        user = invite_user(email, "business", language=by.language, name=name, business=business)
        if by.is_staff:
            record("business_user_invited", user, actor=by, **_place(business))
    return user


def remove_person(business: Business, person: User, by: User) -> None:
    with database.atomic():
        if by.is_staff:
            record("business_user_removed", person, actor=by, **_place(business))
        remove_user(person)


def _place(business: Business) -> dict:
    """A person's audit entries belong to their business's area and municipality."""
    return {"area": business.area_id, "municipality": business.municipality_id}
