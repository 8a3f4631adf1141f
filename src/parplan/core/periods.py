"""Periods (month, quarter, half, nine months, year), written deadlines and their due dates.

Pure functions of data: no clock, no I/O. A deadline resolves to the *last day on which the
work is still on time* (see docs/plan-format.md): "Quý II/2024" is due 30/06/2024 and
"Trước ngày 22/02/2024" is due 21/02/2024.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, NamedTuple

PeriodKind = Literal["month", "quarter", "half", "9m", "year"]

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a plan's or baseline's year (fields.Year), the schema, --year

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# --- the period and deadline grammar, defined once --------------------------------------------
# The parser's regex, the model's patterns, the JSON Schema's stricter patterns and the hints in
# messages are all built from these tables; a new form is one row.

_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12]\d|3[01])"


class PeriodForm(NamedTuple):
    """One written form of a period after the year: its example, the parser's named group
    (loose: the parser says what is wrong), and the JSON Schema's strict body."""

    example: str
    group: str
    loose: str
    strict: str


PERIOD_FORMS = (
    PeriodForm("2024-02", "month", r"\d{2}", _MONTH),
    PeriodForm("2024-Q1", "q", r"Q[1-4]", r"Q[1-4]"),
    PeriodForm("2024-H1", "h", r"H[12]", r"H[12]"),
    PeriodForm("2024-9M", "nine", r"9M", r"9M"),
)
DATE_EXAMPLE, BEFORE_EXAMPLE, YEAR_EXAMPLE, NO_DEADLINE = (
    "2024-02-21",
    "before 2024-02-22",
    "2024",
    "none",
)


def _period_body(*, strict: bool = False, named: bool = False) -> str:
    forms = [
        (f"(?P<{f.group}>{f.loose})" if named else (f.strict if strict else f.loose))
        for f in PERIOD_FORMS
    ]
    return "|".join(forms)


_PERIOD_RE = re.compile(rf"^(?P<year>\d{{4}})(?:-(?:{_period_body(named=True)}))?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_PATTERN = rf"^\d{{4}}(-({_period_body()}))?$"
SCHEMA_PERIOD_PATTERN = rf"^\d{{4}}(-({_period_body(strict=True)}))?$"
DEADLINE_PATTERN = (
    rf"^({NO_DEADLINE}|(before )?\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}(-({_period_body()}))?)$"
)
SCHEMA_DEADLINE_PATTERN = (
    rf"^({NO_DEADLINE}|(before )?\d{{4}}-{_MONTH}-{_DAY}|\d{{4}}(-({_period_body(strict=True)}))?)$"
)
PERIOD_EXAMPLES = (YEAR_EXAMPLE, *(f.example for f in PERIOD_FORMS))
DEADLINE_EXAMPLES = (
    DATE_EXAMPLE,
    BEFORE_EXAMPLE,
    *(f.example for f in PERIOD_FORMS),
    YEAR_EXAMPLE,
    NO_DEADLINE,
)
PERIOD_HINT = f"cần dạng {', '.join(PERIOD_EXAMPLES[:-1])} hoặc {PERIOD_EXAMPLES[-1]}"
DEADLINE_HINT = f"cần một trong các dạng: {', '.join(DEADLINE_EXAMPLES)}"


class InvalidDate(ValueError):
    """A date in a plan or on the command line that does not exist or is not YYYY-MM-DD."""


class BadMonth(ValueError):
    """A period or date in the right form with a month that does not exist (2024-13)."""


# Decree 09/2019: a period's figures run from the 15th of the month before it to the 14th of
# its last month (a plan may set other days: reporting.data_window)
DATA_WINDOW_START = 15
DATA_WINDOW_END = 14


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_date(year: int, month: int, day: int, delta: int) -> date:
    """The same day ``delta`` years on; the 29th of February becomes the 28th when needed."""
    new_year = year + delta
    return date(new_year, month, min(day, calendar.monthrange(new_year, month)[1]))


def year_named(text: str | None) -> int | None:
    """The year a typed period or date names (2024-Q1, 2024, 2024-03-20, 20/03/2024), if it
    names one."""
    m = re.match(r"^\s*(\d{4})\b", text or "") or re.search(r"/(\d{4})\s*$", text or "")
    return int(m[1]) if m else None


def add_months(d: date, months: int) -> tuple[int, int]:
    """(year, month) ``months`` after the month of ``d``."""
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period of a plan year. ``index``: month 1–12, quarter 1–4, half 1–2."""

    year: int
    kind: PeriodKind
    index: int = 0

    @property
    def first_month(self) -> int:
        if self.kind == "month":
            return self.index
        if self.kind == "quarter":
            return 3 * self.index - 2
        if self.kind == "half":
            return 6 * self.index - 5
        return 1

    @property
    def last_month(self) -> int:
        return {
            "month": self.index,
            "quarter": 3 * self.index,
            "half": 6 * self.index,
            "9m": 9,
            "year": 12,
        }[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        return last_day(self.year, self.last_month)

    @property
    def code(self) -> str:
        suffix = {
            "month": f"-{self.index:02d}",
            "quarter": f"-Q{self.index}",
            "half": f"-H{self.index}",
            "9m": "-9M",
            "year": "",
        }[self.kind]
        return f"{self.year}{suffix}"

    @property
    def label(self) -> str:
        """Vietnamese label: "Quý I/2024", "6 tháng đầu năm 2024", "Tháng 02/2024"."""
        if self.kind == "month":
            return f"Tháng {self.index:02d}/{self.year}"
        if self.kind == "quarter":
            return f"Quý {_ROMAN[self.index]}/{self.year}"
        if self.kind == "half":
            which = "đầu" if self.index == 1 else "cuối"
            return f"6 tháng {which} năm {self.year}"
        if self.kind == "9m":
            return f"9 tháng năm {self.year}"
        return f"Năm {self.year}"

    @property
    def phrase(self) -> str:
        """In running text: "quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024",
        "tháng 02 năm 2024", "năm 2024"."""
        if self.kind == "month":
            return f"tháng {self.index:02d} năm {self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN[self.index]} năm {self.year}"
        if self.kind == "year":
            return f"năm {self.year}"
        return self.label

    @property
    def following(self) -> Period | None:
        """The rest of the year a report of this period looks ahead to: the next quarter,
        the second half, the fourth quarter after nine months; none after the last."""
        if self.kind in ("month", "quarter", "half"):
            last = {"month": 12, "quarter": 4, "half": 2}[self.kind]
            return Period(self.year, self.kind, self.index + 1) if self.index < last else None
        if self.kind == "9m":
            return Period(self.year, "quarter", 4)
        return None

    @property
    def short_label(self) -> str:
        """For narrow columns: "Quý I/2024", "6 tháng/2024", "6 tháng cuối/2024", "Năm 2024"."""
        if self.kind == "half":
            return f"6 tháng/{self.year}" if self.index == 1 else f"6 tháng cuối/{self.year}"
        if self.kind == "9m":
            return f"9 tháng/{self.year}"
        return self.label

    def data_window(
        self, start_day: int = DATA_WINDOW_START, end_day: int = DATA_WINDOW_END
    ) -> tuple[date, date]:
        """Decree 09/2019 data cut-off: ``start_day`` of the month before the period's first
        month to ``end_day`` of its last month (Q1 2024: 15/12/2023 – 14/03/2024)."""
        y, m = add_months(self.start, -1)
        start = date(y, m, min(start_day, calendar.monthrange(y, m)[1]))
        end = date(self.year, self.last_month, min(end_day, self.end.day))
        return start, end

    def __str__(self) -> str:
        return self.code


def parse_period(value: object) -> Period:
    """Parse ``2024``, ``2024-03``, ``2024-Q1``, ``2024-H1`` or ``2024-9M``."""
    text = str(value).strip()
    m = _PERIOD_RE.match(text)
    if not m:
        raise ValueError(f"kỳ không hợp lệ '{text}': {PERIOD_HINT}")
    year = int(m["year"])
    if year < 1:
        raise ValueError(f"kỳ không hợp lệ '{text}': năm phải từ 0001 trở đi")
    if m["month"]:
        month = int(m["month"])
        if not 1 <= month <= 12:
            raise BadMonth(f"tháng không hợp lệ trong '{text}': tháng phải từ 01 đến 12")
        return Period(year, "month", month)
    if m["q"]:
        return Period(year, "quarter", int(m["q"][1:]))
    if m["h"]:
        return Period(year, "half", int(m["h"][1:]))
    if m["nine"]:
        return Period(year, "9m")
    return Period(year, "year")


def parse_iso_date(text: str) -> date:
    """``YYYY-MM-DD`` -> date, with a Vietnamese message for impossible dates."""
    if not _DATE_RE.match(text):
        raise InvalidDate(f"ngày không hợp lệ '{text}': cần dạng YYYY-MM-DD, ví dụ 2024-02-21")
    return _checked_date(text, *(int(p) for p in text.split("-")))


def _checked_date(text: str, y: int, mo: int, d: int) -> date:
    """The day ``y-mo-d`` as ``text`` wrote it, or InvalidDate saying why it does not exist."""
    if y < 1:
        raise InvalidDate(f"ngày không hợp lệ '{text}': năm phải từ 0001 trở đi")
    if not 1 <= mo <= 12:
        raise InvalidDate(f"ngày không hợp lệ '{text}': tháng phải từ 01 đến 12")
    days = calendar.monthrange(y, mo)[1]
    if not 1 <= d <= days:
        raise InvalidDate(f"ngày không hợp lệ '{text}': tháng {mo:02d}/{y} chỉ có {days} ngày")
    return date(y, mo, d)


DeadlineKind = Literal["date", "before", "period", "none"]


class Deadline(NamedTuple):
    """A structured deadline: a date, "before" a date, the end of a period, or none."""

    kind: DeadlineKind
    day: date | None = None
    period: Period | None = None

    @property
    def due(self) -> date | None:
        """The last day on which the work is still on time (None: no fixed date)."""
        if self.kind == "date":
            return self.day
        if self.kind == "before":
            assert self.day is not None
            return self.day - timedelta(days=1)
        if self.kind == "period":
            assert self.period is not None
            return self.period.end
        return None

    @property
    def label(self) -> str:
        """As a reader writes it: "30/06/2024", "trước ngày 22/02/2024", "Quý II/2024",
        "không có hạn"."""
        if self.period is not None:
            return self.period.label
        if self.day is None:
            return "không có hạn"
        return ("trước ngày " if self.kind == "before" else "") + format_date(self.day)

    @property
    def code(self) -> str:
        if self.kind == "none":
            return "none"
        if self.kind == "period":
            return str(self.period)
        assert self.day is not None
        iso = self.day.isoformat()
        return f"before {iso}" if self.kind == "before" else iso


def parse_deadline(value: object) -> Deadline:
    """Parse the compact deadline forms of docs/plan-format.md."""
    if isinstance(value, date):
        return Deadline("date", day=value)
    text = str(value).strip()
    if text == NO_DEADLINE:
        return Deadline("none")
    if text.startswith("before "):
        day = parse_iso_date(text[len("before ") :].strip())
        if day == date.min:
            raise ValueError(f"thời hạn không hợp lệ '{text}': không có ngày nào trước đó")
        return Deadline("before", day=day)
    if _DATE_RE.match(text):
        return Deadline("date", day=parse_iso_date(text))
    try:
        return Deadline("period", period=parse_period(text))
    except BadMonth:
        raise
    except ValueError:
        raise ValueError(f"thời hạn không hợp lệ '{text}': {DEADLINE_HINT}") from None


def format_date(day: date | None) -> str:
    """dd/mm/yyyy, the way dates are read in Vietnam; '—' for none."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}" if day else "—"


def iso_date(day: date | None) -> str | None:
    """A date in JSON: "2024-06-30"; null for none."""
    return day.isoformat() if day else None


def decree30_date(day: date, place: str) -> str:
    """Place-and-date line per Decree 30/2020: leading zero only for days below 10 and for
    months 1 and 2 ("Hà Nội, ngày 05 tháng 3 năm 2024", "ngày 15 tháng 01 năm 2024")."""
    return f"{place}, {decree30_day(day)}"


def decree30_day(day: date) -> str:
    """ "ngày 05 tháng 3 năm 2024" (Decree 30: see decree30_date)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def parse_user_date(text: str) -> date:
    """A date typed on the command line: ``2024-04-15`` or ``15/04/2024``."""
    typed = text.strip()
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", typed)
    if m:  # well formed: a day that does not exist says why, as typed (31/02/2024)
        return _checked_date(typed, int(m[3]), int(m[2]), int(m[1]))
    if _DATE_RE.match(typed):
        return parse_iso_date(typed)
    raise InvalidDate(f"ngày không hợp lệ '{typed}': cần dạng 2024-04-15 hoặc 15/04/2024")
