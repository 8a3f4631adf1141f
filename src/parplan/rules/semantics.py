"""Semantic checks beyond types: references resolve, ids are unique, numbers contiguous,
dates within the plan year, targets make sense. Each returns problems with a ``loc``;
positions are added by the loader only when there is something to report."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import date

from pydantic import BaseModel

from parplan.core.errors import Loc, Problem
from parplan.core.model import Indicator, Plan
from parplan.core.numbers import format_number
from parplan.core.periods import format_date, parse_deadline, parse_period
from parplan.core.sanitize import controls_in, visible
from parplan.core.targets import kind_of
from parplan.rules.handover import handover_problems
from parplan.rules.recorded import (
    completion_breach,
    measurement_breaches,
    record_breaches,
    unit_breaches,
)
from parplan.tracking.items import occurrences
from parplan.tracking.units import lookalikes, name_key, owing_units, recording_units


def check_plan(plan: Plan, as_of: date | None = None) -> list[Problem]:
    """Every semantic problem of a validated plan. ``as_of`` (when given) rejects completion
    dates later than it."""
    problems: list[Problem] = []
    problems += _unique_ids(plan)
    problems += _unit_names(plan)
    problems += _area_numbers(plan)
    problems += _unit_refs(plan)
    problems += _area_refs(plan)
    problems += _task_numbers(plan)
    problems += _indicators(plan)
    problems += _obligation_records(plan)
    problems += _dates(plan, as_of)
    problems += handover_problems(plan)
    return problems


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known name nearest to ``name``, if it is a near miss."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return close[0] if close else None


def suggest(name: str, known: Iterable[str]) -> str:
    """ " — có phải 'x'?" for a near miss, else ''."""
    close = closest(name, known)
    return f"; có phải '{close}'?" if close else ""


def _unique_ids(plan: Plan) -> Iterator[Problem]:
    for field, ids in (
        ("units", [u.id for u in plan.units]),
        ("areas", [a.id for a in plan.areas]),
        ("indicators", [i.id for i in plan.indicators]),
        ("obligations", [o.id for o in plan.obligations]),
    ):
        seen: dict[str, int] = {}
        for i, ident in enumerate(ids):
            if ident in seen:
                yield Problem(
                    "PP102",
                    f"mã '{ident}' bị trùng với {field}[{seen[ident]}]; mỗi mã phải là duy nhất",
                    (field, i, "id"),
                )
            seen.setdefault(ident, i)


def _unit_names(plan: Plan) -> Iterator[Problem]:
    """Two units must not be named alike: names or short names equal once case, spacing,
    Unicode forms, diacritics and lookalike letters are set aside (``name_key``) would be
    told apart by nobody reading a report, nor by ``--unit``."""
    seen: dict[str, tuple[int, str]] = {}
    for i, unit in enumerate(plan.units):
        for field in ("name", "short"):
            text = getattr(unit, field)
            if not text:
                continue
            key = name_key(text)
            other = seen.get(key)
            if other is not None and other[0] != i:
                j, other_field = other
                yield Problem(
                    "PP119",
                    f"tên '{text}' trùng hoặc trông giống {other_field} "
                    f"'{getattr(plan.units[j], other_field)}' của units[{j}] "
                    f"('{plan.units[j].id}'){lookalikes(text)}; hãy đặt tên khác hẳn",
                    ("units", i, field),
                )
            seen.setdefault(key, (i, field))


def _number_used(code: str, what: str, section: str, number: int, first: int, i: int) -> Problem:
    """A number given twice in a section: where it was first given."""
    return Problem(code, f"{what} {number} đã dùng ở {section}[{first}]", (section, i, "number"))


def _area_numbers(plan: Plan) -> Iterator[Problem]:
    seen: dict[int, int] = {}
    for i, area in enumerate(plan.areas):
        if area.number in seen:
            yield _number_used("PP102", "số lĩnh vực", "areas", area.number, seen[area.number], i)
        seen.setdefault(area.number, i)


def _reference(
    code: str, what: str, where: str, known: Collection[str], listing: str
) -> Callable[[str | None, Loc], Iterator[Problem]]:
    """The check of an id that must name one of ``known``: the problem says what it is not
    among, the nearest id, and the ids there are."""

    def ref(ident: str | None, loc: Loc) -> Iterator[Problem]:
        if ident is not None and ident not in known:
            yield Problem(
                code,
                f"{what} '{ident}' không có trong {where}{suggest(ident, known)} "
                f"(các mã đã có: {listing})",
                loc,
            )

    return ref


def _unit_refs(plan: Plan) -> Iterator[Problem]:
    known = plan.units_by_id
    ref = _reference("PP101", "đơn vị", "danh sách units", known, ", ".join(sorted(known)))

    for i, unit in enumerate(plan.units):
        if unit.members and unit.kind != "group":
            yield Problem(
                "PP110",
                f"đơn vị '{unit.id}' có members nhưng kind là '{unit.kind}'; "
                "chỉ nhóm (kind: group) mới có thành viên",
                ("units", i, "members"),
            )
        for j, member in enumerate(unit.members):
            yield from ref(member, ("units", i, "members", j))
        if unit.successor:
            yield from ref(unit.successor, ("units", i, "successor"))
        for j, successor in enumerate(unit.successors):
            yield from ref(successor.unit, ("units", i, "successors", j, "unit"))
    for i, task in enumerate(plan.tasks):
        for field in ("lead", "coordinating"):
            for j, unit_id in enumerate(getattr(task, field)):
                yield from ref(unit_id, ("tasks", i, field, j))
        for j, change in enumerate(task.reassigned):
            for field in ("lead", "coordinating"):
                for k, unit_id in enumerate(getattr(change, field) or []):
                    yield from ref(unit_id, ("tasks", i, "reassigned", j, field, k))
    for i, duty in enumerate(plan.unit_duties):
        yield from ref(duty.unit, ("unit_duties", i, "unit"))
    for i, ob in enumerate(plan.obligations):
        for j, unit_id in enumerate(ob.units):
            yield from ref(unit_id, ("obligations", i, "units", j))
        for j, rec in enumerate(ob.records):
            if rec.unit is not None:
                yield from ref(rec.unit, ("obligations", i, "records", j, "unit"))
    if plan.reporting:
        if plan.reporting.submit_to:
            yield from ref(plan.reporting.submit_to, ("reporting", "submit_to"))
        for j, unit_id in enumerate(plan.reporting.forward_to):
            yield from ref(unit_id, ("reporting", "forward_to", j))


def _area_refs(plan: Plan) -> Iterator[Problem]:
    known = plan.areas_by_id
    listing = ", ".join(known) or "chưa có lĩnh vực nào"
    ref = _reference("PP105", "lĩnh vực", "areas", known, listing)

    for i, task in enumerate(plan.tasks):
        yield from ref(task.area, ("tasks", i, "area"))
    for i, ind in enumerate(plan.indicators):
        yield from ref(ind.area, ("indicators", i, "area"))


def _task_numbers(plan: Plan) -> Iterator[Problem]:
    seen: dict[int, int] = {}
    expected = 1
    for i, task in enumerate(plan.tasks):
        if task.number in seen:
            yield _number_used("PP103", "số thứ tự", "tasks", task.number, seen[task.number], i)
            continue
        seen[task.number] = i
        if task.number != expected:
            yield Problem(
                "PP104",
                f"số thứ tự {task.number} không liên tục: cần {expected} "
                "(các nhiệm vụ đánh số 1, 2, 3, … theo thứ tự)",
                ("tasks", i, "number"),
            )
        expected = task.number + 1


def _indicators(plan: Plan) -> Iterator[Problem]:
    for i, ind in enumerate(plan.indicators):
        yield from _target(ind, ("indicators", i))
        for j, m in enumerate(ind.values):
            loc: Loc = ("indicators", i, "values", j)
            for breach in measurement_breaches(ind, m):
                where = (*loc, breach.field) if breach.field else loc
                yield Problem(breach.code, breach.message, where)
        periods = [m.period for m in ind.values]
        for j, period in enumerate(periods):
            if period in periods[:j]:
                yield Problem(
                    "PP114", f"kỳ {period} đã được ghi ở trên", ("indicators", i, "values", j)
                )


def _obligation_records(plan: Plan) -> Iterator[Problem]:
    for i, ob in enumerate(plan.obligations):
        periods = [p for p, _ in occurrences(ob, plan.plan.year) if p]
        owed = recording_units(plan, ob.units)
        breaches = [*record_breaches(ob, periods, ob.records, owed), *unit_breaches(plan, ob)]
        for j, breach in sorted(breaches, key=lambda found: found[0]):
            loc: Loc = ("obligations", i, "records", j)
            yield Problem(
                breach.code, breach.message, (*loc, breach.field) if breach.field else loc
            )


def _target(ind: Indicator, loc: Loc) -> Iterator[Problem]:
    target = ind.target
    if not kind_of(target.op).measured:
        if target.value is not None:
            yield Problem(
                "PP109", "chỉ tiêu định tính không có value (để null)", (*loc, "target", "value")
            )
        return
    if target.value is None:
        yield Problem(
            "PP109", f"chỉ tiêu '{target.op}' cần value là một số", (*loc, "target", "value")
        )
        return
    if target.unit == "percent" and not 0 <= target.value <= 100:
        yield Problem(
            "PP107",
            f"chỉ tiêu {format_number(target.value)}% nằm ngoài khoảng 0–100",
            (*loc, "target", "value"),
        )
    if kind_of(target.op).relative and ind.baseline is None:
        yield Problem(
            "PP108",
            "chỉ tiêu reduce_by cần baseline (năm gốc, ví dụ {year: 2021}) để so sánh",
            (*loc, "target"),
        )


def _dates(plan: Plan, as_of: date | None) -> Iterator[Problem]:
    year = plan.plan.year
    lo, hi = date(year - 1, 1, 1), date(year + 1, 12, 31)

    def near(day: date | None, loc: Loc, what: str) -> Iterator[Problem]:
        if day is not None and not lo <= day <= hi:
            yield Problem(
                "PP106",
                f"{what} {format_date(day)} nằm ngoài năm kế hoạch {year} (cho phép {year - 1}–{year + 1})",
                loc,
            )

    for i, task in enumerate(plan.tasks):
        yield from near(task.deadline.due, ("tasks", i, "deadline", "by"), "thời hạn")
        progress = task.progress
        if progress is None:
            continue
        ploc: Loc = ("tasks", i, "progress")
        yield from near(progress.completed, (*ploc, "completed"), "ngày hoàn thành")
        breach = completion_breach(progress.status, progress.completed)
        if breach is not None:
            yield Problem(breach.code, breach.message, (*ploc, breach.field or "status"))
        if progress.completed and as_of and progress.completed > as_of:
            yield Problem(
                "PP112",
                f"ngày hoàn thành {format_date(progress.completed)} sau ngày xét {format_date(as_of)}",
                (*ploc, "completed"),
            )
    for i, ind in enumerate(plan.indicators):
        for j, m in enumerate(ind.values):
            if parse_period(m.period).year != year:
                yield Problem(
                    "PP113",
                    f"kỳ {m.period} nằm ngoài năm kế hoạch {year}",
                    ("indicators", i, "values", j, "period"),
                )
    for i, ob in enumerate(plan.obligations):
        sloc: Loc = ("obligations", i, "schedule")
        if ob.schedule.once:
            yield from near(parse_deadline(ob.schedule.once).due, (*sloc, "once"), "thời hạn")
        for j, occ in enumerate(ob.schedule.occurrences):
            yield from near(parse_deadline(occ.by).due, (*sloc, "occurrences", j, "by"), "thời hạn")
            if parse_period(occ.period).year != year:
                yield Problem(
                    "PP113",
                    f"kỳ {occ.period} nằm ngoài năm kế hoạch {year}",
                    (*sloc, "occurrences", j, "period"),
                )
        for j, rec in enumerate(ob.records):
            rloc: Loc = ("obligations", i, "records", j)
            yield from near(rec.event, (*rloc, "event"), "ngày sự kiện")
            yield from near(rec.completed, (*rloc, "completed"), "ngày hoàn thành")
            if as_of and rec.completed > as_of:
                yield Problem(
                    "PP112",
                    f"ngày hoàn thành {format_date(rec.completed)} sau ngày xét {format_date(as_of)}",
                    (*rloc, "completed"),
                )


# --- warnings (check lists them; the plan is still valid) ------------------------------------


def text_warnings(plan: Plan) -> list[Problem]:
    """Control characters (C0 but tab and line feed, DEL, C1, U+2028/9) in any text of the
    plan (PP121): every output shows them as escapes instead of sending them to a terminal,
    but a plan that holds an escape sequence is most likely pasted from somewhere wrong."""
    out = []
    for loc, text in _texts(plan, ()):
        found = controls_in(text)
        if found:
            shown = ", ".join(f"{visible(c)} (U+{ord(c):04X})" for c in found)
            message = (
                f"văn bản có ký tự điều khiển {shown}: parplan chỉ hiện chúng dưới dạng mã, "
                "không gửi ra màn hình; nên xóa khỏi kế hoạch"
            )
            out.append(Problem("PP121", message, loc))
    return out


def shared_record_warning(plan: Plan) -> list[Problem]:
    """Records that name no unit, of obligations several units owe (written before each
    unit recorded its own occurrence): still valid, they count for every member; said once,
    at the first of them (PP129)."""
    found: list[Loc] = []
    for i, ob in enumerate(plan.obligations):
        if len(owing_units(plan, ob.units)) < 2:
            continue
        found += [("obligations", i, "records", j) for j, r in enumerate(ob.records) if not r.unit]
    if not found:
        return []
    message = (
        f"{format_number(len(found))} lần thực hiện nghĩa vụ không ghi đơn vị (unit): mỗi lần "
        "được tính là mọi đơn vị thực hiện nghĩa vụ đã làm; từ nay mỗi đơn vị ghi lần của mình "
        "(record obligation … --unit ĐƠN-VỊ, hoặc biểu mẫu của đơn vị)"
    )
    return [Problem("PP129", message, found[0])]


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Every string of a validated plan with its path (model fields are the YAML keys)."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name), (*loc, name))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))
