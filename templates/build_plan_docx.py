"""Build the Word template of the issued plan (src/parplan/templates/plan.docx) from code.

The Kế hoạch as the agency issues it, per Decree 30/2020/NĐ-CP: the same page, fonts, header
block and signature as the report (shared from build_report_docx.py), "KẾ HOẠCH" and the
trích yếu, the outline I. … / 1. … / a) … with bullets, then the Phụ lục task table in a
landscape A4 section, one group row per reform area and a header row repeated on each page.
The context comes from parplan.documents.publish.build_plan_document (variables in the README).

    python templates/build_plan_docx.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_report_docx import (
    CELL_STYLE,
    CENTER,
    LEFT,
    STT_CM,
    appendix_heading,
    cell_text,
    decree30_document,
    fixed_widths,
    header_block,
    heading,
    keep_with_next,
    landscape_section,
    para,
    repeat_header,
    rows_whole,
    rule,
    save,
    signature,
    tag,
)
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.table import Table, _Cell

OUTPUT = Path(__file__).resolve().parent.parent / "src" / "parplan" / "templates" / "plan.docx"
# landscape A4 less the 30 + 15 mm side margins: 25.2 cm
COLUMNS = [
    ("STT", STT_CM),
    ("Nhiệm vụ", 9.0),
    ("Sản phẩm", 4.4),
    ("Chủ trì", 3.6),
    ("Phối hợp", 3.6),
    ("Thời gian hoàn thành", 3.3),
]


def title(doc: DocumentObject) -> None:
    para(doc, after=6)
    para(doc, "{{ kind }}", bold=True, align=CENTER, after=0)
    para(doc, "{{ subject }}", bold=True, align=CENTER, after=0)
    rule(doc, 6.5, 6.5)
    tag(doc, "{%p for b in basis %}")
    para(doc, "Căn cứ {{ b }};", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if preamble %}")
    para(doc, "{{ preamble }}", indent=True)
    tag(doc, "{%p endif %}")


def part_body(doc: DocumentObject, name: str) -> None:
    """The paragraphs and the bullets of one heading of the outline."""
    tag(doc, f"{{%p for t in {name}.text %}}")
    para(doc, "{{ t }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, f"{{%p for b in {name}.bullets %}}")
    para(doc, "- {{ b }}", indent=True)
    tag(doc, "{%p endfor %}")


def outline(doc: DocumentObject) -> None:
    """Sections "I. …" and parts "1. …" in Word's heading styles (formatted per Decree 30,
    so the navigation pane works), sub-parts "a) …" bold italic."""
    tag(doc, "{%p for section in sections %}")
    heading(doc, "{{ section.heading }}", 1)
    part_body(doc, "section")
    tag(doc, "{%p for part in section.parts %}")
    heading(doc, "{{ part.heading }}", 2)
    part_body(doc, "part")
    tag(doc, "{%p for sub in part.parts %}")
    para(doc, "{{ sub.heading }}", bold=True, italic=True, indent=True)
    part_body(doc, "sub")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for c in closing %}")
    keep_with_next(para(doc, "{{ c }}", indent=True))  # the closing stays with the signature
    tag(doc, "{%p endfor %}")


def cell_para(cell: _Cell, text: str, *, first: bool = False) -> None:
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.style = CELL_STYLE
    p.add_run(text)


def task_row(cells: list[_Cell]) -> None:
    """One task: the Nhiệm vụ cell holds the objective, then the duty, then "- activity"
    lines, each its own paragraph."""
    texts = ["{{ t.number }}", "", "{{ t.product }}", "{{ t.lead }}", "{{ t.coordinating }}"]
    for cell, text in zip(cells, [*texts, "{{ t.deadline }}"], strict=True):
        cell_para(cell, text, first=True)
    cells[0].paragraphs[0].alignment = CENTER
    task = cells[1]
    cell_para(task, "{{ t.objective }}", first=True)
    for text in (
        "{%p if t.duty %}",
        "{{ t.duty }}",
        "{%p endif %}",
        "{%p for a in t.activities %}",
        "- {{ a }}",
        "{%p endfor %}",
    ):
        cell_para(task, text)


def appendix_table(doc: DocumentObject) -> None:
    table: Table = doc.add_table(rows=7, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, [width for _, width in COLUMNS])
    for i, (name, _) in enumerate(COLUMNS):
        cell_text(table.rows[0].cells[i], name, 11, bold=True, align=CENTER)
    cell_text(table.rows[1].cells[0], "{%tr for g in appendix.groups %}")
    group = table.rows[2].cells
    cell_text(group[0], "{{ g.roman }}", 11, bold=True, align=CENTER)
    cell_text(group[1].merge(group[-1]), "{{ g.title }}", 11, bold=True, align=LEFT)
    cell_text(table.rows[3].cells[0], "{%tr for t in g.tasks %}")
    task_row(list(table.rows[4].cells))
    cell_text(table.rows[5].cells[0], "{%tr endfor %}")
    cell_text(table.rows[6].cells[0], "{%tr endfor %}")
    repeat_header(table)
    rows_whole(table)


def appendix(doc: DocumentObject) -> None:
    landscape_section(doc)
    appendix_heading(doc, "{{ appendix.heading }}")
    para(doc, "{{ appendix.title }}", bold=True, align=CENTER, after=0)
    para(doc, "({{ appendix.attached_to }})", italic=True, align=CENTER)
    appendix_table(doc)


def build(output: Path = OUTPUT) -> Path:
    doc = decree30_document()
    header_block(doc)
    title(doc)
    outline(doc)
    signature(doc)
    appendix(doc)
    return save(doc, output, "Kế hoạch cải cách hành chính")


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
