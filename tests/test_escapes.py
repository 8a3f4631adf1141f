"""Escape sequences in a plan never reach the terminal (issue 24, item 7): an area title with
OSC 52 (clipboard write), OSC 8 (hyperlink), ESC[2J (clear screen), a C1 CSI (U+009B) or
NUL and BEL is shown as escapes by status, indicators and deadlines, in check's messages and
in form's messages and summaries, through typer's runner and through a real pipe; `check`
warns (PP121, located) about control characters in text fields."""

from __future__ import annotations

import ast
import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.cli.screen import Column, Grid, Screen
from parplan.document.loader import load_plan

from .conftest import DATA, ROOT
from .lockholder import forked_parplan

runner = CliRunner()
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
# as YAML writes them in a double-quoted scalar, and (the start of) how the views show them
ESCAPES = {
    "osc52": (r"\e]52;c;cHduZWQ=\a", r"\x1b]52;c;cHduZWQ=\x07"),
    "osc8": (r"\e]8;;http://x.test/\e\\link\e]8;;\e\\", r"\x1b]8;;http://x.test/\x1b\link"),
    "clear": (r"\e[2J\e[H", r"\x1b[2J\x1b[H"),
    "c1-csi": (r"\x9b31mred\x9b0m", r"\x9b31mred\x9b0m"),
    "nul-bel": (r"a\0b\ac", r"a\x00b\x07c"),
}
# where the escape is put: an area title, an indicator's text, a task's objective, a unit's name
FIELDS = (
    'title: "Cải cách thủ tục hành chính"',
    'text: "100% hồ sơ TTHC được giải quyết đúng hạn."',
    'objective: "Kế hoạch kiểm tra CCHC."',
    'name: "Thanh tra Sở"',
)


def raw_controls(text: str) -> list[str]:
    """Control characters a terminal would act on (line feed aside)."""
    return sorted(
        {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c != "\n"}
    )


def plan_with(escape: str, folder: Path, fields: tuple[str, ...] = FIELDS) -> Path:
    text = PROGRESS.read_text(encoding="utf-8")
    for field in fields:
        assert field in text
        key, value = field.split(": ", 1)
        text = text.replace(field, f'{key}: "{value[1:-1]}{escape}"', 1)
    path = folder / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


COMMANDS = {
    "status": ["status", "{plan}", "--as-of", "2024-06-20"],
    "status-unit": ["status", "{plan}", "--as-of", "2024-06-20", "--unit", "thanh-tra"],
    "indicators": ["indicators", "{plan}", "--as-of", "2024-07-01"],
    "deadlines": ["deadlines", "{plan}", "--as-of", "2024-06-20"],
    "check": ["check", "{plan}"],
    "check-github": ["check", "{plan}", "--format", "github"],
    "form": ["form", "{plan}", "--period", "2024-Q2", "-o", "{out}"],
}


@pytest.mark.parametrize("escape", ESCAPES)
@pytest.mark.parametrize("command", COMMANDS)
def test_no_escape_reaches_the_terminal(tmp_path: Path, command: str, escape: str) -> None:
    plan = plan_with(ESCAPES[escape][0], tmp_path)
    assert raw_controls(load_plan(plan).areas[1].title)  # the plan holds the raw characters
    args = [a.format(plan=plan, out=tmp_path / "forms") for a in COMMANDS[command]]
    result = runner.invoke(app, args, env={"COLUMNS": "400"})  # titles unwrapped
    # a control in the plan's text is shown, never obeyed, and never stops a command (form
    # shows it as its control picture, ␛); check only warns
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert raw_controls(result.stdout) == [], result.stdout
    assert raw_controls(result.stderr) == [], result.stderr
    if command in ("status", "indicators"):  # the area title is there, its escape shown
        assert "Cải cách thủ tục hành chính" + ESCAPES[escape][1] in result.stdout


def test_a_form_summary_shows_a_c1_control(tmp_path: Path) -> None:
    """The unit name with U+009B reaches the form (a spreadsheet may hold it) but not the
    terminal: "Đã ghi … — Thanh tra Sở\\x9b…" is written with the escape shown."""
    plan = plan_with(ESCAPES["c1-csi"][0], tmp_path, (FIELDS[3],))
    result = runner.invoke(
        app, ["form", str(plan), "--period", "2024-Q2", "-o", str(tmp_path / "f")]
    )
    assert result.exit_code == 0, result.output
    assert "Thanh tra Sở\\x9b31mred" in result.stdout
    assert raw_controls(result.stdout + result.stderr) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_no_escape_reaches_a_pipe(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same, through a real process writing to pipes (no test runner in between): forked
    from this one (its own stdout and stderr on pipes; no new interpreter and imports, ~0.5
    CPU-s each) and run by the console entry point."""
    every = "".join(yaml for yaml, _ in ESCAPES.values())
    plan = plan_with(every, tmp_path)
    args = [a.format(plan=plan, out=tmp_path / "forms") for a in COMMANDS[command]]
    monkeypatch.chdir(tmp_path)
    child = forked_parplan(args)  # NO_COLOR=1 and COLUMNS=100 from conftest's _hermetic
    out, err = child.communicate()
    assert child.returncode == 0, err
    assert out.strip() or err.strip()  # it wrote, to the pipes
    assert raw_controls(out) == [], out
    assert raw_controls(err) == [], err


def _controls(stdout: str) -> list[dict[str, object]]:
    """check's JSON problems about control characters (PP121); the fixture plan carries
    records written before per-unit occurrences, warned about apart (PP129)."""
    problems: list[dict[str, object]] = json.loads(stdout)
    assert {p["code"] for p in problems} <= {"PP121", "PP129"}, problems
    return [p for p in problems if p["code"] == "PP121"]


def test_check_warns_about_control_characters_where_they_are(tmp_path: Path) -> None:
    plan = plan_with(ESCAPES["osc52"][0], tmp_path, (FIELDS[0],))
    result = runner.invoke(app, ["check", str(plan), "--format", "json"])
    assert result.exit_code == 0, result.output  # a warning: the plan is still valid
    [warning] = _controls(result.stdout)
    line = (
        plan.read_text(encoding="utf-8")
        .splitlines()
        .index('    title: "Cải cách thủ tục hành chính\\e]52;c;cHduZWQ=\\a"')
    )
    assert (warning["line"], warning["column"]) == (line + 1, 12)
    assert (warning["code"], warning["severity"], warning["path"]) == (
        "PP121",
        "warning",
        "areas[1].title",
    )
    assert "U+001B" in warning["message"] and "U+0007" in warning["message"]
    text = runner.invoke(app, ["check", str(plan)])
    assert text.exit_code == 0 and "hợp lệ" in text.stdout
    assert f"plan.yaml:{line + 1}:12: cảnh báo: areas[1].title:" in text.stdout
    # the fixture's records written before per-unit occurrences add their own warning (PP129)
    assert f"{len(json.loads(result.stdout))} cảnh báo" in text.stderr


@pytest.mark.parametrize(
    "char", ["\x1b", "\x00", "\x7f", "\x85", "\x9b", "\u2028", "\u202e", "\u2067"]
)
def test_every_kind_of_control_is_warned_about(tmp_path: Path, char: str) -> None:
    escape = json.dumps(char)[1:-1] if char != "\x85" else "\\N"
    plan = plan_with(escape, tmp_path, (FIELDS[2],))
    result = runner.invoke(app, ["check", str(plan), "--format", "json"])
    assert [w["code"] for w in _controls(result.stdout)] == ["PP121"], result.stdout


def test_tab_and_line_break_are_not_warned_about(tmp_path: Path) -> None:
    plan = plan_with(r"\tcột\nhàng", tmp_path, (FIELDS[2],))
    result = runner.invoke(app, ["check", str(plan), "--format", "json"])
    assert result.exit_code == 0 and _controls(result.stdout) == []


def test_the_screen_shows_what_a_view_forgot_to_escape() -> None:
    """Under the per-cell escaping that keeps widths right, the screen every terminal view
    prints through escapes text a view passed raw: a paragraph and a table cell reach a
    terminal (styled) shown, not sent."""
    out = io.StringIO()
    view = Screen(out, 80, styles=True, colours=True)
    view.print("A\x1b]52;c;x\x1b\\B\x9b2J", "bold")
    grid = Grid()
    grid.add(Column("C\x1b[2J"))
    grid.row(("D\x07", "red"))
    view.grid(grid)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # the screen's own styles
    assert raw_controls(shown) == []
    assert "A\\x1b]52;c;x\\x1b\\B\\x9b2J" in shown and "C\\x1b[2J" in shown and "D\\x07" in shown


def test_the_cli_writes_only_through_its_one_printer() -> None:
    """Every line the CLI writes goes through ``tell`` (escaped); only ``emit`` writes a
    document byte for byte."""
    # the command modules and the app; the renderers (screen's lines, check_output's text,
    # i18n's Click messages) hand their text to these
    renderers = {"screen.py", "check_output.py", "i18n.py", "completion.py"}
    modules = sorted(
        p for p in (ROOT / "src" / "parplan" / "cli").glob("*.py") if p.name not in renderers
    )
    assert len(modules) > 10  # the command modules are all seen
    for path in modules:
        module = path.name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef) or func.name in ("tell", "emit"):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Attribute) and node.attr in ("echo", "secho", "write"):
                    pytest.fail(f"{module}: {func.name} writes with .{node.attr}, not tell()")
                if isinstance(node, ast.Name) and node.id == "print":
                    pytest.fail(f"{module}: {func.name} prints, not tell()")
