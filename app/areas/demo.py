"""Demo map: areas sundsvall (Sundsvall and Timrå) and umea (Umeå), one customs region."""

from app.areas.models import (
    Area,
    AreaMunicipality,
    County,
    CustomsRegion,
    CustomsRegionArea,
    Municipality,
)
from app.demo import ensure


def load() -> None:
    vnorr = ensure(County, {"code": "22"}, name="Västernorrlands län")
    vbotten = ensure(County, {"code": "24"}, name="Västerbottens län")
    sundsvall_m = ensure(Municipality, {"code": "2281"}, name="Sundsvalls kommun", county=vnorr)
    timra_m = ensure(Municipality, {"code": "2262"}, name="Timrå kommun", county=vnorr)
    umea_m = ensure(Municipality, {"code": "2480"}, name="Umeå kommun", county=vbotten)
    sundsvall = ensure(
        Area,
        {"slug": "sundsvall"},
        name="Sundsvall",
        county=vnorr,
        contact_email="tif.sundsvall@example.com",
        contact_phone="+46701740605",  # numbers PTS keeps for fiction
    )
    umea = ensure(
        Area,
        {"slug": "umea"},
        name="Umeå",
        county=vbotten,
        contact_email="tif.umea@example.com",
        contact_phone="+46701740606",
    )
    for area, municipality in ((sundsvall, sundsvall_m), (sundsvall, timra_m), (umea, umea_m)):
        ensure(AreaMunicipality, {"area": area, "municipality": municipality})
    region = ensure(CustomsRegion, {"name": "Tullregion Norr"})
    for area in (sundsvall, umea):
        ensure(CustomsRegionArea, {"region": region, "area": area})
