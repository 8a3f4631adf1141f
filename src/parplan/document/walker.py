"""The one walk over a plan's parser events: every reader of the text (``fastyaml`` builds the
data, ``positions`` locates paths, ``tree`` composes the part being edited) is a loop over
``Walk.events()``.

The walk pulls the events from ``event_source`` and keeps the stack of open mappings and
sequences (``Frame``): for each node it says where the node is (the root, a mapping's key, the
value of a key, a list's item at an index) and, for a key, what it is as data. A reader passes
over a container it does not need with ``Walk.skip()``, at the parser's own speed. A strict walk
(the first read of a file) refuses what plans refuse: anchors, aliases, merge keys, explicit
tags and a second document, each located where it starts.

Handing each event over (a generator's resume) is what one walk for all readers costs: about
7% of a load's instructions (valgrind, plans/2024.yaml and a 10,000-task plan), so the loader,
which needs no container's end, asks for none (``ends=False``).

Scalars are read by YAML 1.2's core rules, as ruamel's safe loader reads them, with dates kept
as text (``plain_scalar``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
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


# Tags whose scalar stays text whether its pattern matches or not: their patterns are never
# tried (none matches what a null, bool, int or float pattern matches: a timestamp has a '-'
# after four digits, the others are '<<', '=', '!', '&', '*').
_TEXT_TAGS = frozenset({"timestamp", "merge", "value", "yaml"})


def _resolvers() -> dict[str, list[tuple[str, str, int]]]:
    """YAML 1.2 implicit resolvers of ruamel, by first character (same order, same regexes;
    those of ``_TEXT_TAGS`` left out): (tag, pattern, flags), compiled on first use."""
    table: dict[str, list[tuple[str, str, int]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        short = tag.removeprefix(_TAG)
        if (1, 2) not in versions or short in _TEXT_TAGS:
            continue
        for char in first or [""]:
            table.setdefault(char, []).append((short, regexp.pattern, regexp.flags))
    return table


_RESOLVERS = _resolvers()


@cache
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    """A resolver's regex, compiled when a scalar first needs it (compiling the int and float
    patterns costs more instructions than reading plans/2024.yaml, which needs neither)."""
    return re.compile(pattern, flags)


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
    if text.isdigit() and text.isascii():  # what the int pattern matches most, without it
        return int(text)
    inner = text[1:]
    if ("-" in inner or "+" in inner) and "e" not in text and "E" not in text:
        # a sign inside, not an exponent's (2024-06-30, 2024-Q1): no null, bool, int or float
        return text
    for tag, pattern, flags in _RESOLVERS.get(text[:1], ()):
        if _compiled(pattern, flags).match(text):
            if tag == "null":
                return None
            if tag == "bool":
                return text.lower() == "true"
            if tag == "int":
                return _int(text)
            if tag == "float":
                return _float(text)
    return text


def scalar_value(event: Any) -> Any:
    """A scalar event as the data has it: a plain scalar resolved, any other as written."""
    return plain_scalar(event.value) if event.implicit[0] else event.value


def problem_at(event: Any, code: str, message: str) -> YamlProblem:
    """A problem located where ``event`` starts."""
    mark = event.start_mark
    return YamlProblem(Problem(code, message, line=mark.line + 1, column=mark.column + 1))


def refused(event: Any, what: str) -> YamlProblem:
    return problem_at(
        event,
        "PP007",
        f"{what} không được hỗ trợ trong tệp kế hoạch: hãy viết đầy đủ giá trị "
        "(mỗi mục chỉ ở một chỗ để sửa an toàn)",
    )


def tag_refused(event: Any) -> YamlProblem:
    tag = str(event.tag)
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    return problem_at(
        event,
        "PP007",
        f"thẻ YAML {shown} không được hỗ trợ: tệp kế hoạch chỉ chứa chuỗi, số, danh sách và ánh xạ",
    )


class Frame:
    """An open mapping or sequence, and where the walk is in it."""

    __slots__ = ("data", "depth", "index", "key", "key_next", "mapping")

    def __init__(self, mapping: bool, depth: int) -> None:
        self.mapping = mapping
        self.depth = depth  # open containers down to this one (the root's is 1)
        self.key_next = mapping  # the next node is a key (in a mapping)
        self.key: Any = None  # the key being read or whose value is; None for a collection key
        self.index = 0  # in a sequence: the index of the item being read
        self.data: Any = None  # the reader's own: what it builds or looks for in the container

    def advance(self) -> None:
        """A node in this container is complete: next comes its value, the next key or item."""
        if self.mapping:
            self.key_next = not self.key_next
        else:
            self.index += 1


Placed = tuple[Any, Frame | None, Frame | None]  # (event, parent, frame): see Walk.events


class Walk:
    """One pass over a document's events (see the module's docstring)."""

    __slots__ = ("ends", "frames", "get_event", "strict")

    def __init__(
        self, get_event: Callable[[], Any], *, strict: bool = False, ends: bool = True
    ) -> None:
        self.get_event = get_event
        self.strict = strict  # refuse what plans refuse (the first read of a text)
        self.ends = ends  # yield the containers' ends too
        self.frames: list[Frame] = []  # the open containers, the root's first

    def events(self) -> Iterator[Placed]:
        """``(event, parent, frame)`` for each node and each container's end, in text order.

        ``parent`` is the open container the node is in (None: the node is the root); at a key
        ``parent.key_next`` is true and ``parent.key`` is the key as data, at a value
        ``parent.key`` is its key, at an item ``parent.index`` its index. ``frame`` is the
        container a start event opens (already on ``frames``; its ``data`` is the reader's to
        set; ``skip()`` passes over its content) or an end event closes (then ``parent`` is
        the container open again); None for a scalar or an alias. One flat loop: it runs once
        per event, hundreds of thousands of times for a large plan."""
        get_event, frames, strict, ends = self.get_event, self.frames, self.strict, self.ends
        parent: Frame | None = None
        documents = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if strict:
                    if event.anchor:
                        raise refused(event, f"neo '&{event.anchor}'")
                    implicit = event.implicit
                    if implicit[0]:
                        if event.value == "<<" and parent is not None and parent.key_next:
                            raise refused(event, "khóa gộp '<<'")
                    elif not implicit[1] and event.tag not in (None, "!"):
                        raise tag_refused(event)
                if parent is None:
                    yield event, None, None
                elif parent.key_next:
                    parent.key = scalar_value(event)
                    yield event, parent, None
                    parent.key_next = False
                elif parent.mapping:
                    yield event, parent, None
                    parent.key_next = True
                else:
                    yield event, parent, None
                    parent.index += 1
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if strict:
                    if event.anchor:
                        raise refused(event, f"neo '&{event.anchor}'")
                    if event.tag and not event.implicit:
                        raise tag_refused(event)
                if parent is not None and parent.key_next:
                    parent.key = None
                frame = Frame(kind is MappingStartEvent, len(frames) + 1)
                frames.append(frame)
                yield event, parent, frame
                parent = frames[-1] if frames else None  # the parent again if it was skipped
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = frames.pop()
                if frames:
                    parent = frames[-1]
                    if parent.mapping:  # parent.advance(), inline: the hot path
                        parent.key_next = not parent.key_next
                    else:
                        parent.index += 1
                else:
                    parent = None
                if ends:
                    yield event, parent, frame
            elif kind is AliasEvent:
                if strict:
                    raise refused(event, f"bí danh '*{event.anchor}'")
                if parent is not None and parent.key_next:
                    parent.key = None
                yield event, parent, None
                if parent is not None:
                    parent.advance()
            elif kind is StreamEndEvent:
                return
            elif kind is DocumentStartEvent and strict:
                documents += 1
                if documents > 1:
                    raise problem_at(
                        event,
                        "PP001",
                        "tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' hoặc '...' thứ hai)",
                    )

    def skip(self) -> None:
        """Pass over the content of the container just opened, unchecked, and close it."""
        get_event = self.get_event
        depth = 1
        while depth:
            kind = type(get_event())
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
        frames = self.frames
        frames.pop()
        if frames:
            frames[-1].advance()
