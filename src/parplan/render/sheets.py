"""How every workbook parplan writes (the progress forms, the roll-up, the self-scoring
workbook) holds text and lays out its sheets: a cell holding text as text (never a formula,
no character a spreadsheet cannot hold), row heights for wrapped text and the print setup.
One home, so the sheets read and print alike."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

LINE_HEIGHT = 15.0  # points: one line of the default 11-point font
MAX_ROW_HEIGHT = 409.0  # the tallest row Excel allows


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide. A width
    counts the default font's digits; Vietnamese text set in it fits ~1.15 characters per
    unit (measured in LibreOffice's PDF of a form); the cell's padding and word breaks take
    some back, so the estimate errs towards a line too many, never too few."""
    per_line = max(1, int(width * 1.1) - 2)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def row_height(cells: Iterable[tuple[Any, float]]) -> float | None:
    """The height (points) a row of wrapped cells (value, column width) needs to show all
    its text; None when one line is enough (Excel and LibreOffice do not grow a row's
    height to its wrapped text when they open a file, so each row is given its height)."""
    lines = max((text_lines(v, w) for v, w in cells if isinstance(v, str)), default=1)
    return None if lines <= 1 else min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)


def print_setup(ws: Any, width: int, last: int, *, header_row: int) -> None:
    """Printed on A4 landscape, one page wide (as many pages down as it takes), the header
    row on every page, the columns past ``width`` (a form's hidden tie column) and the rows
    below ``last`` left out. Every workbook parplan writes (forms, roll-up) is printed this way."""
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    ws.print_options.gridLines = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(width)}{last}"
    ws.oddFooter.center.text = "&A — trang &P/&N"


_NOT_IN_A_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def shown_in_cell(value: Any) -> Any:
    """A value as a form's cell holds it: the control characters a spreadsheet cannot hold
    (XML 1.0 forbids them; openpyxl refuses them) shown as their Unicode control pictures,
    U+2400–U+241F ("␈" for a backspace, "␛" for an escape), so that the form can be written
    and a reader sees that something odd is in the plan's text. `collect` compares a
    descriptive cell with the plan's text shown the same way."""
    if isinstance(value, str) and _NOT_IN_A_CELL.search(value):
        return _NOT_IN_A_CELL.sub(lambda m: chr(0x2400 + ord(m.group())), value)
    return value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(ws: Any, value: Any) -> Cell:
    """A cell holding ``value``; text as text, never a formula: openpyxl makes a string
    starting with "=" a formula, and Excel or LibreOffice would make any of FORMULA_START
    one when the cell is edited, so such text is also marked quoted (quotePrefix, the
    apostrophe a person would type before it)."""
    value = shown_in_cell(value)
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def styled_cell(ws: Any, value: Any, **style: Any) -> Cell:
    cell = text_cell(ws, value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
