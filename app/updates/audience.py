"""Who an update reaches: one rule, written in both directions.

- `scope_of(user)`: the updates a user may see. For a business user, the published,
  unexpired updates addressed to their business – the feed, one query on indexed columns;
  for staff, the updates of their desk (what they may change).
- `reached_businesses(audience)`: the active businesses an audience reaches – the preview
  before publishing, the reach counted when published, and who is notified.

An update is addressed to a business when its desk covers the business's place (the whole
country; the business's police area; its municipality; a customs region of its area) and,
when narrowed, the business's site type and municipality are among those chosen. The tests
hold the two directions against each other for every demo business and audience.
"""

from dataclasses import dataclass

import peewee as pw

from app.accounts.models import User
from app.areas.models import CustomsRegionArea
from app.businesses.models import Business
from app.db import utcnow
from app.updates.models import Update, UpdateMunicipality


@dataclass(frozen=True)
class Audience:
    """A desk (`level` and the id of its place) and the narrowing chosen within it."""

    level: str
    area_id: int | None = None
    municipality_id: int | None = None
    region_id: int | None = None
    site_types: tuple[str, ...] = ()
    municipality_ids: tuple[int, ...] = ()

    def narrowed_to(self, site_types, municipality_ids) -> "Audience":
        return Audience(
            self.level,
            self.area_id,
            self.municipality_id,
            self.region_id,
            tuple(site_types or ()),
            tuple(municipality_ids or ()),
        )

    def columns(self) -> dict:
        """The update's columns that hold this audience (its municipalities are rows)."""
        return {
            "level": self.level,
            "area": self.area_id,
            "municipality": self.municipality_id,
            "customs_region": self.region_id,
            "site_types": f",{','.join(self.site_types)}," if self.site_types else "",
            "narrowed": bool(self.municipality_ids),
        }


def desk_of(user) -> Audience | None:
    """Where a staff user publishes: the police area, the municipality, the customs region,
    or the whole country (administrators, customs without a region); None for the others."""
    if user.role == "police":
        return Audience("area", area_id=user.area_id)
    if user.role == "municipality":
        return Audience("municipality", municipality_id=user.municipality_id)
    if user.role == "customs" and user.customs_region_id is not None:
        return Audience("region", region_id=user.customs_region_id)
    if user.role in ("customs", "admin"):
        return Audience("national")
    return None


def desk_of_update(update: Update) -> Audience:
    return Audience(update.level, update.area_id, update.municipality_id, update.customs_region_id)


def audience_of(update: Update) -> Audience:
    """The update's desk and narrowing (one query when it is narrowed to municipalities)."""
    municipality_ids = ()
    if update.narrowed:
        municipality_ids = [
            link.municipality_id
            for link in UpdateMunicipality.select(UpdateMunicipality.municipality)
            .where(UpdateMunicipality.update == update.id)
            .order_by(UpdateMunicipality.municipality)
        ]
    return desk_of_update(update).narrowed_to(update.site_type_list(), municipality_ids)


# ---------------------------------------------------------------- updates a user sees


def is_live(now):
    """Published and not expired at `now`."""
    return (Update.publish_at <= now) & (Update.expires_at.is_null() | (Update.expires_at > now))


def addressed_to(area, municipality, site_type):
    """Updates addressed to a business at `area` and `municipality` of `site_type`: values,
    or expressions such as subqueries."""
    regions = CustomsRegionArea.select(CustomsRegionArea.region).where(
        CustomsRegionArea.area == area
    )
    place = (
        (Update.level == "national")
        | (Update.area == area)
        | (Update.municipality == municipality)
        | Update.customs_region.in_(regions)
    )
    # site_types is ",paketombud,terminal,": the business's type between two commas.
    pattern = pw.Value("%,").concat(site_type).concat(",%")
    site = (Update.site_types == "") | pw.NodeList((Update.site_types, pw.SQL("LIKE"), pattern))
    chosen = UpdateMunicipality.select(UpdateMunicipality.update).where(
        UpdateMunicipality.municipality == municipality
    )
    narrowing = ~Update.narrowed | Update.id.in_(chosen)
    return place & site & narrowing


def addressed_to_business(business_id):
    """The updates addressed to one business, its place read by the same query."""

    def of_business(column):
        return Business.select(column).where(Business.id == business_id)

    return addressed_to(
        of_business(Business.area),
        of_business(Business.municipality),
        of_business(Business.site_type),
    )


def scope_of(user):
    """A business user sees the live updates addressed to their business; staff see the
    updates of their desk – administrators the national ones, customs without a region
    those of every region too – and no one else's."""
    if user.role == "business":
        return addressed_to_business(user.business_id) & is_live(utcnow())
    desk = desk_of(user)
    if desk is None:
        return pw.SQL("1 = 0")
    if desk.level == "area":
        return Update.area == desk.area_id
    if desk.level == "municipality":
        return Update.municipality == desk.municipality_id
    if desk.level == "region":
        return Update.customs_region == desk.region_id
    if user.role == "customs":
        return Update.level.in_(("region", "national"))
    return Update.level == "national"


# ---------------------------------------------------------------- businesses an audience reaches


def reached_businesses(audience: Audience):
    query = Business.select().where(Business.status == "active")
    if audience.level == "area":
        query = query.where(Business.area == audience.area_id)
    elif audience.level == "municipality":
        query = query.where(Business.municipality == audience.municipality_id)
    elif audience.level == "region":
        areas = CustomsRegionArea.select(CustomsRegionArea.area).where(
            CustomsRegionArea.region == audience.region_id
        )
        query = query.where(Business.area.in_(areas))
    if audience.site_types:
        query = query.where(Business.site_type.in_(audience.site_types))
    if audience.municipality_ids:
        query = query.where(Business.municipality.in_(audience.municipality_ids))
    return query


def reached_users(audience: Audience):
    """The people of the reached businesses whose accounts are in use."""
    businesses = reached_businesses(audience).select(Business.id)
    return User.select().where(
        User.business.in_(businesses) & User.disabled_at.is_null() & (User.password_hash != "")
    )


def reach(audience: Audience) -> tuple[int, int]:
    """How many businesses and people an audience reaches."""
    return reached_businesses(audience).count(), reached_users(audience).count()
