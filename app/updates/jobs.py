"""The updates' periodic work: announcing scheduled updates when their time comes, the
morning digest, and forgetting who read an update once it has expired."""

from flask_babel import lazy_gettext as _l

from app.jobs import crontab, periodic
from app.updates.notifications import announce_due, send_digests
from app.updates.services import forget_readers_of_expired_updates


@periodic(crontab(minute="*"))
def announce_due_updates() -> None:
    announce_due()


@periodic(crontab(hour="5", minute="0"))  # UTC: 6 or 7 in the morning in Sweden
def send_daily_digests() -> None:
    send_digests()


@periodic(crontab(minute="7"))
def forget_readers_of_expired() -> None:
    forget_readers_of_expired_updates()


def retention() -> list[tuple]:
    """For the privacy notice."""
    return [
        (
            _l("Who has opened an update"),
            _l("until the update expires, then only how many businesses"),
        )
    ]
