"""The documented, stable JSON export of a plan (see README, "JSON export")."""

from __future__ import annotations

from typing import Any

from parplan.core.model import Plan
from parplan.core.periods import iso_date


def export_plan(plan: Plan) -> dict[str, Any]:
    """The validated plan as JSON-ready data, with resolved due dates.

    Stable fields: plan, units[id,name,...], indicators[id,area,text,target{op,value,unit},
    baseline], tasks[number,area,objective,lead,coordinating,deadline_text,due,tentative],
    obligations. Other fields may be added; none of these will be renamed.
    """
    data = plan.model_dump(mode="json", exclude_none=False)
    tasks = []
    # a plan with a working calendar: each task's effective due date as `deadlines --json`
    # gives it (``tracking.plan_items``, the one place a deadline on a day off moves)
    rolled = {} if plan.working_calendar is None else _effective_dues(plan)
    for task, raw in zip(plan.tasks, data["tasks"], strict=True):
        deadline = raw.pop("deadline")
        due = task.deadline.due
        tasks.append(
            {
                **raw,
                "deadline_text": deadline["text"],
                "deadline_by": deadline["by"],
                "due": iso_date(due),
                **({"effective_due": rolled[task.number]} if rolled else {}),
                "tentative": deadline["tentative"],
            }
        )
    return {
        "version": data["version"],
        "plan": data["plan"],
        "units": data["units"],
        "areas": data["areas"],
        "indicators": data["indicators"],
        "tasks": tasks,
        "obligations": data["obligations"],
        "unit_duties": data["unit_duties"],
        "reporting": data["reporting"],
        "purposes": data["purposes"],
        "requirements": data["requirements"],
        "funding": data["funding"],
    }


def normalised_yaml_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data for ``export --format yaml`` (defaults left out)."""
    return plan.model_dump(mode="json", exclude_defaults=True)


def _effective_dues(plan: Plan) -> dict[int, str | None]:
    from parplan.tracking.items import plan_items

    return {
        i.number: iso_date(i.effective_due)
        for i in plan_items(plan)
        if i.kind == "task" and i.number is not None
    }
