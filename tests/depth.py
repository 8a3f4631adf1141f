"""How deep a test goes: a quick draw (fewer examples, rounds or pages' screenshots) in
`make test`, the full depth in `make test-deep` (PARPLAN_DEEP=1), which CI runs too. Tests drawn
this way carry the `deep` marker, so `make test-deep` selects them with the `slow` tests that
`make test` leaves out (the large variant of a test whose small case `make test` runs)."""

from __future__ import annotations

import os

import pytest

DEEP = os.environ.get("PARPLAN_DEEP") == "1"

deep = pytest.mark.deep


def examples(depth: int) -> int:
    """``depth`` examples under PARPLAN_DEEP=1, a fifth of them (at least 10) otherwise."""
    return depth if DEEP else max(10, depth // 5)
