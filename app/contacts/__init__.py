"""Kontakter med polis och tull: businesses record that they contacted police or customs; the
area's police (customs: its own channels) follow up with a visit and a general feedback
message; everyone else sees suppressed statistics."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("contacts", __name__)

feature = Feature(
    name="contacts",
    blueprint=bp,
    jobs="jobs",
    capabilities={
        "contacts_log": {"business"},
        "contacts_follow_up": {"police", "customs"},
        "contacts_statistics": {"police", "customs", "municipality", "county", "admin"},
        # The roles that see contacts only as statistics (their menu leads there).
        "contacts_aggregates_only": {"municipality", "county", "admin"},
    },
    menu=(
        MenuEntry("contacts.own", _l("Contacts with police and customs"), "contacts_log", 18),
        MenuEntry("contacts.log", _l("Contacts from businesses"), "contacts_follow_up", 18),
        MenuEntry("contacts.statistics", _l("Contact statistics"), "contacts_aggregates_only", 18),
    ),
    home_panels=(
        HomePanel("contacts/_home_panel_business.html", "contacts_log", 18),
        HomePanel(
            "contacts/_home_panel_staff.html", "contacts_follow_up", 18, "queries:waiting_visits"
        ),
    ),
    audit_actions={
        "contacts_visit_recorded": _l("Recorded a visit after a contact"),
        "contacts_feedback_sent": _l("Sent feedback on a contact"),
    },
    demo="demo:load",
    retention="jobs:retention",
    order=60,
)
