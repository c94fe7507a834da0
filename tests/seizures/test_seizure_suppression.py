"""The suppression service: small counts hidden, a second cell wherever the first could be
worked out by subtraction across rows, columns and totals, and totals that add up only what
is shown."""

import random

import pytest

from app.seizures.periods import Quarter
from app.seizures.suppression import (
    combine,
    grouped_totals,
    share,
    suppress,
    suppress_blocks,
    table,
)
from tests.seizures.disclosure import block_exposures, derivable


def hidden(result):
    return {(r, c) for r, row in enumerate(result) for c, v in enumerate(row) if v is None}


def test_counts_of_one_and_two_are_hidden_zero_and_three_shown():
    result = suppress([[0, 1, 2, 3]], rows_are_lines=False)
    assert result == [[0, None, None, 3]]


def test_a_lone_hidden_cell_gets_a_partner_the_smallest_figure_above_zero():
    # Column totals known: 1 alone in its column could be worked out from the total.
    result = suppress([[1], [9], [4], [0]], rows_are_lines=False)
    assert result == [[None], [9], [None], [0]]


def test_hidden_cells_of_a_line_add_up_to_at_least_three():
    # 1 + 1 hidden would give away that both are 1 once the total is known.
    result = suppress([[1], [1], [5], [7]], rows_are_lines=False)
    assert result == [[None], [None], [None], [7]]


def test_a_line_of_zeros_and_one_small_cell_hides_a_zero_with_it():
    result = suppress([[2], [0], [0]], rows_are_lines=False)
    assert sum(v is None for (v,) in result) == 2


def test_rows_and_columns_are_both_protected():
    values = [[1, 8, 9], [7, 6, 12], [10, 11, 13]]
    result = suppress(values)
    assert result[0][0] is None
    for line in [*result, *zip(*result, strict=True)]:
        assert sum(v is None for v in line) != 1
    assert block_exposures(values, result) == []


def test_a_small_cell_between_two_cycles_is_put_on_a_cycle_of_its_own():
    """Hidden cells can meet the line rules and still give one away: (0, 2) below joins two
    rectangles of hidden cells and lies on no cycle, so the row and column totals pin it."""
    big = 20
    values = [[big] * 5 for _ in range(5)]
    for r, c, v in (
        (0, 0, 1), (0, 1, 2), (1, 0, 2), (1, 1, 1),
        (2, 2, 2), (2, 3, 1), (3, 2, 1), (3, 3, 2),
        (0, 2, 1),
    ):  # fmt: skip
        values[r][c] = v
    from app.seizures.suppression import _bridges

    assert (0, 2) in _bridges(hidden([[None if 0 < v < 3 else v for v in row] for row in values]))
    result = suppress(values)
    assert block_exposures(values, result) == []


@pytest.mark.parametrize("seed", range(40))
def test_no_small_hidden_cell_can_be_worked_out_from_the_totals(seed):
    rng = random.Random(seed)
    n_rows, n_cols = rng.randint(2, 10), rng.randint(2, 4)
    values = [
        [rng.choice((0, 0, 1, 2, 3, 4, 5, 8, 13)) for _ in range(n_cols)] for _ in range(n_rows)
    ]
    result = suppress(values)
    assert block_exposures(values, result) == []
    for r, row in enumerate(result):
        for c, v in enumerate(row):
            assert v is None or v == values[r][c]
            assert v not in (1, 2)


def test_the_checker_itself_finds_a_lone_hidden_cell():
    values = [[1, 5], [6, 7]]
    assert block_exposures(values, [[None, 5], [6, 7]]) == [(0, 0)]
    assert derivable([{"a": 1}], [{"a": 1, "b": 1}, {"b": 1}]) == [True]
    assert derivable([{"a": 1}], [{"a": 1, "b": 1}, {"b": 1, "c": 1}]) == [False]


def test_contributors_below_the_minimum_hide_a_cell():
    result = suppress([[5], [4]], contributors=[[1], [3]], min_contributors=2, rows_are_lines=False)
    assert result == [[None], [None]]


def test_totals_add_up_only_the_figures_shown():
    assert combine([5, None, 3]) == 8
    assert combine([None, 0]) is None
    assert combine([0, 0]) == 0
    assert combine([]) == 0


Q1, Q2, Q3, Q4 = (Quarter(2025, n) for n in range(1, 5))
NEXT_Q1 = Quarter(2026, 1)


def test_blocks_are_calendar_years_the_same_whatever_the_view():
    counts = {("A", "x", Q4): 1, ("A", "y", Q4): 5, ("A", "x", NEXT_Q1): 4, ("A", "y", NEXT_Q1): 4}
    shown = suppress_blocks(counts, ["x", "y"], {"A": [Q3, Q4, NEXT_Q1]})
    # 2025 is one block (Q3, Q4): x Q4 = 1 is hidden with a partner; 2026 is another block.
    assert shown[("A", "x", Q4)] is None
    assert shown[("A", "x", NEXT_Q1)] == 4 and shown[("A", "y", NEXT_Q1)] == 4
    assert ("A", "x", Q3) in shown  # a hidden partner may sit in another quarter of the year


def test_tables_sum_shown_figures_over_units():
    shown = {
        ("A", "x", Q1): 5,
        ("A", "y", Q1): None,
        ("B", "x", Q1): None,
        ("B", "y", Q1): 4,
    }
    result = table(shown, ["A", "B"], ["x", "y"], [Q1, Q2])
    assert result.cell("x", Q1) == 5 and result.cell("y", Q1) == 4
    assert result.cell("x", Q2) == 0
    assert result.column_total(Q1) == 9 and result.total == 9
    only_b = table(shown, ["B"], ["x", "y"], [Q1])
    assert only_b.cell("x", Q1) is None and only_b.total == 4
    per_group = grouped_totals(shown, ["A", "B"], str.lower, ["x", "y"], [Q1])
    assert per_group.rows == ["a", "b"] and per_group.cell("a", Q1) == 5


def test_a_share_counts_only_units_where_both_figures_are_shown():
    shown = {("A", "yes", Q1): 3, ("A", "no", Q1): 9, ("B", "yes", Q1): None, ("B", "no", Q1): None}
    assert share(shown, ["A", "B"], "yes", "no", Q1) == 0.25
    assert share(shown, ["B"], "yes", "no", Q1) is None
