"""Re-identification: what municipalities, the county and admins see of the contact log –
counts only – never shows a count of 1 or 2 or a figure from a single business, and none can
be worked out by subtraction, within a view or across every view of the same day (and every
day shows a quarter released the same: test_contact_statistics), even by a reader who knows
every true total of the base blocks.

Base cells: per police area and municipality pair, per whole quarter, five breakdowns (month,
type of site, channel, visit, feedback) of the same contacts. The strongest check works on
atoms – each contact's full combination of month, type of site, channel, visit and feedback –
so that figures of different breakdowns are compared as what they are: sums of contacts.
"""

import datetime
import itertools
import random

import pytest
import time_machine

from app.accounts.models import User
from app.areas.models import Area, Municipality
from app.businesses.models import SITE_TYPES, Business
from app.contacts import queries
from app.contacts.models import CHANNELS, Contact
from app.seizures.suppression import combine
from tests.seizures.disclosure import Span, figures_on_page, nested_differences

MOMENT = datetime.datetime(2026, 5, 20, 10, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 20)
OUTSIDERS = ("kommun@example.com", "lansstyrelsen@example.com", "admin@example.com")
EXTRA = (  # name, site type, area, municipality code
    ("Stenstans Tobak", "paketombud", "sundsvall", "2281"),
    ("Haga Brevbärarkontor", "brevbararkontor", "sundsvall", "2281"),
    ("Nacksta Livs", "paketombud", "sundsvall", "2281"),
    ("Timrå Centrum Ombud", "paketombud", "sundsvall", "2262"),
    ("Timrå Bud & Transport", "kurir", "sundsvall", "2262"),
    ("Teg Paketterminal", "terminal", "umea", "2480"),
)
BREAKDOWNS = ("month", "site_type", "channel", "visit", "feedback")


@pytest.fixture
def contacts(db, demo):
    Contact.delete().execute()
    for name, site_type, slug, code in EXTRA:
        Business.create(
            name=name,
            site_type=site_type,
            area=Area.get(Area.slug == slug),
            municipality=Municipality.get(Municipality.code == code),
        )
    rng = random.Random(14)
    businesses = list(Business.select())
    for _ in range(260):
        owner = rng.choice(businesses)
        day = TODAY - datetime.timedelta(days=rng.randint(1, 364))
        visited = rng.random() < 0.3
        answered = rng.random() < 0.4
        Contact.create(
            business=owner,
            area=owner.area_id,
            municipality=owner.municipality_id,
            contacted_on=day,
            channel=rng.choice(CHANNELS),
            category="narcotics",
            visit_wish="discreet" if visited else "no",
            visited_on=day if visited else None,
            feedback="Tack!" if answered else "",
            feedback_on=day if answered else None,
        )


def atom_of(contact, quarters) -> tuple:
    quarter = next(q for q in quarters if q.start <= contact.contacted_on < q.end)
    month = str(quarter.months.index(contact.contacted_on.replace(day=1)) + 1)
    return (
        (contact.area_id, contact.municipality_id),
        quarter,
        month,
        contact.business.site_type,
        contact.channel,
        "yes" if contact.visited_on else "no",
        "yes" if contact.feedback else "no",
    )


def row_of(breakdown: str, atom: tuple) -> str:
    _unit, _quarter, month, site_type, channel, visit, feedback = atom
    return {
        "month": month,
        "site_type": site_type,
        "channel": channel,
        "visit": visit,
        "feedback": feedback,
    }[breakdown]


def truth(quarters) -> tuple[dict, dict, dict]:
    """Atom counts, and per breakdown the true cell counts and their businesses."""
    atoms, cells, businesses = {}, {}, {}
    for contact in Contact.select().join(Business):
        if not quarters[0].start <= contact.contacted_on < quarters[-1].end:
            continue
        atom = atom_of(contact, quarters)
        atoms[atom] = atoms.get(atom, 0) + 1
        for breakdown in BREAKDOWNS:
            key = (breakdown, atom[0], row_of(breakdown, atom), atom[1])
            cells[key] = cells.get(key, 0) + 1
            businesses.setdefault(key, set()).add(contact.business_id)
    return atoms, cells, {key: len(ids) for key, ids in businesses.items()}


def atoms_of_cell(breakdown, unit, row, quarter) -> list[tuple]:
    months = queries.MONTHS_OF_QUARTER
    space = itertools.product(months, SITE_TYPES, CHANNELS, ("yes", "no"), ("yes", "no"))
    return [
        (unit, quarter, *rest) for rest in space if row_of(breakdown, (unit, quarter, *rest)) == row
    ]


def rows_of(breakdown) -> tuple:
    return {
        "month": queries.MONTHS_OF_QUARTER,
        "site_type": SITE_TYPES,
        "channel": CHANNELS,
        "visit": ("yes", "no"),
        "feedback": ("yes", "no"),
    }[breakdown]


def test_no_page_shows_a_count_of_one_or_two(app, contacts):
    with time_machine.travel(MOMENT):
        for email in OUTSIDERS:
            browser = app.test_client()
            browser.login(email)
            for path in ("/home", "/contacts/statistics"):
                shown, hidden = figures_on_page(browser.get(path).text)
                assert not {1, 2} & set(shown), (email, path)
                if path != "/home":
                    assert hidden > 0 and any(n >= 3 for n in shown), email


@pytest.fixture
def service(app, contacts):
    """The base cells as the service shows them (every unit), and each outsider's
    statistics."""
    with time_machine.travel(MOMENT), app.app_context():
        quarters, base = queries.base_cells(TODAY)
        views = {email: queries.statistics(User.get(User.email == email)) for email in OUTSIDERS}
    return quarters, base, views


def test_base_cells_shown_are_true_and_small_or_single_business_ones_hidden(service):
    quarters, base, _views = service
    _atoms, cells, businesses = truth(quarters)
    hidden = 0
    for breakdown, shown in base.items():
        for (unit, row, quarter), figure in shown.items():
            key = (breakdown, unit, row, quarter)
            true = cells.get(key, 0)
            if figure is None:
                hidden += 1
            else:
                assert figure == true, key
                assert true == 0 or (true >= 3 and businesses[key] >= queries.MIN_BUSINESSES)
    assert hidden > 20


def view_figures(stats, base) -> list[tuple[int, frozenset]]:
    """Every count an outsider's statistics show, with the base cells (shown ones) it adds
    up, checked to be exactly their sum."""
    figures = []
    for breakdown, table in (
        ("site_type", stats.site_types),
        ("channel", stats.channels),
        ("month", stats.per_month),
    ):
        shown = base[breakdown]

        def cells(rows, columns, breakdown=breakdown, units=table.units):
            return {(breakdown, u, r, c) for u in units for r in rows for c in columns}

        lines = [(cells([r], [c]), table.cell(r, c)) for r in table.rows for c in table.columns]
        if breakdown != "month":
            lines += [(cells([r], table.columns), table.row_total(r)) for r in table.rows]
        lines += [(cells(table.rows, [c]), table.column_total(c)) for c in table.columns]
        lines.append((cells(table.rows, table.columns), table.total))
        for keys, value in lines:
            parts = [shown.get(key[1:], 0) for key in keys]
            assert value == combine(parts)
            if value is not None:
                figures.append((value, frozenset(k for k in keys if shown.get(k[1:], 0))))
    return figures


def test_every_figure_adds_up_base_cells_that_are_shown_and_none_differs_by_one_or_two(
    service,
):
    _quarters, base, views = service
    figures = [f for stats in views.values() for f in view_figures(stats, base)]
    assert len(figures) > 100
    # Cells of different breakdowns are different sets of contacts: compare as contacts.
    as_atoms = [
        (value, frozenset(a for (b, u, r, q) in keys for a in atoms_of_cell(b, u, r, q)))
        for value, keys in figures
    ]
    assert nested_differences(as_atoms) == []


def reader_of(unit, base, quarters) -> tuple[Span, set]:
    """What the strongest reader knows of a unit: every shown cell of the five breakdowns,
    the contacts known to be none (where a zero is shown) and each quarter's true total.
    Answers the span and the zero atoms."""
    zero = set()
    for breakdown, shown in base.items():
        for (u, row, quarter), figure in shown.items():
            if u == unit and figure == 0:
                zero.update(atoms_of_cell(breakdown, unit, row, quarter))
    span = Span()

    def know(atom_list):
        vector = {a: 1 for a in atom_list if a not in zero}
        if vector:
            span.add(vector)

    for quarter in quarters:
        know(
            atoms_of_cell("visit", unit, "yes", quarter)
            + atoms_of_cell("visit", unit, "no", quarter)
        )
    for breakdown, shown in base.items():
        for (u, row, quarter), figure in shown.items():
            if u == unit and figure:
                know(atoms_of_cell(breakdown, unit, row, quarter))
    return span, zero


def test_no_hidden_cell_follows_from_everything_shown_and_every_true_total(service):
    """No hidden count of 1 or 2, and no hidden count from a single business, follows from
    what the strongest reader knows (reader_of)."""
    quarters, base, _views = service
    _atoms, cells, businesses = truth(quarters)
    units = {unit for shown in base.values() for unit, _row, _q in shown}
    checked = 0
    for unit in sorted(units):
        span, zero = reader_of(unit, base, quarters)
        for breakdown, shown in base.items():
            for (u, row, quarter), figure in shown.items():
                key = (breakdown, unit, row, quarter)
                true = cells.get(key, 0)
                few = true > 0 and businesses[key] < queries.MIN_BUSINESSES
                if u == unit and figure is None and (0 < true < 3 or few):
                    checked += 1
                    cell = atoms_of_cell(breakdown, unit, row, quarter)
                    assert not span.contains({a: 1 for a in cell if a not in zero}), key
    assert checked > 10
