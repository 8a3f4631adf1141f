"""`parplan new --from`: next year's plan from this year's, as edits that keep every other byte.

Dated deadlines and periods move to the new year (29/02 becomes 28/02 in a year without it), in
the structured form and in the deadline text as written ("Quý I/2024" -> "Quý I/2025");
progress, measured values, obligation records and the PAR INDEX self scores are cleared; the title, year and issue date
are updated (the number, unknown until the new plan is issued, is cleared); the legal basis is
kept with a note asking to review it. Free text is not rewritten: each place where an old year
is still written gets a located warning.

Pure: ``roll_over(text, plan, year)`` returns the new text and the warnings. The edits are data
(``SetField``), made by the plan-document layer, which keeps every byte it does not change.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence as Sequence_
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parplan.core.errors import UsageError
from parplan.core.model import DeadlineSpec, Occurrence, Plan, Schedule
from parplan.core.periods import format_date, shift_date
from parplan.document.edits import DocumentError, Raw, SetField, apply
from parplan.document.tree import Mapping, Node, Scalar, Sequence, compose_at, key_of
from parplan.tracking.handover import Registry
from parplan.tracking.items import obligation_items, task_item

_DATE_OR_YEAR = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)|(?<!\d)(\d{4})(?!\d)")
_UNIT_DAY = re.compile(r"units\[\d+\]\.(since|until)")
_ISO = re.compile(r"(before )?(\d{4})-(\d{2})-(\d{2})")


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
    edits: list[SetField]
    leftovers: list[Leftover]
    handovers: list[str] = field(default_factory=list)  # units ended: who took their work


# --- dates and years ------------------------------------------------------------------------


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


def shift_deadline(spec: DeadlineSpec, delta: int) -> DeadlineSpec:
    """A task's deadline as next year's plan writes it: the structured form and the text as
    written ("Tháng 9/2024" -> "Tháng 9/2025"), ``delta`` years on."""
    by = shift_code(spec.by, delta)
    text = shift_text(spec.text, _code_years(spec.by), delta)
    return DeadlineSpec(text=text, by=by, tentative=spec.tentative)


def shift_schedule(schedule: Schedule, delta: int) -> Schedule:
    """An obligation's schedule ``delta`` years on: its single deadline and each occurrence."""
    once = shift_code(schedule.once, delta) if schedule.once is not None else None
    occurrences = [
        Occurrence(period=shift_code(o.period, delta), by=shift_code(o.by, delta))
        for o in schedule.occurrences
    ]
    return schedule.model_copy(update={"once": once, "occurrences": occurrences})


# --- the edits ------------------------------------------------------------------------------


class _Tree:
    """The original text's nodes, composed once, to write each new value in its old style."""

    def __init__(self, text: str) -> None:
        self.root = compose_at(text, ())

    def node(self, path: tuple[str | int, ...]) -> Node | None:
        node = self.root
        for part in path:
            if isinstance(node, Mapping):
                node = next((v for k, v in node.value if key_of(k) == part), None)
            elif isinstance(node, Sequence) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                return None
        return node

    def like(self, path: tuple[str | int, ...], text: str) -> Any:
        """``text`` written in the style of the value at ``path``: plain stays plain."""
        node = self.node(path)
        return Raw(text) if isinstance(node, Scalar) and not node.style else text


def _meta_edits(plan: Plan, tree: _Tree, year: int, delta: int) -> list[SetField]:
    meta = plan.plan
    at = ("plan",)
    edits = [SetField(at, "year", Raw(str(year)))]
    title = re.sub(rf"(?<!\d){meta.year}(?!\d)", str(year), meta.title)
    if title != meta.title:
        edits.append(SetField(at, "title", tree.like((*at, "title"), title)))
    if meta.issue_date:  # the day of the new plan is not known yet
        shifted = shift_code(meta.issue_date[:7], delta)
        edits.append(SetField(at, "issue_date", tree.like((*at, "issue_date"), shifted)))
    if meta.number is not None:
        edits.append(SetField(at, "number", None))
    for i, basis in enumerate(meta.basis):
        note = f"Căn cứ của kế hoạch năm trước: cần rà soát, cập nhật cho năm {year}."
        edits.append(SetField((*at, "basis", i), "note", f"{note} {basis.note or ''}".strip()))
    return edits


def _deadline_edits(
    at: tuple[str | int, ...], spec: DeadlineSpec, tree: _Tree, delta: int
) -> list[SetField]:
    shifted = shift_deadline(spec, delta)
    return [
        SetField(at, key, tree.like((*at, key), getattr(shifted, key)))
        for key in ("by", "text")
        if getattr(shifted, key) != getattr(spec, key)
    ]


def _tracking_edits(plan: Plan, tree: _Tree, delta: int) -> list[SetField]:
    edits: list[SetField] = []
    for i, task in enumerate(plan.tasks):
        edits += _deadline_edits(("tasks", i, "deadline"), task.deadline, tree, delta)
        if task.progress is not None:
            edits.append(SetField(("tasks", i), "progress", None))
    for i, indicator in enumerate(plan.indicators):
        if indicator.values:
            edits.append(SetField(("indicators", i), "values", []))
    for i, obligation in enumerate(plan.obligations):
        at = ("obligations", i, "schedule")
        if obligation.records:
            edits.append(SetField(("obligations", i), "records", []))
        shifted = shift_schedule(obligation.schedule, delta)
        once = obligation.schedule.once
        if shifted.once is not None and shifted.once != once:
            edits.append(SetField(at, "once", tree.like((*at, "once"), shifted.once)))
        for j, occ in enumerate(shifted.occurrences):
            where = (*at, "occurrences", j)
            for key in ("period", "by"):
                value = getattr(occ, key)
                edits.append(SetField(where, key, tree.like((*where, key), value)))
    if plan.par_index is not None and plan.par_index.scores:  # last year's self-assessment
        edits.append(SetField(("par_index",), "scores", []))
    return edits


def roll_over(text: str, plan: Plan, year: int) -> Rollover:
    """Next year's plan text from ``text`` (whose validated plan is ``plan``)."""
    delta = year - plan.plan.year
    tree = _Tree(text)
    moved, handovers = _handover_edits(plan, date(year, 1, 1))
    edits = _meta_edits(plan, tree, year, delta) + _tracking_edits(plan, tree, delta) + moved
    try:
        new_text = apply(text, edits, composed=tree.root)
    except DocumentError as exc:
        raise UsageError(f"không chuyển được kế hoạch sang năm {year}: {exc.message}") from None
    old_years = {str(y) for y in range(plan.plan.year - 1, year)}
    # a unit's first and last days are history, not a date to move: nothing to review there
    left = [w for w in leftovers(new_text, old_years) if not _UNIT_DAY.fullmatch(w.where)]
    return Rollover(new_text, edits, left, handovers)


# --- units that ended: their work to their successors ---------------------------------------


def _handover_edits(plan: Plan, start: date) -> tuple[list[SetField], list[str]]:
    """Each task and obligation given to the units that hold it on the new plan's first day
    (a unit ended during the old year hands its work on; a task's last reassignment becomes
    its lead, its history staying in the old plan), and a sentence for each unit ended."""
    registry = Registry(plan)
    if not registry.dated:
        return [], []
    edits: list[SetField] = []
    moved: dict[tuple[str, str], list[str]] = {}
    for i, task in enumerate(plan.tasks):
        item = task_item(task)
        held = registry.holders(item, item.lead, item.coordinating, start)
        written = (task.lead, task.coordinating)
        for key, old, new in zip(("lead", "coordinating"), written, held, strict=True):
            if tuple(old) != new:
                edits.append(SetField(("tasks", i), key, _ids(new)))
                _moved(moved, old, new, f"nhiệm vụ {task.number}")
        if task.reassigned:
            edits.append(SetField(("tasks", i), "reassigned", []))
    for i, obligation in enumerate(plan.obligations):
        work = next(obligation_items(obligation, plan.plan.year))
        units = tuple(obligation.units)
        new, _ = registry.holders(work, units, (), start)
        if new != units:
            edits.append(SetField(("obligations", i), "units", _ids(new)))
            _moved(moved, units, new, f"nghĩa vụ {obligation.id}")
    return edits, _handover_lines(plan, moved)


def _ids(ids: Sequence_[str]) -> Raw:
    """A list of unit ids as plans write them: ``[van-phong, thanh-tra]``."""
    return Raw(f"[{', '.join(ids)}]")


def _moved(
    moved: dict[tuple[str, str], list[str]], old: Sequence_[str], new: Sequence_[str], what: str
) -> None:
    for gone in (u for u in old if u not in new):
        for heir in (u for u in new if u not in old):
            moved.setdefault((gone, heir), []).append(what)


def _handover_lines(plan: Plan, moved: dict[tuple[str, str], list[str]]) -> list[str]:
    lines = []
    for (gone, heir), what in moved.items():
        unit = plan.units_by_id[gone]
        works = ", ".join(dict.fromkeys(what))
        to = f"{plan.unit_name(heir)} ({heir})"
        if unit.until is not None:
            ended = f"{unit.name} ({gone}) hết hoạt động sau {format_date(unit.until)}"
            lines.append(f"{ended}: {works} giao cho {to}")
        else:
            lines.append(f"{works}: đã giao lại từ {unit.name} ({gone}) cho {to} trong năm cũ")
    return lines


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
    scalars = _scalars(compose_at(text, ()), "")
    spans = sorted((s.start_mark.index, s.end_mark.index) for s, _ in scalars)
    starts = [start for start, _ in spans]
    for node, path in scalars:
        for m in pattern.finditer(node.value):
            found.add(Leftover(node.start_mark.line + 1, m[1], path))
    breaks = [m.start() for m in re.finditer("\n", text)]  # line numbers by bisection
    for comment in re.finditer(r"(?:^|(?<=\s))#[^\r\n]*", text, re.M):
        i = bisect.bisect_right(starts, comment.start()) - 1
        if i >= 0 and spans[i][0] <= comment.start() < spans[i][1]:
            continue  # a "#" inside a value
        for m in pattern.finditer(comment[0]):
            line = bisect.bisect_left(breaks, comment.start()) + 1
            found.add(Leftover(line, m[1], "chú thích"))
    return sorted(found, key=lambda w: (w.line, w.year, w.where))
