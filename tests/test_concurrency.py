"""Concurrent writers: two and four processes record different tasks of one plan at the same
moment, many rounds. Every edit reported written is in the file; every refusal left no trace.
(`scripts/stress_writes.py` runs the same with whole `parplan record` processes on large plans
and SIGKILLs, for the figures in the README.)"""

from __future__ import annotations

import multiprocessing
import shutil
from datetime import date
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from parplan.document import edit_plan
from parplan.document.loader import load_plan
from parplan.errors import ParplanError
from parplan.files import TEMP_SUFFIX, lock_path
from parplan.record import record_task

from .conftest import PLAN_2024

TODAY = date(2024, 12, 31)
ROUNDS = 8


def _writer(
    path: Path, number: int, start: Barrier, results: multiprocessing.Queue[object]
) -> None:
    note = f"ghi bởi tiến trình của nhiệm vụ {number}"
    start.wait()
    try:
        outcome = edit_plan(
            path,
            lambda plan, _: record_task(plan, number, today=TODAY, note=note),
            today=TODAY,
        )
        results.put((number, "written" if outcome.written else "unchanged"))
    except ParplanError as exc:
        results.put((number, f"refused: {exc.message}"))


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_records_of_different_tasks_all_land(tmp_path: Path, writers: int) -> None:
    context = multiprocessing.get_context("fork")
    written = refused = 0
    for round_ in range(ROUNDS):
        path = tmp_path / f"round-{round_}.yaml"
        shutil.copy(PLAN_2024, path)
        numbers = [1 + (round_ + k * 5) % 20 for k in range(writers)]
        start = context.Barrier(writers)
        results: multiprocessing.Queue[object] = context.Queue()
        procs = [context.Process(target=_writer, args=(path, n, start, results)) for n in numbers]
        for proc in procs:
            proc.start()
        outcomes = dict(results.get(timeout=60) for _ in procs)  # type: ignore[misc]
        for proc in procs:
            proc.join(timeout=60)
            assert proc.exitcode == 0
        plan = load_plan(path)
        for number, outcome in outcomes.items():
            note = plan.tasks[number - 1].progress
            recorded = note is not None and note.note == (
                f"ghi bởi tiến trình của nhiệm vụ {number}"
            )
            if outcome == "written":
                written += 1
                assert recorded, f"round {round_}: task {number} reported written, not in file"
            else:
                refused += 1
                assert not recorded, f"round {round_}: task {number} refused ({outcome}) yet there"
        assert not lock_path(path).exists()
        assert list(tmp_path.glob(f"*{TEMP_SUFFIX}")) == []
    assert written == writers * ROUNDS, f"{refused} refused within the default 60 s wait"
