"""Golden files: compare rendered text with tests/golden/<name>; regenerate with
``PARPLAN_REGEN=1 make test`` (then review the diff like code)."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PARPLAN_REGEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with PARPLAN_REGEN=1"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from its golden file (PARPLAN_REGEN=1 to update)"
