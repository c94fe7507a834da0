"""Every allowed and every refused change of status, the history and audit entries they leave,
and two staff members acting at once: the second is told what the first did, nothing changes
twice."""

import threading

import pytest
from orders_helpers import english, events_of, make_order, person, reload

from app.audit.models import AuditEntry
from app.db import database
from app.orders.models import STATUSES, Order, OrderEvent
from app.orders.services import TRANSITIONS, TransitionRefused, change_status

STAFF_ACTIONS = ("approve", "reject", "send")
BUSINESS_ACTIONS = ("confirm", "withdraw")
CASES = [(action, status) for action in TRANSITIONS for status in STATUSES]


def actor_for(action):
    return person("polis@example.com" if action in STAFF_ACTIONS else "ombud@example.com")


def test_the_graph_is_the_one_the_method_describes():
    graph = {action: (t.sources, t.status) for action, t in TRANSITIONS.items()}
    assert graph == {
        "approve": (("submitted",), "approved"),
        "reject": (("submitted", "approved"), "rejected"),
        "send": (("approved",), "sent"),
        "confirm": (("sent",), "received"),
        "withdraw": (("submitted",), "withdrawn"),
    }
    assert {a for a, t in TRANSITIONS.items() if t.by_staff} == set(STAFF_ACTIONS)


@pytest.mark.parametrize("action,status", CASES, ids=[f"{a}-from-{s}" for a, s in CASES])
def test_each_change_from_each_status(app, demo, action, status):
    order = make_order(status)
    by = actor_for(action)
    audit_before = AuditEntry.select().count()
    with app.test_request_context():
        if status in TRANSITIONS[action].sources:
            changed = change_status(order, action, by=by, reason="Slut i lager", tracking="UA1SE")
            assert changed.status == TRANSITIONS[action].status
            last = (
                OrderEvent.select()
                .where(OrderEvent.order == order.id)
                .order_by(OrderEvent.id.desc())
                .get()
            )
            assert (last.status, last.by_id) == (changed.status, by.id)
            audited = AuditEntry.select().where(
                (AuditEntry.object_type == "Order") & (AuditEntry.object_id == order.id)
            )
            assert audited.count() == (1 if action in STAFF_ACTIONS else 0)
        else:
            history = events_of(order)
            with pytest.raises(TransitionRefused) as refused:
                change_status(order, action, by=by, reason="x", tracking="y")
            assert refused.value.order.status == status
            assert reload(order).status == status and events_of(order) == history
            assert AuditEntry.select().count() == audit_before


def test_a_rejection_keeps_its_reason_and_sending_its_tracking_number(app, demo):
    with app.test_request_context():
        rejected = change_status(
            make_order("submitted"), "reject", person("kommun@example.com"), reason="Slut"
        )
        sent = change_status(
            make_order("approved"), "send", person("kommun@example.com"), tracking="UA9SE"
        )
    assert rejected.reject_reason == "Slut" and rejected.tracking_reference == ""
    assert sent.tracking_reference == "UA9SE" and sent.sent_at is not None


def test_a_business_cannot_make_a_staff_change_nor_staff_a_business_one(app, demo):
    with app.test_request_context(), pytest.raises(ValueError):
        change_status(make_order("submitted"), "approve", by=person("ombud@example.com"))
    with app.test_request_context(), pytest.raises(ValueError):
        change_status(make_order("sent"), "confirm", by=person("polis@example.com"))


def test_two_staff_who_loaded_the_same_order_approve_it_once(app, demo, login):
    order = make_order("submitted")
    police, municipality = english(login("polis@example.com")), english(login("kommun@example.com"))
    assert police.get(f"/stickers/orders/{order.id}").status_code == 200
    assert municipality.get(f"/stickers/orders/{order.id}").status_code == 200
    first = police.post(
        f"/stickers/orders/{order.id}/approve", data={}, headers={"HX-Request": "true"}
    )
    second = municipality.post(
        f"/stickers/orders/{order.id}/approve", data={}, headers={"HX-Request": "true"}
    )
    assert first.status_code == second.status_code == 200
    assert f"Order {order.id} is approved." in first.text
    # The second sees what the first did: the status now, and who set it.
    assert (
        f'<p class="flash flash-error" role="status">Order {order.id} was not changed'
        in second.text
    )
    assert "“Approved”" in second.text and "Anna Berglund" in second.text
    assert events_of(order) == ["submitted", "approved"]
    assert AuditEntry.select().where(AuditEntry.action == "order_approved").count() == 1


def test_the_second_of_two_without_javascript_gets_the_message_after_the_redirect(demo, login):
    order = make_order("approved")
    police, municipality = english(login("polis@example.com")), english(login("kommun@example.com"))
    assert (
        police.post(
            f"/stickers/orders/{order.id}/send", data={"tracking_reference": ""}
        ).status_code
        == 303
    )
    refused = municipality.post(f"/stickers/orders/{order.id}/reject", data={"reason": "Slut"})
    assert refused.status_code == 303
    page = municipality.get(refused.headers["Location"]).text
    assert "was not changed" in page and "“Sent”" in page
    assert reload(order).status == "sent" and reload(order).reject_reason == ""


def test_two_staff_at_the_same_moment_change_the_order_once(app, demo):
    """Two threads with their own connections, released together: exactly one approves."""
    order = make_order("submitted")
    start = threading.Barrier(2)
    outcomes = []

    def act(email):
        with app.test_request_context():
            database.connect(reuse_if_open=True)
            by = person(email)
            start.wait()
            try:
                change_status(order, "approve", by=by)
                outcomes.append("approved")
            except TransitionRefused as refused:
                outcomes.append(refused.order.status)
            finally:
                database.close()

    threads = [
        threading.Thread(target=act, args=(e,)) for e in ("polis@example.com", "kommun@example.com")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "approved"]  # one did it, one found it done
    assert events_of(order).count("approved") == 1
    assert Order.get_by_id(order.id).status == "approved"
    assert AuditEntry.select().where(AuditEntry.action == "order_approved").count() == 1
