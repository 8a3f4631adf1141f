"""The fast read path (events from the C parser, built by parplan.document.fastyaml) and the
round-trip path (ruamel's full loader, used for positions) read the same data and report the
same problems."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from parplan.document import fastyaml, yamlio
from parplan.document.loader import check_file
from parplan.errors import YamlProblem

from .conftest import DATA, PLAN_2024
from .yaml_reference import load_roundtrip

VALID = [
    PLAN_2024,
    *sorted((DATA / "plans" / "valid").glob("*.yaml")),
    DATA / "record" / "before.yaml",
]
INVALID = sorted((DATA / "plans" / "invalid").glob("*.yaml"))


def plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, str):
        return str(data)
    return data


def roundtrip_load(text: str) -> Any:
    data = plain(load_roundtrip(text))
    yamlio._check_depth(data)
    return yamlio.nfc(data)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_same_data_on_valid_files(path: Path) -> None:
    text = yamlio.read_text(path)
    assert yamlio.load_fast(text) == roundtrip_load(text)


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_same_messages_on_the_invalid_corpus(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [p.render() for p in check_file(path).problems]
    monkeypatch.setattr(yamlio, "load_fast", roundtrip_load)
    slow = [p.render() for p in check_file(path).problems]
    if path.stem == "empty-key":
        # libyaml (the C parser) refuses "  : value"; ruamel's pure parser reads a null key
        assert fast == [f"{path}:8:3: thiếu tên khóa trước dấu ':' [PP001]"]
        return
    if path.stem == "duplicate-key-in-flow-mapping":
        # ruamel cannot say where a flow mapping's first key was; the fast path can
        slow = [line.replace(" [PP002]", " (đã có ở dòng 39) [PP002]") for line in slow]
    assert fast == slow


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a: 12", 12),
        ("a: 0x1F", 31),
        ("a: 0o17", 15),
        ("a: 017", 17),
        ("a: -1_000", -1000),
        ("a: 1.5", 1.5),
        ("a: .inf", float("inf")),
        ("a: 1e3", 1000.0),
        ("a: true", True),
        ("a: False", False),
        ("a: yes", "yes"),
        ("a: no", "no"),
        ("a: ~", None),
        ("a:", None),
        ("a: null", None),
        ("a: 2024-02-21", "2024-02-21"),
        ("a: '12'", "12"),
        ('a: "x"', "x"),
        ("a: 2024-Q1", "2024-Q1"),
        ("a: before 2024-02-22", "before 2024-02-22"),
    ],
)
def test_yaml_1_2_scalars(text: str, value: Any) -> None:
    assert fastyaml.load(text) == {"a": value} == plain(load_roundtrip(text))


def test_problem_positions() -> None:
    with pytest.raises(YamlProblem) as info:
        fastyaml.load("a: 1\nb:\n  c: 1\n  c: 2\n")
    problem = info.value.problem
    assert (problem.code, problem.line, problem.column) == ("PP002", 4, 3)
    assert "đã có ở dòng 3" in problem.message
    assert dataclasses.replace(problem, file="x").render().startswith("x:4:3:")
