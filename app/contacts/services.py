"""Writes to the contact log.

A business logs a contact: the row belongs to the business and names no person, so this
write has no audit entry either (an entry would tie the contact to the user who logged it).
Police and customs record a visit or send feedback: each with its audit entry, and a mail
that says only that something is waiting.
"""

from flask import url_for

from app.accounts.models import User
from app.audit.models import record
from app.businesses.models import Business
from app.contacts.models import Contact
from app.db import database
from app.mail import queue_mail
from app.seizures.periods import local_today


def _active(query):
    return query.where(User.disabled_at.is_null()).order_by(User.id)


def log_contact(business: Business, values: dict, by: User) -> Contact:
    """A contact of `by`'s business (the row does not name `by`); the area's police get a
    mail when a visit is wished."""
    with database.atomic():
        contact = Contact.create(
            business=business,
            area=business.area_id,
            municipality=business.municipality_id,
            **values,
        )
        if contact.wants_visit:
            police = _active(
                User.select().where(User.role == "police", User.area == contact.area_id)
            )
            for person in police:
                queue_mail(
                    person.email,
                    "contacts/mail/visit_wanted",
                    person.language,
                    link=url_for("contacts.log", show="waiting"),
                )
    return contact


def record_visit(contact: Contact, visited_on, by: User) -> None:
    with database.atomic():
        Contact.update(visited_on=visited_on).where(Contact.id == contact.id).execute()
        record("contacts_visit_recorded", contact, actor=by, area_only=True)


def send_feedback(contact: Contact, message: str, by: User) -> None:
    """The message is the business's to read on that contact; its people get a mail that
    something is waiting."""
    with database.atomic():
        Contact.update(feedback=message.strip(), feedback_on=local_today()).where(
            Contact.id == contact.id
        ).execute()
        record("contacts_feedback_sent", contact, actor=by, area_only=True)
        for person in _active(User.select().where(User.business == contact.business_id)):
            queue_mail(
                person.email,
                "contacts/mail/feedback_waiting",
                person.language,
                link=url_for("contacts.own"),
            )
