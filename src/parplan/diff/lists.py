"""The lists `diff` pairs item by item (tasks, units, indicators, …, and the measured values and
records inside them), and the Vietnamese sentences for items and whole values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel

from parplan.core.model import (
    Indicator,
    Measurement,
    OccurrenceRecord,
    Plan,
    Progress,
    Schedule,
    Task,
)
from parplan.core.numbers import format_number
from parplan.core.periods import format_date, parse_deadline, parse_period
from parplan.core.sections import IndexScore
from parplan.core.targets import kind_of
from parplan.diff.fields import VALUE_LABELS, edit_message
from parplan.diff.pairing import Matcher
from parplan.editing.rollover import shift_schedule
from parplan.tracking.progress import target_text

Renames = dict[str, dict[str, str]]  # "unit"/"area" -> old id -> new id


@dataclass(frozen=True)
class Context:
    old: Plan
    new: Plan
    renames: Renames
    holder: Any = None  # the item whose values or records are being compared
    delta: int = 0  # years from the old plan to the new: dates compared after that shift
    # the PAR INDEX criteria table's bonus and penalty items: number -> "bonus" or "penalty"
    parts: dict[str, str] = field(default_factory=dict)

    def percent(self) -> bool:
        """Whether measured values read as percentages (the holder's target is in percent)."""
        h = self.holder
        return (
            isinstance(h, Indicator)
            and h.target.unit == "percent"
            and not kind_of(h.target.op).relative
        )


@dataclass(frozen=True)
class Items:
    """One list of identified items: how to pair them and how to speak of them."""

    prefix: str  # "task": refs are "task:11"; "" for items inside another item
    key_fields: tuple[str, ...]  # the first is the id that renames and refs use
    text: Callable[[Any], str]  # for pairing by similarity
    cutoff: float | None
    name: Callable[[Any, Context], str]  # "Nhiệm vụ 11"
    added: Callable[[Any, Context], str]
    removed: Callable[[Any, Context], str]
    kinds: tuple[str, str, str]  # added, removed, changed (the last for items inside another)
    ref_kind: str = ""  # "unit": old keys seen through unit renames

    def key(self, item: Any) -> str:
        """The item's identity as refs and field paths show it: 11, van-phong, 2024-Q1."""
        values = [getattr(item, f) for f in self.key_fields]
        return next((str(v) for v in values if v is not None), "")

    def matcher(self, ctx: Context) -> Matcher[Any]:
        renamed = ctx.renames.get(self.ref_kind, {})
        key = self.key_fields[0]

        def old_key(item: Any) -> tuple[Any, ...]:
            return (renamed.get(getattr(item, key), getattr(item, key)),)

        return Matcher(self.key_fields, self.text, self.cutoff, old_key if renamed else None)


def deadline_text(task: Task) -> str:
    due = task.deadline.due
    return format_date(due) if due else task.deadline.text


def _unit_name(ctx: Context, unit_id: str) -> str:
    return (
        ctx.new.unit_name(unit_id) if unit_id in ctx.new.units_by_id else ctx.old.unit_name(unit_id)
    )


def _listed(
    prefix: str,
    key: str,
    text: Callable[[Any], str],
    cutoff: float,
    name: Callable[[Any, Context], str],
    said: Callable[[Any, Context], str],
    *,
    also: Callable[[Any], str] = lambda _: "",
    ref_kind: str = "",
) -> Items:
    """A list of the plan's own (units, areas, tasks …): an item added or removed is "Thêm"
    or "Bỏ" with the same words (``said``; ``also``: what only an added one adds), its kinds
    named after the prefix (task_added, task_removed)."""
    return Items(
        prefix, (key,), text, cutoff, name,
        lambda x, ctx: f"Thêm {said(x, ctx)}{also(x)}",
        lambda x, ctx: f"Bỏ {said(x, ctx)}",
        (f"{prefix}_added", f"{prefix}_removed", ""),
        ref_kind,
    )  # fmt: skip


ITEMS: dict[str, Items] = {
    "units": _listed(
        "unit", "id", lambda u: u.name, 0.85,
        lambda u, _: f"Đơn vị {u.name}",
        lambda u, _: f"đơn vị {u.name} ({u.id})",
    ),
    "areas": _listed(
        "area", "id", lambda a: a.title, 0.8,
        lambda a, _: f"Lĩnh vực {a.number}",
        lambda a, _: f"lĩnh vực {a.number}: {a.title}",
    ),
    "indicators": _listed(
        "indicator", "id", lambda i: i.text, 0.8,
        lambda i, _: f"Chỉ tiêu {i.id}",
        lambda i, _: f"chỉ tiêu {i.id}: {target_text(i)}",
    ),
    "unit_duties": _listed(
        "unit_duties", "unit", lambda d: d.heading, 0.8,
        lambda d, ctx: f"Nhiệm vụ của {_unit_name(ctx, d.unit)}",
        lambda d, ctx: f"phần nhiệm vụ của {_unit_name(ctx, d.unit)}",
        ref_kind="unit",
    ),
    "obligations": _listed(
        "obligation", "id", lambda o: f"{o.title} {o.text}", 0.8,
        lambda o, _: f"Nghĩa vụ {o.id}",
        lambda o, _: f"nghĩa vụ định kỳ {o.id}: {o.title}",
    ),
    "tasks": _listed(
        "task", "number", lambda t: t.objective, 0.6,
        lambda t, _: f"Nhiệm vụ {t.number}",
        lambda t, _: f"nhiệm vụ {t.number}: {t.objective}",
        also=lambda t: f" (hạn {deadline_text(t)})",
    ),
    # inside an item: compared whole, named by the item that holds them
    "values": Items(
        "", ("period",), lambda m: m.period, None,
        lambda m, _: parse_period(m.period).label,
        lambda m, ctx: f"ghi giá trị {measured(m, ctx)} cho kỳ {parse_period(m.period).label}",
        lambda m, ctx: f"bỏ giá trị {measured(m, ctx)} của kỳ {parse_period(m.period).label}",
        ("value_recorded", "value_removed", "value_recorded"),
    ),
    "records": Items(
        "", ("period", "event", "unit"), lambda r: r.period or "", None,
        lambda r, ctx: occasion(r, ctx),
        lambda r, ctx: f"{occasion(r, ctx)} thực hiện ngày {format_date(r.completed)}",
        lambda r, ctx: f"bỏ ghi nhận {occasion(r, ctx)} (đã ghi thực hiện ngày {format_date(r.completed)})",
        ("obligation_recorded", "obligation_record_removed", "obligation_record_changed"),
    ),
    "scores": Items(
        "", ("criterion",), lambda s: s.criterion, None,
        lambda s, ctx: criterion(s.criterion, ctx),
        lambda s, ctx: f"chấm {criterion(s.criterion, ctx)}: {scored(s)}",
        lambda s, ctx: f"bỏ điểm tự chấm {criterion(s.criterion, ctx)} ({scored(s)})",
        ("index_scored", "index_score_removed", "index_score_changed"),
    ),
}  # fmt: skip


def criterion(number: str, ctx: Context) -> str:
    """A scored item of the PAR INDEX criteria table named as what it is: "tiêu chí 1.2", "mục
    điểm thưởng IX.1", "mục điểm trừ trừ.a"."""
    part = ctx.parts.get(number)
    if part is None:
        return f"tiêu chí {number}"
    from parplan.core.criteria import PARTS as PART_NAMES

    return f"mục {PART_NAMES[part]} {number}"


def scored(s: IndexScore) -> str:
    """1,5 điểm / chưa chấm: a self score as recorded."""
    return "chưa chấm" if s.score is None else f"{format_number(s.score)} điểm"


def occasion(r: OccurrenceRecord, ctx: Context | None = None) -> str:
    """kỳ Quý I/2024 (a scheduled occurrence) or sự kiện ngày 05/03/2024 (an event); one
    unit's occurrence: "kỳ Tháng 03/2024 của Văn phòng Sở"."""
    when = (
        f"kỳ {parse_period(r.period).label}" if r.period else f"sự kiện ngày {format_date(r.event)}"
    )
    if r.unit is None:
        return when
    name = ctx.new.units_by_id.get(r.unit) if ctx else None
    return f"{when} của {name.name if name else r.unit}"


def measured(m: Measurement, ctx: Context) -> str:
    """86,2% / 412/430 / đạt: a measurement as recorded (% when the target is in percent)."""
    if m.assessment:
        return VALUE_LABELS[m.assessment]
    if m.value is not None:
        return format_number(m.value) + ("%" if ctx.percent() else "")
    if m.numerator is not None or m.denominator is not None:
        return f"{format_number(m.numerator or 0)}/{format_number(m.denominator or 0)}"
    return "(không có số liệu)"


PARTS = {
    "value": "giá trị", "numerator": "tử số", "denominator": "mẫu số", "assessment": "đánh giá",
    "source": "nguồn", "completed": "ngày thực hiện", "evidence": "tài liệu kiểm chứng",
    "note": "ghi chú", "status": "trạng thái",
    # the parts of other values compared whole: a legal basis, a signer, a data window, a target
    "title": "tên", "number": "số", "date": "ngày", "authority": "thẩm quyền ký",
    "name": "họ tên", "start_day": "ngày bắt đầu", "end_day": "ngày kết thúc",
    "op": "phép so sánh", "unit": "đơn vị đo", "year": "năm",
    "score": "điểm", "data": "số liệu kê khai", "explanation": "giải trình",
    "criterion": "tiêu chí", "tasks": "nhiệm vụ", "obligations": "nghĩa vụ",
    "indicators": "chỉ tiêu",
    # a task's reassignment, a split unit's successor
    "since": "từ ngày", "lead": "đơn vị chủ trì", "coordinating": "đơn vị phối hợp",
    "basis": "căn cứ", "takes": "phần việc nhận", "Successor.unit": "đơn vị",
}  # fmt: skip
KEYS = ("period", "event")  # a record's identity: said as "chuyển từ kỳ …", not as a field


def parts_changed(o: BaseModel, n: BaseModel, whose: str, labels: dict[str, str] = PARTS) -> str:
    """Each field of a measured value, a record or a progress edited, with both values:
    sửa nguồn của giá trị kỳ Quý I/2024: "…" → "…"; bỏ ghi chú của …: "…"."""
    edits = [
        edit
        for f in type(n).model_fields
        if f not in KEYS and getattr(o, f) != getattr(n, f)
        for edit in value_edits(f"{labels.get(f, f)} của {whose}", getattr(o, f), getattr(n, f))
    ]
    return "; ".join(edits) or f"sửa {whose}"


def value_edits(label: str, a: Any, b: Any) -> list[str]:
    """A value edited, said part by part when it has parts (a legal basis, a list of
    evidence documents of the same length): "bỏ số của tài liệu kiểm chứng 2: …"."""
    if isinstance(a, BaseModel) and type(a) is type(b):
        fields = [f for f in type(a).model_fields if getattr(a, f) != getattr(b, f)]
        return [
            edit
            for f in fields
            for edit in value_edits(f"{_part(a, f)} của {label}", getattr(a, f), getattr(b, f))
        ]
    if _models(a) and _models(b) and len(a) == len(b):  # the same items, some edited
        pairs = enumerate(zip(a, b, strict=True), start=1)
        return [edit for i, (x, y) in pairs if x != y for edit in value_edits(f"{label} {i}", x, y)]
    return [edit_message(label, a, b)]


def _part(value: BaseModel, field: str) -> str:
    """A part's label: the model's own ("Successor.unit") before the shared one."""
    return PARTS.get(f"{type(value).__name__}.{field}") or PARTS.get(field, field)


def _models(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, BaseModel) for v in value)


def sub_item_changed(o: BaseModel, n: BaseModel, ctx: Context) -> str:
    """A measured value, an obligation record or a self score edited (its period possibly
    corrected)."""
    if isinstance(o, IndexScore) and isinstance(n, IndexScore):
        if o.score != n.score:
            return f"sửa điểm tự chấm {criterion(n.criterion, ctx)}: {scored(o)} → {scored(n)}"
        return parts_changed(o, n, f"điểm {criterion(n.criterion, ctx)}")
    if isinstance(o, Measurement) and isinstance(n, Measurement):
        moved = f" (chuyển từ kỳ {parse_period(o.period).label})" if o.period != n.period else ""
        label = parse_period(n.period).label
        if measured(o, ctx) != measured(n, ctx):
            return f"sửa giá trị {measured(o, ctx)} → {measured(n, ctx)} cho kỳ {label}{moved}"
        return parts_changed(o, n, f"giá trị kỳ {label}{moved}")
    assert isinstance(o, OccurrenceRecord) and isinstance(n, OccurrenceRecord)
    was, now = occasion(o, ctx), occasion(n, ctx)
    moved = f" (trước đó: {was})" if was != now else ""
    if o.completed == n.completed:
        return parts_changed(o, n, f"ghi nhận {now}{moved}")
    return (
        f"sửa ghi nhận {now}{moved}: thực hiện ngày "
        f"{format_date(o.completed)} → {format_date(n.completed)}"
    )


# --- whole values: progress, target, baseline, schedule -------------------------------------


def progress_state(p: Progress) -> str:
    if p.status == "done" and p.completed:
        return f"hoàn thành ngày {format_date(p.completed)}"
    return f"trạng thái {VALUE_LABELS[p.status]}"


def progress_message(a: Progress | None, b: Progress | None) -> str:
    if b is None:
        assert a is not None
        return f"bỏ ghi nhận tiến độ (trước đó: {progress_state(a)})"
    text = progress_state(b)
    if a is not None and progress_state(a) == text:  # the same state: what else was edited
        return parts_changed(a, b, f"tiến độ ({text})", PROGRESS_PARTS)
    if a is not None:
        text += f" (trước đó: {progress_state(a)})"
    if b.evidence and (a is None or a.evidence != b.evidence):
        text += f" (tài liệu kiểm chứng: {'; '.join(e.title for e in b.evidence)})"
    return text


PROGRESS_PARTS = {
    "status": "trạng thái",
    "completed": "ngày hoàn thành",
    "evidence": "tài liệu kiểm chứng",
    "note": "ghi chú",
}


def schedule_text(s: Schedule) -> str:
    if s.every:
        every = {"month": "tháng", "quarter": "quý", "half": "6 tháng", "year": "năm"}[s.every]
        return f"hằng {every}" + (f", ngày {s.day}" if s.day else "")
    if s.once:
        return f"một lần, hạn {parse_deadline(s.once).label}"
    if s.occurrences:
        return "các kỳ " + ", ".join(
            f"{parse_period(o.period).label} (hạn {parse_deadline(o.by).label})"
            for o in s.occurrences
        )
    within = f" trong {s.within_days} ngày" if s.within_days is not None else ""
    return f"sau {s.after_event}{within}"


def days_moved(expected: date, after: date, ctx: Context) -> str:
    """How far a due date moved: "+30 ngày", or between plans of different years, beyond the
    shift ("+61 ngày so với 30/09/2025, hạn cũ chuyển sang năm 2025")."""
    days = f"{(after - expected).days:+d} ngày"
    if not ctx.delta:
        return days
    return f"{days} so với {format_date(expected)}, hạn cũ chuyển sang năm {ctx.new.plan.year}"


def schedule_changed(label: str, a: Schedule, b: Schedule, ctx: Context) -> str:
    """A schedule edited. The same occurrences (or the same single deadline) with some
    deadlines moved: only those, with the days they moved (beyond the years between the
    plans); otherwise the whole schedule before and after."""
    expected = shift_schedule(a, ctx.delta) if ctx.delta else a
    if a.once and b.once and expected.once:
        return f"đổi {label}: {_occasion_moved('một lần, ', a.once, expected.once, b.once, ctx)}"
    same = [x.period for x in expected.occurrences] == [y.period for y in b.occurrences]
    if a.occurrences and same:
        moved = [
            _occasion_moved(f"kỳ {parse_period(y.period).label} ", x.by, e.by, y.by, ctx)
            for x, e, y in zip(a.occurrences, expected.occurrences, b.occurrences, strict=True)
            if e.by != y.by
        ]
        return f"đổi {label}: {'; '.join(moved)}"
    return f"đổi {label}: {schedule_text(a)} → {schedule_text(b)}"


def _occasion_moved(what: str, before: str, expected: str, after: str, ctx: Context) -> str:
    """kỳ Quý I/2025 hạn trước ngày 01/03/2024 → trước ngày 15/03/2025 (+14 ngày …)."""
    text = f"{what}hạn {parse_deadline(before).label} → {parse_deadline(after).label}"
    due, was = parse_deadline(after).due, parse_deadline(expected).due
    return f"{text} ({days_moved(was, due, ctx)})" if due and was else text


def whole_message(kind: str, label: str, o: Any, n: Any, a: Any, b: Any, ctx: Context) -> str:
    """The sentence (after "Nhiệm vụ 3: ") for a value compared whole; o, n hold a and b."""
    if kind == "task_progress":
        return progress_message(a, b)
    if kind in ("target_changed", "baseline_changed") and isinstance(o, Indicator):
        assert isinstance(n, Indicator)
        before, after = target_text(o), target_text(n)
        if before != after:
            return f"kế hoạch {before} → {after}"
    if isinstance(a, Schedule) and isinstance(b, Schedule):
        return schedule_changed(label, a, b, ctx)
    return "; ".join(value_edits(label, a, b))
