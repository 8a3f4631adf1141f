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


# --- hostile forms (tests/test_forms.py, scripts/robustness_files.py) ------------------------


def repack(form: Path, parts: dict[str, bytes]) -> None:
    """The form's zip with ``parts`` replaced (or added), every other part as it was."""
    import zipfile

    with zipfile.ZipFile(form) as archive:
        kept = {i.filename: archive.read(i) for i in archive.infolist() if i.filename not in parts}
    with zipfile.ZipFile(form, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**kept, **parts}.items():
            archive.writestr(name, data)


def with_wide_row(form: Path, number: int, cells: int) -> None:
    """The form with a row ``number`` of ``cells`` empty cells on its first sheet (a few
    hundred kilobytes packed)."""
    import zipfile

    with zipfile.ZipFile(form) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    row = b'<row r="%d">' % number + b"<c/>" * cells + b"</row>"
    repack(
        form, {"xl/worksheets/sheet1.xml": sheet.replace(b"</sheetData>", row + b"</sheetData>")}
    )


def with_shared_strings(form: Path, count: int) -> None:
    """The form with a shared-strings part of ``count`` short strings, declared as a
    spreadsheet program declares it (in the manifest and the workbook's relationships)."""
    import zipfile

    with zipfile.ZipFile(form) as archive:
        types = archive.read("[Content_Types].xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    strings = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"".join(b"<si><t>%d</t></si>" % i for i in range(count))
        + b"</sst>"
    )
    repack(
        form,
        {
            "xl/sharedStrings.xml": strings,
            "[Content_Types].xml": types.replace(
                b"</Types>",
                f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode(),
            ),
            "xl/_rels/workbook.xml.rels": rels.replace(
                b"</Relationships>",
                f'<Relationship Id="rIdS" Type="{relation}" Target="sharedStrings.xml"/></Relationships>'.encode(),
            ),
        },
    )
