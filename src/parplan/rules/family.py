"""Plans of units under a department: a unit's plan names its parent's file (``plan.parent``,
relative to its own folder) and, for each of its tasks, the parent's tasks it carries out
(``tasks[].implements``). ``check`` reads the parent and locates what does not fit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parplan.core.errors import CheckResult, ParplanError, PlanInvalid, Problem
from parplan.core.model import Plan


def parent_file(plan: Plan, file: str) -> Path | None:
    """The parent plan's file, as named from the folder of ``file``; None without a parent."""
    if plan.plan.parent is None:
        return None
    return Path(file).parent / plan.plan.parent


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:  # one of them missing or unreadable: said where it is read
        return False


def family_problems(plan: Plan, file: str, load: Callable[[Path], Plan]) -> list[Problem]:
    """A parent that cannot be read, has problems, is of another year, is the plan itself or
    names the plan as its own parent (PP122, at ``plan.parent``); an ``implements`` naming no task of the parent, or given in a plan
    without a parent (PP123, at the number)."""
    path = parent_file(plan, file)
    where = ("plan", "parent")
    problems: list[Problem] = []
    parent: Plan | None = None
    if path is not None and _same_file(path, Path(file)):
        problems.append(Problem("PP122", "kế hoạch ghi chính nó là kế hoạch cấp trên", where))
        path = None
    if path is not None:
        try:
            parent = load(path)
        except PlanInvalid as exc:
            count = CheckResult(str(path), exc.problems).count
            problems.append(
                Problem(
                    "PP122",
                    f"kế hoạch cấp trên {path} có {count} lỗi (parplan check {path})",
                    where,
                )
            )
        except ParplanError as exc:
            problems.append(Problem("PP122", f"kế hoạch cấp trên: {exc.message}", where))
    above = parent_file(parent, str(path)) if parent is not None and path is not None else None
    if above is not None and _same_file(above, Path(file)):
        why = f"kế hoạch cấp trên {path} lại ghi kế hoạch này là cấp trên của nó (vòng)"
        problems.append(Problem("PP122", why, where))
    if parent is not None and parent.plan.year != plan.plan.year:
        problems.append(
            Problem(
                "PP122",
                f"kế hoạch cấp trên {path} là kế hoạch năm {parent.plan.year}, kế hoạch này năm "
                f"{plan.plan.year}",
                where,
            )
        )
    numbers = {t.number for t in parent.tasks} if parent is not None else None
    for i, task in enumerate(plan.tasks):
        if task.implements and path is None:
            problems.append(
                Problem(
                    "PP123",
                    f"nhiệm vụ {task.number} ghi implements nhưng kế hoạch không có plan.parent",
                    ("tasks", i, "implements"),
                )
            )
        elif numbers is not None:
            for j, number in enumerate(task.implements):
                if number not in numbers:
                    problems.append(
                        Problem(
                            "PP123",
                            f"kế hoạch cấp trên {path} không có nhiệm vụ số {number}",
                            ("tasks", i, "implements", j),
                        )
                    )
    return problems
