"""The menu's unread count and the home's updates are prepared queries (their SQL written
once; on the home page the count comes with the updates): they answer exactly what the scoped
peewee queries answer, for every business user, before and after reading."""

from peewee import fn

from app.accounts.models import User
from app.db import utcnow
from app.security import scoped
from app.updates.audience import place_of
from app.updates.models import Update
from app.updates.queries import HOME_FEED, _home_rows, _with_read_mark, unread_by, unread_count
from app.updates.services import mark_read

BUSINESSES = ("ombud@example.com", "terminal@example.com", "ombud.umea@example.com")


def counted_by_peewee(user) -> int:
    query = Update.select(fn.COUNT(Update.id)).where(unread_by(user))
    return scoped(Update, user, query).scalar()


def test_the_prepared_count_is_the_scoped_count(app, demo):
    with app.test_request_context():
        for email in BUSINESSES:
            user = User.get(User.email == email)
            before = unread_count(user)
            assert before == counted_by_peewee(user) > 0, email
            first = scoped(Update, user).where(unread_by(user)).first()
            mark_read(first, user)
            assert unread_count(user) == counted_by_peewee(user) == before - 1, email


def home_updates_by_peewee(user) -> list[tuple]:
    """The home's updates as scoped() reads them, by the home's order."""
    query, unread = _with_read_mark(user.id, utcnow())
    warning_first = unread & (Update.category == "warning")
    order = (warning_first.desc(), Update.pinned.desc(), unread.desc())
    rows = scoped(Update, user, query).order_by(*order, Update.publish_at.desc(), Update.id.desc())
    return [(u.id, u.title, u.publish_at, bool(u.unread)) for u in rows.limit(HOME_FEED + 1)]


def test_the_prepared_home_updates_are_the_scoped_ones(app, demo):
    with app.test_request_context():
        for email in BUSINESSES:
            user = User.get(User.email == email)
            for _ in range(2):
                rows, unread = _home_rows(user, place_of(user.business_id))
                prepared = [(u.id, u.title, u.publish_at, bool(u.unread)) for u in rows]
                assert prepared == home_updates_by_peewee(user) != [], email
                assert unread == counted_by_peewee(user), email
                mark_read(Update.get_by_id(prepared[0][0]), user)
