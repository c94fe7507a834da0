"""The suppression service: small counts hidden, a second cell wherever the first could be
worked out by subtraction from the block's total, and totals that add up only what is
shown."""

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
from tests.seizures.disclosure import derivable


def test_counts_of_one_and_two_are_hidden_zero_and_three_shown():
    result = suppress([0, 1, 2, 3])
    assert result == [0, None, None, 3]


def test_a_lone_hidden_cell_gets_a_partner_the_smallest_figure_above_zero():
    # The block's total known: 1 alone could be worked out from it.
    assert suppress([1, 9, 4, 0]) == [None, 9, None, 0]


def test_hidden_cells_add_up_to_at_least_three():
    # 1 + 1 hidden would give away that both are 1 once the total is known.
    assert suppress([1, 1, 5, 7]) == [None, None, None, 7]


def test_a_block_smaller_than_three_is_hidden_whole():
    # 1 + 1 with a known total of 2: both would be 1; hidden among zeros, nothing follows.
    assert suppress([1, 1, 0, 0]) == [None, None, None, None]
    assert suppress([2, 0, 0]) == [None, None, None]
    assert suppress([0, 0]) == [0, 0]


def test_contributors_below_the_minimum_hide_a_cell():
    assert suppress([5, 4], contributors=[1, 3], min_contributors=2) == [None, None]


def exposures(values, result) -> list[int]:
    """The small hidden cells that the shown ones and the block's total give away."""
    published = [{i: 1} for i, v in enumerate(result) if v is not None]
    published.append(dict.fromkeys(range(len(values)), 1))
    small = [i for i, v in enumerate(result) if v is None and 0 < values[i] < 3]
    found = derivable([{i: 1} for i in small], published)
    return [i for i, exposed in zip(small, found, strict=True) if exposed]


@pytest.mark.parametrize("seed", range(60))
def test_no_small_hidden_cell_can_be_worked_out_from_the_total(seed):
    rng = random.Random(seed)
    values = [rng.choice((0, 0, 1, 2, 3, 4, 5, 8, 13)) for _ in range(rng.randint(2, 10))]
    result = suppress(values)
    assert exposures(values, result) == []
    for shown, true in zip(result, values, strict=True):
        assert shown is None or shown == true
        assert shown not in (1, 2)


def test_the_checker_itself_finds_a_lone_hidden_cell():
    assert exposures([1, 5, 6], [None, 5, 6]) == [0]
    assert derivable([{"a": 1}], [{"a": 1, "b": 1}, {"b": 1}]) == [True]
    assert derivable([{"a": 1}], [{"a": 1, "b": 1}, {"b": 1, "c": 1}]) == [False]


def test_totals_add_up_only_the_figures_shown():
    assert combine([5, None, 3]) == 8
    assert combine([None, 0]) is None
    assert combine([0, 0]) == 0
    assert combine([]) == 0


Q1, Q2, Q3, Q4 = (Quarter(2025, n) for n in range(1, 5))
NEXT_Q1 = Quarter(2026, 1)


def test_a_block_is_one_unit_in_one_quarter():
    counts = {("A", "x", Q4): 1, ("A", "y", Q4): 5, ("A", "x", NEXT_Q1): 4, ("A", "y", NEXT_Q1): 4}
    shown = suppress_blocks(counts, ["x", "y"], {"A": [Q3, Q4, NEXT_Q1]})
    # x Q4 = 1 is hidden with its partner y Q4; the other quarters are blocks of their own.
    assert shown[("A", "x", Q4)] is None and shown[("A", "y", Q4)] is None
    assert shown[("A", "x", NEXT_Q1)] == 4 and shown[("A", "y", NEXT_Q1)] == 4
    assert ("A", "x", Q3) not in shown  # zero: left out


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
