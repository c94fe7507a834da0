"""Mails about orders say only what happened (a shop's inbox is often shared): at approval,
sending and rejection, to the person who ordered. Staff who opt in get a daily mail with the
number of new orders in their scope."""

from datetime import timedelta

import pytest
import time_machine
from orders_helpers import english, make_order, person

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.db import utcnow
from app.orders.jobs import send_order_digests
from app.orders.models import Order, OrderDigestSubscription

SECRETS = (
    "Kiosken Stenstan",
    "Storgatan",
    "852",
    "Dekal",
    "Informationsblad",
    "UA123456785SE",
    "slut till april",
    "Dekalen ska sitta",
)


def bodies(mail):
    return [mail["Subject"], *(mail.get_body((part,)).get_content() for part in ("plain", "html"))]


@pytest.mark.parametrize(
    "status,action,data,subject",
    [
        ("submitted", "approve", {}, "Din beställning har godkänts"),
        (
            "approved",
            "send",
            {"tracking_reference": "UA123456785SE"},
            "Din beställning har skickats",
        ),
        (
            "submitted",
            "reject",
            {"reason": "Dekalerna är slut till april."},
            "Din beställning har avslagits",
        ),
    ],
)
def test_a_decision_is_mailed_with_nothing_but_the_status(
    login, sent_mail, status, action, data, subject
):
    order = make_order(status)
    login("polis@example.com").post(f"/stickers/orders/{order.id}/{action}", data=data)
    assert [m["To"] for m in sent_mail] == ["ombud@example.com"]
    mail = sent_mail[0]
    assert mail["Subject"] == subject
    text = "\n".join(bodies(mail))
    assert f"http://portal.test/my-orders/{order.id}" in text
    for secret in SECRETS:
        assert secret not in text, secret


def test_the_mail_is_in_the_recipients_language(login, sent_mail):
    User.update(language="en").where(User.email == "ombud@example.com").execute()
    login("kommun@example.com").post(f"/stickers/orders/{make_order('approved').id}/send", data={})
    assert sent_mail[0]["Subject"] == "Your order has been sent"


def test_when_the_orderer_is_gone_the_business_colleagues_are_told(login, sent_mail):
    colleague = User.create(
        email="kollega@example.com",
        role="business",
        business=person("ombud@example.com").business_id,
        password_hash=person("ombud@example.com").password_hash,
    )
    User.create(
        email="inbjuden@example.com", role="business", business=colleague.business_id
    )  # no password yet
    order = make_order("submitted")
    Order.update(ordered_by=None).where(Order.id == order.id).execute()
    login("polis@example.com").post(f"/stickers/orders/{order.id}/approve", data={})
    assert sorted(m["To"] for m in sent_mail) == ["kollega@example.com", "ombud@example.com"]


def test_no_mail_when_the_business_itself_acts(login, sent_mail):
    browser = login("ombud@example.com")
    browser.post(f"/my-orders/{make_order('submitted').id}/withdraw", data={})
    browser.post(f"/my-orders/{make_order('sent').id}/confirm", data={})
    assert sent_mail == []


def test_a_refused_change_mails_nobody(login, sent_mail):
    login("polis@example.com").post(
        f"/stickers/orders/{make_order('received').id}/approve", data={}
    )
    assert sent_mail == []


def test_the_digest_counts_new_waiting_orders_in_each_subscribers_scope(app, demo, sent_mail):
    make_order("submitted", "Sundsvall Paketterminal", days_ago=2)
    make_order("submitted", "Ålidhems Livs", days_ago=1)
    make_order("approved", "Ålidhems Livs", days_ago=1)  # already handled: not waiting
    make_order("submitted", "Ålidhems Livs", days_ago=5)  # before the last digest
    OrderDigestSubscription.update(last_sent_at=utcnow() - timedelta(days=3)).execute()
    for email in ("polis.umea@example.com", "tull@example.com"):  # tull cannot handle orders
        OrderDigestSubscription.create(
            user=person(email), last_sent_at=utcnow() - timedelta(days=3)
        )
    send_order_digests()
    assert sorted(m["To"] for m in sent_mail) == ["polis.umea@example.com", "polis@example.com"]
    police = next(m for m in sent_mail if m["To"] == "polis@example.com")
    # Sundsvall: the Kiosk's demo order of yesterday and the terminal's of two days ago wait.
    assert police["Subject"] == "Nya beställningar i TIF-portalen"
    text = "\n".join(bodies(police))
    assert "2 nya beställningar väntar på beslut." in text
    assert "http://portal.test/stickers/orders/?status=submitted" in text
    for secret in SECRETS:
        assert secret not in text
    umea = "\n".join(bodies(next(m for m in sent_mail if m["To"] == "polis.umea@example.com")))
    assert "1 ny beställning väntar på beslut." in umea


def test_the_digest_mails_only_what_is_new_since_the_last_one(app, demo, sent_mail):
    now = utcnow()
    OrderDigestSubscription.update(last_sent_at=now - timedelta(days=3)).execute()
    with time_machine.travel(now + timedelta(days=1), tick=False):
        send_order_digests()
        assert len(sent_mail) == 1
        send_order_digests()  # nothing new since
        assert len(sent_mail) == 1
    # A day later one order arrives in Sundsvall and one in Umeå: polis hears of one.
    for name in ("Kiosken Stenstan", "Ålidhems Livs"):
        Order.update(created_at=now + timedelta(days=1, hours=6)).where(
            Order.id == make_order("submitted", name).id
        ).execute()
    with time_machine.travel(now + timedelta(days=2), tick=False):
        send_order_digests()
    assert len(sent_mail) == 2 and "1 ny beställning väntar" in bodies(sent_mail[1])[1]


def test_staff_opt_in_and_out_of_the_digest(login):
    staff = english(login("kommun@example.com"))
    page = staff.get("/stickers/digest").text
    assert 'name="wanted"' in page and "checked" not in page
    assert staff.post("/stickers/digest", data={"wanted": "y"}).status_code == 303
    assert OrderDigestSubscription.get(OrderDigestSubscription.user == person("kommun@example.com"))
    assert "checked" in staff.get("/stickers/digest").text
    staff.post("/stickers/digest", data={})
    assert (
        not OrderDigestSubscription.select()
        .where(OrderDigestSubscription.user == person("kommun@example.com"))
        .exists()
    )
    assert AuditEntry.select().where(AuditEntry.action == "order_digest_changed").count() == 2
    for email in ("ombud@example.com", "tull@example.com"):
        assert login(email).post("/stickers/digest", data={"wanted": "y"}).status_code == 403


def test_the_digest_is_a_registered_periodic_job():
    from app.jobs import huey

    assert "send_order_digests" in {task.__name__ for task in huey._registry._periodic_tasks}
