"""Recording progress: golden before/after files, refusals that leave the file untouched,
atomic writes, and a property test that an edit touches only the edited item's lines."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import PlanInvalid, UsageError
from parplan.document.change import Change, FileChanged, edit_plan
from parplan.document.edits import SetField, apply
from parplan.document.loader import plan_from_text
from parplan.document.tree import compose_at
from parplan.editing.record import parse_evidence, record_indicator, record_obligation, record_task

from .conftest import DATA
from .depth import deep, examples
from .golden import assert_golden

BEFORE = DATA / "record" / "before.yaml"
TODAY = date(2024, 12, 31)
runner = CliRunner()


def before_text() -> str:
    return BEFORE.read_text(encoding="utf-8")


EDITS: dict[str, Callable[[Any], Change]] = {
    "task-done-new-progress": lambda p: record_task(
        p,
        1,
        today=TODAY,
        done="2024-02-20",
        evidence=["Kế hoạch số 45/KH-STN ngày 20/02/2024"],
    ),
    "task-done-existing-progress": lambda p: record_task(
        p, 2, today=TODAY, done="28/03/2024", evidence=["Quyết định số 12/QĐ-STN"]
    ),
    "task-status-no-progress-key": lambda p: record_task(
        p, 3, today=TODAY, status="in_progress", note='Đã đăng 3 tin bài "CCHC"'
    ),
    "task-cancelled": lambda p: record_task(p, 2, today=TODAY, status="cancelled"),
    "indicator-new-period": lambda p: record_indicator(
        p, "sipas", period="2024", value="86,2", source="Kết quả khảo sát SIPAS 2024"
    ),
    "indicator-update-period": lambda p: record_indicator(
        p, "sipas", period="2024-Q1", value="81.5"
    ),
    "indicator-qualitative-empty-list": lambda p: record_indicator(
        p, "par-index", period="2024", assessment="achieved", note="Tăng 3 bậc"
    ),
    "obligation-first-record": lambda p: record_obligation(
        p, "cong-khai", today=TODAY, period="2024-03", done="2024-03-29"
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_golden(name: str) -> None:
    text = before_text()
    edited = apply(text, EDITS[name](plan_from_text(text, "before.yaml")).edits)
    assert_golden(f"record/{name}.yaml", edited)
    plan_from_text(edited, "after.yaml")  # the result is a valid plan
    # every line of the original is still there, in order, except those replaced
    before, after = text.splitlines(), edited.splitlines()
    assert before[0] == after[0] and before[-1] == after[-1] == "# cuối tệp"


def test_edit_results_load_as_expected() -> None:
    text = before_text()
    plan = plan_from_text(text, "b")
    after = plan_from_text(apply(text, EDITS["task-done-new-progress"](plan).edits), "a")
    progress = after.tasks[0].progress
    assert progress is not None and progress.status == "done"
    assert progress.completed == date(2024, 2, 20)
    assert progress.evidence[0].number == "45/KH-STN"
    assert progress.evidence[0].date == date(2024, 2, 20)
    assert after.tasks[1:] == plan.tasks[1:]
    updated = plan_from_text(apply(text, EDITS["indicator-update-period"](plan).edits), "a")
    assert [(m.period, m.value) for m in updated.indicators[0].values] == [("2024-Q1", 81.5)]


@pytest.mark.parametrize(
    ("text", "number", "day"),
    [
        ("Kế hoạch số 45/KH-SVHTT ngày 20/03/2024", "45/KH-SVHTT", date(2024, 3, 20)),
        ("Báo cáo số 12/BC-SVHTT, ngày 5/4/2024", "12/BC-SVHTT", date(2024, 4, 5)),
        ("Biên bản họp Ban chỉ đạo", None, None),
    ],
)
def test_parse_evidence(text: str, number: str | None, day: date | None) -> None:
    evidence = parse_evidence(text)
    assert evidence["title"] == text
    assert evidence.get("number") == number and evidence.get("date") == day


# --- through the CLI, on a copy -------------------------------------------------------------


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    shutil.copy(BEFORE, path)
    return path


def test_cli_three_commands_then_status(plan_copy: Path) -> None:
    commands = [
        [
            "record",
            "task",
            "1",
            "--done",
            "2024-02-20",
            "-e",
            "Kế hoạch số 45/KH-STN ngày 20/02/2024",
        ],
        ["record", "indicator", "sipas", "--period", "2024-H1", "--value", "86.2"],
        ["record", "obligation", "cong-khai", "--period", "2024-01", "--done", "2024-01-31"],
    ]
    for args in commands:
        result = runner.invoke(app, [*args, "--plan", str(plan_copy)])
        assert result.exit_code == 0, result.output
        assert "Đã ghi" in result.stderr
    result = runner.invoke(app, ["status", str(plan_copy), "--as-of", "2024-07-01", "--json"])
    import json

    data = json.loads(result.stdout)
    assert data["areas"][0]["counts"]["done"] == 1
    assert data["indicators"]["met"] == 1
    assert data["areas"][-1]["counts"]["done"] == 1


def test_dry_run_prints_the_diff_and_writes_nothing(plan_copy: Path) -> None:
    original = plan_copy.read_bytes()
    result = runner.invoke(
        app,
        ["record", "task", "3", "--status", "in_progress", "--plan", str(plan_copy), "--dry-run"],
    )
    assert result.exit_code == 0
    assert "+    progress:" in result.stdout and "+      status: in_progress" in result.stdout
    assert plan_copy.read_bytes() == original


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["task", "9", "--done", "2024-01-01"], "không có nhiệm vụ số 9 (các nhiệm vụ: 1–3)"),
        (["indicator", "sipaz", "--period", "2024", "--value", "1"], "có phải 'sipas'?"),
        (["task", "1", "--done", "2024-02-30"], "--done: ngày không hợp lệ"),
        (["task", "1", "--done", "hôm qua"], "--done: ngày không hợp lệ"),
        (["indicator", "sipas", "--period", "2024", "--value", "tám mươi"], "không phải là số"),
        (
            ["indicator", "sipas", "--period", "2023-Q1", "--value", "1"],
            "nằm ngoài năm kế hoạch 2024",
        ),
        (
            ["indicator", "sipas", "--period", "2024-Q5", "--value", "1"],
            "--period: kỳ không hợp lệ",
        ),
        (["indicator", "par-index", "--period", "2024", "--value", "1"], "định tính"),
        (["task", "1", "--done", "2099-01-01"], "ở tương lai"),
        (["task", "1", "--status", "finished"], "--status: 'finished' không hợp lệ"),
        (["task", "1", "--status", "done"], "(--status done) cần ngày hoàn thành (--done NGÀY)"),
        (
            ["task", "1", "--status", "in_progress", "--done", "2024-03-01"],
            "ngày hoàn thành (--done NGÀY) chỉ ghi khi trạng thái là hoàn thành",
        ),
        (["task", "1"], "không có gì để ghi"),
        (
            ["obligation", "cong-khai", "--period", "2024-Q1", "--done", "2024-03-01"],
            "kỳ 2024-Q1 không khớp lịch",
        ),
        (["obligation", "cong-khai", "--done", "2024-03-01"], "--period: cần một kỳ"),
    ],
)
def test_bad_input_is_refused_and_the_file_is_unchanged(
    plan_copy: Path, args: list[str], message: str
) -> None:
    original = plan_copy.read_bytes()
    result = runner.invoke(app, ["record", *args, "--plan", str(plan_copy)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert plan_copy.read_bytes() == original


def test_edit_that_makes_the_plan_invalid_is_refused_with_a_located_error(plan_copy: Path) -> None:
    original = plan_copy.read_bytes()
    # a completion date two years before the plan year: a semantic error (PP106)
    result = runner.invoke(
        app, ["record", "task", "1", "--done", "2022-01-05", "--plan", str(plan_copy)]
    )
    assert result.exit_code == 1
    assert f"{plan_copy}:" in result.stderr and "[PP106]" in result.stderr
    assert "tasks[0].progress.completed" in result.stderr
    assert plan_copy.read_bytes() == original


def test_an_invalid_plan_is_not_edited(plan_copy: Path) -> None:
    plan_copy.write_text(before_text().replace("by: 2024-03}", "by: 2024-13}"), encoding="utf-8")
    original = plan_copy.read_bytes()
    result = runner.invoke(
        app, ["record", "task", "1", "--done", "2024-02-20", "--plan", str(plan_copy)]
    )
    assert result.exit_code == 1 and "[PP015]" in result.stderr
    assert plan_copy.read_bytes() == original


def test_concurrent_change_is_detected(plan_copy: Path) -> None:
    text = plan_copy.read_text(encoding="utf-8")

    def edit_while_someone_else_writes(plan: Any, _: str) -> Change:
        plan_copy.write_text(text + "# sửa bởi người khác\n", encoding="utf-8")
        return record_task(plan, 1, today=TODAY, status="in_progress")

    with pytest.raises(FileChanged):
        edit_plan(plan_copy, edit_while_someone_else_writes, today=TODAY)
    assert plan_copy.read_text(encoding="utf-8").endswith("# sửa bởi người khác\n")


def test_a_crash_between_write_and_replace_leaves_the_file_whole(
    plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = plan_copy.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        edit_plan(
            plan_copy,
            lambda p, _: record_task(p, 3, today=TODAY, status="in_progress"),
            today=TODAY,
        )
    assert plan_copy.read_bytes() == original
    assert sorted(p.name for p in plan_copy.parent.iterdir()) == ["plan.yaml"]  # no temp file left


def test_read_only_file(plan_copy: Path) -> None:
    plan_copy.chmod(0o444)  # by its mode bits, whoever runs parplan (root too)
    with pytest.raises(UsageError, match="chỉ đọc"):
        edit_plan(
            plan_copy,
            lambda p, _: record_task(p, 3, today=TODAY, status="in_progress"),
            today=TODAY,
        )


def test_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + before_text().replace("\n", "\r\n").encode("utf-8"))
    edit_plan(path, lambda p, _: record_task(p, 3, today=TODAY, status="in_progress"), today=TODAY)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"    progress:\r\n      status: in_progress\r\n" in data


def test_invalid_edit_raises_plan_invalid(plan_copy: Path) -> None:
    with pytest.raises(PlanInvalid):
        edit_plan(
            plan_copy,
            lambda p, _: Change((SetField(("plan",), "year", "x"),), "x"),
            today=TODAY,
        )


# --- property: an accepted edit changes only the edited item's lines -----------------------

WORDS = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạệỏ \"'\\:#-&<>{}[]|,.")),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s.strip())


def item_span(text: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    """0-based first and last line of the item at ``path`` (its whole block)."""
    node = compose_at(text, path)
    assert node is not None
    return node.start_mark.line, node.end_mark.line


@deep
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    number=st.integers(1, 3),
    status=st.sampled_from(["in_progress", "cancelled", "not_started", None]),
    day=st.dates(date(2024, 1, 1), TODAY),
    note=st.none() | WORDS,
    evidence=st.lists(WORDS, max_size=2),
)
def test_task_edit_touches_only_its_lines(
    number: int, status: str | None, day: date, note: str | None, evidence: list[str]
) -> None:
    text = before_text()
    plan = plan_from_text(text, "b")
    done = None if status else day.isoformat()
    if status is None and done is None:
        return
    change = record_task(
        plan, number, today=TODAY, done=done, status=status, evidence=evidence, note=note
    )
    edited = apply(text, change.edits)
    after = plan_from_text(edited, "a")
    first, last = item_span(text, ("tasks", number - 1))
    before_lines, after_lines = text.splitlines(), edited.splitlines()
    added = len(after_lines) - len(before_lines)
    assert before_lines[:first] == after_lines[:first]
    assert before_lines[last + 1 :] == after_lines[last + 1 + added :]
    progress = after.tasks[number - 1].progress
    assert progress is not None
    assert progress.status == (status or "done")
    if done:
        assert progress.completed == day
    if note is not None:
        assert progress.note == note
    typed = [" ".join(e.split()) for e in evidence]  # evidence is stored whitespace-normalised
    assert [e.title for e in progress.evidence][-len(typed) or len(progress.evidence) :] == (
        typed or [e.title for e in progress.evidence]
    )
    others = [t for t in after.tasks if t.number != number]
    assert others == [t for t in plan.tasks if t.number != number]


@settings(max_examples=40, deadline=None)
@given(
    value=st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2)),
    period=st.sampled_from(["2024-Q1", "2024-Q2", "2024-H1", "2024-9M", "2024", "2024-07"]),
    source=st.none() | WORDS,
)
def test_indicator_edit_touches_only_its_lines(
    value: float, period: str, source: str | None
) -> None:
    text = before_text()
    plan = plan_from_text(text, "b")
    change = record_indicator(plan, "sipas", period=period, value=str(value), source=source)
    edited = apply(text, change.edits)
    after = plan_from_text(edited, "a")
    first, last = item_span(text, ("indicators", 0))
    before_lines, after_lines = text.splitlines(), edited.splitlines()
    added = len(after_lines) - len(before_lines)
    assert before_lines[:first] == after_lines[:first]
    assert before_lines[last + 1 :] == after_lines[last + 1 + added :]
    measured = {m.period: m for m in after.indicators[0].values}
    assert measured[period].value == value
    assert measured[period].source == source or (source is None and period != "2024-Q1")
    assert after.indicators[1:] == plan.indicators[1:] and after.tasks == plan.tasks


def test_an_edit_confined_to_one_item_rereads_only_that_item(
    plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parplan.document.change as change

    whole_reads: list[str] = []
    real = change.plan_from_text

    def counting(text: str, file: str, **kwargs: Any) -> Any:
        whole_reads.append(file)
        return real(text, file, **kwargs)

    monkeypatch.setattr(change, "plan_from_text", counting)
    edit_plan(
        plan_copy, lambda p, _: record_task(p, 3, today=TODAY, status="in_progress"), today=TODAY
    )
    assert whole_reads == [str(plan_copy)]  # the read before the edit, none after it
    # an edit reaching outside its item is validated from the whole text
    outside = Change((SetField(("plan",), "title", "Kế hoạch"),), "x", ("tasks", 0))
    edit_plan(plan_copy, lambda p, _: outside, today=TODAY)
    assert whole_reads == [str(plan_copy)] * 3


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a\nb\nc\n", "a\nB\nc\n"),
        ("".join(f"{i}\n" for i in range(100)), "".join(f"{i}\n" for i in range(100) if i != 50)),
        ("".join(f"{i}\n" for i in range(100)), "x\n" + "".join(f"{i}\n" for i in range(100))),
        ("".join(f"{i}\n" for i in range(100)), "".join(f"{i}\n" for i in range(100)) + "y\n"),
        ("1\n2\n", "1\n2\n3\n4\n"),
    ],
)
def test_line_diff_equals_difflib(old: str, new: str) -> None:
    import difflib

    from parplan.document.change import line_diff

    expected = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), "a", "b"))
    assert line_diff(old, new, "a", "b") == expected


def test_a_no_op_edit_writes_nothing(plan_copy: Path) -> None:
    before = plan_copy.read_bytes()
    result = runner.invoke(
        app, ["record", "task", "2", "--status", "in_progress", "--plan", str(plan_copy)]
    )
    assert result.exit_code == 0 and "Không có gì thay đổi" in result.stderr
    assert plan_copy.read_bytes() == before
