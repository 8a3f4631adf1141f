"""Other processes for the lock tests, forked from the test's own process rather than started
as new Pythons (an interpreter's start and parplan's imports, ~0.5 CPU-s, before any work):
each is a real process with its own pid that takes the lock with its own open file.

- ``held_elsewhere``: a file's lock (files.plan_lock) held by another process for a ``with``
  block;
- ``ForkedParplan``: ``parplan ARGS`` run by the console entry point (parplan.cli.app.main)
  in a child, its stdout and stderr pipes, like a ``subprocess.Popen`` of ``python -m parplan``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, NoReturn

from parplan.storage import files


def _child(run: Callable[[], int | None], out: int, err: int) -> NoReturn:
    """In a forked child: ``run`` with stdout and stderr on ``out`` and ``err``, then the
    child's exit, never back into the test (os._exit: no atexit, no pytest teardown)."""
    code = 70
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
        code = run() or 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


class Forked:
    """A forked child running ``run``: its pid, stdout and stderr (text, read by the test)."""

    def __init__(self, run: Callable[[], int | None]) -> None:
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(out_r)
            os.close(err_r)
            _child(run, out_w, err_w)
        os.close(out_w)
        os.close(err_w)
        self.stdout: IO[str] = open(out_r, encoding="utf-8")  # noqa: SIM115
        self.stderr: IO[str] = open(err_r, encoding="utf-8")  # noqa: SIM115
        self.returncode: int | None = None

    def wait(self) -> int:
        if self.returncode is None:
            _, status = os.waitpid(self.pid, 0)
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def communicate(self) -> tuple[str, str]:
        """The rest of stdout and stderr (read at once: neither pipe fills), then the exit."""
        err: list[str] = []
        reader = threading.Thread(target=lambda: err.append(self.stderr.read()))
        reader.start()
        out = self.stdout.read()
        reader.join()
        self.stdout.close()
        self.stderr.close()
        self.wait()
        return out, err[0]


def forked_parplan(args: list[str]) -> Forked:
    """``parplan ARGS`` in a forked child, through the console entry point."""

    def run() -> None:
        from parplan.cli.app import main

        sys.argv = ["parplan", *args]
        main()

    return Forked(run)


@contextlib.contextmanager
def held_elsewhere(path: Path, *, follow: bool = True) -> Iterator[int]:
    """Hold ``path``'s lock in a forked child for the ``with`` block; yields its pid. The
    child says "held" on its stdout once it holds the lock and lets go when the test closes
    the pipe it waits on."""
    go_r, go_w = os.pipe()

    def hold() -> None:
        os.close(go_w)
        with files.plan_lock(path, timeout=0, follow=follow):
            print("held", flush=True)
            os.read(go_r, 1)  # b"" once the test closes its end

    holder = Forked(hold)
    os.close(go_r)
    try:
        assert holder.stdout.readline() == "held\n", "the holder could not take the lock"
        yield holder.pid
    finally:
        os.close(go_w)
        holder.communicate()


def wait_for_notice(stderr: object, *, says: str = "một lệnh khác đang ghi tệp này") -> str:
    """Read a writer's stderr line by line until the lock-wait notice: the event that shows
    the writer is waiting for the lock. Fails if the writer ends without it."""
    seen = []
    for line in stderr:  # type: ignore[attr-defined]
        seen.append(line)
        if says in line:
            return str(line)
    raise AssertionError(f"the writer ended without waiting for the lock: {''.join(seen)}")
