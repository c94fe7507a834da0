"""The retention schedule: the periods the purge jobs apply, in one place, so that the privacy
notice shows the very values the jobs use (from the configuration where an installation may
set them)."""

import calendar
import datetime

from flask import current_app
from flask_babel import format_timedelta, ngettext
from flask_babel import lazy_gettext as _l

from app.accounts.services import TOKEN_LIFETIME
from app.audit.models import RETENTION as AUDIT_RETENTION
from app.features import features
from app.joining.models import REJECTED_RETENTION
from app.mail import OUTBOX_RETENTION
from app.sessions import SESSION_ABSOLUTE


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same time of day `months` calendar months earlier (31 March less one month is the
    last day of February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def inactive_months() -> tuple[int, int]:
    """(months until an unused account is disabled, months until it is erased)."""
    config = current_app.config
    return config["INACTIVE_DISABLE_MONTHS"], config["INACTIVE_ERASE_MONTHS"]


def _months(count: int) -> str:
    return ngettext("%(num)s month", "%(num)s months", count)


def _period(delta: datetime.timedelta) -> str:
    """ "6 months", "3 years", "12 hours" in the reader's language."""
    return format_timedelta(delta, threshold=1)


def schedule() -> list[tuple[str, str]]:
    """(what is kept, for how long) for the privacy notice, in the order people look for it."""
    disable, erase = inactive_months()
    return [
        (
            _l("Accounts nobody logs in to"),
            _l(
                "disabled after %(disable)s, erased after %(erase)s",
                disable=_months(disable),
                erase=_months(erase),
            ),
        ),
        (_l("Sessions (being logged in)"), _period(SESSION_ABSOLUTE)),
        (_l("Links to choose a password"), _period(TOKEN_LIFETIME["reset"])),
        (_l("Invitations"), _period(TOKEN_LIFETIME["invite"])),
        (
            _l("Mails waiting to be sent, and sent mails without their text"),
            _period(OUTBOX_RETENTION),
        ),
        (_l("Rejected requests to join"), _period(REJECTED_RETENTION)),
        (_l("The log of staff actions"), _period(AUDIT_RETENTION)),
        (_l("Answered requests for erasure"), _period(AUDIT_RETENTION)),
        *(
            entry
            for feature in features()
            if feature.retention
            for entry in feature.function(feature.retention)()
        ),
    ]
