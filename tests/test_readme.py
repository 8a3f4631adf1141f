"""Docs that cannot drift: the README's tour is real output, and every command is documented."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import typer
from typer.main import get_command
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import ROOT


def test_readme_tour_is_current(tmp_path: Path) -> None:
    """The tour prints what the README shows, also for a reader who followed it and made
    plans/2025.yaml: every command of the tour names its plan (one without a plan would pick
    the newest in plans/)."""
    copy = tmp_path / "repo"
    for part in ("README.md", "docs", "scripts", "plans", "tests/data", "tests/golden"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part)
        else:
            (copy / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / part)
    args = ["new", "--year", "2025", "--issuer", "Sở Văn hóa và Thể thao"]
    args += ["--parent", "UBND thành phố Hà Nội", "-o", str(copy / "plans" / "2025.yaml")]
    made = CliRunner().invoke(app, args)  # the reader's plan, made here (a process: ~0.5 CPU-s)
    assert made.exit_code == 0, made.output
    result = subprocess.run(
        [sys.executable, str(copy / "scripts" / "readme_tour.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def _commands(group: typer.Typer, prefix: str = "parplan") -> list[str]:
    command = get_command(group)
    names = []
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        if hasattr(sub, "commands"):
            names += [f"{prefix} {name} {inner}" for inner in sub.commands]
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_command_is_documented() -> None:
    readme = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    commands = _commands(app)
    assert len(commands) >= 13
    for name in commands:
        assert f"`{name}" in readme, name


def test_every_command_has_vietnamese_help() -> None:
    command = get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        assert sub.help, name
        for inner in getattr(sub, "commands", {}).values():
            assert inner.help, inner.name
