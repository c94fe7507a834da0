"""Privacy operations: each person's download of their data and request for erasure, staff
handling those requests, and the retention jobs for accounts nobody uses (disabled after 18
months, erased after 24 as a pseudonymous tombstone)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("privacy", __name__)

feature = Feature(
    name="privacy",
    blueprint=bp,
    capabilities={"handle_privacy_requests": {"police", "municipality", "admin"}},
    menu=(
        MenuEntry("privacy.requests", _l("Requests for erasure"), "handle_privacy_requests", 93),
    ),
    home_panels=(
        HomePanel(
            "privacy/_home_panel.html",
            "handle_privacy_requests",
            93,
            context="queries:waiting_requests",
        ),
    ),
    audit_actions={
        "privacy_erasure_requested": _l("Asked for their account to be erased"),
        "privacy_erasure_done": _l("Erased an account as its owner asked"),
        "privacy_erasure_declined": _l("Declined a request for erasure"),
        "privacy_disabled_inactive": _l("Disabled an account nobody had logged in to for long"),
        "privacy_erased_inactive": _l("Erased an account nobody had logged in to for long"),
    },
    jobs="jobs",
    personal_data="queries:personal_data",
    erase_personal_data="services:erase_own_records",
    demo="demo:load",
    order=60,
)
