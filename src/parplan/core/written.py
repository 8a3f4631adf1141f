"""Deadlines as written in a plan ("Quý I/2024", "Trước ngày 22/02/2024"): the written forms
of docs/plan-format.md, read into the one structured ``periods.Deadline``. ``import`` reads
them; a command that only reads a plan's YAML does not load this module (its patterns compiled
and its dataclass built on every start otherwise)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parplan.core.periods import Deadline, Period, parse_iso_date

_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_Y = r"(?:\s*(?:/|năm)\s*(?P<year>\d{4}))?"
_WRITTEN: list[tuple[str, re.Pattern[str]]] = [
    (
        "before",
        re.compile(r"trước\s+ngày\s+(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<year>\d{4})"),
    ),
    ("date", re.compile(r"(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<year>\d{4})")),
    ("month", re.compile(r"tháng\s+(?P<m>\d{1,2})(?!\s*/\s*lần)" + _Y)),
    ("quarter", re.compile(r"quý\s+(?P<q>iv|iii|ii|i|[1-4])\b" + _Y)),
    ("half", re.compile(r"6\s+tháng\s+(?P<h>đầu|cuối)\s+năm" + r"(?:\s+(?P<year>\d{4}))?")),
    ("9m", re.compile(r"9\s+tháng(?:\s+(?:đầu\s+)?năm)?(?:\s+(?P<year>\d{4}))?")),
    ("year", re.compile(r"(?:trong\s+|cả\s+)?năm\s+(?P<year>\d{4})")),
]
_NO_DATE = re.compile(r"theo\s+yêu\s+cầu|thường\s+xuyên|khi\s+có\s+yêu\s+cầu|liên\s+tục")


@dataclass(frozen=True)
class WrittenDeadline:
    """A deadline read from its written text: the structured deadline, whether it is
    tentative ("dự kiến"), and whether the text named more than one distinct deadline."""

    deadline: Deadline
    tentative: bool = False
    ambiguous: bool = False


def _written_match(kind: str, m: re.Match[str], year: int) -> Deadline:
    y = int(m["year"]) if m["year"] else year
    if kind in ("before", "date"):
        day = parse_iso_date(f"{y:04d}-{int(m['m']):02d}-{int(m['d']):02d}")
        return Deadline(kind, day=day)  # type: ignore[arg-type]
    if kind == "month":
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValueError(f"tháng không hợp lệ: {month}")
        return Deadline("period", period=Period(y, "month", month))
    if kind == "quarter":
        q = m["q"]
        return Deadline("period", period=Period(y, "quarter", _ROMAN_VALUE.get(q) or int(q)))
    if kind == "half":
        return Deadline("period", period=Period(y, "half", 1 if m["h"] == "đầu" else 2))
    if kind == "9m":
        return Deadline("period", period=Period(y, "9m"))
    return Deadline("period", period=Period(y, "year"))


def read_written_deadline(text: str, year: int) -> WrittenDeadline | None:
    """The deadline a plan's text means: the most specific form found wins ("Tháng Quý
    I/2024" is Quý I; "Trong năm 2024 và theo lộ trình …" is the year); ``year`` fills in a
    missing year. None when the text names no deadline form at all."""
    low = " ".join(text.lower().split())
    tentative = "dự kiến" in low
    found: list[Deadline] = []
    for kind, pattern in _WRITTEN:
        for m in pattern.finditer(low):
            if kind == "date" and low[max(0, m.start() - 6) : m.start()].strip().endswith("trước"):
                continue
            try:
                found.append(_written_match(kind, m, year))
            except ValueError:
                continue
        low = pattern.sub(" ", low)
    if not found:
        return WrittenDeadline(Deadline("none"), tentative) if _NO_DATE.search(low) else None
    distinct = {d.code for d in found}
    return WrittenDeadline(found[0], tentative, ambiguous=len(distinct) > 1)
