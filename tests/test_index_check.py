"""`check` of a plan's PAR INDEX part: the criteria file it names (relative to the plan's
folder), the criteria and plan items it names, and each self score (located, PP303–PP307)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import check_file

from .index_tables import index_plan

runner = CliRunner()


def _problems(plan: Path) -> list[tuple[str, int | None, str]]:
    """The errors of ``plan`` (the warnings the test plan carries left out)."""
    return [(p.code, p.line, p.message) for p in check_file(plan).problems if not p.warning]


def _line_of(plan: Path, text: str) -> int:
    lines = plan.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_plan_with_its_criteria_passes(tmp_path: Path) -> None:
    plan = index_plan(tmp_path)
    assert _problems(plan) == []
    assert runner.invoke(app, ["check", str(plan)]).exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        ("../index/2024.yaml", "../index/2025.yaml", "PP303", "không tìm thấy"),
        ('criterion: "1.2"', 'criterion: "1.9"', "PP304", "số '1.9'"),
        ('criterion: "1.2"', 'criterion: "1"', "PP304", "số '1'"),
        ('not_applicable: ["2.1.2"]', 'not_applicable: ["1.1.1"]', "PP304", "không cho phép"),
        ("tasks: [1, 2, 3]", "tasks: [1, 2, 99]", "PP305", "nhiệm vụ số 99"),
        ("obligations: [doi-thoai]", "obligations: [doi-thoai-2]", "PP305", "nghĩa vụ doi-thoai-2"),
        ("indicators: [sipas]", "indicators: [sipas-2]", "PP305", "chỉ tiêu sipas-2"),
    ],
)
def test_bad_references_located(tmp_path: Path, old: str, new: str, code: str, words: str) -> None:
    plan = index_plan(tmp_path)
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    ((found, line, message),) = _problems(plan)
    assert found == code and words in message, message
    assert line == _line_of(plan, new.split(":")[-1].strip()[:12])


def test_bad_criteria_file_is_the_plans_problem(tmp_path: Path) -> None:
    plan = index_plan(tmp_path)
    table = tmp_path / "index" / "2024.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("total: 7.5", "total: 8"), "utf-8")
    ((code, line, message),) = _problems(plan)
    assert code == "PP303" and "có 1 lỗi" in message and "PP302" in message
    assert line == _line_of(plan, "criteria: ../index")


SCORE = """  scores:
    - criterion: "{number}"
      score: {score}
{more}"""


@pytest.mark.parametrize(
    ("number", "score", "more", "words"),
    [
        ("1.1.1", "1.5", "      evidence: x\n", "vượt điểm tối đa 1"),
        ("1.1.1", "-0.25", "      evidence: x\n", "âm"),
        ("1.1.1", "0.3", "      evidence: x\n", "không phải bội số của bước chấm 0,25"),
        # a hair off: the figures as written, never "điểm 1 vượt điểm tối đa 1"
        ("1.1.1", "1.0000001", "      evidence: x\n", "điểm 1,0000001 vượt điểm tối đa 1"),
        ("1.1.1", "0.2500001", "      evidence: x\n", "điểm 0,2500001 không phải bội số"),
        ("1.1.1", "-0.0001", "      evidence: x\n", "điểm -0,0001 âm"),
        ("1.1.1", "1", "", "cần tài liệu kiểm chứng hoặc giải trình"),
        ("2.1.2", "0.5", "      evidence: x\n", "không áp dụng"),
    ],
)
def test_bad_scores_located(tmp_path: Path, number: str, score: str, more: str, words: str) -> None:
    plan = index_plan(tmp_path, SCORE.format(number=number, score=score, more=more))
    ((code, line, message),) = _problems(plan)
    assert code == "PP307" and words in message, message
    assert line == _line_of(plan, f"score: {score}")


def test_scored_twice(tmp_path: Path) -> None:
    twice = SCORE.format(number="1.2", score="1", more="      explanation: x\n")
    twice += '    - criterion: "1.2"\n      score: 2\n      evidence: y\n'
    plan = index_plan(tmp_path, twice)
    ((code, _, message),) = _problems(plan)
    assert code == "PP304" and "chấm hai lần" in message


def test_good_scores_pass(tmp_path: Path) -> None:
    plan = index_plan(
        tmp_path, SCORE.format(number="1.2", score="1.75", more="      evidence: x\n")
    )
    assert _problems(plan) == []


def test_diff_says_score_changes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = index_plan(
        tmp_path / "a", SCORE.format(number="1.2", score="1", more="      evidence: x\n")
    )
    new = index_plan(
        tmp_path / "b", SCORE.format(number="1.2", score="1.5", more="      evidence: x\n")
    )
    new.write_text(
        new.read_text(encoding="utf-8") + '    - {criterion: "2.2", score: 2, evidence: y}\n',
        "utf-8",
    )
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert (
        "Tự đánh giá chỉ số CCHC: sửa điểm tự chấm tiêu chí 1.2: 1 điểm → 1,5 điểm" in result.stdout
    )
    assert "Tự đánh giá chỉ số CCHC: chấm tiêu chí 2.2: 2 điểm" in result.stdout
