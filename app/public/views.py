"""Public pages (no login): the areas, each area's TIF page and counter card, privacy, accessibility.

They name the police and the municipality as responsible, never a connected site or a person,
and they never list connected sites.
"""

from datetime import date

from flask import current_app

from app.areas.models import Area
from app.areas.queries import (
    area_or_404,
    areas_covering,
    covered_municipalities,
    municipalities_with_areas,
)
from app.htmx import render, see_other
from app.public import bp
from app.public.forms import FindAreaForm
from app.security import public


@bp.route("/")
@public
def index():
    """The areas, and "which municipality is your business in?" for a clerk who does not know
    their police area: the answer leads to the area that covers it (a municipality split over
    several areas lists them)."""
    form = FindAreaForm(municipalities_with_areas())
    chosen = form.value("municipality") if form.validate() else None
    found = areas_covering(chosen) if chosen else []
    if len(found) == 1:
        return see_other("public.area_page", slug=found[0].slug)
    areas = Area.select(Area.name, Area.slug).order_by(Area.name)
    return render("public/index.html", areas=list(areas), form=form, found=found)


@bp.route("/<slug>/", strict_slashes=False)
@public
def area_page(slug):
    area = area_or_404(slug)
    return render("public/area.html", area=area, municipalities=covered_municipalities(area))


@bp.route("/<slug>/counter-card")
@public
def counter_card(slug):
    area = area_or_404(slug)
    return render(
        "public/counter_card.html", area=area, municipalities=covered_municipalities(area)
    )


# When the accessibility statement was last reviewed against the portal (DIGG's model asks
# for the date): update it with the statement.
STATEMENT_REVIEWED = date(2026, 11, 30)


def _controller() -> dict:
    config = current_app.config
    return {
        "controller": config["CONTROLLER_NAME"],
        "controller_contact": config["CONTROLLER_CONTACT"],
        "dpo_contact": config["DPO_CONTACT"],
    }


@bp.route("/privacy")
@public
def privacy():
    return render("public/privacy.html", **_controller())


@bp.route("/accessibility")
@public
def accessibility():
    contact = (
        current_app.config["ACCESSIBILITY_CONTACT"] or current_app.config["CONTROLLER_CONTACT"]
    )
    return render(
        "public/accessibility.html",
        reviewed=STATEMENT_REVIEWED,
        accessibility_contact=contact,
        **_controller(),
    )
