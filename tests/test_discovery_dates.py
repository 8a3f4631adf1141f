"""Plan discovery by the year of --period; views after the plan year; a report dated before
the data it reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import PROGRESS_REL, ROOT

runner = CliRunner()


@pytest.fixture
def two_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with plans/2024.yaml and plans/2025.yaml, as in January 2025."""
    text = (ROOT / PROGRESS_REL).read_text(encoding="utf-8")
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2024.yaml").write_text(text, encoding="utf-8")
    later = text.replace("2024", "2025").replace("2023", "2024").replace("2021", "2022")
    (tmp_path / "plans" / "2025.yaml").write_text(later, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_report_picks_the_plan_of_the_period_year(two_years: Path) -> None:
    result = runner.invoke(app, ["report", "--period", "2024", "--date", "2025-01-10", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert "công tác cải cách hành chính năm 2024" in result.stdout


def test_record_picks_the_plan_of_the_period_year(two_years: Path) -> None:
    before = (two_years / "plans" / "2025.yaml").read_bytes()
    result = runner.invoke(
        app, ["record", "indicator", "sipas", "--period", "2024-Q3", "--value", "88"]
    )
    assert result.exit_code == 0, result.stderr
    assert "period: 2024-Q3" in (two_years / "plans" / "2024.yaml").read_text(encoding="utf-8")
    assert (two_years / "plans" / "2025.yaml").read_bytes() == before


def test_record_task_picks_the_plan_of_the_completion_year(two_years: Path) -> None:
    result = runner.invoke(app, ["record", "task", "4", "--done", "28/06/2024"])
    assert result.exit_code == 0, result.stderr
    assert "completed: 2024-06-28" in (two_years / "plans" / "2024.yaml").read_text(
        encoding="utf-8"
    )


def test_a_view_after_the_plan_year_shows_its_end(tmp_path: Path) -> None:
    """Today (the real clock) is after 2024: without --as-of, the state at 31/12/2024."""
    result = runner.invoke(app, ["status", str(ROOT / PROGRESS_REL)])
    assert result.exit_code == 0
    assert "đã qua năm kế hoạch 2024: hiển thị tình hình tại ngày 31/12/2024" in result.stderr
    assert "Ngày xét: 31/12/2024" in result.stdout
    pinned = runner.invoke(app, ["status", str(ROOT / PROGRESS_REL), "--as-of", "2025-03-01"])
    assert "Ngày xét: 01/03/2025" in pinned.stdout and "đã qua" not in pinned.stderr


@pytest.mark.parametrize(
    ("args", "ok"),
    [
        (["-p", "2024-Q1", "--date", "2024-03-10"], False),  # before the 14/03 cut-off
        (["-p", "2024-Q1", "--date", "2024-03-14"], True),
        (["-p", "2024-Q1", "--date", "2024-03-10", "--as-of", "2024-03-09"], True),
        (["-p", "2024", "--date", "2024-06-30"], False),
    ],
)
def test_a_report_dated_before_its_data_is_refused(args: list[str], ok: bool) -> None:
    result = runner.invoke(app, ["report", str(ROOT / PROGRESS_REL), "-o", "-", *args])
    if ok:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 2 and "--date: báo cáo ngày" in result.stderr
        assert result.stdout == ""
