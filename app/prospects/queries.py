"""Reads of the contact network, within the reader's scope."""

from peewee import fn

from app.areas.models import Area, Municipality
from app.businesses.models import Business
from app.prospects.models import Prospect
from app.security import scoped


def network(user):
    """The known sites in scope: not yet joined first, by municipality and name."""
    query = (
        Prospect.select(Prospect, Municipality)
        .join(Municipality)
        .order_by(Prospect.business.is_null(False), Municipality.name, Prospect.name, Prospect.id)
    )
    return scoped(Prospect, user, query)


def network_figures(user) -> dict:
    """The list's own rows (sites, of which joined and not yet joined), the connected
    businesses, and the share of known sites – connected or still in the list – that are
    connected."""
    joined = Prospect.business.is_null(False)
    by_state = {  # joined? -> count (SQLite answers 0/1, PostgreSQL booleans)
        bool(is_joined): count
        for is_joined, count in scoped(
            Prospect, user, Prospect.select(joined, fn.COUNT(Prospect.id))
        )
        .group_by(joined)
        .tuples()
    }
    connected = scoped(Business, user).where(Business.status == "active").count()
    waiting = by_state.get(False, 0)
    return {
        "in_list": waiting + by_state.get(True, 0),
        "waiting": waiting,
        "joined_from_network": by_state.get(True, 0),
        "connected": connected,
        "share_connected": connected / (connected + waiting) if connected + waiting else None,
    }


def areas_in_scope(user) -> list:
    return list(scoped(Area, user).order_by(Area.name))
