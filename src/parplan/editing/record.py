"""Recording progress: each function turns a validated plan and a command's options into the
edits that record it (``document.Change``). Pure: no text, no file I/O and no clock
(``today`` is given).

Each ``record_*`` reads the command's options (text as typed) into a typed update and hands
it to ``task_edits``, ``indicator_edits`` or ``obligation_edits``, which make the edits;
`collect` reads a form's cells into the same updates and calls the same functions."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from parplan.core.errors import UsageError
from parplan.core.model import Indicator, Measurement, Obligation, OccurrenceRecord, Plan, Task
from parplan.core.numbers import format_number, parse_count, parse_value
from parplan.core.periods import Period, format_date, parse_user_date
from parplan.core.targets import kind_of
from parplan.core.text import says_something
from parplan.document.change import Change
from parplan.document.edits import AppendToList, Edit, Raw, SetField
from parplan.rules.recorded import (
    CompletionNames,
    completion_breach,
    measurement_breaches,
    owed_on,
    record_breaches,
    unit_breaches,
)
from parplan.rules.semantics import suggest
from parplan.tracking.items import TASK_STATUS_LABELS, occurrences
from parplan.tracking.progress import ASSESSMENT_LABELS
from parplan.tracking.typed import pick_code, plan_period
from parplan.tracking.units import find_unit, owing_units, recording_units

T = TypeVar("T")
OPTION_NAMES = CompletionNames("--status done", "--done NGÀY")


def parse_evidence(text: str) -> dict[str, Any]:
    """ "Kế hoạch số 45/KH-SVHTT ngày 20/03/2024" -> title, number and date when written; an
    evidence that shows nothing (``--evidence ''``) is refused: it would be an empty title."""
    text = " ".join(text.split())
    if not says_something(text):
        raise UsageError(
            "--evidence: không có tên tài liệu kiểm chứng; ghi tên văn bản, ví dụ "
            "'Kế hoạch số 45/KH-STN ngày 20/03/2024'"
        )
    evidence: dict[str, Any] = {"title": text}
    number = re.search(r"\bsố\s+([0-9][\w./-]*)", text, flags=re.IGNORECASE)
    if number:
        evidence["number"] = number[1].rstrip(".,;")
    day = re.search(r"\bngày\s+(\d{1,2}/\d{1,2}/\d{4})", text, flags=re.IGNORECASE)
    if day:
        with contextlib.suppress(ValueError):
            evidence["date"] = parse_user_date(day[1])
    return evidence


def parse_day(text: str, option: str, today: date) -> date:
    try:
        day = parse_user_date(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if day > today:
        raise UsageError(
            f"{option}: ngày {format_date(day)} ở tương lai (hôm nay là {format_date(today)})"
        )
    return day


def _period_scalar(period: Period) -> Any:
    return str(period.year) if period.kind == "year" else Raw(period.code)


def _add_or_update(
    path: tuple[str | int, ...], key: str, existing: int | None, fields: dict[str, Any]
) -> tuple[Edit, ...]:
    """A new entry for the period, or the fields of the period's entry set in place."""
    if existing is None:
        return (AppendToList(path, key, (fields,)),)
    return tuple(
        SetField((*path, key, existing), name, value)
        for name, value in fields.items()
        if name != "period"
    )


# --- tasks ----------------------------------------------------------------------------------


def find_task(plan: Plan, number: int) -> tuple[int, Task]:
    for index, task in enumerate(plan.tasks):
        if task.number == number:
            return index, task
    span = f"1–{len(plan.tasks)}" if plan.tasks else "không có nhiệm vụ nào"
    raise UsageError(f"không có nhiệm vụ số {number} (các nhiệm vụ: {span})")


@dataclass(frozen=True)
class TaskUpdate:
    """What to record of a task, read: a completion date (the task is then done) or a new
    status code, evidence as written (``parse_evidence`` reads each), a note."""

    completed: date | None = None
    status: str | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None


def record_task(
    plan: Plan,
    number: int,
    *,
    today: date,
    done: str | None = None,
    status: str | None = None,
    evidence: list[str] | None = None,
    note: str | None = None,
) -> Change:
    find_task(plan, number)
    if status is not None:
        status = pick_code("--status", status, TASK_STATUS_LABELS)
    completed = parse_day(done, "--done", today) if done else None
    if status is not None or completed is not None:  # --done alone means status done
        breach = completion_breach(status or "done", completed, OPTION_NAMES)
        if breach is not None:
            raise UsageError(breach.message)
    if completed is None and status is None and not evidence and note is None:
        raise UsageError("không có gì để ghi: dùng --done, --status, --evidence hoặc --note")
    return task_edits(plan, number, TaskUpdate(completed, status, tuple(evidence or ()), note))


def task_edits(plan: Plan, number: int, update: TaskUpdate) -> Change:
    index, task = find_task(plan, number)
    completed, status = update.completed, update.status
    changes: dict[str, Any] = {}
    if completed is not None:
        changes["status"] = Raw("done")
        changes["completed"] = completed
    elif status is not None:
        changes["status"] = Raw(status)
        if task.progress and task.progress.completed and status != "done":
            changes["completed"] = None
    if update.note is not None:
        changes["note"] = update.note
    new_evidence = [parse_evidence(e) for e in update.evidence]
    path = ("tasks", index)
    edits: tuple[Edit, ...]
    if task.progress is None:
        extra = {"evidence": new_evidence} if new_evidence else {}
        edits = (SetField(path, "progress", {**changes, **extra}),)
    else:
        edits = tuple(SetField((*path, "progress"), k, v) for k, v in changes.items())
        if new_evidence:
            edits += (AppendToList((*path, "progress"), "evidence", tuple(new_evidence)),)
    what = (
        f"hoàn thành ngày {format_date(completed)}"
        if completed
        else TASK_STATUS_LABELS.get(status or "", "cập nhật ghi chú, tài liệu kiểm chứng")
    )
    return Change(edits, f"nhiệm vụ {number}: {what}", ("tasks", index))


# --- indicators -----------------------------------------------------------------------------


def _by_id(items: Sequence[T], ident: str, what: str) -> tuple[int, T]:
    """The item with this id and its index, or a usage error with a "did you mean"."""
    for index, item in enumerate(items):
        if getattr(item, "id", None) == ident:
            return index, item
    known = [str(getattr(i, "id", "")) for i in items]
    raise UsageError(
        f"không có {what} '{ident}'{suggest(ident, known)} (các mã: {', '.join(known)})"
    )


def find_indicator(plan: Plan, ident: str) -> tuple[int, Indicator]:
    return _by_id(plan.indicators, ident, "chỉ tiêu")


@dataclass(frozen=True)
class Reading:
    """An indicator's measurement for a period, read: a value, or a numerator and a
    denominator, or (qualitative) an assessment code; its source and a note."""

    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    assessment: str | None = None
    source: str | None = None
    note: str | None = None


def record_indicator(
    plan: Plan,
    ident: str,
    *,
    period: str,
    value: str | None = None,
    numerator: str | None = None,
    denominator: str | None = None,
    assessment: str | None = None,
    source: str | None = None,
    note: str | None = None,
) -> Change:
    _, indicator = find_indicator(plan, ident)
    when = plan_period(plan, period)
    qualitative = not kind_of(indicator.target.op).measured
    if qualitative:
        if value is not None or numerator is not None or denominator is not None:
            raise UsageError(
                f"chỉ tiêu '{ident}' là định tính: dùng --assessment, không dùng --value"
            )
        if assessment is None:
            raise UsageError(f"chỉ tiêu '{ident}' là định tính: cần --assessment")
        code = pick_code("--assessment", assessment, ASSESSMENT_LABELS)
        reading = Reading(assessment=code, source=source, note=note)
    else:
        numbers = _measured_fields(ident, value, numerator, denominator, assessment)
        reading = Reading(**numbers, source=source, note=note)
    return indicator_edits(plan, ident, when, reading)


def indicator_edits(plan: Plan, ident: str, when: Period, reading: Reading) -> Change:
    """The reading recorded for the period: a new entry, or the period's entry updated.
    The rules `check` applies to a measured value are applied first."""
    index, indicator = find_indicator(plan, ident)
    fields: dict[str, Any] = {"period": _period_scalar(when)}
    if reading.assessment is not None:
        fields["assessment"] = Raw(reading.assessment)
    for name in ("value", "numerator", "denominator", "source", "note"):
        if getattr(reading, name) is not None:
            fields[name] = getattr(reading, name)
    _refuse_breaches(indicator, when.code, fields)
    existing = next((j for j, m in enumerate(indicator.values) if m.period == when.code), None)
    edits = _add_or_update(("indicators", index), "values", existing, fields)
    summary = f"chỉ tiêu {ident}, {when.label}: {_shown(fields)}"
    return Change(edits, summary, ("indicators", index))


def _measured_fields(
    ident: str,
    value: str | None,
    numerator: str | None,
    denominator: str | None,
    assessment: str | None,
) -> dict[str, Any]:
    """--value or --numerator/--denominator, read as Vietnamese write numbers."""
    if assessment is not None:
        raise UsageError(f"chỉ tiêu '{ident}' là định lượng: dùng --value, không dùng --assessment")
    if value is not None and (numerator is not None or denominator is not None):
        raise UsageError("dùng --value hoặc --numerator và --denominator, không dùng cả hai")
    if value is None and (numerator is None or denominator is None):
        raise UsageError("cần --value, hoặc cả --numerator và --denominator")
    if value is not None:
        return {"value": parse_value(value, "--value")}
    assert numerator is not None and denominator is not None
    return {
        "numerator": parse_count(numerator, "--numerator"),
        "denominator": parse_count(denominator, "--denominator"),
    }


_OPTION = {"value": "--value", "numerator": "--numerator", "denominator": "--denominator"}


def _refuse_breaches(indicator: Indicator, period: str, fields: dict[str, Any]) -> None:
    """The rules ``check`` applies to a recorded value, applied before writing it."""
    numbers = {k: v for k, v in fields.items() if k in _OPTION}
    if not numbers:
        return
    candidate = Measurement(period=period, **numbers)
    for breach in measurement_breaches(indicator, candidate):
        option = _OPTION.get(breach.field or "", "giá trị")
        raise UsageError(f"{option}: {breach.message} [{breach.code}]")


def _shown(fields: dict[str, Any]) -> str:
    if "assessment" in fields:
        return ASSESSMENT_LABELS[str(fields["assessment"].text)].lower()
    if "value" in fields:
        return format_number(fields["value"])
    return f"{format_number(fields['numerator'])}/{format_number(fields['denominator'])}"


# --- obligations ----------------------------------------------------------------------------


def find_obligation(plan: Plan, ident: str) -> tuple[int, Obligation]:
    return _by_id(plan.obligations, ident, "nghĩa vụ")


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an obligation done, read: the day it was done, and either the
    period of a scheduled obligation or the day of the event an event-driven one follows;
    evidence as written, a note."""

    completed: date
    period: Period | None = None
    event: date | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    unit: str | None = None  # the member unit whose occurrence it is (``occurrence_unit``)


def occurrence_unit(
    plan: Plan, obligation: Obligation, unit: str | None, done: date, period: Period | None
) -> str | None:
    """The unit whose occurrence is recorded (``unit`` a unit id, None when not given), done
    on ``done``: an obligation owed by several units is recorded unit by unit, so one of
    them must be named. Whether the named unit may record it (in office, owing it that
    day) is ``unit_breaches``'s rule, applied as `check` applies it."""
    if unit is not None:
        return unit
    item = owed_on(plan, obligation, done).get(period.code) if period else None
    owed = item.owed if item else owing_units(plan, obligation.units)
    if len(owed) > 1:
        names = ", ".join(f"{u} ({plan.unit_name(u)})" for u in owed)
        raise UsageError(
            f"--unit: nghĩa vụ '{obligation.id}' do {len(owed)} đơn vị thực hiện, mỗi đơn "
            f"vị ghi lần thực hiện của mình: cần --unit, một trong: {names}"
        )
    return None


def record_obligation(
    plan: Plan,
    ident: str,
    *,
    today: date,
    done: str,
    period: str | None = None,
    event: str | None = None,
    evidence: list[str] | None = None,
    note: str | None = None,
    unit: str | None = None,
) -> Change:
    """One occurrence done: a period of a scheduled obligation, or the event an
    event-driven one follows; of one member ``unit`` (an id) when several owe it.
    Recording an occurrence again updates its record."""
    _, obligation = find_obligation(plan, ident)
    completed = parse_day(done, "--done", today)
    happened, when = None, None
    if obligation.schedule.after_event is not None:
        if period is not None:
            raise UsageError(
                f"nghĩa vụ '{ident}' theo sự kiện ({obligation.schedule.after_event}): "
                "dùng --event NGÀY, không dùng --period"
            )
        if event is None:
            raise UsageError(
                f"--event: cần ngày xảy ra sự kiện ({obligation.schedule.after_event})"
            )
        happened = parse_day(event, "--event", today)
    else:
        if event is not None:
            raise UsageError(f"--event: nghĩa vụ '{ident}' theo lịch, dùng --period")
        periods = [p for p, _ in occurrences(obligation, plan.plan.year) if p]
        when = _occurrence_period(plan, ident, period, periods)
    named = find_unit(plan, unit) if unit else None
    owner = occurrence_unit(plan, obligation, named, completed, when)
    done_once = Occurrence(completed, when, happened, tuple(evidence or ()), note, owner)
    return obligation_edits(plan, ident, done_once)


def obligation_edits(plan: Plan, ident: str, done: Occurrence) -> Change:
    """The occurrence recorded: a new record, or the occurrence's record updated. The rules
    `check` applies to obligation records are applied first."""
    index, obligation = find_obligation(plan, ident)
    owed = recording_units(plan, obligation.units)
    periods = [p for p, _ in occurrences(obligation, plan.plan.year) if p]
    fields: dict[str, Any]
    if done.event is not None:
        fields = {"event": done.event}
        key, label = "event", f"sự kiện ngày {format_date(done.event)}"
    else:
        assert done.period is not None
        fields = {"period": _period_scalar(done.period)}
        key, label = "period", done.period.label
    if done.unit is not None:
        fields["unit"] = Raw(done.unit)
        label += f", {plan.unit_name(done.unit)}"
    fields["completed"] = done.completed
    occasion = done.event if done.event is not None else done.period and done.period.code
    existing = next(
        (
            j
            for j, r in enumerate(obligation.records)
            if (r.event if done.event is not None else r.period) == occasion
            and (len(owed) < 2 or r.unit == done.unit)
        ),
        None,
    )
    if done.evidence:
        fields["evidence"] = [parse_evidence(e) for e in done.evidence]
    if done.note is not None:
        fields["note"] = done.note
    _refuse_record(plan, obligation, owed, periods, existing, fields, key)
    edits = _add_or_update(("obligations", index), "records", existing, fields)
    summary = f"nghĩa vụ {ident}, {label}: hoàn thành ngày {format_date(done.completed)}"
    return Change(edits, summary, ("obligations", index))


def _occurrence_period(plan: Plan, ident: str, period: str | None, periods: list[str]) -> Period:
    if period is None and len(periods) == 1:
        period = periods[0]
    if period is None:
        raise UsageError(f"--period: cần một kỳ của nghĩa vụ này ({', '.join(periods)})")
    when = plan_period(plan, period)
    if when.code not in periods:
        raise UsageError(
            f"--period: kỳ {when.code} không khớp lịch của nghĩa vụ '{ident}' "
            f"(các kỳ: {', '.join(periods)}) [PP118]"
        )
    return when


def _refuse_record(
    plan: Plan,
    obligation: Obligation,
    owed: tuple[str, ...],
    periods: list[str],
    existing: int | None,
    fields: dict[str, Any],
    key: str,
) -> None:
    """The rules ``check`` applies to obligation records, applied to the record as it will
    be (an occurrence recorded again replaces its record, it is not a second one)."""
    records = list(obligation.records)
    values = {k: (v.text if isinstance(v, Raw) else v) for k, v in fields.items()}
    candidate = OccurrenceRecord.model_validate(
        {k: v for k, v in values.items() if k in ("period", "event", "unit", "completed")}
    )
    if existing is None:
        records.append(candidate)
    else:
        records[existing] = candidate
    last = len(records) - 1 if existing is None else existing
    as_written = obligation.model_copy(update={"records": records})
    for j, breach in [
        *record_breaches(obligation, periods, records, owed),
        *unit_breaches(plan, as_written),
    ]:
        if j == last:
            option = {"completed": "done", "unit": "unit"}.get(breach.field or "", key)
            raise UsageError(f"--{option}: {breach.message} [{breach.code}]")
