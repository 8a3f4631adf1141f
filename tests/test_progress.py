"""Indicator progress against targets, as a table of target kinds and edge values."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from parplan.core.model import Indicator
from parplan.tracking.progress import actual_text, evaluate, target_text


def indicator(op: str, value: float | None, *, baseline: Any = None, values: Any = ()) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "x",
            "text": "chỉ tiêu",
            "target": {
                "op": op,
                "value": value,
                "unit": "text" if op == "qualitative" else "percent",
            },
            "baseline": baseline,
            "values": list(values),
        }
    )


END = date(2024, 12, 31)


@pytest.mark.parametrize(
    ("op", "target", "baseline", "measurement", "status", "percent"),
    [
        # at least
        (">=", 85, None, {"value": 0}, "not_met", 0.0),
        (">=", 85, None, {"value": 85}, "met", 100.0),
        (">=", 85, None, {"value": 86.2}, "met", 101.41),
        (">=", 85, None, {"value": 84.99}, "not_met", 99.99),
        (">=", 50, None, {"value": 100}, "met", 200.0),  # above 100%
        (">=", 100, None, {"numerator": 412, "denominator": 430}, "not_met", 95.81),
        (">=", 0, None, {"value": 0}, "met", 100.0),
        # at least, with a baseline: (actual - baseline) / (target - baseline)
        (">=", 20, {"year": 2015, "value": 5}, {"value": 12.5}, "not_met", 50.0),
        (">=", 20, {"year": 2015, "value": 5}, {"value": 20}, "met", 100.0),
        (">=", 20, {"year": 2015, "value": 5}, {"value": 5}, "not_met", 0.0),
        (">=", 20, {"year": 2015, "value": None}, {"value": 10}, "not_met", 50.0),
        # at most
        ("<=", 50, None, {"value": 45}, "met", 100.0),
        ("<=", 50, None, {"value": 50}, "met", 100.0),
        ("<=", 50, None, {"value": 62.5}, "not_met", 80.0),
        ("<=", 50, None, {"value": 0}, "met", 100.0),
        # exactly (100% targets)
        ("=", 100, None, {"value": 100}, "met", 100.0),
        ("=", 100, None, {"value": 98}, "not_met", 98.0),
        ("=", 100, None, {"numerator": 430, "denominator": 430}, "met", 100.0),
        ("=", 100, None, {"value": 0}, "not_met", 0.0),
        # reduce by 5% versus 2021 (200 staff): achieved (200 - actual) / 200
        ("reduce_by", 5, {"year": 2021, "value": 200}, {"value": 190}, "met", 100.0),
        ("reduce_by", 5, {"year": 2021, "value": 200}, {"value": 195}, "not_met", 50.0),
        ("reduce_by", 5, {"year": 2021, "value": 200}, {"value": 180}, "met", 200.0),
        ("reduce_by", 5, {"year": 2021, "value": 200}, {"value": 200}, "not_met", 0.0),
        ("reduce_by", 5, {"year": 2021, "value": 200}, {"value": 210}, "not_met", -100.0),
        # baseline unknown in the plan: counts recorded with the measurement
        ("reduce_by", 10, {"year": 2021}, {"numerator": 450, "denominator": 500}, "met", 100.0),
        ("reduce_by", 10, {"year": 2021}, {"value": 450}, "no_data", None),
        # qualitative
        ("qualitative", None, None, {"assessment": "achieved"}, "met", None),
        ("qualitative", None, None, {"assessment": "partly"}, "not_met", None),
        ("qualitative", None, None, {"assessment": "not_achieved"}, "not_met", None),
    ],
)
def test_progress(
    op: str,
    target: float | None,
    baseline: Any,
    measurement: dict[str, Any],
    status: str,
    percent: float | None,
) -> None:
    ind = indicator(op, target, baseline=baseline, values=[{"period": "2024", **measurement}])
    result = evaluate(ind, END)
    assert result.status == status
    if percent is None:
        assert result.percent_of_target is None
    else:
        assert result.percent_of_target == pytest.approx(percent, abs=0.01)


def test_no_value_is_no_data() -> None:
    assert evaluate(indicator(">=", 85), END).status == "no_data"


@pytest.mark.parametrize(
    ("as_of", "period", "value"),
    [
        (date(2024, 3, 30), None, None),  # Q1 not over yet
        (date(2024, 3, 31), "2024-Q1", 70),
        (date(2024, 7, 1), "2024-H1", 80),
        (date(2024, 10, 1), "2024-9M", 84),
        (date(2024, 12, 31), "2024", 90),  # Q4 and the year end together: the year decides
        (date(2025, 6, 1), "2024", 90),
    ],
)
def test_latest_period_ending_by_as_of(
    as_of: date, period: str | None, value: float | None
) -> None:
    ind = indicator(
        ">=",
        85,
        values=[
            {"period": "2024-Q4", "value": 88},
            {"period": "2024", "value": 90},
            {"period": "2024-Q1", "value": 70},
            {"period": "2024-H1", "value": 80},
            {"period": "2024-9M", "value": 84},
        ],
    )
    result = evaluate(ind, as_of)
    assert (result.measurement.period if result.measurement else None) == period
    assert result.actual == value


@pytest.mark.parametrize(
    ("period", "recorded_for", "value"),
    [
        ("2024-Q1", "2024-Q1", 70),  # its own figure, though Decree 09's cut-off is 14/03
        ("2024-Q2", "2024-Q1", 70),  # none for Q2: the latest earlier one of the year
        ("2024-H1", "2024-Q1", 70),
        ("2024-9M", "2024-Q1", 70),
        ("2024-Q4", "2024", 90),  # the year's value ends with Q4
        ("2024", "2024", 90),
    ],
)
def test_one_period_shows_its_own_or_an_earlier_figure(
    period: str, recorded_for: str, value: float
) -> None:
    ind = indicator(
        ">=",
        85,
        values=[
            {"period": "2024-Q1", "value": 70},
            {"period": "2024", "value": 90},
            {"period": "2023-Q4", "value": 60},
        ],
    )
    result = evaluate(ind, date(2024, 1, 1), period)  # the as-of date does not hide it
    assert result.measurement is not None and result.measurement.period == recorded_for
    assert result.actual == value


def test_a_later_period_never_stands_for_an_earlier_one() -> None:
    ind = indicator(">=", 85, values=[{"period": "2024-H1", "value": 86.2}])
    assert evaluate(ind, END, "2024-Q1").status == "no_data"


@pytest.mark.parametrize(
    ("op", "value", "baseline", "text"),
    [
        (">=", 85, None, "≥ 85%"),
        ("<=", 50, None, "≤ 50%"),
        ("=", 100, None, "100%"),
        ("reduce_by", 5, {"year": 2021}, "giảm 5% so với 2021"),
        ("reduce_by", 20, {"year": None}, "giảm 20%"),
        (">=", 86.25, None, "≥ 86,25%"),
        ("qualitative", None, None, "định tính"),
    ],
)
def test_target_text(op: str, value: float | None, baseline: Any, text: str) -> None:
    assert target_text(indicator(op, value, baseline=baseline)) == text


def test_actual_text_with_counts() -> None:
    ind = indicator(">=", 100, values=[{"period": "2024", "numerator": 412, "denominator": 430}])
    assert actual_text(evaluate(ind, END)) == "412/430 (95,81%)"


def test_every_target_kind_is_one_registry_entry() -> None:
    """The model's ops, the JSON Schema's enum and the registry are the same set; each kind
    renders and judges through its entry."""
    from typing import get_args

    from parplan.core.model import Plan
    from parplan.core.targets import TARGET_KINDS, TargetOp

    assert set(get_args(TargetOp)) == set(TARGET_KINDS)
    schema = Plan.model_json_schema()["$defs"]["Target"]["properties"]["op"]
    assert set(schema["enum"]) == set(TARGET_KINDS)
    assert all(kind.description in schema["description"] for kind in TARGET_KINDS.values())
    assert TARGET_KINDS[">="].meets(86, 85) and not TARGET_KINDS["<="].meets(86, 85)
    assert TARGET_KINDS["reduce_by"].relative and not TARGET_KINDS["qualitative"].measured
