"""Reads of seizure feedback: the register for police and customs, and every view of the
figures. Views outside the register are built only from `base_cells()`: shareable entries of
quarters past the embargo, suppressed by area and quarter and released once (released.py)."""

import datetime
from dataclasses import dataclass

from peewee import JOIN, fn

from app.areas.models import Area, County, Municipality
from app.businesses.models import Business
from app.db import Page, paginate
from app.security import get_in_scope, scoped
from app.seizures.kept import kept
from app.seizures.models import CATEGORIES, SeizureFeedback
from app.seizures.periods import (
    Quarter,
    local_today,
    quarter_released_on,
    quarters_between,
    released_quarters,
)
from app.seizures.released import is_released, released, version
from app.seizures.suppression import Table, grouped_totals, suppress_blocks, table

BUSINESS_QUARTERS = 4  # the last 12 full months, as whole quarters
TREND_QUARTERS = 8
# The calendar years before this one whose quarters a view may show: eight quarters fed back
# after an embargo of up to a year reach back three years.
YEARS_SHOWN = 3
KIND = "seizures"  # of the released figures
MAX_PLACES_BY_AREA = 20  # beyond this, a scope's figures are summed per county


@dataclass(frozen=True)
class Unit:
    """A police area as the statistics count it."""

    id: int
    name: str
    county: str
    embargo_days: int


def register_page(user, page_number) -> Page:
    """A page of the entries in `user`'s scope, newest month first (police and customs)."""
    query = (
        SeizureFeedback.select(SeizureFeedback, Area, Municipality)
        .join(Area)
        .switch(SeizureFeedback)
        .join(Municipality, JOIN.LEFT_OUTER)
        .order_by(SeizureFeedback.month.desc(), Area.name, SeizureFeedback.category)
    )
    return paginate(
        scoped(SeizureFeedback, user, query),
        page_number,
        count_query=scoped(SeizureFeedback, user),
    )


def areas_in_scope(user) -> list:
    return list(scoped(Area, user).order_by(Area.name))


def entry_in_scope(user, entry_id) -> SeizureFeedback:
    query = SeizureFeedback.select(SeizureFeedback, Area).join(Area)
    return get_in_scope(SeizureFeedback, entry_id, user, query=query)


def released_on(entry: SeizureFeedback) -> datetime.date:
    """The day the entry's quarter is fed back in its area (its area joined)."""
    return quarter_released_on(Quarter.of(entry.month), entry.area.embargo_days)


def is_open(entry: SeizureFeedback, today: datetime.date) -> bool:
    """Whether the entry may still change (its area joined)."""
    return month_is_open(entry.area_id, entry.area.embargo_days, entry.month, today)


def month_is_open(area_id: int, embargo_days: int, month: datetime.date, today) -> bool:
    """Whether entries of the month may still be entered or changed in the area: its quarter
    is not fed back yet, nor was before the area's embargo was lengthened."""
    quarter = Quarter.of(month)
    return quarter_released_on(quarter, embargo_days) > today and not is_released(
        KIND, area_id, quarter
    )


def base_cells(today: datetime.date) -> dict:
    """The base cells {(area id, category, quarter): count or None} of every area, as
    released (released.py), for the calendar years any view may show: each area's quarters
    fed back by `today`. Each reader is then given the areas of their scope."""
    return kept("seizures", (today, _fingerprint()), lambda: _all_cells(today))


def _fingerprint() -> tuple:
    """What changes the cells: blocks released, and the areas' embargoes (which quarters
    are fed back)."""
    return version(KIND, Area.select(fn.SUM(Area.embargo_days) * 1000 + fn.COUNT(Area.id)))


def _all_cells(today: datetime.date) -> dict:
    years = quarters_between(Quarter(today.year - YEARS_SHOWN, 1), Quarter(today.year, 4))
    due = {
        area: [q for q in years if quarter_released_on(q, embargo_days) <= today]
        for area, embargo_days in Area.select(Area.id, Area.embargo_days).tuples()
    }
    return released(KIND, due, _count)


def _count(blocks: dict) -> dict:
    """The suppressed cells of `blocks` ({area id: [quarters]}) from the shareable entries."""
    quarters = sorted({quarter for quarters in blocks.values() for quarter in quarters})
    rows = (
        SeizureFeedback.select(
            SeizureFeedback.area,
            SeizureFeedback.category,
            SeizureFeedback.month,
            fn.SUM(SeizureFeedback.count),
        )
        .where(
            SeizureFeedback.shareable
            & SeizureFeedback.area.in_(list(blocks))
            & (SeizureFeedback.month >= quarters[0].start)
            & (SeizureFeedback.month < quarters[-1].end)
        )
        .group_by(SeizureFeedback.area, SeizureFeedback.category, SeizureFeedback.month)
        .tuples()
    )
    counts: dict = {}
    for area, category, month, n in rows:
        cell = (area, category, Quarter.of(month))
        counts[cell] = counts.get(cell, 0) + int(n)
    return suppress_blocks(counts, list(CATEGORIES), blocks)


@dataclass(frozen=True)
class BusinessFeedback:
    area: Area
    quarters: list
    figures: Table
    descriptions: list  # (quarter, category, description)
    next_quarter: Quarter
    next_release: datetime.date


def feedback_for_business(user) -> BusinessFeedback:
    """What a business sees: its area's last four quarters fed back, and the descriptions
    police and customs chose to share."""
    business = get_in_scope(
        Business, user.business_id, user, query=Business.select(Business, Area).join(Area)
    )
    area = business.area
    today = local_today()
    quarters = released_quarters(today, area.embargo_days, BUSINESS_QUARTERS)
    shown = base_cells(today)
    following = quarters[-1].next()
    return BusinessFeedback(
        area=area,
        quarters=quarters,
        figures=table(shown, [area.id], list(CATEGORIES), quarters),
        descriptions=_descriptions(area, quarters, shown),
        next_quarter=following,
        next_release=quarter_released_on(following, area.embargo_days),
    )


def _descriptions(area, quarters, shown: dict) -> list[tuple]:
    """The shared descriptions of the quarters, newest quarter first, by category and text
    (never in the order they were entered) – only beside a figure that is shown: one beside
    a hidden cell would tell that the cell is not zero."""
    rows = (
        SeizureFeedback.select(
            SeizureFeedback.month, SeizureFeedback.category, SeizureFeedback.description
        )
        .where(
            (SeizureFeedback.area == area.id)
            & SeizureFeedback.shareable
            & (SeizureFeedback.description != "")
            & (SeizureFeedback.month >= quarters[0].start)
            & (SeizureFeedback.month < quarters[-1].end)
        )
        .tuples()
    )
    found = {
        (Quarter.of(month), category, text)
        for month, category, text in rows
        if shown.get((area.id, category, Quarter.of(month)))
    }
    order = {category: n for n, category in enumerate(CATEGORIES)}
    return sorted(found, key=lambda d: (-d[0].year, -d[0].number, order.get(d[1], 99), d[2]))


@dataclass(frozen=True)
class Statistics:
    units: list
    quarters: list
    figures: Table  # categories by quarters
    places: Table | None  # areas (or counties) by quarters, when the scope has several
    places_are_counties: bool


def statistics(user) -> Statistics:
    """Staff, county and admins: their scope's last eight quarters fed back in every area of
    it, by category, and per area (or per county for large scopes)."""
    areas = scoped(
        Area,
        user,
        Area.select(Area.id, Area.name, Area.embargo_days, County.name.alias("county_name"))
        .join(County)
        .order_by(Area.name),
    )
    units = [Unit(a.id, a.name, a.county_name, a.embargo_days) for a in areas.objects()]
    today = local_today()
    embargo = max((unit.embargo_days for unit in units), default=Area.embargo_days.default)
    quarters = released_quarters(today, embargo, TREND_QUARTERS)
    shown = base_cells(today)
    ids = [unit.id for unit in units]
    by_county = len(units) > MAX_PLACES_BY_AREA
    places = None
    if len(units) > 1:
        names = {unit.id: unit.county if by_county else unit.name for unit in units}
        places = grouped_totals(shown, ids, names.get, list(CATEGORIES), quarters)
    return Statistics(
        units=units,
        quarters=quarters,
        figures=table(shown, ids, list(CATEGORIES), quarters),
        places=places,
        places_are_counties=by_county,
    )
