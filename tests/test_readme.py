"""Docs that cannot drift: the README's tour is real output, and every command is documented."""

from __future__ import annotations

import subprocess
import sys

import typer
from typer.main import get_command

from parplan.cli import app

from .conftest import ROOT


def test_readme_tour_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_tour.py"), "--check"],
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
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
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
