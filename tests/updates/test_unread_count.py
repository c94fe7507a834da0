"""The menu's unread count is a prepared query (its SQL written once): it counts exactly
what the scoped peewee query counts, for every business user, before and after reading."""

from peewee import fn

from app.accounts.models import User
from app.security import scoped
from app.updates.models import Update
from app.updates.queries import unread_by, unread_count
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
