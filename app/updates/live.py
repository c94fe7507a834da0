"""The updates addressed to a business now, from the desks kept in each process.

Every page a business user sees counts the unread updates for the menu's badge, and the home
shows the first of them. Read from SQL, each was a scan of every live update of the business's
desks (150 on the national dataset) joined with the user's read marks. Here each process keeps
each desk's updates, and a page costs one small query: the updates' version with the user's
read marks. The business's place (its area, municipality and site type) came with the session;
which customs regions cover its area is kept with the updates too.

A desk is read again when the version it was read at is no longer the database's: triggers
give the version a new random value at every write to an update or its narrowing (migration
0016) or to which areas a customs region covers (0019), by any process, in any way. A desk
keeps its updates not expired when it was read, the scheduled ones too; what a place is
addressed is kept until the next of them is published or expires.
"""

from typing import NamedTuple

from peewee import JOIN

from app.areas.models import CustomsRegionArea
from app.db import PreparedSelect, instance, loaded, utcnow
from app.updates.audience import Place, kept_place
from app.updates.models import Update, UpdateMunicipality, UpdateRead
from app.versions import KeptVersion, kept_at

# What a list of updates shows: no text, no files.
LISTED = (
    Update.id,
    Update.category,
    Update.title,
    Update.pinned,
    Update.level,
    Update.publisher,
    Update.publish_at,
    Update.edited_at,
    Update.place_name,
)


class Kept(NamedTuple):
    """One update of a desk, as kept: what decides whom it reaches now, and the update
    itself with the listed fields, as shown to a reader who has opened it and to one who
    has not (shared by every request: never changed)."""

    id: int
    publish_at: object
    expires_at: object
    site_types: str
    municipalities: frozenset | None  # those it is narrowed to (None: not narrowed)
    warning: bool
    pinned: bool
    shown: tuple[Update, Update]  # (opened, not opened)


_DESK = PreparedSelect(
    (),
    lambda desk, now: Update.select(
        *LISTED, Update.expires_at, Update.site_types, Update.narrowed
    ).where((Update.desk == desk) & (Update.expires_at.is_null() | (Update.expires_at > now))),
)
_NARROWING = PreparedSelect(
    (),
    lambda desk: (
        UpdateMunicipality.select(UpdateMunicipality.update, UpdateMunicipality.municipality)
        .join(Update)
        .where(Update.desk == desk)
    ),
)
_READ = PreparedSelect(
    (), lambda user_id: UpdateRead.select(UpdateRead.update).where(UpdateRead.user == user_id)
)
# The version with the user's read marks, in one query (a row per mark, or one without).
_VERSION_AND_READ = PreparedSelect(
    (),
    lambda user_id: (
        KeptVersion.select(KeptVersion.version, UpdateRead.update)
        .join(UpdateRead, JOIN.LEFT_OUTER, on=(UpdateRead.user == user_id))
        .where(KeptVersion.name == "updates")
    ),
)


_REGIONS = PreparedSelect(
    (), lambda: CustomsRegionArea.select(CustomsRegionArea.area, CustomsRegionArea.region)
)


def _place(business, version) -> Place:
    """Where the business is, as the updates address it: the customs regions of every area are
    kept with the version."""
    regions = kept_at(version, "customs regions", "every area", _regions_by_area)
    place = (business.area_id, business.municipality_id, business.site_type)
    return kept_place(*place, regions.get(business.area_id, ()))


def _regions_by_area() -> dict:
    regions = {}
    for area_id, region_id in sorted(_REGIONS.rows()):
        regions.setdefault(area_id, []).append(region_id)
    return {area_id: tuple(ids) for area_id, ids in regions.items()}


def _version_and_read(user_id) -> tuple:
    """The updates' version now (None before the first write: then nothing is kept) and the
    updates the user has opened (read marks are written when opened: none is later than
    now)."""
    rows = _VERSION_AND_READ.rows(user_id)
    if not rows:
        return None, {update_id for (update_id,) in _READ.rows(user_id)}
    return rows[0][0], {update_id for _version, update_id in rows if update_id is not None}


def _read_desk(desk: str, now) -> list[Kept]:
    rows = _DESK.rows(desk, now)
    narrowing = {}
    if any(Update.narrowed.python_value(row[-1]) for row in rows):
        for update_id, municipality_id in _NARROWING.rows(desk):
            narrowing.setdefault(update_id, set()).add(municipality_id)
    kept = []
    for row in rows:
        update = instance(Update, LISTED, row[: len(LISTED)])
        narrowed = Update.narrowed.python_value(row[-1])
        kept.append(
            Kept(
                update.id,
                update.publish_at,
                Update.expires_at.python_value(row[-3]),
                row[-2] or "",
                frozenset(narrowing.get(update.id, ())) if narrowed else None,
                update.category == "warning",
                update.pinned,
                (_shown(update, False), _shown(update, True)),
            )
        )
    return kept


def _desk(desk: str, version, now) -> list[Kept]:
    return kept_at(version, "update desks", desk, lambda: _read_desk(desk, now))


class Addressed(NamedTuple):
    """The updates addressed to a place from `since` until `until` (None: no end), when the
    next of them is published or expires: each list newest first."""

    since: object
    until: object
    ids: frozenset
    warnings: tuple  # pinned ones first
    pinned: tuple
    not_pinned: tuple


def _addressed_at(place: Place, version, now) -> Addressed:
    """The updates addressed to a business at `place` at `now`: published, not expired, and,
    when narrowed, to its site type and municipality (as audience.addressed() says in SQL)."""
    site = f",{place.site_type},"
    reaching = [
        kept
        for desk in place.desks
        for kept in _desk(desk, version, now)
        if (not kept.site_types or site in kept.site_types.lower())
        and (kept.municipalities is None or place.municipality_id in kept.municipalities)
    ]
    live = sorted(
        (
            kept
            for kept in reaching
            if kept.publish_at <= now and (kept.expires_at is None or kept.expires_at > now)
        ),
        key=lambda kept: (kept.publish_at, kept.id),
        reverse=True,
    )
    changes = [kept.publish_at for kept in reaching if kept.publish_at > now] + [
        kept.expires_at for kept in reaching if kept.expires_at and kept.expires_at > now
    ]
    return Addressed(
        now,
        min(changes, default=None),
        frozenset(kept.id for kept in live),
        tuple(sorted((kept for kept in live if kept.warning), key=lambda k: not k.pinned)),
        tuple(kept for kept in live if kept.pinned),
        tuple(kept for kept in live if not kept.pinned),
    )


def _addressed(place: Place, version) -> Addressed:
    """What _addressed_at() answers now, kept per place (businesses of one municipality and
    site type share it) until the version changes or an update is published or expires."""
    now = utcnow()
    return kept_at(
        version,
        "addressed places",
        place,
        lambda: _addressed_at(place, version, now),
        lambda kept: kept.since <= now and (kept.until is None or now < kept.until),
    )


def unread_count(user_id, business) -> int:
    """How many of the updates addressed to the user's `business` now the user has not
    opened."""
    version, read = _version_and_read(user_id)
    return len(_addressed(_place(business, version), version).ids - read)


def first_updates(user_id, business, count: int) -> tuple[list[Update], int]:
    """The first `count` updates addressed to the user's `business` now by the home's order –
    an unread warning first, then pinned, then unread, then newest – each with `unread`, and
    how many of all are unread."""
    version, read = _version_and_read(user_id)
    addressed = _addressed(_place(business, version), version)
    # The order's classes, each newest first: (updates, unread ones or read ones, warnings too)
    classes = (
        (addressed.warnings, True, True),
        (addressed.pinned, True, False),
        (addressed.pinned, False, True),
        (addressed.not_pinned, True, False),
        (addressed.not_pinned, False, True),
    )
    first = []
    for updates, unread, warnings_too in classes:
        for kept in updates:
            if len(first) == count:
                break
            if (kept.id not in read) is unread and (warnings_too or not kept.warning):
                first.append(kept.shown[unread])
    return first, len(addressed.ids - read)


def _shown(update: Update, unread: bool) -> Update:
    """A copy of `update` with whether its reader has opened it."""
    shown = loaded(Update, dict(update.__data__))
    shown.unread = unread
    return shown
