"""The daily mail about new orders, for staff who asked for it."""

from flask import current_app, url_for

from app.accounts.models import User
from app.db import database, utcnow
from app.jobs import crontab, periodic
from app.mail import queue_mail
from app.orders.models import OrderDigestSubscription
from app.orders.queries import new_orders_since
from app.security import can


@periodic(crontab(hour="7", minute="0"))
def send_order_digests() -> None:
    """Each subscriber whose scope got new orders since the last digest gets one mail with
    the number (no business, no items: mails carry no content)."""
    now = utcnow()
    with current_app.test_request_context():  # a path for the link, outside any request
        link = url_for("orders.queue", status="submitted")
    subscriptions = OrderDigestSubscription.select(OrderDigestSubscription, User).join(User)
    for subscription in subscriptions:
        person = subscription.user
        if not person.is_active or not can("orders_handle", person):
            continue
        count = new_orders_since(person, subscription.last_sent_at)
        with database.atomic():
            if count:
                queue_mail(
                    person.email,
                    "orders/mail/digest",
                    person.language,
                    count=count,
                    link=link,
                )
            OrderDigestSubscription.update(last_sent_at=now).where(
                OrderDigestSubscription.id == subscription.id
            ).execute()
