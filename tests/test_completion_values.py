"""Tab offers the plan's own values (issue #29): unit, indicator and obligation ids, task
numbers and the periods of the plan's year (and the fixed values: states, a task's status, an
assessment, a command's formats), read from the plan the line names (or the one the
command would find), in real bash, zsh and fish; a plan that does not parse offers nothing and
prints nothing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from parplan.document.choices import periods_of, plan_values, values_in

from .conftest import DATA, PLAN_2024
from .test_cli_help import _in_shell, _shell

BROKEN = "plan:\n  year: [2024\nunits: {"


def test_values_come_from_the_plan() -> None:
    units = dict(plan_values(PLAN_2024, "unit"))
    assert units["van-phong"] == "Văn phòng Sở"
    assert "sipas" in dict(plan_values(PLAN_2024, "indicator"))
    assert [v for v, _ in plan_values(PLAN_2024, "task")][:3] == ["1", "2", "3"]
    assert ("2024-Q1", "Quý I/2024") in plan_values(PLAN_2024, "period")
    assert [v for v, _ in periods_of(2025)][:7] == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025-H1", "2025-H2", "2025-9M",
    ]  # fmt: skip
    assert ("2025", "Năm 2025") in periods_of(2025) and ("2025-12", "Tháng 12/2025") in periods_of(
        2025
    )


@pytest.mark.parametrize(
    "data",
    [{}, {"units": "x"}, {"units": [1, {"name": "no id"}]}, {"plan": {"year": "2024"}}],
)
def test_a_plan_without_the_section_offers_nothing(data: dict[str, object]) -> None:
    assert values_in(data, "unit") == [] and values_in(data, "period") == []


def test_a_plan_that_does_not_parse_offers_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    assert plan_values(broken, "unit") == []
    assert plan_values(tmp_path / "missing.yaml", "unit") == []


def _workdir(tmp_path: Path) -> Path:
    """A folder with the 2024 plan where a command finds it (plans/2024.yaml) and a broken
    plan beside it."""
    (tmp_path / "plans").mkdir()
    shutil.copyfile(PLAN_2024, tmp_path / "plans" / "2024.yaml")
    (tmp_path / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    shutil.copyfile(DATA / "plans" / "valid" / "minimal.yaml", tmp_path / "minimal.yaml")
    return tmp_path


LINES = [
    ("parplan status --unit van", ["van-phong"]),
    ("parplan status plans/2024.yaml --unit ban-", ["ban-giam-doc", "ban-chi-dao"]),
    ("parplan record indicator si", ["sipas"]),
    ("parplan record obligation --plan plans/2024.yaml ke-hoach", ["ke-hoach-don-vi"]),
    ("parplan record indicator sipas --period 2024-H", ["2024-H1", "2024-H2"]),
    ("parplan record task 2", ["2", "20", "21", "22"]),
    # values that are not the plan's: states, a task's status, an assessment, formats
    ("parplan deadlines --state over", ["overdue"]),
    ("parplan record task 1 --status in", ["in_progress"]),
    ("parplan record indicator sipas --assessment pa", ["partly"]),
    ("parplan check --format g", ["github"]),
    ("parplan status broken.yaml --unit ", []),
    ("parplan record task --plan broken.yaml ", []),
]


# zsh and fish run a few of the lines: a value's way from parplan to the shell is the same for
# every kind of value; bash runs them all
FEW = [LINES[0], LINES[1], LINES[5], LINES[6], LINES[10], LINES[11]]


def _script(shell: str, tmp_path: Path) -> Path:
    """The completion script, made in this process (tests/test_cli_help.py sources the one a
    real `parplan completion` prints), in a file for the shell to source."""
    from parplan.cli.shell import script

    path = tmp_path / "scripts" / f"parplan.{shell}"
    path.parent.mkdir(exist_ok=True)
    path.write_text(script(shell), encoding="utf-8")
    return path


def _words(line: str) -> str:
    """The line as shell words, an empty last word when it ends in a space (Tab after it)."""
    return line + "''" if line.endswith(" ") else line


def test_values_in_bash(tmp_path: Path) -> None:
    _shell("bash")
    work = _workdir(tmp_path)
    asks = "\n".join(f"complete_words {_words(line)}" for line, _ in LINES)
    script = f"""
source {_script("bash", tmp_path)}
complete_words() {{ COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _parplan_completion parplan;
  echo "${{COMPREPLY[*]}}"; }}
{asks}
"""
    result = _in_shell(["bash", "-c", script], work)
    assert result.stderr == ""
    offered = [line.split() for line in result.stdout.splitlines()]
    assert offered == [values for _, values in LINES]


def test_values_in_fish_with_their_descriptions(tmp_path: Path) -> None:
    fish = _shell("fish")
    work = _workdir(tmp_path)
    asks = "\n".join(f'complete -C"{line}"; echo ---' for line, _ in FEW)
    script = _script("fish", tmp_path)
    result = _in_shell([fish, "--no-config", "-c", f"source {script}\n{asks}"], work)
    assert result.stderr == ""
    answers = result.stdout.split("---\n")[: len(FEW)]
    offered = [sorted(row.split("\t")[0] for row in answer.splitlines()) for answer in answers]
    # fish sorts what it offers; offered nothing, it falls back to the folder's files
    files = ["broken.yaml", "minimal.yaml", "plans/", "scripts/"]
    assert offered == [sorted(values) or files for _, values in FEW]
    assert "van-phong\tVăn phòng Sở" in answers[0]


def test_values_in_zsh(tmp_path: Path) -> None:
    """zsh's completion system needs a terminal: as in tests/test_cli_help.py, the printed
    script runs in a real zsh with the completion-system functions it calls standing in."""
    zsh = _shell("zsh")
    work = _workdir(tmp_path)
    asks = "\n".join(f"ask {_words(line)}; print -r -- ---" for line, _ in FEW)
    script = f"""
compdef() {{ : }}
_arguments() {{ print -r -- "$@" }}
_files() {{ print -r -- FILES }}
source {_script("zsh", tmp_path)}
ask() {{ words=("$@"); CURRENT=$#; _parplan_completion }}
{asks}
"""
    result = _in_shell([zsh, "-f", "-c", script], work)
    assert result.stderr == ""
    answers = result.stdout.split("---\n")[: len(FEW)]
    # (("value":"description" "value" …)): a value follows "((" or a space, a description ":"
    offered = [re.findall(r'(?<=[( ])"([^"]+)"', answer) for answer in answers]
    assert offered == [values for _, values in FEW]
    assert '"van-phong":"Văn phòng Sở"' in answers[0]
    assert answers[-1].strip() == "FILES"  # offered nothing, zsh completes files
