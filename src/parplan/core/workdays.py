"""The working calendar of Vietnamese state bodies: which days are worked, the next working day,
working days between two dates.

State bodies work Monday–Friday (QĐ 188/1999/QĐ-TTg) minus the public holidays (Labour Code
2019, Art. 112) with the days the Government swaps each year. The announced schedules ship in
``data/vn_days_off.toml`` (each entry citing its notice); a year not there takes the statutory
days from the ``holidays`` package. A plan adds its own days off and worked Saturdays.

Civil Code 2015, Art. 148(5): a period whose last day is a day off ends at the end of the next
working day -- :meth:`WorkingCalendar.effective_due`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import cache
from typing import Any, NamedTuple

SATURDAY = 5
PACKAGE_SOURCE = "Bộ luật Lao động 2019, Điều 112 (theo gói holidays)"


class Within:
    """How far ahead work counts as due soon: calendar days, or working days.

    A small class, not a tuple: it is ``--within``'s default, which Click's help would write
    as a tuple's fields ("14, False"); not a dataclass, which costs every start ~4 M
    instructions to build."""

    __slots__ = ("days", "working")

    def __init__(self, days: int, working: bool = False) -> None:
        self.days = days
        self.working = working

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Within):
            return NotImplemented
        return (self.days, self.working) == (other.days, other.working)

    def __hash__(self) -> int:
        return hash((self.days, self.working))

    def __repr__(self) -> str:
        return f"Within({self.days}, working={self.working})"

    def __str__(self) -> str:
        """As typed after --within: "14", "5nlv"."""
        return f"{self.days}nlv" if self.working else str(self.days)

    @property
    def label(self) -> str:
        """ "14 ngày", "5 ngày làm việc"."""
        return f"{self.days} ngày" + (" làm việc" if self.working else "")


DEFAULT_WITHIN = Within(14)
_WITHIN = r"(\d{1,4})\s*(nlv|ngày làm việc)?"  # compiled (re caches it) when --within is read


def parse_within(text: str) -> Within:
    """ "14" (days), "5nlv" or "5 ngày làm việc" (working days)."""
    found = re.fullmatch(_WITHIN, unicodedata.normalize("NFC", text.strip().lower()))
    if found is None:
        raise ValueError(f"'{text}': cần số ngày từ 0 đến 9999 (14) hoặc số ngày làm việc (5nlv)")
    return Within(int(found[1]), working=found[2] is not None)


class Notice(NamedTuple):
    """One entry of the announced schedule: its days and the notice announcing them."""

    name: str
    days_off: tuple[date, ...]
    working_days: tuple[date, ...]
    source: str
    confirmed: bool


class YearDays(NamedTuple):
    """A year's days off on weekdays (with the notice giving each) and weekend days worked."""

    off: dict[date, Notice]
    worked: frozenset[date]


@cache
def announced() -> tuple[frozenset[int], tuple[Notice, ...]]:
    """The years the shipped schedule covers and its entries."""
    # imported here: every command imports this module (for --within), few read the file
    import tomllib
    from importlib import resources

    text = resources.files("parplan").joinpath("data/vn_days_off.toml").read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    notices = tuple(
        Notice(
            name=e["name"],
            days_off=tuple(e.get("days_off", ())),
            working_days=tuple(e.get("working_days", ())),
            source=e["source"],
            confirmed=e["confirmed"],
        )
        for e in data["entry"]
    )
    return frozenset(data["years"]), notices


@cache
def year_days(year: int) -> YearDays:
    """The national schedule of one year: the shipped one, else the ``holidays`` package's."""
    years, notices = announced()
    if year in years:
        off = {d: n for n in notices for d in n.days_off if d.year == year}
        worked = frozenset(d for n in notices for d in n.working_days if d.year == year)
        return YearDays(off, worked)
    return _package_year(year)


def _package_year(year: int) -> YearDays:
    # imported here: the package takes most of a second to import, and only a plan that opts
    # into the working calendar (or asks for working days) needs it
    import holidays

    found = holidays.country_holidays("VN", years=year, language="vi")
    off = {
        d: Notice(str(name), (d,), (), PACKAGE_SOURCE, confirmed=True)
        for d, name in found.items()
        if d.weekday() < SATURDAY
    }
    worked = frozenset(d for d in getattr(found, "weekend_workdays", ()) if d.year == year)
    return YearDays(off, worked)


class WorkingCalendar(NamedTuple):
    """The national schedule plus an agency's own days off and weekend days worked."""

    roll_forward: bool = True
    own_days_off: frozenset[date] = frozenset()
    own_working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.own_working_days:
            return True
        if day in self.own_days_off:
            return False
        national = year_days(day.year)
        if day.weekday() >= SATURDAY:
            return day in national.worked
        return day not in national.off

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def effective_due(self, due: date) -> date:
        """When work written as due on ``due`` is due: the next working day when ``due`` is a
        day off and the plan rolls deadlines forward (BLDS 2015 Điều 148)."""
        return self.next_working_day(due) if self.roll_forward else due

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative, counting (end, start], when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        years = range(start.year, end.year)
        return _rank(self, end) - _rank(self, start) + sum(_cumulative(self, y)[-1] for y in years)

    def days_off(self, start: date, end: date) -> Iterator[tuple[date, str, str]]:
        """(day, what, source) of the days off in [start, end] other than an ordinary
        Saturday or Sunday, and of the weekend days worked."""
        for day in _days(start, end):
            if day in self.own_working_days:
                yield day, WORKED, OWN_SOURCE
            elif day in self.own_days_off:
                yield day, "Ngày nghỉ của cơ quan", OWN_SOURCE
            elif day.weekday() >= SATURDAY and day in year_days(day.year).worked:
                yield day, WORKED, _worked_source(day)
            elif notice := year_days(day.year).off.get(day):
                unconfirmed = "" if notice.confirmed else " (chưa xác minh số hiệu văn bản)"
                yield day, f"Nghỉ: {notice.name}", notice.source + unconfirmed


def day_count(days: int, workdays: int | None = None) -> str:
    """A number of days as every output says it ("5 ngày"): in working days when the plan
    keeps a working calendar ("3 ngày làm việc"; calendar days when no working day lies
    between, as late on a Saturday for a Friday deadline)."""
    return f"{abs(workdays)} ngày làm việc" if workdays else f"{abs(days)} ngày"


WORKED = "Ngày làm việc (làm bù)"
OWN_SOURCE = "Kế hoạch (working_calendar)"


def _worked_source(day: date) -> str:
    years, notices = announced()
    found = (n.source for n in notices if day in n.working_days) if day.year in years else ()
    return next(iter(found), PACKAGE_SOURCE)


@cache
def _cumulative(calendar: WorkingCalendar, year: int) -> tuple[int, ...]:
    """Working days of ``year`` up to and including each of its days: counting between two
    dates is two look-ups, not a walk over every day (a 10,000-task plan: 4.8 s -> 0.2 s)."""
    count, out = 0, []
    for day in _days(date(year, 1, 1), date(year, 12, 31)):
        count += calendar.is_working_day(day)
        out.append(count)
    return tuple(out)


def _rank(calendar: WorkingCalendar, day: date) -> int:
    """Working days from 1 January of ``day``'s year to ``day``, inclusive."""
    return _cumulative(calendar, day.year)[day.timetuple().tm_yday - 1]


def _days(start: date, end: date) -> Iterable[date]:
    return (start + timedelta(days=i) for i in range((end - start).days + 1))
