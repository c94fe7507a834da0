"""Connected businesses: the staff list and each business's page, and a business's own team."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("businesses", __name__)

feature = Feature(
    name="businesses",
    blueprint=bp,
    capabilities={
        "business_self": {"business"},
        "view_businesses": {"police", "municipality", "admin"},
        "manage_businesses": {"police", "municipality", "admin"},
    },
    menu=(
        MenuEntry("businesses.team", _l("Colleagues"), "business_self", 20),
        MenuEntry("businesses.index", _l("Connected businesses"), "view_businesses", 30),
    ),
    audit_actions={
        "business_suspended": _l("Suspended a business"),
        "business_reinstated": _l("Reinstated a business"),
        "business_user_invited": _l("Invited a person to a business"),
        "business_user_removed": _l("Removed a person from a business"),
    },
    demo="demo:load",
    order=20,
)
