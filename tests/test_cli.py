"""The command line as a whole: help, exit codes, messages on stderr, no tracebacks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import MINIMAL, PLAN_2024
from .golden import assert_golden

runner = CliRunner()


def test_help_golden() -> None:
    result = runner.invoke(app, ["--help"], terminal_width=100)
    assert result.exit_code == 0
    assert_golden("help.txt", result.stdout)
    assert "Kế hoạch cải cách hành chính" in result.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["check", str(PLAN_2024)], 0),
        (["check", str(MINIMAL), str(PLAN_2024)], 0),
        (["check", "tests/data/plans/invalid/empty-file.yaml"], 1),
        (["check", str(MINIMAL), "tests/data/plans/invalid/empty-file.yaml"], 1),
        (["check", "khong-co.yaml"], 2),
        (["check", "--format", "xml", str(MINIMAL)], 2),
        (["status", "khong-co.yaml"], 2),
        (["export", str(MINIMAL), "--format", "toml"], 2),
        (["status", "tests/data/plans/invalid/empty-file.yaml"], 1),
        (["khong-co-lenh"], 2),
    ],
)
def test_exit_codes(args: list[str], code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_one_run_reports_every_file() -> None:
    bad = ["tests/data/plans/invalid/empty-file.yaml", "tests/data/plans/invalid/unknown-unit.yaml"]
    result = runner.invoke(app, ["check", "--format", "short", *bad])
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == set(bad)
    assert "2 lỗi trong 2 tệp" in result.stderr


def test_check_without_arguments_checks_plans_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "a.yaml").write_bytes(MINIMAL.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0 and "plans/a.yaml: hợp lệ" in result.stdout
    (tmp_path / "plans" / "a.yaml").unlink()
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2 and "không có tệp nào" in result.stderr


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: os.mkfifo(p), "là ống dẫn có tên (FIFO)"),
        (lambda p: p.symlink_to("nowhere.yaml"), "liên kết tượng trưng trỏ tới tệp không tồn tại"),
    ],
    ids=["fifo", "dangling-link"],
)
@pytest.mark.parametrize("command", ["check", "status"])
def test_what_is_named_like_a_plan_but_is_no_file_is_named_not_skipped(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make: Callable[[Path], object],
    said: str,
    command: str,
) -> None:
    """plans/x.yaml that is a FIFO or a dangling link: `check` without arguments (a pre-commit
    hook) says what it is instead of passing over it, and `status`, choosing the newest plan,
    does not crash on it."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2024.yaml").write_bytes(MINIMAL.read_bytes())
    make(tmp_path / "plans" / "x.yaml")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [command])
    assert result.exit_code == 2, result.output
    assert f"plans/x.yaml: {said}" in result.stderr.replace("\n", " ")


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "parplan", "check", str(MINIMAL)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "hợp lệ" in result.stdout


def test_a_bug_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import parplan.document.loader
    from parplan.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(parplan.document.loader, "check_file", broken)
    monkeypatch.setattr(sys, "argv", ["parplan", "check", str(MINIMAL)])
    try:
        with pytest.raises(SystemExit) as info:
            main()
    finally:
        # main() is a process's entry point: it freezes start-up's objects out of the cyclic
        # collector's passes (app._resume_collector); this test process's other tests expect
        # the collector as it was (test_startup)
        import gc

        gc.unfreeze()
    assert info.value.code == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "lỗi nội bộ (RuntimeError: hỏng)" in err
    assert "Traceback" not in err


def test_a_test_that_ran_main_leaves_sigpipe_as_python_set_it() -> None:
    """Runs after the test above, in the same process (tests of a file run in order, on one
    worker): its ``main()`` let SIGPIPE end the process; conftest's ``_hermetic`` restores
    Python's SIG_IGN, or a later test writing to a closed pipe kills the pytest worker
    (test_fuzz_files' FIFO writer did: exit 141, "replacing crashed worker", then a hang)."""
    assert signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN
