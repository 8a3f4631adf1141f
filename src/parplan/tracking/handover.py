"""Which units answer for an item on a date: the one home of that rule.

A unit may end (``until``) and hand its work to a successor (a merge or rename) or to several
(a split, each taking named tasks, areas or obligations); a task may be reassigned from a
date. From the day after a unit's last day, its open work is its successor's; work it
finished stays its own. Every view asks ``Registry.held`` (through ``tracking.plan_items``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import NamedTuple, Protocol, TypeVar

from parplan.core.errors import UsageError
from parplan.core.model import Plan, Reassignment, Unit
from parplan.core.periods import format_date, parse_period


class Work(Protocol):
    """What the rule needs of an item: what it is, who it was given to, when it was done."""

    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> int | None: ...
    @property
    def area(self) -> str | None: ...
    @property
    def obligation(self) -> str | None: ...
    @property
    def period(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def completed(self) -> date | None: ...
    @property
    def due(self) -> date | None: ...


W = TypeVar("W", bound=Work)


class Holding(NamedTuple):
    """Who held an item from a day on (``since`` None: from the start), and why it changed
    hands that day."""

    since: date | None
    lead: tuple[str, ...]
    coordinating: tuple[str, ...]
    basis: str | None = None


class Registry:
    """The plan's units with their dates and successors, and its tasks' reassignments."""

    def __init__(self, plan: Plan) -> None:
        self.units = plan.units_by_id
        self.reassigned = {t.number: t.reassigned for t in plan.tasks if t.reassigned}
        ends = {u.until + timedelta(days=1) for u in plan.units if u.until is not None}
        self.handover_days = sorted(ends)
        self.dated = bool(ends or self.reassigned)
        # some unit begins or ends during the year: a group's members differ by the day
        self.spans = self.dated or any(u.since is not None for u in plan.units)

    def successor(self, unit: Unit, work: Work) -> str | None:
        """The unit that takes ``work`` over from ``unit`` once it ends; None when none does
        (a split that gives this item to no successor)."""
        if unit.successor is not None:
            return unit.successor
        rest = None
        for s in unit.successors:
            if not s.takes:
                rest = rest or s.unit
            elif _named(work, s.takes):
                return s.unit
        return rest

    def valid_on(self, unit_id: str, work: Work, day: date) -> str:
        """The unit that holds ``unit_id``'s share of ``work`` on ``day``: itself, or the
        successor of its successor … (a cycle, which ``check`` reports, stops the walk)."""
        seen = {unit_id}
        unit = self.units.get(unit_id)
        while unit is not None and unit.ended_before(day):
            nxt = self.successor(unit, work)
            if nxt is None or nxt in seen:
                break
            seen.add(nxt)
            unit_id, unit = nxt, self.units.get(nxt)
        return unit_id

    def heirs(self, unit_ids: Iterable[str]) -> tuple[str, ...]:
        """``unit_ids`` and every unit that takes some of their work over, however far down
        the line: the units that may answer for it some day of the year."""
        out = dict.fromkeys(unit_ids)
        todo = list(out)
        while todo:
            unit = self.units.get(todo.pop())
            nxt = [] if unit is None else [unit.successor, *(s.unit for s in unit.successors)]
            for heir in (h for h in nxt if h and h not in out):
                out[heir] = None
                todo.append(heir)
        return tuple(out)

    def holding(
        self,
        work: Work,
        lead: tuple[str, ...],
        coordinating: tuple[str, ...],
        as_of: date | None,
    ) -> tuple[Holding, ...] | None:
        """``history`` up to the day that counts for ``work`` viewed as of ``as_of``
        (``counted_day``); None when no day counts (no date, no deadline)."""
        day = counted_day(work, as_of)
        return None if day is None else self.history(work, lead, coordinating, day)

    def holder(self, as_of: date | None) -> Callable[[str, W], str]:
        """A unit's share of an item viewed as of ``as_of``: the unit valid on the day that
        counts (``counted_day``), for the owing units of an occurrence."""

        def held_by(unit: str, work: W) -> str:
            day = counted_day(work, as_of)
            return unit if day is None else self.valid_on(unit, work, day)

        return held_by

    def away(self, work: Work, named: tuple[str, ...], as_of: date | None) -> tuple[str, ...]:
        """The members of the groups ``named`` (an item's holders) not in office on the day
        that counts for ``work`` (``counted_day``: not yet begun, or ended): concerned with it
        through the group on other days, not this one (a unit named itself: ``holders``)."""
        day = counted_day(work, as_of)
        if day is None:
            return ()
        groups = (g for g in map(self.units.get, named) if g is not None and g.kind == "group")
        members = (m for g in groups for m in g.members if m not in named)
        return _unique(m for m in members if (u := self.units.get(m)) and not u.in_office(day))

    def given(self, work: Work, day: date) -> Reassignment | None:
        """The task's reassignment in force on ``day``, if any."""
        current = None
        for change in self._changes(work):
            if change.since <= day:
                current = change
        return current

    def holders(
        self, work: Work, lead: tuple[str, ...], coordinating: tuple[str, ...], day: date
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(lead, coordinating) of ``work`` on ``day``, from those written in the plan."""
        change = self.given(work, day)
        if change is not None:
            lead = tuple(change.lead)
            if change.coordinating is not None:
                coordinating = tuple(change.coordinating)
        leads = _unique(self.valid_on(u, work, day) for u in lead)
        others = _unique(self.valid_on(u, work, day) for u in coordinating)
        return leads, tuple(u for u in others if u not in leads)

    def history(
        self, work: Work, lead: tuple[str, ...], coordinating: tuple[str, ...], day: date
    ) -> tuple[Holding, ...]:
        """Each change of hands of ``work`` up to ``day``, from its first holder: as written,
        or for an occurrence the holder when its period begins."""
        first = parse_period(work.period).start if work.period else date.min
        out = [Holding(None, *self.holders(work, lead, coordinating, first))]
        days = sorted({*self.handover_days, *(c.since for c in self._changes(work))})
        for on in (d for d in days if first < d <= day):
            held = self.holders(work, lead, coordinating, on)
            before = out[-1]
            if held != (before.lead, before.coordinating):
                out.append(Holding(on, *held, self._basis(work, before, on)))
        return tuple(out)

    def _changes(self, work: Work) -> list[Reassignment]:
        return self.reassigned.get(work.number or 0, []) if work.kind == "task" else []

    def _basis(self, work: Work, before: Holding, on: date) -> str | None:
        """Why an item changed hands on ``on``: the reassignment's basis, or that of the units
        that ended the day before."""
        for change in self._changes(work):
            if change.since == on:
                return change.basis
        ended = (self.units.get(u) for u in (*before.lead, *before.coordinating))
        found = [u.basis for u in ended if u and u.until == on - timedelta(days=1) and u.basis]
        return "; ".join(dict.fromkeys(found)) or None


def counted_day(work: Work, as_of: date | None) -> date | None:
    """The day whose units answer for ``work`` viewed as of ``as_of``: the day it was done
    (who did it keeps it), else ``as_of`` (the first day of its period when later: a period
    that begins after a unit ended was never that unit's). Without ``as_of``: its due day."""
    done = work.status == "done" and work.completed is not None
    if done and (as_of is None or work.completed <= as_of):  # type: ignore[operator]
        return work.completed
    day = as_of if as_of is not None else work.due
    if work.period and day is not None:
        day = max(day, parse_period(work.period).start)
    return day


def _named(work: Work, takes: list[int | str]) -> bool:
    if work.kind == "task":
        return work.number in takes or work.area in takes
    return work.obligation in takes


def _unique(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def changes_between(plan: Plan, start: date, end: date) -> list[str]:
    """One sentence per change of units whose first new day falls in ``start``…``end``:
    "Từ ngày 01/07/2025, Phòng A, Phòng B chuyển việc cho Phòng C (căn cứ: …)."."""
    grouped: dict[tuple[date, tuple[str, ...], str | None], list[str]] = {}
    for unit in plan.units:
        if unit.until is None or not start <= unit.until + timedelta(days=1) <= end:
            continue
        heirs = tuple(next_units(unit))
        key = (unit.until + timedelta(days=1), heirs, unit.basis)
        grouped.setdefault(key, []).append(unit.name)
    out = []
    for (day, heirs, basis), names in sorted(grouped.items(), key=lambda kv: kv[0][0]):
        gone = ", ".join(names)
        to = ", ".join(plan.unit_name(h) for h in heirs)
        what = f"{gone} chuyển việc cho {to}" if to else f"{gone} kết thúc hoạt động"
        cited = f" (căn cứ: {basis})" if basis else ""
        out.append(f"Từ ngày {format_date(day)}, {what}{cited}.")
    return out


def _heirs_text(plan: Plan, unit: Unit) -> str:
    heirs = next_units(unit)
    return ", ".join(f"{plan.unit_name(h)} ({h})" for h in heirs if h)


def ended_note(plan: Plan, unit_id: str, day: date) -> str | None:
    """What a view of ``unit_id`` as of ``day`` must say when the unit no longer exists then:
    its open work is shown under its successors, only what it finished under it."""
    unit = plan.units_by_id.get(unit_id)
    if unit is None or unit.until is None or not unit.ended_before(day):
        return None
    heirs = _heirs_text(plan, unit)
    cited = f" (căn cứ: {unit.basis})" if unit.basis else ""
    moved = f"việc chưa xong chuyển cho {heirs}" if heirs else "không đơn vị nào nhận lại việc"
    return (
        f"{unit.name} hết hoạt động sau ngày {format_date(unit.until)}{cited}: {moved}; "
        "ở đây chỉ còn việc đơn vị đã làm"
    )


def ended_text(
    plan: Plan, unit_id: str, day: date, what: str, work: Work | None = None
) -> str | None:
    """Why ``unit_id`` cannot have ``what`` (a record) on ``day``, after it ended,
    naming who took its work over: of ``work`` alone, the unit that holds it that day
    (``Registry.valid_on``: of a split, the successor taking it); else every successor.
    None while it is in office then."""
    unit = plan.units_by_id.get(unit_id)
    if unit is None or unit.until is None or not unit.ended_before(day):
        return None
    if work is None:
        heirs = _heirs_text(plan, unit)
    else:
        heir = Registry(plan).valid_on(unit_id, work, day)
        heirs = "" if heir == unit_id else f"{plan.unit_name(heir)} ({heir})"
    instead = f"; hãy ghi cho {heirs}" if heirs else ""
    return (
        f"{unit.name} ({unit_id}) hết hoạt động sau ngày {format_date(unit.until)}, "
        f"không nhận {what} ngày {format_date(day)}{instead}"
    )


def begun_text(plan: Plan, unit_id: str, day: date, what: str) -> str | None:
    """Why ``unit_id`` cannot have ``what`` (a record) on ``day``, before it began, naming
    whose work it was then; None once it has begun (the mirror of ``ended_text``)."""
    unit = plan.units_by_id.get(unit_id)
    if unit is None or unit.since is None or unit.since <= day:
        return None
    held = _predecessors_text(plan, unit_id)
    instead = f"; hãy ghi cho {held}" if held else ""
    return (
        f"{unit.name} ({unit_id}) hoạt động từ ngày {format_date(unit.since)}, "
        f"không nhận {what} ngày {format_date(day)}{instead}"
    )


def _predecessors_text(plan: Plan, unit_id: str) -> str:
    """The units whose work ``unit_id`` takes over when they end."""
    before = [u for u in plan.units if unit_id in next_units(u)]
    return ", ".join(f"{u.name} ({u.id})" for u in before)


def refuse_out_of_office(plan: Plan, unit_id: str, start: date, end: date, what: str) -> None:
    """Refuse ``what`` (what the unit would do of the period ``start``…``end``: "nhận biểu
    mẫu kỳ …", "lập báo cáo kỳ …") when the unit works no day of it
    (``Unit.in_office_during``): ended before it began, naming who took its work over, or
    begun after it ended, naming whose work it was."""
    unit = plan.units_by_id.get(unit_id)
    if unit is None or unit.in_office_during(start, end):
        return
    if unit.until is not None and unit.ended_before(start):
        held = _heirs_text(plan, unit)
        when = (
            f"hết hoạt động sau ngày {format_date(unit.until)}, không {what} "
            f"(kỳ bắt đầu ngày {format_date(start)})"
        )
    else:
        assert unit.since is not None
        held = _predecessors_text(plan, unit_id)
        when = (
            f"hoạt động từ ngày {format_date(unit.since)}, không {what} "
            f"(kỳ kết thúc ngày {format_date(end)})"
        )
    instead = f"; việc kỳ này của {held}" if held else ""
    raise UsageError(f"--unit: {unit.name} ({unit_id}) {when}{instead}")


def next_units(unit: Unit) -> list[str]:
    """Every unit that takes some of ``unit``'s work when it ends."""
    return [unit.successor] if unit.successor else [s.unit for s in unit.successors]
