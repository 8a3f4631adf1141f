"""parplan in its surroundings: a machine without ruamel.yaml.clib, a pipe that closes early,
the package metadata pip reads. These run real processes where the behaviour is the process's."""

from __future__ import annotations

import functools
import json
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document import yamlio

from .conftest import DATA, PLAN_2024, ROOT

# One interpreter where the C extension is unimportable, as on a machine where ruamel.yaml.clib
# did not install: it imports parplan's commands once, then runs each command line through the
# console entry point in a child forked from it (stdout and stderr on pipes), and prints every
# (exit code, stdout, stderr) as JSON. A new interpreter per command cost ~0.5 CPU-s each.
NO_CLIB = """
import json, sys
sys.modules["_ruamel_yaml"] = None
from parplan.cli import load_commands
from tests.lockholder import forked_parplan
load_commands()
done = {}
for name, args in json.loads(sys.argv[1]).items():
    child = forked_parplan(args)
    out, err = child.communicate()
    done[name] = [child.returncode, out, err]
print(json.dumps(done))
"""
INVALID = DATA / "plans" / "invalid"
WITHOUT_C_PARSER = {
    "check": ["check", "plans/2024.yaml"],
    "check-invalid": ["check", "tests/data/plans/invalid/wrong-type-plan-number-unquoted.yaml"],
    "status": ["status", "plans/2024.yaml", "--as-of", "2024-06-20"],
    "record": [
        "record",
        "task",
        "5",
        "--done",
        "2024-03-20",
        "--plan",
        "plans/2024.yaml",
        "--dry-run",
    ],
}
WITHOUT_C_EMITTER = {
    "export-yaml": ["export", "plans/2024.yaml", "--format", "yaml"],
    "import": ["import", "tests/data/import/ke-hoach-huyen.md", "-o", "-"],
}


@functools.cache
def _without_clib_runs() -> dict[str, tuple[int, str, str]]:
    """Every command line above run where the C extension cannot be imported (once: the first
    test to ask runs them all, in its environment, which conftest's _hermetic made)."""
    done = subprocess.run(
        [sys.executable, "-c", NO_CLIB, json.dumps({**WITHOUT_C_PARSER, **WITHOUT_C_EMITTER})],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    runs: dict[str, list[Any]] = json.loads(done.stdout)
    return {name: (code, out, err) for name, (code, out, err) in runs.items()}


def with_clib(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """``args`` run here, where the C extension is imported (no process needed for that)."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", WITHOUT_C_PARSER)
def test_without_the_c_parser_every_command_still_works(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = _without_clib_runs()[name]
    assert "lỗi nội bộ" not in slow[2]
    assert slow == with_clib(WITHOUT_C_PARSER[name], monkeypatch)


@pytest.mark.parametrize("name", WITHOUT_C_EMITTER)
def test_without_the_c_emitter_yaml_is_written_the_same(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The C emitter and the pure one write the same data; they may quote a string holding
    both kinds of quotes differently (both valid YAML)."""
    slow_code, slow_out, slow_err = _without_clib_runs()[name]
    code, out, err = with_clib(WITHOUT_C_EMITTER[name], monkeypatch)
    assert slow_code == code == 0, slow_err
    assert slow_err == err
    assert yamlio.load_fast(slow_out) == yamlio.load_fast(out)


@pytest.mark.parametrize(
    "path",
    [PLAN_2024, *sorted(INVALID.glob("*.yaml"))],
    ids=lambda p: p.stem,
)
def test_pure_python_events_read_the_same_as_libyaml(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")

    def outcome() -> object:
        try:
            return yamlio.load_fast(text)
        except Exception as exc:  # compare what each parser makes of broken input
            return type(exc).__name__

    fast = outcome()
    if path.stem == "empty-key":
        # libyaml refuses "  : value"; the pure parser reads a null key, which the model refuses
        # (both located, see test_fastyaml)
        return
    monkeypatch.setitem(sys.modules, "_ruamel_yaml", None)
    assert outcome() == fast


def test_a_reader_that_stops_early_is_not_a_plan_problem() -> None:
    """`parplan status | head -0`: the pipe is closed before parplan writes; it must end as
    Unix tools do (SIGPIPE, 141 in the shell), not with 1 ("the plan has problems")."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "parplan", "status", str(PLAN_2024), "--as-of", "2024-06-20"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read()
    assert proc.wait(timeout=60) == -signal.SIGPIPE
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_status_piped_to_head_in_a_shell() -> None:
    script = (
        f"'{sys.executable}' -m parplan status plans/2024.yaml | head -1; exit ${{PIPESTATUS[0]}}"
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode in (0, 128 + signal.SIGPIPE)
    assert result.stdout.startswith("Kế hoạch cải cách hành chính")


def test_license_is_an_spdx_expression() -> None:
    """A `license = {text = …}` table makes setuptools warn on every install (PEP 639)."""
    from packaging.licenses import canonicalize_license_expression

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    license_ = project["project"]["license"]
    assert isinstance(license_, str)
    assert canonicalize_license_expression(license_) == license_
    assert "setuptools>=77" in project["build-system"]["requires"]  # first to read PEP 639


def _release(version: str) -> tuple[int, ...]:
    """ "5" and "5.0.0" are one release."""
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def test_dependency_floors_are_the_versions_ci_installs() -> None:
    """pyproject.toml's `>=` floors are what `make test-floors` installs and tests, so a floor
    cannot claim a version parplan was never run on."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    floors = {}
    for requirement in project["project"]["dependencies"]:
        name, _, version = requirement.partition(">=")
        floors[name.split("[")[0].strip().lower()] = _release(version)
    pinned = {}
    for line in (ROOT / ".ci" / "lowest-versions.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.strip().lower()] = _release(version)
    assert floors == pinned
