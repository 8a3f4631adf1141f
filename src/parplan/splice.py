"""Precise text edits of a YAML document: change one value, add one key or one list item,
and leave every other byte of the file as it was (comments, quoting, line breaks).

Positions come from the composed node graph (ruamel's C parser gives character indices).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.fastyaml import Mapping as MappingNode
from parplan.fastyaml import Scalar as ScalarNode
from parplan.fastyaml import Sequence as SequenceNode
from parplan.fastyaml import compose as fast_compose

Node = ScalarNode | MappingNode | SequenceNode

Path = tuple[str | int, ...]


class SpliceError(Exception):
    """The document's shape does not allow the edit (e.g. a list where a mapping was expected)."""


def compose(text: str) -> Node:
    from parplan.yamlio import gc_paused

    with gc_paused():  # millions of fresh nodes: the collector would only slow this down
        node: Node = fast_compose(text)
    return node


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def scalar(value: Any) -> str:
    """A YAML 1.2 scalar for a value parplan writes: strings double-quoted, dates ISO."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):  # beyond 2**53, int() would show digits nobody typed
        exact = value.is_integer() and abs(value) <= 2**53
        return str(int(value)) if exact else repr(value)
    if isinstance(value, Raw):
        return value.text
    quoted = json.dumps(str(value), ensure_ascii=False)
    # JSON leaves these raw; in YAML they are line breaks (NEL, LS, PS) or not allowed
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


@dataclass(frozen=True)
class Raw:
    """A scalar written without quotes (ids, literals such as `done`, periods)."""

    text: str


def block(value: Any, indent: int, nl: str) -> str:
    """A mapping or list rendered as block lines at ``indent`` (each line starting a new
    line: the result begins with ``nl``)."""
    pad = " " * indent
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out.append(f"{nl}{pad}{key}:{block(item, indent + 2, nl)}")
            else:
                out.append(f"{nl}{pad}{key}: {scalar(item) if item != [] else '[]'}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                inner = block(item, indent + 2, nl)
                out.append(f"{nl}{pad}- " + inner[len(nl) + indent + 2 :])
            else:
                out.append(f"{nl}{pad}- {scalar(item)}")
    return "".join(out)


class Document:
    """A YAML text and the edits made to it (applied back to front, so that positions
    computed on the original text stay valid)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.root = compose(text)
        self.nl = "\r\n" if "\r\n" in text else "\n"
        self._edits: list[tuple[int, int, str]] = []

    # --- navigation ---------------------------------------------------------------------

    def node(self, path: Path) -> Node | None:
        node: Node | None = self.root
        for part in path:
            if isinstance(node, MappingNode) and isinstance(part, str):
                node = next((v for k, v in node.value if k.value == part), None)
            elif isinstance(node, SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                return None
        return node

    def _key(self, mapping: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
        return next(((k, v) for k, v in mapping.value if k.value == key), None)

    # --- edits --------------------------------------------------------------------------

    def set(self, path: Path, key: str, value: Any) -> None:
        """Set ``key`` in the mapping at ``path`` to a scalar, a mapping or a list."""
        mapping = self.node(path)
        if not isinstance(mapping, MappingNode):
            raise SpliceError(f"không phải ánh xạ: {path}")
        found = self._key(mapping, key)
        if found is None:
            self._insert_key(mapping, key, value)
            return
        key_node, value_node = found
        is_collection = isinstance(value, dict | list) and value
        if not is_collection:
            new_text = scalar(value) if value != [] else "[]"
            collection = isinstance(value_node, MappingNode | SequenceNode) and value_node.value
            if collection and _is_block(value_node):  # it ends at its last leaf, not the next key
                at = key_node.end_mark.index
                self._edits.append((at, _leaf_end(value_node), ": " + new_text))
                return
            self._replace(value_node, new_text)
            return
        indent = _indent_of(mapping) + 2
        end = _leaf_end(value_node) if _is_block(value_node) else value_node.end_mark.index
        tail = self.text[end : _line_end(self.text, end)]
        if tail.strip().startswith("#"):  # keep a trailing comment on the key's line
            end += len(tail)
        else:
            tail = ""
        new = ":" + tail + block(value, indent, self.nl)
        self._edits.append((key_node.end_mark.index, end, new))

    def append(self, path: Path, key: str, item: Any) -> None:
        """Append ``item`` to the list under ``key`` of the mapping at ``path``."""
        self.extend(path, key, [item])

    def extend(self, path: Path, key: str, items: list[Any]) -> None:
        """Append ``items`` to the list under ``key`` of the mapping at ``path`` (one edit,
        so that several items can go into a list that does not exist yet)."""
        mapping = self.node(path)
        if not isinstance(mapping, MappingNode):
            raise SpliceError(f"không phải ánh xạ: {path}")
        found = self._key(mapping, key)
        if found is None or isinstance(found[1], ScalarNode) or not found[1].value:
            current: list[Any] = []
            scalar_node = found is not None and isinstance(found[1], ScalarNode)
            if scalar_node and found is not None and found[1].value not in ("", "null", "~"):
                current = [found[1].value]  # a single string becomes the first item
            self.set(path, key, [*current, *items])
            return
        seq = found[1]
        if not isinstance(seq, SequenceNode):
            raise SpliceError(f"không phải danh sách: {(*path, key)}")
        if not _is_block(seq):
            self.set(path, key, [*(_plain(v) for v in seq.value), *items])
            return
        at = _line_end(self.text, _leaf_end(seq))
        dash = seq.value[0].start_mark.column - 2
        self._edits.append((at, at, block(items, dash, self.nl)))

    def apply(self) -> str:
        """The text with every edit so far, in one pass (linear in the text: `collect` applies
        thousands of edits to one document); edits at one place keep the order they were
        made in."""
        order = sorted(enumerate(self._edits), key=lambda e: (e[1][0], e[0]))
        pieces: list[str] = []
        at = 0
        for _, (start, end, new) in order:
            if start < at:
                return self._apply_overlapping()
            pieces += (self.text[at:start], new)
            at = end
        pieces.append(self.text[at:])
        return "".join(pieces)

    def _apply_overlapping(self) -> str:
        text = self.text
        order = sorted(enumerate(self._edits), key=lambda e: (e[1][0], e[0]), reverse=True)
        for _, (start, end, new) in order:
            text = text[:start] + new + text[end:]
        return text

    # --- helpers ------------------------------------------------------------------------

    def _replace(self, node: Node, new: str) -> None:
        self._edits.append((node.start_mark.index, node.end_mark.index, new))

    def _insert_key(self, mapping: MappingNode, key: str, value: Any) -> None:
        if not _is_block(mapping) or not mapping.value:
            raise SpliceError("chỉ sửa được ánh xạ dạng khối")
        at = _line_end(self.text, _leaf_end(mapping))
        self._edits.append((at, at, block({key: value}, _indent_of(mapping), self.nl)))


def _is_block(node: Node) -> bool:
    return not getattr(node, "flow_style", False)


def _indent_of(mapping: MappingNode) -> int:
    return int(mapping.value[0][0].start_mark.column) if mapping.value else 0


def _leaf_end(node: Node) -> int:
    """End index of the last scalar (or flow collection) inside a block node."""
    while isinstance(node, MappingNode | SequenceNode) and _is_block(node) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return int(node.end_mark.index)


def _line_end(text: str, index: int) -> int:
    """The end of the line holding ``index`` (before its line break), so a trailing comment
    stays with its line."""
    end = text.find("\n", index)
    if end == -1:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _plain(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return Raw(node.value) if node.style is None else node.value
    raise SpliceError("danh sách lồng nhau dạng dòng không được hỗ trợ")


def changed_lines(before: str, after: str) -> Sequence[str]:
    import difflib

    return list(difflib.unified_diff(before.splitlines(True), after.splitlines(True)))
