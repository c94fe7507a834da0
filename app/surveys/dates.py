"""Rounds open and close on Swedish dates."""

import datetime
from zoneinfo import ZoneInfo

from app.db import utcnow

LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def local_date(moment: datetime.datetime) -> datetime.date:
    """The day in Sweden of a UTC time as the database keeps it (without a zone)."""
    return moment.replace(tzinfo=datetime.UTC).astimezone(LOCAL_TIME).date()


def today() -> datetime.date:
    """Today in Sweden."""
    return local_date(utcnow())
