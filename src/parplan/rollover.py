"""`parplan new --from`: next year's plan from this year's, as edits that keep every other byte.

Dated deadlines and periods move to the new year (29/02 becomes 28/02 in a year without it), in
the structured form and in the deadline text as written ("Quý I/2024" -> "Quý I/2025");
progress, measured values and obligation records are cleared; the title, year and issue date
are updated (the number, unknown until the new plan is issued, is cleared); the legal basis is
kept with a note asking to review it. Free text is not rewritten: each place where an old year
is still written gets a located warning.

Pure: ``roll_over(text, plan, year)`` returns the new text and the warnings. The edits are data
(``Edit``); ``apply_edits`` is the one place that turns them into text (through the splice
layer, which keeps every byte it does not change).
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.fastyaml import Mapping, Scalar, Sequence
from parplan.model import DeadlineSpec, Plan
from parplan.splice import Document, Raw, SpliceError, compose

_DATE_OR_YEAR = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)|(?<!\d)(\d{4})(?!\d)")
_ISO = re.compile(r"(before )?(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Edit:
    """Set ``key`` of the mapping at ``at`` to ``value`` (added when missing)."""

    at: tuple[str | int, ...]
    key: str
    value: Any


@dataclass(frozen=True)
class Leftover:
    """An old year still written in free text (or a comment) of the new plan."""

    line: int
    year: str
    where: str

    def message(self) -> str:
        return f"dòng {self.line}: còn '{self.year}' trong {self.where}: cần rà soát"


@dataclass
class Rollover:
    text: str
    edits: list[Edit]
    leftovers: list[Leftover]


# --- dates and years ------------------------------------------------------------------------


def shift_date(year: int, month: int, day: int, delta: int) -> date:
    """The same day ``delta`` years on; the 29th of February becomes the 28th when needed."""
    new_year = year + delta
    return date(new_year, month, min(day, calendar.monthrange(new_year, month)[1]))


def shift_code(code: str, delta: int) -> str:
    """A structured deadline or period moved by ``delta`` years: ``before 2024-02-29`` ->
    ``before 2025-02-28``, ``2024-Q1`` -> ``2025-Q1``, ``none`` unchanged."""
    m = _ISO.fullmatch(code)
    if m:
        day = shift_date(int(m[2]), int(m[3]), int(m[4]), delta)
        return f"{m[1] or ''}{day.isoformat()}"
    m = re.fullmatch(r"(\d{4})(.*)", code)
    return f"{int(m[1]) + delta}{m[2]}" if m else code


def shift_text(text: str, years: set[int], delta: int) -> str:
    """A deadline as written, moved by ``delta`` years: every dd/mm/yyyy date, and every
    other four-digit number that is one of ``years`` ("Quý I/2024", "Năm 2024")."""

    def repl(m: re.Match[str]) -> str:
        if m[3]:
            day = shift_date(int(m[3]), int(m[2]), int(m[1]), delta)
            return f"{day.day:0{len(m[1])}d}/{day.month:0{len(m[2])}d}/{day.year}"
        return str(int(m[4]) + delta) if int(m[4]) in years else m[0]

    return _DATE_OR_YEAR.sub(repl, text)


def _code_years(code: str) -> set[int]:
    return {int(y) for y in re.findall(r"\d{4}", code)}


# --- the edits ------------------------------------------------------------------------------


def _like(node: Any, text: str) -> Any:
    """The new value written in the old value's style: plain stays plain, quoted is quoted."""
    return Raw(text) if isinstance(node, Scalar) and not node.style else text


def _meta_edits(plan: Plan, doc: Document, year: int, delta: int) -> list[Edit]:
    meta = plan.plan
    at = ("plan",)
    edits = [Edit(at, "year", Raw(str(year)))]
    title = re.sub(rf"(?<!\d){meta.year}(?!\d)", str(year), meta.title)
    if title != meta.title:
        edits.append(Edit(at, "title", _like(doc.node((*at, "title")), title)))
    if meta.issue_date:  # the day of the new plan is not known yet
        shifted = shift_code(meta.issue_date[:7], delta)
        edits.append(Edit(at, "issue_date", _like(doc.node((*at, "issue_date")), shifted)))
    if meta.number is not None:
        edits.append(Edit(at, "number", None))
    for i, basis in enumerate(meta.basis):
        note = f"Căn cứ của kế hoạch năm trước: cần rà soát, cập nhật cho năm {year}."
        edits.append(Edit((*at, "basis", i), "note", f"{note} {basis.note or ''}".strip()))
    return edits


def _deadline_edits(
    at: tuple[str | int, ...], spec: DeadlineSpec, doc: Document, delta: int
) -> list[Edit]:
    edits = []
    by = shift_code(spec.by, delta)
    if by != spec.by:
        edits.append(Edit(at, "by", _like(doc.node((*at, "by")), by)))
    text = shift_text(spec.text, _code_years(spec.by), delta)
    if text != spec.text:
        edits.append(Edit(at, "text", _like(doc.node((*at, "text")), text)))
    return edits


def _tracking_edits(plan: Plan, doc: Document, delta: int) -> list[Edit]:
    edits: list[Edit] = []
    for i, task in enumerate(plan.tasks):
        edits += _deadline_edits(("tasks", i, "deadline"), task.deadline, doc, delta)
        if task.progress is not None:
            edits.append(Edit(("tasks", i), "progress", None))
    for i, indicator in enumerate(plan.indicators):
        if indicator.values:
            edits.append(Edit(("indicators", i), "values", []))
    for i, obligation in enumerate(plan.obligations):
        at = ("obligations", i, "schedule")
        if obligation.records:
            edits.append(Edit(("obligations", i), "records", []))
        once = obligation.schedule.once
        if once is not None and shift_code(once, delta) != once:
            edits.append(Edit(at, "once", _like(doc.node((*at, "once")), shift_code(once, delta))))
        for j, occ in enumerate(obligation.schedule.occurrences):
            where = (*at, "occurrences", j)
            for key, code in (("period", occ.period), ("by", occ.by)):
                edits.append(
                    Edit(where, key, _like(doc.node((*where, key)), shift_code(code, delta)))
                )
    return edits


def apply_edits(doc: Document, edits: list[Edit]) -> str:
    """The one place rollover edits become text."""
    for edit in edits:
        doc.set(edit.at, edit.key, edit.value)
    return doc.apply()


def roll_over(text: str, plan: Plan, year: int) -> Rollover:
    """Next year's plan text from ``text`` (whose validated plan is ``plan``)."""
    delta = year - plan.plan.year
    doc = Document(text)
    edits = _meta_edits(plan, doc, year, delta) + _tracking_edits(plan, doc, delta)
    try:
        new_text = apply_edits(doc, edits)
    except SpliceError as exc:
        from parplan.errors import UsageError

        raise UsageError(f"không chuyển được kế hoạch sang năm {year}: {exc}") from None
    old_years = {str(y) for y in range(plan.plan.year - 1, year)}
    return Rollover(new_text, edits, leftovers(new_text, old_years))


# --- what is left to review -----------------------------------------------------------------


def _scalars(node: Any, path: str) -> list[tuple[Scalar, str]]:
    if isinstance(node, Scalar):
        return [(node, path)]
    out: list[tuple[Scalar, str]] = []
    if isinstance(node, Mapping):
        for key, value in node.value:
            out += _scalars(value, f"{path}.{key.value}" if path else str(key.value))
    elif isinstance(node, Sequence):
        for i, item in enumerate(node.value):
            out += _scalars(item, f"{path}[{i}]")
    return out


def leftovers(text: str, old_years: set[str]) -> list[Leftover]:
    """Each place (a value or a comment) where one of ``old_years`` is still written."""
    pattern = re.compile(rf"(?<!\d)({'|'.join(sorted(old_years))})(?!\d)")
    found: set[Leftover] = set()
    scalars = _scalars(compose(text), "")
    spans = sorted((s.start_mark.index, s.end_mark.index) for s, _ in scalars)
    starts = [start for start, _ in spans]
    for node, path in scalars:
        for m in pattern.finditer(node.value):
            found.add(Leftover(node.start_mark.line + 1, m[1], path))
    for comment in re.finditer(r"(?:^|(?<=\s))#[^\r\n]*", text, re.M):
        i = bisect.bisect_right(starts, comment.start()) - 1
        if i >= 0 and spans[i][0] <= comment.start() < spans[i][1]:
            continue  # a "#" inside a value
        for m in pattern.finditer(comment[0]):
            line = text.count("\n", 0, comment.start()) + 1
            found.add(Leftover(line, m[1], "chú thích"))
    return sorted(found, key=lambda w: (w.line, w.year, w.where))
