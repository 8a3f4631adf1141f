"""`status`, `deadlines` and `calendar` through the CLI: golden text, JSON, iCalendar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import PLAN_2024 as PLAN_2024_ABS
from .conftest import PROGRESS_REL, ROOT
from .golden import assert_golden, run_ok

PROGRESS = PROGRESS_REL
PLAN_2024 = PLAN_2024_ABS.relative_to(ROOT)
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("in_repo")
run = run_ok


@pytest.mark.parametrize("as_of", ["2024-02-15", "2024-06-20", "2024-12-31"])
def test_status_2024_golden(as_of: str) -> None:
    assert_golden(f"status-2024-{as_of}.txt", run("status", str(PLAN_2024), "--as-of", as_of))


@pytest.mark.parametrize("as_of", ["2024-02-15", "2024-06-20", "2024-12-31"])
def test_deadlines_2024_golden(as_of: str) -> None:
    out = run("deadlines", str(PLAN_2024), "--as-of", as_of, "--state", "overdue", "-s", "due_soon")
    assert_golden(f"deadlines-2024-{as_of}.txt", out)


@pytest.mark.parametrize("as_of", ["2024-04-05", "2024-06-20"])
def test_progress_fixture_golden(as_of: str) -> None:
    assert_golden(f"status-progress-{as_of}.txt", run("status", str(PROGRESS), "--as-of", as_of))
    assert_golden(
        f"deadlines-progress-{as_of}.txt", run("deadlines", str(PROGRESS), "--as-of", as_of)
    )


def test_no_colour_when_piped() -> None:
    assert "\x1b[" not in run("status", str(PLAN_2024), "--as-of", "2024-06-20")


def test_deadlines_json_fields() -> None:
    rows = json.loads(run("deadlines", str(PROGRESS), "--as-of", "15/04/2024", "--json"))
    assert {"kind", "number", "id", "title", "lead", "due", "state", "days"} <= set(rows[0])
    task2 = next(r for r in rows if r["kind"] == "task" and r["number"] == 2)
    assert (task2["state"], task2["days"], task2["due"]) == ("done_late", -5, "2024-02-29")
    task3 = next(r for r in rows if r["number"] == 3)
    assert (task3["state"], task3["days"]) == ("overdue", -15)


def test_status_json() -> None:
    data = json.loads(run("status", str(PROGRESS), "--as-of", "2024-07-01", "--json"))
    assert data["as_of"] == "2024-07-01" and data["phase"] == "during"
    assert [a["id"] for a in data["areas"]] == ["chi-dao-dieu-hanh", "tthc", "obligations"]
    assert data["indicators"] == {"met": 2, "not_met": 1, "no_data": 1}


def test_unit_filter_by_name_without_diacritics() -> None:
    rows = json.loads(
        run("deadlines", str(PROGRESS), "--as-of", "2024-04-05", "-u", "thanh tra", "--json")
    )
    # task 7 (led by Thanh tra), task 1 (coordinated by the group Thanh tra belongs to),
    # and occurrences of that group's obligations
    assert {r["number"] for r in rows if r["kind"] == "task"} == {1, 7}
    assert {r["id"] for r in rows if r["kind"] == "obligation"} == {
        "cong-khai-hang-thang",
        "doi-thoai",
    }


def test_unknown_unit_is_a_usage_error() -> None:
    result = runner.invoke(app, ["status", str(PROGRESS), "--unit", "khong co"])
    assert result.exit_code == 2
    assert "không có đơn vị 'khong co'" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "31/02/2024"], "--as-of: ngày không hợp lệ"),
        (["--state", "late"], "--state: 'late' không hợp lệ"),
    ],
)
def test_bad_options(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["deadlines", str(PROGRESS), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_ended_plan_says_so() -> None:
    out = run("status", str(PLAN_2024), "--as-of", "2025-03-01")
    assert "Kế hoạch năm 2024 đã kết thúc (31/12/2024)." in out


def test_default_plan_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(ROOT / PROGRESS, plans / "2023.yaml")
    shutil.copy(PLAN_2024_ABS, plans / "2024.yaml")
    monkeypatch.chdir(tmp_path)
    assert "Tệp: plans/2024.yaml" in run("status", "--as-of", "2024-05-01")
    assert "Tệp: plans/2023.yaml" in run("status", "--as-of", "2023-05-01")
    # no file for the year: the newest one
    assert "Tệp: plans/2024.yaml" in run("status", "--as-of", "2026-05-01")
    monkeypatch.setenv("PARPLAN_PLAN", str(ROOT / PROGRESS))
    assert f"Tệp: {ROOT / PROGRESS}" in run("status", "--as-of", "2024-05-01")


def test_no_plan_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2
    assert "không tìm thấy kế hoạch" in result.stderr


def test_calendar(tmp_path: Path) -> None:
    out = tmp_path / "deadlines.ics"
    assert runner.invoke(app, ["calendar", str(PLAN_2024), "-o", str(out)]).exit_code == 0
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    # 22 tasks less one without a date, plus every dated obligation occurrence
    assert len([e for e in events if "-task-" in str(e["uid"])]) == 21
    first = next(e for e in events if str(e["uid"]) == "2024-kh-svhtt-task-1@parplan")
    assert first.decoded("dtstart").isoformat() == "2024-02-21"
    assert "Kế hoạch CCHC năm 2024" in str(first["summary"])
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids))
    # stable UIDs: a second export has the same ones; refusing to overwrite without --force
    again = tmp_path / "again.ics"
    runner.invoke(app, ["calendar", str(PLAN_2024), "-o", str(again)])
    assert [str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")] == uids
    result = runner.invoke(app, ["calendar", str(PLAN_2024), "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (
        runner.invoke(app, ["calendar", str(PLAN_2024), "-o", str(out), "--force"]).exit_code == 0
    )


def test_indicators_golden() -> None:
    assert_golden(
        "indicators-progress-2024-07-01.txt",
        run("indicators", str(PROGRESS), "--as-of", "2024-07-01"),
    )
    assert_golden(
        "indicators-2024-2024-06-20.txt", run("indicators", str(PLAN_2024), "--as-of", "2024-06-20")
    )


def test_indicators_json_and_filters() -> None:
    rows = json.loads(run("indicators", str(PROGRESS), "--as-of", "2024-07-01", "--json"))
    sipas = next(r for r in rows if r["id"] == "sipas")
    assert (sipas["period"], sipas["value"], sipas["status"]) == ("2024-H1", 86.2, "met")
    assert sipas["percent_of_target"] == pytest.approx(101.41)
    assert {
        "id",
        "area",
        "text",
        "target",
        "baseline",
        "period",
        "value",
        "percent_of_target",
        "status",
    } <= set(sipas)
    q1 = json.loads(
        run("indicators", str(PROGRESS), "--period", "2024-Q1", "--json", "--area", "chung")
    )
    assert [(r["id"], r["value"]) for r in q1] == [("sipas", 80), ("par-index", None)]
    tthc = json.loads(run("indicators", str(PROGRESS), "--area", "thu tuc", "--json"))
    assert {r["id"] for r in tthc} == {"ho-so-dung-han", "giam-bien-che"}
    result = runner.invoke(app, ["indicators", str(PROGRESS), "--area", "khong co"])
    assert result.exit_code == 2 and "--area: không có lĩnh vực" in result.stderr


@pytest.fixture(scope="module")
def large_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bench.generate import generate

    path = tmp_path_factory.mktemp("large") / "2024.yaml"
    path.write_text(generate(1_200), encoding="utf-8")  # counts past 1.000, no more
    return path


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check"], r"hợp lệ — \d+ đơn vị, 7 lĩnh vực, \d+ chỉ tiêu, 1\.200 nhiệm vụ"),
        (["deadlines", "--as-of", "2024-06-20"], r"· 1\.\d{3} mục\n"),
        (["status", "--as-of", "2024-06-20"], r"\nTổng +(\d+ +)*1\.\d{3} "),
    ],
    ids=["check", "deadlines", "status"],
)
def test_counts_are_written_as_vietnamese_write_numbers(
    large_plan: Path, args: list[str], expected: str
) -> None:
    """1.200 nhiệm vụ, not 1200 (nor 1,200): counts of a large plan in every view."""
    import re

    result = runner.invoke(app, [args[0], str(large_plan), *args[1:]], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert re.search(expected, result.stdout), result.stdout[:2000]


def test_the_indicator_line_writes_counts_as_vietnamese_write_numbers() -> None:
    from types import SimpleNamespace

    from parplan.cli.board import indicator_line

    board: Any = SimpleNamespace(indicator_counts={"met": 1245, "not_met": 3, "no_data": 0})
    assert indicator_line(board) == (
        "Chỉ tiêu: 1.245 đạt · 3 chưa đạt · 0 chưa có số liệu (tổng 1.248)"
    )
