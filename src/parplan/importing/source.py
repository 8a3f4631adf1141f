"""Reading a plan's original (.docx, .txt, .md) into paragraphs and tables, in order.

Nothing here knows what a plan is: it only turns a file into blocks that remember where they
came from (paragraph or line number, table and row), whether they were bold or italic, and
the cells of each table row with merged cells resolved.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parplan.core.errors import ImportRefused
from parplan.storage.files import megabytes, read_input, unpacks_beyond

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and encrypted Office files


@dataclass(frozen=True)
class Para:
    text: str
    where: str  # "12" (paragraph number in .docx, line number in text)
    bold: bool = False
    italic: bool = False
    heading: int = 0  # heading level given by a Word style or Markdown "#"


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]  # one per grid column; a merged cell repeats its text
    where: str  # "bảng 2, dòng 5"
    distinct: int = 0  # how many cells the row really has (merged cells count once)


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    number: int


Block = Para | Table


@dataclass
class Source:
    name: str
    blocks: list[Block] = field(default_factory=list)


def clean(text: str) -> str:
    """NFC, non-breaking spaces and runs of spaces made plain, ends stripped."""
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ").replace("\u200b", "")
    return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()


def read_source(path: Path) -> Source:
    """The blocks of ``path``; ImportRefused (nothing read) for whatever is not readable."""
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ImportRefused(
            path,
            "tệp Word 97-2003 (.doc) không được hỗ trợ: mở bằng Word hoặc LibreOffice rồi "
            "lưu thành .docx",
        )
    if suffix not in (".docx", ".txt", ".md", ".markdown"):
        raise ImportRefused(path, "chỉ nhập được tệp .docx, .txt hoặc .md")
    raw = read_input(path)
    if not raw:
        raise ImportRefused(path, "tệp rỗng")
    if suffix == ".docx":
        return Source(path.name, _docx_blocks(path, raw))
    return Source(path.name, text_blocks(_decode(path, raw)))


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(_OLE_MAGIC) or raw.startswith(b"PK\x03\x04"):
        raise ImportRefused(path, "tệp nhị phân (Word?), không phải văn bản: đổi đuôi thành .docx")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(path, "tệp văn bản không phải UTF-8: hãy lưu lại dạng UTF-8") from None
    if not text.strip():
        raise ImportRefused(path, "tệp chỉ có khoảng trắng")
    return text


# --- Word -------------------------------------------------------------------------------------


# A plan's .docx is a zip of ~1 MB unpacked; python-docx parses its parts whole, so one that
# unpacks to hundreds of MB (a zip bomb) is refused from its directory before it is opened.
MAX_DOCX_UNPACKED = 64 * 1024 * 1024
# A plan's .docx has a few hundred paragraphs and a few thousand runs (pieces of text in one
# format). python-docx builds objects for every one, so a file of millions (2.7 million runs:
# 147 s and 1.6 GB; 50 MB of paragraphs: not done in 300 s) is refused, counted in its XML
# before it is parsed.
MAX_PARAGRAPHS = 50_000
MAX_RUNS = 200_000


def _docx_blocks(path: Path, raw: bytes) -> list[Block]:
    if raw.startswith(_OLE_MAGIC):
        encrypted = "EncryptedPackage".encode("utf-16-le") in raw
        why = (
            "tệp được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu (Word: Tệp › Thông tin › Bảo vệ "
            "tài liệu) rồi nhập lại"
            if encrypted
            else "đây là tệp Word 97-2003 (.doc) mang đuôi .docx: hãy lưu lại thành .docx"
        )
        raise ImportRefused(path, why)
    unpacked = unpacks_beyond(path, MAX_DOCX_UNPACKED)
    if unpacked is not None:
        raise ImportRefused(
            path,
            f"tệp giải nén ra {megabytes(unpacked)}, quá lớn cho một kế hoạch "
            f"(tối đa {megabytes(MAX_DOCX_UNPACKED)})",
        )
    _refuse_too_many(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise ImportRefused(path, _not_word(path)) from None
    except Exception:  # lxml and zlib errors on a damaged package (their text is English)
        raise ImportRefused(path, "tệp .docx hỏng: nội dung bên trong không đọc được") from None
    from docx.exceptions import InvalidXmlError
    from lxml.etree import XPathError

    try:
        return list(_walk(document))
    except (InvalidXmlError, XPathError, ValueError):
        # python-docx reading a value it does not allow (<w:b w:val="maybe"/>) or splicing a
        # style id with a quote into an XPath: the file's XML, not parplan, is at fault
        raise ImportRefused(
            path,
            "tệp .docx có giá trị XML không hợp lệ (định dạng chữ, kiểu đoạn hoặc đánh số): "
            "hãy mở bằng Word rồi lưu lại",
        ) from None


def _not_word(path: Path) -> str:
    """Why a package python-docx will not open is no Word document, in Vietnamese."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return "tệp .docx hỏng hoặc không phải tệp Word (không phải gói tài liệu Office)"
    if "xl/workbook.xml" in names:
        return "đây là tệp Excel mang đuôi .docx: hãy nhập tệp Word của kế hoạch"
    return "tệp .docx hỏng hoặc không phải tệp Word (thiếu phần văn bản word/document.xml)"


def _count_parts(path: Path) -> tuple[int, int]:
    """Paragraphs (``<w:p>``) and runs (``<w:r>``) in the package's XML parts, counted as
    they unpack (the package is already known to unpack to at most MAX_DOCX_UNPACKED)."""
    paragraphs = runs = 0
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml"):
                    continue
                with archive.open(name) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        data = tail + chunk  # a 5-byte tag split across chunks is whole here
                        paragraphs += data.count(b"<w:p>") + data.count(b"<w:p ")
                        runs += data.count(b"<w:r>") + data.count(b"<w:r ")
                        tail = data[-4:]  # too short to hold a tag counted already
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0, 0  # python-docx says what is wrong with it
    return paragraphs, runs


def _refuse_too_many(path: Path) -> None:
    from parplan.core.numbers import format_number

    paragraphs, runs = _count_parts(path)
    for count, limit, what in (
        (paragraphs, MAX_PARAGRAPHS, "đoạn"),
        (runs, MAX_RUNS, "đoạn chữ (run)"),
    ):
        if count > limit:
            raise ImportRefused(
                path,
                f"tệp có {format_number(count)} {what}, quá giới hạn {format_number(limit)} "
                "của một kế hoạch (một kế hoạch có vài trăm đoạn)",
            )


class _Styles:
    """Each style of the document looked up once: python-docx searches the styles part on
    every ``paragraph.style`` and ``run.style`` (a 56 KB file of 8,600 paragraphs: 42 s)."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._styles = document.part.styles
        self._kinds = (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)
        self._found: dict[tuple[str | None, bool], Any] = {}
        self._numbered: dict[str | None, Any] = {}

    def _get(self, style_id: str | None, paragraph: bool) -> Any:
        key = (style_id, paragraph)
        if key not in self._found:
            kind = self._kinds[0] if paragraph else self._kinds[1]
            self._found[key] = self._styles.get_by_id(style_id, kind)
        return self._found[key]

    def of_paragraph(self, p: Any) -> Any:
        return self._get(p._p.style, True)

    def of_run(self, run: Any) -> Any:
        style_id = run._r.style
        return self._get(style_id, False) if style_id is not None else None

    def num_pr(self, style_id: str | None) -> Any:
        """The numbering a paragraph style (or one it is based on) gives."""
        if style_id not in self._numbered:
            style = self._get(style_id, True)
            num_pr = None
            while num_pr is None and style is not None:
                spr = style.element.pPr
                num_pr = spr.numPr if spr is not None else None
                style = style.base_style
            self._numbered[style_id] = num_pr
        return self._numbered[style_id]


def _walk(document: Any) -> Any:
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    from parplan.importing.numbering import Numbering

    styles = _Styles(document)
    numbering = Numbering(document, styles.num_pr)
    para_no = 0
    table_no = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para_no += 1
            para = _para(Paragraph(child, document), str(para_no), numbering, styles)
            if para.text:
                yield para
        elif tag == "tbl":
            table_no += 1
            yield _table(DocxTable(child, document), table_no)


def _styled(run: Any, run_style: Any, para_style: Any, attr: str) -> bool:
    value = getattr(run.font, attr)
    if value is None and run_style is not None:
        value = getattr(run_style.font, attr)
    if value is None and para_style is not None:
        value = getattr(para_style.font, attr)
    return bool(value)


def _para(p: Any, where: str, numbering: Any, styles: _Styles) -> Para:
    text = clean(p.text)
    marker = numbering.marker(p) if text else None
    if marker:  # Word draws the number: put it in front, as the reader sees it
        text = f"{marker} {text}"
    style = styles.of_paragraph(p)
    runs = [(r, styles.of_run(r)) for r in p.runs if r.text.strip()]
    bold = bool(runs) and all(_styled(r, s, style, "bold") for r, s in runs)
    italic = bool(runs) and all(_styled(r, s, style, "italic") for r, s in runs)
    name = (style.name or "") if style is not None else ""
    m = re.match(r"(?i)heading\s*(\d)", name)
    heading = int(m[1]) if m else (1 if name.lower() == "title" else 0)
    return Para(text, where, bold, italic, heading)


MAX_SPAN = 63  # columns a Word table may have, and so a cell may span


def _table(table: Any, number: int) -> Table:
    """Each row's cells, one per grid column it covers, resolved here as python-docx's
    ``row.cells`` does, but in one pass: that recurses once per row of a vertical merge (a
    cell merged down 3,000 rows: RecursionError) and repeats a cell once per column it claims
    to span (``gridSpan="100000000"``: no end); a span is at most MAX_SPAN, one not a number
    is 1."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    rows = []
    above: list[tuple[int, str]] = []  # the previous row's (cell, text) per grid column
    for i, tr in enumerate(table._tbl.tr_lst, start=1):
        cells: list[tuple[int, str]] = []
        for tc in tr.tc_lst:
            props = tc.tcPr
            span = _attr(props, qn("w:gridSpan"))
            merge = props.find(qn("w:vMerge")) if props is not None else None
            continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
            if continued and len(cells) < len(above):  # the text of the cell it continues
                cell = above[len(cells)]
            else:
                text = "\n".join(Paragraph(p, table).text for p in tc.p_lst)
                cell = (id(tc), clean(text))
            width = 1
            if span and span.isascii() and span.isdigit():
                width = int(span) if len(span) < 4 else MAX_SPAN
            cells += [cell] * max(1, min(width, MAX_SPAN))
        above = cells
        texts = tuple(text for _, text in cells)
        rows.append(Row(texts, f"bảng {number}, dòng {i}", len({c for c, _ in cells})))
    return Table(tuple(rows), number)


def _attr(props: Any, tag: str) -> str | None:
    from docx.oxml.ns import qn

    found = props.find(tag) if props is not None else None
    return found.get(qn("w:val")) if found is not None else None


# --- text and Markdown ---------------------------------------------------------------------------

_MARKER = re.compile(
    r"^(?:#{1,6}\s|[-+*•]\s|\d+(?:\.\d+)*[.)]\s|[IVX]+[.)]\s|[a-zđ]\)\s|\|)", re.IGNORECASE
)
# HTML wrappers (<div align="center">), rules (---, ***) and comments carry no text
_DECORATION = re.compile(r"^(?:</?[a-zA-Z][^>]*>|<!--.*-->|[-*_=\s]{3,})$")
_BOLD = re.compile(r"^\*\*(.+)\*\*$|^__(.+)__$")
_ITALIC = re.compile(r"^\*(?!\*)(.+)\*$|^_(?!_)(.+)_$")


def text_blocks(text: str) -> list[Block]:
    """Paragraphs of a text or Markdown file: a blank line, a hard break, or a line that
    starts with a heading, bullet or number ends a paragraph; other lines continue it (text
    copied from a PDF is wrapped). Consecutive ``|`` lines form a table."""
    blocks: list[Block] = []
    current: list[tuple[int, str]] = []
    table: list[tuple[int, str]] = []
    tables = 0

    def flush() -> None:
        if current:
            blocks.append(_text_para(" ".join(t for _, t in current), str(current[0][0])))
            current.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean(raw)
        if table and not line.startswith("|"):
            tables += 1
            blocks.append(_pipe_table(table, tables))
            table = []
        if line.startswith("|"):
            flush()
            table.append((number, line))
            continue
        if not line or _DECORATION.match(line):
            flush()
            continue
        alone = bool(_BOLD.match(line) or _ITALIC.match(line) or _upper(line))
        if alone or _MARKER.match(line) or (current and _upper(current[-1][1])):
            flush()
        current.append((number, line.rstrip("\\").strip()))
        if alone or raw.endswith(("  ", "\\")) or line.startswith("#"):
            flush()
    flush()
    if table:
        blocks.append(_pipe_table(table, tables + 1))
    return blocks


def _upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _text_para(text: str, where: str) -> Para:
    heading = 0
    m = re.match(r"^(#{1,6})\s+(.*)$", text)
    if m:
        heading, text = len(m[1]), m[2]
    bold = italic = False
    if b := _BOLD.match(text):
        bold, text = True, b[1] or b[2]
    elif i := _ITALIC.match(text):
        italic, text = True, i[1] or i[2]
    return Para(_inline(text), where, bold, italic, heading)


def _inline(text: str) -> str:
    """Markdown emphasis and escapes removed: the words as a reader sees them."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m[1] or m[2], text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)
    return text.strip()


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    parts = re.split(r"(?<!\\)\|", body)
    return [_inline(re.sub(r"<br\s*/?>", "\n", p, flags=re.IGNORECASE)) for p in parts]


def _pipe_table(lines: list[tuple[int, str]], table: int) -> Table:
    rows = []
    for number, line in lines:
        cells = _pipe_cells(line)
        if all(re.fullmatch(r":?-{2,}:?", c.strip()) for c in cells if c.strip()) and any(cells):
            continue
        texts = tuple(clean(c) for c in cells)
        rows.append(Row(texts, str(number), len(texts)))  # a text file: its line number
    return Table(tuple(rows), table)
