"""The contact network (kontaktnät): known sites that have not joined yet, and invitations."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("prospects", __name__)

feature = Feature(
    name="prospects",
    blueprint=bp,
    menu=(MenuEntry("prospects.index", _l("Contact network"), "manage_businesses", 50),),
    audit_actions={
        "prospect_added": _l("Added a site to the contact network"),
        "prospect_changed": _l("Changed a site in the contact network"),
        "prospect_deleted": _l("Removed a site from the contact network"),
        "prospect_invited": _l("Invited a site to join"),
    },
    demo="demo:load",
)
