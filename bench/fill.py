"""Filling a parplan form as a unit would, with openpyxl (for the tests, the benchmark and
the README's example forms): values go into the editable cells of the row of one item."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from parplan.forms.layout import FIRST_ROW, SHEETS


def row_of(ws: Worksheet, first: Any, second: Any = None) -> int:
    """The row whose first cell is ``first`` (task number, indicator or obligation id) and,
    when given, whose second cell is ``second`` (an obligation's period label)."""
    for row in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row, 1).value == first and second in (None, ws.cell(row, 2).value):
            return row
    raise KeyError(f"{ws.title}: no row for {first} {second or ''}")


def fill(
    path: Path,
    entries: Mapping[tuple[Any, ...], Mapping[str, Any]],
    out: Path | None = None,
) -> None:
    """``entries``: (sheet name, first cell[, second cell]) -> {column key: value}."""
    wb = load_workbook(path)
    for (sheet, *item), values in entries.items():
        spec = next(s for s in SHEETS if s.name == sheet)
        ws = wb[sheet]
        row = row_of(ws, *item)
        for key, value in values.items():
            column = next(i for i, c in enumerate(spec.columns, start=1) if c.key == key)
            ws.cell(row, column).value = value
    wb.save(out or path)
