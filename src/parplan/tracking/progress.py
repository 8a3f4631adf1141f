"""Indicator progress against targets (pure functions; see README "Chỉ tiêu").

- ``>=``: percent of target = actual / target, or (actual - baseline) / (target - baseline)
  when the baseline value is known; met when actual >= target.
- ``<=``: met when actual <= target; percent = 100 when met, else target / actual.
- ``=``: met when actual equals target; percent = actual / target.
- ``reduce_by``: achieved reduction = (baseline - actual) / baseline, in percent, compared
  with the target share; the baseline value comes from the indicator or, when the plan does
  not know it, from the measurement's denominator (e.g. staff in 2021), the actual from its
  value or numerator (staff now).
- ``qualitative``: the recorded assessment (achieved = met).
The measurement used is the latest whose period ends on or before the as-of date; when two
end on the same day (2024-Q4 and 2024) the longer period, the year's final value, decides.
For one period P (a report, ``indicators --period``) it is the value recorded for P, else the
latest value of the same year whose period ends by P's end: a value recorded for a period is
that period's figure, whatever the Decree 09 cut-off day, and a later period's never is.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from parplan.core.model import Indicator, Measurement
from parplan.core.numbers import format_number
from parplan.core.periods import Period, parse_period
from parplan.core.targets import kind_of

IndicatorStatus = Literal["met", "not_met", "no_data"]
STATUS_LABELS: dict[IndicatorStatus, str] = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "no_data": "Chưa có số liệu",
}
ASSESSMENT_LABELS = {"achieved": "Đạt", "partly": "Đạt một phần", "not_achieved": "Chưa đạt"}
_KIND_RANK = {"month": 0, "quarter": 1, "half": 2, "9m": 3, "year": 4}


class IndicatorProgress(NamedTuple):
    indicator: Indicator
    measurement: Measurement | None
    status: IndicatorStatus
    actual: float | None = None
    percent_of_target: float | None = None
    reason: str | None = None  # why there is no figure, in Vietnamese


def latest_measurement(
    indicator: Indicator, as_of: date, period: str | None = None
) -> Measurement | None:
    """The measurement that decides the status as of a date (or for one period)."""
    if period is not None:
        return measurement_for_period(indicator, parse_period(period))
    candidates = [m for m in indicator.values if m.parsed_period.end <= as_of]
    if not candidates:
        return None
    return max(candidates, key=lambda m: (m.parsed_period.end, _KIND_RANK[m.parsed_period.kind]))


def measurement_for_period(indicator: Indicator, period: Period) -> Measurement | None:
    """The value recorded for ``period``, else the latest of its year ending by its end."""
    exact = next((m for m in indicator.values if m.parsed_period == period), None)
    if exact is not None:
        return exact
    earlier = [
        m
        for m in indicator.values
        if m.parsed_period.year == period.year and m.parsed_period.end <= period.end
    ]
    if not earlier:
        return None
    return max(earlier, key=lambda m: (m.parsed_period.end, _KIND_RANK[m.parsed_period.kind]))


def measured(indicator: Indicator, m: Measurement) -> float | None:
    """The measured figure: ``value``, else numerator / denominator (as percent for
    percent targets; for reduce_by the numerator is the current level)."""
    if m.value is not None:
        return m.value
    if m.numerator is None:
        return None
    if kind_of(indicator.target.op).relative:
        return m.numerator
    if not m.denominator:
        return None
    ratio = m.numerator / m.denominator
    return ratio * 100 if indicator.target.unit == "percent" else ratio


def evaluate(indicator: Indicator, as_of: date, period: str | None = None) -> IndicatorProgress:
    m = latest_measurement(indicator, as_of, period)
    if m is None:
        return IndicatorProgress(indicator, None, "no_data", reason="chưa có số liệu")
    target = indicator.target
    kind = kind_of(target.op)
    if not kind.measured:
        if m.assessment is None:
            return IndicatorProgress(indicator, m, "no_data", reason="chưa có đánh giá")
        status: IndicatorStatus = "met" if m.assessment == "achieved" else "not_met"
        return IndicatorProgress(indicator, m, status)
    actual = measured(indicator, m)
    if actual is None or target.value is None:
        return IndicatorProgress(indicator, m, "no_data", reason="thiếu giá trị đo")
    if kind.relative:
        return _reduction(indicator, m, actual, target.value)
    goal = target.value
    met = kind.meets(actual, goal)
    base = indicator.baseline.value if indicator.baseline else None
    if target.op == ">=" and base is not None and goal != base:
        pct = (actual - base) / (goal - base) * 100  # progress from the baseline
    elif target.op == "<=":
        pct = 100.0 if met else goal / actual * 100
    else:
        pct = actual / goal * 100 if goal else (100.0 if met else 0.0)
    return IndicatorProgress(indicator, m, _met(met), actual, pct)


def _reduction(
    indicator: Indicator, m: Measurement, actual: float, goal: float
) -> IndicatorProgress:
    base = indicator.baseline.value if indicator.baseline else None
    if base is None:
        base = m.denominator
    if not base:
        return IndicatorProgress(
            indicator, m, "no_data", reason="thiếu giá trị năm gốc (baseline hoặc denominator)"
        )
    achieved = (base - actual) / base * 100
    pct = achieved / goal * 100 if goal else 100.0
    met = kind_of(indicator.target.op).meets(achieved, goal)
    return IndicatorProgress(indicator, m, _met(met), achieved, pct)


def _met(ok: bool) -> IndicatorStatus:
    return "met" if ok else "not_met"


def summary(progress: list[IndicatorProgress]) -> dict[IndicatorStatus, int]:
    counts: dict[IndicatorStatus, int] = {"met": 0, "not_met": 0, "no_data": 0}
    for p in progress:
        counts[p.status] += 1
    return counts


def target_text(indicator: Indicator) -> str:
    """The target in short: "≥ 85%", "≤ 50%", "100%", "giảm 5% so với 2021", "định tính"."""
    t = indicator.target
    kind = kind_of(t.op)
    if not kind.measured or t.value is None:
        return kind_of("qualitative").shown
    unit = "%" if t.unit == "percent" else ""
    shown = kind.shown.format(amount=f"{format_number(t.value)}{unit}")
    year = indicator.baseline.year if indicator.baseline and kind.relative else None
    return shown + (f" so với {year}" if year else "")


def actual_text(p: IndicatorProgress) -> str:
    """The measured figure as read: "86,2%", "412/430 (95,81%)", "giảm 6%", "Đạt"."""
    m = p.measurement
    if m is None:
        return "—"
    t = p.indicator.target
    if not kind_of(t.op).measured:
        return ASSESSMENT_LABELS.get(m.assessment or "", "—")
    if p.actual is None:
        return "—"
    unit = "%" if t.unit == "percent" else ""
    if kind_of(t.op).relative:
        return f"giảm {format_number(p.actual)}%"
    shown = f"{format_number(p.actual)}{unit}"
    if m.value is None and m.numerator is not None and m.denominator is not None:
        shown = f"{format_number(m.numerator)}/{format_number(m.denominator)} ({shown})"
    return shown


def percent_of_target_text(p: IndicatorProgress) -> str | None:
    """The percent of target as every output shows it: "101,41%", "99,6%" (two decimals at
    most, as the JSON's figure and the measured share "1.245/1.250 (99,6%)" beside it);
    None when there is none."""
    return None if p.percent_of_target is None else f"{format_number(p.percent_of_target)}%"


def progress_json(p: IndicatorProgress) -> dict[str, object]:
    ind = p.indicator
    m = p.measurement
    return {
        "id": ind.id,
        "area": ind.area,
        "text": ind.text,
        "target": ind.target.model_dump(mode="json"),
        "baseline": ind.baseline.model_dump(mode="json") if ind.baseline else None,
        "period": m.period if m else None,
        "value": m.value if m else None,
        "numerator": m.numerator if m else None,
        "denominator": m.denominator if m else None,
        "assessment": m.assessment if m else None,
        "actual": p.actual,
        "percent_of_target": None if p.percent_of_target is None else round(p.percent_of_target, 2),
        "status": p.status,
    }
