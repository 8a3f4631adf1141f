"""`parplan new`: the commented skeleton passes `check`; the rollover to next year changes only
dates, years, tracking data and the named fields, and reports every old year left in text."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import check_file, load_plan
from parplan.editing.newplan import initials, skeleton
from parplan.editing.rollover import roll_over, shift_code, shift_text

from .conftest import PLAN_2024, ROOT
from .decree30 import header_texts
from .depth import DEEP, deep
from .golden import run_ok

runner = CliRunner()
PROGRESS = ROOT / "tests" / "data" / "plans" / "valid" / "progress.yaml"
TOP_LEVEL = re.compile(r"^([a-z_]+):", re.M)


def new(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["new", *args])
    return result.exit_code, result.stdout, result.stderr


# --- the skeleton ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sở Văn hóa và Thể thao", "SVHTT"),
        ("Sở Tư pháp", "STP"),
        ("UBND quận Đống Đa", "UQĐĐ".replace("Đ", "D")),
        ("Sở Thông tin - Truyền thông", "STTTT"),
        ("", "CQ"),
    ],
)
def test_initials(name: str, expected: str) -> None:
    assert initials(name) == expected


@pytest.mark.parametrize("year", [2024, 2025, 2028, 2100])
def test_skeleton_passes_check(tmp_path: Path, year: int) -> None:
    out = tmp_path / f"{year}.yaml"
    code, _, err = new(
        "--year", str(year), "--issuer", "Sở Y tế", "--parent", "UBND tỉnh Nam Định", "-o", str(out)
    )
    assert code == 0, err
    result = check_file(out)
    assert result.problems == [] and result.summary["tasks"] == 8
    plan = load_plan(out)
    assert plan.plan.year == year and plan.plan.symbol == "KH-SYT"
    assert plan.plan.issuer == "Sở Y tế" and plan.plan.parent_body == "UBND tỉnh Nam Định"
    assert plan.report.symbol == "BC-SYT"
    assert plan.working_calendar is not None and plan.working_calendar.roll_forward


def test_skeleton_has_every_section_each_with_a_comment() -> None:
    text = skeleton(2025, "Sở Y tế", "UBND tỉnh Nam Định")
    keys = TOP_LEVEL.findall(text)
    assert keys == [
        "version",
        "plan",
        "units",
        "purposes",
        "requirements",
        "areas",
        "indicators",
        "unit_duties",
        "reporting",
        "funding",
        "closing",
        "recipients",
        "report",
        "working_calendar",
        "obligations",
        "tasks",
    ]
    lines = text.splitlines()
    for key in keys[1:]:
        before = lines[lines.index(f"{key}:") - 1]
        if key != "recipients":  # shares its comment with "closing"
            assert before.startswith("# "), key
    plan = load_plan_text(text)
    assert len(plan.areas) == 7 and all(len(a.duties) == 1 for a in plan.areas)
    assert {i.area for i in plan.indicators} == {None, *(a.id for a in plan.areas)}
    assert any(u.kind == "group" for u in plan.units)
    forms = {t.deadline.parsed.kind for t in plan.tasks} | {
        t.deadline.parsed.period.kind for t in plan.tasks if t.deadline.parsed.period
    }
    assert {"before", "date", "none", "month", "quarter", "half", "year"} <= forms
    assert any(t.deadline.tentative for t in plan.tasks)


def load_plan_text(text: str):  # type: ignore[no-untyped-def]
    from parplan.document.loader import plan_from_text

    return plan_from_text(text, "skeleton.yaml")


def test_names_are_data_not_yaml(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    issuer = 'Sở "Thử": nghiệm # {{ 7*7 }}'
    code, _, err = new("--year", "2025", "--issuer", issuer, "--parent", "UBND", "-o", str(out))
    assert code == 0, err
    assert load_plan(out).plan.issuer == issuer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025", "-o", "x.yaml"], "cần --year, --issuer và --parent"),
        (["--year", "2025", "--issuer", "Sở Y tế", "--parent", "UBND"], "--output/-o"),
        (
            ["--year", "2025", "--issuer", "Sở\nY tế", "--parent", "UBND", "-o", "x.yaml"],
            "--issuer",
        ),
        (["--year", "1999", "--issuer", "S", "--parent", "U", "-o", "x.yaml"], "--year"),
        (["--from", str(PLAN_2024), "--issuer", "S", "-o", "x.yaml"], "bỏ --issuer"),
        (["--from", str(PLAN_2024), "--year", "2024", "-o", "x.yaml"], "đã là năm 2024"),
        (["--from", "khong-co.yaml", "-o", "x.yaml"], "khong-co.yaml"),
        (["--from", str(PLAN_2024), "-o", "2025.docx"], "2025.docx: lệnh này không ghi tệp .docx"),
    ],
)
def test_usage_errors_write_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = new(*args)
    assert code == 2 and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "2025.yaml"
    out.write_text("bản cũ", encoding="utf-8")
    args = ["--year", "2025", "--issuer", "Sở Y tế", "--parent", "UBND", "-o", str(out)]
    code, _, err = new(*args)
    assert code == 2 and "--force" in err and out.read_text(encoding="utf-8") == "bản cũ"
    assert new(*args, "--force")[0] == 0 and check_file(out).problems == []


# --- rollover -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "delta", "expected"),
    [
        ("before 2024-02-22", 1, "before 2025-02-22"),
        ("before 2024-02-29", 1, "before 2025-02-28"),
        ("2024-02-29", 4, "2028-02-29"),
        ("2023-02-28", 1, "2024-02-28"),
        ("2024-02", 1, "2025-02"),
        ("2024-Q1", 1, "2025-Q1"),
        ("2024-H2", 2, "2026-H2"),
        ("2024-9M", 1, "2025-9M"),
        ("2024", 1, "2025"),
        ("none", 1, "none"),
    ],
)
def test_shift_code(code: str, delta: int, expected: str) -> None:
    assert shift_code(code, delta) == expected


@pytest.mark.parametrize(
    ("text", "years", "expected"),
    [
        ("Trước ngày 22/02/2024", {2024}, "Trước ngày 22/02/2025"),
        ("Trước ngày 29/02/2024", {2024}, "Trước ngày 28/02/2025"),
        ("Ngày 5/3/2024", {2024}, "Ngày 5/3/2025"),
        ("Quý I/2024", {2024}, "Quý I/2025"),
        ("Qu 1/2024", {2024}, "Qu 1/2025"),
        ("Tháng 02/2024", {2024}, "Tháng 02/2025"),
        ("6 tháng đầu năm 2024", {2024}, "6 tháng đầu năm 2025"),
        ("Dự kiến tháng 6/2024", {2024}, "Dự kiến tháng 6/2025"),
        ("Năm 2024, theo lộ trình 2021-2025", {2024}, "Năm 2025, theo lộ trình 2021-2025"),
        ("Trước ngày 15/12/2023", {2023}, "Trước ngày 15/12/2024"),
        ("Theo yêu cầu", set(), "Theo yêu cầu"),
    ],
)
def test_shift_text(text: str, years: set[int], expected: str) -> None:
    assert shift_text(text, years, 1) == expected


@given(
    st.dates(min_value=date(2001, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=-3, max_value=5),
    st.booleans(),
)
def test_shift_code_moves_by_whole_years(day: date, delta: int, before: bool) -> None:
    code = f"{'before ' if before else ''}{day.isoformat()}"
    moved = shift_code(code, delta)
    new_day = date.fromisoformat(moved.removeprefix("before "))
    assert new_day.year == day.year + delta and new_day.month == day.month
    assert new_day.day == day.day or (day.month, day.day, new_day.day) == (2, 29, 28)
    if (day.month, day.day) != (2, 29):
        assert shift_code(moved, -delta) == code


def _rolled(tmp_path: Path, source: Path, *args: str) -> tuple[Path, str]:
    out = tmp_path / "2025.yaml"
    code, stdout, err = new("--from", str(source), *args, "-o", str(out))
    assert code == 0, err
    return out, stdout


# lines a rollover may change: the plan's year, title, number and issue date, structured
# deadlines and periods and their text, and tracking data (cleared)
ALLOWED = re.compile(
    r"^\s*(-\s*)?(year|title|number|issue_date|text|by|once|progress|values|records"
    r"|\{period)\b"
)


def test_rollover_of_the_2024_plan_changes_only_dates_years_and_named_fields(
    tmp_path: Path,
) -> None:
    out, _ = _rolled(tmp_path, PLAN_2024, "--year", "2025")
    assert check_file(out).problems == []
    old = PLAN_2024.read_text(encoding="utf-8").splitlines()
    new_lines = out.read_text(encoding="utf-8").splitlines()
    matcher = difflib.SequenceMatcher(a=old, b=new_lines, autojunk=False)
    changed = 0
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "insert":  # only the review note under each legal basis
            assert new_lines[b1:b2] == [
                '      note: "Căn cứ của kế hoạch năm trước: cần rà soát, cập nhật cho năm 2025."'
            ]
            continue
        assert op == "replace" and a2 - a1 == b2 - b1, (old[a1:a2], new_lines[b1:b2])
        for before, after in zip(old[a1:a2], new_lines[b1:b2], strict=True):
            changed += 1
            assert ALLOWED.match(before), before
            assert after.replace("2025", "2024") == before, (before, after)
    # title, year, issue date; 21 dated tasks (by and text); 1 once; 4 occurrence lines
    assert changed == 3 + 21 * 2 + 1 + 4
    plan = load_plan(out)
    assert plan.plan.year == 2025 and plan.plan.issue_date == "2025-02"
    assert plan.tasks[0].deadline.text == "Trước ngày 22/02/2025"
    # every due date a year on; "Tháng 02/2024" was due 29/02/2024 and is due 28/02/2025
    dues = [
        (t.deadline.due, n.deadline.due)
        for t, n in zip(load_plan(PLAN_2024).tasks, plan.tasks, strict=True)
    ]
    assert (date(2024, 2, 29), date(2025, 2, 28)) in dues
    for old_due, new_due in dues:
        if old_due is None or new_due is None:
            assert old_due is None and new_due is None
        elif (old_due.month, old_due.day) != (2, 29):
            assert new_due == old_due.replace(year=2025)


def test_rollover_clears_progress_values_and_records(tmp_path: Path) -> None:
    out, _ = _rolled(tmp_path, PROGRESS)
    assert check_file(out).problems == []
    before, after = load_plan(PROGRESS), load_plan(out)
    assert any(t.progress for t in before.tasks) and not any(t.progress for t in after.tasks)
    assert any(i.values for i in before.indicators)
    assert not any(i.values for i in after.indicators)
    assert not any(o.records for o in after.obligations)
    assert after.plan.number is None and before.plan.number == "05"
    assert after.plan.issue_date == "2025-01"  # the day of the new plan is not known yet
    assert [i.baseline for i in after.indicators] == [i.baseline for i in before.indicators]
    states = {item["state"] for item in json.loads(run_ok("deadlines", str(out), "--json"))}
    assert states and not states & {"done", "done_late", "cancelled"}
    old_states = {
        item["state"] for item in json.loads(run_ok("deadlines", str(PROGRESS), "--json"))
    }
    assert {"done", "done_late", "cancelled"} <= old_states


def test_comments_and_untouched_lines_stay_byte_for_byte(tmp_path: Path) -> None:
    out, _ = _rolled(tmp_path, PLAN_2024)
    old = PLAN_2024.read_bytes().splitlines()
    new_lines = out.read_bytes().splitlines()
    comments = [line for line in old if line.lstrip().startswith(b"#")]
    assert comments and all(c in new_lines for c in comments)
    assert len(new_lines) == len(old) + 1  # the note on the one legal basis


def test_every_old_year_left_in_text_is_reported_at_its_line(tmp_path: Path) -> None:
    out, stdout = _rolled(tmp_path, PLAN_2024)
    lines = out.read_text(encoding="utf-8").splitlines()
    warnings = stdout.splitlines()
    assert len(warnings) > 30
    pattern = re.compile(r"^dòng (\d+): còn '(\d{4})' trong (.+): cần rà soát$")
    where = set()
    for warning in warnings:
        m = pattern.match(warning)
        assert m, warning
        assert m[2] in ("2023", "2024") and m[2] in lines[int(m[1]) - 1], warning
        where.add(m[3])
    assert {"plan.preamble", "chú thích", "tasks[0].objective"} <= where
    # and no line holding an old year is left unreported
    reported = {int(pattern.match(w)[1]) for w in warnings}  # type: ignore[index]
    for number, line in enumerate(lines, 1):
        if re.search(r"(?<!\d)202[34](?!\d)", line):
            assert number in reported, line


def test_rollover_to_stdout_keeps_warnings_on_stderr() -> None:
    result = runner.invoke(app, ["new", "--from", str(PROGRESS), "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# A plan with progress recorded")
    assert "dòng 91: còn '2024' trong tasks[0].objective: cần rà soát" in result.stderr


def test_rollover_is_a_pure_function_of_the_text() -> None:
    text = PROGRESS.read_text(encoding="utf-8")
    plan = load_plan(PROGRESS)
    first, second = roll_over(text, plan, 2026), roll_over(text, plan, 2026)
    assert first.text == second.text and "by: 2026-Q2" in first.text


def test_a_new_plan_publishes(tmp_path: Path) -> None:
    """From nothing to the document to sign: the skeleton, then `publish`."""
    from docx import Document

    plan = tmp_path / "2025.yaml"
    args = ["--year", "2025", "--issuer", "Sở Y tế", "--parent", "UBND tỉnh Nam Định"]
    assert new(*args, "--place", "Nam Định", "-o", str(plan))[0] == 0
    run_ok("publish", str(plan), "-o", str(tmp_path / "kh.docx"))
    doc = Document(str(tmp_path / "kh.docx"))
    left, right = header_texts(doc)
    assert left.split("\n")[:2] == ["UBND TỈNH NAM ĐỊNH", "SỞ Y TẾ"] and "Số:      /KH-SYT" in left
    assert right.endswith("Nam Định, ngày       tháng       năm 2025")
    rows = [r.cells[0].text for r in doc.tables[-1].rows[1:]]
    assert rows == [
        "I",
        "1",
        "2",
        "II",
        "3",
        "III",
        "4",
        "IV",
        "5",
        "V",
        "6",
        "VI",
        "7",
        "VII",
        "8",
    ]


@deep  # every year from 2020 to 2030 in make test-deep; three of them in make test (~0.4 CPU-s each)
@settings(max_examples=12 if DEEP else 3, deadline=None)
@given(st.integers(min_value=-4, max_value=6).filter(lambda d: d != 0))
def test_rolling_over_and_back_restores_the_plan(delta: int) -> None:
    """Property: every edit the rollover makes is undone by the rollover back (the 2024 plan
    has no 29th of February written and no tracking data), except the review note it adds."""
    from parplan.document.loader import plan_from_text

    text = PLAN_2024.read_text(encoding="utf-8")
    there = roll_over(text, load_plan(PLAN_2024), 2024 + delta).text
    back = roll_over(there, plan_from_text(there, "there.yaml"), 2024).text
    note = re.compile(r'^      note: "Căn cứ của kế hoạch năm trước: cần rà soát.*\n', re.M)
    assert note.sub("", back) == text


def test_rollover_clears_last_years_self_scores(tmp_path: Path) -> None:
    """`new --from` kept `par_index.scores`: the new year's plan started with last year's
    PAR INDEX self-assessment, as if already scored."""
    index = ROOT / "tests" / "data" / "index"
    for name in ("ke-hoach.yaml", "2024.yaml"):
        (tmp_path / name).write_bytes((index / name).read_bytes())
    out, _ = _rolled(tmp_path, tmp_path / "ke-hoach.yaml")
    before, after = load_plan(tmp_path / "ke-hoach.yaml"), load_plan(out)
    assert before.par_index is not None and before.par_index.scores
    assert after.par_index is not None and after.par_index.scores == []
    assert after.par_index.links == before.par_index.links
