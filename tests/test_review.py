"""Plan edits under review: check output formats, the JSON Schema, pre-commit and diff."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import PROBLEM_CODES
from parplan.diff.compare import diff_plans
from parplan.document.loader import check_file, load_plan, plan_from_text
from parplan.render.schema import schema_text

from .conftest import DATA, MINIMAL, PLAN_2024, ROOT
from .golden import assert_golden

INVALID = DATA / "plans" / "invalid"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


CASES = [
    "tests/data/plans/valid/minimal.yaml",
    "tests/data/plans/invalid/near-miss-unit-id.yaml",
    "tests/data/plans/invalid/duplicate-key.yaml",
    "tests/data/plans/invalid/unknown-key.yaml",
]


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_check_formats_golden(fmt: str) -> None:
    result = runner.invoke(app, ["check", "--format", fmt, *CASES])
    assert result.exit_code == 1
    assert_golden(f"check-{fmt}.txt", result.stdout)


GITHUB = re.compile(r"^::error file=([^,]*),line=(\d+),col=(\d+),title=([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    return (
        text.replace("%0A", "\n")
        .replace("%0D", "\r")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_annotations_parse_back() -> None:
    result = runner.invoke(app, ["check", "--format", "github", *CASES])
    problems = [p for case in CASES for p in check_file(Path(case)).problems]
    lines = result.stdout.splitlines()
    assert len(lines) == len(problems) > 0
    for line, problem in zip(lines, problems, strict=True):
        match = GITHUB.match(line)
        assert match, line
        file, row, col, title, message = match.groups()
        assert (_unescape(file), int(row), int(col)) == (problem.file, problem.line, problem.column)
        assert _unescape(title) == f"parplan {problem.code} {problem.slug}"
        assert problem.message in _unescape(message) and problem.code in message


def test_github_escaping() -> None:
    from parplan.cli.check_output import github_line
    from parplan.core.errors import Problem

    # one line and control characters shown, exactly as the text format prints the message
    line = github_line(Problem("PP001", "100% sai\ndòng\x1b hai", (), 3, 4, "a,b:c.yaml"))
    assert (
        line
        == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=parplan PP001 yaml-syntax::100%25 sai dòng\\x1b hai [PP001]"
    )


def test_json_format_fields() -> None:
    result = runner.invoke(app, ["check", "--format", "json", *CASES])
    problems = json.loads(result.stdout)
    assert problems and all(
        set(p) == {"file", "line", "column", "path", "code", "slug", "severity", "message"}
        for p in problems
    )
    assert {p["severity"] for p in problems} == {"error"}
    near = next(p for p in problems if p["code"] == "PP101")
    assert near["path"] == "reporting.submit_to" and near["slug"] == "unknown-unit"
    assert (near["line"], near["column"]) == (47, 14)
    valid = runner.invoke(app, ["check", "--format", "json", CASES[0]])
    assert valid.exit_code == 0 and json.loads(valid.stdout) == []


def test_every_code_is_documented_in_the_readme() -> None:
    readme = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    for code, (slug, _) in PROBLEM_CODES.items():
        assert f"`{code}`" in readme and slug in readme, code


# --- schema and pre-commit ------------------------------------------------------------------


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/plan.schema.json is stale: run `make schema`"
    assert runner.invoke(app, ["schema"]).stdout == committed


def test_plan_points_editors_at_the_schema() -> None:
    first = PLAN_2024.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/plan.schema.json"


def test_schema_has_bilingual_descriptions_and_deadline_pattern() -> None:
    schema = json.loads(schema_text())
    by = schema["$defs"]["DeadlineSpec"]["properties"]["by"]
    assert "anyOf" not in by and "pattern" in by
    assert "Dạng cấu trúc" in by["description"] and "structured deadline" in by["description"]


def _check_jsonschema(*files: Path) -> dict[str, set[str]]:
    """check-jsonschema's verdict per file: the set of failing paths (parse errors: {'<parse>'})."""
    exe = Path(sys.executable).with_name("check-jsonschema")
    out = subprocess.run(
        [
            str(exe),
            "-o",
            "JSON",
            "--schemafile",
            str(ROOT / "schema" / "plan.schema.json"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(out.stdout)
    failing: dict[str, set[str]] = {}
    for error in report.get("errors", []):
        failing.setdefault(error["filename"], set()).add(error["path"])
    for error in report.get("parse_errors", []):
        failing.setdefault(error["filename"], set()).add("<parse>")
    return failing


SCHEMA_CODES = {
    "PP001",
    "PP002",
    "PP003",
    "PP004",
    "PP005",
    "PP006",
    "PP010",
    "PP011",
    "PP012",
    "PP013",
    "PP015",
    "PP016",
    "PP017",
}
# invalid by rules a JSON Schema cannot state (a day that does not exist in its month, a
# schedule form, a wrong value for a literal the schema knows as a plain string, …)
SCHEMA_CANNOT = {
    "date-feb-30",
    "date-feb-30-plain",
    "issue-date-feb-30",
    "obligation-schedule-empty",
    "bad-deadline-before-period",
    "completed-feb-30",
    "utf16-file",
    "working-calendar-weekday-worked",  # a weekday given as a Saturday worked
    "working-calendar-day-in-both-lists",  # one date both off and worked
    "task-reassigned-out-of-order",  # reassignments not in date order
    "unit-successor-without-until",  # a successor needs the unit's last day
}  # check-jsonschema reads UTF-16; parplan insists on UTF-8


VALID_PLANS = [PLAN_2024, *sorted((DATA / "plans" / "valid").glob("*.yaml"))]


def _schema_cases() -> list[Path]:
    """The invalid plans whose every problem is one a schema can express."""
    cases = []
    for case in sorted(INVALID.glob("*.yaml")):
        codes = set(
            re.findall(r"\[(PP\d{3})\]", case.with_suffix(".expected").read_text(encoding="utf-8"))
        )
        if codes and codes <= SCHEMA_CODES and case.stem not in SCHEMA_CANNOT:
            cases.append(case)
    return cases


@functools.cache
def _verdicts() -> dict[str, set[str]]:
    """check-jsonschema's verdicts on the valid plans and the schema cases, in one run (a
    process of its own, ~0.7 CPU-s); each file's verdict is its own."""
    return _check_jsonschema(*VALID_PLANS, *_schema_cases())


def test_check_jsonschema_accepts_the_valid_plans() -> None:
    failing = _verdicts()
    assert {name: paths for name, paths in failing.items() if Path(name) in VALID_PLANS} == {}


def test_check_jsonschema_rejects_what_a_schema_can_express() -> None:
    cases = _schema_cases()
    assert len(cases) >= 30
    failing = _verdicts()
    accepted = [c.name for c in cases if str(c) not in failing]
    assert accepted == []


def test_pre_commit_hook_definition() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "parplan-check")
    assert hook["entry"] == "parplan check" and hook["language"] == "python"
    assert re.search(hook["files"], "plans/2024.yaml")


def test_example_workflow_uses_github_format_and_diff() -> None:
    workflow = (ROOT / ".github" / "workflows" / "plans.yml").read_text(encoding="utf-8")
    assert "parplan check --format github" in workflow and "parplan diff --git" in workflow


# --- diff -----------------------------------------------------------------------------------


def _edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


BASE = PLAN_2024.read_text(encoding="utf-8")


def _messages(new_text: str, old_text: str = BASE) -> list[str]:
    return [
        c.message for c in diff_plans(plan_from_text(old_text, "a"), plan_from_text(new_text, "b"))
    ]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        # the pull request of the issue: task 11's deadline moved by a quarter
        (
            (
                (
                    '      text: "Quý II/2024"\n      by: 2024-Q2\n      tentative: false\n    note: "Số thứ tự',
                    '      text: "Quý III/2024"\n      by: 2024-Q3\n      tentative: false\n    note: "Số thứ tự',
                ),
            ),
            "Nhiệm vụ 11: hạn hoàn thành lùi từ 30/06/2024 sang 30/09/2024 (+92 ngày)",
        ),
        (
            (("by: before 2024-02-22", "by: before 2024-02-15"),),
            "Nhiệm vụ 1: hạn hoàn thành đưa lên từ 21/02/2024 sang 14/02/2024 (-7 ngày)",
        ),
        ((("      value: 85\n", "      value: 90\n"),), "Chỉ tiêu sipas: kế hoạch ≥ 85% → ≥ 90%"),
        (
            (("    lead: [to-chuc-phap-che, van-phong]", "    lead: [van-phong]"),),
            "Nhiệm vụ 4: đơn vị chủ trì đổi từ Phòng Tổ chức - Pháp chế, Văn phòng Sở sang Văn phòng Sở",
        ),
        (
            (
                (
                    '    product: "Kế hoạch CCHC năm 2024"',
                    '    product: "Kế hoạch CCHC năm 2024 (sửa đổi)"',
                ),
            ),
            'Nhiệm vụ 1: sửa sản phẩm: "Kế hoạch CCHC năm 2024" → "Kế hoạch CCHC năm 2024 (sửa đổi)"',
        ),
    ],
)
def test_diff_kinds(edits: tuple[tuple[str, str], ...], expected: str) -> None:
    assert expected in _messages(_edit(BASE, *edits))


def test_diff_task_added_and_removed() -> None:
    plan = load_plan(PLAN_2024)
    text = BASE
    last = text.index("  - number: 22")
    removed = text[:last].rstrip() + "\n"
    assert any(m.startswith("Bỏ nhiệm vụ 22:") for m in _messages(removed))
    assert any(m.startswith("Thêm nhiệm vụ 22:") for m in _messages(BASE, removed))
    assert len(plan.tasks) == 22


def test_diff_progress_recorded() -> None:
    text = _edit(
        BASE,
        (
            "      value: 85\n      unit: percent\n    values: []",
            '      value: 85\n      unit: percent\n    values:\n      - {period: "2024", value: 86.2}',
        ),
    )
    text = _edit(
        text,
        (
            "    progress: null",
            '    progress: {status: done, completed: 2024-02-20, evidence: "Kế hoạch số 45/KH-SVHTT ngày 20/02/2024"}',
        ),
    )
    messages = _messages(text)
    assert "Chỉ tiêu sipas: ghi giá trị 86,2% cho kỳ Năm 2024" in messages
    assert (
        "Nhiệm vụ 1: hoàn thành ngày 20/02/2024 (tài liệu kiểm chứng: Kế hoạch số 45/KH-SVHTT ngày 20/02/2024)"
        in messages
    )


def test_rename_is_not_remove_and_add() -> None:
    text = BASE.replace("id: sipas", "id: chi-so-sipas")
    messages = _messages(text)
    assert messages == ["Chỉ tiêu chi-so-sipas: đổi mã từ sipas"]
    unit = re.sub(r"\bthanh-tra\b(?!-)", "thanh-tra-so", BASE)  # the id and every reference
    assert _messages(unit) == ["Đơn vị Thanh tra Sở: đổi mã thanh-tra → thanh-tra-so"]
    renumbered = MINIMAL.read_text(encoding="utf-8")
    first = renumbered.index("  - number: 1\n")
    second = renumbered.index("  - number: 2\n")
    without_first = renumbered[:first] + renumbered[second:]
    shifted = _edit(
        without_first,
        ("  - number: 2\n", "  - number: 1\n"),
        ("  - number: 3\n", "  - number: 2\n"),
    )
    assert _messages(shifted, renumbered) == [
        "Nhiệm vụ 2 đánh số lại thành 1",
        "Nhiệm vụ 3 đánh số lại thành 2",
        "Bỏ nhiệm vụ 1: Kế hoạch CCHC năm 2024.",
    ]


def test_diff_cli_formats(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(
        _edit(
            BASE,
            ("      value: 85\n", "      value: 90\n"),
            ("by: before 2024-02-22", "by: 2024-03"),
        ),
        encoding="utf-8",
    )
    text = runner.invoke(app, ["diff", str(PLAN_2024), str(new)])
    assert text.exit_code == 0
    md = runner.invoke(app, ["diff", str(PLAN_2024), str(new), "--format", "md"])
    assert_golden("diff.md", md.stdout)
    assert text.stdout.startswith("Chỉ tiêu (1):\n  - Chỉ tiêu sipas: kế hoạch ≥ 85% → ≥ 90%")
    data = json.loads(runner.invoke(app, ["diff", str(PLAN_2024), str(new), "--json"]).stdout)
    assert [(c["kind"], c["ref"]) for c in data] == [
        ("target_changed", "indicator:sipas"),
        ("deadline_moved", "task:1"),
    ]
    same = runner.invoke(app, ["diff", str(PLAN_2024), str(PLAN_2024)])
    assert same.exit_code == 0 and "Không có thay đổi" in same.stdout


def test_diff_invalid_side_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    shutil.copy(INVALID / "near-miss-unit-id.yaml", bad)
    result = runner.invoke(app, ["diff", str(MINIMAL), str(bad)])
    assert result.exit_code == 1 and "[PP101]" in result.stderr


def test_diff_against_a_git_revision(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    plan = repo / "plans" / "2024.yaml"
    shutil.copy(PLAN_2024, plan)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "plan"], check=True)
    plan.write_text(BASE.replace("      value: 85\n", "      value: 90\n", 1), encoding="utf-8")
    result = runner.invoke(app, ["diff", "--git", "HEAD", str(plan)])
    assert result.exit_code == 0, result.output
    assert "Chỉ tiêu sipas: kế hoạch ≥ 85% → ≥ 90%" in result.stdout
    missing = runner.invoke(app, ["diff", "--git", "khong-co-rev", str(plan)])
    assert missing.exit_code == 2 and "--git:" in missing.stderr
