"""The parts of a report: each task's result as a Vietnamese official writes it, each
indicator's figure labelled with the period it was recorded for, section I's counts, the
header and the headings (parplan.documents.report puts them together).

A task's state is judged as of the report's as-of date (tracking.state_of): work completed
after that date was not yet done then, so its completion date and evidence are not cited.
"""

from __future__ import annotations

from dataclasses import dataclass

from parplan.core.decree30 import MOTTO, NATION
from parplan.core.model import Evidence, Plan
from parplan.core.periods import Period, format_date
from parplan.core.workdays import day_count
from parplan.tracking.items import Item, Tracked
from parplan.tracking.progress import (
    STATUS_LABELS,
    IndicatorProgress,
    actual_text,
    percent_of_target_text,
)
from parplan.tracking.progress import target_text as _target_text

DONE_STATES = ("done", "done_late")


def result_sentence(row: Tracked) -> str:
    """What became of one task or occurrence, lower case, to follow "Nhiệm vụ 5: …: "."""
    item, state = row.item, row.state
    if state in DONE_STATES and item.completed is not None:
        when = f"đã hoàn thành ngày {format_date(item.completed)}"
        due = item.effective_due
        if state == "done" or due is None:
            return f"{when}, đúng thời hạn" if due else when
        days = (due - item.completed).days if row.days is None else row.days
        late = day_count(days, row.workdays)  # as the views count it (``days_text``)
        return f"{when}, chậm {late} so với thời hạn"
    if state == "cancelled":
        reason = (item.note or "").strip().rstrip(".")
        return "đã hủy, không thực hiện" + (f" (lý do: {reason})" if reason else "")
    if state == "overdue":
        return f"chưa hoàn thành, quá hạn {day_count(row.days or 0, row.workdays)}"
    started = item.status in ("in_progress", "done")  # done later than the as-of date
    if state == "no_deadline":
        return "đang triển khai thực hiện" if started else "chưa có kết quả"
    return "đang triển khai thực hiện, chưa đến hạn" if started else "chưa đến hạn"


def evidence_text(evidence: tuple[Evidence, ...]) -> str:
    """ "Kế hoạch CCHC năm 2024 (số 45/KH-STN ngày 20/02/2024)"; several joined by "; "."""
    out = []
    for e in evidence:
        extra = []
        if e.number and e.number not in e.title:
            extra.append(f"số {e.number}")
        if e.date and format_date(e.date) not in e.title:
            extra.append(f"ngày {format_date(e.date)}")
        out.append(e.title + (f" ({' '.join(extra)})" if extra else ""))
    return "; ".join(out)


@dataclass(frozen=True)
class TaskRow:
    """One task in a report: its fields, the sentence of section II and the appendix cells."""

    number: int
    area: str | None
    label: str
    title: str
    lead: str
    coordinating: str
    deadline: str
    due: str
    due_cell: str
    tentative: bool
    state: str
    sentence: str
    result: str
    evidence: str
    note: str
    line: str


def _due_phrase(due: str, tentative: bool) -> str:
    """ "thời hạn: 30/06/2024, dự kiến" as a line of the report cites it."""
    return f"thời hạn: {due}" + (", dự kiến" if tentative else "")


def lead_text(plan: Plan, item: Item) -> str:
    """The lead units' names; when the item changed hands, since when and who held it before:
    "Phòng C (từ 01/07/2025; trước đó: Phòng A; căn cứ: …)"."""
    names = ", ".join(plan.unit_name(u) for u in item.lead)
    if not item.history:
        return names
    *before, now = item.history
    earlier = "; ".join(", ".join(plan.unit_name(u) for u in h.lead) for h in before)
    cited = f"; căn cứ: {now.basis}" if now.basis else ""
    return f"{names} (từ {format_date(now.since)}; trước đó: {earlier}{cited})"


def task_row(plan: Plan, row: Tracked) -> TaskRow:
    item = row.item
    sentence = result_sentence(row)
    done = row.state in DONE_STATES
    title = item.title.rstrip(". ")
    lead = lead_text(plan, item)
    due = item.due_text() if item.due else "Không có hạn cố định"
    evidence = evidence_text(item.evidence) if done else ""
    line = (
        f"Nhiệm vụ {item.number}: {title} (chủ trì: {lead}; "
        f"{_due_phrase(due, item.tentative)}): {sentence}."
    )
    if evidence:
        line += f" Tài liệu kiểm chứng: {evidence}."
    return TaskRow(
        number=item.number or 0,
        area=item.area,
        label=item.label,
        title=title,
        lead=lead,
        coordinating=", ".join(plan.unit_name(u) for u in item.coordinating),
        deadline=item.deadline_text,
        due=due,
        due_cell=due + (" (dự kiến)" if item.tentative else ""),
        tentative=item.tentative,
        state=row.state,
        sentence=sentence,
        result=sentence[:1].upper() + sentence[1:],
        evidence=evidence,
        note=item.note or "",
        line=line,
    )


OVERDUE_NOW = "quá hạn, cần hoàn thành ngay"


@dataclass(frozen=True)
class Upcoming:
    """One line of section IV: a task ahead or overdue, or the open occurrences of one
    recurring obligation, each occurrence said to be overdue only when it is."""

    kind: str
    number: int | None
    title: str
    lead: str
    due: str
    tentative: bool
    periods: list[str]
    overdue_periods: list[str]
    state: str
    line: str


def upcoming_task(plan: Plan, row: Tracked) -> Upcoming:
    t = task_row(plan, row)
    line = f"Nhiệm vụ {t.number}: {t.title} (chủ trì: {t.lead}; {_due_phrase(t.due, t.tentative)})"
    overdue = row.state == "overdue"
    return Upcoming(
        kind="task",
        number=t.number,
        title=t.title,
        lead=t.lead,
        due=t.due,
        tentative=t.tentative,
        periods=[],
        overdue_periods=[],
        state=row.state,
        line=line + (f" — {OVERDUE_NOW}." if overdue else "."),
    )


def upcoming_obligation(plan: Plan, rows: list[Tracked]) -> Upcoming:
    """The open occurrences of one obligation on one line: "các kỳ: …" those ahead, "quá
    hạn, cần hoàn thành ngay: …" those overdue."""
    first = rows[0].item
    title = first.title.rstrip(". ")
    lead = lead_text(plan, first)
    overdue = [r.item.period_label for r in rows if r.state == "overdue"]
    ahead = [r.item.period_label for r in rows if r.state != "overdue"]
    line = f"Định kỳ: {title} (thực hiện: {lead}"
    line += f"; các kỳ: {', '.join(ahead)})" if ahead else ")"
    late = [r for r in rows if r.state == "overdue"]
    line += f" — {OVERDUE_NOW}: {overdue_text(plan, late)}." if late else "."
    return Upcoming(
        kind="obligation",
        number=None,
        title=title,
        lead=lead,
        due="",
        tentative=False,
        periods=[r.item.period_label for r in rows],
        overdue_periods=overdue,
        state="overdue" if overdue else rows[0].state,
        line=line,
    )


def overdue_text(plan: Plan, rows: list[Tracked]) -> str:
    """Overdue occurrences and, of those several units owe, the units that have not done
    them: "Tháng 03, Tháng 04 (chưa thực hiện: Thanh tra Sở, Văn phòng Sở)"; occurrences
    that the same units owe in a row share one list."""
    groups: list[tuple[list[str], tuple[str, ...]]] = []
    for r in rows:
        missing = r.missing if r.item.unit is None else ()  # a unit's own: itself
        if groups and groups[-1][1] == missing:
            groups[-1][0].append(r.item.period_label)
        else:
            groups.append(([r.item.period_label], missing))
    parts = []
    for labels, missing in groups:
        names = ", ".join(plan.unit_name(u) for u in missing)
        parts.append(", ".join(labels) + (f" (chưa thực hiện: {names})" if names else ""))
    return "; ".join(parts)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in a report: the sentence of section II and the appendix II cells."""

    number: int
    id: str
    area: str | None
    text: str
    target: str
    actual: str
    period: str
    own_period: bool
    percent: str
    status: str
    status_label: str
    source: str
    summary: str
    line: str


def indicator_report_row(p: IndicatorProgress, period: Period, number: int) -> IndicatorRow:
    """One indicator in a report for ``period``; a figure of an earlier period is labelled
    with that period ("Quý I/2024: 80%"). ``number``: its STT in appendix II."""
    pct = percent_of_target_text(p)
    measured_for = p.measurement.parsed_period if p.measurement else None
    target = _target_text(p.indicator)
    actual = actual_text(p)
    earlier = measured_for is not None and measured_for != period
    if p.status == "no_data":
        summary = f"Kế hoạch: {target}; chưa có số liệu."
    else:
        label = f" (số liệu {measured_for.label})" if earlier and measured_for else ""
        summary = f"Kế hoạch: {target}; thực hiện{label}: {actual}"
        if pct is not None:
            summary += f", đạt {pct} kế hoạch"
        summary += f"; đánh giá: {STATUS_LABELS[p.status].lower()}."
    return IndicatorRow(
        number=number,
        id=p.indicator.id,
        area=p.indicator.area,
        text=p.indicator.text,
        target=target,
        actual=f"{measured_for.label}: {actual}" if earlier and measured_for else actual,
        period=measured_for.label if measured_for else "",
        own_period=measured_for == period,
        percent=pct or "",
        status=p.status,
        status_label=STATUS_LABELS[p.status],
        source=(p.measurement.source or "") if p.measurement else "",
        summary=summary,
        line=f"{p.indicator.text} {summary}",
    )


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
    obligations_met_late: int = 0
    obligations_overdue: int = 0
    obligations_not_yet_due: int = 0

    def lines(self, cutoff: str) -> list[str]:
        """The two count lines of section I; in each the parts add up to what was due (the
        occurrences done, those overdue and those not yet due at the cut-off)."""
        tasks = (
            f"Nhiệm vụ đến hạn trong kỳ: {self.due}; hoàn thành đúng hạn: {self.done}; "
            f"hoàn thành muộn: {self.done_late}; quá hạn chưa hoàn thành: {self.overdue}; "
            f"chưa đến hạn tại ngày {cutoff}: {self.not_yet_due}"
        )
        tasks += f"; hủy: {self.cancelled}." if self.cancelled else "."
        obligations = (
            f"Nghĩa vụ định kỳ đến hạn trong kỳ: {self.obligations_due}; "
            f"đã thực hiện: {self.obligations_met} (trong đó thực hiện muộn: "
            f"{self.obligations_met_late}); quá hạn chưa thực hiện: {self.obligations_overdue}; "
            f"chưa đến hạn tại ngày {cutoff}: {self.obligations_not_yet_due}."
        )
        return [tasks, obligations]


@dataclass(frozen=True)
class PlanRef:
    title: str
    reference: str
    year: int


@dataclass(frozen=True)
class Header:
    """The two-column header of Decree 30."""

    parent_body: str
    issuing_body: str
    number_line: str
    place_date: str
    nation: str = NATION
    motto: str = MOTTO


@dataclass(frozen=True)
class PeriodText:
    code: str
    phrase: str
    label: str
    window: str
    cutoff: str


@dataclass(frozen=True)
class Headings:
    """The headings of the report, in order."""

    title: str
    direction: str
    results: str
    general_indicators: str
    indicators_lead: str
    assessment: str
    outlook: str
    proposals: str
    recipients: str
    tasks_appendix: str
    tasks_appendix_title: str
    indicators_appendix: str
    indicators_appendix_title: str
    attached_to: str


@dataclass(frozen=True)
class AreaPart:
    """One reform area in section II: its task lines (or the sentence saying none is due)
    and its indicators."""

    roman: str
    number: int
    title: str
    heading: str
    tasks: list[TaskRow]
    lines: list[str]
    indicators: list[IndicatorRow]


def figures_of(rows: list[Tracked]) -> Figures:
    """Section I's counts of the tasks and occurrences due in the period."""
    f = Figures()
    for r in rows:
        if r.item.kind == "obligation":
            # an occurrence is never cancelled nor without a date: done, overdue or ahead
            f.obligations_due += 1
            f.obligations_met += r.state in ("done", "done_late")
            f.obligations_met_late += r.state == "done_late"
            f.obligations_overdue += r.state == "overdue"
            f.obligations_not_yet_due += r.state in ("due_soon", "upcoming")
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
