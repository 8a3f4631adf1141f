"""What changed between two versions of a plan, as a reviewer reads it: targets, deadlines,
tasks added or removed, units reassigned, progress recorded, text edited.

Items are matched by identity first (task number, indicator and unit id), then by content, so
a renumbered task or a renamed id is reported as such rather than as a removal plus an addition.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from parplan.model import Indicator, Obligation, Plan, Task
from parplan.numbers import format_number
from parplan.periods import format_date, parse_period
from parplan.progress import target_text

GROUPS: dict[str, str] = {
    "targets": "Chỉ tiêu",
    "deadlines": "Thời hạn",
    "tasks": "Nhiệm vụ thêm, bớt, đánh số lại",
    "units": "Đơn vị chủ trì, phối hợp",
    "progress": "Tiến độ được ghi nhận",
    "text": "Sửa câu chữ",
    "other": "Thay đổi khác",
}
TEXT_FIELDS = {
    "objective": "mục tiêu",
    "duty": "nhiệm vụ",
    "activities": "hoạt động",
    "product": "sản phẩm",
    "note": "ghi chú",
}


@dataclass(frozen=True)
class Change:
    group: str  # a key of GROUPS
    kind: str  # stable English code, e.g. deadline_moved
    ref: str  # "task:11", "indicator:sipas", "unit:van-phong"
    message: str  # Vietnamese, for people
    old: Any = None
    new: Any = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair(
    old: list[Any], new: list[Any], key: Any, text: Any, cutoff: float
) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pairs (old, new): same key and text, then same text (moved or renamed), then same key
    and similar text (edited), then similar text; and what is left on each side."""
    pairs: list[tuple[Any, Any]] = []
    left, right = list(old), list(new)

    def match(accept: Any) -> None:
        for o in list(left):
            best = max(
                right, key=lambda n: (accept(o, n), _similar(text(o), text(n))), default=None
            )
            if best is not None and accept(o, best):
                pairs.append((o, best))
                left.remove(o)
                right.remove(best)

    match(lambda o, n: key(o) == key(n) and text(o) == text(n))
    match(lambda o, n: text(o) == text(n))
    match(lambda o, n: key(o) == key(n) and _similar(text(o), text(n)) >= cutoff / 2)
    match(lambda o, n: _similar(text(o), text(n)) >= cutoff)
    return pairs, left, right


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    changes: list[Change] = []
    renames = _units(old, new, changes)
    _indicators(old, new, changes)
    _tasks(old, new, renames, changes)
    _obligations(old, new, changes)
    _meta(old, new, renames, changes)
    order = list(GROUPS)
    return sorted(changes, key=lambda c: order.index(c.group))


def _units(old: Plan, new: Plan, out: list[Change]) -> dict[str, str]:
    pairs, removed, added = _pair(old.units, new.units, lambda u: u.id, lambda u: u.name, 0.85)
    renames = {}
    for o, n in pairs:
        if o.id != n.id:
            renames[o.id] = n.id
            out.append(
                Change(
                    "units",
                    "unit_renamed",
                    f"unit:{n.id}",
                    f"Đơn vị {n.name}: đổi mã {o.id} → {n.id}",
                    o.id,
                    n.id,
                )
            )
        if o.name != n.name:
            out.append(
                Change(
                    "units",
                    "unit_name_changed",
                    f"unit:{n.id}",
                    f'Đơn vị {n.id}: đổi tên từ "{o.name}" thành "{n.name}"',
                    o.name,
                    n.name,
                )
            )
    for u in removed:
        out.append(Change("units", "unit_removed", f"unit:{u.id}", f"Bỏ đơn vị {u.name} ({u.id})"))
    for u in added:
        out.append(Change("units", "unit_added", f"unit:{u.id}", f"Thêm đơn vị {u.name} ({u.id})"))
    return renames


def _indicators(old: Plan, new: Plan, out: list[Change]) -> None:
    pairs, removed, added = _pair(
        old.indicators, new.indicators, lambda i: i.id, lambda i: i.text, 0.8
    )
    for o, n in pairs:
        ref = f"indicator:{n.id}"
        if o.id != n.id:
            out.append(
                Change(
                    "targets",
                    "indicator_renamed",
                    ref,
                    f"Chỉ tiêu {n.id}: đổi mã từ {o.id}",
                    o.id,
                    n.id,
                )
            )
        if (o.target, o.baseline) != (n.target, n.baseline):
            out.append(
                Change(
                    "targets",
                    "target_changed",
                    ref,
                    f"Chỉ tiêu {n.id}: kế hoạch {target_text(o)} → {target_text(n)}",
                    target_text(o),
                    target_text(n),
                )
            )
        if o.text != n.text:
            out.append(
                Change(
                    "text",
                    "indicator_text_edited",
                    ref,
                    f"Chỉ tiêu {n.id}: sửa câu chữ",
                    o.text,
                    n.text,
                )
            )
        _values(o, n, out)
    for i in removed:
        out.append(
            Change(
                "targets",
                "indicator_removed",
                f"indicator:{i.id}",
                f"Bỏ chỉ tiêu {i.id}: {target_text(i)}",
            )
        )
    for i in added:
        out.append(
            Change(
                "targets",
                "indicator_added",
                f"indicator:{i.id}",
                f"Thêm chỉ tiêu {i.id}: {target_text(i)}",
            )
        )


def _values(o: Indicator, n: Indicator, out: list[Change]) -> None:
    before = {m.period: m for m in o.values}
    for m in n.values:
        if before.get(m.period) == m:
            continue
        unit = "%" if n.target.unit == "percent" and n.target.op != "reduce_by" else ""
        shown: str
        if m.assessment:
            shown = m.assessment
        elif m.value is not None:
            shown = f"{format_number(m.value)}{unit}"
        else:
            shown = f"{format_number(m.numerator or 0)}/{format_number(m.denominator or 0)}"
        verb = "sửa giá trị" if m.period in before else "ghi giá trị"
        out.append(
            Change(
                "progress",
                "value_recorded",
                f"indicator:{n.id}",
                f"Chỉ tiêu {n.id}: {verb} {shown} cho kỳ {m.parsed_period.label}",
                None,
                m.model_dump(mode="json"),
            )
        )


def _tasks(old: Plan, new: Plan, renames: dict[str, str], out: list[Change]) -> None:
    pairs, removed, added = _pair(
        old.tasks, new.tasks, lambda t: t.number, lambda t: t.objective, 0.6
    )
    for o, n in pairs:
        ref = f"task:{n.number}"
        name = f"Nhiệm vụ {n.number}"
        if o.number != n.number:
            out.append(
                Change(
                    "tasks",
                    "task_renumbered",
                    ref,
                    f"Nhiệm vụ {o.number} đánh số lại thành {n.number}",
                    o.number,
                    n.number,
                )
            )
        _deadline(o, n, name, ref, out)
        for field, label in (("lead", "chủ trì"), ("coordinating", "phối hợp")):
            before = [renames.get(u, u) for u in getattr(o, field)]
            after = getattr(n, field)
            if before != after:
                out.append(
                    Change(
                        "units",
                        f"{field}_changed",
                        ref,
                        f"{name}: đơn vị {label} đổi từ {_names(old, getattr(o, field))} sang {_names(new, after)}",
                        getattr(o, field),
                        after,
                    )
                )
        _progress(o, n, name, ref, out)
        for field, label in TEXT_FIELDS.items():
            if getattr(o, field) != getattr(n, field):
                out.append(
                    Change(
                        "text",
                        "task_text_edited",
                        ref,
                        f"{name}: sửa {label}",
                        getattr(o, field),
                        getattr(n, field),
                    )
                )
        if o.area != n.area:
            out.append(
                Change(
                    "other",
                    "task_area_changed",
                    ref,
                    f"{name}: chuyển lĩnh vực {o.area} → {n.area}",
                    o.area,
                    n.area,
                )
            )
    for t in removed:
        out.append(
            Change(
                "tasks",
                "task_removed",
                f"task:{t.number}",
                f"Bỏ nhiệm vụ {t.number}: {t.objective}",
            )
        )
    for t in added:
        out.append(
            Change(
                "tasks",
                "task_added",
                f"task:{t.number}",
                f"Thêm nhiệm vụ {t.number}: {t.objective} (hạn {format_date(t.deadline.due) if t.deadline.due else t.deadline.text})",
            )
        )


def _names(plan: Plan, ids: list[str]) -> str:
    return ", ".join(plan.unit_name(u) for u in ids) or "(không có)"


def _deadline(o: Task, n: Task, name: str, ref: str, out: list[Change]) -> None:
    before, after = o.deadline.due, n.deadline.due
    if before != after:
        if before and after:
            days = (after - before).days
            verb = "lùi" if days > 0 else "đưa lên"
            message = f"{name}: hạn hoàn thành {verb} từ {format_date(before)} sang {format_date(after)} ({days:+d} ngày)"
        else:
            message = f"{name}: hạn hoàn thành đổi từ {format_date(before) if before else 'không có hạn'} sang {format_date(after) if after else 'không có hạn'}"
        out.append(
            Change(
                "deadlines",
                "deadline_moved",
                ref,
                message,
                before.isoformat() if before else None,
                after.isoformat() if after else None,
            )
        )
    elif o.deadline.text != n.deadline.text:
        out.append(
            Change(
                "text",
                "deadline_text_edited",
                ref,
                f'{name}: sửa cách ghi thời hạn ("{o.deadline.text}" → "{n.deadline.text}")',
                o.deadline.text,
                n.deadline.text,
            )
        )
    if o.deadline.tentative != n.deadline.tentative:
        what = "thành dự kiến" if n.deadline.tentative else "thành chính thức"
        out.append(
            Change(
                "deadlines",
                "deadline_tentative",
                ref,
                f"{name}: thời hạn chuyển {what}",
                o.deadline.tentative,
                n.deadline.tentative,
            )
        )


def _progress(o: Task, n: Task, name: str, ref: str, out: list[Change]) -> None:
    if o.progress == n.progress or n.progress is None:
        return
    p = n.progress
    if p.status == "done" and p.completed:
        message = f"{name}: hoàn thành ngày {format_date(p.completed)}"
    else:
        labels = {
            "not_started": "chưa bắt đầu",
            "in_progress": "đang thực hiện",
            "cancelled": "hủy",
            "done": "hoàn thành",
        }
        message = f"{name}: trạng thái {labels[p.status]}"
    if p.evidence and (o.progress is None or o.progress.evidence != p.evidence):
        message += f" (tài liệu kiểm chứng: {'; '.join(e.title for e in p.evidence)})"
    out.append(
        Change(
            "progress",
            "task_progress",
            ref,
            message,
            o.progress.model_dump(mode="json") if o.progress else None,
            p.model_dump(mode="json"),
        )
    )


def _obligations(old: Plan, new: Plan, out: list[Change]) -> None:
    before = {o.id: o for o in old.obligations}
    for ob in new.obligations:
        prior: Obligation | None = before.get(ob.id)
        done = {(r.period, r.event) for r in prior.records} if prior else set()
        for r in ob.records:
            if (r.period, r.event) not in done:
                which = (
                    f"kỳ {parse_period(r.period).label}"
                    if r.period
                    else f"sự kiện ngày {format_date(r.event)}"
                )
                out.append(
                    Change(
                        "progress",
                        "obligation_recorded",
                        f"obligation:{ob.id}",
                        f"Nghĩa vụ {ob.id}: {which} thực hiện ngày {format_date(r.completed)}",
                        None,
                        r.model_dump(mode="json"),
                    )
                )
        if prior is None:
            out.append(
                Change(
                    "other",
                    "obligation_added",
                    f"obligation:{ob.id}",
                    f"Thêm nghĩa vụ định kỳ {ob.id}: {ob.title}",
                )
            )
        elif prior.schedule != ob.schedule:
            out.append(
                Change(
                    "deadlines",
                    "obligation_schedule_changed",
                    f"obligation:{ob.id}",
                    f"Nghĩa vụ {ob.id}: đổi lịch thực hiện",
                )
            )
    for ob_id in before.keys() - {o.id for o in new.obligations}:
        out.append(
            Change(
                "other", "obligation_removed", f"obligation:{ob_id}", f"Bỏ nghĩa vụ định kỳ {ob_id}"
            )
        )


def _meta(old: Plan, new: Plan, renames: dict[str, str], out: list[Change]) -> None:
    for field in ("title", "number", "symbol", "issue_date", "year", "issuer", "parent_body"):
        a, b = getattr(old.plan, field), getattr(new.plan, field)
        if a != b:
            out.append(
                Change(
                    "other",
                    "plan_changed",
                    f"plan:{field}",
                    f'Thông tin kế hoạch: {field} "{a}" → "{b}"',
                    a,
                    b,
                )
            )
    for section, label in (
        ("purposes", "mục đích"),
        ("requirements", "yêu cầu"),
        ("funding", "kinh phí"),
    ):
        if getattr(old, section) != getattr(new, section):
            out.append(Change("text", "section_edited", section, f"Sửa phần {label}"))
    renamed = [d.model_copy(update={"unit": renames.get(d.unit, d.unit)}) for d in old.unit_duties]
    if renamed != new.unit_duties:
        out.append(Change("text", "section_edited", "unit_duties", "Sửa phần nhiệm vụ các đơn vị"))
    for a, b in zip(old.areas, new.areas, strict=False):
        if a.duties != b.duties or a.title != b.title:
            out.append(
                Change(
                    "text",
                    "area_edited",
                    f"area:{b.id}",
                    f"Lĩnh vực {b.number}: sửa nội dung, nhiệm vụ",
                )
            )


def render_text(changes: list[Change], *, markdown: bool = False) -> str:
    if not changes:
        return "Không có thay đổi đáng kể.\n"
    lines: list[str] = ["### Thay đổi của kế hoạch", ""] if markdown else []
    for group, title in GROUPS.items():
        items = [c for c in changes if c.group == group]
        if not items:
            continue
        lines.append(f"**{title}** ({len(items)})" if markdown else f"{title} ({len(items)}):")
        for c in items:
            lines.append(f"- {c.message}" if markdown else f"  - {c.message}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
