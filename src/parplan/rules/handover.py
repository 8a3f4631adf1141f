"""What `check` says of the dated unit registry: successors that close a circle or name a
group, what a split hands over, work left to a unit that no longer exists (a unit's own
record of an occurrence: ``recorded.unit_breaches``).
Who holds an item on a date is ``handover.Registry``'s answer; this module only reads it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from parplan.core.errors import Loc, Problem
from parplan.core.model import Plan, Unit
from parplan.core.periods import format_date
from parplan.tracking.handover import Registry, next_units
from parplan.tracking.items import Item, obligation_items, task_item
from parplan.tracking.units import owing_units


def handover_problems(plan: Plan) -> Iterator[Problem]:
    """Every problem of the plan's unit dates, successors and reassignments."""
    registry = Registry(plan)
    if not registry.dated and not any(u.since for u in plan.units):
        return
    yield from _cycles(plan)
    yield from _to_groups(plan)
    yield from _takes(plan)
    for i, task in enumerate(plan.tasks):
        yield from _orphaned([task_item(task)], registry, plan, ("tasks", i))
    for i, ob in enumerate(plan.obligations):
        yield from _orphaned(
            list(obligation_items(ob, plan.plan.year)), registry, plan, ("obligations", i)
        )


def _cycles(plan: Plan) -> Iterator[Problem]:
    units = plan.units_by_id
    index = {u.id: i for i, u in enumerate(plan.units)}
    reported: set[str] = set()
    for unit in plan.units:
        path = _circle(unit.id, units, [])
        if path is None or unit.id in reported or path[0] != unit.id:
            continue
        reported.update(path)
        chain = " → ".join([*path, path[0]])
        yield Problem(
            "PP124",
            f"các đơn vị kế thừa nhau thành vòng ({chain}): việc chuyển mãi không đến đơn vị "
            "nào đang hoạt động; hãy bỏ successor của đơn vị còn hoạt động trong vòng",
            ("units", index[unit.id], "successor" if unit.successor else "successors"),
        )


def _circle(unit_id: str, units: dict[str, Unit], path: list[str]) -> list[str] | None:
    """The circle of successors that begins at ``unit_id``, if it comes back to it."""
    if unit_id in path:
        return path if path[0] == unit_id else None
    unit = units.get(unit_id)
    if unit is None:
        return None
    for nxt in next_units(unit):
        found = _circle(nxt, units, [*path, unit_id])
        if found is not None:
            return found
    return None


def _to_groups(plan: Plan) -> Iterator[Problem]:
    """A successor is a unit, never a group (PP132): a group is a list of units each doing
    its own share, not a body that takes over another's work, and the walk would leave that
    work with the group, which no one records for."""
    units = plan.units_by_id
    for i, unit in enumerate(plan.units):
        named: list[tuple[str, Loc]] = (
            [(unit.successor, ("units", i, "successor"))] if unit.successor else []
        )
        named += [
            (s.unit, ("units", i, "successors", j, "unit")) for j, s in enumerate(unit.successors)
        ]
        for heir, where in named:
            group = units.get(heir)
            if group is None or group.kind != "group":
                continue  # an unknown id is PP101
            yield Problem(
                "PP132",
                f"'{heir}' ({group.name}) là một nhóm đơn vị, không nhận lại việc của "
                f"{unit.name} như một đơn vị: ghi mã đơn vị nhận việc (chia tách: successors, "
                "mỗi đơn vị một phần việc qua takes)",
                where,
            )


def _takes(plan: Plan) -> Iterator[Problem]:
    """A split names only parts of the plan, each part once, and at most one successor
    takes the rest: the walk gives a part to the first successor naming it, so a second one
    would silently get nothing of what the plan says it takes."""
    numbers = {t.number for t in plan.tasks}
    named = {*plan.areas_by_id, *(o.id for o in plan.obligations)}
    for i, unit in enumerate(plan.units):
        given: dict[int | str, str] = {}
        rest: str | None = None
        for j, successor in enumerate(unit.successors):
            if not successor.takes:
                if rest is not None:
                    yield Problem(
                        "PP125",
                        f"'{successor.unit}' và '{rest}' cùng không ghi takes (nhận phần còn "
                        "lại): chỉ một đơn vị kế thừa nhận phần còn lại; ghi takes cho đơn vị "
                        "kia",
                        ("units", i, "successors", j),
                    )
                rest = rest or successor.unit
            for k, part in enumerate(successor.takes):
                where: Loc = ("units", i, "successors", j, "takes", k)
                if part in given:
                    twice = given[part] == successor.unit
                    yield Problem(
                        "PP125",
                        f"'{part}' ghi hai lần"
                        if twice
                        else f"'{part}' đã giao cho đơn vị "
                        f"'{given[part]}': mỗi phần việc chỉ giao cho một đơn vị kế thừa",
                        where,
                    )
                    continue
                given[part] = successor.unit
                if part in numbers or part in named:
                    continue
                yield Problem(
                    "PP125",
                    f"'{part}' không phải số thứ tự nhiệm vụ, mã lĩnh vực hay mã nghĩa vụ của "
                    f"kế hoạch: đơn vị '{successor.unit}' không nhận được phần việc này",
                    where,
                )


def _orphaned(items: list[Item], registry: Registry, plan: Plan, loc: Loc) -> Iterator[Problem]:
    """An item due after every unit it is given to has ended (none taking it over), or done
    after that; a task due before every unit it is given to has begun, an item done before
    that (PP131): one problem an item (one an obligation, at its first occurrence)."""
    field = "lead" if loc[0] == "tasks" else "units"
    for item in items:
        if item.due is not None:
            ended = _ended(registry, plan, item, item.due)
            if ended:
                yield Problem("PP126", _orphan_text(ended, item, "đến hạn"), (*loc, field))
                return
            unborn = _not_begun(registry, plan, item, item.due)
            if unborn and item.kind == "task":
                yield Problem("PP130", _unborn_text(unborn, item, "đến hạn"), (*loc, field))
                return
        if item.status == "done" and item.completed is not None:
            where = (*loc, "progress", "completed") if item.kind == "task" else (*loc, field)
            ended = _ended(registry, plan, item, item.completed)
            if ended:
                yield Problem("PP127", _orphan_text(ended, item, "hoàn thành"), where)
                return
            unborn = _not_begun(registry, plan, item, item.completed)
            if unborn:
                yield Problem("PP131", _unborn_text(unborn, item, "hoàn thành"), where)
                return


def _ended(registry: Registry, plan: Plan, item: Item, day: date) -> list[Unit]:
    """The units holding ``item`` on ``day`` when every one of them has ended by then."""
    units = _holding(registry, plan, item, day)
    return units if units and all(u.ended_before(day) for u in units) else []


def _not_begun(registry: Registry, plan: Plan, item: Item, day: date) -> list[Unit]:
    """The units holding ``item`` on ``day`` when none of them has begun by then."""
    units = _holding(registry, plan, item, day)
    if units and all(u.since is not None and u.since > day for u in units):
        return units
    return []


def _holding(registry: Registry, plan: Plan, item: Item, day: date) -> list[Unit]:
    """The units that answer for ``item`` on ``day``: its lead then, a group standing for its
    members (each member's share with its own successor once it ends)."""
    lead, _ = registry.holders(item, item.lead, (), day)
    held = dict.fromkeys(registry.valid_on(u, item, day) for u in owing_units(plan, lead))
    return [plan.units_by_id[u] for u in held if u in plan.units_by_id]


def _named(item: Item) -> str:
    """ "NV 2"; an occurrence with its obligation: "Nghĩa vụ 'cong-khai', Tháng 04"."""
    return item.label if item.kind == "task" else f"Nghĩa vụ '{item.obligation}', {item.label}"


def _unborn_text(units: list[Unit], item: Item, what: str) -> str:
    names = ", ".join(f"'{u.id}' (hoạt động từ {format_date(u.since)})" for u in units)
    day = item.due if what == "đến hạn" else item.completed
    return (
        f"{_named(item)} {what} ngày {format_date(day)} nhưng chỉ giao cho {names}, khi đó "
        "đơn vị chưa hoạt động: hãy giao cho đơn vị đang hoạt động ngày đó (đơn vị mới nhận "
        "việc qua successor của đơn vị cũ, hoặc reassigned từ ngày bắt đầu)"
    )


def _orphan_text(ended: list[Unit], item: Item, what: str) -> str:
    names = ", ".join(f"'{u.id}' (hết hoạt động sau {format_date(u.until)})" for u in ended)
    day = item.due if what == "đến hạn" else item.completed
    return (
        f"{_named(item)} {what} ngày {format_date(day)} nhưng chỉ giao cho {names}, không đơn vị "
        "nào nhận lại: hãy ghi successor cho đơn vị, hoặc giao lại nhiệm vụ (reassigned)"
    )
