"""Accounts: logging in and out, passwords by single-use links, two-factor authentication for
staff, and the server-side sessions the kernel keeps in this feature's Session table."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("accounts", __name__)

STAFF = {"police", "municipality", "customs", "county", "admin"}

feature = Feature(
    name="accounts",
    blueprint=bp,
    capabilities={"two_factor": STAFF},
    menu=(
        MenuEntry("accounts.change_password", _l("Password"), None, 90),
        MenuEntry("accounts.two_factor", _l("Two-factor"), "two_factor", 91),
        MenuEntry("accounts.account", _l("Your account"), None, 92),
    ),
    audit_actions={
        "login": _l("Logged in"),
        "login_failed": _l("Wrong password given for the account"),
        "code_failed": _l("Wrong two-factor code given for the account"),
        "account_locked": _l("Logging in paused after repeated failures"),
        "password_set_by_link": _l("Chose a password through a link"),
        "password_changed": _l("Changed their password"),
        "totp_enabled": _l("Turned on two-factor authentication"),
        "totp_disabled": _l("Turned off two-factor authentication"),
        "totp_reset": _l("Reset a staff member's two-factor authentication"),
        "recovery_codes_renewed": _l("Made new recovery codes"),
        "recovery_code_used": _l("Logged in or confirmed with a recovery code"),
        "email_changed": _l("Changed their email address"),
    },
    demo="demo:load",
    setup="views:init_app",
    personal_data="queries:personal_data",
    erase_personal_data="services:erase_personal_data",
    order=30,
)
