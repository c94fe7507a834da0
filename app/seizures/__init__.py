"""Återkoppling om beslag: police and customs enter what they may share about seizures; once
shareable and past the area's embargo, businesses, staff and the county see it as suppressed
statistics by fixed calendar quarters."""

from flask_babel import lazy_gettext as _l

from app.features import Feature

feature = Feature(
    name="seizures",
    capabilities={
        "seizures_feedback": {"business"},
        "seizures_register": {"police", "customs"},
        "seizures_statistics": {"police", "customs", "municipality", "county", "admin"},
        # The roles that see seizures only as statistics (their menu leads there).
        "seizures_aggregates_only": {"municipality", "county", "admin"},
    },
    audit_actions={
        "seizures_entry_added": _l("Entered seizure feedback"),
        "seizures_entry_changed": _l("Changed seizure feedback"),
        "seizures_entry_deleted": _l("Deleted seizure feedback"),
    },
    views=None,
    order=55,
)
