"""Reading a filled form back: its tie to the plan (the hidden sheet) and the raw values of
every row, whatever program saved it last (Excel, LibreOffice, openpyxl)."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parplan.core.errors import CellProblem, os_reason
from parplan.core.numbers import format_number
from parplan.forms.layout import (
    FIRST_ROW,
    FORMAT_VERSION,
    META_KEYS,
    META_SHEET,
    SHEETS,
    TIE_HEADER,
)

# Bounds for what a form may cost to read, far above any real form (the largest unit's form of
# a 10,000-task plan: 0.4 MB, 4.3 MB unpacked, 3,850 rows); a crafted .xlsx is a zip that can
# unpack to gigabytes, or a sheet of millions of rows openpyxl reads at ~80 µs each.
MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_FORM_UNPACKED = 256 * 1024 * 1024
MAX_SHEET_ROWS = 100_000
# What is read whole when a workbook opens (its shared strings, styles, workbook part) is bounded
# before it is read, and the strings are counted as they are read (openpyxl spends ~70 µs on
# each: a 0.6 MB form whose strings unpacked to 238 MB took 160 s and 1.4 GB). A sheet is read
# as a stream of cells, each row's up to the widest row Excel makes, each sheet's up to a
# bound (a 130 KB form of one row of 4 million cells took 19 s and 1.8 GB).
MAX_PART_UNPACKED = 16 * 1024 * 1024
MAX_OTHER_PART = 2 * 1024 * 1024  # a form's styles: ~20 KB; LibreOffice's whole workbook part less
MAX_STRINGS = 200_000
MAX_ROW_CELLS = 16_384  # columns A to XFD
MAX_SHEET_CELLS = 1_000_000


class _TooLarge(Exception):
    """A bound reached while reading: where, and why."""

    def __init__(self, sheet: str | None, cell: str | None, why: str) -> None:
        super().__init__(why)
        self.sheet, self.cell, self.why = sheet, cell, why


@dataclass
class FormFile:
    """A form as read: ``meta`` from the hidden sheet, ``index`` (sheet, row) -> (key,
    fingerprint) from each row's hidden tie column, and per sheet the values of each data
    row by row number."""

    name: str
    meta: dict[str, str] = field(default_factory=dict)
    index: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    rows: dict[str, dict[int, tuple[Any, ...]]] = field(default_factory=dict)

    def problem(self, sheet: str | None, cell: str | None, message: str, code: str) -> CellProblem:
        return CellProblem(self.name, sheet, cell, message, code)


def read_form(path: Path) -> tuple[FormFile, list[CellProblem]]:
    """The form's content, or the problems that make it unreadable as a parplan form."""
    form = FormFile(str(path))
    why = _not_a_file(path)
    if why is not None:
        return form, [form.problem(None, None, why, "PP201")]
    try:
        wb = _Book(path)
        try:
            return form, _read(wb, form)
        finally:
            wb.close()
    except _TooLarge as exc:
        return FormFile(str(path)), [form.problem(exc.sheet, exc.cell, exc.why, "PP201")]
    except OSError as exc:
        return form, [form.problem(None, None, f"không đọc được ({os_reason(exc)})", "PP201")]
    except Exception:  # whatever a foreign or damaged file makes openpyxl raise
        why = "không phải tệp Excel (.xlsx) đọc được, hoặc tệp bị hỏng"
        return FormFile(str(path)), [form.problem(None, None, why, "PP201")]


def _not_a_file(path: Path) -> str | None:
    from parplan.storage.files import kind_of, megabytes, unpacks_beyond

    try:
        info = path.stat()
    except FileNotFoundError:
        return "không tìm thấy tệp"
    except OSError as exc:
        return f"không đọc được ({os_reason(exc)})"
    if not stat.S_ISREG(info.st_mode):
        return f"{kind_of(info.st_mode)}, không phải tệp biểu mẫu"
    if info.st_size > MAX_FORM_BYTES:
        return "tệp quá lớn cho một biểu mẫu"
    unpacked = unpacks_beyond(path, MAX_FORM_UNPACKED)
    if unpacked is not None:
        return (
            f"tệp giải nén ra {megabytes(unpacked)}, quá lớn cho một biểu mẫu "
            f"(tối đa {megabytes(MAX_FORM_UNPACKED)})"
        )
    return _oversized_part(path)


def _oversized_part(path: Path) -> str | None:
    """A part read whole when the workbook opens unpacking past its bound, from the sizes
    the zip's directory declares: the shared strings past MAX_PART_UNPACKED, any other XML
    part (styles, workbook, relationships) past MAX_OTHER_PART (openpyxl reads a 15 MB
    styles part in ~15 s). Sheets are streamed; pictures are not read."""
    import zipfile

    from parplan.storage.files import megabytes

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: openpyxl says so
    for part in parts:
        name = part.filename
        if name.startswith("xl/worksheets/") or not name.endswith((".xml", ".rels", ".vml")):
            continue
        bound = MAX_PART_UNPACKED if "sharedStrings" in name else MAX_OTHER_PART
        if part.file_size > bound:
            return (
                f"phần {name} giải nén ra {megabytes(part.file_size)}, quá lớn cho một "
                f"biểu mẫu (tối đa {megabytes(bound)})"
            )
    return None


class _Book:
    """An .xlsx opened for reading as openpyxl's read-only mode opens it (manifest, shared
    strings, workbook, styles for the date formats), minus what costs more than its use:
    openpyxl reads every shared string with a slow reader (``_strings`` replaces it, bounded)
    and, opening each sheet, parses it whole when it names no dimension (the sheets are
    streamed by ``_rows`` instead)."""

    def __init__(self, path: Path) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import SHARED_STRINGS

        reader = ExcelReader(path, read_only=True, data_only=True, keep_links=False)
        self.archive = reader.archive
        try:
            reader.read_manifest()
            found = reader.package.find(SHARED_STRINGS)  # type: ignore[no-untyped-call]
            self.strings: list[str] = []
            if found is not None:
                with self.archive.open(found.PartName[1:]) as source:
                    self.strings = _strings(source)
            reader.read_workbook()
            apply_stylesheet(self.archive, reader.wb)
        except BaseException:
            self.archive.close()
            raise
        self.wb = reader.wb
        self.sheets = {
            sheet.name: rel.target
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files
        }

    def close(self) -> None:
        self.archive.close()


def _strings(source: Any) -> list[str]:
    """The shared strings, as openpyxl reads them (plain text and rich-text runs, phonetic
    runs left out), at most MAX_STRINGS of them, each element dropped once read."""
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    si, t, r = (f"{{{SHEET_MAIN_NS}}}{tag}" for tag in ("si", "t", "r"))
    strings: list[str] = []
    root = None
    for event, node in iterparse(source, events=("start", "end")):
        if root is None:
            root = node
        if event != "end" or node.tag != si:
            continue
        if len(strings) == MAX_STRINGS:
            why = (
                f"hơn {format_number(MAX_STRINGS)} chuỗi ký tự dùng chung: không phải biểu "
                "mẫu do parplan lập (không đọc tiếp)"
            )
            raise _TooLarge(None, None, why)
        text = [node.findtext(t) or ""]
        text += [run.findtext(t) or "" for run in node.iterfind(r)]
        strings.append("".join(text).replace("x005F_", ""))
        root.clear()
    return strings


def _read(wb: _Book, form: FormFile) -> list[CellProblem]:
    if META_SHEET not in wb.sheets:
        why = f"không phải biểu mẫu của parplan (thiếu trang ẩn '{META_SHEET}')"
        return [form.problem(None, None, why, "PP201")]
    problems = _read_meta(wb, form)
    for spec in SHEETS:
        if spec.name not in wb.sheets:
            problems.append(form.problem(spec.name, None, "thiếu trang này", "PP201"))
            continue
        width = len(spec.columns)
        rows: dict[int, tuple[Any, ...]] = {}
        header = False
        for number, padded in _rows(wb, spec.name, width + 1):
            if number >= FIRST_ROW + MAX_SHEET_ROWS:
                why = (
                    f"hơn {format_number(MAX_SHEET_ROWS)} dòng: không phải biểu mẫu do parplan "
                    "lập (các dòng sau không được đọc)"
                )
                problems.append(form.problem(spec.name, f"A{number}", why, "PP201"))
                break
            if number < FIRST_ROW - 1:
                continue
            cells, tie = padded[:width], padded[width]
            if not header:
                header = True
                if number != FIRST_ROW - 1 or padded != (
                    *(c.header for c in spec.columns),
                    TIE_HEADER,
                ):
                    why = "dòng tiêu đề đã bị sửa hoặc cột bị chèn, xóa"
                    problems.append(form.problem(spec.name, f"A{FIRST_ROW - 1}", why, "PP204"))
                if number == FIRST_ROW - 1:
                    continue
            if isinstance(tie, str) and "|" in tie:
                key, _, stamp = tie.partition("|")
                form.index[(spec.name, number)] = (key, stamp)
            if any(v not in (None, "") for v in cells) or tie is not None:
                rows[number] = cells
        form.rows[spec.name] = rows
    return problems


def _rows(wb: _Book, sheet: str, width: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Each row of the sheet present in its XML: its number and its first ``width`` cells'
    values (as openpyxl reads them, data only), streamed cell by cell. A row of more than
    MAX_ROW_CELLS cells, or a sheet of more than MAX_SHEET_CELLS, or MAX_SHEET_ROWS rows
    past the form's own, stops the reading (_TooLarge); cells past ``width`` are counted,
    not read."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    row_tag, cell_tag, data_tag = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("row", "c", "sheetData"))
    formula_tag = f"{{{SHEET_MAIN_NS}}}f"
    read = seen = total = 0
    with wb.archive.open(wb.sheets[sheet]) as source:
        parser = WorkSheetParser(
            source,
            wb.strings,
            data_only=True,
            epoch=wb.wb.epoch,
            date_formats=wb.wb._date_formats,  # type: ignore[attr-defined]
            timedelta_formats=wb.wb._timedelta_formats,  # type: ignore[attr-defined]
        )
        data = row = None
        values: list[Any] = []
        for event, node in iterparse(source, events=("start", "end")):
            if event == "start":
                if node.tag == row_tag:
                    number = node.get("r")
                    parser.row_counter = int(number) if number else parser.row_counter + 1
                    parser.col_counter, row, values, read = 0, node, [None] * width, 0
                    seen += 1
                    if seen > MAX_SHEET_ROWS + FIRST_ROW:
                        number = FIRST_ROW + MAX_SHEET_ROWS
                        yield max(parser.row_counter, number), tuple(values)
                        return
                elif node.tag == data_tag:
                    data = node
                continue
            if node.tag == cell_tag and row is not None:
                read, total = read + 1, total + 1
                if total > MAX_SHEET_CELLS:
                    why = (
                        f"trang có hơn {format_number(MAX_SHEET_CELLS)} ô: không phải biểu mẫu "
                        "do parplan lập (không đọc tiếp)"
                    )
                    raise _TooLarge(sheet, f"A{parser.row_counter}", why)
                if read > MAX_ROW_CELLS:
                    why = (
                        f"dòng có hơn {format_number(MAX_ROW_CELLS)} ô: không phải biểu mẫu do "
                        "parplan lập (không đọc tiếp)"
                    )
                    raise _TooLarge(sheet, f"A{parser.row_counter}", why)
                coordinate = node.get("r")
                if coordinate:
                    column = coordinate_to_tuple(coordinate)[1]
                else:
                    column = parser.col_counter + 1
                parser.col_counter = column
                if column <= width:
                    value = parser.parse_cell(node)["value"]
                    formula = node.find(formula_tag)
                    if value is None and formula is not None:
                        # a formula the file keeps no value of (saved by a program that does
                        # not calculate): its text, which the cell's reader refuses as not a
                        # number or a date, rather than an empty cell silently skipped
                        value = f"={formula.text or ''}"
                    values[column - 1] = value
                row.clear()
            elif node.tag == row_tag:
                yield parser.row_counter, tuple(values)
                row = None
                if data is not None:
                    data.clear()


def _read_meta(wb: _Book, form: FormFile) -> list[CellProblem]:
    for number, cells in _rows(wb, META_SHEET, 2):
        if number > len(META_KEYS) * 10:
            break
        if cells[0] in META_KEYS and cells[1] is not None:
            form.meta[str(cells[0])] = str(cells[1])
    missing = [k for k in META_KEYS if k not in form.meta]
    if missing:
        why = f"trang ẩn '{META_SHEET}' thiếu {', '.join(missing)}: biểu mẫu đã bị sửa"
        return [form.problem(META_SHEET, "A1", why, "PP201")]
    if form.meta["format"] != FORMAT_VERSION:
        why = f"biểu mẫu dạng {form.meta['format']}, parplan này đọc dạng {FORMAT_VERSION}: hãy lập lại"
        form.meta.clear()
        return [form.problem(META_SHEET, "B1", why, "PP201")]
    return []


PARALLEL_FROM = 16  # forms; fewer are read faster than a worker process starts


def read_forms(paths: list[Path]) -> list[tuple[FormFile, list[CellProblem]]]:
    """Every form read, on all the cores when there are many (openpyxl's reader is pure
    Python: a form of 200 rows takes ~40 ms); in turn where fork is not available."""
    from parplan.storage.parallel import forked_map

    return forked_map(read_form, paths, parallel_from=PARALLEL_FROM, most=4, chunksize=4)
