"""record refuses what check rejects: numbers as Vietnamese write them, measured values
obeying the rules targets obey, obligation records fitting the schedule once each; and
event-driven obligations recorded with the event date and the completion date."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import load_plan
from parplan.tracking.items import plan_items, snapshot

from .conftest import DATA, PROGRESS_REL, ROOT

runner = CliRunner()
BEFORE = DATA / "record" / "before.yaml"


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(BEFORE, path)
    return path


@pytest.fixture
def progress_copy(tmp_path: Path) -> Path:
    path = tmp_path / "progress.yaml"
    shutil.copy(ROOT / PROGRESS_REL, path)
    return path


def record(plan: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["record", *args, "--plan", str(plan)])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["--numerator", "1.245", "--denominator", "1.250"], "numerator: 1245\n"),
        (["--numerator", "1 245", "--denominator", "1250"], "denominator: 1250\n"),
        (["--value", "86,2"], "value: 86.2\n"),
        (["--value", "86.2"], "value: 86.2\n"),
    ],
)
def test_numbers_typed_as_vietnamese_write_them(
    plan_copy: Path, args: list[str], written: str
) -> None:
    code, err = record(plan_copy, "indicator", "sipas", "--period", "2024-H1", *args)
    assert code == 0, err
    assert written in plan_copy.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--numerator", "2,5", "--denominator", "10"], "--numerator: '2,5' phải là số nguyên"),
        (["--value", "1.250"], "không rõ nghĩa: viết 1250 nếu là số nguyên, hoặc 1,25"),
        (["--value", "1,250"], "không rõ nghĩa"),
        (["--value", "nan"], "--value: 'nan' không phải là số"),
        (["--value", "inf"], "--value: 'inf' không phải là số"),
        (["--value", "1e400"], "--value: '1e400' không phải là số"),
        (["--value", "120"], "--value: giá trị đo 120% nằm ngoài khoảng 0–100 [PP107]"),
        (["--value", "-5"], "không được âm [PP116]"),
        (["--numerator", "431", "--denominator", "430"], "tử số 431 lớn hơn mẫu số 430 [PP117]"),
        (["--numerator", "0", "--denominator", "0"], "denominator phải lớn hơn 0 [PP115]"),
        (["--numerator", "-1", "--denominator", "5"], "tử số -1 phải là số nguyên không âm"),
        (
            ["--value", "86", "--numerator", "1", "--denominator", "2"],
            "dùng --value hoặc --numerator và --denominator, không dùng cả hai",
        ),
    ],
)
def test_bad_values_are_usage_errors_and_the_file_is_untouched(
    plan_copy: Path, args: list[str], message: str
) -> None:
    original = plan_copy.read_bytes()
    code, err = record(plan_copy, "indicator", "sipas", "--period", "2024-H1", *args)
    assert code == 2 and message in err, err
    assert plan_copy.read_bytes() == original


def test_an_occurrence_recorded_again_replaces_its_record(plan_copy: Path) -> None:
    for day in ("2024-03-29", "2024-03-30"):
        code, err = record(plan_copy, "obligation", "cong-khai", "-p", "2024-03", "--done", day)
        assert code == 0, err
    (ob,) = load_plan(plan_copy).obligations
    assert [(r.period, str(r.completed)) for r in ob.records] == [("2024-03", "2024-03-30")]


def test_event_driven_obligation_with_event_and_completion_dates(progress_copy: Path) -> None:
    code, err = record(
        progress_copy, "obligation", "cong-bo-tthc", "--event", "02/05/2024", "--done", "09/05/2024"
    )
    assert code == 0, err
    assert "sự kiện ngày 02/05/2024: hoàn thành ngày 09/05/2024" in err
    plan = load_plan(progress_copy)
    rows = [r for r in snapshot(plan_items(plan), date(2024, 6, 1)).rows if r.item.event]
    assert [(r.item.label, str(r.item.due), r.state, r.days) for r in rows] == [
        ("Sự kiện 02/05/2024", "2024-05-07", "done_late", -2)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--done", "2024-05-09"], "--event: cần ngày xảy ra sự kiện"),
        (["-p", "2024-Q2", "--done", "2024-05-09"], "dùng --event NGÀY, không dùng --period"),
        (["--event", "2024-05-10", "--done", "2024-05-09"], "trước ngày sự kiện 10/05/2024"),
    ],
)
def test_event_driven_refusals(progress_copy: Path, args: list[str], message: str) -> None:
    original = progress_copy.read_bytes()
    code, err = record(progress_copy, "obligation", "cong-bo-tthc", *args)
    assert code == 2 and message in err, err
    assert progress_copy.read_bytes() == original


def test_a_scheduled_obligation_takes_no_event(plan_copy: Path) -> None:
    code, err = record(
        plan_copy, "obligation", "cong-khai", "--event", "2024-03-01", "--done", "2024-03-02"
    )
    assert code == 2 and "theo lịch, dùng --period" in err


# --- who may record an occurrence: one rule (rules.recorded.unit_breaches) for record and check

MERGE = DATA / "plans" / "valid" / "merge-2025.yaml"  # quan-ly-bao-chi ends 30/06/2025
OLD, NEW, REST = "quan-ly-bao-chi", "bao-chi-xuat-ban", "van-phong"
_MERGED = "    until: 2025-06-30\n    successor: bao-chi-xuat-ban\n"  # quan-ly-bao-chi's, first
_SPLIT = (
    "    until: 2025-06-30\n    successors:\n"
    "      - {{unit: bao-chi-xuat-ban, takes: [{takes}]}}\n      - {{unit: van-phong}}\n"
)


def _handover_text(takes: str | None) -> str:
    """merge-2025.yaml (the old unit did 2025-05 on 30/05, not 2025-04); with ``takes``, the
    old unit split: bao-chi-xuat-ban takes ``takes``, van-phong the rest."""
    text = MERGE.read_text(encoding="utf-8")
    if takes is not None:
        assert text.index(_MERGED) < text.index("  - id: xuat-ban")
        text = text.replace(_MERGED, _SPLIT.format(takes=takes), 1)
    return text


@pytest.mark.parametrize(
    ("takes", "unit", "period", "done", "code"),
    [
        pytest.param(None, NEW, "2025-04", "10/07/2025", None, id="merge: open, after"),
        pytest.param(None, NEW, "2025-04", "20/06/2025", "PP131", id="merge: open, before"),
        pytest.param(None, NEW, "2025-07", "10/07/2025", None, id="merge: its own, after"),
        pytest.param(None, NEW, "2025-07", "20/06/2025", "PP131", id="merge: its own, before"),
        pytest.param(None, NEW, "2025-05", "10/07/2025", "PP128", id="merge: done by old, after"),
        pytest.param(None, NEW, "2025-05", "20/06/2025", "PP131", id="merge: done by old, before"),
        pytest.param(None, OLD, "2025-04", "20/06/2025", None, id="merge: the old unit, before"),
        pytest.param(None, OLD, "2025-04", "10/07/2025", "PP127", id="merge: the old unit, after"),
        pytest.param("1", REST, "2025-04", "10/07/2025", None, id="split: takes the rest, after"),
        pytest.param("1", NEW, "2025-04", "10/07/2025", "PP128", id="split: takes a task, after"),
        pytest.param("1", REST, "2025-05", "10/07/2025", "PP128", id="split: done by old, after"),
        pytest.param("1", REST, "2025-04", "20/06/2025", "PP128", id="split: the rest, before"),
        pytest.param(
            "cong-khai-hang-thang", NEW, "2025-04", "10/07/2025", None, id="split: takes it, after"
        ),
        pytest.param(
            "cong-khai-hang-thang", REST, "2025-04", "10/07/2025", "PP128", id="split: the rest"
        ),
        pytest.param(
            "cong-khai-hang-thang",
            NEW,
            "2025-08",
            "20/06/2025",
            "PP131",
            id="split: takes it, before",
        ),
    ],
)
def test_record_and_check_agree_on_who_records_an_occurrence(
    tmp_path: Path, takes: str | None, unit: str, period: str, done: str, code: str | None
) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(_handover_text(takes), encoding="utf-8")
    assert runner.invoke(app, ["check", str(plan)]).exit_code == 0
    args = ["cong-khai-hang-thang", "-p", period, "--unit", unit, "--done", done]
    recorded = runner.invoke(app, ["record", "obligation", *args, "--plan", str(plan)])
    # the same record written by hand, after the old unit's record of 2025-05
    day = date(int(done[6:]), int(done[3:5]), int(done[:2]))
    by_hand = tmp_path / "by-hand.yaml"
    by_hand.write_text(
        _handover_text(takes).replace(
            "completed: 2025-05-30}\n",
            f"completed: 2025-05-30}}\n      - {{period: {period}, unit: {unit}, "
            f"completed: {day.isoformat()}}}\n",
        ),
        encoding="utf-8",
    )
    checked = runner.invoke(app, ["check", str(by_hand), "--format", "json"])
    problems = [(p["code"], p["path"], p["message"]) for p in json.loads(checked.stdout)]
    if code is None:
        assert recorded.exit_code == 0, recorded.output
        assert runner.invoke(app, ["check", str(plan)]).exit_code == 0
        assert checked.exit_code == 0 and problems == [], problems
        return
    assert recorded.exit_code == 2, recorded.output
    ((found, path, message),) = problems
    assert (found, path) == (code, "obligations[0].records[1].unit")
    assert recorded.stderr == f"parplan: --unit: {message} [{code}]\n"


@pytest.mark.parametrize(
    ("takes", "heir", "other"),
    [
        pytest.param("cong-khai-hang-thang", NEW, REST, id="the successor taking it"),
        pytest.param("1", REST, NEW, id="the successor taking the rest"),
    ],
)
def test_an_ended_unit_s_record_names_the_successor_taking_that_obligation(
    tmp_path: Path, takes: str, heir: str, other: str
) -> None:
    """A split unit's record after it ended is refused (PP127) naming the successor that
    takes that obligation, not every successor of the split."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(_handover_text(takes), encoding="utf-8")
    args = ["cong-khai-hang-thang", "-p", "2025-04", "--unit", OLD, "--done", "10/07/2025"]
    recorded = runner.invoke(app, ["record", "obligation", *args, "--plan", str(plan)])
    assert recorded.exit_code == 2, recorded.output
    assert "[PP127]" in recorded.stderr
    hint = recorded.stderr.split("hãy ghi cho ", 1)[1]
    assert f"({heir})" in hint and f"({other})" not in hint, recorded.stderr
