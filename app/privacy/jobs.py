"""Retention of accounts nobody uses: disabled after INACTIVE_DISABLE_MONTHS (18) without a
login, erased after INACTIVE_ERASE_MONTHS (24); answered requests for erasure go with the
audit log's period. Each run does what is due and nothing else."""

import peewee as pw

from app.accounts.models import User
from app.accounts.services import disable
from app.audit.models import record
from app.db import database, utcnow
from app.jobs import crontab, periodic
from app.mail import queue_mail
from app.privacy.models import ANSWERED_RETENTION, ErasureRequest
from app.privacy.retention import inactive_months, months_before
from app.privacy.services import erase_account

LAST_ACTIVE = pw.fn.COALESCE(User.last_login_at, User.created_at)


def unused_since(cutoff):
    """Accounts not yet erased whose last login (or creation, if never) is before `cutoff`."""
    return User.select().where(User.erased_at.is_null() & (cutoff > LAST_ACTIVE))


@periodic(crontab(hour="2", minute="40"))
def disable_unused_accounts() -> None:
    months, _ = inactive_months()
    due = unused_since(months_before(utcnow(), months)).where(User.disabled_at.is_null())
    for user in list(due):
        with database.atomic():
            disable(user)
            record("privacy_disabled_inactive", user, actor=None)
            queue_mail(user.email, "privacy/mail/disabled_inactive", user.language)


@periodic(crontab(hour="2", minute="50"))
def erase_unused_accounts() -> None:
    _, months = inactive_months()
    for user in list(unused_since(months_before(utcnow(), months))):
        with database.atomic():
            erase_account(user)
            record("privacy_erased_inactive", user, actor=None)


@periodic(crontab(hour="3", minute="40"))
def purge_answered_requests() -> None:
    ErasureRequest.delete().where(
        (ErasureRequest.status != "pending")
        & (ErasureRequest.handled_at < utcnow() - ANSWERED_RETENTION)
    ).execute()
