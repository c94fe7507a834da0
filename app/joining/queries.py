"""Reads of requests to join, within the reader's scope."""

from app.areas.models import Area, Municipality
from app.businesses.models import operator_names
from app.joining.models import JoinRequest, JoinRequestOperator
from app.security import scoped


def pending_requests(user) -> tuple[list, dict]:
    """The waiting requests in `user`'s scope, oldest first, and each one's operator names."""
    query = (
        JoinRequest.select(JoinRequest, Area, Municipality)
        .join(Area)
        .switch(JoinRequest)
        .join(Municipality)
        .where(JoinRequest.status == "pending")
        .order_by(JoinRequest.created_at)
    )
    requests = list(scoped(JoinRequest, user, query))
    return requests, operator_names(JoinRequestOperator.join_request, [r.id for r in requests])
