"""The menu's unread count and the home's updates come from the desks each process keeps (on
the home page the count comes with the updates): they answer exactly what the scoped peewee
queries answer, for every business user, before and after reading, and after every kind of
write to the updates."""

from datetime import timedelta

import time_machine
from flask import g
from peewee import fn

from app.accounts.models import User
from app.areas.models import CustomsRegionArea, Municipality
from app.db import utcnow
from app.security import scoped
from app.updates.audience import place_of
from app.updates.live import first_updates
from app.updates.models import Update, UpdateMunicipality
from app.updates.queries import HOME_FEED, _with_read_mark, unread_by, unread_count
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


def home_updates_by_peewee(user, limit=HOME_FEED + 1) -> list[tuple]:
    """The home's updates as scoped() reads them, by the home's order."""
    query, unread = _with_read_mark(user.id, utcnow())
    warning_first = unread & (Update.category == "warning")
    order = (warning_first.desc(), Update.pinned.desc(), unread.desc())
    rows = scoped(Update, user, query).order_by(*order, Update.publish_at.desc(), Update.id.desc())
    return [(u.id, u.title, u.publish_at, bool(u.unread)) for u in rows.limit(limit)]


def test_the_prepared_home_updates_are_the_scoped_ones(app, demo):
    with app.test_request_context():
        for email in BUSINESSES:
            user = User.get(User.email == email)
            for _ in range(2):
                rows, unread = first_updates(user.id, user.business, HOME_FEED + 1)
                prepared = [(u.id, u.title, u.publish_at, bool(u.unread)) for u in rows]
                assert prepared == home_updates_by_peewee(user) != [], email
                assert unread == counted_by_peewee(user), email
                mark_read(Update.get_by_id(prepared[0][0]), user)


def test_the_whole_order_holds_with_every_kind_of_update_read_or_not(app, demo):
    """Warnings and pinned updates, read and unread, each in its place of the home's order."""
    with app.test_request_context():
        user = User.get(User.email == "ombud@example.com")
        known = Update.get_by_id(first_updates(user.id, user.business, 1)[0][0].id)
        fields = {k: v for k, v in known.__data__.items() if k != "id"}
        for category in ("warning", "general"):
            for pinned in (True, False):
                for hours in (3, 30):
                    new = {"title": f"{category} {pinned}", "category": category}
                    new["publish_at"] = utcnow() - timedelta(hours=hours)
                    everywhere = {"narrowed": False, "site_types": "", "expires_at": None}
                    Update.create(**fields | new | everywhere | {"pinned": pinned})
        every = [u.id for u in first_updates(user.id, user.business, 500)[0]]
        assert len(every) > 10
        for update_id in every[::3]:
            mark_read(Update.get_by_id(update_id), user)
        rows, unread = first_updates(user.id, user.business, 500)
        shown = [(u.id, u.title, u.publish_at, bool(u.unread)) for u in rows]
        assert shown == home_updates_by_peewee(user, limit=500)
        assert unread == counted_by_peewee(user) == len(every) - len(every[::3])
        assert {(u.category, u.pinned, u.unread) for u in rows} >= {
            ("warning", True, True),
            ("warning", True, False),
            ("general", False, True),
            ("warning", False, False),
            ("general", True, False),
            ("general", True, True),
        }


def test_every_write_to_the_updates_and_the_passing_time_show_at_once(app, demo):
    """The desks each process keeps are read again after any write, in any way, to the
    updates or their narrowing; what is published later or expires shows at its moment."""
    with app.test_request_context():
        user = User.get(User.email == "ombud@example.com")
        place = place_of(user.business_id)

        def as_scoped() -> None:
            rows, unread = first_updates(user.id, user.business, HOME_FEED + 1)
            shown = [(u.id, u.title, u.publish_at, bool(u.unread)) for u in rows]
            assert shown == home_updates_by_peewee(user)
            assert unread == unread_count(user) == counted_by_peewee(user)

        as_scoped()
        known = Update.get_by_id(first_updates(user.id, user.business, 1)[0][0].id)
        fields = {k: v for k, v in known.__data__.items() if k != "id"}
        warning = {"title": "Ny varning", "category": "warning", "narrowed": False}
        new = Update.create(**{**fields, **warning, "site_types": "", "expires_at": None})
        as_scoped()
        assert new.id in [u.id for u in first_updates(user.id, user.business, 50)[0]]
        Update.update(title="Ändrad rubrik", pinned=True).where(Update.id == new.id).execute()
        as_scoped()
        other = Municipality.select().where(Municipality.id != place.municipality_id).first()
        Update.update(narrowed=True).where(Update.id == new.id).execute()
        UpdateMunicipality.create(update=new.id, municipality=other)
        as_scoped()
        assert new.id not in [u.id for u in first_updates(user.id, user.business, 50)[0]]
        UpdateMunicipality.create(update=new.id, municipality=place.municipality_id)
        as_scoped()
        assert new.id in [u.id for u in first_updates(user.id, user.business, 50)[0]]
        now = utcnow()
        later = {"publish_at": now + timedelta(hours=1), "expires_at": now + timedelta(hours=2)}
        Update.update(later).where(Update.id == new.id).execute()
        as_scoped()
        with time_machine.travel(now + timedelta(hours=1, minutes=1), tick=False):
            as_scoped()
            assert new.id in [u.id for u in first_updates(user.id, user.business, 50)[0]]
        as_scoped()  # back before its publishing
        assert new.id not in [u.id for u in first_updates(user.id, user.business, 50)[0]]
        with time_machine.travel(now + timedelta(hours=2, minutes=1), tick=False):
            as_scoped()
            assert new.id not in [u.id for u in first_updates(user.id, user.business, 50)[0]]
        regions = CustomsRegionArea.select().where(CustomsRegionArea.area == user.business.area_id)
        assert "region:" in " ".join(place.desks) and regions.count() > 0
        by_region = [
            u.id for u in first_updates(user.id, user.business, 50)[0] if u.level == "region"
        ]
        assert by_region
        CustomsRegionArea.delete().where(CustomsRegionArea.area == user.business.area_id).execute()
        g.pop("update_place")  # what scoped() reads is kept for the request
        as_scoped()
        shown = first_updates(user.id, user.business, 50)[0]
        assert not {u.id for u in shown} & set(by_region)
        Update.delete().where(Update.desk == place.desks[0]).execute()  # the national desk
        as_scoped()
