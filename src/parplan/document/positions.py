"""Where each part of a plan's text lives: the line and column of any path (a problem's
``loc``), for located messages.

The text is composed once; each mapping's keys are indexed the first time a path goes through
it, so locating n problems costs O(n), not O(n × keys): 100,000 unknown keys in one mapping
are located in one pass instead of 10^10 comparisons.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from parplan.document.fastyaml import Mapping, Sequence, plain_scalar
from parplan.errors import Loc


class Positions:
    """Positions in one text (composed lazily, on the first question)."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._root: Any = None
        self._keys: dict[int, dict[Any, Any]] = {}

    def _tree(self) -> Any:
        if self._text is not None:
            from parplan.document.yamlio import compose_for_positions

            self._root, self._text = compose_for_positions(self._text), None
        return self._root

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the node at ``loc``, as deep as the text allows: a
        missing key points at its parent mapping's first key. ``key=True`` points at the last
        key itself rather than its value (for unknown keys)."""
        node = self._tree()
        mark = node.start_mark if node is not None else None
        for i, part in enumerate(loc):
            if type(node) is Mapping:
                pair = self._index(node).get(_hashable(part))
                if pair is None:
                    pair = self._index(node).get(_text_key(part))
                if pair is None:
                    mark = node.value[0][0].start_mark if node.value else node.start_mark
                    break
                mark = pair[0].start_mark if (key and i == len(loc) - 1) else pair[1].start_mark
                node = pair[1]
            elif type(node) is Sequence and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        if mark is None:
            return 1, 1
        return mark.line + 1, mark.column + 1

    def _index(self, mapping: Any) -> dict[Any, Any]:
        """The mapping's pairs by key as the data has it, and by its text (NFC)."""
        index = self._keys.get(id(mapping))
        if index is None:
            index = {}
            for pair in mapping.value:
                if len(pair) != 2:
                    continue
                node = pair[0]
                value = node.value if node.style else plain_scalar(node.value)
                index.setdefault(_hashable(value), pair)
                index.setdefault(_text_key(value), pair)
            self._keys[id(mapping)] = index
        return index


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return ("unhashable", repr(value))
    return value


def _text_key(value: Any) -> tuple[str, str]:
    return ("text", unicodedata.normalize("NFC", str(value)))
