"""What changed between two versions of a plan, as a reviewer reads it: targets, deadlines,
tasks added or removed, units reassigned, progress recorded, text edited.

Complete by construction: two paired items are compared field by field over the model's own
field list, so every field is compared; ``parplan.diff.fields`` says how each is reported.
Items are paired by identity first (task number, indicator and unit id), then by content
(``parplan.diff.pairing``), so a renumbered task or a renamed id is reported as such rather than
as a removal plus an addition, in time that grows linearly with the plan.

Plans of different years (last year's and the one ``parplan new --from`` made from it) are
compared after the year shift, by ``parplan.editing.rollover``'s rule: a deadline or schedule moved by
exactly the years between them is counted in one line, as is the old year's progress that a
new plan does not carry; only what moved beyond that is listed.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, replace
from typing import Any

from pydantic import BaseModel

from parplan.core.model import DeadlineSpec, Obligation, Paragraph, Plan
from parplan.core.numbers import format_number
from parplan.core.sanitize import json_text, visible
from parplan.diff.fields import Rule, as_json, dated, edit_message, rule
from parplan.diff.lists import (
    ITEMS,
    Context,
    Items,
    days_moved,
    sub_item_changed,
    whole_message,
)
from parplan.editing.rollover import shift_deadline, shift_schedule
from parplan.render.markdown import md_text

GROUPS: dict[str, str] = {
    "targets": "Chỉ tiêu",
    "deadlines": "Thời hạn",
    "tasks": "Nhiệm vụ thêm, bớt, đánh số lại",
    "units": "Đơn vị chủ trì, phối hợp",
    "progress": "Tiến độ được ghi nhận",
    "text": "Sửa câu chữ",
    "other": "Thay đổi khác",
}
TENTATIVE = {True: "thành dự kiến", False: "thành chính thức"}
# The dates a new year's plan moves on (``parplan new --from``): one moved by exactly the years
# between the plans is counted, not listed
YEARLY = {("DeadlineSpec", "by"), ("Obligation", "schedule")}
# Where a top-level section's changes are filed, and how it is named in a message
SECTIONS: dict[str, tuple[str, str]] = {
    "plan": ("plan", "Thông tin kế hoạch"),
    "reporting": ("reporting", "Phần thông tin báo cáo"),
    "report": ("report", "Báo cáo định kỳ"),
    "working_calendar": ("working_calendar", "Lịch làm việc"),
    "par_index": ("par_index", "Tự đánh giá chỉ số CCHC"),
}


@dataclass(frozen=True)
class Difference:
    group: str  # a key of GROUPS
    kind: str  # stable English code, e.g. deadline_moved
    ref: str  # "task:11", "indicator:sipas", "unit:van-phong", "plan", "purposes"
    message: str  # Vietnamese, for people
    old: Any = None  # the value before (JSON form); None when added
    new: Any = None  # the value after; None when removed
    field: str = ""  # where in the item: "deadline.by", "values[2024-Q1]"; "" the whole item

    @property
    def action(self) -> str:
        """added, removed or changed: what happened to the value at ``path``."""
        if _absent(self.old) and not _absent(self.new):
            return "added"
        if _absent(self.new) and not _absent(self.old):
            return "removed"
        return "changed"

    @property
    def path(self) -> str:
        """The item and the field in it: task:16.deadline.by, plan.note, purposes[2]."""
        if self.field.startswith(f"{self.ref}["):  # a paragraph of a section of the plan
            return self.field
        return ".".join(p for p in (self.ref, self.field) if p)

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "action": self.action, "path": self.path}


def _absent(value: Any) -> bool:
    return value is None or value == []


@dataclass(frozen=True)
class Where:
    ref: str
    name: str  # "Nhiệm vụ 11", "Kế hoạch"
    path: str = ""  # field path prefix inside the item, ending in "."


def diff_plans(
    old: Plan | None, new: Plan | None, parts: dict[str, str] | None = None
) -> list[Difference]:
    """Every change from old to new, grouped in the order of GROUPS. A missing side (a plan
    new in the working tree, or deleted) is one change: the whole plan added or removed.
    ``parts``: the bonus and penalty items of the plans' criteria tables (number -> "bonus" or
    "penalty", ``revisions.index_parts``), named as such rather than as criteria."""
    if old is None or new is None:
        return _whole_plan(old, new)
    delta = new.plan.year - old.plan.year
    walk = _Walk(Context(old, new, {"unit": {}, "area": {}}, delta=delta, parts=parts or {}))
    walk.fields(old, new, Where("plan", "Kế hoạch"))
    out = _next_year(walk, old.plan.year, new.plan.year) if delta else walk.out
    order = list(GROUPS)
    return sorted(out, key=lambda c: order.index(c.group))


# What ``parplan new --from`` clears: a task's progress, an indicator's values, an obligation's
# records and the PAR INDEX self scores
CLEARED = {"task_progress", "value_removed", "obligation_record_removed", "index_score_removed"}


def _cleared(c: Difference) -> bool:
    return c.kind in CLEARED and c.new is None


def _next_year(walk: _Walk, before: int, after: int) -> list[Difference]:
    """Between plans of different years, what any new year's plan does is one line each: the
    deadlines moved by exactly the years between them, the progress of the old year not
    carried over (``parplan new --from`` clears it). Everything else is listed."""
    cleared = [c for c in walk.out if _cleared(c)]
    rest = [c for c in walk.out if not _cleared(c)]
    lines = []
    if walk.shifted:
        message = f"{format_number(walk.shifted)} hạn chuyển sang năm {after} như cũ"
        lines.append(Difference("deadlines", "deadlines_shifted", "plan", message, before, after))
    if cleared:
        message = (
            f"{format_number(len(cleared))} ghi nhận tiến độ, số liệu, lần thực hiện, điểm tự "
            f"chấm của năm {before} không chuyển sang năm {after}"
        )
        lines.append(Difference("progress", "progress_not_carried", "plan", message, before, after))
    return lines + rest


def _whole_plan(old: Plan | None, new: Plan | None) -> list[Difference]:
    plan = new or old
    if plan is None:
        return []
    size = (
        f"{format_number(len(plan.tasks))} nhiệm vụ, {format_number(len(plan.indicators))} chỉ tiêu"
    )
    if new is not None:
        message = f"Kế hoạch mới: {plan.plan.title} ({size})"
        return [Difference("other", "plan_added", "plan", message, None, as_json(plan.plan))]
    message = f"Bỏ kế hoạch: {plan.plan.title} ({size})"
    return [Difference("other", "plan_removed", "plan", message, as_json(plan.plan), None)]


class _Walk:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.out: list[Difference] = []
        self.shifted = 0  # deadlines and schedules moved by exactly the years between the plans

    def emit(self, r: Rule, at: Where, field: str, message: str, a: Any, b: Any) -> None:
        self.out.append(
            Difference(
                r.group, r.kind, at.ref, f"{at.name}: {message}", as_json(a), as_json(b), field
            )
        )

    def fields(self, o: BaseModel, n: BaseModel, at: Where) -> None:
        """Compare two versions of one item over every field of its model."""
        model = type(n)
        for name in model.model_fields:
            a, b = getattr(o, name), getattr(n, name)
            r = rule(model, name)
            if self._shifted(o, name, self._seen(r, a)) == b:
                if a != b and (model.__name__, name) in YEARLY:
                    self.shifted += 1
                continue
            self.field(r, o, n, name, a, b, at)

    def _shifted(self, holder: BaseModel, name: str, value: Any) -> Any:
        """A date of the old plan as the new plan's year would have it (``rollover`` says how:
        the same day, the same month, the same period, ``delta`` years on)."""
        delta = self.ctx.delta
        if not delta:
            return value
        if isinstance(holder, DeadlineSpec) and name in ("by", "text"):
            return getattr(shift_deadline(holder, delta), name)
        if isinstance(holder, Obligation) and name == "schedule":
            return shift_schedule(value, delta)
        return value

    def _seen(self, r: Rule, value: Any) -> Any:
        """An old id (or list of ids) as it reads after this change's renames."""
        renamed = self.ctx.renames.get(r.ref) if r.ref else None
        if not renamed:
            return value
        if isinstance(value, list):
            return [renamed.get(v, v) for v in value]
        return renamed.get(value, value) if isinstance(value, str) else value

    def field(self, r: Rule, o: Any, n: Any, name: str, a: Any, b: Any, at: Where) -> None:
        path = at.path + name
        if name in SECTIONS and r.how == "nested":
            at = Where(*SECTIONS[name])
            if a is not None and b is not None:
                self.fields(a, b, at)
                return
        if r.how == "keyed":
            self.keyed(ITEMS[name], r, a, b, replace(at, path=path), o)
        elif r.how == "paragraphs":
            self.paragraphs(r, a, b, at, name)
        elif r.how == "nested" and a is not None and b is not None:
            self.fields(a, b, Where(at.ref, at.name, path + "."))
        elif r.how == "key":
            self.out.append(
                Difference(r.group, r.kind, at.ref, renamed(r.kind, at.name, a, b), a, b, path)
            )
        elif r.how == "deadline" and isinstance(o, DeadlineSpec):
            self.emit(r, at, path, deadline_moved(o, n, self.ctx), a, b)
        elif r.how == "dated":
            self.emit(r, at, path, edit_message(r.label, a, b, dated), a, b)
        elif r.how == "units":
            before, after = _unit_names(self.ctx.old, a), _unit_names(self.ctx.new, b)
            self.emit(r, at, path, f"{r.label} đổi từ {before} sang {after}", a, b)
        elif r.how in ("whole", "nested"):
            self.emit(r, at, path, whole_message(r.kind, r.label, o, n, a, b, self.ctx), a, b)
        elif r.kind == "deadline_tentative":
            self.emit(r, at, path, f"thời hạn chuyển {TENTATIVE[bool(b)]}", a, b)
        else:
            self.emit(r, at, path, edit_message(r.label, a, b), a, b)

    def keyed(self, items: Items, r: Rule, a: list[Any], b: list[Any], at: Where, o: Any) -> None:
        ctx = self.ctx if items.prefix else replace(self.ctx, holder=o)
        pairing = items.matcher(ctx).pair(a, b)
        if items.prefix in ("unit", "area"):  # before anything that refers to them is compared
            moved = {items.key(x): items.key(y) for x, y in pairing.pairs}
            self.ctx.renames[items.prefix].update({k: v for k, v in moved.items() if k != v})
        for x, y in pairing.changed:
            self.pair(items, r, x, y, at, ctx)
        added_kind, removed_kind, _ = items.kinds
        for x in pairing.removed:
            self._item(items, r, removed_kind, at, x, None, items.removed(x, ctx))
        for y in pairing.added:
            self._item(items, r, added_kind, at, None, y, items.added(y, ctx))

    def pair(self, items: Items, r: Rule, x: Any, y: Any, at: Where, ctx: Context) -> None:
        if items.prefix:
            key = items.key(y)
            self.fields(x, y, Where(f"{items.prefix}:{key}", items.name(y, ctx)))
        else:
            message = sub_item_changed(x, y, ctx)
            self._item(items, r, items.kinds[2], at, x, y, message)

    def _item(self, items: Items, r: Rule, kind: str, at: Where, x: Any, y: Any, text: str) -> None:
        item = y if y is not None else x
        key = items.key(item)
        if items.prefix:  # a whole item: its own ref, the message is a sentence of its own
            ref, message, field = f"{items.prefix}:{key}", text[:1].upper() + text[1:], ""
        else:
            ref, message, field = at.ref, f"{at.name}: {text}", f"{at.path}[{key}]"
        self.out.append(Difference(r.group, kind, ref, message, as_json(x), as_json(y), field))

    def paragraphs(
        self, r: Rule, a: list[Paragraph], b: list[Paragraph], at: Where, name: str
    ) -> None:
        """Paragraph lists (purposes, duties, …) aligned as text: each edited, added or removed
        paragraph is one change, numbered as in the new version (or the old, if removed)."""
        if name in ("purposes", "requirements", "funding", "closing", "recipients", "unclassified"):
            at = Where(name, at.name)
        texts = difflib.SequenceMatcher(None, [p.text for p in a], [p.text for p in b], False)
        for op, i1, i2, j1, j2 in texts.get_opcodes():
            if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    if a[i] != b[j]:  # text or note edited
                        self._paragraph(r, at, name, j, a[i], b[j])
            else:
                for i in range(i1, i2):
                    self._paragraph(r, at, name, i, a[i], None)
                for j in range(j1, j2):
                    self._paragraph(r, at, name, j, None, b[j])

    def _paragraph(
        self, r: Rule, at: Where, name: str, i: int, x: Paragraph | None, y: Paragraph | None
    ) -> None:
        label = f"{r.label} (đoạn {i + 1})"
        if x is None or y is None:
            message = edit_message(label, x and x.text, y and y.text)
        else:
            edits = [(label, x.text, y.text), (f"ghi chú của {label}", x.note, y.note)]
            message = "; ".join(edit_message(*e) for e in edits if e[1] != e[2])
        self.emit(r, at, f"{at.path}{name}[{i}]", message, x, y)


def _unit_names(plan: Plan, ids: list[str] | str | None) -> str:
    listed = [ids] if isinstance(ids, str) else ids or []
    return ", ".join(plan.unit_name(u) for u in listed) or "(không có)"


def renamed(kind: str, name: str, a: Any, b: Any) -> str:
    if kind == "task_renumbered":
        return f"Nhiệm vụ {a} đánh số lại thành {b}"
    if kind == "indicator_renamed":
        return f"{name}: đổi mã từ {a}"
    return f"{name}: đổi mã {a} → {b}"


def deadline_moved(o: DeadlineSpec, n: DeadlineSpec, ctx: Context) -> str:
    """A due date moved (by how many days beyond the years between the plans), added,
    removed, or written another way."""
    before, after = o.due, n.due
    expected = shift_deadline(o, ctx.delta).due if ctx.delta else before
    if before is None or after is None:
        return edit_message("hạn hoàn thành", before, after, _day)
    if expected is not None and expected != after:
        verb = "lùi" if after > expected else "đưa lên"
        moved = days_moved(expected, after, ctx)
        return f"hạn hoàn thành {verb} từ {_day(before)} sang {_day(after)} ({moved})"
    return f"đổi cách ghi hạn {o.parsed.label} → {n.parsed.label} (vẫn là {_day(after)})"


def _day(day: Any) -> str:
    from parplan.core.periods import format_date

    return format_date(day) if day else "không có hạn"


def render_text(changes: list[Difference], *, markdown: bool = False) -> str:
    """Grouped, one line per change; plan text can neither drive the terminal (control
    characters shown as escapes) nor, in Markdown, format or mention anything."""
    if not changes:
        return "Không có thay đổi đáng kể.\n"
    lines: list[str] = ["### Thay đổi của kế hoạch", ""] if markdown else []
    for group, title in GROUPS.items():
        items = [c for c in changes if c.group == group]
        if not items:
            continue
        count = format_number(len(items))
        lines.append(f"**{title}** ({count})" if markdown else f"{title} ({count}):")
        for c in items:
            text = visible(c.message, one_line=True)
            lines.append(f"- {md_text(text)}" if markdown else f"  - {text}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_json(changes: list[Difference]) -> str:
    return json_text([c.as_json() for c in changes]) + "\n"
