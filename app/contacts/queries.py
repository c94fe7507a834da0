"""Reads of the contact log: the business's own contacts, the follow-up list of the area's
police (customs: only contacts through its channels, in its region) and the statistics
everyone else sees, built by the suppression service."""

import datetime
from dataclasses import dataclass

from peewee import SQL, Case, fn

from app.areas.models import Area
from app.businesses.models import SITE_TYPES, Business
from app.contacts.models import (
    CHANNELS,
    CUSTOMS_CHANNELS,
    DAYS_BACK,
    RETENTION_MONTHS,
    WANTS_VISIT,
    Contact,
)
from app.db import Page, paginate
from app.security import get_in_scope, scoped
from app.seizures.kept import kept
from app.seizures.models import ReleasedFigure
from app.seizures.periods import (
    Quarter,
    add_months,
    local_today,
    months_back,
    quarters_ending_with,
)
from app.seizures.released import ALL_UNITS, released, released_quarters_of, version
from app.seizures.suppression import Table, share, suppress_blocks, table

# Every figure shown comes from at least this many businesses: a municipality with one
# terminal must not learn how often that terminal called.
MIN_BUSINESSES = 2
PER_PAGE = 25
SHOWN_QUARTERS = 4
KIND = "contacts"  # of the released figures
MONTHS_OF_QUARTER = ("1", "2", "3")
YES_NO = ("yes", "no")


def business_of(user) -> Business:
    """The user's business, with its area (for the contact routes and the counter card)."""
    query = Business.select(Business, Area).join(Area)
    return get_in_scope(Business, user.business_id, user, query=query)


def own_page(user, page_number) -> Page:
    """A page of the business's contacts, newest first."""
    query = scoped(Contact, user).order_by(Contact.contacted_on.desc(), Contact.id.desc())
    return paginate(query, page_number, per_page=PER_PAGE)


def _followed_up_by(user, query):
    """Police see their area's contacts; customs only those made through its channels."""
    query = scoped(Contact, user, query)
    if user.role == "customs":
        query = query.where(Contact.channel.in_(CUSTOMS_CHANNELS))
    return query


WAITING = Contact.visit_wish.in_(WANTS_VISIT) & Contact.visited_on.is_null()


def _follow_up(user, query, only_waiting: bool):
    query = _followed_up_by(user, query)
    return query.where(WAITING) if only_waiting else query


def follow_up_page(user, page_number, only_waiting: bool = False) -> Page:
    """A page of the contacts police (customs) follow up, newest first, with each business."""
    query = (
        Contact.select(Contact, Business)
        .join(Business)
        .order_by(Contact.contacted_on.desc(), Contact.id.desc())
    )
    return paginate(
        _follow_up(user, query, only_waiting),
        page_number,
        per_page=PER_PAGE,
        count_query=_follow_up(user, Contact.select(), only_waiting),
    )


def follow_up_count(user, only_waiting: bool = False) -> int:
    return _follow_up(user, Contact.select(), only_waiting).count()


def contact_for_follow_up(user, contact_id) -> Contact:
    query = _followed_up_by(user, Contact.select(Contact, Business).join(Business))
    return get_in_scope(Contact, contact_id, user, query=query)


def waiting_visits(user) -> dict:
    """The home panel of police and customs: contacts that wish a visit not yet made."""
    return {"waiting": follow_up_count(user, only_waiting=True)}


def final_quarters(today: datetime.date) -> list[Quarter]:
    """The last four quarters whose figures can no longer change: ended more than the 90
    days a contact may be logged late."""
    last = Quarter.of(today).previous()
    while last.end + datetime.timedelta(days=DAYS_BACK) > today:
        last = last.previous()
    return quarters_ending_with(last, SHOWN_QUARTERS)


@dataclass(frozen=True)
class ContactStatistics:
    quarters: list
    per_month: Table  # month of the quarter ("1" to "3") by quarter
    site_types: Table
    channels: Table
    visit_shares: list  # per quarter: share with a visit, or None
    feedback_shares: list

    @property
    def months(self) -> list[tuple]:
        """(first day of the month, figure) for every month of the quarters."""
        return [
            (quarter.months[int(row) - 1], self.per_month.cell(row, quarter))
            for quarter in self.quarters
            for row in MONTHS_OF_QUARTER
        ]


BREAKDOWN_ROWS = {
    "month": MONTHS_OF_QUARTER,
    "site_type": SITE_TYPES,
    "channel": CHANNELS,
    "visit": YES_NO,
    "feedback": YES_NO,
}


def base_cells(today: datetime.date) -> tuple[list, dict]:
    """The quarters shown and {breakdown: {((area, municipality), row, quarter): count or
    None}}: every contact counted per police area and municipality and suppressed per
    quarter, as released (released.py). Each reader is then given the pairs of their scope."""
    return kept("contacts", (today, version(KIND)), lambda: released_statistics(today))


def released_statistics(today: datetime.date) -> tuple[list, dict]:
    """base_cells() unkept: the final quarters released now if they are not yet, as long as
    every contact of them is still kept (a quarter released earlier stays)."""
    earlier = released_quarters_of(KIND)
    kept_from = months_back(today, RETENTION_MONTHS)
    quarters = [q for q in final_quarters(today) if q in earlier or q.start >= kept_from]
    cells: dict = {name: {} for name in BREAKDOWN_ROWS}
    for (unit, key, quarter), figure in released(KIND, {ALL_UNITS: quarters}, _count).items():
        name, row = key.split(":", 1)
        cells[name][(unit, row, quarter)] = figure
    return quarters, cells


def _count(blocks: dict) -> dict:
    """The suppressed cells of the quarters of `blocks` ({ALL_UNITS: [quarters]}), every
    breakdown in one: {(unit, "breakdown:row", quarter): count or None}. A figure from
    fewer than two businesses is hidden too."""
    counted = {}
    for quarter in blocks[ALL_UNITS]:
        counts, contributors = _counts(quarter)
        for name, rows in BREAKDOWN_ROWS.items():
            figures = suppress_blocks(
                counts.get(name, {}),
                list(rows),
                {unit: [quarter] for unit, _row, _q in counts.get(name, {})},
                contributors.get(name, {}),
                MIN_BUSINESSES,
            )
            counted.update(
                {(unit, f"{name}:{row}", q): figure for (unit, row, q), figure in figures.items()}
            )
    return counted


def units_in_scope(user, quarters) -> list:
    """The police area and municipality pairs of the user's scope with figures released in
    the quarters."""
    query = (
        ReleasedFigure.select(ReleasedFigure.area_id, ReleasedFigure.municipality_id)
        .where(
            (ReleasedFigure.kind == KIND)
            & ReleasedFigure.period.in_([str(quarter) for quarter in quarters])
            & (ReleasedFigure.area_id != ALL_UNITS)
        )
        .distinct()
    )
    return sorted(scoped(ReleasedFigure, user, query).tuples())


def statistics(user) -> ContactStatistics:
    """Contacts in the user's scope per month, site type and channel, and the shares with a
    visit and with feedback (as they were when the quarter was released), per quarter, from
    the released base cells."""
    quarters, cells = base_cells(local_today())
    units = units_in_scope(user, quarters)

    def figures(name):
        return table(cells[name], units, list(BREAKDOWN_ROWS[name]), quarters)

    return ContactStatistics(
        quarters=quarters,
        per_month=figures("month"),
        site_types=figures("site_type"),
        channels=figures("channel"),
        visit_shares=[share(cells["visit"], units, "yes", "no", q) for q in quarters],
        feedback_shares=[share(cells["feedback"], units, "yes", "no", q) for q in quarters],
    )


def _counts(quarter: Quarter) -> tuple[dict, dict]:
    """{breakdown: {((area, municipality), row, quarter): contacts}} of the quarter and the
    same with the number of businesses behind each count, in one query."""
    month = Case(
        None,
        [
            (Contact.contacted_on < add_months(quarter.start, n + 1), row)
            for n, row in enumerate(MONTHS_OF_QUARTER)
        ],
    )
    keys = {
        "site_type": Business.site_type,
        "channel": Contact.channel,
        "month": month,
        "visit": Case(None, [(Contact.visited_on.is_null(False), "yes")], "no"),
        "feedback": Case(None, [(Contact.feedback != "", "yes")], "no"),
    }
    names = list(keys)
    union = None
    for index, key in enumerate(keys.values()):
        query = (
            Contact.select(
                SQL(str(index)),
                Contact.area,
                Contact.municipality,
                key,
                fn.COUNT(Contact.id),
                fn.COUNT(Contact.business.distinct()),
            )
            .join(Business)
            .where((Contact.contacted_on >= quarter.start) & (Contact.contacted_on < quarter.end))
            # By position: PostgreSQL does not see a CASE with parameters in GROUP BY as
            # the same expression as in the select list.
            .group_by(SQL("2"), SQL("3"), SQL("4"))
        )
        union = query if union is None else union + query
    counts, contributors = {}, {}
    for index, area, municipality, row, n, businesses in union.tuples():
        cell = ((area, municipality), row, quarter)
        counts.setdefault(names[index], {})[cell] = n
        contributors.setdefault(names[index], {})[cell] = businesses
    return counts, contributors
