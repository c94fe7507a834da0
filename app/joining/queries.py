"""Reads of requests to join, within the reader's scope."""

from typing import NamedTuple

from peewee import fn

from app.areas.models import Area, Municipality
from app.businesses.models import operator_names
from app.db import Page, fields_of, page_number_asked, page_of
from app.joining.models import JoinRequest, JoinRequestOperator
from app.security import ScopedSelect, scoped
from app.versions import kept_while_unchanged

PER_PAGE = 20


def waiting(user) -> dict:
    """The staff home's panel: how many requests to join wait in the user's scope."""
    pending = JoinRequest.select().where(JoinRequest.status == "pending")
    return {"waiting": scoped(JoinRequest, user, pending).count()}


class Queue(NamedTuple):
    """A page of the requests waiting in a user's scope, each one's operator names, and what
    the page shows depends on (the rows themselves, or the version they were read at)."""

    page: Page
    operators: dict
    key: tuple


def pending_requests(user, page_number) -> Queue:
    """A page of the waiting requests in `user`'s scope, oldest first, and each one's operator
    names. The staff's most visited list: its SQL is written once per kind of scope, and the
    first page, which staff open all day, is kept per scope until a request, an operator or a
    place is written (app/versions.py)."""

    def fetch(limit, offset):
        requests = []
        for join_request, area, municipality in _PENDING.all(user, limit, offset):
            join_request.area, join_request.municipality = area, municipality
            join_request._dirty.clear()
            requests.append(join_request)
        return requests

    def read():
        page = page_of(_PENDING_COUNT.scalar(user), page_number, PER_PAGE, fetch)
        ids = [r.id for r in page.items]
        return page, operator_names(JoinRequestOperator.join_request, ids)

    scope = _PENDING.scope_key(user)
    if page_number_asked(page_number) == 1:
        version, (page, operators) = kept_while_unchanged("join_requests", scope, read)
    else:
        version, (page, operators) = None, read()
    return Queue(page, operators, (page.items, operators) if version is None else (version, scope))


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
