"""What the plan's records offer a criterion linked to them (``par_index.links``): the evidence
recorded for its tasks and obligations' occurrences done by the as-of date, the figures of its
indicators, and the share of its linked work due that was done on time (which suggests a
score: the maximum times that share, rounded down to the table's step)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from parplan.core.criteria import exact
from parplan.core.model import Plan
from parplan.core.numbers import format_number, format_percent
from parplan.core.sections import IndexLink

if TYPE_CHECKING:
    from parplan.tracking.items import Tracked


@dataclass(frozen=True)
class Offered:
    """What the plan's records linked to an item say: its evidence, its figures and, when
    the share of linked work done on time decides it, a suggested score."""

    evidence: str = ""
    figures: str = ""
    suggestion: float | None = None


def suggested(points: float, step: float, done: int, due: int) -> float | None:
    """The maximum times the share done on time, rounded down to the table's step."""
    if not due:
        return None
    steps = math.floor(exact(points) * done / due / exact(step))
    return float(steps * exact(step))


def _name(row: Tracked) -> str:
    item = row.item
    if item.kind == "task":
        return f"Nhiệm vụ {item.number}"
    when = f" ({item.period_label})" if item.period else ""
    return f"{item.title}{when}"


def offered(
    plan: Plan,
    links: list[IndexLink],
    as_of: date,
    points: float,
    step: float,
    *,
    suggest: bool = True,
) -> Offered:
    """What the records linked to an item offer; ``suggest``: whether the share of work done
    on time suggests its score (an area's item; not a bonus or a penalty)."""
    if not links:
        return Offered()
    from parplan.documents.report_rows import evidence_text
    from parplan.tracking.dashboard import AreaRow, tally
    from parplan.tracking.items import calendar_of, plan_items, snapshot
    from parplan.tracking.progress import actual_text, evaluate

    tasks = {n for link in links for n in link.tasks}
    obligations = {o for link in links for o in link.obligations}
    indicators = [i for link in links for i in link.indicators]
    items = [
        i
        for i in plan_items(plan, as_of)
        if (i.kind == "task" and i.number in tasks) or i.obligation in obligations
    ]
    rows = snapshot(items, as_of, calendar=calendar_of(plan)).rows
    evidence = [
        f"{_name(r)}: {evidence_text(r.item.evidence)}"
        for r in rows
        if r.state in ("done", "done_late") and r.item.evidence
    ]
    counts = AreaRow("links", "", tally(rows))
    parts = []
    if counts.due:
        parts.append(
            f"{format_number(counts.counts['done'])}/{format_number(counts.due)} việc đến hạn "
            f"hoàn thành đúng hạn ({format_percent(counts.percent_on_time)})"
        )
    by_id = {i.id: i for i in plan.indicators}
    for ind in indicators:
        progress = evaluate(by_id[ind], as_of)
        parts.append(f"Chỉ tiêu {ind}: {actual_text(progress)}")
        source = progress.measurement.source if progress.measurement else None
        if source:
            evidence.append(f"Chỉ tiêu {ind}: {source}")
    suggestion = suggested(points, step, counts.counts["done"], counts.due) if suggest else None
    if suggestion is not None:
        parts.append(f"gợi ý: {format_number(suggestion)} điểm")
    return Offered("\n".join(evidence), "; ".join(parts), suggestion)
