"""Recording progress: each function turns a plan's text into the edited text, touching
only the lines of the edited item. Pure: no file I/O and no clock (``today`` is given)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from parplan.errors import UsageError
from parplan.model import Indicator, Obligation, Plan, Task
from parplan.periods import Period, format_date, parse_user_date
from parplan.progress import format_number
from parplan.semantics import suggest
from parplan.splice import Document, Raw
from parplan.tracking import occurrences
from parplan.views import plan_period

T = TypeVar("T")

TASK_STATUSES = ("not_started", "in_progress", "done", "cancelled")
ASSESSMENTS = ("achieved", "partly", "not_achieved")


@dataclass(frozen=True)
class Edit:
    """The edited text, a one-line Vietnamese summary, and the top-level item the edit is
    confined to (e.g. ("tasks", 4)), when it is."""

    text: str
    summary: str
    item: tuple[str, int] | None = None


def parse_evidence(text: str) -> dict[str, Any]:
    """ "Kế hoạch số 45/KH-SVHTT ngày 20/03/2024" -> title, number and date when written."""
    text = " ".join(text.split())
    evidence: dict[str, Any] = {"title": text}
    number = re.search(r"\bsố\s+([0-9][\w./-]*)", text, flags=re.IGNORECASE)
    if number:
        evidence["number"] = number[1].rstrip(".,;")
    day = re.search(r"\bngày\s+(\d{1,2}/\d{1,2}/\d{4})", text, flags=re.IGNORECASE)
    if day:
        with contextlib.suppress(ValueError):
            evidence["date"] = parse_user_date(day[1])
    return evidence


def parse_number(text: str, option: str) -> float:
    """A number as typed: "86.2" or "86,2" (decimal comma), "1 250"."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise UsageError(f"{option}: '{text}' không phải là số (ví dụ 86.2 hoặc 86,2)") from None


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
    doc: Document,
    path: tuple[str | int, ...],
    key: str,
    existing: int | None,
    fields: dict[str, Any],
) -> None:
    """A new entry for the period, or the fields of the period's entry set in place."""
    if existing is None:
        doc.append(path, key, fields)
        return
    for name, value in fields.items():
        if name != "period":
            doc.set((*path, key, existing), name, value)


# --- tasks ----------------------------------------------------------------------------------


def find_task(plan: Plan, number: int) -> tuple[int, Task]:
    for index, task in enumerate(plan.tasks):
        if task.number == number:
            return index, task
    span = f"1–{len(plan.tasks)}" if plan.tasks else "không có nhiệm vụ nào"
    raise UsageError(f"không có nhiệm vụ số {number} (các nhiệm vụ: {span})")


def record_task(
    text: str | Document,
    plan: Plan,
    number: int,
    *,
    today: date,
    done: str | None = None,
    status: str | None = None,
    evidence: list[str] | None = None,
    note: str | None = None,
) -> Edit:
    index, task = find_task(plan, number)
    if status is not None and status not in TASK_STATUSES:
        raise UsageError(
            f"--status: '{status}' không hợp lệ; cần một trong: {', '.join(TASK_STATUSES)}"
        )
    completed = parse_day(done, "--done", today) if done else None
    if completed and status not in (None, "done"):
        raise UsageError("--done đi với trạng thái done; bỏ --status hoặc dùng --status done")
    if status == "done" and completed is None:
        raise UsageError("--status done cần --done NGÀY (ngày hoàn thành)")
    if completed is None and status is None and not evidence and note is None:
        raise UsageError("không có gì để ghi: dùng --done, --status, --evidence hoặc --note")
    changes: dict[str, Any] = {}
    if completed is not None:
        changes["status"] = Raw("done")
        changes["completed"] = completed
    elif status is not None:
        changes["status"] = Raw(status)
        if task.progress and task.progress.completed and status != "done":
            changes["completed"] = None
    if note is not None:
        changes["note"] = note
    new_evidence = [parse_evidence(e) for e in evidence or []]
    doc = text if isinstance(text, Document) else Document(text)
    path = ("tasks", index)
    if task.progress is None:
        doc.set(
            path, "progress", {**changes, **({"evidence": new_evidence} if new_evidence else {})}
        )
    else:
        for key, value in changes.items():
            doc.set((*path, "progress"), key, value)
        if new_evidence:
            doc.extend((*path, "progress"), "evidence", new_evidence)
    labels = {
        "not_started": "chưa bắt đầu",
        "in_progress": "đang thực hiện",
        "done": "hoàn thành",
        "cancelled": "hủy",
    }
    what = (
        f"hoàn thành ngày {format_date(completed)}"
        if completed
        else labels.get(status or "", "cập nhật ghi chú, tài liệu kiểm chứng")
    )
    return Edit(doc.apply(), f"nhiệm vụ {number}: {what}", ("tasks", index))


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


def record_indicator(
    text: str | Document,
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
) -> Edit:
    index, indicator = find_indicator(plan, ident)
    when = plan_period(plan, period)
    fields: dict[str, Any] = {"period": _period_scalar(when)}
    qualitative = indicator.target.op == "qualitative"
    if qualitative:
        if value is not None or numerator is not None or denominator is not None:
            raise UsageError(
                f"chỉ tiêu '{ident}' là định tính: dùng --assessment, không dùng --value"
            )
        if assessment not in ASSESSMENTS:
            raise UsageError(f"--assessment: cần một trong {', '.join(ASSESSMENTS)}")
        fields["assessment"] = Raw(assessment)
    else:
        if assessment is not None:
            raise UsageError(
                f"chỉ tiêu '{ident}' là định lượng: dùng --value, không dùng --assessment"
            )
        if value is None and (numerator is None or denominator is None):
            raise UsageError("cần --value, hoặc cả --numerator và --denominator")
        if value is not None:
            fields["value"] = parse_number(value, "--value")
        if numerator is not None:
            fields["numerator"] = parse_number(numerator, "--numerator")
        if denominator is not None:
            fields["denominator"] = parse_number(denominator, "--denominator")
    if source is not None:
        fields["source"] = source
    if note is not None:
        fields["note"] = note
    doc = text if isinstance(text, Document) else Document(text)
    existing = next((j for j, m in enumerate(indicator.values) if m.period == when.code), None)
    _add_or_update(doc, ("indicators", index), "values", existing, fields)
    summary = f"chỉ tiêu {ident}, {when.label}: {_shown(fields)}"
    return Edit(doc.apply(), summary, ("indicators", index))


def _shown(fields: dict[str, Any]) -> str:
    if "assessment" in fields:
        return str(fields["assessment"].text)
    if "value" in fields:
        return format_number(fields["value"])
    return f"{format_number(fields['numerator'])}/{format_number(fields['denominator'])}"


# --- obligations ----------------------------------------------------------------------------


def find_obligation(plan: Plan, ident: str) -> tuple[int, Obligation]:
    return _by_id(plan.obligations, ident, "nghĩa vụ")


def record_obligation(
    text: str | Document,
    plan: Plan,
    ident: str,
    *,
    today: date,
    done: str,
    period: str | None = None,
    evidence: list[str] | None = None,
    note: str | None = None,
) -> Edit:
    index, obligation = find_obligation(plan, ident)
    periods = [p for p, _ in occurrences(obligation, plan.plan.year) if p]
    if not periods:
        raise UsageError(f"nghĩa vụ '{ident}' theo sự kiện, không có kỳ để ghi")
    if period is None and len(periods) == 1:
        period = periods[0]
    if period is None:
        raise UsageError(f"--period: cần một kỳ của nghĩa vụ này ({', '.join(periods)})")
    when = plan_period(plan, period)
    if when.code not in periods:
        raise UsageError(
            f"--period: nghĩa vụ '{ident}' không có kỳ {when.code} (các kỳ: {', '.join(periods)})"
        )
    completed = parse_day(done, "--done", today)
    fields: dict[str, Any] = {"period": _period_scalar(when), "completed": completed}
    if evidence:
        fields["evidence"] = [parse_evidence(e) for e in evidence]
    if note is not None:
        fields["note"] = note
    doc = text if isinstance(text, Document) else Document(text)
    existing = next((j for j, r in enumerate(obligation.records) if r.period == when.code), None)
    _add_or_update(doc, ("obligations", index), "records", existing, fields)
    summary = f"nghĩa vụ {ident}, {when.label}: hoàn thành ngày {format_date(completed)}"
    return Edit(doc.apply(), summary, ("obligations", index))
