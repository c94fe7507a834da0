from flask_login import current_user

from app.areas.models import AreaMunicipality, Municipality


def municipalities_in_scope(user=None):
    """The municipalities a staff user works with, for filters and forms."""
    user = user or current_user
    query = Municipality.select().order_by(Municipality.name)
    if user.role == "municipality":
        return list(query.where(Municipality.id == user.municipality_id))
    area_ids = user.area_ids()
    if area_ids is not None:
        query = query.join(AreaMunicipality).where(AreaMunicipality.area.in_(area_ids)).distinct()
    return list(query)
