"""Retention: contact log rows are deleted after 12 months (docs/design.md)."""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.contacts.models import RETENTION_MONTHS, Contact
from app.contacts.queries import released_statistics
from app.jobs import crontab, periodic
from app.seizures.periods import local_today, months_back


@periodic(crontab(hour="3", minute="40"))
def purge_old_contacts() -> None:
    """A contact of 30 April 2025 is kept through 30 April 2026 and deleted on 1 May – after
    the statistics of its quarter have been released (so they keep it)."""
    today = local_today()
    released_statistics(today)
    cutoff = months_back(today, RETENTION_MONTHS)
    Contact.delete().where(Contact.contacted_on < cutoff).execute()


def retention() -> list[tuple]:
    """For the privacy notice."""
    months = ngettext("%(num)s month", "%(num)s months", RETENTION_MONTHS)
    return [(_l("Contacts a business has recorded with police or customs"), months)]
