"""The data behind `status` and `deadlines` (and the figures of the reports)."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Literal, NamedTuple

from parplan.core.model import Plan, Unit
from parplan.core.numbers import format_number, format_percent
from parplan.core.periods import format_date, iso_date
from parplan.core.workdays import DEFAULT_WITHIN, Within
from parplan.tracking.items import (
    STATES,
    Item,
    Snapshot,
    State,
    Tracked,
    calendar_of,
    own_item,
    plan_items,
    snapshot,
)
from parplan.tracking.progress import IndicatorProgress, IndicatorStatus, evaluate, summary
from parplan.tracking.units import Role, concerned_ids, member, role_among, role_of

Phase = Literal["before", "during", "ended"]


# How the share of work done is computed, said under every view that shows it (terminal,
# site): cancelled work is counted and shown, but it is neither done nor left to do.
SHARE_RULE = "Tỷ lệ hoàn thành = hoàn thành (kể cả muộn) / (tổng − hủy): việc đã hủy không tính là chưa xong."


def tally(rows: Iterable[Tracked]) -> dict[State, int]:
    """How many of ``rows`` are in each state (every state present, zeros included)."""
    counts: dict[State, int] = dict.fromkeys(STATES, 0)
    for r in rows:
        counts[r.state] += 1
    return counts


class AreaRow(NamedTuple):
    """The counts of one area (or of the obligations, or of everything) by state, and the
    share done: the one computation every view (status, site, JSON) renders. (NamedTuples
    here, not frozen dataclasses: ~1 against ~4 M instructions to build on each start.)"""

    key: str  # area id, "obligations" or "total"
    title: str
    counts: dict[State, int]

    @property
    def total(self) -> int:
        """Every item, cancelled ones included: the parts add up to it."""
        return sum(self.counts.values())

    @property
    def cancelled(self) -> int:
        return self.counts["cancelled"]

    @property
    def base(self) -> int:
        """What the share done is a share of: every item but the cancelled ones."""
        return self.total - self.cancelled

    @property
    def done(self) -> int:
        return self.counts["done"] + self.counts["done_late"]

    @property
    def percent_done(self) -> float | None:
        """``done / base`` in percent, to one decimal (as every view writes it); None when
        nothing is left to do or done (an area whose every item is cancelled)."""
        return round(self.done / self.base * 100, 1) if self.base else None

    @property
    def due(self) -> int:
        """Work whose deadline has come or that is done: done (on time or late) or overdue."""
        return self.done + self.counts["overdue"]

    @property
    def percent_on_time(self) -> float | None:
        """Done on time / ``due``, in percent to one decimal; None when nothing is due."""
        return round(self.counts["done"] / self.due * 100, 1) if self.due else None


class Dashboard:
    """What ``status`` shows of a plan as of a day (the site and the roll-up read it too)."""

    def __init__(
        self,
        plan: Plan,
        file: str,
        as_of: date,
        within: Within,
        unit: str | None,
        snapshot: Snapshot,
        areas: list[AreaRow] | None = None,
        indicators: list[IndicatorProgress] | None = None,
        role: Role | None = None,
    ) -> None:
        self.plan, self.file, self.as_of, self.within = plan, file, as_of, within
        self.unit, self.snapshot, self.role = unit, snapshot, role
        self.areas = areas if areas is not None else []
        self.indicators = indicators if indicators is not None else []

    @property
    def phase(self) -> Phase:
        year = self.plan.plan.year
        if self.as_of < date(year, 1, 1):
            return "before"
        return "ended" if self.as_of > date(year, 12, 31) else "during"

    @property
    def overdue(self) -> list[Tracked]:
        return self.snapshot.by_state("overdue")

    @property
    def due_soon(self) -> list[Tracked]:
        return self.snapshot.by_state("due_soon")

    @property
    def indicator_counts(self) -> dict[IndicatorStatus, int]:
        return summary(self.indicators)

    @property
    def totals(self) -> AreaRow:
        return combined("total", "Tổng", self.areas)

    @property
    def tasks(self) -> AreaRow:
        """Every task of the appendix (the area rows but the obligations')."""
        return combined("tasks", "Nhiệm vụ", [r for r in self.areas if r.key != "obligations"])

    @property
    def obligations(self) -> AreaRow:
        return next(r for r in self.areas if r.key == "obligations")


def combined(key: str, title: str, rows: Iterable[AreaRow]) -> AreaRow:
    """The counts of ``rows`` added up, state by state."""
    counts = dict.fromkeys(STATES, 0)
    for row in rows:
        for state in STATES:
            counts[state] += row.counts[state]
    return AreaRow(key, title, counts)


def shown_day(year: int, day: date) -> date:
    """The day a view of a plan of ``year`` shows when no day was asked for: today, or the
    plan year's last day once it is over (not every item years overdue)."""
    return min(day, date(year, 12, 31))


def unit_items(
    plan: Plan, items: list[Item], unit: str | None, role: Role | None = None
) -> list[Item]:
    """Items the unit leads or coordinates (only those of ``role`` if given), directly or
    through a group; an occurrence the unit owes with others is its own (``own_item``)."""
    if unit is None:
        return items
    ids = concerned_ids(plan, unit)  # once: it walks every unit of the plan
    wanted = (role,) if role else ROLES
    one = member(plan, unit)
    return [own_item(i, unit) for i in items if role_among(ids, i, one) in wanted]


ROLES: tuple[Role, ...] = ("lead", "coordinate")


def deadlines_command(d: Dashboard, state: State) -> str:
    """The `parplan deadlines` line that lists every item of ``state`` the dashboard counted:
    same plan file, as-of date, unit, role and window."""
    words = ["parplan", "deadlines", d.file, "--as-of", format_date(d.as_of)]
    if d.unit:
        words += ["--unit", d.unit]
    if d.role:
        words += ["--role", d.role]
    if state == "due_soon" and d.within != DEFAULT_WITHIN:
        words += ["--within", str(d.within)]
    return " ".join(shlex.quote(w) for w in [*words, "--state", state])


def build(
    plan: Plan,
    file: str,
    as_of: date,
    *,
    within: Within = DEFAULT_WITHIN,
    unit: str | None = None,
    role: Role | None = None,
    items: list[Item] | None = None,
) -> Dashboard:
    """The figures `status` prints and the site shows; ``items``: the plan's items when the
    caller has them already (the site builds one dashboard per unit)."""
    items = unit_items(plan, plan_items(plan, as_of) if items is None else items, unit, role)
    snap = snapshot(items, as_of, within, calendar_of(plan))
    rows: list[AreaRow] = []
    for area in plan.areas:
        rows.append(_row(area.id, f"{area.number}. {area.title}", snap.rows, area.id))
    rows.append(_row("obligations", "Nghĩa vụ định kỳ", snap.rows, None))
    indicators = [evaluate(i, as_of) for i in plan.indicators]
    return Dashboard(plan, file, as_of, within, unit, snap, rows, indicators, role)


# --- units side by side (`status --by-unit`, the site's list of units) ----------------------


class UnitColumn(NamedTuple):
    """A figure of a unit's row: its stable JSON key, its Vietnamese header, how it is read
    from the unit's totals (those of its own ``status --unit``)."""

    key: str
    header: str
    value: Callable[[AreaRow], int | float | None]
    percent: bool = False

    def text(self, totals: AreaRow) -> str:
        """The figure as every view writes it: "1.245", "86,2%", "—" (no share)."""
        value = self.value(totals)
        if self.percent or value is None:
            return format_percent(value)
        return format_number(value)


UNIT_COLUMNS: tuple[UnitColumn, ...] = (
    UnitColumn("due", "Đến hạn", lambda t: t.due),
    UnitColumn("done", "Xong đúng hạn", lambda t: t.counts["done"]),
    UnitColumn("done_late", "Xong muộn", lambda t: t.counts["done_late"]),
    UnitColumn("overdue", "Quá hạn", lambda t: t.counts["overdue"]),
    UnitColumn("due_soon", "Sắp đến hạn", lambda t: t.counts["due_soon"]),
    UnitColumn("cancelled", "Đã hủy", lambda t: t.cancelled),
    UnitColumn("total", "Tổng", lambda t: t.total),
    UnitColumn("percent_done", "Tỷ lệ hoàn thành", lambda t: t.percent_done, percent=True),
)
# said under every view of the units side by side
BY_UNIT_RULE = (
    "Mỗi dòng là số liệu của chính đơn vị (status --unit): việc đơn vị chủ trì hoặc phối hợp, "
    "nghĩa vụ định kỳ theo lần của đơn vị. Đến hạn = xong đúng hạn + xong muộn + quá hạn."
)


def unit_figures(totals: AreaRow) -> dict[str, int | float | None]:
    """A unit's row: every figure of ``UNIT_COLUMNS``, by key."""
    return {c.key: c.value(totals) for c in UNIT_COLUMNS}


def units_with_work(plan: Plan, items: list[Item]) -> list[Unit]:
    """Units that have a view of their own: every unit that leads or coordinates something
    (directly or through a group), in the plan's order."""
    named = {u for i in items for u in (*i.lead, *i.coordinating)}
    return [u for u in plan.units if u.id in named or concerned_ids(plan, u.id) & named]


def by_unit(
    plan: Plan,
    file: str,
    as_of: date,
    *,
    within: Within = DEFAULT_WITHIN,
    role: Role | None = None,
    items: list[Item] | None = None,
) -> dict[str, Dashboard]:
    """Each unit's own dashboard (its ``status --unit``), the plan's items computed once."""
    items = plan_items(plan, as_of) if items is None else items
    return {
        u.id: build(plan, file, as_of, within=within, unit=u.id, role=role, items=items)
        for u in units_with_work(plan, items)
    }


def by_unit_json(
    plan: Plan, file: str, as_of: date, within: Within, boards: dict[str, Dashboard]
) -> dict[str, Any]:
    """`status --by-unit --json`: one row per unit, its figures by ``UNIT_COLUMNS`` key."""
    return {
        **view_json(file, as_of, within),
        "units": [
            {"id": unit, "name": plan.unit_name(unit), **unit_figures(board.totals)}
            for unit, board in boards.items()
        ],
    }


def _row(key: str, title: str, rows: list[Tracked], area: str | None) -> AreaRow:
    if area is None:
        return AreaRow(key, title, tally(r for r in rows if r.item.kind == "obligation"))
    mine = (r for r in rows if r.item.kind == "task" and r.item.area == area)
    return AreaRow(key, title, tally(mine))


# --- JSON (documented in the README) --------------------------------------------------------


def tracked_json(plan: Plan, row: Tracked, unit: str | None = None) -> dict[str, Any]:
    """One item; with a unit, also that unit's ``role`` (lead or coordinate)."""
    item = row.item
    extra = {"role": role_of(plan, unit, item)} if unit else {}
    return {
        "kind": item.kind,
        "number": item.number,
        "id": item.obligation,
        "period": item.period,
        "title": item.title,
        "area": item.area,
        "lead": list(item.lead),
        "coordinating": list(item.coordinating),
        "due": iso_date(item.due),
        **_effective_due(plan, item),
        "tentative": item.tentative,
        "state": row.state,
        "days": row.days,
        "completed": iso_date(item.completed),
        **_history(item),
        **_units_json(row),
        **extra,
    }


def _history(item: Item) -> dict[str, Any]:
    """Who held an item before, when it changed hands (no key otherwise, so the JSON of a
    plan whose units never change stays as it was): ``since`` null for the first holder."""
    if not item.history:
        return {}
    return {
        "history": [
            {
                "since": iso_date(h.since),
                "lead": list(h.lead),
                "coordinating": list(h.coordinating),
                "basis": h.basis,
            }
            for h in item.history
        ]
    }


def _units_json(row: Tracked) -> dict[str, Any]:
    """An occurrence owed by several units: who owes it, who had not done it as of the
    date (of the unit's own occurrence: that unit), and the unit whose occurrence it is."""
    item = row.item
    if len(item.owed) < 2:
        return {}
    return {"owed": list(item.owed), "missing": list(row.missing), "own_unit": item.unit}


def area_row_json(row: AreaRow) -> dict[str, Any]:
    """An area's counts; ``percent_done`` is ``done / base`` (base: every item but the
    cancelled ones), to one decimal, null when the base is 0."""
    return {
        "id": row.key,
        "title": row.title,
        "counts": row.counts,
        "total": row.total,
        "cancelled": row.cancelled,
        "base": row.base,
        "done": row.done,
        "percent_done": row.percent_done,
    }


def _effective_due(plan: Plan, item: Item) -> dict[str, str | None]:
    """The date an item is due when the plan keeps a working calendar (the written one
    rolled past days off); no key otherwise, so such plans' JSON stays as it was."""
    if plan.working_calendar is None:
        return {}
    due = item.effective_due
    return {"effective_due": iso_date(due)}


def view_json(file: str, as_of: date, within: Within) -> dict[str, Any]:
    """What every view's JSON opens with: the plan file, the day and the due-soon window."""
    return {
        "file": file,
        "as_of": as_of.isoformat(),
        "within": within.days,
        **({"within_working_days": True} if within.working else {}),
    }


def dashboard_json(d: Dashboard) -> dict[str, Any]:
    return {
        **view_json(d.file, d.as_of, d.within),
        "phase": d.phase,
        "unit": d.unit,
        "role": d.role,
        "areas": [area_row_json(r) for r in d.areas],
        "totals": area_row_json(d.totals),
        "overdue": [tracked_json(d.plan, r, d.unit) for r in d.overdue],
        "due_soon": [tracked_json(d.plan, r, d.unit) for r in d.due_soon],
        "indicators": d.indicator_counts,
    }
