"""`parplan diff` names a bonus or penalty item's score as what it is ("mục điểm thưởng IX.1",
"mục điểm trừ trừ.a"), an area's as a criterion ("tiêu chí 1.2"), from the criteria table each
side names: beside the file, or at the revision compared (criteria invented for the tests:
tests/index_tables.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from typer.testing import CliRunner

from parplan.cli import app

from .index_tables import WITH_PARTS, index_plan

runner = CliRunner()
OLD = """  scores:
    - {criterion: "1.2", score: 1, evidence: "Kế hoạch tuyên truyền"}
    - {criterion: "IX.2", score: 0.5, evidence: "Quyết định khen thưởng"}
    - {criterion: "trừ.a", score: 0.5, evidence: "Kết luận kiểm tra số 3/KL"}
"""
NEW = """  scores:
    - {criterion: "1.2", score: 1.5, evidence: "Kế hoạch tuyên truyền"}
    - {criterion: "trừ.a", score: 1, evidence: "Kết luận kiểm tra số 3/KL"}
    - {criterion: "IX.1", score: 1, evidence: "Quyết định số 12/QĐ-UBND"}
"""
SAID = [
    "sửa điểm tự chấm tiêu chí 1.2: 1 điểm → 1,5 điểm",
    "sửa điểm tự chấm mục điểm trừ trừ.a: 0,5 điểm → 1 điểm",
    "chấm mục điểm thưởng IX.1: 1 điểm",
    "bỏ điểm tự chấm mục điểm thưởng IX.2 (0,5 điểm)",
]


def _said(args: list[str]) -> str:
    result = runner.invoke(app, ["diff", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_files_name_the_parts_items(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = index_plan(tmp_path / "a", OLD, WITH_PARTS)
    new = index_plan(tmp_path / "b", NEW, WITH_PARTS)
    shown = _said([str(old), str(new)])
    for line in SAID:
        assert line in shown, shown
    assert "tiêu chí trừ.a" not in shown and "tiêu chí IX" not in shown
    (tmp_path / "c").mkdir()
    edited = index_plan(tmp_path / "c", NEW.replace("số 3/KL", "số 4/KL"), WITH_PARTS)
    shown = _said([str(new), str(edited)])
    assert "sửa tài liệu kiểm chứng của điểm mục điểm trừ trừ.a: " in shown, shown


def test_a_table_that_cannot_be_read_names_criteria(tmp_path: Path) -> None:
    """The plans compared alone, as before the parts: nothing refused for the table."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = index_plan(tmp_path / "a", OLD, WITH_PARTS)
    new = index_plan(tmp_path / "b", NEW, WITH_PARTS)
    (tmp_path / "a" / "index" / "2024.yaml").unlink()
    (tmp_path / "b" / "index" / "2024.yaml").write_text("title: [\n", encoding="utf-8")
    assert "chấm tiêu chí IX.1: 1 điểm" in _said([str(old), str(new)])


def test_git_reads_the_table_at_each_revision(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    plan = index_plan(repo, OLD, WITH_PARTS)
    for scores in (None, NEW):
        if scores is not None:
            plan.write_text(plan.read_text(encoding="utf-8").replace(OLD, scores), "utf-8")
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-qm", "plan"], check=True)
    (repo / "index" / "2024.yaml").unlink()  # not in the working tree: read at the revisions
    shown = _said(["--git", "HEAD~1..HEAD", str(plan)])
    for line in SAID:
        assert line in shown, shown
    plan.write_text(plan.read_text(encoding="utf-8").replace("score: 1.5", "score: 2"), "utf-8")
    # the working copy's table gone: the one at HEAD~1 still names the items
    shown = _said(["--git", "HEAD~1", str(plan)])
    assert "chấm tiêu chí IX.1: 1 điểm" not in shown and "chấm mục điểm thưởng IX.1" in shown
