"""Administration: the map (counties, areas, municipalities, customs regions), the operators
businesses choose from, and staff accounts. Admins only."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.features import Feature, MenuEntry

bp = Blueprint("admin", __name__, url_prefix="/admin")

feature = Feature(
    name="admin",
    blueprint=bp,
    models=None,
    capabilities={"administer": {"admin"}},
    menu=(MenuEntry("admin.index", _l("Administration"), "administer", 85),),
    audit_actions={
        "staff_invited": _l("Invited a staff member"),
        "staff_changed": _l("Changed a staff member's role or scope"),
        "staff_disabled": _l("Disabled a staff account"),
        "staff_enabled": _l("Enabled a staff account"),
        "area_added": _l("Added a police area"),
        "area_changed": _l("Changed a police area"),
        "county_added": _l("Added a county"),
        "county_changed": _l("Changed a county"),
        "municipality_added": _l("Added a municipality"),
        "municipality_changed": _l("Changed a municipality"),
        "customs_region_added": _l("Added a customs region"),
        "customs_region_changed": _l("Changed a customs region"),
        "operator_added": _l("Added an operator"),
        "operator_changed": _l("Changed an operator"),
    },
)
