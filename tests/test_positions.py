"""Locating problems: one pass over the text whatever their number, and a cap on how many
are listed per file (the rest counted in one PP009)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document import loader
from parplan.document.loader import MAX_PROBLEMS, check_file
from parplan.document.positions import Positions

from .conftest import DATA

runner = CliRunner()
PLAN = (DATA / "record" / "before.yaml").read_text(encoding="utf-8")


def with_unknown_keys(n: int) -> str:
    return PLAN.replace("plan:\n", "plan:\n" + "".join(f"  bogus{i}: 1\n" for i in range(n)), 1)


@pytest.mark.parametrize(
    ("text", "loc", "key", "where"),
    [
        ("a:\n  b: 1\n  c: [x, y]\n", ("a", "c", 1), False, (3, 10)),
        ("a:\n  b: 1\n  c: [x, y]\n", ("a", "c"), True, (3, 3)),
        ("a:\n  b: 1\n", ("a", "zz"), False, (2, 3)),  # missing: the mapping's first key
        ('"1": {x: 1}\n', (1, "x"), False, (1, 10)),  # a quoted key found by its text
        ("a: [1]\n", ("a", 5), False, (1, 4)),  # no such index: the list
    ],
)
def test_locate(text: str, loc: tuple[str | int, ...], key: bool, where: tuple[int, int]) -> None:
    assert Positions(text).locate(loc, key=key) == where


def test_ten_thousand_unknown_keys_are_located_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(with_unknown_keys(10_000), encoding="utf-8")
    result = check_file(path)
    assert len(result.problems) == MAX_PROBLEMS + 1 and result.count == 10_000
    shown, note = result.problems[:-1], result.problems[-1]
    assert [p.line for p in shown] == list(range(5, 5 + MAX_PROBLEMS))  # in file order
    assert all(p.code == "PP010" and p.column == 3 for p in shown)
    assert note.code == "PP009" and note.omitted == 10_000 - MAX_PROBLEMS
    assert "còn 9.800 vấn đề nữa" in note.message


def test_the_cap_in_every_format(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(with_unknown_keys(300), encoding="utf-8")
    text = runner.invoke(app, ["check", str(path)])
    assert text.exit_code == 1
    assert text.stdout.count("[PP010]") == MAX_PROBLEMS and "còn 100 vấn đề nữa" in text.stdout
    assert "300 lỗi trong 1 tệp" in text.stderr
    github = runner.invoke(app, ["check", str(path), "--format", "github"])
    assert github.stdout.count("::error ") == MAX_PROBLEMS + 1
    import json

    listed = json.loads(runner.invoke(app, ["check", str(path), "--format", "json"]).stdout)
    assert [p["code"] for p in listed][-2:] == ["PP010", "PP009"]


def test_a_typo_is_one_problem_among_many_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(with_unknown_keys(50).replace("  title: 'Kế", "  titel: 'Kế"), encoding="utf-8")
    codes = [p.code for p in check_file(path).problems]
    assert codes.count("PP011") == 0 and codes.count("PP010") == 51


def test_a_list_of_very_many_bad_items_is_read_from_its_first_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A generated flow list of 50,000 wrong items: every problem is counted, the first ones
    are listed in file order, and the messages are read from the list cut short (the full
    error list of a 2 MB file took 1.2 GB)."""
    path = tmp_path / "flow.yaml"
    path.write_text(PLAN + "unclassified: [" + ", ".join(["1"] * 50_000) + "]\n", encoding="utf-8")
    converted = []
    convert = loader._from_pydantic
    monkeypatch.setattr(loader, "_from_pydantic", lambda e, d: converted.append(1) or convert(e, d))
    result = check_file(path)
    assert len(converted) <= loader.ERRORS_READ
    assert result.count == 50_000 and len(result.problems) == MAX_PROBLEMS + 1
    shown, note = result.problems[:-1], result.problems[-1]
    line = PLAN.count("\n") + 1
    assert all(p.line == line for p in shown)
    assert [p.column for p in shown[:2]] == [16, 19]
    assert note.code == "PP009" and note.omitted == 50_000 - MAX_PROBLEMS
    assert "còn 49.800 vấn đề nữa" in note.message
