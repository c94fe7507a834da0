"""The audit log: who did what to which object, and when."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("audit", __name__)

feature = Feature(
    name="audit",
    blueprint=bp,
    capabilities={"view_audit": {"police", "municipality", "admin"}},
    menu=(MenuEntry("audit.index", _l("Audit log"), "view_audit", 80),),
    demo="demo:load",
    order=40,
)
