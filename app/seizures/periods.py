"""Fixed calendar periods for statistics: months and quarters, in Swedish local time.

Statistics are only ever shown for whole calendar periods, the same in every view, so that
no figure can be worked out by comparing two views that cut time differently.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _

LOCAL_TIME = ZoneInfo("Europe/Stockholm")


def local_today() -> datetime.date:
    """Today's date in Sweden (a contact logged at 00:30 belongs to that day)."""
    return datetime.datetime.now(LOCAL_TIME).date()


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_back(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the last day of a shorter month): 31 May -> 28 Feb."""
    first = add_months(day, -months)
    last_day = (add_months(first, 1) - datetime.timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))


def month_label(month: datetime.date) -> str:
    """ "mars 2026" / "March 2026"."""
    return format_date(month, "LLLL yyyy")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> datetime.date:
        """The first day after the quarter."""
        return add_months(self.start, 3)

    @property
    def months(self) -> list[datetime.date]:
        return [add_months(self.start, n) for n in range(3)]

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """The quarter named like str() names it: "2026-Q1"."""
        year, number = text.split("-Q")
        return cls(int(year), int(number))

    def previous(self) -> "Quarter":
        return Quarter.of(add_months(self.start, -3))

    def next(self) -> "Quarter":
        return Quarter.of(self.end)

    def label(self) -> str:
        return _("Q%(number)s %(year)s", number=self.number, year=self.year)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


def quarters_ending_with(last: Quarter, count: int) -> list[Quarter]:
    """`count` quarters up to and including `last`, oldest first."""
    quarters = [last]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters = []
    quarter = first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def quarter_released_on(quarter: Quarter, embargo_days: int) -> datetime.date:
    """The first day a quarter's seizures are fed back: the embargo is counted from the end
    of each entry's month, so a quarter is complete once its last month's embargo is over."""
    return quarter.end + datetime.timedelta(days=embargo_days)


def released_quarters(today: datetime.date, embargo_days: int, count: int) -> list[Quarter]:
    """The `count` latest quarters fed back by `today`, oldest first."""
    last = Quarter.of(today).previous()
    while quarter_released_on(last, embargo_days) > today:
        last = last.previous()
    return quarters_ending_with(last, count)
