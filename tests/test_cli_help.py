"""Every command, including the ones added after this file was written, speaks Vietnamese:
help without Click's English, ending with real examples; usage errors without English; the
YAML parser's English never reaches a plan author; --version; shell completion."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from parplan.cli import app, i18n
from parplan.core.errors import YamlProblem
from parplan.document import yamlio

from .conftest import DATA

runner = CliRunner()
ROOT_COMMAND = get_command(app)

# Words of Click/Typer (and of Python) that must never reach a reader of parplan.
ENGLISH = re.compile(
    r"\b(Usage|Options?|Arguments?|Commands?|default|required|Show this|message|"
    r"OPTIONS|COMMAND|ARGS|str|int|float|path|list|Path|range|env var|"
    r"[Nn]o such|[Ii]nvalid|[Mm]issing|[Ee]xpected|[Gg]ot|[Pp]ossible|[Tt]ry|[Ee]rror|"
    r"literal|integer|valid|found|allowed|not|does|requires|argument)\b"
)


def commands(command: object, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


COMMANDS = list(commands(ROOT_COMMAND, ("parplan",)))
IDS = [" ".join(path) for path, _ in COMMANDS]


def english_in(text: str) -> list[str]:
    """English words in ``text``, leaving out option names, codes and quoted input."""
    text = re.sub(
        r"--?[\w-]+|'[^']*'|\"[^\"]*\"|\([a-z_]+\)|[\w./-]*\.(yaml|ics|docx|md)", "", text
    )
    text = re.sub(r"\b(done|done_late|overdue|due_soon|upcoming|no_deadline|cancelled)\b", "", text)
    return ENGLISH.findall(text)


def help_of(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path[1:], "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_is_vietnamese(path: tuple[str, ...], command: object) -> None:
    text = help_of(path)
    assert text.startswith("Cách dùng: " + " ".join(path))
    assert english_in(text) == [], text
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":  # its name is what the help shows
            assert param.metavar, f"{' '.join(path)}: argument '{param.name}' needs a metavar"


def examples_of(path: tuple[str, ...]) -> list[str]:
    text = help_of(path).rstrip()
    head, _, block = text.rpartition("\n  Ví dụ:\n")
    assert head, f"{' '.join(path)} --help must end with a 'Ví dụ:' block (i18n.examples)"
    return [line.strip() for line in block.splitlines()]


def parse(words: list[str]) -> None:
    """Parse a command line as parplan would, without running it (raises on a bad one)."""
    command, args = ROOT_COMMAND, words[1:]
    while True:
        ctx = command.make_context(words[0], list(args), resilient_parsing=False)
        if not hasattr(command, "commands"):
            return
        rest = [*ctx._protected_args, *ctx.args]
        _, command, args = command.resolve_command(ctx, rest)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_ends_with_real_examples(path: tuple[str, ...], command: object) -> None:
    lines = examples_of(path)
    assert 1 <= len(lines) <= 2, lines
    for line in lines:
        assert len(line) <= 76, f"example too wide for an 80-column help: {line}"
        words = shlex.split(line)
        cut = next((i for i, w in enumerate(words) if w in (">", ">>", "|", "<")), len(words))
        assert words[: len(path)] == list(path), line
        parse(words[:cut])


def test_an_example_that_does_not_parse_is_caught() -> None:
    with pytest.raises(Exception, match=r"no-such-option"):
        parse(["parplan", "status", "--no-such-option"])


def test_every_typer_message_is_in_the_catalog() -> None:
    """Typer's own gettext strings (help marks, headings): a Typer upgrade that adds one fails
    here instead of printing English."""
    source = (Path(typer.__file__).parent / "core.py").read_text(encoding="utf-8")
    msgids = set(re.findall(r'_\(\s*"([^"]+)"\s*\)', source))
    assert msgids, "typer/core.py no longer uses _(…): check i18n.install()"
    assert msgids <= set(i18n.CATALOG), sorted(msgids - set(i18n.CATALOG))


BAD_COMMAND_LINES = [
    ["khong-co-lenh"],
    ["status", "--khong-co"],
    ["status", "--as-o", "x"],
    ["status", "--within", "abc"],
    ["status", "--within", "-1"],
    ["status", "--as-of"],
    ["status", "--json=x"],
    ["record", "task", "abc"],
    ["record", "task"],
    ["record", "indicator", "sipas"],
    ["record", "nothing"],
    ["schema", "thua"],
    ["check", "--format"],
]


@pytest.mark.parametrize("args", BAD_COMMAND_LINES, ids=" ".join)
def test_usage_errors_are_vietnamese(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("parplan: ")
    assert english_in(result.stderr) == [], result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["khong-co-lenh"], "không có lệnh 'khong-co-lenh'"),
        (["stauts"], "không có lệnh 'stauts' (có phải: 'status'?)"),
        (["status", "--as-o", "x"], "không có tùy chọn --as-o (có phải: --as-of"),
        (["status", "--within", "-1"], "'--within': '-1': cần số ngày từ 0 đến 9999 (14)"),
        (["status", "--within", "10000"], "'--within': '10000': cần số ngày từ 0 đến 9999"),
        (["status", "--khong-co"], "Xem hướng dẫn: parplan status -h"),
        (["record", "indicator", "sipas"], "thiếu tùy chọn '--period'"),
        (["record", "task"], "thiếu tham số 'STT'"),
        (["report", "--period", "2024-Q1", "-o", "-", "--date", "31/02/2024"], "parplan: --date:"),
    ],
)
def test_usage_error_wording(args: list[str], expected: str) -> None:
    assert expected in runner.invoke(app, args).stderr


def test_help_marks_are_vietnamese() -> None:
    text = help_of(("parplan", "status"))
    assert "--within SỐ" in text and "[mặc định: 14]" in text
    assert "--as-of NGÀY" in text
    assert "[bắt buộc]" in help_of(("parplan", "record", "indicator"))
    assert "Cách dùng: parplan [TÙY CHỌN] LỆNH [THAM SỐ]..." in help_of(("parplan",))


# Broken YAML of every kind the parser complains about; none may show its English.
BROKEN_YAML = {
    "alias-without-name": "a: *\n",
    "anchor-without-name": "a: &\n",
    "duplicate-directive": "%YAML 1.2\n%YAML 1.2\n---\na: 1\n",
    "tag-uri": "a: !<\n",
    "at-sign": "a: @b\n",
    "backtick": "a: `b\n",
    "block-scalar-header": "a: |x\n  b\n",
    "empty-flow-item": "[,]\n",
    "stray-document-end": "... x\n",
    "sequence-in-mapping": "a: b\n- c\n",
    "unclosed-flow": "a: [b, c\nd: e\n",
    "bad-escape": 'a: "\\q"\n',
}


@pytest.mark.parametrize("text", BROKEN_YAML.values(), ids=BROKEN_YAML.keys())
@pytest.mark.parametrize("parser", ["libyaml", "pure"])
def test_yaml_errors_are_vietnamese(
    text: str, parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parser == "pure":
        monkeypatch.setitem(sys.modules, "_ruamel_yaml", None)
    with pytest.raises(YamlProblem) as info:
        yamlio.load_fast(text)
    problem = info.value.problem
    assert problem.line is not None
    assert english_in(problem.message) == [], problem.message


def test_the_invalid_corpus_has_no_english() -> None:
    for expected in sorted((DATA / "plans" / "invalid").glob("*.expected")):
        for line in expected.read_text(encoding="utf-8").splitlines():
            message = line.split(": ", 1)[-1]
            assert "invalid literal" not in message and "did not find" not in message, line


def test_a_month_that_is_not_a_number_is_a_plan_error(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    text = (DATA / "plans" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    plan.write_text(re.sub(r"issue_date: .*", 'issue_date: "2024-ab"', text), encoding="utf-8")
    result = runner.invoke(app, ["check", str(plan)])
    assert result.exit_code == 1
    assert "tháng phải từ 01 đến 12" in result.stdout
    assert "invalid literal" not in result.stdout


def test_version() -> None:
    """The version pyproject.toml reads (tests/test_startup.py holds the two together)."""
    from parplan import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"parplan {__version__}\n"


def test_shell_completion_in_bash(tmp_path: Path) -> None:
    """Source the printed script in a real bash and ask it to complete, as Tab would."""
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "parplan").exists():
        pytest.skip("parplan is not installed as a command beside this Python")
    script = """
source <(parplan completion bash)
complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _parplan_completion parplan;
  echo "${COMPREPLY[*]}"; }
complete_words parplan sta
complete_words parplan status --as
complete_words parplan record ind
"""
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.stdout.splitlines() == ["status", "--as-of", "indicator"], result.stderr


def _shell(name: str) -> str:
    """The shell's path, or a skip that says why (.ci/run installs zsh and fish)."""
    import shutil

    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed here")
    if not (Path(sys.executable).parent / "parplan").exists():
        pytest.skip("parplan is not installed as a command beside this Python")
    return found


def _in_shell(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A shell command with this parplan first on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PATH": path}, cwd=cwd
    )


def test_shell_completion_in_fish(tmp_path: Path) -> None:
    """fish answers `complete -C` without a terminal: the printed script, loaded as a user
    would, completes commands and options, with the Vietnamese help beside each."""
    fish = _shell("fish")
    script = (
        "parplan completion fish | source\n"
        'complete -C"parplan sta"\ncomplete -C"parplan status --as"\ncomplete -C"parplan record ind"'
    )
    result = _in_shell([fish, "--no-config", "-c", script], tmp_path)
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["status", "--as-of", "indicator"], result
    assert lines[1].split("\t")[1].startswith("Ngày xét")


def test_shell_completion_in_zsh(tmp_path: Path) -> None:
    """zsh's completion system needs a terminal; the printed script is run by a real zsh with
    the two completion-system functions it calls (compdef, _arguments) standing in, so what
    it hands to zsh for `parplan sta<Tab>` is seen."""
    zsh = _shell("zsh")
    script = """
compdef() { : }
_arguments() { print -r -- "$@" }
eval "$(parplan completion zsh)"
ask() { words=("$@"); CURRENT=$#; _parplan_completion }
ask parplan sta
ask parplan status --as
ask parplan record ind
"""
    result = _in_shell([zsh, "-f", "-c", script], tmp_path)
    offered = [re.findall(r'\(\("([^"]+)"', line) for line in result.stdout.splitlines()]
    assert offered == [["status"], ["--as-of"], ["indicator"]], result
    assert "Ngày xét" in result.stdout.splitlines()[1]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_completion_scripts(shell: str) -> None:
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0 and "_PARPLAN_COMPLETE" in result.stdout


def test_completion_for_an_unknown_shell() -> None:
    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2 and "không được hỗ trợ" in result.stderr
