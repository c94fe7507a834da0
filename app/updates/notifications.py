"""Telling people that something new is waiting.

A mail says only that: no headline, no category, no sender (a shop's inbox is often shared),
with a link to log in and a link that stops these mails without logging in – single-purpose,
signed, and spent once used (`List-Unsubscribe` and `List-Unsubscribe-Post` carry it too).
Mails go through the outbox in batches of BATCH: the first batch while the update is
published, the rest by jobs, so publishing to thousands returns at once.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.accounts.models import User
from app.businesses.models import Business
from app.db import utcnow
from app.jobs import job
from app.mail import queue_mail
from app.security import scoped
from app.updates.audience import audience_of, reach, reached_users
from app.updates.models import Update, UpdatePreference
from app.updates.queries import unread_by

BATCH = 50
NEW_UPDATE_MAIL = "updates/mail/new_update"
DIGEST_MAIL = "updates/mail/digest"
UNSUBSCRIBE_SALT = "updates-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 90 * 24 * 60 * 60  # seconds: a mail's link works for 90 days


# ---------------------------------------------------------------- the link that stops the mails


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(preference: UpdatePreference) -> str:
    """A token that stops this person's mails about updates once, and does nothing else."""
    return _serializer().dumps([preference.user_id, preference.link_version])


def read_unsubscribe_token(token: str) -> tuple[int, int] | None:
    """(user id, link version) of a genuine token less than 90 days old, or None."""
    if not token or len(token) > 200:
        return None
    try:
        payload = _serializer().loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except BadSignature:
        return None
    if not (isinstance(payload, list) and len(payload) == 2):
        return None
    if not all(type(number) is int for number in payload):
        return None
    return payload[0], payload[1]


# ---------------------------------------------------------------- mails


def _path(endpoint: str, **values) -> str:
    """A path of the portal, also where there is no request (the worker)."""
    return current_app.url_map.bind("").build(endpoint, values)


def _queue(user: User, preference: UpdatePreference, template: str) -> None:
    unsubscribe = _path("updates.unsubscribe", token=unsubscribe_token(preference))
    base_url = current_app.config["BASE_URL"]
    queue_mail(
        user.email,
        template,
        user.language or "sv",
        headers={
            "List-Unsubscribe": f"<{base_url}{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        link=_path("updates.feed"),
        unsubscribe=unsubscribe,
    )


def _people_to_tell_at_once(update: Update):
    wanted = ("all", "warnings") if update.category == "warning" else ("all",)
    return (
        reached_users(audience_of(update))
        .select(User, UpdatePreference)
        .join(UpdatePreference, on=(UpdatePreference.user == User.id), attr="preference")
        .where((UpdatePreference.frequency == "immediate") & UpdatePreference.notify.in_(wanted))
    )


def announce(update_id: int) -> None:
    """Once, when an update is published: count whom it reaches, and tell those who want to
    know at once: the first batch here, the rest batch by batch in jobs (a large audience
    costs the publisher's request one batch)."""
    now = utcnow()
    claimed = (
        Update.update(announced_at=now)
        .where(
            (Update.id == update_id) & Update.announced_at.is_null() & (Update.publish_at <= now)
        )
        .execute()
    )
    if not claimed:
        return
    store_reach(update_id, audience_of(Update.get_by_id(update_id)))
    notify(update_id)


def store_reach(update_id: int, audience) -> None:
    """Count whom the update reaches now, for the staff's figures."""
    businesses, users = reach(audience)
    Update.update(reach_businesses=businesses, reach_users=users).where(
        Update.id == update_id
    ).execute()


def notify(update_id: int, after_user_id: int = 0) -> None:
    """Queue the mails of the next batch of people (by id) who want to know of the update at
    once; a job takes the batch after."""
    update = Update.get_or_none(Update.id == update_id)
    if update is None or update.is_expired(utcnow()):
        return
    people = list(
        _people_to_tell_at_once(update)
        .where(User.id > after_user_id)
        .order_by(User.id)
        .limit(BATCH)
    )
    for person in people:
        _queue(person, person.preference, NEW_UPDATE_MAIL)
    if len(people) == BATCH:
        notify_next_batch(update_id, people[-1].id)


@job()
def notify_next_batch(update_id: int, after_user_id: int) -> None:
    notify(update_id, after_user_id)


def announce_due() -> None:
    """Announce the scheduled updates whose time has come."""
    due = Update.select(Update.id).where(
        Update.announced_at.is_null() & (Update.publish_at <= utcnow())
    )
    for update_id in [row.id for row in due]:
        announce(update_id)


# ---------------------------------------------------------------- the daily digest


def _has_news(user: User, preference: UpdatePreference) -> bool:
    """Whether updates the person has not opened were published since the last digest."""
    query = scoped(Update, user).where(
        (Update.publish_at > preference.digested_until) & unread_by(user)
    )
    if preference.notify == "warnings":
        query = query.where(Update.category == "warning")
    return query.exists()


def send_digests(after_user_id: int = 0) -> None:
    """One mail to each person of the next batch who wants a daily digest and has news; a
    job takes the batch after."""
    now = utcnow()
    people = list(
        User.select(User, UpdatePreference)
        .join(UpdatePreference, on=(UpdatePreference.user == User.id), attr="preference")
        .switch(User)
        .join(Business, on=(User.business == Business.id))
        .where(
            (UpdatePreference.frequency == "daily")
            & (UpdatePreference.notify != "none")
            & (User.id > after_user_id)
            & User.disabled_at.is_null()
            & (User.password_hash != "")
            & (Business.status == "active")
        )
        .order_by(User.id)
        .limit(BATCH)
    )
    for person in people:
        if _has_news(person, person.preference):
            _queue(person, person.preference, DIGEST_MAIL)
    UpdatePreference.update(digested_until=now).where(
        UpdatePreference.user.in_([person.id for person in people])
    ).execute()
    if len(people) == BATCH:
        send_next_digests(people[-1].id)


@job()
def send_next_digests(after_user_id: int) -> None:
    send_digests(after_user_id)
