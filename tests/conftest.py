"""Shared fixtures: paths to the repository's plans and test data; hermetic environment."""

from __future__ import annotations

import functools
import itertools
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing
from hypothesis import settings

from parplan.cli import load_commands

# `parplan X` registers only X's commands (parplan.cli.app.load_commands); the tests drive the
# whole app in-process, so every command is registered before any test module is imported.
load_commands()

# typer's CliRunner.invoke turns the Typer app into its Click command on every call (every
# command's signature and type hints read again: ~50 ms, about a third of the CPU of the
# tests that drive the CLI in-process), and it is the same command every time: the app has
# all its commands once load_commands() ran, and a Click command serves any number of
# invocations (Click's own CliRunner invokes one command object again and again). Built once.
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]

# Hypothesis's per-example deadline is a time bound on normal work: a loaded CI machine took
# 1.1 s for an example that takes 0.07 ms, and failed the suite. No test bounds time.
settings.register_profile("parplan", deadline=None)
settings.load_profile("parplan")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PLAN_2024 = ROOT / "plans" / "2024.yaml"
MINIMAL = DATA / "plans" / "valid" / "minimal.yaml"
# A guard against a hang (a process that would never end), not a bound on how long work takes:
# no test times normal work (a loaded machine must not fail the suite); the time bounds are
# measured by `make robustness`, `make fuzz` and `make bench`.
HANG_GUARD = 300.0  # seconds


@pytest.fixture(scope="session")
def _homes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder under which each test's HOME is named (and made only if a test makes it)."""
    folder = tmp_path_factory.mktemp("homes")
    return (folder / f"home-{n}" for n in itertools.count())


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch, _homes: Iterator[Path]) -> Iterator[None]:
    # a HOME of its own for each test; not under tmp_path, whose making would cost every test
    # ~1.5 ms of CPU (~4 CPU-s over the suite) where few tests ask for tmp_path
    monkeypatch.setenv("HOME", str(next(_homes)))
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_MAX_BYTES", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    # `main()` is a process's entry point: it lets SIGPIPE end the process, as a Unix tool's
    # reader that stops early should. A test that calls it in the test process must not leave
    # that behind: a later test writing to a pipe whose reader closed (test_fuzz_files' FIFO
    # writer) would kill the pytest worker (exit 141, "replacing crashed worker").
    pipe = signal.getsignal(signal.SIGPIPE)
    yield
    signal.signal(signal.SIGPIPE, pipe)


# repository-relative, so golden files do not depend on where the checkout lives
PROGRESS_REL = (DATA / "plans" / "valid" / "progress.yaml").relative_to(ROOT)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root (relative paths in golden output)."""
    monkeypatch.chdir(ROOT)
