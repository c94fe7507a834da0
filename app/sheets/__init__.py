"""Information sheets (informationsblad): a library of PDFs in many languages that staff upload
and businesses download (counted per business and sheet), and the sheet the portal makes for
each area, with its contact routes and a QR code to the area's public page."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("sheets", __name__)

feature = Feature(
    name="sheets",
    blueprint=bp,
    capabilities={"manage_sheets": {"police", "municipality", "admin"}},
    menu=(
        MenuEntry("sheets.library", _l("Information sheets"), "business_self", 16),
        MenuEntry("sheets.manage", _l("Information sheets"), "manage_sheets", 17),
    ),
    audit_actions={
        "sheet_uploaded": _l("Uploaded an information sheet"),
        "sheet_version_uploaded": _l("Uploaded a new version of an information sheet"),
        "sheet_changed": _l("Changed an information sheet"),
    },
    demo="demo:load",
)
