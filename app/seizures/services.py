"""Writes of seizure feedback by police and customs, each with its audit entry (the entry
itself keeps no author)."""

from app.accounts.models import User
from app.audit.models import record
from app.db import database
from app.seizures.models import SeizureFeedback


def save_entry(values: dict, by: User, entry: SeizureFeedback | None = None) -> SeizureFeedback:
    values = {**values, "description": values["description"].strip()}
    with database.atomic():
        if entry is None:
            entry = SeizureFeedback.create(**values)
            record("seizures_entry_added", entry, actor=by, area_only=True)
        else:
            SeizureFeedback.update(**values).where(SeizureFeedback.id == entry.id).execute()
            record("seizures_entry_changed", entry, actor=by, area_only=True)
    return entry


def delete_entry(entry: SeizureFeedback, by: User) -> None:
    with database.atomic():
        record("seizures_entry_deleted", entry, actor=by, area_only=True)
        entry.delete_instance()
