"""Reads of requests to join, within the reader's scope."""

from peewee import fn

from app.areas.models import Area, Municipality
from app.businesses.models import operator_names
from app.db import Page, fields_of, page_of
from app.joining.models import JoinRequest, JoinRequestOperator
from app.security import ScopedSelect, scoped


def waiting(user) -> dict:
    """The staff home's panel: how many requests to join wait in the user's scope."""
    pending = JoinRequest.select().where(JoinRequest.status == "pending")
    return {"waiting": scoped(JoinRequest, user, pending).count()}


def pending_requests(user, page_number) -> tuple[Page, dict]:
    """A page of the waiting requests in `user`'s scope, oldest first, and each one's operator
    names. The staff's most visited list: its SQL is written once per kind of scope."""

    def fetch(limit, offset):
        requests = []
        for join_request, area, municipality in _PENDING.all(user, limit, offset):
            join_request.area, join_request.municipality = area, municipality
            join_request._dirty.clear()
            requests.append(join_request)
        return requests

    page = page_of(_PENDING_COUNT.scalar(user), page_number, 20, fetch)
    ids = [r.id for r in page.items]
    return page, operator_names(JoinRequestOperator.join_request, ids)


_PENDING = ScopedSelect(
    JoinRequest,
    (JoinRequest, Area, Municipality),
    lambda scope, limit, offset: (
        JoinRequest.select(*fields_of(JoinRequest), *fields_of(Area), *fields_of(Municipality))
        .join(Area)
        .switch(JoinRequest)
        .join(Municipality)
        .where((JoinRequest.status == "pending") & scope)
        .order_by(JoinRequest.created_at)
        .limit(limit)
        .offset(offset)
    ),
)
_PENDING_COUNT = ScopedSelect(
    JoinRequest,
    (),
    lambda scope: JoinRequest.select(fn.COUNT(JoinRequest.id)).where(
        (JoinRequest.status == "pending") & scope
    ),
)
