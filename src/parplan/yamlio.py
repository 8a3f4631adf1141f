"""Reading plan YAML: the one place that configures ruamel.yaml.

Two parsers, one result. Read-only commands use ruamel's C-accelerated safe loader; only when
something is wrong is the file parsed again with the round-trip loader, whose position data
turns a problem's ``loc`` into ``line:column``. Dates stay text here (pydantic parses them, so
2024-02-30 is a located validation error rather than a crash). Anchors, aliases and merge keys
are refused: a plan is data many people edit, and an alias makes one edit change two places.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent

from parplan.errors import Loc, Problem

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
BOM = "\ufeff"


def max_bytes() -> int:
    """The size limit for a plan file; PARPLAN_MAX_BYTES overrides the default 64 MiB."""
    try:
        return int(os.environ.get("PARPLAN_MAX_BYTES", DEFAULT_MAX_BYTES))
    except ValueError:
        return DEFAULT_MAX_BYTES


def _timestamp_as_text(self: Any, node: Any) -> Any:
    return self.construct_scalar(node)


class _SafeConstructor(SafeConstructor):
    pass


class _RoundTripConstructor(RoundTripConstructor):
    pass


for _cls in (_SafeConstructor, _RoundTripConstructor):
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def safe_yaml() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _SafeConstructor
    return yaml


def roundtrip_yaml() -> YAML:
    """Round-trip YAML configured once for reading and writing plans."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _RoundTripConstructor
    yaml.width = 1_000_000  # never re-wrap long Vietnamese strings
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


class YamlProblem(Exception):
    """Reading or parsing failed; carries a located problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_text(path: Path) -> str:
    """Read a plan as UTF-8 (a BOM is accepted), normalised to NFC."""
    limit = max_bytes()
    size = path.stat().st_size
    if size > limit:
        raise YamlProblem(
            Problem(
                "PP008",
                f"tệp quá lớn ({size:,} byte), vượt giới hạn {limit:,} byte "
                "(đặt PARPLAN_MAX_BYTES để đổi giới hạn)",
                line=1,
                column=1,
            )
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(
            Problem(
                "PP003",
                f"byte 0x{raw[exc.start]:02x} không phải UTF-8: tệp kế hoạch phải được lưu "
                "dạng UTF-8",
                line=line,
                column=col,
            )
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    return unicodedata.normalize("NFC", text)


_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\{,])[&*][^\s\[\]\{\},]")


def _refuse_anchors(yaml: YAML, text: str) -> None:
    """Refuse anchors, aliases and merge keys. The regex is a cheap filter (a superset);
    the event parser confirms and locates."""
    if not (_MAYBE_ANCHOR.search(text) or "<<" in text):
        return
    for event in _events(yaml, text):
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            what = f"bí danh '*{event.anchor}'"
        elif (
            isinstance(event, ScalarEvent | MappingStartEvent | SequenceStartEvent) and event.anchor
        ):
            what = f"neo '&{event.anchor}'"
        elif isinstance(event, ScalarEvent) and event.value == "<<" and event.style is None:
            what = "khóa gộp '<<'"
        else:
            continue
        raise YamlProblem(
            Problem(
                "PP007",
                f"{what} không được hỗ trợ trong tệp kế hoạch: hãy viết đầy đủ giá trị "
                "(mỗi mục chỉ ở một chỗ để sửa an toàn)",
                line=mark.line + 1,
                column=mark.column + 1,
            )
        )


def _events(yaml: YAML, text: str) -> Iterator[Any]:
    try:
        yield from yaml.parse(text)
    except YAMLError:
        return  # the loader reports syntax errors with their own message


def load_fast(text: str) -> Any:
    """Parse with the C-accelerated safe loader; raise YamlProblem when it fails."""
    yaml = safe_yaml()
    _refuse_anchors(yaml, text)
    return _load(yaml, text)


def load_roundtrip(text: str) -> Any:
    yaml = roundtrip_yaml()
    _refuse_anchors(yaml, text)
    return _load(yaml, text)


def _load(yaml: YAML, text: str) -> Any:
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        raise YamlProblem(translate_yaml_error(exc)) from None
    except YAMLError as exc:
        raise YamlProblem(Problem("PP001", f"YAML không hợp lệ: {exc}", line=1, column=1)) from None
    except RecursionError:
        raise YamlProblem(
            Problem("PP008", "cấu trúc lồng nhau quá sâu", line=1, column=1)
        ) from None


_TRANSLATIONS: list[tuple[str, str, str]] = [
    (
        "found character '\\t' that cannot start any token",
        "PP006",
        "ký tự tab ở đầu dòng: YAML chỉ cho phép thụt lề bằng dấu cách",
    ),
    (
        "mapping values are not allowed here",
        "PP001",
        "không được có dấu ':' ở đây (thiếu dấu nháy quanh chuỗi có dấu ':', hay thụt lề sai?)",
    ),
    ("could not find expected ':'", "PP001", "thiếu dấu ':' sau khóa"),
    ("found unexpected end of stream", "PP001", "tệp kết thúc giữa chừng (thiếu dấu nháy đóng?)"),
    ("expected <block end>", "PP001", "thụt lề không khớp với các dòng trên"),
    ("did not find expected key", "PP001", "thụt lề không khớp: cần một khóa ở đây"),
    ("did not find expected '-' indicator", "PP001", "thụt lề không khớp: cần một mục '- ' ở đây"),
    (
        "could not determine a constructor for the tag",
        "PP007",
        "thẻ YAML không được hỗ trợ (chỉ dùng chuỗi, số, danh sách và ánh xạ)",
    ),
    ("found undefined tag handle", "PP007", "thẻ YAML không được hỗ trợ"),
    ("found unknown escape character", "PP001", "ký tự thoát không hợp lệ trong chuỗi có nháy kép"),
    ("found unexpected ':'", "PP001", "dấu ':' không đúng chỗ"),
    ("expected ',' or ']'", "PP001", "danh sách [...] thiếu dấu ',' hoặc ']'"),
    ("expected ',' or '}'", "PP001", "ánh xạ {...} thiếu dấu ',' hoặc '}'"),
    ("found a tab character", "PP006", "ký tự tab không được dùng để thụt lề"),
]


def translate_yaml_error(exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = str(exc.problem or "")
    if "found duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else "?"
        first = exc.context_mark.line + 1 if exc.context_mark else None
        where = f" (ánh xạ bắt đầu ở dòng {first})" if first else ""
        return Problem(
            "PP002", f"khóa '{key}' bị lặp trong cùng một ánh xạ{where}", line=line, column=column
        )
    for needle, code, message in _TRANSLATIONS:
        if needle in problem or needle in str(exc.context or ""):
            if code == "PP007" and "tag" in problem:
                tag = problem.rsplit(" ", 1)[-1]
                message = (
                    f"thẻ YAML {tag} không được hỗ trợ (chỉ dùng chuỗi, số, danh sách, ánh xạ)"
                )
            return Problem(code, message, line=line, column=column)
    return Problem("PP001", f"YAML không hợp lệ: {problem or exc}", line=line, column=column)


def locate(root: Any, loc: Loc, *, key: bool = False) -> tuple[int, int]:
    """1-based (line, column) of the node at ``loc`` in a round-trip tree. Walks as deep as
    the tree allows: a missing key points at its parent mapping. ``key=True`` points at the
    last key itself rather than its value (for unknown keys)."""
    node = root
    line, col = 0, 0
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        if isinstance(node, dict) and part in node:
            try:
                line, col = lc.key(part) if (key and last) else lc.value(part)
            except (KeyError, TypeError, IndexError):
                break
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            try:
                line, col = lc.item(part)
            except (KeyError, TypeError, IndexError):
                break
            node = node[part]
        else:
            if isinstance(node, dict) and node:
                first = next(iter(node))
                line, col = lc.key(first)
            break
    return line + 1, col + 1


def dump_plain(data: Any) -> str:
    """Plain data as block-style YAML text (for ``export --format yaml``)."""
    import io

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1_000_000
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
