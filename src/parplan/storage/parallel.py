"""Work spread over the cores with forked worker processes (forms made and read, plans rolled
up): forked workers share what the parent has imported and read, so they start in
milliseconds. Where fork is not available, or one core is, the work is done in turn."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def forked_map(
    work: Callable[[T], R],
    items: Sequence[T],
    *,
    parallel_from: int,
    jobs: int | None = None,
    most: int | None = None,
    chunksize: int | None = None,
) -> list[R]:
    """``[work(i) for i in items]``, in order, on ``jobs`` workers (default: the cores, at
    most ``most``) when there are at least ``parallel_from`` items; ``work`` and its results
    must pickle. ``chunksize`` defaults to about eight chunks per worker."""
    import multiprocessing

    workers = min(jobs or cores(), most or len(items), len(items))
    fork = "fork" in multiprocessing.get_all_start_methods()
    if len(items) < parallel_from or workers < 2 or not fork:
        return [work(i) for i in items]
    size = chunksize or max(1, len(items) // (workers * 8))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(work, items, chunksize=size)
