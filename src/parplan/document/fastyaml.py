"""A lean YAML 1.2 reader for plan files: plain dicts, lists and scalars built from the
parser's events as ``walker.Walk`` places them (a strict walk: anchors, aliases, tags and merge
keys refused), with the limits a plan keeps (depth, keys: scalar, unique, at most MAX_KEYS).

Why: ruamel's Python composer, resolver and constructor cost ~80% of a load (a 10,000-task
plan: 7.7 s against 0.25 s for the events alone, see README "Performance"). Plans need none of
what that machinery adds (anchors, tags and merge keys are refused anyway), so building from
events keeps YAML 1.2 semantics — the same implicit scalar rules as ruamel's safe loader, dates
kept as text — at a fraction of the cost. tests/test_fastyaml.py checks that both give the same
data on every plan and test file.
"""

from __future__ import annotations

from typing import Any

from parplan.core.errors import Problem, YamlProblem
from parplan.core.numbers import format_number
from parplan.document.walker import Frame, Walk, event_source, plain_scalar, problem_at

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


def load(text: str) -> Any:
    """The document as plain data (see ``load_measured``)."""
    return load_measured(text)[0]


def load_measured(text: str) -> tuple[Any, int]:
    """The document as plain data, and the length of its longest list below the top level
    (lists longer than ``loader.ERRORS_READ`` are validated a part at a time). YamlProblem
    for what plans refuse, and for nesting deeper than MAX_DEPTH; ruamel's own errors
    (syntax, reader) propagate for the caller to translate. A frame's ``data`` is its dict
    and the line of each key (for PP002), or its list."""
    inner: list[list[Any]] = []  # the lists below the top level
    root: Any = None
    for event, parent, frame in Walk(event_source(text), strict=True, ends=False).events():
        if frame is not None:
            if frame.mapping:
                value: Any = {}
                frame.data = (value, {})
            else:
                value = frame.data = []
                if frame.depth > 2:
                    inner.append(value)
        elif parent is not None and parent.key_next:
            value = parent.key  # the walker has read it
        else:  # walker.scalar_value(event), inline: a call per value costs ~1% of a load
            value = plain_scalar(event.value) if event.implicit[0] else event.value
        if parent is None:
            root = value
        elif parent.depth >= MAX_DEPTH:
            raise too_deep(event.start_mark.line + 1, event.start_mark.column + 1)
        elif parent.key_next:
            _key(parent, value, event)
        elif parent.mapping:
            parent.data[0][parent.key] = value
        else:
            parent.data.append(value)
    return root, max(map(len, inner), default=0)


def _key(frame: Frame, key: Any, event: Any) -> None:
    if isinstance(key, dict | list):
        raise problem_at(event, "PP001", "khóa phải là một chuỗi, không phải danh sách hay ánh xạ")
    lines: dict[Any, int] = frame.data[1]
    if len(lines) >= MAX_KEYS:
        raise problem_at(
            event,
            "PP008",
            f"quá nhiều khóa trong một ánh xạ (hơn {format_number(MAX_KEYS)}): một mục của kế "
            "hoạch chỉ có vài chục khóa",
        )
    if key in lines:
        raise problem_at(
            event,
            "PP002",
            f"khóa '{key}' bị lặp trong cùng một ánh xạ (đã có ở dòng {lines[key]})",
        )
    lines[key] = event.start_mark.line + 1
