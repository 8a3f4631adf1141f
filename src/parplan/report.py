"""The data of a periodic CCHC report (báo cáo định kỳ), ready for any template.

Every figure comes from the functions behind `status` and `indicators` (tracking.snapshot,
progress.evaluate). Pure: the report date and the as-of date are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.dashboard import unit_items
from parplan.decree30 import MOTTO, NATION, document_number, roman
from parplan.errors import UsageError
from parplan.model import Plan
from parplan.periods import Period, decree30_date, format_date
from parplan.progress import evaluate
from parplan.report_rows import indicator_row, task_row
from parplan.tracking import Tracked, plan_items, snapshot
from parplan.typed_input import plan_period

REPORT_PERIODS = ("quarter", "half", "9m", "year")


def period_phrase(period: Period) -> str:
    """ "quý I năm 2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "năm 2024"."""
    if period.kind == "quarter":
        return f"quý {period.label.split()[1].split('/')[0]} năm {period.year}"
    if period.kind == "half":
        return ("6 tháng đầu" if period.index == 1 else "6 tháng cuối") + f" năm {period.year}"
    if period.kind == "9m":
        return f"9 tháng năm {period.year}"
    return f"năm {period.year}"


def next_period(period: Period) -> Period | None:
    """The period whose work section IV looks ahead to."""
    if period.kind == "quarter":
        return Period(period.year, "quarter", period.index + 1) if period.index < 4 else None
    if period.kind == "half":
        return Period(period.year, "half", 2) if period.index == 1 else None
    if period.kind == "9m":
        return Period(period.year, "quarter", 4)
    return None


def report_period(plan: Plan, text: str) -> Period:
    period = plan_period(plan, text)
    if period.kind not in REPORT_PERIODS:
        raise UsageError(
            "--period: báo cáo theo quý, 6 tháng, 9 tháng hoặc năm (2024-Q1, 2024-H1, 2024-9M, 2024)"
        )
    return period


@dataclass
class Figures:
    """Section I: what was due in the period and what became of it."""

    due: int = 0
    done: int = 0
    done_late: int = 0
    overdue: int = 0
    not_yet_due: int = 0
    cancelled: int = 0
    obligations_due: int = 0
    obligations_met: int = 0


def build_report(
    plan: Plan,
    period: Period,
    *,
    report_date: date,
    as_of: date | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    """The report's data. ``as_of`` defaults to the end of the Decree 09/2019 window."""
    meta = plan.plan
    window = plan.reporting.data_window if plan.reporting else None
    start, end = period.data_window(
        window.start_day if window else 15, window.end_day if window else 14
    )
    cutoff = as_of or end
    if report_date < cutoff:
        raise UsageError(
            f"--date: báo cáo ngày {format_date(report_date)} không thể có số liệu tính đến "
            f"ngày {format_date(cutoff)}; ghi ngày báo cáo từ {format_date(cutoff)} trở đi, "
            "hoặc chọn --as-of sớm hơn"
        )
    items = unit_items(plan, plan_items(plan), unit)
    snap = snapshot(items, cutoff)
    in_period = [r for r in snap.rows if r.item.due and period.start <= r.item.due <= period.end]
    figures = _figures(in_period)
    tasks_by_area: dict[str, list[dict[str, Any]]] = {}
    for row in snap.rows:
        if row.item.kind == "task" and _in_scope(row, period):
            tasks_by_area.setdefault(row.item.area or "", []).append(task_row(plan, row))
    indicators = [evaluate(i, cutoff, period.code) for i in plan.indicators]
    ahead = next_period(period)
    horizon = ahead.end if ahead else date(meta.year, 12, 31)
    upcoming = _upcoming(plan, [r for r in snap.rows if _ahead(r, cutoff, horizon)])
    config = plan.report
    issuer_unit = plan.units_by_id[unit] if unit else None
    symbol = config.symbol or _report_symbol(meta.symbol)
    return {
        "plan": {
            "title": meta.title,
            "reference": _plan_reference(plan),
            "year": meta.year,
        },
        "header": {
            "parent_body": (meta.issuer if issuer_unit else meta.parent_body).upper(),
            "issuing_body": (issuer_unit.name if issuer_unit else meta.issuer).upper(),
            "number_line": f"Số: {document_number(None, symbol)}",
            "place_date": decree30_date(report_date, meta.place),
            "nation": NATION,
            "motto": MOTTO,
        },
        "subject": f"Kết quả thực hiện công tác cải cách hành chính {period_phrase(period)}",
        "to": _addressees(plan, unit),
        "unit": issuer_unit.name if issuer_unit else None,
        "reporter": issuer_unit.name if issuer_unit else meta.issuer,
        "period": {
            "code": period.code,
            "phrase": period_phrase(period),
            "label": period.label,
            "window": f"từ ngày {format_date(start)} đến ngày {format_date(cutoff)}",
            "cutoff": format_date(cutoff),
        },
        "figures": figures.__dict__,
        "areas": [
            {
                "roman": roman(area.number),
                "number": area.number,
                "title": area.title,
                "tasks": tasks_by_area.get(area.id, []),
                "indicators": [
                    indicator_row(p, period) for p in indicators if p.indicator.area == area.id
                ],
            }
            for area in plan.areas
        ],
        "general_indicators": [
            indicator_row(p, period) for p in indicators if p.indicator.area is None
        ],
        "indicators": [indicator_row(p, period) for p in indicators],
        "tasks": [
            task_row(plan, r) for r in snap.rows if r.item.kind == "task" and _in_scope(r, period)
        ],
        "next_period": period_phrase(ahead) if ahead else f"năm {meta.year + 1}",
        "upcoming": upcoming,
        "recipients": list(config.recipients) or ["Như trên;", "Lưu: VT."],
        "signer": config.signer.model_dump()
        if config.signer
        else {"authority": None, "title": "GIÁM ĐỐC", "name": None},
        "placeholder": "[Nội dung do cán bộ soạn thảo bổ sung]",
    }


def _addressees(plan: Plan, unit: str | None) -> list[str]:
    """Kính gửi: the plan's addressees; for a unit's report the unit it reports to, never
    the unit itself (the unit that collects reports writes to the issuer's leadership)."""
    if unit is None:
        return list(plan.report.to)
    submit_to = plan.reporting.submit_to if plan.reporting else None
    if submit_to and submit_to != unit:
        return [plan.unit_name(submit_to)]
    return [f"Lãnh đạo {plan.plan.issuer}"]


def _ahead(row: Tracked, cutoff: date, horizon: date) -> bool:
    """Open work that section IV looks ahead to: overdue, or due before the horizon."""
    if row.state in ("done", "done_late", "cancelled", "no_deadline") or row.item.due is None:
        return False
    return row.state == "overdue" or cutoff < row.item.due <= horizon


def _upcoming(plan: Plan, rows: list[Tracked]) -> list[dict[str, Any]]:
    """Tasks one by one; the occurrences of one obligation together on one line."""
    out: list[dict[str, Any]] = []
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.item.kind == "task":
            out.append(task_row(plan, row))
            continue
        key = row.item.obligation or ""
        if key not in grouped:
            grouped[key] = task_row(plan, row) | {"label": "Định kỳ", "periods": []}
            out.append(grouped[key])
        grouped[key]["periods"].append(row.item.period_label)
        grouped[key]["state"] = "overdue" if row.state == "overdue" else grouped[key]["state"]
    return out


def _in_scope(row: Tracked, period: Period) -> bool:
    """Tasks a report speaks of: due by the period's end, done in it, or without a date."""
    item = row.item
    if item.due is None:
        return True
    return item.due <= period.end or (item.completed is not None and item.completed <= period.end)


def _figures(rows: list[Tracked]) -> Figures:
    f = Figures()
    for r in rows:
        if r.item.kind == "obligation":
            f.obligations_due += 1
            f.obligations_met += r.state in ("done", "done_late")
            continue
        f.due += 1
        if r.state == "done":
            f.done += 1
        elif r.state == "done_late":
            f.done_late += 1
        elif r.state == "overdue":
            f.overdue += 1
        elif r.state == "cancelled":
            f.cancelled += 1
        else:
            f.not_yet_due += 1
    return f


def _report_symbol(plan_symbol: str | None) -> str:
    if not plan_symbol:
        return "BC-…"
    parts = plan_symbol.split("-", 1)
    return f"BC-{parts[1]}" if len(parts) == 2 else f"BC-{plan_symbol}"


def _plan_reference(plan: Plan) -> str:
    meta = plan.plan
    number = meta.number or "…"
    when = ""
    if meta.issue_date:
        parts = meta.issue_date.split("-")
        if len(parts) == 3:
            when = f" ngày {parts[2]}/{parts[1]}/{parts[0]}"
        elif len(parts) == 2:
            when = f" ngày …/{parts[1]}/{parts[0]}"
    return f"Kế hoạch số {number}/{meta.symbol or '…'}{when} của {meta.issuer}"
