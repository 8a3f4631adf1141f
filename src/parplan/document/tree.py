"""The node tree of one part of a plan's text, with positions, for precise edits.

The events are walked by ``walker.Walk``, as for the loader; nodes are built only for the
subtree at the requested path, every container off the path is skipped, and parsing stops at
its end: editing task 25,000 of a 50,000-task plan builds a few dozen nodes, not millions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from parplan.document.walker import Frame, Placed, Walk, event_source, plain_scalar


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


def key_of(node: Any) -> Any:
    """A mapping key as the data has it (plain scalars resolved, quoted ones as written)."""
    if type(node) is not Scalar:
        return None
    return node.value if node.style else plain_scalar(node.value)


def compose_at(text: str, path: Path) -> Node | None:
    """The node at ``path`` (mapping keys and list indices from the root), or None when the
    text has no such node. Only the containers on the way are walked into; the rest is
    skipped."""
    walk = Walk(event_source(text))
    events = walk.events()
    for event, parent, frame in events:
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            return None  # the end of a container on the path: the target is not in it
        depth = 0
        if parent is not None:
            part = parent.key if parent.mapping else parent.index
            if parent.key_next or part != path[parent.depth - 1]:  # a key, or off the path
                if frame is not None:
                    walk.skip()
                continue
            depth = parent.depth
        if depth == len(path):
            return _build(event, frame, events)
        if frame is None:
            return None  # a scalar where the path goes on
    return None


def _node(event: Any) -> Node:
    kind = type(event)
    if kind is ScalarEvent:
        return Scalar(event.value, event.start_mark, event.end_mark, event.style)
    if kind is MappingStartEvent:
        return Mapping(event.start_mark, event.flow_style)
    if kind is SequenceStartEvent:
        return Sequence(event.start_mark, event.flow_style)
    return Scalar("", event.start_mark, event.end_mark, None)  # an alias: plans refuse them


def _build(first: Any, top: Frame | None, events: Iterator[Placed]) -> Node:
    """The subtree starting at ``first`` (``top``: the container it opens), read from
    ``events`` to its end."""
    root = _node(first)
    if top is None:
        return root
    top.data = root
    for event, parent, frame in events:
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            assert frame is not None
            frame.data.end_mark = event.end_mark
            if frame is top:
                return root
            continue
        assert parent is not None  # inside ``top``
        node = _node(event)
        if frame is not None:
            frame.data = node
        siblings = parent.data.value
        if not parent.mapping:
            siblings.append(node)
        elif parent.key_next:
            siblings.append((node,))
        else:
            siblings[-1] = (siblings[-1][0], node)
    return root
