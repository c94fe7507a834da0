"""Kontakter med polis och tull: businesses record that they contacted police or customs; the
area's police (customs: its own channels) follow up with a visit and a general feedback
message; everyone else sees suppressed statistics."""

from flask_babel import lazy_gettext as _l

from app.features import Feature

feature = Feature(
    name="contacts",
    capabilities={
        "contacts_log": {"business"},
        "contacts_follow_up": {"police", "customs"},
        "contacts_statistics": {"police", "customs", "municipality", "county", "admin"},
        # The roles that see contacts only as statistics (their menu leads there).
        "contacts_aggregates_only": {"municipality", "county", "admin"},
    },
    audit_actions={
        "contacts_visit_recorded": _l("Recorded a visit after a contact"),
        "contacts_feedback_sent": _l("Sent feedback on a contact"),
    },
    views=None,
    order=60,
)
