"""Reads of the contact log: the business's own contacts, the follow-up list of the area's
police (customs: only contacts through its channels, in its region) and the statistics
everyone else sees, built by the suppression service."""

from dataclasses import dataclass

from peewee import SQL, Case, fn

from app.areas.models import Area
from app.businesses.models import SITE_TYPES, Business
from app.contacts.models import (
    CHANNELS,
    CUSTOMS_CHANNELS,
    RETENTION_MONTHS,
    WANTS_VISIT,
    Contact,
)
from app.db import Page, paginate
from app.security import get_in_scope, scoped
from app.seizures.kept import kept
from app.seizures.periods import (
    Quarter,
    add_months,
    local_today,
    months_back,
    quarters_between,
)
from app.seizures.suppression import Table, share, suppress_blocks, table

# Every figure shown comes from at least this many businesses: a municipality with one
# terminal must not learn how often that terminal called.
MIN_BUSINESSES = 2
PER_PAGE = 25
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


def available_quarters(today) -> list[Quarter]:
    """The whole quarters whose contacts are all still kept: ended, and begun no more than 12
    months ago (rows are deleted after 12 months, so an older quarter is no longer whole)."""
    last = Quarter.of(today).previous()
    first = Quarter.of(months_back(today, RETENTION_MONTHS))
    if first.start < months_back(today, RETENTION_MONTHS):
        first = first.next()
    return quarters_between(first, last)


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


def base_cells(quarters) -> dict:
    """{breakdown: {((area, municipality), row, quarter): count or None}}: every contact
    counted per police area and municipality, suppressed block by block (the months of a
    quarter have no total of their own across quarters, so only their quarter's total
    protects them). Each reader is then given the pairs of their scope."""
    return kept("contacts", (tuple(quarters), _fingerprint()), lambda: _suppressed(quarters))


def _fingerprint() -> tuple:
    """What changes with every write that moves a figure: contacts logged or deleted, and
    the first visit or feedback on one (a later one moves nothing)."""
    return (
        Contact.select(
            fn.COUNT(Contact.id),
            fn.MAX(Contact.id),
            fn.COUNT(Contact.visited_on),
            fn.COUNT(Contact.feedback_on),
        )
        .tuples()
        .get()
    )


def _suppressed(quarters) -> dict:
    counts, contributors = _counts(quarters)
    units = {unit for breakdown in counts.values() for unit, _row, _q in breakdown}
    unit_periods = {unit: quarters for unit in units}
    return {
        name: suppress_blocks(
            counts.get(name, {}),
            list(rows),
            unit_periods,
            contributors.get(name, {}),
            MIN_BUSINESSES,
            rows_are_lines=name != "month",
        )
        for name, rows in BREAKDOWN_ROWS.items()
    }


def units_in_scope(user) -> list:
    """The police area and municipality pairs of the user's scope that have contacts."""
    query = Contact.select(Contact.area, Contact.municipality).distinct()
    return sorted(scoped(Contact, user, query).tuples())


def statistics(user) -> ContactStatistics:
    """Contacts in the user's scope per month, site type and channel, and the shares with a
    visit and with feedback, per whole quarter, from the suppressed base cells: figures from
    fewer than two businesses are hidden too."""
    quarters = available_quarters(local_today())
    cells = base_cells(quarters)
    units = units_in_scope(user)

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


def _counts(quarters) -> tuple[dict, dict]:
    """{breakdown: {((area, municipality), row, quarter): contacts}} and the same with the
    number of businesses behind each count, in one query."""
    if not quarters:
        return {}, {}
    period = Case(None, [(Contact.contacted_on < q.end, i) for i, q in enumerate(quarters)])
    month_starts = [add_months(q.start, n) for q in quarters for n in (1, 2, 3)]
    month = Case(
        None,
        [
            (Contact.contacted_on < end, MONTHS_OF_QUARTER[i % 3])
            for i, end in enumerate(month_starts)
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
                period,
                fn.COUNT(Contact.id),
                fn.COUNT(Contact.business.distinct()),
            )
            .join(Business)
            .where(
                (Contact.contacted_on >= quarters[0].start)
                & (Contact.contacted_on < quarters[-1].end)
            )
            # By position: PostgreSQL does not see a CASE with parameters in GROUP BY as
            # the same expression as in the select list.
            .group_by(SQL("2"), SQL("3"), SQL("4"), SQL("5"))
        )
        union = query if union is None else union + query
    counts, contributors = {}, {}
    for index, area, municipality, row, quarter, n, businesses in union.tuples():
        cell = ((area, municipality), row, quarters[quarter])
        counts.setdefault(names[index], {})[cell] = n
        contributors.setdefault(names[index], {})[cell] = businesses
    return counts, contributors
