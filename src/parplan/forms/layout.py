"""What a unit's progress form holds: its sheets, columns and rows, as plain data.

One definition serves both ends: `form` writes these rows, `collect` recomputes them from the
current plan to tell whether a row's item changed since the form was made (its fingerprint)
or whether someone altered a descriptive cell. Pure: no files, no clock.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from parplan.core.model import Indicator, Obligation, OccurrenceRecord, Plan, Task
from parplan.core.periods import Period, format_date, parse_period
from parplan.core.text import fold
from parplan.core.workdays import WorkingCalendar
from parplan.tracking.handover import Registry
from parplan.tracking.items import (
    TASK_STATUS_LABELS,
    Item,
    calendar_of,
    plan_items,
    unit_occurrences,
)
from parplan.tracking.progress import ASSESSMENT_LABELS, actual_text, evaluate, target_text
from parplan.tracking.units import concerned_ids, member, role_among

FORMAT_VERSION = "2"
META_SHEET = "parplan"
FIRST_ROW = 4  # row 1: title, row 2: how to fill, row 3: headers
TIE_HEADER = "parplan"  # a hidden, locked last column: each row's item key and fingerprint
META_KEYS = ("format", "plan_file", "plan_title", "plan_year", "plan_hash", "period", "unit")

Kind = Literal["text", "date", "int", "number", "state", "assessment"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float
    kind: Kind = "text"
    editable: bool = False


@dataclass(frozen=True)
class SheetSpec:
    name: str
    item: Literal["task", "indicator", "obligation"]
    columns: tuple[Column, ...]
    freeze: str

    def editable(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.editable)


# the columns more than one sheet has, declared once
_ID = Column("id", "Mã", 22)
_DUE = Column("due", "Hạn", 12, "date")
_DONE = Column("done", "Ngày hoàn thành", 14, "date", editable=True)
_EVIDENCE = (
    Column("ev_title", "Tài liệu kiểm chứng: tên", 36, editable=True),
    Column("ev_number", "Số, ký hiệu", 16, editable=True),
    Column("ev_date", "Ngày ban hành", 13, "date", editable=True),
)
_NOTE = Column("note", "Ghi chú", 30, editable=True)

TASKS = SheetSpec(
    "Nhiệm vụ",
    "task",
    (
        Column("number", "Số", 6, "int"),
        Column("role", "Vai trò", 10),
        Column("objective", "Mục tiêu, nhiệm vụ", 44),
        Column("product", "Sản phẩm", 30),
        Column("deadline", "Thời hạn (như kế hoạch)", 18),
        _DUE,
        Column("current", "Trạng thái đã ghi", 22),
        Column("state", "Trạng thái mới", 17, "state", editable=True),
        _DONE,
        *_EVIDENCE,
        _NOTE,
    ),
    "C4",
)
INDICATORS = SheetSpec(
    "Chỉ tiêu",
    "indicator",
    (
        _ID,
        Column("text", "Chỉ tiêu", 50),
        Column("target", "Kế hoạch", 14),
        Column("last", "Giá trị đã ghi", 22),
        Column("value", "Giá trị", 11, "number", editable=True),
        Column("numerator", "Tử số", 11, "int", editable=True),
        Column("denominator", "Mẫu số", 11, "int", editable=True),
        Column("assessment", "Đánh giá (định tính)", 17, "assessment", editable=True),
        Column("source", "Nguồn số liệu", 30, editable=True),
        _NOTE,
    ),
    "B4",
)
OBLIGATIONS = SheetSpec(
    "Nghĩa vụ",
    "obligation",
    (
        _ID,
        Column("period", "Kỳ", 14),
        Column("title", "Nội dung", 50),
        _DUE,
        Column("current", "Đã ghi", 22),
        _DONE,
        *_EVIDENCE,
        _NOTE,
    ),
    "B4",
)
SHEETS = (TASKS, INDICATORS, OBLIGATIONS)

STATE_CHOICES = {code: label[0].upper() + label[1:] for code, label in TASK_STATUS_LABELS.items()}
ASSESSMENT_CHOICES = dict(ASSESSMENT_LABELS)


def choice_code(text: str, choices: dict[str, str]) -> str | None:
    """The code of a dropdown label (or of the code itself), case- and accent-insensitive."""
    wanted = fold(text)
    for code, label in choices.items():
        if wanted in (fold(label), fold(code)):
            return code
    return None


@dataclass(frozen=True)
class Row:
    """One item of a form: its stable key, the fingerprint of what it was made from, and the
    values of its descriptive cells (by column key)."""

    key: str
    fingerprint: str
    values: dict[str, Any]
    ident: str | int
    period: str | None = None  # an obligation occurrence's period


@dataclass(frozen=True)
class Form:
    unit: str
    unit_name: str
    period: Period
    rows: dict[str, list[Row]]  # sheet name -> rows

    @property
    def empty(self) -> bool:
        return not any(self.rows.values())


def fingerprint(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def plan_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _status_text(status: str, completed: date | None) -> str:
    label = STATE_CHOICES.get(status, status)
    return f"{label} ({format_date(completed)})" if completed else label


def _due(day: date | None, calendar: WorkingCalendar | None) -> date | None:
    """The day a form asks for: the written due date, rolled past days off when the plan
    keeps a working calendar (the written deadline stays in its own column)."""
    return calendar.effective_due(day) if calendar is not None and day is not None else day


def task_row(
    task: Task, role: str, stamp: str | None = None, calendar: WorkingCalendar | None = None
) -> Row:
    """A task's row; ``stamp``: the fingerprint of its data, when already computed."""
    progress = task.progress
    values = {
        "number": task.number,
        "role": role,
        "objective": task.objective,
        "product": task.product,
        "deadline": task.deadline.text,
        "due": _due(task.deadline.due, calendar),
        "current": _status_text(
            progress.status if progress else "not_started",
            progress.completed if progress else None,
        ),
    }
    stamp = stamp or task_stamp(task)
    return Row(f"task:{task.number}", fingerprint([stamp, role]), values, task.number)


def task_stamp(task: Task) -> str:
    """The fingerprint of the task a form row was made from. ``implements`` and
    ``reassigned`` (added to the model after forms were issued) count only when given, so
    forms made before still tie."""
    data = task.model_dump(mode="json")
    for later in ("implements", "reassigned"):
        if not data[later]:
            del data[later]
    return fingerprint(data)


def record_data(record: OccurrenceRecord) -> dict[str, Any]:
    """An occurrence record as a form's fingerprint takes it: ``unit`` (added to the model
    after forms were issued) only when given, so forms made before still tie."""
    data = record.model_dump(mode="json")
    if data["unit"] is None:
        del data["unit"]
    return data


class TaskIndex:
    """Which tasks concern which unit in a period, and each task's fingerprint, computed once
    for all the forms of a plan (a 10,000-task plan has ~200 units). Who holds an item is
    asked of ``tracking.plan_items`` as of the period's last day: a unit merged away during
    the year has its open work on its successor's form."""

    def __init__(self, plan: Plan, period: Period) -> None:
        reach: dict[str, set[str]] = {}  # an id in a lead list -> the units it concerns
        for unit in plan.units:
            for ident in concerned_ids(plan, unit.id):
                reach.setdefault(ident, set()).add(unit.id)
        self.held = {i.key: i for i in plan_items(plan, period.end)}
        self.rows: dict[str, list[tuple[Task, str]]] = {}
        for task in plan.tasks:
            item = self.held[f"task:{task.number}"]
            away = set(item.away)  # members of its groups not in office at the period's end
            leads = set().union(*(reach.get(i, set()) for i in item.lead)) - away
            coordinates = set().union(*(reach.get(i, set()) for i in item.coordinating)) - away
            for unit_id in leads:
                self.rows.setdefault(unit_id, []).append((task, "Chủ trì"))
            for unit_id in coordinates - leads:
                self.rows.setdefault(unit_id, []).append((task, "Phối hợp"))
        self._stamps: dict[int, str] = {}
        self.calendar = calendar_of(plan)
        self.registry = Registry(plan)  # once: each form asks it of every obligation
        self.occurrences: dict[str, list[Item]] = {}
        for item in self.held.values():
            if item.obligation is not None:
                self.occurrences.setdefault(item.obligation, []).append(item)

    def owes(self, plan: Plan, obligation: str, unit: str, ids: frozenset[str]) -> bool:
        """Whether any occurrence of the obligation is the unit's to report, asked before its
        rows are made (the 188 forms of a 10,000-task plan, 100 obligations: 40 s -> 22 s)."""
        one = member(plan, unit)
        return any(role_among(ids, i, one) == "lead" for i in self.occurrences.get(obligation, []))

    def task_rows(self, unit: str) -> list[Row]:
        out = []
        for task, role in self.rows.get(unit, []):
            stamp = self._stamps.get(task.number)
            if stamp is None:
                stamp = self._stamps[task.number] = task_stamp(task)
            out.append(task_row(task, role, stamp, self.calendar))
        return out


def indicator_form_row(indicator: Indicator, period: Period) -> Row:
    shown = evaluate(indicator, period.end)
    last = "—"
    if shown.measurement is not None:
        last = f"{shown.measurement.parsed_period.label}: {actual_text(shown)}"
    values = {
        "id": indicator.id,
        "text": indicator.text,
        "target": target_text(indicator),
        "last": last,
    }
    data = indicator.model_dump(mode="json", exclude={"values"})
    kept = [
        m.model_dump(mode="json") for m in indicator.values if m.parsed_period.end <= period.end
    ]
    return Row(f"indicator:{indicator.id}", fingerprint([data, kept]), values, indicator.id)


def obligation_rows(
    plan: Plan,
    obligation: Obligation,
    unit: str,
    period: Period,
    calendar: WorkingCalendar | None = None,
    registry: Registry | None = None,
) -> list[Row]:
    """The occurrences due in the period, each as the unit's own (``unit_occurrences``):
    what another unit owing the obligation recorded is not shown as the unit's."""
    data = obligation.model_dump(mode="json", exclude={"records"})
    rows = []
    for item in unit_occurrences(plan, obligation, unit, period.end, registry):
        code, due = item.period, item.due
        if code is None or due is None or not period.start <= due <= period.end:
            continue
        done = item.completed if item.status == "done" else None
        values = {
            "id": obligation.id,
            "period": parse_period(code).label,
            "title": obligation.title,
            "due": _due(due, calendar),
            "current": f"Đã thực hiện ({format_date(done)})" if done else "Chưa thực hiện",
        }
        held = [
            record_data(r)
            for r in obligation.records
            if r.period == code and (item.unit is None or r.unit in (None, item.unit))
        ]
        # one record (or none) as forms made before took it
        stamp = fingerprint([data, held[0] if len(held) == 1 else held or None])
        rows.append(Row(f"obligation:{obligation.id}:{code}", stamp, values, obligation.id, code))
    return rows


def form_units(plan: Plan, period: Period) -> list[str]:
    """Units that get a form by default: the plan's own units (not groups, not outside
    bodies, not those out of office the whole period) with something to report."""
    return [
        u.id
        for u in plan.units
        if u.kind == "internal" and u.in_office_during(period.start, period.end)
    ]


def build_form(plan: Plan, unit: str, period: Period, index: TaskIndex | None = None) -> Form:
    """The rows of one unit's form: the tasks it leads or coordinates (directly or through a
    group), the indicators when it is the unit reports go to (the plan names no other
    reporter for them), and the obligation occurrences due in the period."""
    ids = concerned_ids(plan, unit)
    index = index or TaskIndex(plan, period)
    tasks = index.task_rows(unit)
    focal = plan.reporting.submit_to if plan.reporting else None
    indicators = [indicator_form_row(i, period) for i in plan.indicators] if unit == focal else []
    obligations = [
        row
        for o in plan.obligations
        if index.owes(plan, o.id, unit, ids)
        for row in obligation_rows(plan, o, unit, period, index.calendar, index.registry)
        if role_among(ids, index.held[row.key], member(plan, unit)) == "lead"
    ]
    rows = {TASKS.name: tasks, INDICATORS.name: indicators, OBLIGATIONS.name: obligations}
    return Form(unit, plan.unit_name(unit), period, rows)


def expected_rows(plan: Plan, unit: str, period: Period, index: TaskIndex) -> dict[str, Row]:
    """Every row the current plan would put in this unit's form, by key."""
    form = build_form(plan, unit, period, index)
    return {row.key: row for rows in form.rows.values() for row in rows}
