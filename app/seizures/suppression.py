"""The one service that makes statistics safe to show (docs/design.md, "What the portal must
never reveal"): every figure about seizures and about contacts with police and customs that
a page, a chart, an export or a total shows is built here.

1. Base blocks. Figures are counted per unit (a police area; for contacts, a police area and
   municipality pair) and calendar quarter: one block is a unit's rows (categories, site
   types, channels …) in one quarter. A block is suppressed once, when its quarter is final,
   and released as it is then (released.py): every view of every day shows it the same.
2. Primary suppression: a count of 1 or 2 is hidden (and, where contributors are counted, a
   count made by fewer than `min_contributors` businesses).
3. Secondary suppression, assuming that someone knows the block's total (the quarter's
   seizures in an area, from a press release, say): a block never has exactly one hidden
   cell, and the hidden cells add up to at least 3 – if the whole block is smaller, all of
   it is hidden – so that no hidden cell can be worked out by subtraction.
4. Every view sums the figures shown, never the hidden ones: totals, area and county figures
   are sums of shown cells, so nothing shown depends on a hidden value.

A block is not protected against a total over several quarters (a category's year): with
quarters released one by one, such a total published elsewhere would give away the last
quarter whatever this portal showed, and hiding a figure shown on an earlier day protects
nothing.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

MINIMUM = 3  # the smallest count shown


def suppress(
    values: list[int], contributors: list[int] | None = None, min_contributors: int = 0
) -> list[int | None]:
    """The figures of one block with the hidden ones as None."""
    hidden = {
        i
        for i, value in enumerate(values)
        if 0 < value < MINIMUM
        or (value > 0 and contributors is not None and contributors[i] < min_contributors)
    }

    def exposed():
        return hidden and (len(hidden) == 1 or sum(values[i] for i in hidden) < MINIMUM)

    while exposed() and len(hidden) < len(values):
        # The smallest figure above zero goes first; zeros (which protect little) last.
        shown = [i for i in range(len(values)) if i not in hidden]
        hidden.add(min(shown, key=lambda i: (values[i] == 0, values[i], i)))
    return [None if i in hidden else value for i, value in enumerate(values)]


def suppress_blocks(
    counts: dict,
    rows: list,
    unit_periods: dict,
    contributors: dict | None = None,
    min_contributors: int = 0,
) -> dict:
    """{(unit, row, period): count} -> {(unit, row, period): count or None (hidden)} for each
    unit's periods (`unit_periods[unit]`), a block per unit and period. Figures of zero are
    left out (a missing cell is 0)."""
    shown = {}
    for unit, periods in unit_periods.items():
        for period in periods:
            values = [counts.get((unit, row, period), 0) for row in rows]
            if not any(values):
                continue
            people = None
            if contributors is not None:
                people = [contributors.get((unit, row, period), 0) for row in rows]
            for row, figure in zip(rows, suppress(values, people, min_contributors), strict=True):
                if figure != 0:
                    shown[(unit, row, period)] = figure
    return shown


def combine(figures: Iterable[int | None]) -> int | None:
    """A sum of figures as it may be shown: the shown ones added up (never a hidden one);
    None ("not shown") when something is hidden and nothing above zero is shown."""
    total, anything_hidden = 0, False
    for figure in figures:
        if figure is None:
            anything_hidden = True
        else:
            total += figure
    return None if anything_hidden and total == 0 else total


@dataclass(frozen=True)
class Table:
    """Rows by columns of figures summed over `units`, with totals that are sums of the
    figures shown. `cells[(row, column)]` is an int, or None where it is not shown."""

    rows: list
    columns: list
    units: list
    cells: dict

    def cell(self, row, column) -> int | None:
        return self.cells[(row, column)]

    def row_total(self, row) -> int | None:
        return combine(self.cells[(row, column)] for column in self.columns)

    def column_total(self, column) -> int | None:
        return combine(self.cells[(row, column)] for row in self.rows)

    @property
    def total(self) -> int | None:
        return combine(self.cells.values())

    def row_values(self, row) -> list:
        return [self.cells[(row, column)] for column in self.columns]

    def column_values(self, column) -> list:
        return [self.cells[(row, column)] for row in self.rows]

    def column_totals(self) -> list:
        return [self.column_total(column) for column in self.columns]

    def without_empty_rows(self) -> "Table":
        """Only the rows with a figure above zero or a hidden one (a chart of ten
        categories, most of them empty, is hard to read)."""
        rows = [row for row in self.rows if any(v != 0 for v in self.row_values(row))]
        return Table(rows, self.columns, self.units, self.cells)


def table(shown: dict, units: Iterable[Hashable], rows: list, columns: list) -> Table:
    """The figures of `rows` by `columns` summed over `units`, from suppress_blocks()."""
    units = list(units)
    cells = {
        (row, column): combine(shown.get((unit, row, column), 0) for unit in units)
        for row in rows
        for column in columns
    }
    return Table(rows, columns, units, cells)


def grouped_totals(
    shown: dict, units: Iterable[Hashable], group: Callable, rows: list, columns: list
) -> Table:
    """Column totals per group of units (police areas of a county, say): rows are the groups,
    each cell the sum of the figures shown for its units in that column."""
    units = list(units)
    per_unit = {
        (unit, column): combine(shown.get((unit, row, column), 0) for row in rows)
        for unit in units
        for column in columns
    }
    members: dict = {}
    for unit in units:
        members.setdefault(group(unit), []).append(unit)
    groups = sorted(members, key=str)
    cells = {
        (name, column): combine(per_unit[(unit, column)] for unit in members[name])
        for name in groups
        for column in columns
    }
    return Table(groups, columns, units, cells)


def share(shown: dict, units: Iterable[Hashable], yes, no, column) -> float | None:
    """The share of `yes` among `yes` and `no` in a column, over the units where both are
    shown; None when there is none."""
    yes_count = no_count = 0
    for unit in units:
        yes_figure = shown.get((unit, yes, column), 0)
        no_figure = shown.get((unit, no, column), 0)
        if yes_figure is not None and no_figure is not None:
            yes_count += yes_figure
            no_count += no_figure
    return yes_count / (yes_count + no_count) if yes_count + no_count else None
