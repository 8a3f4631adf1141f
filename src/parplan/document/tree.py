"""The node tree of one part of a plan's text, with positions, for precise edits.

Events come from the parser ``fastyaml`` uses; nodes are built only for the subtree
at the requested path, and parsing stops at its end: editing task 25,000 of a 50,000-task
plan builds a few dozen nodes, not millions.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from parplan.document.fastyaml import event_source, plain_scalar


class Scalar:
    """A scalar with its position: ``start_mark``/``end_mark`` carry index, line, column."""

    __slots__ = ("end_mark", "start_mark", "style", "value")

    def __init__(self, value: str, start_mark: Any, end_mark: Any, style: Any) -> None:
        self.value, self.start_mark, self.end_mark, self.style = value, start_mark, end_mark, style


class Collection:
    __slots__ = ("end_mark", "flow_style", "start_mark", "value")

    def __init__(self, start_mark: Any, flow_style: Any) -> None:
        self.value: list[Any] = []
        self.start_mark, self.end_mark, self.flow_style = start_mark, start_mark, flow_style


class Mapping(Collection):
    """``value`` is a list of (key Scalar, value node) pairs, in file order."""

    __slots__ = ()


class Sequence(Collection):
    __slots__ = ()


Node = Scalar | Mapping | Sequence
Path = tuple[str | int, ...]

_STARTS = (MappingStartEvent, SequenceStartEvent)
_ENDS = (MappingEndEvent, SequenceEndEvent)
_NODES = (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)


def key_of(node: Any) -> Any:
    """A mapping key as the data has it (plain scalars resolved, quoted ones as written)."""
    if type(node) is not Scalar:
        return None
    return node.value if node.style else plain_scalar(node.value)


def compose_at(text: str, path: Path) -> Node | None:
    """The node at ``path`` (mapping keys and list indices from the root), or None when the
    text has no such node."""
    get_event = event_source(text)
    # one frame per open container on the way to the target: [is_mapping, next index,
    # expecting a key, current key]
    frames: list[list[Any]] = []
    while True:
        event: Any = get_event()
        kind = type(event)
        if kind is StreamEndEvent or isinstance(event, _ENDS):
            return None  # the end of a container on the path: the target is not in it
        if not isinstance(event, _NODES):
            continue
        if frames:
            frame = frames[-1]
            if frame[0] and frame[2]:  # a mapping key
                frame[2] = False
                frame[3] = _key_value(event) if kind is ScalarEvent else None
                if isinstance(event, _STARTS):
                    _skip(get_event)
                continue
            if frame[0]:
                part, frame[2] = frame[3], True
            else:
                part, frame[1] = frame[1], frame[1] + 1
            if part != path[len(frames) - 1]:
                if isinstance(event, _STARTS):
                    _skip(get_event)
                continue
        if len(frames) == len(path):
            return _build(event, get_event)
        if not isinstance(event, _STARTS):
            return None
        frames.append([kind is MappingStartEvent, 0, True, None])


def _key_value(event: Any) -> Any:
    return event.value if event.style else plain_scalar(event.value)


def _skip(get_event: Any) -> None:
    depth = 1
    while depth:
        event = get_event()
        if isinstance(event, _STARTS):
            depth += 1
        elif isinstance(event, _ENDS):
            depth -= 1


def _build(first: Any, get_event: Any) -> Node:
    """The subtree starting at ``first``, consuming its events."""
    stack: list[Any] = []
    event: Any = first
    root: Any = None
    while True:
        kind = type(event)
        if kind is ScalarEvent:
            node: Any = Scalar(event.value, event.start_mark, event.end_mark, event.style)
        elif kind is MappingStartEvent:
            node = Mapping(event.start_mark, event.flow_style)
        elif kind is SequenceStartEvent:
            node = Sequence(event.start_mark, event.flow_style)
        elif isinstance(event, _ENDS):
            stack.pop().end_mark = event.end_mark
            if not stack:
                return root  # type: ignore[no-any-return]
            event = get_event()
            continue
        else:  # an alias: plans refuse them before any edit
            node = Scalar("", event.start_mark, event.end_mark, None)
        if root is None:
            root = node
        else:
            parent = stack[-1]
            if type(parent) is Sequence:
                parent.value.append(node)
            elif parent.value and len(parent.value[-1]) == 1:
                parent.value[-1] = (parent.value[-1][0], node)
            else:
                parent.value.append((node,))
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append(node)
        elif not stack:
            return root  # type: ignore[no-any-return]
        event = get_event()
