"""What is due, done and late as of a date: tasks and expanded obligation occurrences.

Pure functions of the plan and the as-of date (the clock is read only in the CLI).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from parplan.core.model import Evidence, Obligation, OccurrenceRecord, Plan, Task
from parplan.core.periods import Period, format_date, last_day, parse_deadline, parse_period
from parplan.core.workdays import DEFAULT_WITHIN, Within, WorkingCalendar, day_count
from parplan.tracking.handover import Holding, Registry
from parplan.tracking.units import begun_by, owing_units

State = Literal["done", "done_late", "overdue", "due_soon", "upcoming", "no_deadline", "cancelled"]
STATES: tuple[State, ...] = (
    "done",
    "done_late",
    "overdue",
    "due_soon",
    "upcoming",
    "no_deadline",
    "cancelled",
)
STATE_LABELS: dict[State, str] = {
    "done": "Hoàn thành",
    "done_late": "Hoàn thành muộn",
    "overdue": "Quá hạn",
    "due_soon": "Sắp đến hạn",
    "upcoming": "Chưa đến hạn",
    "no_deadline": "Không có hạn",
    "cancelled": "Đã hủy",
}
# as the deadline table's "Trạng thái" column shows them: the long label, three of them shorter
SHORT_STATE_LABELS: dict[State, str] = {
    **STATE_LABELS,
    "done": "Xong",
    "done_late": "Xong (muộn)",
    "no_deadline": "Không hạn",
}
# a task's recorded `progress.status`, as record's messages, forms and diffs write it
TASK_STATUS_LABELS = {
    "not_started": "chưa bắt đầu",
    "in_progress": "đang thực hiện",
    "done": "hoàn thành",
    "cancelled": "hủy",
}


def state_of(
    due: date | None,
    status: str,
    completed: date | None,
    as_of: date,
    within: int = DEFAULT_WITHIN.days,
    left: int | None = None,
) -> State:
    """The state of one item as of a date. Work completed after ``as_of`` was not yet done
    then, so looking back in time shows what was open at that time. ``left``: the days left
    as the due-soon window counts them (working days for ``--within 5nlv``); calendar days
    when None."""
    if status == "cancelled":
        return "cancelled"
    if status == "done" and completed is not None and completed <= as_of:
        return "done_late" if due is not None and completed > due else "done"
    if due is None:
        return "no_deadline"
    if as_of > due:
        return "overdue"
    if ((due - as_of).days if left is None else left) <= within:
        return "due_soon"
    return "upcoming"


class UnitRecord(NamedTuple):
    """One member unit's record of an occurrence: its own, or (``shared``) a record that
    names no unit, written before occurrences were kept per unit, which counts for every
    member that has none of its own."""

    unit: str
    completed: date
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    shared: bool = False


class Item(NamedTuple):
    """A task of the appendix or one occurrence of a recurring obligation."""

    kind: Literal["task", "obligation"]
    key: str  # "task:5" or "obligation:cong-khai-hang-thang:2024-03"
    title: str
    lead: tuple[str, ...]
    coordinating: tuple[str, ...] = ()
    due: date | None = None
    tentative: bool = False
    status: str = "not_started"
    completed: date | None = None
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    area: str | None = None
    number: int | None = None
    obligation: str | None = None
    period: str | None = None
    deadline_text: str = ""
    event: date | None = None  # the event an event-driven occurrence follows
    # the next working day when ``due`` is a day off and the plan rolls deadlines forward
    rolled_due: date | None = None
    # when it changed hands (a unit ended, a reassignment): its holders in order, () if never
    history: tuple[Holding, ...] = ()
    # an occurrence: the units that each owe it, and what each recorded (``UnitRecord``)
    owed: tuple[str, ...] = ()
    done_by: tuple[UnitRecord, ...] = ()
    unit: str | None = None  # one unit's own occurrence (``own_item``), not the plan's
    away: tuple[str, ...] = ()  # members of its groups not in office then (``Registry.away``)

    @property
    def effective_due(self) -> date | None:
        """When the item is due: the written date, or the working day it rolls to."""
        return self.rolled_due or self.due

    def due_text(self, sep: str = " ") -> str:
        """ "31/01/2025", or "31/01/2025 → 03/02/2025" when the deadline rolls forward to
        the next working day (``sep`` before the arrow: a table puts it on a second line)."""
        rolled = f"{sep}→ {format_date(self.rolled_due)}" if self.rolled_due else ""
        return format_date(self.due) + rolled

    @property
    def label(self) -> str:
        """Short Vietnamese reference: "NV 5" for a task, the period for an occurrence."""
        if self.kind == "task":
            return f"NV {self.number}"
        if self.event is not None:
            return f"Sự kiện {format_date(self.event)}"
        return self.period_label or "Theo sự kiện"

    @property
    def period_label(self) -> str:
        """ "Tháng 03", "Quý I", "6 tháng đầu", "9 tháng", "Năm 2024" (the plan's year)."""
        if not self.period:
            return ""
        period = parse_period(self.period)
        if period.kind == "month":
            return f"Tháng {period.index:02d}"
        if period.kind in ("quarter", "half", "9m"):
            return period.label.rsplit("/", 1)[0].replace(" năm " + str(period.year), "")
        return period.label


class Tracked(NamedTuple):
    """An item with its state and days as of a date (``days`` < 0 when late); ``workdays``
    the same in working days, when the plan keeps a working calendar."""

    item: Item
    state: State
    days: int | None
    workdays: int | None = None
    # an occurrence owed by several units: those that had not done it as of the date
    missing: tuple[str, ...] = ()

    @property
    def units_text(self) -> str:
        """ "3/5 đơn vị": how many of the units that owe an occurrence had done it (every
        view writes it so); '' for a task, one unit's own occurrence, or a single unit's."""
        owed = len(self.item.owed)
        if owed < 2 or self.item.unit is not None:
            return ""
        return f"{owed - len(self.missing)}/{owed} đơn vị"


@dataclass
class Snapshot:
    """Every tracked item of a plan as of a date, sorted by due date."""

    as_of: date
    within: Within
    rows: list[Tracked] = field(default_factory=list)

    def by_state(self, *states: State) -> list[Tracked]:
        return [r for r in self.rows if r.state in states]


def task_item(task: Task) -> Item:
    progress = task.progress
    return Item(
        kind="task",
        key=f"task:{task.number}",
        title=task.objective.lstrip("- "),
        lead=tuple(task.lead),
        coordinating=tuple(task.coordinating),
        due=task.deadline.due,
        tentative=task.deadline.tentative,
        status=progress.status if progress else "not_started",
        completed=progress.completed if progress else None,
        evidence=tuple(progress.evidence) if progress else (),
        note=progress.note if progress else None,
        area=task.area,
        number=task.number,
        deadline_text=task.deadline.text,
    )


def _periods(every: str, year: int) -> list[Period]:
    kind, count = {"month": ("month", 12), "quarter": ("quarter", 4), "half": ("half", 2)}.get(
        every, ("year", 1)
    )
    if kind == "year":
        return [Period(year, "year")]
    return [Period(year, kind, i) for i in range(1, count + 1)]  # type: ignore[arg-type]


def occurrences(obligation: Obligation, year: int) -> list[tuple[str | None, date | None]]:
    """(period code, due date) of each occurrence of an obligation over the plan year."""
    schedule = obligation.schedule
    if schedule.occurrences:
        return [(o.period, parse_deadline(o.by).due) for o in schedule.occurrences]
    if schedule.once:
        return [(str(year), parse_deadline(schedule.once).due)]
    if schedule.every:
        out: list[tuple[str | None, date | None]] = []
        for period in _periods(schedule.every, year):
            due = period.end
            if schedule.day:
                end = last_day(period.year, period.last_month)
                due = end.replace(day=min(schedule.day, end.day))
            out.append((period.code, due))
        return out
    return [(None, None)]  # event-driven: an obligation with no fixed date


Holder = Callable[[str, Item], str]  # the unit answering for a unit's share of an item


def obligation_items(
    obligation: Obligation,
    year: int,
    owed: tuple[str, ...] | None = None,
    holder: Holder | None = None,
    first_days: Mapping[str, date] | None = None,
) -> Iterator[Item]:
    """One item per occurrence; an event-driven obligation has one open item (no fixed
    date) and one per recorded event, due ``within_days`` after it. ``owed``: the units
    that each owe every occurrence (``unitfilter.owing_units``; the obligation's units when
    not given); ``holder``: who owes a unit's share when it has not recorded its own (a unit
    merged away: its successor, see ``Registry.holder``); ``first_days``: ``begun_by``'s."""
    owing, first = tuple(obligation.units) if owed is None else owed, first_days or {}
    by_period: dict[str, list[OccurrenceRecord]] = {}
    by_event: dict[date, list[OccurrenceRecord]] = {}
    for record in obligation.records:
        if record.period:
            by_period.setdefault(record.period, []).append(record)
        elif record.event is not None:
            by_event.setdefault(record.event, []).append(record)
    for period, due in occurrences(obligation, year):
        records = by_period.get(period, []) if period else []
        suffix = f":{period}" if period else ""
        owing_then = begun_by(owing, first, due)
        yield _obligation_item(obligation, suffix, due, owing_then, records, holder, period=period)
    if obligation.schedule.after_event is None:
        return
    within = obligation.schedule.within_days or 0
    for event, records in by_event.items():
        due = event + timedelta(days=within)
        suffix = f":event-{event.isoformat()}"
        owing_then = begun_by(owing, first, due)
        yield _obligation_item(obligation, suffix, due, owing_then, records, holder, event=event)


def unit_records(owed: tuple[str, ...], records: list[OccurrenceRecord]) -> list[UnitRecord]:
    """What each owing unit recorded of one occurrence: its own record, else a record that
    names no unit (it counts for every member). Records of units that do not owe it are
    `check`'s to report, not counted."""
    own = {r.unit: r for r in records if r.unit is not None}
    shared = next((r for r in records if r.unit is None), None)
    out = []
    for unit in owed:
        record = own.get(unit) or shared
        if record is not None:
            out.append(
                UnitRecord(
                    unit,
                    record.completed,
                    tuple(record.evidence),
                    record.note,
                    shared=record.unit is None,
                )
            )
    return out


def _obligation_item(
    obligation: Obligation,
    suffix: str,
    due: date | None,
    owed: tuple[str, ...],
    records: list[OccurrenceRecord],
    holder: Holder | None = None,
    *,
    period: str | None = None,
    event: date | None = None,
) -> Item:
    """The plan's occurrence: done when every owing unit has done it, on the day the last
    one did (so late when any was late)."""
    if holder is not None:
        item = _obligation_item(obligation, suffix, due, owed, records, period=period, event=event)
        own = {r.unit for r in records if r.unit is not None}  # what a unit did stays its own
        now = tuple(dict.fromkeys(u if u in own else holder(u, item) for u in owed))
        if now == owed:
            return item
        owed = now
    done_by = unit_records(owed, records)
    done = len(done_by) == len(owed) and bool(done_by)
    evidence: list[Evidence] = []
    for e in (e for r in done_by for e in r.evidence):
        if e not in evidence:  # a record counted for every member: its evidence once
            evidence.append(e)
    notes = list(dict.fromkeys(r.note for r in done_by if r.note))
    return Item(
        kind="obligation",
        key=f"obligation:{obligation.id}{suffix}",
        title=obligation.title,
        lead=tuple(obligation.units),
        due=due,
        status="done" if done else "not_started",
        completed=max(r.completed for r in done_by) if done else None,
        evidence=tuple(evidence),
        note="; ".join(notes) or None,
        obligation=obligation.id,
        period=period,
        event=event,
        deadline_text=obligation.source or "",
        owed=owed,
        done_by=tuple(done_by),
    )


def own_item(item: Item, unit: str) -> Item:
    """One owing unit's own occurrence: its record alone decides its state; the item of a
    task, or of a unit that does not owe it (a group's view), is the plan's."""
    if item.kind != "obligation" or unit not in item.owed or len(item.owed) < 2:
        return item
    record = next((r for r in item.done_by if r.unit == unit), None)
    return item._replace(
        status="done" if record else "not_started",
        completed=record.completed if record else None,
        evidence=record.evidence if record else (),
        note=record.note if record else None,
        done_by=(record,) if record else (),
        unit=unit,
    )


def unit_occurrences(
    plan: Plan,
    obligation: Obligation,
    unit: str,
    as_of: date | None = None,
    registry: Registry | None = None,
) -> list[Item]:
    """Each occurrence of an obligation as ``unit`` sees it as of ``as_of`` (its form, its
    views): its own when it owes it with other units, else the plan's (``registry``: given
    by a caller asking for many units')."""
    items = owed_items(plan, obligation, registry or Registry(plan), as_of)
    return [own_item(i, unit) for i in items]


def owed_items(
    plan: Plan, obligation: Obligation, registry: Registry, as_of: date | None
) -> Iterator[Item]:
    """The occurrences of an obligation, each owed by the units that owe it as of ``as_of``
    (a member merged away: its successor, for what it had not done)."""
    owed = owing_units(plan, obligation.units)
    holder = registry.holder(as_of) if registry.dated else None
    first_days = {u.id: u.since for u in plan.units if u.since is not None}
    return obligation_items(obligation, plan.plan.year, owed, holder, first_days)


def plan_items(plan: Plan, as_of: date | None = None) -> list[Item]:
    """Every task and obligation occurrence of the plan, each due when the plan's working
    calendar says (the one place a deadline on a day off moves), each held by the units that
    answer for it as of ``as_of`` (``handover.counted_day``: without it, on its due day)."""
    registry = Registry(plan)
    items = [task_item(t) for t in plan.tasks]
    for obligation in plan.obligations:
        items.extend(owed_items(plan, obligation, registry, as_of))
    if registry.spans:
        items = [_held(item, registry, as_of) for item in items]
    calendar = calendar_of(plan)
    if calendar is None or not calendar.roll_forward:
        return items
    return [_rolled(item, calendar) for item in items]


def _held(item: Item, registry: Registry, as_of: date | None) -> Item:
    history = registry.holding(item, item.lead, item.coordinating, as_of) or ()
    now = history[-1] if history else Holding(None, item.lead, item.coordinating)
    return item._replace(
        lead=now.lead,
        coordinating=now.coordinating,
        history=history if len(history) > 1 else (),
        away=registry.away(item, (*now.lead, *now.coordinating), as_of),
    )


def calendar_of(plan: Plan) -> WorkingCalendar | None:
    """The plan's working calendar; None when the plan counts calendar days."""
    spec = plan.working_calendar
    if spec is None:
        return None
    return WorkingCalendar(
        spec.roll_forward, frozenset(spec.days_off), frozenset(spec.working_days)
    )


def _rolled(item: Item, calendar: WorkingCalendar) -> Item:
    if item.due is None:
        return item
    effective = calendar.effective_due(item.due)
    return item._replace(rolled_due=effective) if effective != item.due else item


def days_text(days: int | None, state: str, workdays: int | None = None) -> str:
    """ "trễ 3 ngày", "còn 5 ngày", "hôm nay", "đúng hạn" (for work done on time); in
    working days when the plan keeps a working calendar: "còn 3 ngày làm việc" (calendar
    days when no working day lies between, as late on a Saturday for a Friday deadline)."""
    if days is None:
        return ""
    if days >= 0 and state in ("done", "done_late"):
        return "đúng hạn"
    if days == 0:
        return "hôm nay"
    count = day_count(days, workdays)
    return f"trễ {count}" if days < 0 else f"còn {count}"


def days_of(item: Item, state: State, as_of: date) -> int | None:
    """Days left (positive) or late (negative): at completion for done work, else as of."""
    due = item.effective_due
    if due is None or state == "cancelled":
        return None
    if state in ("done", "done_late") and item.completed is not None:
        return (due - item.completed).days
    return (due - as_of).days


def snapshot(
    items: Iterable[Item],
    as_of: date,
    within: Within = DEFAULT_WITHIN,
    calendar: WorkingCalendar | None = None,
) -> Snapshot:
    """Every item's state and days as of a date; with the plan's ``calendar``, its days in
    working days too. ``within`` in working days counts by the plan's calendar, else by the
    national one."""
    counter = calendar or (WorkingCalendar(roll_forward=False) if within.working else None)
    rows = []
    for item in items:
        due = item.effective_due
        left = None
        if within.working and counter is not None and due is not None:
            left = counter.working_days_between(as_of, due)
        state = state_of(due, item.status, item.completed, as_of, within.days, left)
        days = days_of(item, state, as_of)
        workdays = _workdays(item, state, as_of, calendar, days)
        rows.append(Tracked(item, state, days, workdays, missing_units(item, as_of)))
    rows.sort(
        key=lambda r: (
            r.item.effective_due or date.max,
            r.item.kind != "task",
            r.item.number or 0,
            r.item.key,
        )
    )
    return Snapshot(as_of, within, rows)


def missing_units(item: Item, as_of: date) -> tuple[str, ...]:
    """The units that owe an occurrence and had not done it as of the date."""
    if len(item.owed) < 2 or item.status == "cancelled":
        return ()
    done = {r.unit for r in item.done_by if r.completed <= as_of}
    owing = item.owed if item.unit is None else (item.unit,)
    return tuple(u for u in owing if u not in done)


def _workdays(
    item: Item, state: State, as_of: date, calendar: WorkingCalendar | None, days: int | None
) -> int | None:
    """Working days left (positive) or late (negative), measured as ``days_of`` is."""
    due = item.effective_due
    if calendar is None or days is None or due is None:
        return None
    done = state in ("done", "done_late")
    start = item.completed if done and item.completed is not None else as_of
    return calendar.working_days_between(start, due)
