"""Reads of requests to join, within the reader's scope."""

from app.areas.models import Area, Municipality
from app.businesses.models import operator_names
from app.db import Page, paginate
from app.joining.models import JoinRequest, JoinRequestOperator
from app.security import scoped


def waiting(user) -> dict:
    """The staff home's panel: how many requests to join wait in the user's scope."""
    pending = JoinRequest.select().where(JoinRequest.status == "pending")
    return {"waiting": scoped(JoinRequest, user, pending).count()}


def pending_requests(user, page_number) -> tuple[Page, dict]:
    """A page of the waiting requests in `user`'s scope, oldest first, and each one's operator
    names."""
    query = (
        JoinRequest.select(JoinRequest, Area, Municipality)
        .join(Area)
        .switch(JoinRequest)
        .join(Municipality)
        .where(JoinRequest.status == "pending")
        .order_by(JoinRequest.created_at)
    )
    count_query = JoinRequest.select().where(JoinRequest.status == "pending")
    page = paginate(
        scoped(JoinRequest, user, query),
        page_number,
        per_page=20,
        count_query=scoped(JoinRequest, user, count_query),
    )
    ids = [r.id for r in page.items]
    return page, operator_names(JoinRequestOperator.join_request, ids)
