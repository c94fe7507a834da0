"""Suspending and reinstating a business: its people cannot log in while it is suspended."""

from app.accounts.models import Session, User
from app.audit.models import record
from app.businesses.models import Business
from app.db import database


def set_status(business: Business, status: str) -> None:
    with database.atomic():
        Business.update(status=status).where(Business.id == business.id).execute()
        if status == "suspended":
            Session.delete().where(
                Session.user.in_(User.select(User.id).where(User.business == business))
            ).execute()
        record("business_suspended" if status == "suspended" else "business_reinstated", business)
