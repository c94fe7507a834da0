"""Public pages (no login): the areas, each area's TIF page and counter card, privacy, accessibility.

They name the police and the municipality as responsible, never a connected site or a person,
and they never list connected sites.
"""

from flask import abort, current_app

from app.areas.models import SLUG, Area, AreaMunicipality, Municipality
from app.htmx import render
from app.public import bp


def area_or_404(slug: str):
    area = Area.get_or_none(Area.slug == slug) if SLUG.fullmatch(slug) else None
    if area is None:
        abort(404)
    municipalities = list(
        Municipality.select()
        .join(AreaMunicipality)
        .where(AreaMunicipality.area == area)
        .order_by(Municipality.name)
    )
    return area, municipalities


@bp.route("/")
def index():
    areas = Area.select(Area.name, Area.slug).order_by(Area.name)
    return render("public/index.html", areas=list(areas))


@bp.route("/<slug>/", strict_slashes=False)
def area_page(slug):
    area, municipalities = area_or_404(slug)
    return render("public/area.html", area=area, municipalities=municipalities)


@bp.route("/<slug>/counter-card")
def counter_card(slug):
    area, municipalities = area_or_404(slug)
    return render("public/counter_card.html", area=area, municipalities=municipalities)


@bp.route("/privacy")
def privacy():
    return render(
        "public/privacy.html",
        controller=current_app.config["CONTROLLER_NAME"],
        controller_contact=current_app.config["CONTROLLER_CONTACT"],
    )


@bp.route("/accessibility")
def accessibility():
    return render(
        "public/accessibility.html", controller_contact=current_app.config["CONTROLLER_CONTACT"]
    )
