"""Where each part of a plan's text lives: the line and column of any path (a problem's
``loc``), for located messages.

``locate(text, wanted)`` walks the parser's events once (``walker.Walk``), keeping the marks of
the nodes the wanted paths go through and skipping every other container, and stops as soon as
every path is settled: found, or known to be absent (its mapping or list has ended). Locating n problems costs one pass
over the text up to the last of them, however many keys a mapping has (100,000 unknown keys
are one pass, not 10^10 comparisons) and however long the file goes on after them (a 2 MB flow
list whose first items are wrong is read no further than those items).

A path is located as deep as the text allows: a missing key points at its mapping's first key,
a missing index at its list; ``key=True`` points at the last key itself rather than its value
(an unknown key).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import MappingEndEvent, ScalarEvent, SequenceEndEvent

from parplan.core.errors import Loc
from parplan.document.walker import Frame, Walk, event_source

Request = tuple[Loc, bool]  # (path, point at the key rather than the value)


class _Node:
    """A node some wanted path goes through: its marks once the text has shown it."""

    __slots__ = (
        "by_text",
        "children",
        "endpoint",
        "first_key",
        "key_mark",
        "kind",
        "mark",
        "parent",
        "pending",
        "reading",
    )

    def __init__(self, parent: _Node | None) -> None:
        self.parent = parent
        self.children: dict[Any, _Node] = {}
        self.by_text: dict[tuple[str, str], _Node] = {}  # a key found by its text (NFC)
        self.endpoint = False  # an unsettled wanted path ends here
        self.pending = 0  # wanted paths ending in this subtree that are not settled yet
        self.mark: Any = None  # where the node starts; None: not (yet) seen in the text
        self.key_mark: Any = None  # where its key starts, in a mapping
        self.first_key: Any = None  # a mapping's first key (where a missing key points)
        self.kind = ""  # "map", "seq" or "scalar"
        self.reading: _Node | None = None  # in a mapping: the child whose key was just read

    def child(self, part: Any) -> _Node | None:
        found = self.children.get(_hashable(part))
        return found if found is not None else self.by_text.get(_text_key(part))

    def settle(self) -> None:
        """A wanted path ending here is settled: found, or known to be absent."""
        if self.endpoint:
            self.endpoint = False
            node: _Node | None = self
            while node is not None:
                node.pending -= 1
                node = node.parent

    def settle_all(self) -> None:
        """Every path below (and at) this node is settled: its container has ended."""
        if not self.pending:
            return
        self.settle()
        for child in self.children.values():
            child.settle_all()


def _tree(wanted: Iterable[Loc]) -> _Node:
    root = _Node(None)
    for loc in wanted:
        node = root
        for part in loc:
            child = node.children.get(_hashable(part))
            if child is None:
                child = _Node(node)
                node.children[_hashable(part)] = child
                node.by_text.setdefault(_text_key(part), child)
            node = child
        if not node.endpoint:
            node.endpoint = True
            step: _Node | None = node
            while step is not None:
                step.pending += 1
                step = step.parent
    return root


def locate(text: str, wanted: list[Request]) -> list[tuple[int, int]]:
    """1-based (line, column) of each wanted path, in the order asked."""
    root = _tree(loc for loc, _ in wanted)
    if root.pending:
        with suppress(YAMLError):  # the text was read once already; keep what was seen
            _scan(Walk(event_source(text)), root)
    return [_position(root, loc, key) for loc, key in wanted]


def _scan(walk: Walk, root: _Node) -> None:
    """Record the marks of wanted nodes, in one pass, until every wanted path is settled. A
    container no wanted path goes into is skipped: every open frame's ``data`` is a node."""
    for event, parent, frame in walk.events():
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            assert frame is not None
            frame.data.settle_all()
        else:
            node = root if parent is None else _place(parent, event)
            if node is not None:
                node.mark = event.start_mark
                node.kind = "scalar" if frame is None else "map" if frame.mapping else "seq"
                node.settle()
                if frame is None:
                    node.settle_all()  # nothing lies below a scalar
            if frame is not None:
                if node is not None and node.pending:
                    frame.data = node
                else:
                    walk.skip()
        if not root.pending:
            return
    root.settle_all()


def _place(parent: Frame, event: Any) -> _Node | None:
    """The wanted node this event starts in ``parent``, if any (a mapping's keys are noted on
    the way)."""
    node: _Node = parent.data
    if not parent.mapping:
        return node.children.get(parent.index)
    if not parent.key_next:  # a value: the node its key named
        return node.reading
    # a key
    if node.first_key is None:
        node.first_key = event.start_mark
    node.reading = None
    if type(event) is ScalarEvent:
        child = node.child(parent.key)
        if child is not None and child.mark is None and child.key_mark is None:
            child.key_mark = event.start_mark
            node.reading = child
    return None


def _position(root: _Node, loc: Loc, key: bool) -> tuple[int, int]:
    node = root
    mark = root.mark
    for i, part in enumerate(loc):
        child = node.child(part)
        if node.kind == "map":
            if child is None or child.mark is None:
                mark = node.first_key or node.mark
                break
            mark = child.key_mark if (key and i == len(loc) - 1) else child.mark
            node = child
        elif node.kind == "seq" and child is not None and child.mark is not None:
            mark = child.mark
            node = child
        else:
            break
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return ("unhashable", repr(value))
    return value


def _text_key(value: Any) -> tuple[str, str]:
    return ("text", unicodedata.normalize("NFC", str(value)))
