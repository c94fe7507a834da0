"""Mail: an outbox table, sent by a job after the request's transaction, retried on failure.

Mails never carry sensitive content: they say that something is waiting and link to the
portal. The body is cleared once sent, so a set-password link does not outlive its delivery.
"""

import json
import logging
import smtplib
import ssl
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlparse

import peewee as pw
from flask import current_app, g
from flask_babel import force_locale
from jinja2_fragments.flask import render_block

from app.db import BaseModel, utcnow
from app.jobs import crontab, job, periodic

log = logging.getLogger("tif.mail")

MAX_ATTEMPTS = 8
OUTBOX_RETENTION = timedelta(days=30)


class OutboxMail(BaseModel):
    recipient = pw.CharField(max_length=254)
    subject = pw.CharField(max_length=200)
    body_text = pw.TextField(default="")
    body_html = pw.TextField(default="")
    # Extra headers as JSON ({"List-Unsubscribe": "<…>"}); cleared with the body once sent.
    headers = pw.TextField(default="")
    status = pw.CharField(max_length=10, default="pending", index=True)  # pending, sent, failed
    attempts = pw.IntegerField(default=0)
    next_attempt_at = pw.DateTimeField(default=utcnow)
    last_error = pw.CharField(max_length=200, default="")
    created_at = pw.DateTimeField(default=utcnow, index=True)
    sent_at = pw.DateTimeField(null=True)


def queue_mail(
    recipient: str, template: str, language: str, headers: dict | None = None, **context
) -> OutboxMail:
    """Render `templates/<template>.html` (blocks subject, text, html; a feature keeps its
    mails in `templates/<feature>/mail/`) in the recipient's language and put it in the
    outbox; it is handed to the sender when the request ends. `headers`: extra headers of
    this mail (name -> value), such as List-Unsubscribe."""
    subject, text, html = render_mail(template, language, **context)
    mail = OutboxMail.create(
        recipient=recipient,
        subject=subject,
        body_text=text,
        body_html=html,
        headers=json.dumps(headers) if headers else "",
    )
    g.setdefault("outbox_ids", []).append(mail.id)
    return mail


def render_mail(template: str, language: str, **context) -> tuple[str, str, str]:
    """Subject, text and HTML of a mail as its recipient gets it (also for previews)."""
    template_name = f"{template}.html"
    context.setdefault("base_url", current_app.config["BASE_URL"])
    with force_locale(language or "sv"):
        subject = render_block(template_name, "subject", **context).strip()
        text = render_block(template_name, "text", **context).strip() + "\n"
        html = render_block(template_name, "html", **context)
    return subject, text, html


def flush_outbox(exc=None) -> None:
    """Enqueue the mails this request wrote, once its work has committed."""
    ids = g.pop("outbox_ids", [])
    if exc is None:
        for mail_id in ids:
            deliver(mail_id)


@job()
def deliver(mail_id: int) -> None:
    mail = OutboxMail.get_or_none(OutboxMail.id == mail_id)
    if mail is None or mail.status == "sent":
        return
    try:
        send(mail)
    except (OSError, smtplib.SMTPException) as error:
        mail.attempts += 1
        mail.status = "failed" if mail.attempts >= MAX_ATTEMPTS else "pending"
        mail.next_attempt_at = utcnow() + timedelta(minutes=2**mail.attempts)
        mail.last_error = type(error).__name__[:200]
        mail.save()
        log.warning("mail %s not sent (attempt %s): %s", mail.id, mail.attempts, error)
        return
    OutboxMail.update(
        status="sent",
        sent_at=utcnow(),
        body_text="",
        body_html="",
        headers="",
        attempts=mail.attempts + 1,
    ).where(OutboxMail.id == mail.id).execute()


@periodic(crontab(minute="*"))
def retry_pending_mail() -> None:
    due = OutboxMail.select(OutboxMail.id).where(
        (OutboxMail.status == "pending") & (OutboxMail.next_attempt_at <= utcnow())
    )
    for mail_id in [mail.id for mail in due]:
        deliver.call_local(mail_id)


@periodic(crontab(hour="3", minute="10"))
def purge_old_mail() -> None:
    OutboxMail.delete().where(OutboxMail.created_at < utcnow() - OUTBOX_RETENTION).execute()


def build_message(mail: OutboxMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="tif.invalid")
    for name, value in json.loads(mail.headers or "{}").items():
        message[name] = value
    message.set_content(mail.body_text)
    message.add_alternative(mail.body_html, subtype="html")
    return message


def send(mail: OutboxMail) -> None:
    url = current_app.config["MAIL_URL"]
    message = build_message(mail)
    if not url:
        # Development: no SMTP server configured, so the mail goes to the log instead.
        log.info("mail to %s: %s\n%s", mail.recipient, mail.subject, mail.body_text)
        return
    parsed = urlparse(url)
    options = parse_qs(parsed.query)
    port = parsed.port or (465 if parsed.scheme == "smtps" else 25)
    context = ssl.create_default_context()
    if parsed.scheme == "smtps":
        client = smtplib.SMTP_SSL(parsed.hostname, port, context=context, timeout=30)
    else:
        client = smtplib.SMTP(parsed.hostname, port, timeout=30)
    with client:
        if parsed.scheme == "smtp" and options.get("starttls", ["false"])[0] in (
            "1",
            "true",
            "yes",
        ):
            client.starttls(context=context)
        if parsed.username:
            client.login(unquote(parsed.username), unquote(parsed.password or ""))
        client.send_message(message)
