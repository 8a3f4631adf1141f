"""The data of a periodic CCHC report (báo cáo định kỳ), ready for any template.

Every figure comes from the functions behind `status` and `indicators` (tracking.snapshot,
progress.evaluate). Pure: the report date and the as-of date are parameters.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.core.decree30 import (
    DEFAULT_RECIPIENTS,
    PLACEHOLDER,
    SignerText,
    document_number,
    roman,
    signer_text,
)
from parplan.core.errors import UsageError
from parplan.core.model import Area, Plan, Unit
from parplan.core.periods import Period, decree30_date, decree30_day, format_date
from parplan.core.sections import DataWindow
from parplan.documents.report_rows import (
    AreaPart,
    Figures,
    Header,
    Headings,
    IndicatorRow,
    PeriodText,
    PlanRef,
    TaskRow,
    Upcoming,
    figures_of,
    indicator_report_row,
    task_row,
    upcoming_obligation,
    upcoming_task,
)
from parplan.render import templates as templates_
from parplan.tracking.dashboard import unit_items
from parplan.tracking.handover import changes_between, refuse_out_of_office
from parplan.tracking.items import Tracked, calendar_of, plan_items, snapshot
from parplan.tracking.progress import evaluate
from parplan.tracking.typed import plan_period

UNKNOWN_SYMBOL = "BC-…"  # left for the clerk to complete
# the lines a draft leaves to its drafter: section I's last, section III
INDEX_LINE = (
    f"Công tác tuyên truyền, kiểm tra, khắc phục tồn tại của Chỉ số năm trước: {PLACEHOLDER}"
)
ASSESSMENT = tuple(
    f"{n}. {label}: {PLACEHOLDER}"
    for n, label in enumerate(("Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân"), 1)
)
REPORT_PERIODS = ("quarter", "half", "9m", "year")


def report_period(plan: Plan, text: str) -> Period:
    period = plan_period(plan, text)
    if period.kind not in REPORT_PERIODS:
        raise UsageError(
            "--period: báo cáo theo quý, 6 tháng, 9 tháng hoặc năm (2024-Q1, 2024-H1, 2024-9M, 2024)"
        )
    return period


def data_window(plan: Plan, period: Period) -> tuple[date, date]:
    """The Decree 09/2019 data window of ``period`` (its days configurable per plan); its end
    is the cut-off a report or a period's figures are judged as of."""
    window = plan.reporting.data_window if plan.reporting else DataWindow()
    return period.data_window(window.start_day, window.end_day)


@dataclass(frozen=True)
class Report:
    """Everything a periodic report says, every sentence composed here; a template (Markdown,
    Word, the user's) only lays it out. Its fields are the template variables (README)."""

    plan: PlanRef
    header: Header
    subject: str
    to: list[str]
    unit: str | None
    reporter: str
    period: PeriodText
    figures: Figures
    opening: str
    headings: Headings
    direction: list[str]
    areas: list[AreaPart]
    general_indicators: list[IndicatorRow]
    indicators: list[IndicatorRow]
    tasks: list[TaskRow]
    assessment: list[str]
    next_period: str
    upcoming: list[Upcoming]
    outlook: list[str]
    proposals: list[str]
    recipients: list[str]
    signer: SignerText
    placeholder: str = PLACEHOLDER

    def context(self) -> dict[str, Any]:
        """The template context: the same fields as plain data."""
        return asdict(self)


def build_report(
    plan: Plan,
    period: Period,
    *,
    report_date: date,
    as_of: date | None = None,
    unit: str | None = None,
) -> Report:
    """The report's content. ``as_of`` defaults to the end of the Decree 09/2019 window.
    A unit's report of a period the unit works no day of is refused, as its form is."""
    meta = plan.plan
    if unit is not None:
        refuse_out_of_office(plan, unit, period.start, period.end, f"lập báo cáo kỳ {period.label}")
    start, end = data_window(plan, period)
    cutoff = as_of or end
    if report_date < cutoff:
        raise UsageError(
            f"--date: báo cáo ngày {format_date(report_date)} không thể có số liệu tính đến "
            f"ngày {format_date(cutoff)}; ghi ngày báo cáo từ {format_date(cutoff)} trở đi, "
            "hoặc chọn --as-of sớm hơn"
        )
    items = unit_items(plan, plan_items(plan, cutoff), unit)
    snap = snapshot(items, cutoff, calendar=calendar_of(plan))
    in_period = [r for r in snap.rows if r.item.due and period.start <= r.item.due <= period.end]
    tasks = [task_row(plan, r) for r in snap.rows if r.item.kind == "task" and _in_scope(r, period)]
    progress = [evaluate(i, cutoff, period.code) for i in plan.indicators]
    indicators = [indicator_report_row(p, period, n) for n, p in enumerate(progress, 1)]
    ahead = period.following
    horizon = ahead.end if ahead else date(meta.year, 12, 31)
    upcoming = _upcoming(plan, [r for r in snap.rows if _ahead(r, cutoff, horizon)])
    issuer_unit = plan.units_by_id[unit] if unit else None
    reporter = issuer_unit.name if issuer_unit else meta.issuer
    number = document_number(None, report_symbol(plan, issuer_unit))
    phrase = period.phrase
    next_phrase = ahead.phrase if ahead else f"năm {meta.year + 1}"
    period_text = PeriodText(
        code=period.code,
        phrase=phrase,
        label=period.label,
        window=f"từ ngày {format_date(start)} đến ngày {format_date(cutoff)}",
        cutoff=format_date(cutoff),
    )
    figures = figures_of(in_period)
    return Report(
        plan=PlanRef(meta.title, _plan_reference(plan), meta.year),
        header=Header(
            parent_body=(meta.issuer if issuer_unit else meta.parent_body).upper(),
            issuing_body=reporter.upper(),
            number_line=f"Số: {number}",
            place_date=decree30_date(report_date, meta.place),
        ),
        subject=f"Kết quả thực hiện công tác cải cách hành chính {phrase}"
        + (f" của {reporter}" if issuer_unit else ""),
        to=_addressees(plan, unit),
        unit=issuer_unit.name if issuer_unit else None,
        reporter=reporter,
        period=period_text,
        figures=figures,
        opening=f"Thực hiện {_plan_reference(plan)} về cải cách hành chính nhà nước năm "
        f"{meta.year}, {reporter} báo cáo kết quả thực hiện công tác cải cách hành chính "
        f"{phrase} như sau (số liệu tính {period_text.window}):",
        headings=_headings(phrase, next_phrase, number, report_date),
        direction=[
            *figures.lines(period_text.cutoff),
            *changes_between(plan, period.start, cutoff),
            INDEX_LINE,
        ],
        areas=[_area_part(area, tasks, indicators) for area in plan.areas],
        general_indicators=[i for i in indicators if i.area is None],
        indicators=indicators,
        tasks=tasks,
        assessment=list(ASSESSMENT),
        next_period=next_phrase,
        upcoming=upcoming,
        outlook=[u.line for u in upcoming] or [PLACEHOLDER],
        proposals=[PLACEHOLDER],
        recipients=list(plan.report.recipients) or list(DEFAULT_RECIPIENTS),
        signer=signer_text(plan.report.signer),
    )


def _headings(phrase: str, next_phrase: str, number: str, report_date: date) -> Headings:
    return Headings(
        title="BÁO CÁO",
        direction="I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        results="II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        general_indicators="Chỉ tiêu chung của Kế hoạch",
        indicators_lead="Chỉ tiêu:",
        assessment="III. ĐÁNH GIÁ CHUNG",
        outlook=f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {next_phrase.upper()}",
        proposals="V. ĐỀ XUẤT, KIẾN NGHỊ",
        recipients="Nơi nhận:",
        tasks_appendix="Phụ lục I",
        tasks_appendix_title=f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH {phrase.upper()}",
        indicators_appendix="Phụ lục II",
        indicators_appendix_title=(
            f"KẾT QUẢ THỰC HIỆN CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH {phrase.upper()}"
        ),
        attached_to=f"Kèm theo Báo cáo số {number} {decree30_day(report_date)}",
    )


def _area_part(area: Area, tasks: list[TaskRow], indicators: list[IndicatorRow]) -> AreaPart:
    own = [t for t in tasks if t.area == area.id]
    return AreaPart(
        roman=roman(area.number),
        number=area.number,
        title=area.title,
        heading=f"{area.number}. {area.title}",
        tasks=own,
        lines=[t.line for t in own] or ["Không có nhiệm vụ của lĩnh vực này đến hạn trong kỳ."],
        indicators=[i for i in indicators if i.area == area.id],
    )


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
    due = row.item.effective_due
    if row.state in ("done", "done_late", "cancelled", "no_deadline") or due is None:
        return False
    return row.state == "overdue" or cutoff < due <= horizon


def _upcoming(plan: Plan, rows: list[Tracked]) -> list[Upcoming]:
    """Tasks one by one; the occurrences of one obligation together on one line, where the
    obligation first comes due (a line for each set of units holding them: a merge in the
    year gives the successor its own line)."""
    order: list[tuple[str, tuple[str, ...]] | Tracked] = []
    occurrences: dict[tuple[str, tuple[str, ...]], list[Tracked]] = {}
    for row in rows:
        if row.item.kind == "task":
            order.append(row)
            continue
        key = (row.item.obligation or "", row.item.lead)
        if key not in occurrences:
            occurrences[key] = []
            order.append(key)
        occurrences[key].append(row)
    return [
        upcoming_task(plan, entry)
        if isinstance(entry, Tracked)
        else upcoming_obligation(plan, occurrences[entry])
        for entry in order
    ]


def _in_scope(row: Tracked, period: Period) -> bool:
    """Tasks a report speaks of: due by the period's end, done by then, or without a date."""
    item = row.item
    if item.due is None:
        return True
    return item.due <= period.end or (item.completed is not None and item.completed <= period.end)


def report_symbol(plan: Plan, unit: Unit | None) -> str:
    """The report's symbol: a unit's own (``report_symbol``), else blank for the clerk
    ("BC-…": a unit does not report under the department's symbol); the department's report
    symbol, else BC- and the plan symbol's issuer part (KH-SVHTT -> BC-SVHTT)."""
    if unit is not None:
        return unit.report_symbol or UNKNOWN_SYMBOL
    if plan.report.symbol or not plan.plan.symbol:
        return plan.report.symbol or UNKNOWN_SYMBOL
    parts = plan.plan.symbol.split("-", 1)
    return f"BC-{parts[1]}" if len(parts) == 2 else f"BC-{plan.plan.symbol}"


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


def draft_report(
    plan: Plan,
    period: str,
    fmt: str,
    *,
    report_date: date,
    as_of: date | None = None,
    unit: str | None = None,
    templates: Path | None = None,
) -> bytes:
    """The periodic report for ``period`` as Markdown (UTF-8) or Word bytes."""
    report = build_report(
        plan, report_period(plan, period), report_date=report_date, as_of=as_of, unit=unit
    )
    names = (templates_.MD_TEMPLATE, templates_.DOCX_TEMPLATE)
    return templates_.render_document(report.context(), fmt, names, templates=templates)
