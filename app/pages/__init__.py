"""Each user's home page, the language switch and the health check."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("pages", __name__)

feature = Feature(
    name="pages",
    blueprint=bp,
    models=None,
    menu=(MenuEntry("pages.home", _l("Home"), None, 0),),
)
