"""What people are told about a change of an order's status, shared by the staff's and the
business's pages."""

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from app.orders.models import STATUS_LABELS
from app.orders.queries import last_event

DONE = {
    "approve": lambda order: _("Order %(number)s is approved.", number=order.id),
    "reject": lambda order: _(
        "Order %(number)s is rejected. The business sees the reason.", number=order.id
    ),
    "send": lambda order: _("Order %(number)s is marked as sent.", number=order.id),
    "confirm": lambda order: _("Thank you – the order is marked as received."),
    "withdraw": lambda order: _("The order is withdrawn."),
}


def status_label(code):
    return STATUS_LABELS.get(code, code)


def actor_name(user) -> str:
    """Who made a change, as the viewer may see it: staff see the person; a business sees its
    own colleagues by name and the authorities by role."""
    if user is None:
        return _("an account that no longer exists")
    if current_user.role != "business" or user.business_id == current_user.business_id:
        return user.name or user.email
    if user.role == "police":
        return _("the police")
    if user.role == "municipality":
        return _("the municipality")
    return _("the portal's administrator")


def refusal_message(order) -> str:
    """What the second of two people acting at once is told: what the order is now, since when
    and by whom."""
    event = last_event(order)
    return _(
        "Order %(number)s was not changed: its status is now “%(status)s” (%(when)s, %(who)s).",
        number=order.id,
        status=status_label(order.status),
        when=format_datetime(event.at, "d MMMM yyyy HH:mm") if event else "",
        who=actor_name(event.by if event else None),
    )
