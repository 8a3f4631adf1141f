"""The dashboard site (``parplan site``): the figures behind the pages, as plain data.

Pure functions of a plan and an as-of date; rendering is in ``render.render_site``. Every
figure comes from the same functions as ``parplan status`` (``dashboard.build``), so the page
and the terminal never disagree. Plan text is passed through ``visible`` (control characters
shown, not sent); HTML escaping is the template environment's job (autoescape on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.core.model import Plan
from parplan.core.numbers import format_percent
from parplan.core.periods import format_date
from parplan.core.sanitize import visible
from parplan.core.workdays import Within
from parplan.render import templates as templates_
from parplan.tracking.dashboard import (
    BY_UNIT_RULE,
    SHARE_RULE,
    UNIT_COLUMNS,
    AreaRow,
    Dashboard,
    build,
    by_unit,
)
from parplan.tracking.items import STATE_LABELS, STATES, Item, State, Tracked, days_text, plan_items
from parplan.tracking.progress import (
    STATUS_LABELS,
    IndicatorProgress,
    actual_text,
    percent_of_target_text,
)
from parplan.tracking.progress import target_text as short_target
from parplan.tracking.units import ROLE_LABELS, Role, role_of

# the order of a bar, left to right: finished work first, then what needs attention
BAR_STATES: tuple[State, ...] = tuple(s for s in STATES if s != "cancelled")


@dataclass(frozen=True)
class Segment:
    """One coloured part of a stacked bar: ``x`` and ``width`` in percent of the bar."""

    state: State
    label: str
    count: int
    x: float
    width: float


def segments(counts: dict[State, int]) -> list[Segment]:
    """The stacked bar of an area: the items the share done is a share of (cancelled ones
    are counted beside it, not in it)."""
    total = sum(counts[s] for s in BAR_STATES)
    parts, x = [], 0.0
    for state in BAR_STATES:
        if not counts[state] or not total:
            continue
        width = counts[state] / total * 100
        parts.append(Segment(state, STATE_LABELS[state], counts[state], round(x, 3), width))
        x += width
    return parts


def area_json(row: AreaRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "title": visible(row.title),
        "counts": row.counts,
        "total": row.total,
        "cancelled": row.cancelled,
        "base": row.base,
        "done": row.done,
        "percent_done": format_percent(row.percent_done),
        "segments": segments(row.counts),
    }


def item_row(plan: Plan, row: Tracked, unit: str | None = None) -> dict[str, Any]:
    """An item as the pages list it: label, text, units, deadline as written, state, days."""
    item = row.item
    names = [visible(plan.unit_name(u)) for u in item.lead]
    role: Role | None = None if unit is None else role_of(plan, unit, item)  # as `deadlines`
    return {
        "label": item.label,
        "title": visible(("(dự kiến) " if item.tentative else "") + item.title),
        "lead": names,
        "deadline_text": visible(deadline_phrase(row)),
        "due": item.due_text() if item.due else "",
        "state": row.state,
        "state_label": STATE_LABELS[row.state],
        "days": days_text(row.days, row.state, row.workdays),
        "role": role,
        "role_label": ROLE_LABELS[role] if role else "",
        "units": row.units_text,
        "missing": [visible(plan.unit_name(u)) for u in row.missing],
    }


def deadline_phrase(row: Tracked) -> str:
    """The deadline as written for a task; for an obligation, where the plan sets it."""
    text = row.item.deadline_text
    if row.item.kind == "obligation":
        return f"Định kỳ, theo mục {text}" if text else "Định kỳ"
    return text


def indicator_gauge(p: IndicatorProgress) -> dict[str, Any]:
    """An indicator's gauge: its bar is the percent of target, capped at 100."""
    pct = p.percent_of_target
    m = p.measurement
    return {
        "id": p.indicator.id,
        "text": visible(p.indicator.text),
        "target": short_target(p.indicator),
        "actual": visible(actual_text(p)),
        "period": m.parsed_period.label if m else "",
        "status": p.status,
        "status_label": STATUS_LABELS[p.status],
        "percent": percent_of_target_text(p),
        "bar": 0.0 if pct is None else round(max(0.0, min(pct, 100.0)), 2),
    }


def indicator_groups(plan: Plan, rows: list[IndicatorProgress]) -> list[dict[str, Any]]:
    groups: dict[str | None, list[IndicatorProgress]] = {}
    for p in rows:
        groups.setdefault(p.indicator.area, []).append(p)
    out = []
    for key in [None, *(a.id for a in plan.areas)]:
        if key not in groups:
            continue
        area = plan.areas_by_id.get(key) if key else None
        title = f"{area.number}. {area.title}" if area else "Chỉ tiêu chung"
        out.append({"title": visible(title), "rows": [indicator_gauge(p) for p in groups[key]]})
    return out


def page_common(plan: Plan, as_of: date, board: Dashboard) -> dict[str, Any]:
    meta = plan.plan
    return {
        "title": visible(meta.title),
        "issuer": visible(meta.issuer),
        "year": meta.year,
        "as_of": format_date(as_of),
        "phase": board.phase,
        "within": board.within.label,
        "legend": [{"state": s, "label": STATE_LABELS[s]} for s in BAR_STATES],
        "columns": [{"state": s, "label": STATE_LABELS[s]} for s in STATES],
        "share_rule": SHARE_RULE,
    }


def index_context(
    plan: Plan,
    file: str,
    as_of: date,
    within: Within,
    items: list[Item],
    units: dict[str, Dashboard],
    links: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """The front page: totals, one bar per area, indicators, overdue and due-soon lists, a
    line per unit with the figures of its own page, and ``links`` (href, label) to pages
    made beside the site's own (the PAR INDEX self-assessment)."""
    board = build(plan, file, as_of, within=within, items=items)
    return {
        **page_common(plan, as_of, board),
        "totals": area_json(board.totals),
        "areas": [area_json(r) for r in board.areas],
        "indicator_counts": board.indicator_counts,
        "indicators": indicator_groups(plan, board.indicators),
        "overdue": [item_row(plan, r) for r in board.overdue],
        "due_soon": [item_row(plan, r) for r in board.due_soon],
        "units": [unit_link(plan, uid, board) for uid, board in units.items()],
        "links": [{"href": href, "label": label} for href, label in links],
        "unit_columns": [c.header for c in UNIT_COLUMNS],
        "by_unit_rule": BY_UNIT_RULE,
    }


def unit_page_name(unit_id: str) -> str:
    return f"don-vi/{unit_id}.html"


def unit_link(plan: Plan, unit: str, board: Dashboard) -> dict[str, Any]:
    """A unit's line on the front page: the figures of `status --by-unit` (``UNIT_COLUMNS``),
    which are the totals its own page shows."""
    return {
        "id": unit,
        "name": visible(plan.unit_name(unit)),
        "href": unit_page_name(unit),
        "figures": [
            {"key": c.key, "label": c.header, "text": c.text(board.totals)} for c in UNIT_COLUMNS
        ],
    }


def unit_context(plan: Plan, unit: str, board: Dashboard) -> dict[str, Any]:
    """A unit's page: what it leads and coordinates, each with its state."""
    rows = [item_row(plan, r, unit) for r in board.snapshot.rows]
    return {
        **page_common(plan, board.as_of, board),
        "unit": {"id": unit, "name": visible(plan.unit_name(unit))},
        "totals": area_json(board.totals),
        "lead": [r for r in rows if r["role"] == "lead"],
        "coordinate": [r for r in rows if r["role"] == "coordinate"],
    }


def site_pages(
    plan: Plan, file: str, as_of: date, within: Within, links: tuple[tuple[str, str], ...] = ()
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every page of the site: ``{path in the site folder: (template, context)}``. Each unit's
    figures are computed once, for its page and its line on the front page."""
    items = plan_items(plan, as_of)  # once: every page is a view of them
    boards = by_unit(plan, file, as_of, within=within, items=items)
    index = index_context(plan, file, as_of, within, items, boards, links)
    pages = {"index.html": ("site/index.html.j2", index)}
    for unit, board in boards.items():
        pages[unit_page_name(unit)] = ("site/unit.html.j2", unit_context(plan, unit, board))
    return pages


def draft_site(
    plan: Plan,
    plan_file: Path,
    as_of: date,
    *,
    within: Within,
    templates: Path | None = None,
    extra: dict[str, tuple[str, str, dict[str, Any]]] | None = None,
) -> dict[str, bytes]:
    """The dashboard site as ``{path in the site folder: HTML bytes}``; ``extra``: pages made
    beside it, ``{path: (label of the front page's link, template, context)}``."""
    more = extra or {}
    links = tuple((path, label) for path, (label, _, _) in more.items())
    pages = site_pages(plan, str(plan_file), as_of, within, links)
    pages |= {path: (template, context) for path, (_, template, context) in more.items()}
    return templates_.render_pages(pages, templates)
