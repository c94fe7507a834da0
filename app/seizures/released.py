"""Figures are released once and never change.

A base block (a unit's rows in one quarter, suppression.py) is suppressed the first time it is
needed after its quarter is final – seizures: the area's embargo is over; contacts: the days a
contact may be logged late have passed – and stored as it was shown. On every later day the
stored figures are shown: a figure once shown stays shown and the same, a hidden one stays
hidden, so comparing the views of two days gives away nothing one day's view does not. A late
change to the data (an embargo lengthened, a contact deleted after 12 months) moves nothing
already released.
"""

from collections.abc import Callable

from peewee import chunked, fn

from app.db import database
from app.seizures.models import ReleasedFigure
from app.seizures.periods import Quarter

ALL_UNITS = 0  # a block key for "every unit at once" (contacts are released per quarter)
_MARK = ""  # the row that records a block as released, whatever its figures


def released(kind: str, due: dict, count: Callable[[dict], dict]) -> dict:
    """{(unit, row, quarter): figure or None (hidden)} of the blocks `due` – {block: [quarters]},
    a block being a police area id or ALL_UNITS – as first released. Blocks not released yet
    are counted by `count({block: [quarters]})`, which answers suppressed figures in the same
    form, and stored. A unit is a police area id, or an (area id, municipality id) pair."""
    wanted = {(block, quarter) for block, quarters in due.items() for quarter in quarters}
    if not wanted:
        return {}
    quarters = {str(quarter): quarter for _block, quarter in wanted}
    stored = ReleasedFigure.select(
        ReleasedFigure.area_id,
        ReleasedFigure.municipality_id,
        ReleasedFigure.row,
        ReleasedFigure.period,
        ReleasedFigure.figure,
    ).where((ReleasedFigure.kind == kind) & ReleasedFigure.period.in_(list(quarters)))
    cells, marked = {}, set()
    for area_id, municipality_id, row, period, figure in stored.tuples():
        quarter = quarters[period]
        if row == _MARK:
            marked.add((area_id, quarter))
        elif (area_id, quarter) in wanted or (ALL_UNITS, quarter) in wanted:
            unit = (area_id, municipality_id) if municipality_id else area_id
            cells[(unit, row, quarter)] = figure
    missing: dict = {}
    for block, quarter in sorted(wanted - marked):
        missing.setdefault(block, []).append(quarter)
    if missing:
        fresh = count(missing)
        _store(kind, missing, fresh)
        cells.update(fresh)
    return cells


def version(kind: str, *also) -> tuple:
    """What changes whenever a block of `kind` is released (or the figures are removed), and
    the values of the subqueries `also`, in one query."""
    query = ReleasedFigure.select(fn.COUNT(ReleasedFigure.id), fn.MAX(ReleasedFigure.id), *also)
    return query.where(ReleasedFigure.kind == kind).tuples().get()


def is_released(kind: str, block: int, quarter: Quarter) -> bool:
    """Whether the block (a police area id, or ALL_UNITS) was released for the quarter."""
    return (
        ReleasedFigure.select()
        .where(
            (ReleasedFigure.kind == kind)
            & (ReleasedFigure.period == str(quarter))
            & (ReleasedFigure.area_id == block)
            & (ReleasedFigure.municipality_id == 0)
            & (ReleasedFigure.row == _MARK)
        )
        .exists()
    )


def released_quarters_of(kind: str) -> set[Quarter]:
    """The quarters released for every unit at once (ALL_UNITS)."""
    periods = ReleasedFigure.select(ReleasedFigure.period).where(
        (ReleasedFigure.kind == kind)
        & (ReleasedFigure.area_id == ALL_UNITS)
        & (ReleasedFigure.row == _MARK)
    )
    return {Quarter.parse(period) for (period,) in periods.tuples()}


def _store(kind: str, blocks: dict, cells: dict) -> None:
    """The blocks' marks and figures; a block another process released meanwhile is kept as
    it was (the same data gives the same figures)."""
    rows = [
        (kind, str(quarter), block, 0, _MARK, None)
        for block, quarters in blocks.items()
        for quarter in quarters
    ]
    for (unit, row, quarter), figure in cells.items():
        area_id, municipality_id = unit if isinstance(unit, tuple) else (unit, 0)
        rows.append((kind, str(quarter), area_id, municipality_id, row, figure))
    fields = [
        ReleasedFigure.kind,
        ReleasedFigure.period,
        ReleasedFigure.area_id,
        ReleasedFigure.municipality_id,
        ReleasedFigure.row,
        ReleasedFigure.figure,
    ]
    with database.atomic():
        for batch in chunked(rows, 500):
            ReleasedFigure.insert_many(batch, fields=fields).on_conflict_ignore().execute()
