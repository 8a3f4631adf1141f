"""The rows of a criteria table as the city sends it: the first sheet of an .xlsx, or the
first table of a .docx (or a Markdown pipe table), each row's cells with where they are
(``Sheet!C12``, or ``bảng 1, dòng 12`` in a Word document) and the paragraphs or rows above
the table (its title)."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parplan.core.errors import ImportRefused, os_reason

MAX_TABLE_BYTES = 20 * 1024 * 1024
MAX_TABLE_UNPACKED = 128 * 1024 * 1024
MAX_TABLE_ROWS = 5_000  # a criteria table has ~150 rows (8 areas, 38 criteria, 88 items)
MAX_TABLE_COLUMNS = 30


@dataclass(frozen=True)
class SourceRow:
    """One row: its cells (text, or the number a spreadsheet holds) and where it is."""

    values: tuple[Any, ...]
    sheet: str | None  # the sheet of an .xlsx; None for a document
    row: str  # "12" in a sheet, "bảng 1, dòng 12" in a document

    def cell(self, column: int) -> tuple[str | None, str]:
        """Where cell ``column`` (0-based) of this row is, for a located problem."""
        if self.sheet is not None:
            from openpyxl.utils import get_column_letter

            return self.sheet, f"{get_column_letter(column + 1)}{self.row}"
        return None, self.row

    def text(self, column: int | None) -> str:
        if column is None or column >= len(self.values):
            return ""
        value = self.values[column]
        return "" if value is None else " ".join(str(value).split())


def read_rows(path: Path) -> list[SourceRow]:
    """The rows of the criteria table in ``path`` (.xlsx, .docx, .md, .txt); ImportRefused
    (nothing read) for a file that cannot be read as one."""
    from parplan.storage.files import require_input

    require_input(path, "tệp bảng tiêu chí")  # a folder, a device: said as such
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _sheet_rows(path)
    if suffix not in (".docx", ".md", ".markdown", ".txt", ".doc"):
        raise ImportRefused(path, "chỉ nhập được bảng tiêu chí .xlsx, .docx, .md hoặc .txt")
    from parplan.importing.source import Para, Table, read_source

    rows: list[SourceRow] = []
    for block in read_source(path).blocks:
        if isinstance(block, Para) and block.text:
            rows.append(SourceRow((block.text,), None, f"đoạn {block.where}"))
        elif isinstance(block, Table):
            rows += [SourceRow(_distinct(r), None, r.where) for r in block.rows]
            break  # the criteria table is the first table; what follows is not read
    return rows


def _distinct(row: Any) -> tuple[str, ...]:
    """A merged cell's text once (the title row spans the table: one cell, not eight)."""
    cells: tuple[str, ...] = row.cells
    if row.distinct == 1 and cells:
        return (cells[0],)
    return cells


def open_workbook(path: Path) -> Any:
    """The workbook at ``path`` opened read-only (values, not formulas) once its size and
    what it unpacks to are within bounds; ImportRefused saying why not."""
    from parplan.storage.files import megabytes, unpacks_beyond

    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportRefused(path, "không tìm thấy tệp") from None
    except OSError as exc:
        raise ImportRefused(path, f"không đọc được ({os_reason(exc)})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportRefused(path, "không phải tệp thường")
    if info.st_size > MAX_TABLE_BYTES:
        raise ImportRefused(path, "tệp quá lớn cho một bảng tiêu chí")
    unpacked = unpacks_beyond(path, MAX_TABLE_UNPACKED)
    if unpacked is not None:
        raise ImportRefused(path, f"tệp giải nén ra {megabytes(unpacked)}, quá lớn")
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:  # whatever a foreign or damaged file makes openpyxl raise
        raise ImportRefused(
            path, "không phải tệp Excel (.xlsx) đọc được, hoặc tệp bị hỏng"
        ) from None


def sheet_rows(path: Path, ws: Any) -> list[SourceRow]:
    """The rows of a sheet that hold anything, at most MAX_TABLE_ROWS of them."""
    rows = []
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_TABLE_ROWS:
                raise ImportRefused(path, f"trang {ws.title} có quá nhiều dòng cho một bảng")
            cut = tuple(values[:MAX_TABLE_COLUMNS])
            if any(v is not None and str(v).strip() for v in cut):
                rows.append(SourceRow(cut, ws.title, str(number)))
    except (ValueError, IndexError, KeyError):
        # openpyxl reading a cell it cannot (a number 'abc', a date 'not-a-date', a shared
        # string past the table's end, a cell named ZZZZZZ1): the file is at fault
        after = f" sau dòng {rows[-1].row}" if rows else ""
        raise ImportRefused(
            path,
            f"trang {ws.title}{after} có ô không đọc được (giá trị hỏng trong tệp): hãy mở "
            "bằng Excel hoặc LibreOffice rồi lưu lại",
        ) from None
    return rows


def _sheet_rows(path: Path) -> list[SourceRow]:
    wb = open_workbook(path)
    try:
        return sheet_rows(path, wb.worksheets[0])
    finally:
        wb.close()
