"""Units' plans under their department's (``plan.parent``, ``tasks[].implements``): for each
task of a parent plan, the units' tasks carrying it out and how many of the units' plans have
finished their part ("3/5 kế hoạch đơn vị đã hoàn thành"). One computation, shown by
``rollup`` (terminal, JSON, .md, .html, .xlsx) and ``status --children``.

Each unit's task keeps the state its own plan's dashboard gives it (``rollup.plan_row``), as of
the parent's day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.core.workdays import Within
from parplan.rollup.table import PlanRow, Rollup, Summary, plan_rows, summary_of
from parplan.tracking.dashboard import Dashboard
from parplan.tracking.items import State

# said under every view of the figure
UNITS_RULE = (
    "Một kế hoạch đơn vị đã hoàn thành một nhiệm vụ cấp trên khi mọi nhiệm vụ của nó thực hiện "
    "nhiệm vụ ấy đã xong (đúng hạn hoặc muộn), không tính việc đã hủy; kế hoạch có mọi nhiệm vụ "
    "ấy đã hủy không được tính."
)
DONE: tuple[State, ...] = ("done", "done_late")


@dataclass(frozen=True)
class ChildTask:
    """A task of a unit's plan and its state, as that plan's own dashboard has it."""

    file: str
    issuer: str
    number: int
    state: State


@dataclass(frozen=True)
class ParentTask:
    number: int
    title: str
    state: State
    children: list[ChildTask]

    @property
    def plans(self) -> int:
        """The units' plans carrying the task out: those with a task for it not cancelled."""
        return len(self._open_by_plan())

    @property
    def plans_done(self) -> int:
        """Those of ``plans`` whose every task for it (but the cancelled) is done."""
        return sum(all(s in DONE for s in states) for states in self._open_by_plan().values())

    def _open_by_plan(self) -> dict[str, list[State]]:
        by_plan: dict[str, list[State]] = {}
        for c in self.children:
            if c.state != "cancelled":
                by_plan.setdefault(c.file, []).append(c.state)
        return by_plan

    @property
    def plans_text(self) -> str:
        """ "3/5 kế hoạch đơn vị đã hoàn thành"; "" when no unit's plan carries it out."""
        if not self.children:
            return ""
        return f"{self.plans_done}/{self.plans} kế hoạch đơn vị đã hoàn thành"


@dataclass(frozen=True)
class Family:
    """A parent plan and, for each of its tasks, the tasks of the units' plans naming it that
    carry it out."""

    file: str
    issuer: str
    tasks: list[ParentTask]


Counted = tuple[PlanRow, Summary]


def _counted(rows: Sequence[PlanRow]) -> list[Counted]:
    return [(row, row.board) for row in rows if row.board is not None]


def _children_of(rows: Sequence[PlanRow]) -> dict[Path, list[Counted]]:
    """The counted plans of ``rows`` naming a parent, by the parent's resolved file."""
    out: dict[Path, list[Counted]] = {}
    for row, board in _counted(rows):
        if board.parent is not None:
            out.setdefault(board.parent.resolve(), []).append((row, board))
    return out


def family(parent: Counted, children: Sequence[Counted]) -> Family:
    """The parent's tasks in number order, each with the tasks of ``children`` (in their
    order) that name it in ``implements``."""
    by_task: dict[int, list[ChildTask]] = {}
    for row, board in children:
        for t in board.task_states:
            for number in t.implements:
                by_task.setdefault(number, []).append(
                    ChildTask(row.file, row.issuer, t.number, t.state)
                )
    row, board = parent
    tasks = [
        ParentTask(t.number, t.title, t.state, by_task.get(t.number, [])) for t in board.task_states
    ]
    return Family(row.file, row.issuer, tasks)


def families(r: Rollup) -> list[Family]:
    """Every counted plan of the roll-up that counted plans name as their parent, in the
    roll-up's order."""
    children = _children_of(r.rows)
    return [
        family((row, board), children[key])
        for row, board in _counted(r.rows)
        if (key := Path(row.file).resolve()) in children
    ]


def task_json(t: ParentTask) -> dict[str, Any]:
    return {
        "number": t.number,
        "title": t.title,
        "state": t.state,
        "plans": t.plans,
        "plans_done": t.plans_done,
        "children": [
            {"file": c.file, "issuer": c.issuer, "number": c.number, "state": c.state}
            for c in t.children
        ],
    }


def families_json(r: Rollup) -> list[dict[str, Any]]:
    return [
        {"file": f.file, "issuer": f.issuer, "tasks": [task_json(t) for t in f.tasks]}
        for f in families(r)
    ]


# --- status PLAN --children FOLDER --------------------------------------------------------


@dataclass(frozen=True)
class Children:
    """What ``status --children`` adds: the parent's tasks that units' plans carry out (a
    ``Family`` of those tasks only), the units' plans naming the parent, and the files given
    that could not be read (they have problems)."""

    family: Family
    plans: list[str]
    left_out: list[PlanRow]


def children(board: Dashboard, paths: Sequence[Path], today: date, within: Within) -> Children:
    """``board`` (the parent's dashboard, of its file) and the plans of ``paths`` naming that
    file as their parent, each as of the board's day; plans naming another parent are not
    counted; files with problems are ``left_out``."""
    parent = Path(board.file).resolve()
    others = [p for p in paths if p.resolve() != parent]
    rows = plan_rows(others, board.as_of, today, within)
    mine = _children_of(rows).get(parent, [])
    summary = summary_of(board)
    whole = family((PlanRow(board.file, board.plan.plan.issuer, summary), summary), mine)
    carried = Family(whole.file, whole.issuer, [t for t in whole.tasks if t.children])
    return Children(carried, [row.file for row, _ in mine], [r for r in rows if r.problems])


NO_TASKS = "Không kế hoạch đơn vị nào ghi implements tới nhiệm vụ của kế hoạch này."


def children_title(c: Children) -> str:
    from parplan.core.numbers import format_number

    return f"Nhiệm vụ do kế hoạch đơn vị thực hiện ({format_number(len(c.plans))} kế hoạch đơn vị)"


def left_out_line(row: PlanRow) -> str:
    from parplan.core.numbers import format_number

    return f"{row.file}: {format_number(row.problems)} lỗi, không tính (parplan check {row.file})"


def children_json(c: Children) -> dict[str, Any]:
    return {
        "plans": c.plans,
        "left_out": [{"file": r.file, "problems": r.problems} for r in c.left_out],
        "tasks": [task_json(t) for t in c.family.tasks],
    }
