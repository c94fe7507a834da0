"""Rounds open and close on Swedish dates."""

import datetime
from zoneinfo import ZoneInfo

from app.db import utcnow

LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def today() -> datetime.date:
    """Today in Sweden."""
    return utcnow().replace(tzinfo=datetime.UTC).astimezone(LOCAL_TIME).date()
