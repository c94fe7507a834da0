from flask import abort, current_app

from app.areas.models import SLUG, Area, AreaMunicipality, Municipality


def municipalities_in_scope(user):
    """The municipalities a staff user works with, for filters and forms."""
    query = Municipality.select().order_by(Municipality.name)
    if user.role == "municipality":
        return list(query.where(Municipality.id == user.municipality_id))
    area_ids = user.area_ids()
    if area_ids is not None:
        query = query.join(AreaMunicipality).where(AreaMunicipality.area.in_(area_ids)).distinct()
    return list(query)


def area_or_404(slug: str):
    """The area of a public address /<slug>/ (a malformed slug is a 404 without a query)."""
    area = Area.get_or_none(Area.slug == slug) if SLUG.fullmatch(slug) else None
    if area is None:
        abort(404)
    return area


def municipalities_with_areas() -> list:
    """Every municipality some police area covers, by name (the start page's chooser)."""
    return list(
        Municipality.select()
        .where(Municipality.id.in_(AreaMunicipality.select(AreaMunicipality.municipality)))
        .order_by(Municipality.name)
    )


def areas_covering(municipality_id) -> list:
    return list(
        Area.select()
        .join(AreaMunicipality)
        .where(AreaMunicipality.municipality == municipality_id)
        .order_by(Area.name)
    )


def covered_municipalities(area) -> list:
    return list(
        Municipality.select()
        .join(AreaMunicipality)
        .where(AreaMunicipality.area == area)
        .order_by(Municipality.name)
    )


def reserved_slugs() -> set[str]:
    """First path segments the portal's own pages use: an area may not take one as its
    address, or its public page /<slug>/ would be hidden behind them."""
    reserved = set()
    for rule in current_app.url_map.iter_rules():
        first = rule.rule.strip("/").split("/")[0]
        if first and "<" not in first:
            reserved.add(first)
    return reserved
