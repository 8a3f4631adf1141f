"""Reading plan YAML: decoding, limits, the fast load (``fastyaml``: plain data from the
parser's events) and ruamel's errors translated into located Vietnamese problems. When a plan
has problems, its events are read once more for positions (``document.positions``). Dates
stay text here (pydantic parses them, so
2024-02-30 is a located validation error rather than a crash). Anchors, aliases and merge keys
are refused: a plan is data many people edit, and an alias makes one edit change two places.
"""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from parplan.core.errors import Problem, YamlProblem

BOM = "\ufeff"


def read_text(path: Path, *, pipes: bool = False, what: str | None = None) -> str:
    """Read a plan as UTF-8 (a BOM is accepted), normalised to NFC: the bytes come from
    files.read_input (regular files or stdin only, and pipes if ``pipes``, within the size
    limit)."""
    from parplan.storage.files import read_input

    if what is not None:  # a YAML file other than a plan (a criteria table)
        return decode_plan(read_input(path, pipes=pipes, what=what))
    return decode_plan(read_input(path, pipes=pipes))


def decode_plan(raw: bytes) -> str:
    """A plan's bytes as text: UTF-8, a leading BOM dropped; UTF-16 or bad bytes refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            Problem(
                "PP003",
                "tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8",
                line=1,
                column=1,
            )
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise YamlProblem(
            Problem(
                "PP003",
                f"byte 0x{raw[exc.start]:02x} không phải UTF-8: tệp kế hoạch phải được lưu "
                "dạng UTF-8",
                line=line,
                column=col,
            )
        ) from None
    return text[1:] if text.startswith(BOM) else text


def nfc(data: Any) -> Any:
    """Every string of loaded data in NFC (dict keys too)."""
    if isinstance(data, str):
        return unicodedata.normalize("NFC", data)
    if isinstance(data, dict):
        return {nfc(k): nfc(v) for k, v in data.items()}
    if isinstance(data, list):
        return [nfc(v) for v in data]
    return data


def _tag(tag: Any) -> str:
    text = str(getattr(tag, "value", tag))
    return "!!" + text.removeprefix("tag:yaml.org,2002:") if text.startswith("tag:") else text


MAX_FLOW_DEPTH = 2000
_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str) -> None:
    """Refuse thousands of unclosed '[' / '{' before parsing: libyaml's time grows with the
    square of the flow nesting depth (40,000 levels: seconds; 2 MB: minutes). Brackets inside
    quoted text count too, so the bound is far above anything a plan holds."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_FLOW_DEPTH:
            line, column = _position(text, match.start())
            raise YamlProblem(
                Problem(
                    "PP008",
                    f"cấu trúc lồng nhau quá sâu (hơn {MAX_FLOW_DEPTH} dấu '[' hoặc '{{' chưa đóng)",
                    line=line,
                    column=column,
                )
            )
        depth = max(depth, 0)


class Loaded(NamedTuple):
    data: Any
    longest_inner_list: int  # the longest list below the top level (see fastyaml)


def load_fast(text: str) -> Loaded:
    """Plain data from the C parser's events (see fastyaml); YamlProblem when it fails."""
    from parplan.document import fastyaml

    _check_flow_depth(text)
    data, longest = _guarded(text, lambda: fastyaml.load_measured(text))
    return Loaded(data if unicodedata.is_normalized("NFC", text) else nfc(data), longest)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building a large fresh tree frees nothing, yet the collector's passes over the
    growing heap make big loads super-linear: pause it meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _guarded(text: str, load: Callable[[], Any]) -> Any:
    """Run a loader with the collector paused, turning its failures into located problems."""
    try:
        with gc_paused():
            return load()
    except ReaderError as exc:
        # the C reader reports a byte offset, the pure one a character index: find the character
        index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, col = _position(text, index if index >= 0 else 0)
        raise YamlProblem(
            Problem(
                "PP001",
                f"ký tự điều khiển U+{exc.character:04X} không được phép trong YAML "
                "(xóa ký tự này hoặc viết trong chuỗi nháy kép dạng \\u....)",
                line=line,
                column=col,
            )
        ) from None
    except MarkedYAMLError as exc:
        raise YamlProblem(translate_yaml_error(exc, text)) from None
    except YAMLError as exc:
        message = " ".join(str(exc).split())
        raise YamlProblem(
            Problem("PP001", f"YAML không hợp lệ: {message}", line=1, column=1)
        ) from None
    except RecursionError:
        from parplan.document.fastyaml import too_deep

        raise too_deep() from None
    except ValueError:  # e.g. an integer past Python's 4,300-digit conversion limit
        long_number = re.search(r"[0-9a-fA-FxXoO_]{1000,}", text)
        line, col = _position(text, long_number.start() if long_number else 0)
        raise YamlProblem(
            Problem(
                "PP008",
                "số quá dài (hơn 1.000 chữ số); hãy viết trong dấu nháy nếu là văn bản",
                line=line,
                column=col,
            )
        ) from None


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_TRANSLATIONS: list[tuple[str, str, str]] = [
    (
        "mapping values are not allowed",
        "PP001",
        "không được có dấu ':' ở đây (thiếu dấu nháy quanh chuỗi có dấu ':', hay thụt lề sai?)",
    ),
    ("could not find expected ':'", "PP001", "thiếu dấu ':' sau khóa"),
    ("expected <block end>", "PP001", "thụt lề không khớp với các dòng trên"),
    ("did not find expected key", "PP001", "thụt lề không khớp: cần một khóa ở đây"),
    ("did not find expected '-' indicator", "PP001", "thụt lề không khớp: cần một mục '- ' ở đây"),
    (
        "but found another document",
        "PP001",
        "tệp chỉ được chứa một tài liệu YAML (bỏ dòng '---' hoặc '...' thứ hai)",
    ),
    ("found undefined tag handle", "PP007", "thẻ YAML không được hỗ trợ"),
    ("found unknown escape character", "PP001", "ký tự thoát không hợp lệ trong chuỗi có nháy kép"),
    ("found unexpected ':'", "PP001", "dấu ':' không đúng chỗ"),
    ("expected ',' or ']'", "PP001", "danh sách [...] thiếu dấu ',' hoặc ']'"),
    ("expected ',' or '}'", "PP001", "ánh xạ {...} thiếu dấu ',' hoặc '}'"),
    ("found unexpected end of stream", "PP001", "tệp kết thúc giữa chừng"),
    (
        "expected alphabetic or numeric character",
        "PP001",
        "sau '&' hoặc '*' cần một tên; nếu đây là văn bản, hãy đặt nó trong dấu nháy",
    ),
    (
        "cannot start any token",
        "PP001",
        "giá trị không được bắt đầu bằng ký tự này ('@', '`' …): hãy đặt nó trong dấu nháy",
    ),
    (
        "directive",
        "PP001",
        "dòng chỉ thị '%…' không hợp lệ hoặc bị lặp (tệp kế hoạch không cần chỉ thị nào)",
    ),
    ("tag URI", "PP007", "thẻ YAML không hợp lệ"),
    ("URI escaped octet", "PP007", "thẻ YAML không hợp lệ"),
    (
        "comment or line break",
        "PP001",
        "thừa ký tự sau giá trị: cần xuống dòng hoặc chú thích '#' (giá trị có dấu cách, "
        "dấu nháy hay '|' thì đặt cả giá trị trong dấu nháy)",
    ),
    (
        "comment or a line break",
        "PP001",
        "thừa ký tự sau giá trị: cần xuống dòng hoặc chú thích '#' (giá trị có dấu cách, "
        "dấu nháy hay '|' thì đặt cả giá trị trong dấu nháy)",
    ),
    (
        "expected node content",
        "PP001",
        "thiếu giá trị ở đây (dấu ',' thừa trong [...] hay {...}, hoặc dòng '...' không đúng chỗ?)",
    ),
    (
        "block sequence entries are not allowed",
        "PP001",
        "không được có mục '- ' ở đây (thụt lề sai?)",
    ),
    ("mapping keys are not allowed", "PP001", "không được có khóa '?' ở đây (thụt lề sai?)"),
    ("hexadecimal", "PP001", "mã \\x, \\u hoặc \\U trong chuỗi có nháy kép không hợp lệ"),
    ("hexdecimal", "PP001", "mã \\x, \\u hoặc \\U trong chuỗi có nháy kép không hợp lệ"),
    ("escape", "PP001", "ký tự thoát không hợp lệ trong chuỗi có nháy kép"),
    ("document indicator", "PP001", "dòng '---' hoặc '...' không đúng chỗ"),
    ("tab character", "PP006", "ký tự tab ở đầu dòng: YAML chỉ cho phép thụt lề bằng dấu cách"),
]

# The last resort names the place, never the parser's English.
UNKNOWN_YAML_ERROR = "YAML không hợp lệ ở đây (kiểm tra thụt lề, dấu ':', dấu nháy và dấu ngoặc)"


def translate_yaml_error(exc: MarkedYAMLError, text: str = "") -> Problem:
    """A ruamel error as one located Vietnamese problem, pointing where the fix belongs."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = " ".join(str(exc.problem or "").split())
    context = " ".join(str(exc.context or "").split())
    at = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
    ctx = exc.context_mark

    def located(code: str, message: str, where: Any = None) -> Problem:
        m = where or mark
        return Problem(
            code, message, line=m.line + 1 if m else line, column=m.column + 1 if m else column
        )

    if "found duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else "?"
        first = _first_key_line(text, key, ctx.line if ctx else 0, line - 1, column - 1)
        where = f" (đã có ở dòng {first})" if first else ""
        return located("PP002", f"khóa '{key}' bị lặp trong cùng một ánh xạ{where}")
    if at == "\t" or "'\\t'" in problem:
        return located("PP006", "ký tự tab ở đầu dòng: YAML chỉ cho phép thụt lề bằng dấu cách")
    if "could not determine a constructor for the tag" in problem:
        tag = _tag(problem.rsplit(" ", 1)[-1].strip("'"))
        return located("PP007", f"thẻ YAML {tag} không được hỗ trợ")
    if "quoted scalar" in context and ctx is not None:
        return located("PP001", "chuỗi mở bằng dấu nháy ở đây chưa được đóng", ctx)
    if ("flow sequence" in context or "flow mapping" in context) and ctx is not None:
        kind = "danh sách [...]" if "sequence" in context else "ánh xạ {...}"
        return located("PP001", f"{kind} mở ở đây chưa được đóng hoặc thiếu dấu ','", ctx)
    if at == ":" and "expected key" in problem:
        return located("PP001", "thiếu tên khóa trước dấu ':'")
    quote = _unclosed_quote(text, line - 1)
    if quote is not None:
        return Problem(
            "PP001",
            "chuỗi mở bằng dấu nháy kép ở đây chưa được đóng",
            line=quote[0],
            column=quote[1],
        )
    for needle, code, message in _TRANSLATIONS:
        if needle in problem or needle in context:
            return located(code, message)
    return located("PP001", UNKNOWN_YAML_ERROR)


def _first_key_line(text: str, key: str, start: int, stop: int, column: int) -> int | None:
    """The line (1-based) where ``key`` first appears at ``column`` between two lines."""
    lines = text.splitlines()
    pattern = re.compile(rf"^\s{{{column}}}(?:- )?[\"']?{re.escape(key)}[\"']?\s*:")
    for number in range(start, min(stop, len(lines))):
        if pattern.match(lines[number]):
            return number + 1
    return None


def _unclosed_quote(text: str, error_line: int) -> tuple[int, int] | None:
    """(line, column) of a double quote left open on a line before the error, if any."""
    lines = text.splitlines()[: error_line + 1]
    for number in range(len(lines) - 1, max(-1, error_line - 50), -1):
        stripped = re.sub(r"\\.", "", lines[number])
        if stripped.lstrip().startswith("#"):
            continue
        quotes = [i for i, c in enumerate(stripped) if c == '"']
        if len(quotes) % 2 == 1 and number < error_line:
            raw_col = lines[number].find('"', lines[number].find(":") + 1)
            return number + 1, (raw_col if raw_col >= 0 else quotes[0]) + 1
    return None


DUMP_PART = 1_000  # items of a long top-level list dumped at a time
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def dump_plain(data: Any) -> str:
    """Plain data as block-style YAML text (``export --format yaml``, ``import``).

    ruamel builds a node for every value before it writes any, so a mapping's long lists are
    dumped DUMP_PART items at a time (block style writes them as the same lines): an import
    of 300,000 stray paragraphs took 1 GB for that alone. Never an anchor or alias, which
    parplan refuses to read. The C emitter (ruamel.yaml.clib) when installed writes the same
    data as the pure one, three times faster (a 10,000-task plan: 5.8 s against 19.2 s);
    without it ruamel falls back to the pure one."""
    if not isinstance(data, dict):
        return _dump(data)
    parts = []
    for key, value in data.items():
        simple = isinstance(key, str) and _SIMPLE_KEY.fullmatch(key)  # written as `key:`
        if not (simple and isinstance(value, list) and len(value) > DUMP_PART):
            parts.append(_dump({key: value}))
            continue
        parts.append(_dump({key: value[:DUMP_PART]}))
        parts.extend(
            _dump(value[i : i + DUMP_PART]) for i in range(DUMP_PART, len(value), DUMP_PART)
        )
    return "".join(parts)


def _dump(data: Any) -> str:
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 1_000_000
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.representer.ignore_aliases = lambda _: True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
