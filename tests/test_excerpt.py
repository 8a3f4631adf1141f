"""The text format shows each problem's source line with a caret under its column; the
short, github and json formats keep one line per problem."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.errors import Problem

from .conftest import DATA

runner = CliRunner()


@pytest.mark.parametrize(
    ("source", "column", "shown", "caret"),
    [
        ("    objectiv: x", 5, "    objectiv: x", 4),
        ("\ttitle: x", 1, " title: x", 0),  # a tab shown as one space
        ("a: \x1b[31mđỏ", 4, "a: \\x1b[31mđỏ", 3),  # controls escaped, caret still under
        ("a: \x1b b", 6, "a: \\x1b b", 8),  # the caret moves past an escape
        ("x" * 300, 250, "…" + "x" * 100 + "…", 51),  # a long line: a window around it
        ("x" * 300, 1, "x" * 100 + "…", 0),
    ],
)
def test_excerpt(source: str, column: int, shown: str, caret: int) -> None:
    problem = Problem("PP010", "m", line=12, column=column, file="f.yaml", source=source)
    assert problem.excerpt() == ["   |", f"12 | {shown}", "   | " + " " * caret + "^"]


def test_no_excerpt_without_a_source_line() -> None:
    assert Problem("PP003", "m", line=1, column=1).excerpt() == []


def test_formats() -> None:
    path = str(DATA / "plans" / "invalid" / "unknown-key.yaml")
    text = runner.invoke(app, ["check", path]).stdout.splitlines()
    assert text[0].startswith(f"{path}:71:5: tasks[1].objectiv:")
    assert text[1:] == ["   |", '71 |     objectiv: "Rà soát TTHC."', "   |     ^"]
    for fmt in ("short", "github"):
        lines = runner.invoke(app, ["check", "--format", fmt, path]).stdout.splitlines()
        assert len(lines) == 1 and "PP010" in lines[0]
    json_out = runner.invoke(app, ["check", "--format", "json", path]).stdout
    assert "objectiv: " not in json_out  # no source line in the JSON interface
