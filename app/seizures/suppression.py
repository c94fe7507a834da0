"""The one service that makes statistics safe to show (docs/design.md, "What the portal must
never reveal"): every figure about seizures and about contacts with police and customs that
a page, a chart, an export or a total shows is built here.

1. Base blocks. Figures are counted per unit (a police area; for contacts, a police area and
   municipality pair) in fixed calendar periods, and suppressed block by block: one block per
   unit and calendar year, rows (categories, site types, channels …) by the periods of that
   year. A block is suppressed the same way whichever view asks for it, so two views never
   show the same cell differently.
2. Primary suppression: a count of 1 or 2 is hidden (and, where contributors are counted, a
   count made by fewer than `min_contributors` businesses).
3. Secondary suppression, assuming that someone knows every row and column total of the block
   (a police press release, an annual report): a line (row or column) never has exactly one
   hidden cell, the cells hidden in a line add up to at least 3, and every small hidden cell
   lies on a cycle of hidden cells, so that no hidden cell can be worked out by subtraction.
4. Every view sums the figures shown, never the hidden ones: totals, area and county figures
   are sums of shown cells, so nothing shown depends on a hidden value.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from itertools import groupby

MINIMUM = 3  # the smallest count shown
_ZERO_COST = 10**6  # hiding a zero protects little: any figure above zero is hidden first


def suppress(
    values: list[list[int]],
    contributors: list[list[int]] | None = None,
    min_contributors: int = 0,
    rows_are_lines: bool = True,
) -> list[list[int | None]]:
    """The block `values` (rows by columns) with the hidden cells as None.

    Column totals are always taken as known; row totals too with `rows_are_lines` (a block
    whose rows have no meaningful total, such as the months of each quarter, says False)."""
    n_rows = len(values)
    n_cols = len(values[0]) if n_rows else 0
    hidden = set()
    for r in range(n_rows):
        for c in range(n_cols):
            value = values[r][c]
            few = contributors is not None and contributors[r][c] < min_contributors
            if 0 < value < MINIMUM or (value > 0 and few):
                hidden.add((r, c))
    primary = frozenset(hidden)
    lines = [[(r, c) for r in range(n_rows)] for c in range(n_cols)] if n_rows > 1 else []
    if rows_are_lines and n_cols > 1:
        lines += [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    both_ways = rows_are_lines and n_rows > 1 and n_cols > 1
    while _protect_lines(values, hidden, lines) or (
        both_ways and _close_cycles(values, hidden, primary, n_rows, n_cols)
    ):
        pass
    return [
        [None if (r, c) in hidden else values[r][c] for c in range(n_cols)] for r in range(n_rows)
    ]


def _cost(values, hidden, cell) -> int:
    """What hiding the cell costs: nothing when it is hidden already, else its value (the
    smallest figure above zero goes first, zeros last)."""
    if cell in hidden:
        return 0
    value = values[cell[0]][cell[1]]
    return value if value > 0 else _ZERO_COST


def _protect_lines(values, hidden, lines) -> bool:
    """Hide one more cell in every line where the hidden cells could be worked out from the
    line's total: a single hidden cell, or hidden cells adding up to less than 3."""
    changed = False
    for line in lines:
        held = [cell for cell in line if cell in hidden]
        if not held:
            continue
        if len(held) > 1 and sum(values[r][c] for r, c in held) >= MINIMUM:
            continue
        shown = [cell for cell in line if cell not in hidden]
        candidates = [(r, c) for r, c in shown if values[r][c] > 0]
        if not candidates and len(held) == 1:
            candidates = shown  # only zeros left: one of them, so the cell is not alone
        if candidates:
            hidden.add(min(candidates, key=lambda cell: (_cost(values, hidden, cell), cell)))
            changed = True
    return changed


def _close_cycles(values, hidden, primary, n_rows, n_cols) -> bool:
    """With row and column totals known, a hidden cell can be worked out exactly when it lies
    on no cycle of hidden cells (a bridge of the graph whose edges are the hidden cells,
    joining their row and column). Put each small hidden cell that is a bridge on a
    rectangle of hidden cells, choosing the cheapest."""
    exposed = sorted(_bridges(hidden) & primary)
    if not exposed:
        return False
    r, c = exposed[0]

    def cost(corner):
        r2, c2 = corner
        return sum(_cost(values, hidden, cell) for cell in ((r, c2), (r2, c), (r2, c2)))

    corners = [(r2, c2) for r2 in range(n_rows) if r2 != r for c2 in range(n_cols) if c2 != c]
    r2, c2 = min(corners, key=lambda corner: (cost(corner), corner))
    hidden.update({(r, c2), (r2, c), (r2, c2)})
    return True


def _bridges(hidden) -> set:
    """The hidden cells that lie on no cycle (Tarjan's bridge-finding, on a small graph)."""
    adjacency: dict = {}
    for r, c in hidden:
        adjacency.setdefault(("row", r), []).append((("column", c), (r, c)))
        adjacency.setdefault(("column", c), []).append((("row", r), (r, c)))
    order: dict = {}
    low: dict = {}
    bridges = set()

    def visit(node, via):
        order[node] = low[node] = len(order)
        for neighbour, edge in adjacency[node]:
            if edge == via:
                continue
            if neighbour in order:
                low[node] = min(low[node], order[neighbour])
            else:
                visit(neighbour, edge)
                low[node] = min(low[node], low[neighbour])
                if low[neighbour] > order[node]:
                    bridges.add(edge)

    for node in adjacency:
        if node not in order:
            visit(node, None)
    return bridges


def suppress_blocks(
    counts: dict,
    rows: list,
    unit_periods: dict,
    contributors: dict | None = None,
    min_contributors: int = 0,
    rows_are_lines: bool = True,
) -> dict:
    """{(unit, row, period): count} -> {(unit, row, period): count or None (hidden)}, each
    unit's periods (`unit_periods[unit]`, with a `year`) suppressed as one block per calendar
    year. Cells of units without any count are zero and left out (a missing cell is 0)."""
    shown = {}
    for unit, periods in unit_periods.items():
        for _year, block in groupby(sorted(periods), key=lambda period: period.year):
            block = list(block)
            values = [[counts.get((unit, row, period), 0) for period in block] for row in rows]
            if not any(map(any, values)):
                continue
            people = None
            if contributors is not None:
                people = [
                    [contributors.get((unit, row, period), 0) for period in block] for row in rows
                ]
            result = suppress(values, people, min_contributors, rows_are_lines)
            for row, figures in zip(rows, result, strict=True):
                for period, figure in zip(block, figures, strict=True):
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
