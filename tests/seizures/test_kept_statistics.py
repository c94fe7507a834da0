"""Statistics kept for a few minutes (app/seizures/kept.py): a reader never sees figures from
before a release or an embargo change that moves them, and a second reader does not compute
them again."""

import datetime

import pytest
import time_machine

from app.areas.models import Area
from app.contacts import queries as contact_queries
from app.seizures import kept as kept_module
from app.seizures import queries
from app.seizures.periods import Quarter

MOMENT = datetime.datetime(2026, 5, 20, 10, tzinfo=datetime.UTC)
TODAY = MOMENT.date()


@pytest.fixture
def keeping(app, demo, monkeypatch):
    monkeypatch.setitem(app.config, "STATISTICS_CACHE_SECONDS", 300)
    monkeypatch.setattr(kept_module, "_kept", {})
    with time_machine.travel(MOMENT), app.app_context():
        yield


def sundsvall_q1(cells) -> set:
    """The figures shown for Sundsvall's first quarter of 2026 (empty: not fed back)."""
    area = Area.get(Area.slug == "sundsvall")
    return {key for key in cells if key[0] == area.id and key[2] == Quarter(2026, 1)}


def test_the_same_data_is_computed_once(keeping):
    queries.base_cells(TODAY)  # releases what is due
    assert queries.base_cells(TODAY) is queries.base_cells(TODAY)
    contact_queries.base_cells(TODAY)
    assert contact_queries.base_cells(TODAY) is contact_queries.base_cells(TODAY)


def test_a_quarter_fed_back_sooner_after_an_embargo_change_shows_at_once(keeping):
    area = Area.get(Area.slug == "sundsvall")
    Area.update(embargo_days=90).where(Area.id == area.id).execute()
    assert sundsvall_q1(queries.base_cells(TODAY)) == set()
    Area.update(embargo_days=30).where(Area.id == area.id).execute()
    assert sundsvall_q1(queries.base_cells(TODAY)) != set()


def test_a_quarter_released_shows_at_once(keeping):
    """Contacts of the first quarter of 2026 are final on 30 June, 90 days after it."""
    before = contact_queries.base_cells(datetime.date(2026, 6, 29))
    after = contact_queries.base_cells(datetime.date(2026, 6, 30))
    assert Quarter(2026, 1) not in before[0] and Quarter(2026, 1) in after[0]
