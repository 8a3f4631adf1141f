"""`parplan collect`: filled forms back into the plan, all or nothing.

Each form is checked against the plan it claims to come from (same plan, same period, items
unchanged since, descriptive cells as written); each filled row is checked with record's
rules; two forms that disagree on one item are both named. Only when no problem is left are
all the edits made, through `record`, in one validated atomic write of the plan.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parplan.core.errors import CellProblem, FormsRejected, UsageError
from parplan.core.model import Plan
from parplan.core.numbers import format_number
from parplan.core.periods import Period, format_date, parse_period
from parplan.editing.record import find_indicator, find_obligation, find_task
from parplan.forms.cells import FormEntry, Origin, RowReader, cell_text, comparable
from parplan.forms.layout import (
    SHEETS,
    Row,
    SheetSpec,
    TaskIndex,
    expected_rows,
    plan_hash,
)
from parplan.forms.read import FormFile
from parplan.forms.rows import indicator_change, obligation_change, task_change
from parplan.render.sheets import shown_in_cell
from parplan.tracking.items import TASK_STATUS_LABELS, unit_occurrences
from parplan.tracking.progress import ASSESSMENT_LABELS

if TYPE_CHECKING:
    from parplan.document.change import Change, Outcome
    from parplan.document.edits import Edit

KINDS = {"task": "Nhiệm vụ", "indicator": "Chỉ tiêu", "obligation": "Nghĩa vụ"}


@dataclass
class UnitSummary:
    unit: str
    name: str
    files: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))


@dataclass
class Collected:
    changes: list[FormEntry]
    summaries: list[UnitSummary]
    period: Period


@dataclass
class _Form:
    """One form being checked: what the current plan would put in it, and whether the plan
    is the very text the form was made from."""

    plan: Plan
    file: FormFile
    period: Period
    expected: dict[str, Row]
    fresh: bool
    today: date
    problems: list[CellProblem]


def check_forms(
    plan: Plan,
    text: str,
    forms: Sequence[FormFile],
    today: date,
    period: str | None,
    known: Sequence[CellProblem] = (),
) -> Collected:
    """Every problem of every form (after those ``known`` from reading them), or the changes
    they ask for, one per item."""
    problems: list[CellProblem] = list(known)
    wanted = _period(plan, forms, period, problems)
    digest = plan_hash(text)
    changes: list[FormEntry] = []
    summaries: dict[str, UnitSummary] = {}
    counted: dict[str, set[str]] = {}
    index = TaskIndex(plan, wanted)
    for form in forms:
        if not _belongs(plan, form, wanted, problems):
            continue
        unit = form.meta["unit"]
        summary = summaries.setdefault(unit, UnitSummary(unit, plan.unit_name(unit)))
        counted.setdefault(unit, set())
        summary.files.append(form.name)
        expected = expected_rows(plan, unit, wanted, index)
        ctx = _Form(plan, form, wanted, expected, form.meta["plan_hash"] == digest, today, problems)
        for spec in SHEETS:
            for number, values in sorted(form.rows.get(spec.name, {}).items()):
                change = _row(ctx, spec, Origin(form.name, unit, spec.name, number), values)
                if change is not None:
                    changes.append(change)
                    if change.key not in counted[unit]:  # a row copied: one item still
                        counted[unit].add(change.key)
                        summary.counts[change.kind] += 1
    merged = _merge(changes, problems)
    if problems:
        raise FormsRejected(problems)
    return Collected(merged, list(summaries.values()), wanted)


def _period(
    plan: Plan, forms: Sequence[FormFile], period: str | None, problems: list[CellProblem]
) -> Period:
    """The period being collected: --period, else the one all the forms share."""
    from parplan.tracking.typed import plan_period

    if period is not None:
        return plan_period(plan, period)
    found = sorted({f.meta["period"] for f in forms if "period" in f.meta})
    if len(found) > 1:
        for form in forms:
            why = f"biểu mẫu kỳ {form.meta.get('period')}; các biểu mẫu thuộc nhiều kỳ " + (
                f"({', '.join(found)}): thu từng kỳ một, với --period"
            )
            problems.append(form.problem("parplan", "B6", why, "PP202"))
        raise FormsRejected(problems)
    try:
        return parse_period(found[0]) if found else Period(plan.plan.year, "year")
    except ValueError as exc:
        raise UsageError(f"kỳ trong biểu mẫu không hợp lệ: {exc}") from None


def _belongs(plan: Plan, form: FormFile, period: Period, problems: list[CellProblem]) -> bool:
    meta = form.meta
    if not meta:
        return False  # unreadable: already reported
    if meta["plan_title"] != shown_in_cell(plan.plan.title) or meta["plan_year"] != str(
        plan.plan.year
    ):
        why = (
            f"biểu mẫu lập từ kế hoạch khác ('{meta['plan_title']}', năm {meta['plan_year']}), "
            f"không phải '{plan.plan.title}', năm {plan.plan.year}"
        )
        problems.append(form.problem("parplan", "B3", why, "PP202"))
        return False
    if meta["period"] != period.code:
        why = f"biểu mẫu của kỳ {meta['period']}, đang thu kỳ {period.code}"
        problems.append(form.problem("parplan", "B6", why, "PP202"))
        return False
    if meta["unit"] not in plan.units_by_id:
        why = f"đơn vị '{meta['unit']}' không có trong kế hoạch"
        problems.append(form.problem("parplan", "B7", why, "PP202"))
        return False
    return True


def _row(ctx: _Form, spec: SheetSpec, origin: Origin, values: tuple[Any, ...]) -> FormEntry | None:
    reader = RowReader(spec, origin, values, ctx.today, ctx.plan.plan.year)
    tie = ctx.file.index.get((spec.name, origin.row))
    if tie is None:
        why = "dòng không thuộc biểu mẫu (được thêm vào sau khi lập)"
        ctx.problems.append(ctx.file.problem(spec.name, f"A{origin.row}", why, "PP204"))
        return None
    key, stamp = tie
    moved = _moved(spec, key, values)
    if moved is not None:
        ctx.problems.append(ctx.file.problem(spec.name, f"A{origin.row}", moved, "PP204"))
        return None
    row = ctx.expected.get(key)
    if row is None or (not ctx.fresh and row.fingerprint != stamp):
        # the item changed since the form was made: only a row that asks for nothing the
        # plan does not already hold (a form collected twice) may pass
        if not reader.blank and (
            row is None or _interpret(ctx, spec, reader, row) or reader.problems
        ):
            what = "không còn trong kế hoạch" if row is None else "đã thay đổi trong kế hoạch"
            why = f"{key}: {what} từ khi lập biểu mẫu; hãy lập biểu mẫu mới và điền lại"
            ctx.problems.append(ctx.file.problem(spec.name, f"A{origin.row}", why, "PP203"))
        return None
    for index, column in enumerate(spec.columns):
        if column.editable:
            continue
        expected = comparable(shown_in_cell(row.values[column.key]))
        if comparable(values[index]) != expected:
            why = f"ô mô tả đã bị sửa (kế hoạch ghi: '{cell_text(expected) or ''}')"
            ctx.problems.append(origin.problem(spec, column.key, why, "PP204"))
    if reader.blank:
        return None
    change = _interpret(ctx, spec, reader, row)
    ctx.problems.extend(reader.problems)
    return change


def _moved(spec: SheetSpec, key: str, values: tuple[Any, ...]) -> str | None:
    """Why the row's id cell (and an occurrence's period) does not name the item the row
    belongs to (its hidden key): a row turned into another item's, which it cannot be."""
    _, ident, period = (*key.split(":", 2), None)[:3]
    shown = comparable(values[0])
    said = [str(shown)]
    wanted = [ident]
    if spec.item == "obligation" and period is not None:
        said.append(str(comparable(values[1])))
        wanted.append(parse_period(period).label)
    if said == wanted:
        return None
    return (
        f"ô mã ghi '{' — '.join(said)}' nhưng dòng là của {key} (cột ẩn 'parplan'): không "
        "chuyển được một dòng sang mục khác; hãy điền vào dòng của chính mục đó"
    )


def _interpret(ctx: _Form, spec: SheetSpec, reader: RowReader, row: Row) -> FormEntry | None:
    plan = ctx.plan
    if spec.item == "task":
        return task_change(reader, find_task(plan, int(row.ident))[1])
    if spec.item == "indicator":
        indicator = find_indicator(plan, str(row.ident))[1]
        return indicator_change(reader, indicator, ctx.period.code)
    assert row.period is not None
    obligation = find_obligation(plan, str(row.ident))[1]
    unit = ctx.file.meta["unit"]
    held = unit_occurrences(plan, obligation, unit, ctx.period.end)  # as its form was made
    occurrence = next(i for i in held if i.period == row.period)
    return obligation_change(reader, occurrence)


def _merge(changes: list[FormEntry], problems: list[CellProblem]) -> list[FormEntry]:
    """One change per item. Two forms filling one field of one item differently (a lead and
    a coordinating unit) are both named; evidence from both is kept."""
    merged: dict[str, FormEntry] = {}
    for change in changes:
        first = merged.get(change.key)
        if first is None:
            merged[change.key] = change
            continue
        for name, value in change.fields.items():
            if name in first.fields and first.fields[name] != value:
                problems.extend(_disagreement(first, change, name))
            first.fields.setdefault(name, value)
            if name in change.cells:
                first.cells.setdefault(name, change.cells[name])
        first.evidence += [e for e in change.evidence if e not in first.evidence]
        first.origins += change.origins
    return list(merged.values())


def _disagreement(a: FormEntry, b: FormEntry, name: str) -> list[CellProblem]:
    out = []
    for mine, other in ((a, b), (b, a)):
        origin, cell = mine.cells[name]
        there, there_cell = other.cells[name]
        why = (
            f"{_item_name(mine)}: '{_shown(name, mine.fields[name])}' khác với "
            f"'{_shown(name, other.fields[name])}' ở {there.file}!{there.sheet}!{there_cell}; "
            "hai đơn vị cần thống nhất một giá trị"
        )
        out.append(CellProblem(origin.file, origin.sheet, cell, why, "PP205"))
    return out


def _item_name(change: FormEntry) -> str:
    """The item a change is about, as a person names it: "nhiệm vụ 1", "chỉ tiêu sipas",
    "nghĩa vụ cong-khai-hang-thang, Tháng 03/2024"."""
    period = f", {parse_period(change.period).label}" if change.period else ""
    if change.kind == "task":
        return f"nhiệm vụ {change.ident}"
    return f"{KINDS[change.kind].lower()} {change.ident}{period}"


def _shown(name: str, value: Any) -> str:
    """A field's value as the form's cell says it: a date dd/mm/yyyy, a number the
    Vietnamese way, a status or an assessment by its label."""
    labels = {"status": TASK_STATUS_LABELS, "assessment": ASSESSMENT_LABELS}.get(name, {})
    if value in labels:
        return labels[value]
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float):
        return format_number(value)
    return str(value)


def apply_changes(plan: Plan, changes: Sequence[FormEntry]) -> Change:
    """Every change made into the edits `record` makes of the same update (applied,
    validated and written once by the caller). A row `record` refuses is reported at its
    cells, and nothing is written."""
    from parplan.document.change import Change

    problems: list[CellProblem] = []
    edits: list[Edit] = []
    for change in changes:
        try:
            edits += _edits(plan, change).edits
        except UsageError as exc:
            for origin in change.origins:
                problems.append(
                    CellProblem(origin.file, origin.sheet, f"A{origin.row}", exc.message, "PP207")
                )
    if problems:
        raise FormsRejected(problems)
    return Change(tuple(edits), f"{len(changes)} mục từ biểu mẫu")


def _edits(plan: Plan, change: FormEntry) -> Change:
    from parplan.editing.record import (
        Occurrence,
        Reading,
        TaskUpdate,
        indicator_edits,
        obligation_edits,
        task_edits,
    )

    fields, evidence = change.fields, tuple(change.evidence)
    if change.kind == "task":
        update = TaskUpdate(fields.get("done"), fields.get("status"), evidence, fields.get("note"))
        return task_edits(plan, int(change.ident), update)
    assert change.period is not None
    period = parse_period(change.period)
    if change.kind == "indicator":
        return indicator_edits(plan, str(change.ident), period, Reading(**fields))
    done = Occurrence(fields["done"], period, None, evidence, fields.get("note"), change.unit)
    return obligation_edits(plan, str(change.ident), done)


def collect(
    plan_path: Path,
    forms: Sequence[FormFile],
    *,
    today: date,
    period: str | None = None,
    dry_run: bool = False,
    known: Sequence[CellProblem] = (),
    waiting: Callable[[str], None] | None = None,
) -> tuple[Collected, Outcome]:
    """Check the forms against the plan as it is on disk, then record everything in one
    write (or, with ``dry_run``, compute the diff only)."""
    from parplan.document.change import edit_plan

    result: list[Collected] = []

    def plan_change(plan: Plan, text: str) -> Change:
        collected = check_forms(plan, text, forms, today, period, known)
        result.append(collected)
        return apply_changes(plan, collected.changes)

    outcome = edit_plan(plan_path, plan_change, today=today, dry_run=dry_run, waiting=waiting)
    return result[0], outcome


def summary_table(collected: Collected) -> str:
    """What changed, per unit: one line per unit, a total line."""
    header = ("Đơn vị", "Biểu mẫu", *KINDS.values())
    rows = [
        (s.name, ", ".join(s.files), *(str(s.counts[k]) for k in KINDS))
        for s in collected.summaries
    ]
    totals = [str(sum(c.kind == k for c in collected.changes)) for k in KINDS]
    units = f"{format_number(len(collected.summaries))} đơn vị"
    rows.append(("Tổng (mục của kế hoạch)", units, *totals))
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    lines = [f"Thu biểu mẫu {collected.period.label}: số mục thay đổi theo đơn vị"]
    for row in (header, *rows):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
        cells += [row[i].rjust(widths[i]) for i in range(2, len(row))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
