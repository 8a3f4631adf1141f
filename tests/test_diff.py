"""`parplan diff`: the changes it used to miss, and the CLI's --git edge cases."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.numbers import format_number
from parplan.diff import pairing as diffmatch
from parplan.diff.compare import Difference, diff_plans
from parplan.document.loader import plan_from_text

from .conftest import DATA, PLAN_2024

runner = CliRunner()
FULL = (DATA / "diff" / "full.yaml").read_text(encoding="utf-8")
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


def _diff(old_text: str, new_text: str) -> list[Difference]:
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


# --- two revisions, ranges, revisions that look like options, pipes -------------------------

MOVED = ("      by: 2024-10\n", "      by: 2024-11\n")  # task 9's deadline


def _history(tmp_path: Path) -> Path:
    """A plan committed twice (task 1 done in the second commit), then task 11's deadline
    moved in the working copy only."""
    repo, git = _repo(tmp_path)
    plan = repo / "plans" / "2024.yaml"
    plan.write_text(_edit(BASE, *DONE), encoding="utf-8")
    _commit(git)
    plan.write_text(BASE, encoding="utf-8")
    _commit(git)
    plan.write_text(_edit(BASE, *MOVED), encoding="utf-8")
    return plan


def _refs(args: list[str]) -> list[tuple[str, str]]:
    result = runner.invoke(app, ["diff", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [(c["kind"], c["ref"]) for c in json.loads(result.stdout)]


def test_git_two_revisions_compare_the_file_at_both(tmp_path: Path) -> None:
    plan = _history(tmp_path)
    committed = [("task_progress", "task:1")]  # not the working copy's moved deadline
    assert _refs(["--git", "HEAD~1", "HEAD", str(plan)]) == committed
    assert _refs(["--git", "HEAD~1..HEAD", str(plan)]) == committed
    assert _refs(["--git", "HEAD~1..", str(plan)]) == committed  # an empty side is HEAD
    assert _refs(["--git", "HEAD~1", str(plan)]) == [
        ("deadline_moved", "task:9"),
        ("task_progress", "task:1"),
    ]
    assert _refs(["--git", "HEAD", "HEAD~1", str(plan)]) == committed  # the reverse, removed
    text = runner.invoke(app, ["diff", "--git", "HEAD~1..HEAD", str(plan)]).stdout
    assert "Nhiệm vụ 1: bỏ ghi nhận tiến độ (trước đó: hoàn thành ngày 20/02/2024)" in text


def test_git_three_dots_compare_from_the_merge_base(tmp_path: Path) -> None:
    repo, git = _repo(tmp_path)
    subprocess.run([*git, "checkout", "-q", "-b", "trunk"], check=True)
    plan = repo / "plans" / "2024.yaml"
    plan.write_text(BASE, encoding="utf-8")
    _commit(git)
    subprocess.run([*git, "checkout", "-q", "-b", "feature"], check=True)
    plan.write_text(_edit(BASE, *MOVED), encoding="utf-8")
    _commit(git)
    subprocess.run([*git, "checkout", "-q", "trunk"], check=True)
    plan.write_text(_edit(BASE, *DONE), encoding="utf-8")  # on trunk only, after the fork
    _commit(git)
    assert _refs(["--git", "trunk...feature", str(plan)]) == [("deadline_moved", "task:9")]
    assert _refs(["--git", "trunk..feature", str(plan)]) == [
        ("deadline_moved", "task:9"),
        ("task_progress", "task:1"),
    ]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["HEAD", "khong-co"], "khong-co"),
        (["khong-co..HEAD"], "khong-co"),
        (["HEAD..khong-co"], "khong-co"),
        (["--output=LEAK"], "--output=LEAK"),
        (["HEAD", "--", "--output=LEAK"], "--output=LEAK"),
    ],
)
def test_git_revision_that_is_not_a_commit_is_refused_by_name(
    tmp_path: Path, args: list[str], named: str
) -> None:
    plan = _history(tmp_path)
    leak = tmp_path / "leak"
    args = [a.replace("LEAK", str(leak)) for a in args]
    result = runner.invoke(app, ["diff", "--git", *args, str(plan)])
    assert result.exit_code == 2 and result.stdout == "", result.output
    name = named.replace("LEAK", str(leak))
    assert f"--git: không có phiên bản '{name}' trong kho git" in result.stderr
    assert not leak.exists() and "Traceback" not in result.output


def test_git_range_and_a_second_revision_is_a_usage_error(tmp_path: Path) -> None:
    plan = _history(tmp_path)
    result = runner.invoke(app, ["diff", "--git", "HEAD~1..HEAD", "HEAD", str(plan)])
    assert result.exit_code == 2
    assert "--git HEAD~1..HEAD đã nêu hai phiên bản" in result.stderr


def test_git_plan_in_neither_revision_is_a_usage_error(tmp_path: Path) -> None:
    plan = _history(tmp_path)
    other = plan.with_name("2025.yaml")
    result = runner.invoke(app, ["diff", "--git", "HEAD~1", "HEAD", str(other)])
    assert result.exit_code == 2
    assert "không có ở phiên bản HEAD~1 lẫn phiên bản HEAD" in result.stderr


def _pipe(data: bytes) -> str:
    """A pipe holding ``data`` (its writer closed), named as process substitution names it."""
    read, write = os.pipe()
    assert len(data) < 65536  # within the pipe's buffer: written before anyone reads
    os.write(write, data)
    os.close(write)
    return f"/dev/fd/{read}"


def test_a_pipe_is_read_as_a_diff_input(tmp_path: Path) -> None:
    """``parplan diff <(git show REV:plan.yaml) plan.yaml``: the old side is a pipe."""
    new = tmp_path / "new.yaml"
    new.write_text(_edit(FULL, "      by: before 2024-02-22", "      by: 2024-02-21"), "utf-8")
    old = _pipe(FULL.encode())
    try:
        result = runner.invoke(app, ["diff", old, str(new), "--json"])
    finally:
        os.close(int(old.rsplit("/", 1)[1]))
    assert result.exit_code == 0, result.output
    assert [(c["kind"], c["ref"]) for c in json.loads(result.stdout)] == [
        ("deadline_moved", "task:1")
    ]


def test_a_pipe_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARPLAN_MAX_BYTES", "1000")
    old = _pipe(FULL.encode())
    try:
        result = runner.invoke(app, ["diff", old, str(DATA / "diff" / "full.yaml")])
    finally:
        os.close(int(old.rsplit("/", 1)[1]))
    assert result.exit_code == 1, result.output
    assert "PP008" in result.output and "vượt giới hạn 1.000 byte" in result.output


def test_a_fifo_nobody_writes_to_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "ong.yaml"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["diff", str(fifo), str(DATA / "diff" / "full.yaml")])
    assert result.exit_code == 2, result.output
    assert "ong.yaml: là ống dẫn (FIFO) nhưng không có gì để đọc" in result.stderr


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
    assert '→ "Kế hoạch \\x1b[31mđỏ\\u2028 *đậm* @ai"\n' in text.stdout
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


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "schedule: {once: before 2024-11-10}",
            "schedule: {once: 2024-Q3}",
            "Nghĩa vụ bao-cao-mot-lan: đổi lịch thực hiện: một lần, hạn trước ngày 10/11/2024 "
            "→ Quý III/2024 (-40 ngày)",
        ),
        (
            "  submit_to: van-phong",
            "  submit_to: so-noi-vu",
            "Phần thông tin báo cáo: nơi gửi báo cáo đổi từ Văn phòng Sở sang Sở Nội vụ",
        ),
        (
            'source: "Khảo sát quý I", note: "sơ bộ"',
            'source: "Khảo sát quý I (bổ sung)", note: "sơ bộ"',
            'Chỉ tiêu sipas: sửa nguồn của giá trị kỳ Quý I/2024: "Khảo sát quý I" → '
            '"Khảo sát quý I (bổ sung)"',
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


# --- year over year: dates compared after the shift between the plans' years ---------------

SEPTEMBER = ('      text: "Tháng 9/2025"\n      by: 2025-09\n', "Nhiệm vụ 16")
NOVEMBER = '      text: "Tháng 11/2025"\n      by: 2025-11\n'


def _next_year(tmp_path: Path) -> tuple[Path, Path]:
    """The 2024 plan committed, 2025's made from it by ``parplan new --from`` and task 16
    moved from September to November (as a reviewer would find it)."""
    repo, git = _repo(tmp_path)
    old = repo / "plans" / "2024.yaml"
    shutil.copy(PLAN_2024, old)
    new = repo / "plans" / "2025.yaml"
    made = runner.invoke(app, ["new", "--from", str(old), "--year", "2025", "-o", str(new)])
    assert made.exit_code == 0, made.output
    text = new.read_text(encoding="utf-8")
    assert text.count(SEPTEMBER[0]) == 1
    new.write_text(text.replace(SEPTEMBER[0], NOVEMBER), encoding="utf-8")
    _commit(git)
    return old, new


def _dated(plan_file: Path) -> int:
    """The deadlines and schedules a rollover moves: dated tasks, obligations with a date."""
    plan = plan_from_text(plan_file.read_text(encoding="utf-8"), "kế hoạch")
    tasks = sum(t.deadline.due is not None for t in plan.tasks)
    return tasks + sum(bool(o.schedule.once or o.schedule.occurrences) for o in plan.obligations)


def test_next_years_plan_lists_only_the_deadline_that_really_moved(tmp_path: Path) -> None:
    old, new = _next_year(tmp_path)
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    deadlines = result.stdout.split("\n\n")[0].splitlines()
    same = format_number(_dated(old) - 1)  # all but task 16
    assert deadlines == [
        "Thời hạn (2):",
        f"  - {same} hạn chuyển sang năm 2025 như cũ",
        "  - Nhiệm vụ 16: hạn hoàn thành lùi từ 30/09/2024 sang 30/11/2025 (+61 ngày so với "
        "30/09/2025, hạn cũ chuyển sang năm 2025)",
    ]
    assert same == "22"  # as the issue counted them: 20 tasks and 2 obligations
    texts = [line for line in result.stdout.splitlines() if "cách ghi thời hạn" in line]
    assert texts == ['  - Nhiệm vụ 16: sửa cách ghi thời hạn: "Tháng 9/2024" → "Tháng 11/2025"']
    assert "+365 ngày" not in result.stdout and "+366 ngày" not in result.stdout
    assert "sửa ngày ban hành: tháng 02/2024 → tháng 02/2025" in result.stdout


def test_next_years_plan_in_json_and_markdown(tmp_path: Path) -> None:
    old, new = _next_year(tmp_path)
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "--json"]).stdout)
    deadlines = [c for c in data if c["group"] == "deadlines"]
    assert [(c["kind"], c["action"], c["path"], c["old"], c["new"]) for c in deadlines] == [
        ("deadlines_shifted", "changed", "plan", 2024, 2025),
        ("deadline_moved", "changed", "task:16.deadline.by", "2024-09", "2025-11"),
    ]
    md = runner.invoke(app, ["diff", str(old), str(new), "--format", "md"]).stdout
    assert "**Thời hạn** (2)\n- 22 hạn chuyển sang năm 2025 như cũ\n" in md


def test_next_years_plan_through_git_and_a_pipe(tmp_path: Path) -> None:
    """The year-over-year comparison of two committed files: the old one through a pipe."""
    old, new = _next_year(tmp_path)
    shown = subprocess.run(
        ["git", "-C", str(old.parent), "show", "HEAD:plans/2024.yaml"],
        capture_output=True,
        check=True,
    ).stdout
    read, write = os.pipe()
    writer = threading.Thread(target=lambda: (os.write(write, shown), os.close(write)))
    writer.start()  # the plan is larger than a pipe's buffer: written while diff reads
    try:
        result = runner.invoke(app, ["diff", f"/dev/fd/{read}", str(new), "--json"])
    finally:
        writer.join()
        os.close(read)
    assert result.exit_code == 0, result.output
    kinds = [c["kind"] for c in json.loads(result.stdout) if c["group"] == "deadlines"]
    assert kinds == ["deadlines_shifted", "deadline_moved"]


def test_next_years_obligation_schedule_moved_beyond_the_year(tmp_path: Path) -> None:
    old, new = _next_year(tmp_path)
    text = new.read_text(encoding="utf-8")
    new.write_text(_edit(text, "before 2025-03-01", "before 2025-03-15"), encoding="utf-8")
    result = runner.invoke(app, ["diff", str(old), str(new)])
    lines = result.stdout.splitlines()
    same = format_number(_dated(old) - 2)  # task 16 and this schedule moved
    assert f"  - {same} hạn chuyển sang năm 2025 như cũ" in lines
    (schedule,) = [line for line in lines if "lịch thực hiện" in line]
    assert schedule == (
        "  - Nghĩa vụ bao-cao-dinh-ky: đổi lịch thực hiện: kỳ Quý I/2025 hạn trước ngày "
        "01/03/2024 → trước ngày 15/03/2025 (+14 ngày so với 28/02/2025, hạn cũ chuyển sang "
        "năm 2025)"
    )


def test_same_year_deadline_moves_count_days_as_before() -> None:
    changes = _diff(BASE, _edit(BASE, *MOVED))
    assert [c.message for c in changes] == [
        "Nhiệm vụ 9: hạn hoàn thành lùi từ 31/10/2024 sang 30/11/2024 (+30 ngày)"
    ]


# --- every change said plainly: added, removed, changed with its words --------------------

NOTE = BASE.splitlines()[19]


@pytest.mark.parametrize(
    ("old", "new", "said", "action", "path"),
    [
        (
            "purposes:\n",
            'purposes:\n  - "Đoạn mới."\n',
            'Kế hoạch: thêm mục đích (đoạn 1): "Đoạn mới."',
            "added",
            "purposes[0]",
        ),
        (
            NOTE + "\n",
            "",
            'Thông tin kế hoạch: bỏ ghi chú: "Số văn bản không đọc được',
            "removed",
            "plan.note",
        ),
        (
            '  issue_date: "2024-02"',
            "  issue_date: 2025-02-14",
            "Thông tin kế hoạch: sửa ngày ban hành: tháng 02/2024 → 14/02/2025",
            "changed",
            "plan.issue_date",
        ),
        (
            '      text: "Trong năm 2024 và theo lộ trình cụ thể tại Kế hoạch được UBND Thành phố '
            'phê duyệt"',
            '      text: "Trong năm 2024, theo lộ trình tại Kế hoạch được UBND Thành phố phê '
            'duyệt"',
            'Nhiệm vụ 22: sửa cách ghi thời hạn: "Trong năm 2024 và theo lộ trình cụ thể tại Kế '
            'hoạch được UBND Thành phố phê duyệt" → "Trong năm 2024, theo lộ trình tại Kế hoạch '
            'được UBND Thành phố phê duyệt"',
            "changed",
            "task:22.deadline.text",
        ),
        (
            '  - "Duy trì Chỉ số cải cách hành chính',
            '  - "Giữ vững Chỉ số cải cách hành chính',
            'Kế hoạch: sửa mục đích (đoạn 3): "Duy trì Chỉ số cải cách hành chính',
            "changed",
            "purposes[2]",
        ),
    ],
)
def test_each_change_is_said_plainly(
    tmp_path: Path, old: str, new: str, said: str, action: str, path: str
) -> None:
    edited = tmp_path / "moi.yaml"
    edited.write_text(_edit(BASE, old, new), encoding="utf-8")
    text = runner.invoke(app, ["diff", str(PLAN_2024), str(edited)])
    assert text.exit_code == 0, text.output
    (line,) = [line for line in text.stdout.splitlines() if line.startswith("  - ")]
    assert line.startswith(f"  - {said}")
    md = runner.invoke(app, ["diff", str(PLAN_2024), str(edited), "--format", "md"]).stdout
    assert md.splitlines()[-1].replace("\\", "") == f"- {line[4:]}"
    (change,) = json.loads(
        runner.invoke(app, ["diff", str(PLAN_2024), str(edited), "--json"]).stdout
    )
    assert change["action"] == action and change["message"] == line[4:]
    assert change["path"] == path


def test_next_years_plan_says_in_one_line_that_progress_is_not_carried_over(
    tmp_path: Path,
) -> None:
    """A plan with a year's progress, values and records, rolled over: their removal is what
    any new year's plan does, one line; a value recorded in the new plan is still listed."""
    old = DATA / "diff" / "full.yaml"
    new = tmp_path / "2025.yaml"
    made = runner.invoke(app, ["new", "--from", str(old), "--year", "2025", "-o", str(new)])
    assert made.exit_code == 0, made.output
    text = _edit(
        new.read_text(encoding="utf-8"),
        '    note: "Chỉ số SIPAS."\n    values: []',
        '    note: "Chỉ số SIPAS."\n    values:\n      - {period: "2025-Q1", value: 90}',
    )
    new.write_text(text, encoding="utf-8")
    plan = plan_from_text(FULL, "cũ")
    recorded = (
        sum(t.progress is not None for t in plan.tasks)
        + sum(len(i.values) for i in plan.indicators)
        + sum(len(o.records) for o in plan.obligations)
        + (len(plan.par_index.scores) if plan.par_index else 0)
    )
    assert plan.par_index and plan.par_index.scores  # self scores are cleared too (c9f9420)
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    progress = result.stdout.split("Tiến độ được ghi nhận (2):\n")[1].split("\n\n")[0]
    assert progress.splitlines() == [
        f"  - {format_number(recorded)} ghi nhận tiến độ, số liệu, lần thực hiện, điểm tự chấm "
        "của năm 2024 không chuyển sang năm 2025",
        "  - Chỉ tiêu sipas: ghi giá trị 90% cho kỳ Quý I/2025",
    ]
