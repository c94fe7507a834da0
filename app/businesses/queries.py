"""Reads of businesses, each within the reader's scope."""

import peewee as pw
from stdnum.se import personnummer

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import Business, BusinessOperator, Operator
from app.db import contains
from app.security import scoped


def active_operators() -> list:
    """The operators businesses can choose, in list order."""
    return list(Operator.select().where(Operator.active).order_by(Operator.position, Operator.name))


def all_operators() -> list:
    return list(Operator.select().order_by(Operator.position, Operator.name))


def search(form, user, with_places: bool = False):
    """The businesses in `user`'s scope that match the filters of a validated
    BusinessSearchForm (a refused filter is left out). `with_places`: with each business's
    municipality and area joined in, for the list."""
    query = Business.select()
    if with_places:
        query = (
            Business.select(Business, Municipality, Area)
            .join(Municipality)
            .switch(Business)
            .join(Area)
        )
    query = scoped(Business, user, query)
    text = (form.value("q") or "").strip()
    if text:
        digits = text.replace("-", "")
        if digits.isdigit() and len(digits) == 10:
            # A personal identity number (a sole trader's) is never a search key: the answer
            # would tell whether that person runs a connected business.
            if personnummer.is_valid(digits):
                return query.where(pw.SQL("1 = 0"))
            query = query.where(Business.org_number == digits)
        else:
            query = query.where(contains(Business.name, text))
    if form.value("site_type"):
        query = query.where(Business.site_type == form.value("site_type"))
    if form.value("municipality"):
        query = query.where(Business.municipality == form.value("municipality"))
    if form.value("operator"):
        query = query.where(
            Business.id.in_(
                BusinessOperator.select(BusinessOperator.business).where(
                    BusinessOperator.operator == form.value("operator")
                )
            )
        )
    if form.value("status"):
        query = query.where(Business.status == form.value("status"))
    return query.order_by(Business.name, Business.id)


def people_of(business) -> list:
    return list(User.select().where(User.business == business).order_by(User.email))


def pending_invitations(business) -> int:
    """People invited into the business who have not chosen a password yet."""
    return User.select().where((User.business == business) & (User.password_hash == "")).count()


def person_of(business, user_id):
    """One person of the business, or None."""
    return User.get_or_none((User.id == user_id) & (User.business == business))
