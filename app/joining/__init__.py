"""Joining: the public request to join an area, and the staff queue that approves or rejects."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, HomePanel, MenuEntry

bp = Blueprint("joining", __name__)

feature = Feature(
    name="joining",
    blueprint=bp,
    menu=(MenuEntry("joining.queue", _l("Requests to join"), "manage_businesses", 40),),
    home_panels=(
        HomePanel("joining/_home_panel.html", "manage_businesses", 10, "queries:waiting"),
    ),
    audit_actions={
        "join_request_approved": _l("Approved a request to join"),
        "join_request_rejected": _l("Rejected a request to join"),
        "business_created": _l("Connected a business"),
    },
    demo="demo:load",
)
