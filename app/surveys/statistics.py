"""The figures staff and businesses read, and the rules that keep small groups hidden.

A set of rounds shown together (one round, or a few small ones pooled: `SurveyRound.shown_with`)
is split into groups, one per site type and municipality as they were stored. The rules
(docs/design.md, "What the portal must never reveal"):

- a figure is shown only for at least MIN_ANSWERS answers from at least MIN_BUSINESSES
  businesses (over several rounds the largest round's count of businesses is the sure one);
- in a breakdown, the groups below that are pooled in one row "… together"; when that row is
  itself too small, the smallest shown group joins it, until it is large enough, or the
  breakdown is withheld. So the rows shown are a partition of the set, each large enough, and
  subtracting shown rows from the total only gives rows that are shown;
- the two breakdowns (by municipality, by site type) are shown together only when every
  crossing of their rows is empty or large enough: otherwise a small crossing could be
  worked out from the two; only the one with more rows is shown then;
- a municipality too small to show in a set is pooled across the area's following sets
  until large enough, and shown then, with the rounds it covers (`pooled_across_sets`).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from app.surveys.models import DONT_KNOW, LIKERT_VALUES, MIN_ANSWERS, MIN_BUSINESSES, YES

OTHERS = "others"  # the row of a breakdown that holds the groups too small to show


@dataclass
class Count:
    """Answers and businesses of some groups, per round (a business is in one group of a
    round, so its counts add up within a round; across rounds they may be the same)."""

    answers_by_round: dict = field(default_factory=lambda: defaultdict(int))
    businesses_by_round: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, round_id: int, answers: int, businesses: int) -> None:
        self.answers_by_round[round_id] += answers
        self.businesses_by_round[round_id] += businesses

    def __add__(self, other: "Count") -> "Count":
        total = Count()
        for count in (self, other):
            for round_id, answers in count.answers_by_round.items():
                total.add(round_id, answers, count.businesses_by_round[round_id])
        return total

    @property
    def answers(self) -> int:
        return sum(self.answers_by_round.values())

    @property
    def businesses(self) -> int:
        return max(self.businesses_by_round.values(), default=0)

    @property
    def large_enough(self) -> bool:
        return self.answers >= MIN_ANSWERS and self.businesses >= MIN_BUSINESSES


def total(counts) -> Count:
    result = Count()
    for count in counts:
        result = result + count
    return result


@dataclass
class Row:
    """One row of a breakdown: its key (a site type, a municipality id, None for the
    municipalities pooled when saved, or OTHERS) and the stored groups in it."""

    key: object
    groups: list
    count: Count


def breakdown(counts: dict, dimension) -> list[Row] | None:
    """The rows of a breakdown of `counts` ({group: Count}) by `dimension(group)`, with the
    rows too small pooled; None when it cannot be shown (or would be one row only)."""
    by_key: dict = defaultdict(list)
    for group in counts:
        by_key[dimension(group)].append(group)

    def count_of(groups) -> Count:
        return total(counts[g] for g in groups)

    shown = [key for key, groups in by_key.items() if count_of(groups).large_enough]
    pooled = [key for key in by_key if key not in shown]

    def pooled_count() -> Count:
        return count_of([g for key in pooled for g in by_key[key]])

    while pooled and not pooled_count().large_enough:
        if not shown:
            return None
        smallest = min(shown, key=lambda key: (count_of(by_key[key]).answers, str(key)))
        shown.remove(smallest)
        pooled.append(smallest)
    rows = [Row(key, by_key[key], count_of(by_key[key])) for key in shown]
    rows.sort(key=lambda row: (-row.count.answers, str(row.key)))
    if pooled:
        groups = [g for key in pooled for g in by_key[key]]
        rows.append(Row(OTHERS, groups, count_of(groups)))
    return rows if len(rows) > 1 else None


def crossings_are_safe(counts: dict, first: list[Row], second: list[Row]) -> bool:
    """Whether every crossing of a row of `first` with a row of `second` is empty or large
    enough (rows of one breakdown never share a group)."""
    for row in first:
        for other in second:
            common = [g for g in row.groups if g in other.groups]
            crossing = total(counts[g] for g in common)
            if crossing.answers and not crossing.large_enough:
                return False
    return True


def shown_breakdowns(counts: dict) -> tuple[list[Row] | None, list[Row] | None]:
    """The breakdowns by municipality and by site type that may be shown ({(site type,
    municipality): Count}); when both may not, the one with more rows."""
    by_municipality = breakdown(counts, lambda group: group[1])
    by_site_type = breakdown(counts, lambda group: group[0])
    both = by_municipality and by_site_type
    if both and not crossings_are_safe(counts, by_municipality, by_site_type):
        if len(by_site_type) > len(by_municipality):
            return None, by_site_type
        return by_municipality, None
    return by_municipality, by_site_type


@dataclass
class PooledRow:
    """A place too small to show in each of some consecutive sets of rounds, shown over them
    together: its key, its cells [(index of the set, group)] and their count."""

    key: object
    cells: list
    count: Count

    @property
    def set_indexes(self) -> list[int]:
        return sorted({index for index, _group in self.cells})


def pooled_across_sets(sets: list[dict], dimension) -> dict[int, list[PooledRow]]:
    """Rows of `dimension` (as in `breakdown`) too small to show in a set, each pooled with
    the same row of the following sets (oldest first, {group: Count} each) until large
    enough: {index of the set that completes a row: the rows}.

    A row joins only while it is too small on its own, and starts again after a set where it
    is large enough, so no pooled row holds answers that are shown elsewhere; a set without
    the row adds nothing and does not break it. The rows never overlap and never change once
    complete, so no two of them, nor one and a set's rows, differ by a small group."""
    complete: dict = defaultdict(list)
    waiting: dict = {}  # key -> cells so far
    for index, counts in enumerate(sets):
        by_key: dict = defaultdict(list)
        for group in counts:
            by_key[dimension(group)].append(group)
        for key, groups in by_key.items():
            if total(counts[g] for g in groups).large_enough:
                waiting.pop(key, None)
                continue
            cells = waiting.setdefault(key, [])
            cells.extend((index, group) for group in groups)
            pooled = total(sets[i][g] for i, g in cells)
            if pooled.large_enough:
                complete[index].append(PooledRow(key, waiting.pop(key), pooled))
    return complete


class Figures:
    """What the answers of some groups say, question by question, from the tallies
    ({group: {(question id, value): count}}); with `question_ids`, of those questions only."""

    def __init__(self, tallies: dict, groups, question_ids=None):
        self.counts: dict = defaultdict(lambda: defaultdict(int))
        for group in groups:
            for (question_id, value), count in tallies.get(group, {}).items():
                if question_ids is None or question_id in question_ids:
                    self.counts[question_id][value] += count

    def distribution(self, question_id: int, values) -> list[int]:
        return [self.counts[question_id].get(value, 0) for value in values]

    def mean(self, question_id: int) -> float | None:
        """The mean of a 1–5 question, without "don't know"."""
        answered = {v: c for v, c in self.counts[question_id].items() if v in LIKERT_VALUES}
        number = sum(answered.values())
        return sum(v * c for v, c in answered.items()) / number if number else None

    def share_yes(self, question_id: int) -> float | None:
        """The share of "yes" among those who said yes or no."""
        given = {v: c for v, c in self.counts[question_id].items() if v != DONT_KNOW}
        number = sum(given.values())
        return given.get(YES, 0) / number if number else None

    def index(self, question_ids) -> float | None:
        points, answers = index_sums(self.counts, question_ids)
        return safety_index(points, answers)


def index_sums(counts: dict, question_ids) -> tuple[int, int]:
    """The safety index's points (0 for "1" … 4 for "5") and answers, without "don't know",
    over the index questions ({question id: {value: count}})."""
    points = answers = 0
    for question_id in question_ids:
        for value, count in counts.get(question_id, {}).items():
            if value in LIKERT_VALUES:
                points += (value - 1) * count
                answers += count
    return points, answers


def safety_index(points: int | None, answers: int | None) -> float | None:
    """0–100: the mean answer of the index questions, 1 as 0 and 5 as 100."""
    return round(25 * points / answers, 1) if answers else None
