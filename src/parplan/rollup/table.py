"""Roll-up across plans (``parplan rollup``): one row per plan (agency), each figure taken from
that plan's own dashboard (``dashboard.build``, what ``parplan status --json`` prints), never
computed a second time; a total row over the plans that pass ``check``.

Pure: the as-of date and the day plans are checked on are parameters (the clock is read in the
CLI). A plan that fails ``check`` is a row with its problem count and no figures, left out of
the totals, never skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from parplan.core.errors import ParplanError, UsageError
from parplan.core.workdays import DEFAULT_WITHIN, Within
from parplan.storage.parallel import forked_map
from parplan.tracking.dashboard import AreaRow, Dashboard, build, combined, shown_day
from parplan.tracking.items import State
from parplan.tracking.progress import IndicatorStatus


@dataclass(frozen=True)
class TaskState:
    number: int
    title: str
    state: State
    implements: tuple[int, ...]


@dataclass(frozen=True)
class Summary:
    """What the roll-up keeps of a plan's dashboard (the same attributes): its figures, and
    its tasks' states for the view of units' plans under a parent; not the plan itself
    (2,000 plans' whole dashboards took 884 MB)."""

    as_of: date
    unit: str | None
    tasks: AreaRow
    obligations: AreaRow
    indicator_counts: dict[IndicatorStatus, int]
    parent: Path | None  # the parent plan's file (plan.parent)
    task_states: tuple[TaskState, ...]  # in number order


def summary_of(board: Dashboard) -> Summary:
    from parplan.rules.family import parent_file

    rows = {r.item.number: r for r in board.snapshot.rows if r.item.kind == "task"}
    implements = {t.number: tuple(t.implements) for t in board.plan.tasks}
    states = tuple(
        TaskState(n, rows[n].item.title, rows[n].state, implements[n])
        for n in sorted(n for n in rows if n is not None)
    )
    return Summary(
        board.as_of,
        board.unit,
        board.tasks,
        board.obligations,
        board.indicator_counts,
        parent_file(board.plan, board.file),
        states,
    )


@dataclass(frozen=True)
class PlanRow:
    """One plan of the roll-up: what it keeps of the plan's dashboard, or (``board`` None) its
    problem count."""

    file: str
    issuer: str
    board: Summary | None = None
    problems: int = 0
    note: str | None = None  # why a valid plan has no figures (the unit asked for is not in it)

    @property
    def ok(self) -> bool:
        return self.board is not None


@dataclass(frozen=True)
class Column:
    """A figure of a row: its stable JSON key, its Vietnamese header, how it is read from the
    row's task, obligation and indicator counts."""

    key: str
    header: str
    value: Callable[[AreaRow, AreaRow, dict[IndicatorStatus, int]], int | float | None]
    percent: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("tasks_due", "NV đến hạn", lambda t, o, i: t.due),
    Column("tasks_done", "Xong đúng hạn", lambda t, o, i: t.counts["done"]),
    Column("tasks_done_late", "Xong muộn", lambda t, o, i: t.counts["done_late"]),
    Column("tasks_overdue", "Quá hạn", lambda t, o, i: t.counts["overdue"]),
    Column("tasks_due_soon", "Sắp đến hạn", lambda t, o, i: t.counts["due_soon"]),
    Column("tasks_cancelled", "Đã hủy", lambda t, o, i: t.cancelled),
    Column("obligations_due", "Nghĩa vụ đến hạn", lambda t, o, i: o.due),
    Column("obligations_met", "Nghĩa vụ đã làm", lambda t, o, i: o.done),
    Column("indicators_met", "Chỉ tiêu đạt", lambda t, o, i: i["met"]),
    Column("indicators_not_met", "Chỉ tiêu chưa đạt", lambda t, o, i: i["not_met"]),
    Column("indicators_no_data", "Chỉ tiêu chưa có số liệu", lambda t, o, i: i["no_data"]),
    Column("percent_on_time", "Tỷ lệ đúng hạn", lambda t, o, i: t.percent_on_time, True),
)
COLUMN_KEYS = {c.key: c for c in COLUMNS}
SORT_KEYS = ("issuer", "file", *COLUMN_KEYS)
DEFAULT_SORT = "tasks_overdue"
# said under every view of the roll-up
ROLLUP_RULE = (
    "NV đến hạn = xong đúng hạn + xong muộn + quá hạn (không tính việc đã hủy, chưa đến hạn); "
    "tỷ lệ đúng hạn = xong đúng hạn / NV đến hạn. Kế hoạch có lỗi (parplan check) được liệt kê "
    "với số lỗi và không tính vào dòng tổng."
)


@dataclass(frozen=True)
class Rollup:
    as_of: date | None  # None: each plan as of today, or its year's last day once it is over
    rows: list[PlanRow]
    sort: str = DEFAULT_SORT
    unit: str | None = None  # as typed: each plan finds its own unit by it

    @property
    def counted(self) -> list[Summary]:
        return [r.board for r in self.rows if r.board is not None]

    @property
    def broken(self) -> list[PlanRow]:
        """Plans left out of the totals: those with problems, those without the unit."""
        return [r for r in self.rows if not r.ok]

    @property
    def invalid(self) -> list[PlanRow]:
        return [r for r in self.rows if r.problems]

    @property
    def tasks(self) -> AreaRow:
        return combined("tasks", "Nhiệm vụ", (d.tasks for d in self.counted))

    @property
    def obligations(self) -> AreaRow:
        return combined("obligations", "Nghĩa vụ định kỳ", (d.obligations for d in self.counted))

    @property
    def indicators(self) -> dict[IndicatorStatus, int]:
        counts: dict[IndicatorStatus, int] = {"met": 0, "not_met": 0, "no_data": 0}
        for d in self.counted:
            for status, n in d.indicator_counts.items():
                counts[status] += n
        return counts


def figures(board: Summary) -> dict[str, int | float | None]:
    """A plan's figures by column key."""
    return {c.key: c.value(board.tasks, board.obligations, board.indicator_counts) for c in COLUMNS}


def total_figures(rollup: Rollup) -> dict[str, int | float | None]:
    return {c.key: c.value(rollup.tasks, rollup.obligations, rollup.indicators) for c in COLUMNS}


def plan_row(
    path: Path, as_of: date | None, today: date, within: Within, unit: str | None = None
) -> PlanRow:
    """One plan's row. Checked as ``parplan check FILE`` checks it today; its figures as of
    ``as_of`` (None: as ``parplan status FILE`` without --as-of shows it), of the plan's unit
    ``unit`` names when given (as ``status FILE --unit``)."""
    from parplan.document.loader import checked_plan
    from parplan.tracking.units import find_unit

    plan, checked = checked_plan(path, as_of=today)
    if plan is None:
        return PlanRow(str(path), _issuer_of(path), problems=checked.count)
    day = as_of if as_of is not None else shown_day(plan.plan.year, today)
    unit_id = None
    if unit is not None:
        try:
            unit_id = find_unit(plan, unit)
        except UsageError:
            note = f"không tìm thấy một đơn vị '{unit}' (xem parplan status {path} --unit)"
            return PlanRow(str(path), plan.plan.issuer, note=note)
    board = build(plan, str(path), day, within=within, unit=unit_id)
    return PlanRow(str(path), plan.plan.issuer, summary_of(board))


def _issuer_of(path: Path) -> str:
    """A broken plan's issuer cannot be read from the model: its file name stands in."""
    return path.stem


def plan_paths(inputs: Sequence[Path]) -> list[Path]:
    """The plan files named, a folder standing for its ``*.yaml`` files (sorted by name)."""
    from parplan.storage.discover import expand_folders, plan_files

    return expand_folders(inputs, plan_files, "tệp kế hoạch *.yaml")


def rollup(
    paths: Sequence[Path],
    as_of: date | None,
    today: date,
    *,
    within: Within = DEFAULT_WITHIN,
    sort: str = DEFAULT_SORT,
    unit: str | None = None,
    jobs: int | None = None,
) -> Rollup:
    """The roll-up of ``paths``, sorted by ``sort`` (see ``sorted_rows``); the plans read on
    ``jobs`` worker processes (see ``plan_rows``)."""
    if sort not in SORT_KEYS:
        raise UsageError(f"--sort: '{sort}' không hợp lệ; cần một trong: {', '.join(SORT_KEYS)}")
    rows = plan_rows(paths, as_of, today, within, unit, jobs)
    return Rollup(as_of, sorted_rows(rows, sort), sort, unit)


def plan_rows(
    paths: Sequence[Path],
    as_of: date | None,
    today: date,
    within: Within,
    unit: str | None = None,
    jobs: int | None = None,
) -> list[PlanRow]:
    """``plan_row`` of each path, in order; read on ``jobs`` worker processes (default: every
    core) when there are many plans."""
    read = partial(_worker_row, as_of=as_of, today=today, within=within, unit=unit)
    return forked_map(read, paths, parallel_from=PARALLEL_FROM, jobs=jobs)


PARALLEL_FROM = 8  # plans; fewer are read faster than worker processes start


def _worker_row(
    path: Path, *, as_of: date | None, today: date, within: Within, unit: str | None
) -> PlanRow:
    """``plan_row`` in a worker process: an error comes back to the parent as a plain
    ``ParplanError`` with the same message and exit code (a subclass whose constructor takes
    other arguments would not unpickle there)."""
    try:
        return plan_row(path, as_of, today, within, unit)
    except ParplanError as exc:
        plain = ParplanError(exc.message)
        plain.exit_code = exc.exit_code
        raise plain from None


def sorted_rows(rows: list[PlanRow], sort: str) -> list[PlanRow]:
    """Counts most first, the on-time share lowest first (no share last), issuer and file
    by name; ties by file name; plans with problems after every counted plan."""

    def key(row: PlanRow) -> tuple[Any, ...]:
        if row.board is None:
            return (1, 0, row.file)
        if sort in ("issuer", "file"):
            return (0, getattr(row, sort).casefold(), row.file)
        value = figures(row.board)[sort]
        if value is None:
            return (0, float("inf"), row.file)
        return (0, value if COLUMN_KEYS[sort].percent else -value, row.file)

    return sorted(rows, key=key)


# --- the table every view renders (terminal, Markdown, HTML, Excel) -------------------------

Value = int | float | str | None
HEADERS: tuple[str, ...] = ("Cơ quan", "Tệp", *(c.header for c in COLUMNS), "Số lỗi")


def table(r: Rollup) -> tuple[list[list[Value]], list[Value]]:
    """The rows (in the roll-up's order) and the total row, as values: a plan with problems
    has its problem count and empty ("") figures."""
    rows: list[list[Value]] = []
    for row in r.rows:
        values = figures(row.board) if row.board else dict.fromkeys(COLUMN_KEYS, "")
        issuer = f"{row.issuer} ({row.note})" if row.note else row.issuer
        rows.append([issuer, row.file, *values.values(), row.problems or None])
    left_out = f"{len(r.broken)} tệp không tính" if r.broken else ""
    totals: list[Value] = [
        f"Tổng ({len(r.counted)} kế hoạch)",
        left_out,
        *total_figures(r).values(),
        None,
    ]
    return rows, totals


def text(value: Value, column: int) -> str:
    """A value as every text view writes it (Vietnamese numbers, "—" for no share)."""
    from parplan.core.numbers import format_number, format_percent

    if isinstance(value, str):
        return value
    figure = column - 2
    if 0 <= figure < len(COLUMNS) and COLUMNS[figure].percent:
        return format_percent(value)
    return "" if value is None else format_number(value)
