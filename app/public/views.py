"""Public pages (no login): the areas, each area's TIF page and counter card, privacy, accessibility.

They name the police and the municipality as responsible, never a connected site or a person,
and they never list connected sites.
"""

from flask import current_app

from app.areas.models import Area
from app.areas.queries import area_or_404, covered_municipalities
from app.htmx import render
from app.public import bp
from app.security import public


@bp.route("/")
@public
def index():
    areas = Area.select(Area.name, Area.slug).order_by(Area.name)
    return render("public/index.html", areas=list(areas))


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


@bp.route("/privacy")
@public
def privacy():
    return render(
        "public/privacy.html",
        controller=current_app.config["CONTROLLER_NAME"],
        controller_contact=current_app.config["CONTROLLER_CONTACT"],
    )


@bp.route("/accessibility")
@public
def accessibility():
    return render(
        "public/accessibility.html", controller_contact=current_app.config["CONTROLLER_CONTACT"]
    )
