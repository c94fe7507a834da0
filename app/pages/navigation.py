"""The main menu: each entry shows for the roles with its capability (None: every logged-in user)."""

from flask_babel import lazy_gettext as _l

from app.security import can

MENU = [
    ("pages.home", _l("Home"), None),
    ("businesses.team", _l("Team"), "business_self"),
    ("businesses.index", _l("Businesses"), "view_businesses"),
    ("joining.queue", _l("Requests to join"), "manage_businesses"),
    ("prospects.index", _l("Contact network"), "manage_businesses"),
    ("audit.index", _l("Audit log"), "view_audit"),
    ("admin.index", _l("Administration"), "administer"),
    ("accounts.change_password", _l("Password"), None),
    ("accounts.two_factor", _l("Two-factor"), "two_factor"),
]


def navigation():
    return [
        (endpoint, label)
        for endpoint, label, capability in MENU
        if capability is None or can(capability)
    ]
