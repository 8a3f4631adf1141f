"""Word files crafted for the hostile-input tests (tests/test_hostile_surfaces.py) and the
robustness table's rows (scripts/robustness_surfaces.py): one home for each recipe."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def table_docx(path: Path, first: str, then: str = "", rows: int = 0) -> Path:
    """A Word file with one 2-row, 3-column table: ``first`` added to the first cell's
    properties of row 2, and ``rows`` more copies of that row with ``then`` instead."""
    import docx

    made = docx.Document()
    made.add_paragraph("KẾ HOẠCH")
    made.add_table(rows=2, cols=3).cell(1, 0).text = "1"
    made.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    row = re.findall(r"<w:tr[ >].*?</w:tr>", body, re.S)[1]
    new = row.replace("<w:tcPr>", f"<w:tcPr>{first}", 1)
    more = row.replace("<w:tcPr>", f"<w:tcPr>{then}", 1) * rows
    parts["word/document.xml"] = body.replace(row, new + more).encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path
