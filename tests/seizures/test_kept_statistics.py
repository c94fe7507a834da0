"""Statistics kept for a few minutes (app/seizures/kept.py): a reader never sees figures from
before a write that moves them, and a second reader does not compute them again."""

import datetime

import pytest
import time_machine

from app.accounts.models import User
from app.areas.models import Area
from app.contacts import queries as contact_queries
from app.contacts.models import Contact
from app.seizures import kept as kept_module
from app.seizures import queries
from app.seizures.models import SeizureFeedback
from app.seizures.periods import Quarter
from app.seizures.services import save_entry

MOMENT = datetime.datetime(2026, 5, 20, 10, tzinfo=datetime.UTC)
TODAY = MOMENT.date()


@pytest.fixture
def keeping(app, demo, monkeypatch):
    monkeypatch.setitem(app.config, "STATISTICS_CACHE_SECONDS", 300)
    monkeypatch.setattr(kept_module, "_kept", {})
    with time_machine.travel(MOMENT), app.app_context():
        yield


def sundsvall_q1(cells) -> int | None:
    area = Area.get(Area.slug == "sundsvall")
    return cells.get((area.id, "narcotics", Quarter(2026, 1)))


def test_the_same_data_is_computed_once(keeping):
    assert queries.base_cells(TODAY) is queries.base_cells(TODAY)
    quarters = contact_queries.available_quarters(TODAY)
    assert contact_queries.base_cells(quarters) is contact_queries.base_cells(quarters)


def test_an_entry_added_or_changed_shows_at_once(keeping):
    police = User.get(User.email == "polis@example.com")
    area = Area.get(Area.slug == "sundsvall")
    SeizureFeedback.delete().execute()
    values = {
        "area": area,
        "municipality": None,
        "month": datetime.date(2026, 1, 1),
        "category": "narcotics",
        "count": 4,
        "shareable": True,
        "description": "",
    }
    before = sundsvall_q1(queries.base_cells(TODAY))
    entry = save_entry(values, by=police)
    assert before != 4 and sundsvall_q1(queries.base_cells(TODAY)) == 4
    save_entry({**values, "count": 7}, by=police, entry=entry)
    assert sundsvall_q1(queries.base_cells(TODAY)) == 7


def test_a_contact_logged_moves_the_contact_figures_at_once(keeping):
    quarters = contact_queries.available_quarters(TODAY)
    before = contact_queries.base_cells(quarters)
    business = User.get(User.email == "ombud@example.com").business
    Contact.create(
        business=business,
        area=business.area_id,
        municipality=business.municipality_id,
        contacted_on=datetime.date(2026, 2, 2),
        channel="police_phone",
        category="narcotics",
        visit_wish="no",
    )
    assert contact_queries.base_cells(quarters) is not before
