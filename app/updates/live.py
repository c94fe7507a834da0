"""The updates addressed to a business now, from the desks kept in each process.

Every page a business user sees counts the unread updates for the menu's badge, and the home
shows the first of them. Read from SQL, each was a scan of every live update of the business's
desks (150 on the national dataset) joined with the user's read marks. Here each process keeps
each desk's updates, and a page costs one small query: the updates' version with the user's
read marks.

A desk is read again when the version it was read at is no longer the database's: triggers
(migration 0016) give the version a new random value at every write to an update or its
narrowing, by any process, in any way. A desk keeps its updates not expired when it was read,
the scheduled ones too; each request picks those live at its own moment.
"""

import heapq
from typing import NamedTuple

from flask import current_app
from peewee import JOIN

from app.db import PreparedSelect, instance, loaded, utcnow
from app.updates.audience import Place
from app.updates.models import KeptVersion, Update, UpdateMunicipality, UpdateRead

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
    itself with the listed fields (shared by every request: never changed)."""

    id: int
    publish_at: object
    expires_at: object
    site_types: str
    municipalities: frozenset | None  # those it is narrowed to (None: not narrowed)
    warning: bool
    pinned: bool
    update: Update


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
                update,
            )
        )
    return kept


def _desk(desk: str, version, now) -> list[Kept]:
    app = current_app._get_current_object()
    if version is None or not app.config["KERNEL_CACHES"]:
        return _read_desk(desk, now)
    desks = app.extensions.setdefault("tif_live_updates", {})
    known = desks.get(desk)
    if known is None or known[0] != version:
        known = desks[desk] = (version, _read_desk(desk, now))
    return known[1]


def addressed_now(place: Place, version) -> list[Kept]:
    """The updates addressed to a business at `place` now: published, not expired, and, when
    narrowed, to its site type and municipality (as audience.addressed() says in SQL). The
    version is read before the desks: a write after it gives the next request a new one."""
    now = utcnow()
    site = f",{place.site_type},"
    return [
        kept
        for desk in place.desks
        for kept in _desk(desk, version, now)
        if kept.publish_at <= now
        and (kept.expires_at is None or kept.expires_at > now)
        and (not kept.site_types or site in kept.site_types.lower())
        and (kept.municipalities is None or place.municipality_id in kept.municipalities)
    ]


def unread_count(user_id, place: Place) -> int:
    version, read = _version_and_read(user_id)
    return sum(1 for kept in addressed_now(place, version) if kept.id not in read)


def first_updates(user_id, place: Place, count: int) -> tuple[list[Update], int]:
    """The first `count` updates by the home's order – an unread warning first, then pinned,
    then unread, then newest – each with `unread`, and how many of all are unread."""
    version, read = _version_and_read(user_id)
    ordered = [
        (
            (unread := kept.id not in read) and kept.warning,
            kept.pinned,
            unread,
            kept.publish_at,
            kept.id,
            kept,
        )
        for kept in addressed_now(place, version)
    ]
    first = heapq.nlargest(count, ordered)  # ids differ: the rows themselves are never compared
    unread = sum(1 for row in ordered if row[2])
    return [_shown(row[-1].update, row[2]) for row in first], unread


def _shown(update: Update, unread: bool) -> Update:
    """A request's own copy of a kept update, with whether its reader has opened it."""
    shown = loaded(Update, dict(update.__data__))
    shown.unread = unread
    return shown
