"""Extra headers of a mail (List-Unsubscribe, say) go with it through the outbox into the
message, and are cleared with its body once it is sent."""

import pytest

from app.mail import OutboxMail, queue_mail

UNSUBSCRIBE = {
    "List-Unsubscribe": "<http://portal.test/stop/abc>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def test_extra_headers_reach_the_message_and_are_cleared_once_sent(app, db, sent_mail):
    with app.test_request_context():
        queue_mail("ombud@example.com", "joining/mail/join_waiting", "sv", UNSUBSCRIBE, link="/x")
        queue_mail("other@example.com", "joining/mail/join_waiting", "sv", link="/x")
    with_headers, plain = sent_mail
    assert with_headers["List-Unsubscribe"] == "<http://portal.test/stop/abc>"
    assert with_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert plain["List-Unsubscribe"] is None
    assert [m.headers for m in OutboxMail.select()] == ["", ""]


def test_a_header_value_that_would_start_another_header_is_refused(app, db):
    mail = OutboxMail.create(
        recipient="a@example.com",
        subject="s",
        headers='{"List-Unsubscribe": "<http://x>\\r\\nBcc: everyone@example.com"}',
    )
    from app.mail import build_message

    with app.app_context(), pytest.raises(ValueError):
        build_message(mail)
