"""The rules that keep small groups hidden (app/surveys/statistics.py), without a database:
thresholds, pooling, the second group hidden so that subtraction finds nothing, the two
breakdowns never crossing into a small group, and the largest round's businesses counted
over several rounds. The last test tries every subtraction on random data."""

import itertools
import random
from fractions import Fraction

from app.surveys.statistics import (
    OTHERS,
    Count,
    Figures,
    breakdown,
    pooled_across_sets,
    safety_index,
    shown_breakdowns,
    total,
)

SUNDSVALL, TIMRA, ALNO, LIDEN = 1, 2, 3, 4


def count(answers, businesses, round_id=1) -> Count:
    c = Count()
    c.add(round_id, answers, businesses)
    return c


def by_municipality(counts):
    return breakdown(counts, lambda group: group[1])


def rows(result) -> dict:
    return {row.key: (row.count.answers, row.count.businesses) for row in result}


def test_groups_large_enough_are_shown_each_on_its_own():
    counts = {("paketombud", SUNDSVALL): count(9, 4), ("paketombud", TIMRA): count(6, 3)}
    assert rows(by_municipality(counts)) == {SUNDSVALL: (9, 4), TIMRA: (6, 3)}


def test_a_small_group_is_pooled_and_the_smallest_shown_joins_it():
    """Timrå (2 answers) alone would be the total minus Sundsvall and Alnö: it is pooled, and
    as 2 answers are too few for the pooled row, Alnö (the smallest shown) joins it."""
    counts = {
        ("paketombud", SUNDSVALL): count(12, 6),
        ("paketombud", ALNO): count(5, 3),
        ("paketombud", TIMRA): count(2, 1),
    }
    shown = rows(by_municipality(counts))
    assert shown == {SUNDSVALL: (12, 6), OTHERS: (7, 4)}
    assert TIMRA not in shown and ALNO not in shown


def test_few_businesses_hide_a_group_however_many_answers():
    counts = {
        ("paketombud", SUNDSVALL): count(20, 8),
        ("paketombud", TIMRA): count(11, 2),  # eleven people, but two businesses
        ("paketombud", ALNO): count(6, 3),
    }
    assert rows(by_municipality(counts)) == {SUNDSVALL: (20, 8), OTHERS: (17, 5)}


def test_a_breakdown_that_would_show_one_row_only_is_withheld():
    counts = {("paketombud", SUNDSVALL): count(9, 4), ("paketombud", TIMRA): count(3, 2)}
    assert by_municipality(counts) is None
    assert by_municipality({("paketombud", SUNDSVALL): count(9, 4)}) is None


def test_over_several_rounds_the_largest_round_counts_the_businesses():
    """The same three businesses may have answered twice: two rounds with 2 and 2 are not 4."""
    pooled = count(3, 2, round_id=1) + count(3, 2, round_id=2)
    assert (pooled.answers, pooled.businesses, pooled.large_enough) == (6, 2, False)
    other = count(3, 2, round_id=1) + count(3, 3, round_id=2)
    assert (other.businesses, other.large_enough) == (3, True)


def test_both_breakdowns_are_shown_only_when_no_crossing_is_small():
    """By municipality Sundsvall and Timrå, by site type parcel agents and terminals: the
    only terminal answers are two in Timrå, which Timrå minus its parcel agents would tell."""
    safe = {
        ("paketombud", SUNDSVALL): count(8, 4),
        ("terminal", SUNDSVALL): count(6, 3),
        ("paketombud", TIMRA): count(7, 3),
    }
    municipality_rows, site_type_rows = shown_breakdowns(safe)
    assert rows(municipality_rows) == {SUNDSVALL: (14, 7), TIMRA: (7, 3)}
    assert rows(site_type_rows) == {"paketombud": (15, 7), "terminal": (6, 3)}

    unsafe = {**safe, ("terminal", TIMRA): count(2, 1)}
    municipality_rows, site_type_rows = shown_breakdowns(unsafe)
    assert municipality_rows is None or site_type_rows is None
    assert (municipality_rows or site_type_rows) is not None


def test_figures_mean_share_and_index():
    tallies = {
        ("paketombud", SUNDSVALL): {(1, 5): 2, (1, 1): 1, (1, 0): 3, (2, 1): 3, (2, 2): 1},
        ("paketombud", TIMRA): {(1, 4): 1},
    }
    figures = Figures(tallies, tallies)
    assert figures.distribution(1, [1, 2, 3, 4, 5, 0]) == [1, 0, 0, 1, 2, 3]
    assert figures.mean(1) == (1 + 4 + 10) / 4  # "don't know" left out
    assert figures.share_yes(2) == 3 / 4
    assert figures.index([1]) == safety_index(0 + 3 + 8, 4) == 68.8
    assert Figures(tallies, [("paketombud", TIMRA)]).mean(2) is None


# ---------------------------------------------------------------- every subtraction


def _in_row_space(vectors: list[list[int]], target: list[int]) -> bool:
    """Whether `target` is a linear combination of `vectors` (exact, with fractions)."""

    def rank(rows):
        matrix = [[Fraction(x) for x in row] for row in rows]
        rank, columns = 0, len(matrix[0]) if matrix else 0
        for column in range(columns):
            pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
            if pivot is None:
                continue
            matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
            for r in range(len(matrix)):
                if r != rank and matrix[r][column]:
                    factor = matrix[r][column] / matrix[rank][column]
                    matrix[r] = [
                        a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)
                    ]
            rank += 1
        return rank

    return rank([*vectors, target]) == rank(vectors)


def _shown_sets(counts) -> list[set]:
    """Every set of groups whose figures a reader sees: the total and each row shown."""
    municipality_rows, site_type_rows = shown_breakdowns(counts)
    sets = [set(counts)]
    for result in (municipality_rows, site_type_rows):
        for row in result or ():
            sets.append(set(row.groups))
    return sets


def test_no_small_group_can_be_worked_out_from_what_is_shown():
    """On random areas (municipalities x site types, some groups tiny), no set of groups
    with answers but fewer than 5 of them, or fewer than 3 businesses, is a sum or
    difference of the sets whose figures are shown."""
    rng = random.Random(15)
    checked = 0
    for _ in range(300):
        counts = {}
        for site_type in rng.sample(["paketombud", "terminal", "kurir"], rng.randint(1, 3)):
            for municipality in rng.sample([SUNDSVALL, TIMRA, ALNO, LIDEN], rng.randint(1, 3)):
                answers = rng.choice([1, 2, 3, 4, 5, 6, 8, 12])
                counts[(site_type, municipality)] = count(answers, rng.randint(1, answers))
        if not total(counts.values()).large_enough:
            continue  # a set of rounds is shown only when it is large enough as a whole
        groups = sorted(counts)
        shown = [[int(g in s) for g in groups] for s in _shown_sets(counts)]
        for size in range(1, len(groups) + 1):
            for subset in itertools.combinations(groups, size):
                found = total(counts[g] for g in subset)
                if found.large_enough:
                    continue
                vector = [int(g in subset) for g in groups]
                assert not _in_row_space(shown, vector), (counts, subset)
                checked += 1
    assert checked > 1000


# ---------------------------------------------------------------- small places across rounds


def by_municipality_over(sets):
    return pooled_across_sets(sets, lambda group: group[1])


def test_a_small_place_is_pooled_with_the_next_rounds_until_large_enough():
    """Timrå has 2, then 2, then 3 answers: too few in each round, shown once the three
    rounds together have 7 answers from 3 businesses, and only in the third round's view."""
    sets = [
        {("paketombud", SUNDSVALL): count(9, 4, 1), ("paketombud", TIMRA): count(2, 1, 1)},
        {("paketombud", SUNDSVALL): count(8, 4, 2), ("paketombud", TIMRA): count(2, 2, 2)},
        {("paketombud", SUNDSVALL): count(9, 5, 3), ("paketombud", TIMRA): count(3, 3, 3)},
    ]
    pooled = by_municipality_over(sets)
    assert set(pooled) == {2}
    (row,) = pooled[2]
    assert (row.key, row.count.answers, row.count.businesses) == (TIMRA, 7, 3)
    assert row.set_indexes == [0, 1, 2]
    assert by_municipality_over(sets[:2]) == {}  # not yet: 4 answers


def test_a_place_shown_on_its_own_starts_its_pool_again():
    """Timrå's 2 answers of the first round are never added to later ones once Timrå was
    shown on its own in between: the pooled row minus the shown one would be them."""
    sets = [
        {("paketombud", SUNDSVALL): count(9, 4, 1), ("paketombud", TIMRA): count(2, 1, 1)},
        {("paketombud", SUNDSVALL): count(8, 4, 2), ("paketombud", TIMRA): count(6, 3, 2)},
        {("paketombud", SUNDSVALL): count(9, 5, 3), ("paketombud", TIMRA): count(3, 2, 3)},
        {("paketombud", SUNDSVALL): count(9, 5, 4), ("paketombud", TIMRA): count(3, 3, 4)},
    ]
    pooled = by_municipality_over(sets)
    assert set(pooled) == {3} and [row.set_indexes for row in pooled[3]] == [[2, 3]]
    assert pooled[3][0].count.answers == 6


def _shown_over_sets(sets) -> list[list[tuple]]:
    """Every set of cells (index of the set, group) whose figures a reader sees: each set's
    total and rows, and the places pooled across sets."""
    shown = []
    for index, counts in enumerate(sets):
        shown.extend({(index, g) for g in groups} for groups in _shown_sets(counts))
    for rows in by_municipality_over(sets).values():
        shown.extend(set(row.cells) for row in rows)
    return shown


def test_no_small_group_can_be_worked_out_across_rounds():
    """On random areas over four sets of rounds, no small set of groups of one round, nor a
    place's answers over consecutive rounds while too few, is a sum or difference of what
    the four views show, pooled places included."""
    rng = random.Random(16)
    checked = pooled_seen = 0
    for _ in range(120):
        sets = []
        for round_id in range(1, 5):
            counts = {}
            for site_type in rng.sample(["paketombud", "terminal"], rng.randint(1, 2)):
                for municipality in rng.sample([SUNDSVALL, TIMRA, ALNO], rng.randint(1, 3)):
                    answers = rng.choice([1, 2, 3, 5, 8, 12])
                    counts[(site_type, municipality)] = count(
                        answers, rng.randint(1, answers), round_id
                    )
            if total(counts.values()).large_enough:
                sets.append(counts)
        pooled_seen += sum(len(rows) for rows in by_municipality_over(sets).values())
        cells = sorted((index, group) for index, counts in enumerate(sets) for group in counts)
        shown = [[int(cell in s) for cell in cells] for s in _shown_over_sets(sets)]
        targets = []
        for index, counts in enumerate(sets):
            for size in range(1, len(counts) + 1):
                for subset in itertools.combinations(sorted(counts), size):
                    if not total(counts[g] for g in subset).large_enough:
                        targets.append({(index, g) for g in subset})
        for place in (SUNDSVALL, TIMRA, ALNO):
            for first in range(len(sets)):
                for last in range(first + 1, len(sets)):
                    run = {(i, g) for i in range(first, last + 1) for g in sets[i] if g[1] == place}
                    if run and not total(sets[i][g] for i, g in run).large_enough:
                        targets.append(run)
        for target in targets:
            vector = [int(cell in target) for cell in cells]
            assert not _in_row_space(shown, vector), (sets, target)
            checked += 1
    assert checked > 1000 and pooled_seen > 20
