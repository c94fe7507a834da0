"""Re-identification: nothing that businesses, municipalities, the county or admins see of
seizure feedback shows a count of 1 or 2, or lets one be worked out by subtraction – within a
view, across every view of the same day, or across the views of different days. Police and
customs, who enter the figures, are not outsiders.

The argument the tests check, step by step: every page and file shows no 1 or 2; every
figure of every view is a sum of base cells that are shown (area, category, quarter); the
base cells shown are the true counts; within each base block no small hidden cell can be
worked out even by someone who knows the block's true total; and a base cell, once released,
is the same on every later day.
"""

import datetime
import random

import pytest
import time_machine

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.seizures import queries
from app.seizures.models import CATEGORIES, SeizureFeedback
from app.seizures.periods import Quarter, quarter_released_on
from app.seizures.suppression import combine
from tests.seizures.disclosure import (
    Span,
    figures_in_csv,
    figures_in_xlsx,
    figures_on_page,
    nested_differences,
)

MOMENT = datetime.datetime(2026, 5, 20, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 20)
BUSINESSES = ("ombud@example.com", "terminal@example.com", "ombud.umea@example.com")
STAFF = ("kommun@example.com", "lansstyrelsen@example.com", "admin@example.com")


@pytest.fixture
def entries(db, demo):
    """Two years of entries with many small counts, a longer embargo in Umeå."""
    SeizureFeedback.delete().execute()
    Area.update(embargo_days=60).where(Area.slug == "umea").execute()
    rng = random.Random(14)
    areas = list(Area.select())
    timra = Municipality.get(Municipality.code == "2262")
    for _ in range(220):
        area = rng.choice(areas)
        month = datetime.date(2024 + rng.randint(0, 2), rng.randint(1, 12), 1)
        if month > TODAY:
            continue
        SeizureFeedback.create(
            area=area,
            municipality=timra if area.slug == "sundsvall" and rng.random() < 0.3 else None,
            month=month,
            category=rng.choice(CATEGORIES[:6]),
            count=rng.choice((1, 1, 1, 2, 2, 3, 4, 6, 9)),
            shareable=rng.random() < 0.85,
        )


def truth() -> dict:
    """{(area id, category, quarter): true count of shareable entries}."""
    counts = {}
    for entry in SeizureFeedback.select().where(SeizureFeedback.shareable):
        key = (entry.area_id, entry.category, Quarter.of(entry.month))
        counts[key] = counts.get(key, 0) + entry.count
    return counts


def outsiders_pages(app) -> dict:
    """Every page and file an outsider gets: {(email, what): (shown figures, hidden count)}."""
    seen = {}
    with time_machine.travel(MOMENT):
        for email in BUSINESSES + STAFF:
            browser = app.test_client()
            browser.login(email)
            paths = ["/home", "/seizures/" if email in BUSINESSES else "/seizures/statistics"]
            for path in paths:
                response = browser.get(path)
                assert response.status_code == 200
                seen[(email, path)] = figures_on_page(response.text)
            if email in STAFF:
                csv = browser.get("/seizures/statistics/export?format=csv").get_data()
                xlsx = browser.get("/seizures/statistics/export?format=xlsx").get_data()
                seen[(email, "csv")] = (figures_in_csv(csv), 0)
                seen[(email, "xlsx")] = (figures_in_xlsx(xlsx), 0)
    return seen


def test_no_page_chart_or_export_shows_a_count_of_one_or_two(app, entries):
    seen = outsiders_pages(app)
    for where, (shown, _hidden) in seen.items():
        assert not {1, 2} & set(shown), where
    # The data made the service hide figures, and show others, on every statistics page.
    for email in BUSINESSES + STAFF:
        path = "/seizures/" if email in BUSINESSES else "/seizures/statistics"
        shown, hidden = seen[(email, path)]
        assert hidden > 0 and any(n >= 3 for n in shown), email


def views(app) -> list:
    """Every table outsiders see, from the one service: (name, Table)."""
    found = []
    with time_machine.travel(MOMENT), app.app_context():
        for email in BUSINESSES:
            user = User.get(User.email == email)
            found.append((email, queries.feedback_for_business(user).figures))
        for email in STAFF:
            stats = queries.statistics(User.get(User.email == email))
            found.append((email, stats.figures))
            if stats.places is not None:
                found.append((f"{email} places", stats.places))
    return found


def base_cells(app) -> dict:
    """The base cells as the service shows them, for every area and every quarter of the
    calendar years any view covers."""
    with time_machine.travel(MOMENT), app.app_context():
        return queries.base_cells(TODAY)


def figure_atoms(table, base) -> list[tuple[int, frozenset]]:
    """Every figure of a table (cells and totals) with the base cells it adds up, checked to
    be the sum of those base cells that are shown. A row of a per-place table is a place: its
    base cells are every category of the units named like it."""
    places = table.rows != list(CATEGORIES)
    by_place = {}
    if places:
        for area in Area.select():
            by_place.setdefault(area.name, set()).add(area.id)
            by_place.setdefault(str(area.county.name), set()).add(area.id)

    def atoms(row, column):
        units = by_place[row] & set(table.units) if places else table.units
        rows = CATEGORIES if places else (row,)
        return {(u, r, column) for u in units for r in rows}

    figures = []
    for row in table.rows:
        row_atoms = set()
        for column in table.columns:
            cell_atoms = atoms(row, column)
            row_atoms |= cell_atoms
            expected = combine(base.get(atom, 0) for atom in cell_atoms)
            assert table.cell(row, column) == expected, (row, column)
            figures.append((table.cell(row, column), cell_atoms))
        figures.append((table.row_total(row), row_atoms))
    for column in table.columns:
        column_atoms = set().union(*(atoms(row, column) for row in table.rows))
        figures.append((table.column_total(column), column_atoms))
    all_atoms = set().union(*(atoms(r, c) for r in table.rows for c in table.columns))
    figures.append((table.total, all_atoms))

    def shown_part(atom_set):
        return frozenset(a for a in atom_set if base.get(a, 0) not in (None, 0))

    return [(value, shown_part(atom_set)) for value, atom_set in figures if value is not None]


def test_every_figure_adds_up_true_base_cells_that_are_shown(app, entries):
    true = truth()
    base = base_cells(app)
    for (area, category, quarter), figure in base.items():
        assert figure is None or figure == true.get((area, category, quarter), 0)
    assert any(figure is None for figure in base.values())
    for name, table in views(app):
        for value, atoms in figure_atoms(table, base):
            assert value == sum(base[atom] for atom in atoms), name


def test_no_figure_differs_from_another_by_one_or_two_where_one_is_part_of_the_other(app, entries):
    base = base_cells(app)
    figures = [figure for _name, table in views(app) for figure in figure_atoms(table, base)]
    assert len(figures) > 300
    assert nested_differences(figures) == []


def test_no_small_hidden_cell_follows_from_everything_shown_and_the_true_totals(app, entries):
    """The strongest reader: every base cell shown, every figure of every view, and the true
    total of every base block (an area's quarter), as a police report might give it. No
    hidden count of 1 or 2 follows."""
    true = truth()
    base = base_cells(app)
    span = Span()
    for atom, figure in base.items():
        if figure is not None:
            span.add({atom: 1})
    for area, quarter in {(area, quarter) for area, _category, quarter in base}:
        span.add({(area, category, quarter): 1 for category in CATEGORIES})
    for _name, table in views(app):
        for _value, atoms in figure_atoms(table, base):
            span.add(dict.fromkeys(atoms, 1))
    small_hidden = [
        atom for atom, figure in base.items() if figure is None and 0 < true.get(atom, 0) < 3
    ]
    assert len(small_hidden) > 10
    exposed = [atom for atom in small_hidden if span.contains({atom: 1})]
    assert exposed == []


def cells_on(app, day: datetime.date) -> dict:
    moment = datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)
    with time_machine.travel(moment), app.app_context():
        return queries.base_cells(day)


def test_a_figure_once_released_is_the_same_on_every_later_day(app, entries):
    """The views of two days never differ in a figure both show, nor in what they hide: a
    cell shown on one day and hidden on a later one would be the later day's total minus
    what it shows. Checked on the 1st and 20th of every month for two years, through the
    release of eight quarters in areas with different embargoes."""
    first_seen: dict = {}
    days = [
        datetime.date(2024 + (m - 1) // 12, (m - 1) % 12 + 1, d)
        for m in range(4, 30)
        for d in (1, 20)
    ]
    for day in days:
        cells = cells_on(app, day)
        for key, figure in cells.items():
            assert first_seen.setdefault(key, figure) == figure, (day, key)
        for key, figure in first_seen.items():
            assert cells.get(key, 0) == figure, (day, key)  # a released cell never goes
    assert sum(figure is None for figure in first_seen.values()) > 10


def test_a_released_figure_stays_when_its_entries_change_later(app, entries):
    """An entry added to a quarter already fed back (possible once an area's embargo is
    lengthened) moves nothing the businesses have seen."""
    (area, category, quarter), figure = next(
        (key, figure) for key, figure in base_cells(app).items() if figure
    )
    SeizureFeedback.create(
        area=area, month=quarter.start, category=category, count=5, shareable=True
    )
    assert base_cells(app)[(area, category, quarter)] == figure


def test_the_checks_catch_a_view_that_shows_a_true_total(app, entries):
    """A total that counted hidden cells would be caught: the checker is not blind."""
    true = truth()
    base = base_cells(app)
    area, category, quarter = next(
        atom for atom, figure in base.items() if figure is None and 0 < true.get(atom, 0) < 3
    )
    line = {(area, c, quarter): 1 for c in CATEGORIES}
    span = Span()
    for atom, figure in base.items():
        if figure is not None:
            span.add({atom: 1})
    hidden_others = [a for a in line if base.get(a) is None and a != (area, category, quarter)]
    for other in hidden_others:
        span.add({other: 1})  # as if the partners were shown
    span.add(line)  # and the true quarter total
    assert span.contains({(area, category, quarter): 1})
    assert quarter_released_on(quarter, 30) <= TODAY
