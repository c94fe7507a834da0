"""Reads of updates: a business user's feed, unread count and latest warning; the staff's
lists with how many businesses have read each update (counts only, never who)."""

from flask import g
from peewee import JOIN, fn

from app.accounts.queries import iso_time
from app.areas.models import AreaMunicipality, CustomsRegionArea, Municipality
from app.areas.queries import covered_municipalities, municipalities_with_areas
from app.db import Page, paginate, paginate_uncounted, utcnow
from app.security import get_in_scope, scoped
from app.updates import live
from app.updates.audience import Audience, among, is_live
from app.updates.live import LISTED
from app.updates.models import Update, UpdateImage, UpdatePreference, UpdateRead

FEED_PAGE = 5
HOME_FEED = 4
STAFF_PAGE = 20
STATUSES = ("scheduled", "published", "expired")


def unread_by(user):
    """Updates the user has not opened."""
    read = UpdateRead.select(UpdateRead.update).where(UpdateRead.user == user.id)
    return among(Update.id, read, "NOT IN")


# ---------------------------------------------------------------- business users


def _with_read_mark(user_id, as_of, columns=LISTED):
    """Updates with their desk and `unread`: whether the user had not opened them at
    `as_of`."""
    unread = UpdateRead.id.is_null()
    query = Update.select(*columns, unread.alias("unread")).join(
        UpdateRead,
        JOIN.LEFT_OUTER,
        on=(
            (UpdateRead.update == Update.id)
            & (UpdateRead.user == user_id)
            & (UpdateRead.read_at <= as_of)
        ),
    )
    return query, unread


def feed_page(user, page_number, as_of=None, per_page: int = FEED_PAGE) -> Page:
    """A page of the updates addressed to the user's business: pinned first, then unread,
    then newest. Every page of one reading is ordered as the list stood `as_of` (when its
    first page was shown), so that opening updates in between moves none of them from one
    page to another."""
    as_of = as_of or utcnow()
    query, unread = _with_read_mark(user.id, as_of)
    query = query.where(Update.publish_at <= as_of).order_by(
        Update.pinned.desc(), unread.desc(), Update.publish_at.desc(), Update.id.desc()
    )
    return paginate_uncounted(scoped(Update, user, query), page_number, per_page)


def update_to_read(user, update_id) -> Update:
    """One update addressed to the user's business (404 otherwise), with `unread`."""
    query, _unread = _with_read_mark(user.id, utcnow(), (Update,))
    return get_in_scope(Update, update_id, user, query)


def unread_count(user) -> int:
    """The menu's badge, on every page a business user sees: the updates addressed to the
    user's business now that the user has not opened."""
    if g.get("home_updates_of") == user.id:  # the home page counted them with its updates
        return g.home_updates[2]
    business = user.business  # loaded with the session
    return 0 if business is None else live.unread_count(user.id, business)


def _home_updates(user) -> tuple:
    """The business home's updates (both its panels and the menu's badge ask): the most
    pressing warning the user has not opened (pinned first, then newest), the head of the feed
    without it, and how many the user has not opened. Kept for the request."""
    if g.get("home_updates_of") != user.id:
        business = user.business  # loaded with the session
        rows, unread = (
            ([], 0) if business is None else live.first_updates(user.id, business, HOME_FEED + 1)
        )
        warning = rows[0] if rows and rows[0].unread and rows[0].category == "warning" else None
        g.home_updates_of = user.id
        g.home_updates = (warning, rows[1:] if warning else rows[:HOME_FEED], unread)
    return g.home_updates


def latest_warning(user) -> dict | None:
    """The business home's first panel: a warning the user has not opened yet."""
    warning, _feed, _unread = _home_updates(user)
    return None if warning is None else {"warning": warning}


def home_feed(user) -> dict:
    """The business home's second panel: the first updates of the feed."""
    _warning, updates, _unread = _home_updates(user)
    return {"updates": updates}


def update_in_scope(user, update_id) -> Update:
    """One update the user may see (404 otherwise), with its desk for the sender line."""
    query = Update.select()
    return get_in_scope(Update, update_id, user, query)


def images_of(update) -> list:
    return list(
        UpdateImage.select()
        .where(UpdateImage.update == update.id)
        .order_by(UpdateImage.position, UpdateImage.id)
    )


# ---------------------------------------------------------------- staff


def _with_status(query, status):
    now = utcnow()
    if status == "scheduled":
        return query.where(Update.publish_at > now)
    if status == "published":
        return query.where(is_live(now))
    if status == "expired":
        return query.where(Update.expires_at <= now)
    return query


def managed(user, status, page_number) -> Page:
    """A page of the updates of the user's desk, newest first."""
    query = Update.select().order_by(Update.publish_at.desc(), Update.id.desc())
    return paginate(
        scoped(Update, user, _with_status(query, status)),
        page_number,
        STAFF_PAGE,
        count_query=scoped(Update, user, _with_status(Update.select(), status)),
    )


def businesses_that_read(updates) -> dict:
    """Update id -> how many businesses have read it (someone of the business opened it):
    the count kept when its read marks were last deleted, and the businesses of the read
    marks there are now, in one query for them all."""
    counts = {u.id: u.read_businesses or 0 for u in updates}
    if counts:
        rows = (
            UpdateRead.select(UpdateRead.update, fn.COUNT(UpdateRead.business.distinct()))
            .where(UpdateRead.update.in_(list(counts)))
            .group_by(UpdateRead.update)
            .tuples()
        )
        for update_id, businesses in rows:
            counts[update_id] += businesses
    return counts


def narrowing_choices(audience: Audience) -> list:
    """The municipalities within a desk that an update can be narrowed to (none when the desk
    is a single municipality)."""
    if audience.level == "area":
        return covered_municipalities(audience.area_id)
    if audience.level == "region":
        areas = CustomsRegionArea.select(CustomsRegionArea.area).where(
            CustomsRegionArea.region == audience.region_id
        )
        return list(
            Municipality.select()
            .join(AreaMunicipality)
            .where(AreaMunicipality.area.in_(areas))
            .distinct()
            .order_by(Municipality.name)
        )
    if audience.level == "national":
        return municipalities_with_areas()
    return []


def municipality_names(ids) -> list[str]:
    if not ids:
        return []
    query = Municipality.select(Municipality.name).where(Municipality.id.in_(list(ids)))
    return [m.name for m in query.order_by(Municipality.name)]


def personal_data(user) -> dict:
    """What updates hold about the person: the updates they wrote, the ones they opened
    (until those expire), and how they want to hear of new ones."""
    written = Update.select(Update.title, Update.publish_at).where(Update.author == user.id)
    opened = (
        UpdateRead.select(Update.title, UpdateRead.read_at)
        .join(Update)
        .where(UpdateRead.user == user.id)
        .order_by(UpdateRead.read_at)
    )
    preference = UpdatePreference.get_or_none(UpdatePreference.user == user.id)
    return {
        "updates_you_wrote": [
            {"title": u.title, "published_at": iso_time(u.publish_at)} for u in written
        ],
        "updates_you_opened": [
            {"title": r.update.title, "opened_at": iso_time(r.read_at)} for r in opened
        ],
        "notifications": preference
        and {"notify": preference.notify, "frequency": preference.frequency},
    }
