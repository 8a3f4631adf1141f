"""Fuzzing what is not a plan's text: special files as the plan or the output, and plans with
many keys. Two strategies, run like tests/test_fuzz.py's (``make fuzz`` runs them long):

Each runs a third of PARPLAN_FUZZ_EXAMPLES.

* ``special``: a command (check, status, deadlines, export, diff, record, calendar) is given a
  device node, a FIFO (with or without a writer), a folder, a socket, a dangling symlink or a
  symlink to a device, as its plan or as its ``-o`` output, with or without ``--force``.
  Properties: exit 2 with a message saying what the path is, no traceback, an answer within
  a few seconds (a FIFO must not hang), and the special file still there, unchanged in kind.
  ``diff`` reads a pipe (process substitution): a fed FIFO is read up to the size limit.
* ``many-keys``: a real plan with many unknown keys added to one of its mappings (up to
  PARPLAN_FUZZ_MANY_KEYS, 300 here, 10,000 in ``make fuzz``), checked with the properties of
  ``check_case`` (located problems, one line each, under 1 s).
"""

from __future__ import annotations

import contextlib
import copy
import os
import signal
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import HANG_GUARD, MINIMAL
from .depth import deep
from .test_fuzz import (
    BASES,
    EXAMPLES,
    FUZZ_SETTINGS,
    KEEP_GOING,
    _record,
    case_dir,
    check_case,
    dump,
)

__all__ = ["case_dir"]  # the session fixture, shared with tests/test_fuzz.py

MANY_KEYS = int(os.environ.get("PARPLAN_FUZZ_MANY_KEYS", "300"))
ANSWER_WITHIN = HANG_GUARD  # a FIFO or device must be refused, not waited on forever
LIMIT = str(1 << 20)  # PARPLAN_MAX_BYTES: a fed FIFO that is read stops there
runner = CliRunner()


# --- special files ---------------------------------------------------------------------------


def _device(path: Path, kind: str) -> None:
    numbers = {"null": (1, 3), "zero": (1, 5), "full": (1, 7), "urandom": (1, 9)}
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers[kind]))
    except PermissionError:  # not root: a link to the real device reads the same
        path.symlink_to(f"/dev/{kind}")


def _socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))


MAKERS: dict[str, Callable[[Path], None]] = {
    "dev-null": lambda p: _device(p, "null"),
    "dev-zero": lambda p: _device(p, "zero"),
    "dev-full": lambda p: _device(p, "full"),
    "dev-urandom": lambda p: _device(p, "urandom"),
    "fifo": lambda p: os.mkfifo(p),
    "fifo-with-writer": lambda p: os.mkfifo(p),
    "folder": lambda p: p.mkdir(),
    "socket": _socket,
    "dangling-link": lambda p: p.symlink_to(p.with_name("nowhere") / "x.yaml"),
    "link-to-device": lambda p: p.symlink_to("/dev/zero"),
}
SAYS = ("là thiết bị", "FIFO", "là thư mục", "là socket", "liên kết", "không tìm thấy")


def _kind(path: Path) -> str:
    info = os.lstat(path)
    return stat.filemode(info.st_mode)[0]


@contextlib.contextmanager
def _writer(path: Path, wanted: bool) -> Iterator[None]:
    """A process-side writer that keeps a FIFO open and fed (as `yes > fifo` would)."""
    if not wanted:
        yield
        return
    stop = threading.Event()

    def feed() -> None:
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_WRONLY)  # blocks until parplan opens it, if ever
            with contextlib.suppress(OSError):
                while not stop.is_set():
                    os.write(fd, b"a: 1\n" * 1000)
            os.close(fd)

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        with contextlib.suppress(OSError):  # unblock a writer still waiting for a reader
            os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))
        thread.join(timeout=2)


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Hang


def _commands(special: str, plan: str, force: bool) -> dict[str, list[str]]:
    forced = ["--force"] if force else []
    return {
        "check": ["check", special],
        "status": ["status", special],
        "deadlines": ["deadlines", special],
        "export": ["export", special],
        "diff": ["diff", plan, special],
        "record": ["record", "task", "1", "--status", "in_progress", "--plan", special, *forced],
        "calendar-out": ["calendar", plan, "-o", special, *forced],
        "report-out": ["report", plan, "--period", "2024", "-o", special, *forced],
    }


def special_problems(folder: Path, kind: str, command: str, force: bool) -> list[str]:
    special = folder / f"special-{kind}.yaml"
    MAKERS[kind](special)
    before = _kind(special)
    plan = folder / "plan.yaml"
    plan.write_bytes(MINIMAL.read_bytes())
    args = _commands(str(special), str(plan), force)[command]
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, ANSWER_WITHIN)
    try:
        with _writer(special, kind == "fifo-with-writer"):
            result = runner.invoke(
                app, args, catch_exceptions=True, env={"PARPLAN_MAX_BYTES": LIMIT}
            )
    except _Hang:
        return [f"hang: {command} on {kind} still running after {ANSWER_WITHIN:g} s"]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    problems = []
    if isinstance(result.exception, _Hang):
        problems.append(f"hang: {command} on {kind} still running after {ANSWER_WITHIN:g} s")
    elif result.exception is not None and not isinstance(result.exception, SystemExit):
        problems.append(f"escape in {command} on {kind}: {type(result.exception).__name__}")
    # diff reads a pipe (``diff <(git show REV:plan.yaml) plan.yaml``), within the size limit
    read = command == "diff" and kind == "fifo-with-writer"
    expected, says = (1, ("vượt giới hạn",)) if read else (2, SAYS)
    if result.exit_code != expected:
        problems.append(f"{command} on {kind}: exit {result.exit_code}, expected {expected}")
    if "Traceback" in result.output:
        problems.append(f"{command} on {kind}: traceback")
    if not any(s in result.stderr for s in says):
        problems.append(f"{command} on {kind}: message does not say what it is")
    if _kind(special) != before:
        problems.append(f"{command} on {kind}: the {kind} was replaced")
    if kind == "dangling-link" and special.with_name("nowhere").exists():
        problems.append(f"{command} on {kind}: wrote through a dangling link")
    return problems


@deep
@settings(FUZZ_SETTINGS, max_examples=max(10, EXAMPLES // 3))
@given(
    kind=st.sampled_from(sorted(MAKERS)),
    command=st.sampled_from(sorted(_commands("x", "y", False))),
    force=st.booleans(),
)
def test_cli_survives_special_paths(
    tmp_path_factory: Any, kind: str, command: str, force: bool
) -> None:
    folder = tmp_path_factory.mktemp("special")
    start = time.perf_counter()
    problems = special_problems(folder, kind, command, force)
    seconds = time.perf_counter() - start
    if problems and KEEP_GOING:
        outcome = "hang" if problems[0].startswith("hang") else "escape"
        _record("special", outcome, seconds, "; ".join(problems))
        return
    _record("special", "ok", seconds)
    assert not problems, problems


# --- many keys -------------------------------------------------------------------------------


def _mappings(node: Any) -> list[dict[str, Any]]:
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@st.composite
def many_keys_plans(draw: st.DrawFn) -> bytes:
    name = draw(st.sampled_from(["minimal", "progress"]))
    data = copy.deepcopy(BASES[name].data)
    target = draw(st.sampled_from(_mappings(data)))
    count = draw(st.integers(1, MANY_KEYS))
    style = draw(st.sampled_from(["k{}", "objectiv{}", "x" * 40 + "{}"]))
    for i in range(count):
        target[style.format(i)] = i
    return dump(data)


@deep
@settings(FUZZ_SETTINGS, max_examples=max(10, EXAMPLES // 3))
@given(raw=many_keys_plans())
def test_check_survives_many_keys(case_dir: Path, raw: bytes) -> None:
    check_case(case_dir, raw, "many-keys")
