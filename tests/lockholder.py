"""A file's lock (files.plan_lock) held by another process, for the tests that every writer
takes it: the holder says "held" on stdout once it holds the lock and lets go when its stdin
closes."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HOLD = """
import sys
from pathlib import Path
from parplan.storage import files

follow = {} if sys.argv[2] == "follow" else {"follow": False}
with files.plan_lock(Path(sys.argv[1]), timeout=0, **follow):
    print("held", flush=True)
    sys.stdin.read()
"""


@contextlib.contextmanager
def held_elsewhere(path: Path, *, follow: bool = True) -> Iterator[int]:
    """Hold ``path``'s lock in a child process for the ``with`` block; yields its pid."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), "follow" if follow else "nofollow"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline() == "held\n", "the holder could not take the lock"
        yield proc.pid
    finally:
        proc.stdin.close()
        proc.wait()
        proc.stdout.close()


def wait_for_notice(stderr: object, *, says: str = "một lệnh khác đang ghi tệp này") -> str:
    """Read a writer's stderr line by line until the lock-wait notice: the event that shows
    the writer is waiting for the lock. Fails if the writer ends without it."""
    seen = []
    for line in stderr:  # type: ignore[attr-defined]
        seen.append(line)
        if says in line:
            return str(line)
    raise AssertionError(f"the writer ended without waiting for the lock: {''.join(seen)}")
