"""Edits as data, and the one function that applies them to a plan's text.

An edit names a mapping by its path from the root (``("tasks", 4, "progress")``) and says what
to do there: set a key (``SetField``) or append to the list under a key (``AppendToList``).
``apply`` changes only the text of the edited nodes, in whatever style they were written:
block or flow collections, plain, quoted or block scalars (any chomping), comments anywhere,
CRLF line breaks, a last line without a line break. ``apply_to_data`` is the same edit on
plain data: what the edited text must read back as.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.core.errors import ParplanError
from parplan.document.tree import Mapping, Node, Path, Scalar, compose_at, key_of
from parplan.document.tree import Sequence as SequenceNode
from parplan.document.walker import plain_scalar


class DocumentError(ParplanError):
    """Anything about a plan's YAML text: it cannot be read, located or edited as asked."""


@dataclass(frozen=True)
class Raw:
    """A scalar written without quotes (ids, literals such as `done`, periods)."""

    text: str


@dataclass(frozen=True)
class SetField:
    """Set ``key`` of the mapping at ``at`` to ``value`` (a scalar, a mapping or a list),
    adding the key when the mapping has none."""

    at: Path
    key: str
    value: Any


@dataclass(frozen=True)
class AppendToList:
    """Append ``items`` to the list under ``key`` of the mapping at ``at`` (a missing or
    null list is created; a single value becomes the list's first item)."""

    at: Path
    key: str
    items: tuple[Any, ...]


Edit = SetField | AppendToList
Splice = tuple[int, int, str]  # replace text[start:end] by the string
_FIRST_IN_FLOW = "\0"  # marks a splice that inserts into an empty flow collection


# --- rendering values -----------------------------------------------------------------------

_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def scalar(value: Any) -> str:
    """A YAML 1.2 scalar for a value parplan writes: strings double-quoted, dates ISO."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, Raw):
        return value.text
    if value == [] or value == {}:
        return "[]" if value == [] else "{}"
    # NFC, as the plan is read: text typed decomposed (a macOS terminal) is written as the
    # plan's other text is, and as ``check`` and every view see it
    quoted = json.dumps(unicodedata.normalize("NFC", str(value)), ensure_ascii=False)
    # JSON leaves these raw; in YAML they are line breaks (NEL, LS, PS) or not allowed
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def flow(value: Any) -> str:
    """A value in flow style (for a place inside ``{…}`` or ``[…]``)."""
    if isinstance(value, dict) and value:
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list) and value:
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def block(value: Any, indent: int, nl: str) -> str:
    """A mapping or list as block lines at ``indent``; every line starts with ``nl``."""
    pad = " " * indent
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            if _is_collection(item):
                out.append(f"{nl}{pad}{key}:{block(item, indent + 2, nl)}")
            else:
                out.append(f"{nl}{pad}{key}: {scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                inner = block(item, indent + 2, nl)
                out.append(f"{nl}{pad}- " + inner[len(nl) + indent + 2 :])
            else:
                out.append(f"{nl}{pad}- {flow(item)}")
    return "".join(out)


def _is_collection(value: Any) -> bool:
    return isinstance(value, dict | list) and bool(value)


# --- applying edits to text -----------------------------------------------------------------


def apply(text: str, edits: Sequence[Edit], *, composed: Node | None = None) -> str:
    """The text with ``edits`` made, each on the original text (so they must not overlap);
    DocumentError when the text has no place for an edit. Appends to one list are one
    append of all their items, in order, as ``apply_to_data`` makes them one after another
    (two appends creating one missing list would write its key twice). ``composed``: the
    text's whole tree (``compose_at(text, ())``) when the caller has composed it already."""
    if not edits:
        return text
    edits = _joined_appends(edits)
    base = _common_prefix(e.at for e in edits) if composed is None else ()
    root = compose_at(text, base) if composed is None else composed
    if root is None:
        raise DocumentError(f"không tìm thấy mục {_shown(base)} trong tệp")
    nl = "\r\n" if "\r\n" in text else "\n"
    splices: list[tuple[int, int, int, str]] = []  # start, -depth, end, new text
    for edit in edits:
        mapping = _walk(root, edit.at[len(base) :], edit.at)
        into_list = False
        if isinstance(edit, SetField):
            start, end, new = _set(text, mapping, edit.key, edit.value, nl)
        else:
            (start, end, new), into_list = _append(text, mapping, edit.key, list(edit.items), nl)
        # at one place, what goes into a deeper node comes first: items appended to the
        # last list of a mapping before a key added to the mapping
        splices.append((start, -len(edit.at) - into_list, end, new))
    ordered = [s for _, s in sorted(enumerate(splices), key=lambda s: (s[1][:2], s[0]))]
    pieces: list[str] = []
    done = 0
    for i, (start, _, end, new) in enumerate(ordered):
        if new.startswith(_FIRST_IN_FLOW):  # several keys into one empty `{}`: commas between
            later = i + 1 < len(ordered) and ordered[i + 1][0] == start
            new = new[1:] + (", " if later and ordered[i + 1][3].startswith(_FIRST_IN_FLOW) else "")
        if start < done:
            raise DocumentError("hai sửa đổi chồng lên cùng một chỗ trong tệp; hãy ghi từng lần")
        pieces += [text[done:start], new]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _joined_appends(edits: Sequence[Edit]) -> list[Edit]:
    """The edits with every AppendToList to one list merged into the first of them."""
    out: list[Edit] = []
    first: dict[tuple[Path, str], int] = {}
    for edit in edits:
        if isinstance(edit, AppendToList):
            at = first.setdefault((edit.at, edit.key), len(out))
            if at < len(out):
                earlier = out[at]
                assert isinstance(earlier, AppendToList)
                out[at] = AppendToList(edit.at, edit.key, (*earlier.items, *edit.items))
                continue
        out.append(edit)
    return out


def _common_prefix(paths: Iterable[Path]) -> Path:
    it = iter(paths)
    prefix = next(it)
    for path in it:
        n = 0
        while n < min(len(prefix), len(path)) and prefix[n] == path[n]:
            n += 1
        prefix = prefix[:n]
    return prefix


def _shown(path: Path) -> str:
    from parplan.core.errors import format_loc

    return format_loc(path) or "gốc"


def _walk(node: Node, rel: Path, full: Path) -> Mapping:
    for part in rel:
        child: Node | None = None
        if type(node) is Mapping:
            child = next((p[1] for p in node.value if len(p) == 2 and key_of(p[0]) == part), None)
        elif type(node) is SequenceNode and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            raise DocumentError(f"không tìm thấy mục {_shown(full)} trong tệp")
        node = child
    if type(node) is not Mapping:
        raise DocumentError(f"mục {_shown(full)} không phải là ánh xạ (khóa: giá trị)")
    return node


def _pair(mapping: Mapping, key: str) -> tuple[Scalar, Node] | None:
    return next((p for p in mapping.value if len(p) == 2 and key_of(p[0]) == key), None)


def _set(text: str, mapping: Mapping, key: str, value: Any, nl: str) -> Splice:
    pair = _pair(mapping, key)
    if mapping.flow_style:
        if pair is None:
            return _insert_flow(text, mapping, f"{key}: {flow(value)}")
        return _replace(text, pair, flow(value))
    if pair is None:
        at = _line_end(text, _end(text, mapping))
        return at, at, block({key: value}, int(mapping.value[0][0].start_mark.column), nl)
    if not _is_collection(value):
        return _replace(text, pair, scalar(value))
    key_node, value_node = pair
    end = _end(text, value_node)
    tail = text[end : _line_end(text, end)]
    if tail.strip().startswith("#"):  # keep a comment after the old value on the key's line
        end += len(tail)
    else:
        tail = ""
    indent = int(key_node.start_mark.column) + 2
    return key_node.end_mark.index, end, ":" + tail + block(value, indent, nl)


def _append(
    text: str, mapping: Mapping, key: str, items: list[Any], nl: str
) -> tuple[Splice, bool]:
    """The splice, and whether it goes into an existing list (rather than a new key)."""
    pair = _pair(mapping, key)
    seq = pair[1] if pair is not None else None
    if type(seq) is not SequenceNode or not seq.value:
        current: list[Any] = []
        if type(seq) is Scalar and seq.style is None and plain_scalar(seq.value) is not None:
            current = [Raw(seq.value)]
        elif type(seq) is Scalar and seq.style:
            current = [seq.value]
        elif seq is not None and type(seq) is not SequenceNode:
            raise DocumentError(f"'{key}' không phải là danh sách")
        return _set(text, mapping, key, [*current, *items], nl), False
    if seq.flow_style:
        return _insert_flow(text, seq, ", ".join(flow(item) for item in items)), True
    at = _line_end(text, _end(text, seq))
    return (at, at, block(items, int(seq.start_mark.column), nl)), True


def _replace(text: str, pair: tuple[Scalar, Node], new: str) -> Splice:
    """The value of a key replaced by ``new`` (one line)."""
    key_node, node = pair
    start, end = node.start_mark.index, _end(text, node)
    if type(node) is Scalar and not node.style and not node.value:  # `key:` with no value
        return start, start, " " + new
    if not isinstance(node, Scalar) and not node.flow_style:  # a block collection
        return key_node.end_mark.index, end, ": " + new
    if type(node) is Scalar and node.style in ("|", ">"):  # keep a comment on the header
        header = re.match(r"[|>][-+0-9]*([ \t]+#[^\r\n]*)?", text[start:end])
        if header and header.group(1):
            new += header.group(1)
    return start, end, new


def _insert_flow(text: str, collection: Mapping | SequenceNode, piece: str) -> Splice:
    if collection.value:
        last = collection.value[-1]
        at = _end(text, last[-1] if isinstance(last, tuple) else last)
        return at, at, ", " + piece
    at = collection.start_mark.index + 1
    return at, at, _FIRST_IN_FLOW + piece


def _end(text: str, node: Node) -> int:
    """Just past the last character of the node's own text: a block scalar's end mark lies
    at the start of the next line (past its trailing blank lines); a block collection ends
    where its last value ends, not at the next token, which may be lines of comments away."""
    while not isinstance(node, Scalar) and not node.flow_style and node.value:
        last: Any = node.value[-1]
        node = last[-1] if isinstance(last, tuple) else last
    end = int(node.end_mark.index)
    if type(node) is Scalar and node.style in ("|", ">") and node.end_mark.column == 0:
        end -= 2 if text[end - 2 : end] == "\r\n" else 1
    return end


def _line_end(text: str, index: int) -> int:
    """The end of the line holding ``index`` (before its line break), so that a comment
    after a value stays on its line."""
    end = text.find("\n", index)
    if end == -1:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


# --- the same edits on plain data -----------------------------------------------------------


def apply_to_data(data: Any, edits: Sequence[Edit]) -> Any:
    """A copy of ``data`` (as a plan file reads) with ``edits`` made."""
    data = copy.deepcopy(data)
    for edit in edits:
        target = data
        for part in edit.at:
            target = target[part]
        if isinstance(edit, SetField):
            target[edit.key] = as_data(edit.value)
            continue
        current = target.get(edit.key)
        current = [] if current is None else current if isinstance(current, list) else [current]
        target[edit.key] = [*current, *(as_data(item) for item in edit.items)]
    return data


def as_data(value: Any) -> Any:
    """A value as the text ``scalar``/``block`` write reads back."""
    if isinstance(value, Raw):
        return plain_scalar(value.text)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_data(v) for v in value]
    return value
