"""The fast read path (events from the C parser, built by parplan.document.fastyaml) and the
round-trip path (ruamel's full loader, used for positions) read the same data and report the
same problems."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.core.errors import YamlProblem
from parplan.document import fastyaml, walker, yamlio
from parplan.document.loader import check_file

from .conftest import DATA, PLAN_2024
from .depth import deep, examples
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


def roundtrip_load(text: str) -> yamlio.Loaded:
    data = load_roundtrip(text)
    longest = reference_shape(data)
    return yamlio.Loaded(yamlio.nfc(plain(data)), longest)


def reference_shape(data: Any) -> int:
    """What the fast reader measures while it reads, found by walking the round-trip data:
    nesting deeper than MAX_DEPTH refused where it starts, and the longest list below the top
    level."""
    stack: list[tuple[Any, int, tuple[int, int]]] = [(data, 1, (0, 0))]
    longest = 0
    while stack:
        node, depth, (line, column) = stack.pop()
        if depth > fastyaml.MAX_DEPTH:
            raise fastyaml.too_deep(line + 1, column + 1)
        if isinstance(node, dict):
            stack.extend((v, depth + 1, tuple(node.lc.value(k))) for k, v in node.items())
        elif isinstance(node, list):
            if depth > 2:
                longest = max(longest, len(node))
            stack.extend((v, depth + 1, tuple(node.lc.item(i))) for i, v in enumerate(node))
    return longest


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_same_data_on_valid_files(path: Path) -> None:
    text = yamlio.read_text(path)
    assert yamlio.load_fast(text) == roundtrip_load(text)


@pytest.mark.parametrize(
    ("text", "longest"),
    [
        ("a: [1, 2, 3]\n", 0),  # a top-level list is not "inner"
        ("a:\n  - b: [1, 2, 3]\n  - b: [1]\n", 3),
        ("a: {b: {c: [[1, 2], [1, 2, 3, 4]]}}\n", 4),
    ],
)
def test_the_longest_inner_list_is_measured(text: str, longest: int) -> None:
    assert yamlio.load_fast(text).longest_inner_list == longest == roundtrip_load(text)[1]


def test_nesting_too_deep_is_refused_where_it_starts() -> None:
    text = "a: " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(YamlProblem) as caught:
        yamlio.load_fast(text)
    problem = caught.value.problem
    # the root mapping is level 1, a: [ level 2: the 32nd '[' opens level 33
    assert (problem.code, problem.line, problem.column) == ("PP008", 1, 4 + 31)
    with pytest.raises(YamlProblem) as reference:
        roundtrip_load(text)
    assert reference.value.problem == problem


@pytest.mark.parametrize(
    "path",
    [
        # ruamel's composer recurses ~1,000 levels into deep-nesting.yaml before it gives up
        # (~3 CPU-s): make test-deep; test_nesting_too_deep_is_refused_where_it_starts holds
        # the two readers to the same message on 40 levels in make test
        pytest.param(p, marks=pytest.mark.slow) if p.stem == "deep-nesting" else p
        for p in INVALID
    ],
    ids=lambda p: p.stem,
)
def test_same_messages_on_the_invalid_corpus(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [p.render() for p in check_file(path).problems]
    monkeypatch.setattr(yamlio, "load_fast", roundtrip_load)
    slow = [p.render() for p in check_file(path).problems]
    if path.stem == "empty-key":
        # libyaml (the C parser) refuses "  : value"; ruamel's pure parser reads a null key
        assert fast == [f"{path}:8:3: thiếu tên khóa trước dấu ':' [PP001]"]
        return
    if path.stem == "deep-nesting":
        # ruamel's recursive composer gives up (RecursionError, no position); the fast
        # reader counts the levels as it reads and points at the one too many
        assert fast == [slow[0].replace(":1:1:", ":2:38:")]
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
    assert problem._replace(file="x").render().startswith("x:4:3:")


# --- writing: dump_plain ---------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).filter(
    lambda t: unicodedata.is_normalized("NFC", t)  # parplan reads text as NFC
)
PLAIN = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=7), st.dictionaries(TEXT, inner, max_size=5)),
    max_leaves=30,
)


@deep
@settings(max_examples=examples(150), deadline=None)
@given(
    data=st.dictionaries(
        st.one_of(st.sampled_from(["tasks", "units", "a_1"]), TEXT.filter(bool)),
        PLAIN,
        min_size=1,
        max_size=4,
    )
)
def test_dump_plain_in_parts_writes_what_one_dump_writes(data: dict[str, Any]) -> None:
    """Long top-level lists are dumped a part at a time: the text is the one a single dump
    writes, and it reads back as the same data."""
    whole = yamlio.dump_plain(data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlio, "DUMP_PART", 2)
        assert yamlio.dump_plain(data) == whole
    assert yamlio.load_fast(whole).data == data


def test_dump_plain_writes_no_alias_for_a_shared_value() -> None:
    shared = ["van-phong", "thanh-tra"]
    text = yamlio.dump_plain({"a": {"lead": shared}, "b": {"lead": shared}})
    assert "&" not in text and "*" not in text
    assert yamlio.load_fast(text).data == {"a": {"lead": shared}, "b": {"lead": shared}}


def resolved_by_ruamel(text: str) -> Any:
    """A plain scalar as every YAML 1.2 implicit resolver of ruamel reads it, each pattern tried
    in ruamel's order (the reference ``walker.plain_scalar`` shortens)."""
    import re

    from ruamel.yaml.resolver import implicit_resolvers

    for versions, tag, regexp, first in implicit_resolvers:
        if (
            (1, 2) in versions
            and text[:1] in (first or [""])
            and re.compile(regexp.pattern, regexp.flags).match(text)
        ):
            short = tag.rsplit(":", 1)[-1]
            if short == "null":
                return None
            if short == "bool":
                return text.lower() == "true"
            if short == "int":
                return walker._int(text)
            if short == "float":
                return walker._float(text)
            return text
    return text


NUMBERISH = r"[-+]?(0[box])?[0-9_a-f]{0,4}(\.[0-9_]{0,3})?([eE][-+]?[0-9]{1,2})?(-[0-9Q]{1,2})?"


@given(
    st.from_regex(NUMBERISH, fullmatch=True)
    | st.text(alphabet="0123456789_+-.eExXoObB:TtZ ~aflnrsuINF<=!&*٣²", max_size=12)
)
@deep  # 1,500 texts in make test-deep (~9 CPU-s); 300 in make test
@settings(max_examples=examples(1500), deadline=None)
def test_plain_scalars_read_as_ruamel_resolves_them(text: str) -> None:
    """plain_scalar skips the patterns it can (digits only; a sign inside that is not an
    exponent's; the tags that stay text) and compiles the others on first use: the value is
    the one ruamel's resolvers give, as the same type (True is not 1)."""
    try:
        expected = resolved_by_ruamel(text)
    except (ValueError, IndexError) as exc:  # '_' alone: both fail alike
        with pytest.raises(type(exc)):
            walker.plain_scalar.__wrapped__(text)
        return
    got = walker.plain_scalar.__wrapped__(text)
    assert type(got) is type(expected)
    assert got == expected or (got != got and expected != expected)  # nan


def test_reading_plans_2024_compiles_no_number_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """plans/2024.yaml's numbers are digits and its periods and dates have a sign inside: its
    read compiles the null and bool patterns only (int, float and timestamp cost ~5 million
    instructions to compile)."""
    compiled: list[str] = []
    compile_pattern = walker._compiled.__wrapped__

    def recording(pattern: str, flags: int) -> Any:
        tags = [
            t for resolvers in walker._RESOLVERS.values() for t, p, _ in resolvers if p == pattern
        ]
        compiled.append(tags[0])
        return compile_pattern(pattern, flags)

    monkeypatch.setattr(walker, "_compiled", recording)
    walker.plain_scalar.cache_clear()
    assert fastyaml.load(PLAN_2024.read_text(encoding="utf-8"))["version"] == 1
    walker.plain_scalar.cache_clear()
    assert set(compiled) == {"null", "bool"}
