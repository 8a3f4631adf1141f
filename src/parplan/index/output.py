"""The self-assessment laid out: a terminal table, the report as Markdown or Word (Decree 30
layout, the table as its appendix) and an Excel workbook. Every layout renders the rows of
``index.report``; none computes a figure."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from parplan.index.assess import Assessment
from parplan.index.report import (
    APPENDIX_HEADERS,
    NOTE,
    SUMMARY_HEADERS,
    appendix_rows,
    findings,
    report_head,
    summary_rows,
    title_line,
    total_rules,
)


def terminal_text(a: Assessment) -> str:
    rows = [list(SUMMARY_HEADERS), *summary_rows(a)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(SUMMARY_HEADERS))]
    lines = [title_line(a)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, len(row))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join([*lines, "", *total_rules(a), *findings(a), NOTE]) + "\n"


def _md(text: str) -> str:
    from parplan.render.markdown import md_cell

    return md_cell(text)


def markdown(a: Assessment, day: date) -> str:
    head = report_head(a, day)
    authority, title, name = head.signer
    out = [
        f"{head.parent_body}  ",
        f"**{head.issuer}**  ",
        f"Số: {head.number}",
        "",
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  ",
        "**Độc lập - Tự do - Hạnh phúc**",
        "",
        f"*{head.place_date}*",
        "",
        "# BÁO CÁO",
        "",
        f"**{head.subject}**",
        "",
        head.opening,
        "",
        "## I. KẾT QUẢ TỰ CHẤM ĐIỂM",
        "",
        _md_table(list(SUMMARY_HEADERS), summary_rows(a)),
        "",
        *[line for rule in total_rules(a) for line in (rule, "")],
        "## II. NHỮNG MỤC CẦN HOÀN THIỆN",
        "",
        *([f"- {f}" for f in findings(a)] or ["- Không có."]),
        "",
        "**Nơi nhận:**",
        *[f"- {r}" for r in head.recipients],
        "",
        *([f"**{authority}**  "] if authority else []),
        f"**{title}**",
        "",
        f"**{name}**",
        "",
        "## Phụ lục",
        "",
        f"**BẢNG TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {a.plan.plan.year}**",
        "",
        f"*(Kèm theo Báo cáo số {head.number})*",
        "",
        _md_table(list(APPENDIX_HEADERS), [list(r.cells) for r in appendix_rows(a)]),
        "",
    ]
    return "\n".join(out)


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def xlsx_bytes(a: Assessment) -> bytes:
    """Two sheets: the figures per area, and the appendix table; printed as the forms are."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from parplan.render.sheets import print_setup

    wb = Workbook()
    sheets: list[tuple[str, tuple[str, ...], list[list[str]], tuple[int, ...]]] = [
        ("Tổng hợp", SUMMARY_HEADERS, summary_rows(a), (44, 12, 12, 10, 14, 12, 14)),
        ("Phụ lục", APPENDIX_HEADERS, [list(r.cells) for r in appendix_rows(a)],
         (8, 48, 10, 30, 40, 10, 36)),
    ]  # fmt: skip
    for index, (name, headers, rows, widths) in enumerate(sheets):
        ws: Any = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        ws.append([title_line(a)])
        ws.append(list(headers))
        for row in rows:
            ws.append([_cell(v) for v in row])
        last = ws.max_row
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        print_setup(ws, len(headers), last, header_row=2)
        ws.append([])
        for rule in total_rules(a):
            ws.append([rule])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(text: str) -> Any:
    """A figure (``0,75``) as a number, so sums and filters work on it; text stays text,
    never a formula."""
    import re

    from parplan.render.sheets import FORMULA_START

    if re.fullmatch(r"-?\d{1,3}(,\d+)?", text):
        return float(text.replace(",", "."))
    return "'" + text if text.startswith(FORMULA_START) else (text or None)


def docx_bytes(a: Assessment, day: date) -> bytes:
    """The report as Word: A4 portrait, Times New Roman 14, Decree 30 header and signature;
    the appendix in a landscape section."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    head = report_head(a, day)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    top = document.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    _lines(left, [(head.parent_body, False), (head.issuer, True), (f"Số: {head.number}", False)])
    _lines(right, [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
                   ("Độc lập - Tự do - Hạnh phúc", True), (head.place_date, False)])  # fmt: skip
    right.paragraphs[-1].runs[0].italic = True
    _centered(document, "BÁO CÁO", bold=True)
    _centered(document, head.subject, bold=True)
    document.add_paragraph(head.opening)
    document.add_paragraph().add_run("I. KẾT QUẢ TỰ CHẤM ĐIỂM").bold = True
    _table(document, list(SUMMARY_HEADERS), summary_rows(a), Pt(12))
    for rule in total_rules(a):
        document.add_paragraph(rule)
    document.add_paragraph().add_run("II. NHỮNG MỤC CẦN HOÀN THIỆN").bold = True
    for sentence in findings(a) or ["Không có."]:
        document.add_paragraph(f"- {sentence}")
    _closing(document, head)
    appendix = document.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    _centered(document, "Phụ lục", bold=True)
    _centered(
        document, f"BẢNG TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {a.plan.plan.year}", bold=True
    )
    note = document.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    note.add_run(f"(Kèm theo Báo cáo số {head.number})").italic = True
    rows = appendix_rows(a)
    table = _table(document, list(APPENDIX_HEADERS), [list(r.cells) for r in rows], Pt(11))
    for row, data in zip(table.rows[1:], rows, strict=True):
        if data.level != "item":
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _lines(cell: Any, lines: list[tuple[str, bool]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    cell.paragraphs[0].text = ""
    for i, (text, bold) in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(13)


def _centered(document: Any, text: str, *, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = document.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(text).bold = bold


def _table(document: Any, headers: list[str], rows: list[list[str]], size: Any) -> Any:
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    for i, row in enumerate([headers, *rows]):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            run = cell.paragraphs[0].add_run(text)
            run.font.size, run.bold = size, i == 0
    return table


def _closing(document: Any, head: Any) -> None:
    from docx.shared import Pt

    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    run = p.add_run("Nơi nhận:")
    run.bold = run.italic = True
    run.font.size = Pt(12)
    for recipient in head.recipients:
        left.add_paragraph().add_run(f"- {recipient}").font.size = Pt(11)
    authority, title, name = head.signer
    _lines(right, [(t, True) for t in (authority, title) if t] + [("", False), (name, True)])


SITE_PAGE = "chi-so-cchc.html"


def site_page(a: Assessment) -> tuple[str, str, dict[str, Any]]:
    """The site's PAR INDEX page: (label of the front page's link, template, context)."""
    from parplan.core.sanitize import visible
    from parplan.documents.site import page_common
    from parplan.tracking.dashboard import build

    board = build(a.plan, a.file, a.as_of)  # the plan's phase and the site's footer
    context = {
        **page_common(a.plan, a.as_of, board),
        "headers": SUMMARY_HEADERS,
        "rows": [[visible(c) for c in row] for row in summary_rows(a)],
        "foot": len(a.areas),  # the rows from the areas' total on are the table's foot
        "rules": total_rules(a),
        "findings": findings(a),
        "note": NOTE,
        "appendix_headers": APPENDIX_HEADERS,
        "appendix": [
            {"level": r.level, "cells": [visible(c) for c in r.cells]} for r in appendix_rows(a)
        ],
    }
    return "Tự đánh giá chỉ số CCHC", "site/par-index.html.j2", context
