"""A lean YAML 1.2 reader for plan files: ruamel's C parser produces the events, this module
builds plain dicts, lists and scalars from them.

Why: ruamel's Python composer, resolver and constructor cost ~80% of a load (a 10,000-task
plan: 7.7 s against 0.25 s for the events alone, see README "Performance"). Plans need none of
what that machinery adds (anchors, tags and merge keys are refused anyway), so building from
events keeps YAML 1.2 semantics — the same implicit scalar rules as ruamel's safe loader, dates
kept as text — at a fraction of the cost. tests/test_fastyaml.py checks that both give the same
data on every plan and test file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.resolver import implicit_resolvers

from parplan.core.errors import Problem, YamlProblem
from parplan.core.numbers import format_number

_TAG = "tag:yaml.org,2002:"


def event_source(text: str) -> Callable[[], Any]:
    """The parser's next-event function: libyaml's (ruamel.yaml.clib) when it is installed,
    else ruamel's pure-Python parser, which yields the same events about five times slower.
    A missing C extension (a platform without a wheel, a broken install) must never stop
    parplan from reading a plan."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        from ruamel.yaml import YAML

        events: Iterator[Any] = iter(YAML(typ="safe", pure=True).parse(text))
        return events.__next__
    get_event: Callable[[], Any] = CParser(text).get_event
    return get_event


def _resolvers() -> dict[str, list[tuple[str, Any]]]:
    """YAML 1.2 implicit resolvers of ruamel, by first character (same order, same regexes)."""
    table: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) not in versions:
            continue
        for char in first or [""]:
            # ruamel compiles lazily; compile once here, not on every match
            compiled = re.compile(regexp.pattern, regexp.flags)
            table.setdefault(char, []).append((tag.removeprefix(_TAG), compiled))
    return table


_RESOLVERS = _resolvers()


def _int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if value.startswith(prefix):
            return sign * int(value[2:], base)
    return sign * int(value)


def _float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value[0] == "-" else 1.0
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    return sign * float(value)


@lru_cache(maxsize=8192)
def plain_scalar(text: str) -> Any:
    """A plain (unquoted, untagged) scalar as YAML 1.2 core reads it; dates stay text."""
    for tag, regexp in _RESOLVERS.get(text[:1], ()):
        if regexp.match(text):
            if tag == "null":
                return None
            if tag == "bool":
                return text.lower() == "true"
            if tag == "int":
                return _int(text)
            if tag == "float":
                return _float(text)
            return text  # timestamp, value, yaml, merge: text ('<<' is refused earlier)
    return text


MAX_DEPTH = 32
# A mapping of the model has at most about 20 keys; past this many a file is not a plan, and
# reading on would only hold millions of keys (and their lines, for PP002) to report as
# unknown (4 million in one mapping, 49 MB: 62 s and 4.4 GB before this limit).
MAX_KEYS = 200_000


def too_deep(line: int = 1, column: int = 1) -> YamlProblem:
    return YamlProblem(
        Problem(
            "PP008",
            f"cấu trúc lồng nhau quá sâu (hơn {MAX_DEPTH} cấp); kế hoạch chỉ cần vài cấp",
            line=line,
            column=column,
        )
    )


def _at(event: Any, code: str, message: str) -> YamlProblem:
    """A problem located where ``event`` starts."""
    mark = event.start_mark
    return YamlProblem(Problem(code, message, line=mark.line + 1, column=mark.column + 1))


def _refuse(event: Any, what: str) -> YamlProblem:
    return _at(
        event,
        "PP007",
        f"{what} không được hỗ trợ trong tệp kế hoạch: hãy viết đầy đủ giá trị "
        "(mỗi mục chỉ ở một chỗ để sửa an toàn)",
    )


def _tag_problem(event: Any) -> YamlProblem:
    tag = str(event.tag)
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return _at(
        event,
        "PP007",
        f"thẻ YAML {shown} không được hỗ trợ: tệp kế hoạch chỉ chứa chuỗi, số, danh sách và ánh xạ",
    )


def load(text: str) -> Any:
    """The document as plain data (see ``load_measured``)."""
    return load_measured(text)[0]


def load_measured(text: str) -> tuple[Any, int]:
    """The document as plain data, and the length of its longest list below the top level
    (lists longer than ``loader.ERRORS_READ`` are validated a part at a time). YamlProblem
    for what plans refuse, and for nesting deeper than MAX_DEPTH; ruamel's own errors
    (syntax, reader) propagate for the caller to translate. One flat loop: it runs once per
    event, hundreds of thousands of times for a large plan."""
    get_event = event_source(text)
    longest = 0
    stack: list[list[Any]] = []  # [container, is_mapping, pending key, has key, key lines]
    frame: list[Any] | None = None
    root: Any = None
    documents = 0
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor:
                raise _refuse(event, f"neo '&{event.anchor}'")
            implicit = event.implicit
            if implicit[0]:
                if event.value == "<<" and frame is not None and frame[1] and not frame[3]:
                    raise _refuse(event, "khóa gộp '<<'")
                value: Any = plain_scalar(event.value)
            elif implicit[1] or event.tag in (None, "!"):
                value = event.value
            else:
                raise _tag_problem(event)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor:
                raise _refuse(event, f"neo '&{event.anchor}'")
            if event.tag and not event.implicit:
                raise _tag_problem(event)
            value = {} if kind is MappingStartEvent else []
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()
            if len(stack) > 1 and not done[1] and len(done[0]) > longest:
                longest = len(done[0])
            frame = stack[-1] if stack else None
            continue
        elif kind is AliasEvent:
            raise _refuse(event, f"bí danh '*{event.anchor}'")
        elif kind is StreamEndEvent:
            return root, longest
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _at(
                    event,
                    "PP001",
                    "tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' hoặc '...' thứ hai)",
                )
            continue
        else:
            continue
        if frame is None:
            root = value
        elif len(stack) >= MAX_DEPTH:
            raise too_deep(event.start_mark.line + 1, event.start_mark.column + 1)
        elif not frame[1]:
            frame[0].append(value)
        elif frame[3]:
            frame[0][frame[2]] = value
            frame[3] = False
        else:
            _key(frame, value, event)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            frame = [value, kind is MappingStartEvent, None, False, {}]
            stack.append(frame)


def _key(frame: list[Any], key: Any, event: Any) -> None:
    if isinstance(key, dict | list):
        raise _at(event, "PP001", "khóa phải là một chuỗi, không phải danh sách hay ánh xạ")
    lines: dict[Any, int] = frame[4]
    if len(lines) >= MAX_KEYS:
        raise _at(
            event,
            "PP008",
            f"quá nhiều khóa trong một ánh xạ (hơn {format_number(MAX_KEYS)}): một mục của kế "
            "hoạch chỉ có vài chục khóa",
        )
    if key in lines:
        raise _at(
            event,
            "PP002",
            f"khóa '{key}' bị lặp trong cùng một ánh xạ (đã có ở dòng {lines[key]})",
        )
    lines[key] = event.start_mark.line + 1
    frame[2], frame[3] = key, True
