"""`parplan diff`: the changes it used to miss, and the CLI's --git edge cases."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan import diffmatch
from parplan.cli import app
from parplan.document.loader import plan_from_text
from parplan.plandiff import Change, diff_plans

from .conftest import DATA, PLAN_2024

runner = CliRunner()
BASE = PLAN_2024.read_text(encoding="utf-8")
DONE = (
    "    progress: null",
    "    progress: {status: done, completed: 2024-02-20, evidence: Kế hoạch số 45/KH-SVHTT}",
)
VALUE = (
    "      value: 85\n      unit: percent\n    values: []",
    '      value: 85\n      unit: percent\n    values:\n      - {period: "2024", value: 86.2}',
)
NEW_AREA = (
    "indicators:\n",
    '  - id: linh-vuc-moi\n    number: 8\n    title: "Lĩnh vực thử"\nindicators:\n',
)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _diff(old_text: str, new_text: str) -> list[Change]:
    return diff_plans(plan_from_text(old_text, "cũ"), plan_from_text(new_text, "mới"))


def test_removed_task_progress_is_reported() -> None:
    changes = _diff(_edit(BASE, *DONE), BASE)
    assert [(c.group, c.ref) for c in changes] == [("progress", "task:1")]
    (change,) = changes
    assert change.old["status"] == "done" and change.new is None
    assert change.message.startswith("Nhiệm vụ 1: bỏ")


def test_removed_indicator_value_is_reported() -> None:
    changes = _diff(_edit(BASE, *VALUE), BASE)
    assert [(c.group, c.ref) for c in changes] == [("progress", "indicator:sipas")]
    (change,) = changes
    assert change.old["value"] == 86.2 and change.new is None
    assert "86,2%" in change.message and "Năm 2024" in change.message


def test_added_area_is_reported() -> None:
    changes = _diff(BASE, _edit(BASE, *NEW_AREA))
    assert [(c.group, c.ref) for c in changes] == [("other", "area:linh-vuc-moi")]
    (change,) = changes
    assert change.old is None and change.new["title"] == "Lĩnh vực thử"
    assert "Lĩnh vực thử" in change.message


# --- parplan diff --git: plans new or deleted since REV, a REV that does not exist ----------


def _repo(tmp_path: Path) -> tuple[Path, list[str]]:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    return repo, git


def _commit(git: list[str]) -> None:
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "plans"], check=True)


def test_git_plan_new_in_working_tree_is_a_whole_plan_added(tmp_path: Path) -> None:
    repo, git = _repo(tmp_path)
    (repo / "README").write_text("x\n", encoding="utf-8")
    _commit(git)
    plan = repo / "plans" / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(plan), "--json"])
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)
    assert (change["kind"], change["old"]) == ("plan_added", None)
    assert change["new"]["symbol"] == "KH-SVHTT"
    text = runner.invoke(app, ["diff", "--git", "HEAD", str(plan)])
    assert "Kế hoạch mới: Kế hoạch cải cách hành chính" in text.stdout
    assert "(22 nhiệm vụ, " in text.stdout


def test_git_plan_deleted_since_rev_is_a_whole_plan_removed(tmp_path: Path) -> None:
    repo, git = _repo(tmp_path)
    plan = repo / "plans" / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    _commit(git)
    shutil.rmtree(repo / "plans")  # its folder too
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(plan), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "- Bỏ kế hoạch: Kế hoạch cải cách hành chính" in result.stdout
    data = json.loads(runner.invoke(app, ["diff", "--git", "HEAD", str(plan), "--json"]).stdout)
    assert [(c["kind"], c["new"]) for c in data] == [("plan_removed", None)]


def test_git_rev_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    repo, git = _repo(tmp_path)
    plan = repo / "plans" / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    _commit(git)
    result = runner.invoke(app, ["diff", "--git", "khong-co-rev", str(plan)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "--git: không có phiên bản 'khong-co-rev' trong kho git" in result.stderr
    assert "Traceback" not in result.output


def test_git_plan_in_neither_is_a_usage_error(tmp_path: Path) -> None:
    repo, git = _repo(tmp_path)
    (repo / "README").write_text("x\n", encoding="utf-8")
    _commit(git)
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(repo / "plans" / "2025.yaml")])
    assert result.exit_code == 2
    assert "không có ở phiên bản HEAD lẫn trong thư mục làm việc" in result.stderr


def test_git_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    plan = tmp_path / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(plan)])
    assert result.exit_code == 2 and "không nằm trong một kho git" in result.stderr


def test_plan_text_cannot_drive_the_terminal_or_the_markdown(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(
        _edit(
            BASE,
            '    product: "Kế hoạch CCHC năm 2024"',
            '    product: "Kế hoạch \\e[31mđỏ\\u2028 *đậm* @ai"',
        ),
        encoding="utf-8",
    )
    text = runner.invoke(app, ["diff", str(PLAN_2024), str(new)])
    assert text.exit_code == 0, text.output
    assert "\x1b" not in text.stdout and "\u2028" not in text.stdout
    assert '"Kế hoạch \\x1b[31mđỏ\\u2028 *đậm* @ai")' in text.stdout
    md = runner.invoke(app, ["diff", str(PLAN_2024), str(new), "--format", "md"])
    assert "\\*đậm\\* \\@ai" in md.stdout and "\x1b" not in md.stdout
    data = runner.invoke(app, ["diff", str(PLAN_2024), str(new), "--json"])
    assert "\x1b" not in data.stdout and "\\u001b" in data.stdout
    assert json.loads(data.stdout)[0]["new"] == "Kế hoạch \x1b[31mđỏ\u2028 *đậm* @ai"


# --- linear time: SequenceMatcher only for leftovers, a bounded number of times each --------


def test_similarity_is_bounded_per_leftover(monkeypatch: pytest.MonkeyPatch) -> None:
    """400 tasks removed and 400 others added (new numbers, other texts): each leftover is
    compared by SequenceMatcher with at most PROBES candidates (before: every pair, 160,000)."""
    from bench.generate import generate

    old = plan_from_text(generate(400, seed=1), "cũ")
    other = plan_from_text(generate(400, seed=2), "mới")
    tasks = [t.model_copy(update={"number": t.number + 1000}) for t in other.tasks]
    new = old.model_copy(update={"tasks": tasks})
    calls = 0
    real = diffmatch.similar

    def counting(a: str, b: str, cutoff: float) -> float | None:
        nonlocal calls
        calls += 1
        return real(a, b, cutoff)

    monkeypatch.setattr(diffmatch, "similar", counting)
    changes = diff_plans(old, new)
    assert calls <= diffmatch.PROBES * len(old.tasks)
    # every new task is accounted for: paired with an old one (so renumbered) or added
    assert sum(c.kind in ("task_added", "task_renumbered") for c in changes) == 400


def test_renumbering_many_tasks_is_reported_as_renumbering() -> None:
    """Every task renumbered (the last moved to the front): paired by content, never by
    similarity, each reported as renumbered and nothing else."""
    from bench.generate import generate

    old = plan_from_text(generate(300), "cũ")
    moved = [old.tasks[-1], *old.tasks[:-1]]
    tasks = [t.model_copy(update={"number": i}) for i, t in enumerate(moved, start=1)]
    changes = diff_plans(old, old.model_copy(update={"tasks": tasks}))
    assert {c.kind for c in changes} == {"task_renumbered"} and len(changes) == 300
    assert changes[0].message == "Nhiệm vụ 300 đánh số lại thành 1"


FULL = (DATA / "diff" / "full.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "schedule: {once: before 2024-11-10}",
            "schedule: {once: 2024-Q3}",
            "Nghĩa vụ bao-cao-mot-lan: đổi lịch thực hiện: một lần, hạn trước ngày 10/11/2024 "
            "→ một lần, hạn Quý III/2024",
        ),
        (
            "  submit_to: van-phong",
            "  submit_to: so-noi-vu",
            "Phần thông tin báo cáo: nơi gửi báo cáo đổi từ Văn phòng Sở sang Sở Nội vụ",
        ),
        (
            'source: "Khảo sát quý I", note: "sơ bộ"',
            'source: "Khảo sát quý I (bổ sung)", note: "sơ bộ"',
            "Chỉ tiêu sipas: sửa nguồn của giá trị kỳ Quý I/2024",
        ),
        (
            "      by: before 2024-02-22",
            "      by: 2024-02-21",
            "Nhiệm vụ 1: đổi cách ghi hạn trước ngày 22/02/2024 → 21/02/2024 (vẫn là 21/02/2024)",
        ),
    ],
)
def test_messages_read_as_vietnamese(old: str, new: str, expected: str) -> None:
    assert [c.message for c in _diff(FULL, _edit(FULL, old, new))] == [expected]


def test_git_committed_plan_not_utf8_is_located_pp003(tmp_path: Path) -> None:
    repo, git = _repo(tmp_path)
    plan = repo / "plans" / "2024.yaml"
    plan.write_bytes(BASE.encode().replace("Hà Nội".encode(), b"H\xe0 N\xf4i", 1))
    line = BASE[: BASE.index("Hà Nội")].count("\n") + 1
    _commit(git)
    shutil.copy(PLAN_2024, plan)
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(plan)])
    assert result.exit_code == 1, result.output
    assert f"HEAD:{plan}:{line}:" in result.stderr and "[PP003]" in result.stderr
    assert "không phải UTF-8" in result.stderr and "Traceback" not in result.output


def test_git_committed_plan_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, git = _repo(tmp_path)
    plan = repo / "plans" / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    _commit(git)
    plan.write_text("version: 1\n", encoding="utf-8")  # the working copy is small
    monkeypatch.setenv("PARPLAN_MAX_BYTES", "1000")
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(plan)])
    assert result.exit_code == 1, result.output
    assert f"HEAD:{plan}:1:1: tệp quá lớn" in result.stderr and "[PP008]" in result.stderr
