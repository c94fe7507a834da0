"""Who an update reaches: one rule, written in both directions.

- `scope_of(user)`: the updates a user may see. For a business user, the published,
  unexpired updates addressed to their business – the feed: a few ranges of one index, the
  business's desks; for staff, the updates of their desk (what they may change).
- `reached_businesses(audience)`: the active businesses an audience reaches – the preview
  before publishing, the reach counted when published, and who is notified.

An update is addressed to a business when its desk covers the business's place (the whole
country; the business's police area; its municipality; a customs region of its area) and,
when narrowed, the business's site type and municipality are among those chosen. The tests
hold the two directions against each other for every demo business and audience.
"""

from dataclasses import dataclass

import peewee as pw
from flask import g, has_app_context

from app.accounts.models import User
from app.areas.models import Area, CustomsRegion, CustomsRegionArea, Municipality
from app.businesses.models import Business
from app.caches import memo
from app.db import PreparedSelect, like_pattern, matches, utcnow
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

    @property
    def desk(self) -> str:
        """The desk as one indexed key: "national", "area:12", "municipality:7", "region:2"."""
        if self.level == "national":
            return "national"
        places = {"area": self.area_id, "municipality": self.municipality_id}
        return f"{self.level}:{places.get(self.level, self.region_id)}"

    def place_name(self) -> str:
        """The name of the desk's place ("" for the whole country)."""
        if self.level == "area":
            return Area.get_by_id(self.area_id).name
        if self.level == "municipality":
            return Municipality.get_by_id(self.municipality_id).name
        if self.level == "region":
            return CustomsRegion.get_by_id(self.region_id).name
        return ""

    def columns(self) -> dict:
        """The update's columns that hold this audience (its municipalities are rows)."""
        return {
            "desk": self.desk,
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


def among(column, subquery, operator="IN"):
    """`column IN (subquery)`. Peewee's own in_() compiles a subquery once more to see whether
    it is empty, at every level of nesting."""
    return pw.NodeList((column, pw.SQL(operator), subquery))


def is_live(now):
    """Published and not expired at `now`."""
    return (Update.publish_at <= now) & (Update.expires_at.is_null() | (Update.expires_at > now))


@dataclass(frozen=True)
class Place:
    """What decides which updates reach a business: the desks that cover it, its
    municipality and its site type."""

    desks: tuple[str, ...]
    municipality_id: int
    site_type: str

    @property
    def site_pattern(self) -> str:
        """Matches the business's type in an update's site_types (",paketombud,terminal,"):
        the type between two commas."""
        return like_pattern(f",{self.site_type},")


_PLACE = PreparedSelect(  # read on every page a business user sees: its SQL written once
    (),
    lambda business_id: (
        Business.select(
            Business.area, Business.municipality, Business.site_type, CustomsRegionArea.region
        )
        .join(CustomsRegionArea, pw.JOIN.LEFT_OUTER, on=(CustomsRegionArea.area == Business.area))
        .where(Business.id == business_id)
    ),
)


def place_of(business_id) -> Place | None:
    """One query (kept for the request: the feed, the badge and the home page all ask); None
    for an account whose business is gone."""
    in_app = has_app_context()
    cached = g.get("update_place") if in_app else None
    if cached is not None and cached[0] == business_id:
        return cached[1]
    rows = tuple(_PLACE.rows(business_id))
    if not rows:
        return None
    area_id, municipality_id, site_type, _region = rows[0]
    regions = tuple(region for *_, region in rows if region is not None)
    if not in_app:
        return place_in(area_id, municipality_id, site_type, regions)
    place = kept_place(area_id, municipality_id, site_type, regions)
    g.update_place = (business_id, place)
    return place


def place_in(area_id, municipality_id, site_type, regions) -> Place:
    """The place of a business in that area, municipality and site type, its area covered by
    the customs `regions` (ids)."""
    desks = [
        Audience("national"),
        Audience("area", area_id=area_id),
        Audience("municipality", municipality_id=municipality_id),
        *(Audience("region", region_id=region) for region in regions),
    ]
    return Place(tuple(desk.desk for desk in desks), municipality_id, site_type)


def kept_place(*place) -> Place:
    """place_in(), made once per process for all the businesses of a place."""
    return memo("update_place", place, lambda: place_in(*place))


def addressed_to(place: Place, now):
    """Updates shown at `now` to a business at `place`: one range of the (desk, expiry) index
    for each of its desks."""
    return addressed(place.desks, place.municipality_id, place.site_pattern, now)


def addressed(desks, municipality_id, site_pattern, now):
    """addressed_to() from its values (so that a prepared query can bind them)."""
    site = (Update.site_types == "") | matches(Update.site_types, site_pattern)
    chosen = UpdateMunicipality.select(UpdateMunicipality.update).where(
        UpdateMunicipality.municipality == municipality_id
    )
    narrowing = ~Update.narrowed | among(Update.id, chosen)
    return Update.desk.in_(desks) & is_live(now) & site & narrowing


def scope_of(user):
    """A business user sees the live updates addressed to their business; staff see the
    updates of their desk – administrators the national ones, customs without a region
    those of every region too – and no one else's."""
    if user.role == "business":
        place = place_of(user.business_id)
        return pw.SQL("1 = 0") if place is None else addressed_to(place, utcnow())
    desk = desk_of(user)
    if desk is None:
        return pw.SQL("1 = 0")
    if user.role == "customs" and desk.level == "national":
        return Update.level.in_(("region", "national"))
    return Update.desk == desk.desk


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
