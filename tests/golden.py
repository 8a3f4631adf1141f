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


def run_ok(*args: str) -> str:
    """Run the CLI in-process (typer's runner); it must succeed; its stdout."""
    from typer.testing import CliRunner

    from parplan.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout
