"""Updates (nyheter): police, municipalities and customs tell the businesses of their place what
is being sent right now; businesses read them in a feed, and hear of new ones by mail if they
want to."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("updates", __name__)

feature = Feature(
    name="updates",
    blueprint=bp,
    jobs="jobs",
    capabilities={
        "read_updates": {"business"},
        "publish_updates": {"police", "municipality", "customs", "admin"},
    },
    menu=(
        MenuEntry("updates.feed", _l("Updates"), "read_updates", 10, badge="queries:unread_count"),
        MenuEntry("updates.manage", _l("Updates"), "publish_updates", 11),
    ),
    home_panels=(
        HomePanel("updates/_latest_warning.html", "read_updates", 12, "queries:latest_warning"),
        HomePanel("updates/_home_feed.html", "read_updates", 13, "queries:home_feed"),
    ),
    audit_actions={
        "update_published": _l("Published an update"),
        "update_scheduled": _l("Scheduled an update"),
        "update_changed": _l("Changed an update"),
        "update_deleted": _l("Deleted an update"),
    },
    demo="demo:load",
    retention="jobs:retention",
    personal_data="queries:personal_data",
    erase_personal_data="services:forget_person",
    order=60,
)
