"""Tab on a command or an option name runs no parplan (issue #29): the printed scripts carry the
words (``cli.tabwords``) and ask parplan once, only for values read from a plan. Each shell is a
real one; a ``parplan`` first on PATH logs every start and hands over to the real one."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from typer.main import get_command

from parplan.cli import app
from parplan.cli.app import COMMAND_MODULES
from parplan.cli.shell import script as completion_script
from parplan.cli.tabwords import Place, Values, places

from .conftest import PLAN_2024
from .test_cli_help import _shell


@pytest.fixture(scope="module")
def table() -> dict[tuple[str, ...], Place]:
    return {place.path: place for place in places(get_command(app))}


def test_every_command_is_in_the_table(table: dict[tuple[str, ...], Place]) -> None:
    assert [name for name, _ in table[()].commands] == list(COMMAND_MODULES)
    assert [name for name, _ in table[("record",)].commands] == ["task", "indicator", "obligation"]
    assert all((name,) in table for name in COMMAND_MODULES)


@pytest.mark.parametrize(
    ("path", "word", "values"),
    [
        (("status",), "--unit", Values(ask=True)),
        (("form",), "--unit", Values(ask=True)),
        (("record", "obligation"), "-u", Values(ask=True)),
        (("report",), "--period", Values(ask=True)),
        (("check",), "--as-of", Values()),  # a date: no files
        (("record", "indicator"), "--value", Values()),  # a number: no files
        (("export",), "-o", Values(files=True)),
        (("report",), "--templates", Values(files=True)),
        (
            ("diff",),
            "--format",
            Values(fixed=(("text", ""), ("md", ""))),
        ),
        (
            ("deadlines",),
            "--role",
            Values(fixed=(("lead", "Chủ trì"), ("coordinate", "Phối hợp"))),
        ),
    ],
)
def test_what_follows_an_option(
    table: dict[tuple[str, ...], Place], path: tuple[str, ...], word: str, values: Values
) -> None:
    assert table[path].takes[word] == values


def test_arguments_and_flags(table: dict[tuple[str, ...], Place]) -> None:
    assert table[("record", "task")].arguments == (Values(ask=True),)
    assert table[("check",)].arguments == (Values(files=True),) and table[("check",)].repeats
    status = table[("status",)]
    assert "--json" in dict(status.options) and "--json" not in status.takes  # a flag
    assert dict(status.options)["--as-of"].startswith("Ngày xét")


# Each line: the words typed (a trailing space: Tab on an empty word), what is offered, and
# how many times parplan starts for it.
LINES = [
    ("parplan sta", ["status"], 0),
    ("parplan status --as", ["--as-of"], 0),
    ("parplan record ind", ["indicator"], 0),
    ("parplan record indicator sipas --p", ["--period", "--plan"], 0),
    ("parplan deadlines --state over", ["overdue"], 0),
    ("parplan status --role co", ["coordinate"], 0),
    ("parplan status plans/2024.yaml --unit van", ["van-phong"], 1),
    ("parplan record task 1", ["1", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19"], 1),
]


def _workdir(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A folder with the 2024 plan, a `parplan` that logs each start before it runs the real
    one, and the environment that puts it first on PATH."""
    work = tmp_path / "work"
    (work / "plans").mkdir(parents=True)
    shutil.copyfile(PLAN_2024, work / "plans" / "2024.yaml")
    stub_dir, log = tmp_path / "bin", tmp_path / "starts.log"
    stub_dir.mkdir()
    real = Path(sys.executable).parent / "parplan"
    stub = stub_dir / "parplan"
    stub.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{stub_dir}{os.pathsep}{os.environ['PATH']}"}
    return work, log, env


@cache
def _printed(shell: str) -> str:
    """The script `parplan completion SHELL` prints, made in this process once (what
    tests/test_cli_help.py sources from a real `parplan completion`)."""
    return completion_script(shell)


def _starts(answer: str) -> tuple[str, int]:
    """An answer's text and the starts it logged (each answer ends with the log's count)."""
    text, _, count = answer.rpartition("STARTS ")
    return text, int(count.split()[0])


def _counted(ask: str, log: Path) -> str:
    """Shell words that print the starts logged since the last print, then clear the log."""
    return f'{ask}; echo "STARTS $(cat {log} 2>/dev/null | wc -l)"; rm -f {log}'


def test_bash_answers_words_itself(tmp_path: Path) -> None:
    _shell("bash")
    work, log, env = _workdir(tmp_path)
    script = _printed("bash")
    asks = "\n".join(
        _counted(f"complete_words {line}" + ("''" if line.endswith(" ") else ""), log)
        for line, _, _ in LINES
    )
    body = f"""{script}
complete_words() {{ COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _parplan_completion parplan;
  echo "${{COMPREPLY[*]}}"; }}
{asks}
complete_words parplan check --format = g
"""
    result = subprocess.run(["bash", "-c", body], capture_output=True, text=True, env=env, cwd=work)
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    got = [(lines[2 * i].split(), _starts(lines[2 * i + 1])[1]) for i in range(len(LINES))]
    assert got == [(offered, starts) for _, offered, starts in LINES]
    assert lines[-1] == "github"  # --format=g: bash splits the word at "="


def test_zsh_answers_words_itself(tmp_path: Path) -> None:
    """zsh's completion system needs a terminal: the printed script runs in a real zsh with
    the completion-system functions it calls standing in (as in tests/test_cli_help.py)."""
    zsh = _shell("zsh")
    work, log, env = _workdir(tmp_path)
    script = _printed("zsh")
    asks = "\n".join(_counted(f"ask {line}", log) for line, _, _ in LINES)
    body = f"""
compdef() {{ : }}
_arguments() {{ print -r -- "$@" }}
_files() {{ print -r -- FILES }}
{script}
ask() {{ words=("$@"); CURRENT=$#; _parplan_completion }}
{asks}
ask parplan status --as-of ''; print -r -- "---"
ask parplan export -o ''
"""
    result = subprocess.run(
        [zsh, "-f", "-c", body], capture_output=True, text=True, env=env, cwd=work
    )
    assert result.stderr == ""
    answers = result.stdout.split("STARTS ")
    for (line, offered, starts), answer, after in zip(LINES, answers, answers[1:], strict=False):
        assert re.findall(r'(?<=[( ])"([^"]+)"', answer.partition("\n")[2] or answer) == offered, (
            line
        )
        assert int(after.split()[0]) == starts, line
    assert '"overdue":"Quá hạn"' in result.stdout  # the label beside the code
    date, _, path = answers[-1].partition("\n")[2].partition("---\n")
    assert date == "" and path.strip() == "FILES"  # a date offers no files; -o does


def test_fish_answers_words_itself(tmp_path: Path) -> None:
    fish = _shell("fish")
    work, log, env = _workdir(tmp_path)
    script = _printed("fish")
    asks = "\n".join(_counted(f'complete -C"{line}"', log) for line, _, _ in LINES)
    body = f"{script}\n{asks}\ncomplete -C'parplan status --as-of '; echo ---\n"
    result = subprocess.run(
        [fish, "--no-config", "-c", body], capture_output=True, text=True, env=env, cwd=work
    )
    assert result.stderr == ""
    *answers, date = result.stdout.split("STARTS ")
    texts = [answers[0], *(a.partition("\n")[2] for a in answers[1:])]
    counts = [int(a.split()[0]) for a in answers[1:]] + [int(date.split()[0])]
    for (line, offered, starts), text, count in zip(LINES, texts, counts, strict=True):
        assert sorted(row.split("\t")[0] for row in text.splitlines()) == sorted(offered), line
        assert count == starts, line  # one start for a value (Typer's script made two)
    assert "overdue\tQuá hạn" in result.stdout
    assert date.partition("\n")[2] == "---\n"  # a date: nothing, not the folder's files


NAMES = ["Phòng Tổ chức - Pháp chế", "Phòng Kế hoạch - Tài chính"]


def test_unit_names_in_three_shells(tmp_path: Path) -> None:
    """`--unit Phòng<Tab>` offers the names that begin so (--unit takes a name as well as an
    id), as one word each: bash escapes the spaces, zsh and fish show the id beside each."""
    work, _, env = _workdir(tmp_path)
    if shutil.which("bash"):
        body = f"""{_printed("bash")}
COMP_WORDS=(parplan status --unit Phòng); COMP_CWORD=3; _parplan_completion parplan
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
        result = subprocess.run(
            ["bash", "-c", body], capture_output=True, text=True, env=env, cwd=work
        )
        assert result.stdout.splitlines() == [name.replace(" ", "\\ ") for name in NAMES]
    zsh = _shell("zsh")
    body = f"""compdef() {{ : }}
_arguments() {{ print -r -- "$@" }}
{_printed("zsh")}
words=(parplan status --unit Phòng); CURRENT=4; _parplan_completion
"""
    result = subprocess.run(
        [zsh, "-f", "-c", body], capture_output=True, text=True, env=env, cwd=work
    )
    assert re.findall(r'"([^"]+)":"([^"]+)"', result.stdout) == [
        (NAMES[0], "to-chuc-phap-che"),
        (NAMES[1], "ke-hoach-tai-chinh"),
    ]
    fish = _shell("fish")
    body = f'{_printed("fish")}\ncomplete -C"parplan status --unit Phòng"'
    result = subprocess.run(
        [fish, "--no-config", "-c", body], capture_output=True, text=True, env=env, cwd=work
    )
    assert sorted(result.stdout.splitlines()) == sorted(
        [f"{NAMES[0]}\tto-chuc-phap-che", f"{NAMES[1]}\tke-hoach-tai-chinh"]
    )
