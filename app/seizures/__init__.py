"""Återkoppling om beslag: police and customs enter what they may share about seizures; once
shareable and past the area's embargo, businesses, staff and the county see it as suppressed
statistics by fixed calendar quarters."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("seizures", __name__)

feature = Feature(
    name="seizures",
    blueprint=bp,
    capabilities={
        "seizures_feedback": {"business"},
        "seizures_register": {"police", "customs"},
        "seizures_statistics": {"police", "customs", "municipality", "county", "admin"},
        # The roles that see seizures only as statistics (their menu leads there).
        "seizures_aggregates_only": {"municipality", "county", "admin"},
    },
    menu=(
        MenuEntry("seizures.feedback", _l("Seizure feedback"), "seizures_feedback", 19),
        MenuEntry("seizures.entries", _l("Seizure feedback"), "seizures_register", 19),
        MenuEntry("seizures.statistics", _l("Seizure feedback"), "seizures_aggregates_only", 19),
    ),
    home_panels=(HomePanel("seizures/_home_panel.html", "seizures_feedback", 19),),
    audit_actions={
        "seizures_entry_added": _l("Entered seizure feedback"),
        "seizures_entry_changed": _l("Changed seizure feedback"),
        "seizures_entry_deleted": _l("Deleted seizure feedback"),
    },
    demo="demo:load",
    order=55,
)
