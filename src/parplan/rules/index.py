"""The plan's PAR INDEX self-assessment against its criteria table: ``par_index.criteria``
names the table's file (relative to the plan's folder); the items marked not applicable, the
links from criteria to the plan's tasks, obligations and indicators, and the self scores must
all name the table's scored items. ``check`` reads the table and locates what does not fit;
the rule a score obeys (``score_problem``) is the one ``index collect`` holds each cell to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.core.errors import CheckResult, Loc, ParplanError, PlanInvalid, Problem
from parplan.core.model import Plan
from parplan.core.numbers import format_apart, format_exact, format_number
from parplan.core.text import says_something

if (
    TYPE_CHECKING
):  # the criteria's model is built only for a plan with par_index (not on every check)
    from parplan.core.criteria import CriteriaTable, Leaf


def criteria_file(plan: Plan, file: str) -> Path | None:
    """The criteria table's file, as named from the folder of ``file``; None without one."""
    if plan.par_index is None:
        return None
    return Path(file).parent / plan.par_index.criteria


def read_table(
    plan: Plan, file: str, load: Callable[[Path], CriteriaTable]
) -> tuple[CriteriaTable | None, list[Problem]]:
    """The plan's criteria table, or the problem (PP303, at ``par_index.criteria``) of it."""
    path = criteria_file(plan, file)
    if path is None:
        return None, []
    where = ("par_index", "criteria")
    if plan.par_index is None or not plan.par_index.criteria.strip():  # else: the folder
        return None, [Problem("PP303", "tên tệp bộ tiêu chí trống", where)]
    try:
        return load(path), []
    except PlanInvalid as exc:
        count = CheckResult(str(path), exc.problems).count
        why = f"bộ tiêu chí {path} có {format_number(count)} lỗi: {exc.problems[0].render()}"
        return None, [Problem("PP303", why, where)]
    except ParplanError as exc:
        return None, [Problem("PP303", f"bộ tiêu chí: {exc.message}", where)]


def score_problem(
    leaf: Leaf,
    step: float,
    score: float,
    *,
    explained: bool,
    not_applicable: bool,
) -> str | None:
    """Why a self score of ``leaf`` cannot stand, or None: it is scored though not applicable,
    negative, above the maximum, not a multiple of the table's step, or has neither evidence
    nor explanation (the self-assessment's rule: every score carries one or the other). A
    penalty item's score is the points deducted, from 0 to its maximum, and is said so."""
    from parplan.core.criteria import exact, on_step

    most = leaf.item.points
    what = "số điểm trừ" if leaf.part == "penalty" else "điểm"
    if not_applicable:
        return f"mục {leaf.number} không áp dụng cho cơ quan (par_index.not_applicable): không chấm"
    if score < 0:
        given = format_exact(exact(score))
        if leaf.part == "penalty":
            return (
                f"số điểm trừ {given} âm: ghi số điểm bị trừ, từ 0 đến {format_exact(exact(most))}"
            )
        return f"điểm {given} âm"
    if score > most:
        limit = "mức trừ tối đa" if leaf.part == "penalty" else "điểm tối đa"
        given, allowed = format_apart(exact(score), exact(most))
        return f"{what} {given} vượt {limit} {allowed}"
    if not on_step(score, step):
        given, each = format_exact(exact(score)), format_exact(exact(step))
        return f"{what} {given} không phải bội số của bước chấm {each}"
    if not explained:
        return "điểm tự chấm cần tài liệu kiểm chứng hoặc giải trình cách tính điểm"
    return None


def index_problems(plan: Plan, file: str, load: Callable[[Path], CriteriaTable]) -> list[Problem]:
    """PP303 for a table that cannot be read; PP304 for a number that is no scored item of
    it (or is scored twice); PP305 for a linked task, obligation or indicator the plan lacks;
    PP307 for a score that breaks ``score_problem``."""
    table, problems = read_table(plan, file, load)
    if table is None or plan.par_index is None:
        return problems
    from parplan.core.criteria import leaf_map

    index = plan.par_index
    known = leaf_map(table)

    def unknown(number: str, loc: Loc) -> bool:
        if number in known:
            return False
        why = f"bộ tiêu chí không có tiêu chí (thành phần) được chấm điểm số '{number}'"
        problems.append(Problem("PP304", why, loc))
        return True

    for i, number in enumerate(index.not_applicable):
        loc: Loc = ("par_index", "not_applicable", i)
        if not unknown(number, loc) and not known[number].item.not_applicable_to:
            why = f"bộ tiêu chí không cho phép mục {number} không áp dụng (not_applicable_to)"
            problems.append(Problem("PP304", why, loc))
    for i, link in enumerate(index.links):
        unknown(link.criterion, ("par_index", "links", i, "criterion"))
        problems += _link_items(plan, link.tasks, link.obligations, link.indicators, i)
    seen: set[str] = set()
    for i, score in enumerate(index.scores):
        loc = ("par_index", "scores", i)
        if unknown(score.criterion, (*loc, "criterion")):
            continue
        if score.criterion in seen:
            why = f"mục {score.criterion} được chấm hai lần"
            problems.append(Problem("PP304", why, (*loc, "criterion")))
        seen.add(score.criterion)
        if score.score is None:
            continue
        why_not = score_problem(
            known[score.criterion],
            table.step,
            score.score,
            explained=says_something(score.evidence, score.explanation),
            not_applicable=score.criterion in index.not_applicable,
        )
        if why_not:
            problems.append(Problem("PP307", why_not, (*loc, "score")))
    return problems


def _link_items(
    plan: Plan, tasks: list[int], obligations: list[str], indicators: list[str], i: int
) -> list[Problem]:
    numbers = {t.number for t in plan.tasks}
    kinds: list[tuple[str, list[int] | list[str], set[int] | set[str], str]] = [
        ("tasks", tasks, numbers, "nhiệm vụ số"),
        ("obligations", obligations, {o.id for o in plan.obligations}, "nghĩa vụ"),
        ("indicators", indicators, {x.id for x in plan.indicators}, "chỉ tiêu"),
    ]
    problems = []
    for key, wanted, have, what in kinds:
        for j, value in enumerate(wanted):
            if value not in have:
                why = f"kế hoạch không có {what} {value}"
                problems.append(Problem("PP305", why, ("par_index", "links", i, key, j)))
    return problems
