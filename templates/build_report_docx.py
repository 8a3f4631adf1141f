"""Build the Word report template (src/parplan/templates/report.docx) from code.

The template is reviewable here and can be regenerated (`make templates`); a user may also
open the .docx in Word and edit it (keep the {{ … }} and {%p … %} tags). Layout per Decree
30/2020/NĐ-CP, Appendix I: A4, margins 20/20/30/15 mm, Times New Roman, body 14 pt, the
two-column header with short rules, page numbers centred at the top from page 2, tables whose
header row repeats on every page.

    python templates/build_report_docx.py [OUTPUT]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

OUTPUT = Path(__file__).resolve().parent.parent / "src" / "parplan" / "templates" / "report.docx"
FONT = "Times New Roman"
BODY_STYLE = "Nội dung"
CELL_STYLE = "Ô bảng"
# "STT" in 11 pt bold plus Word's default cell margins (2 x 0.19 cm) fits on one line
STT_CM = 1.3
CENTER, LEFT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


def set_font(run_or_style: object, size: float, bold: bool = False, italic: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold, font.italic = FONT, Pt(size), bold, italic
    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def para(
    container: object,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = JUSTIFY,
    indent: bool = False,
    after: float = 6,
) -> Paragraph:
    p: Paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    if (size, bold, italic, align, indent, after) == (14, False, False, JUSTIFY, True, 6):
        # body text: the paragraph style carries the layout, so that the thousands of
        # paragraphs a large plan's report repeats stay small (and render fast)
        p.style = BODY_STYLE
        if text:
            p.add_run(text)
        return p
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(after), Pt(0)
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    if text:
        set_font(p.add_run(text), size, bold, italic)
    return p


def rule(container: object, left_cm: float, right_cm: float) -> None:
    """A short horizontal rule: an empty paragraph with a bottom border, narrowed by indents."""
    p = para(container, align=CENTER, after=4)
    fmt = p.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(left_cm), Cm(right_cm)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p._p.get_or_add_pPr().append(borders)


def heading(doc: object, text: str, level: int) -> Paragraph:
    """A section heading in Word's Heading style (navigation pane, table of contents), the
    style formatted per Decree 30: "I. …" upper case bold, "1. …" bold, 14 pt, black."""
    p: Paragraph = doc.add_paragraph(text, style=f"Heading {level}")  # type: ignore[attr-defined]
    return p


def appendix_heading(doc: object, text: str) -> None:
    """ "Phụ lục I": 14 pt bold, centred, a level-1 heading so it shows in navigation."""
    p = heading(doc, text, 1)
    p.alignment = CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)


def heading_styles(doc: object) -> None:
    """Word's Heading 1/2 restyled: Times New Roman 14 pt bold black, no theme font or
    colour, justified with the body's first-line indent, kept with the next paragraph."""
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]  # type: ignore[attr-defined]
        set_font(style, 14, bold=True)
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        style.font.color.rgb = RGBColor(0, 0, 0)
        fmt = style.paragraph_format
        fmt.alignment = JUSTIFY
        fmt.first_line_indent = Cm(1.27)
        fmt.space_before, fmt.space_after = Pt(6), Pt(6)
        fmt.keep_with_next = True
        fmt.line_spacing = 1.15


def tag(container: object, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p … %}); removed when rendering."""
    para(container, text, after=0)


def fixed_widths(table: Table, widths_cm: list[float]) -> None:
    """Column widths Word and LibreOffice both honour: fixed layout, grid and cells."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def cell_text(
    cell: object, text: str, size: float = 12, bold: bool = False, align: WD_ALIGN_PARAGRAPH = LEFT
) -> None:
    p = cell.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.first_line_indent = Cm(0)
    set_font(p.add_run(text), size, bold)


def repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def rows_whole(table: Table) -> None:
    """No row of ``table`` splits across two pages (w:cantSplit): a row moves to the next page
    whole, as a clerk sets "Allow row to break across pages" off. The rows a docxtpl loop
    repeats carry it to every copy."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def keep_with_next(paragraph: Paragraph) -> None:
    """Keep ``paragraph`` on the page of what follows it (the text that closes a document
    stays with Nơi nhận and the signature, never a signature alone on a page)."""
    paragraph.paragraph_format.keep_with_next = True


def data_table(doc: object, headers: list[tuple[str, float]], loop: str, cells: list[str]) -> None:
    """A table with a repeating header row and one templated row per item."""
    table: Table = doc.add_table(rows=4, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, [width for _, width in headers])
    for i, (title, _) in enumerate(headers):
        cell_text(table.rows[0].cells[i], title, 11, bold=True, align=CENTER)
    cell_text(table.rows[1].cells[0], f"{{%tr for {loop} %}}")
    for i, text in enumerate(cells):
        p = table.rows[2].cells[i].paragraphs[0]
        p.style = CELL_STYLE
        if i == 0:
            p.alignment = CENTER
        p.add_run(text)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    repeat_header(table)
    rows_whole(table)


def page_number_header(section: object) -> None:
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    p = section.header.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    set_font(p.style, 13)


def header_block(doc: object) -> None:
    """The two-column header: bodies and Quốc hiệu above, "Số: …" and the place and date on
    one line below (a second row, so they stay level however the names wrap)."""
    table: Table = doc.add_table(rows=2, cols=2)  # type: ignore[attr-defined]
    no_borders(table)
    fixed_widths(table, [7.0, 9.5])
    left, right = table.rows[0].cells
    cell_text(left, "{{ header.parent_body }}", 13, align=CENTER)
    para(left, "{{ header.issuing_body }}", size=13, bold=True, align=CENTER, after=0)
    rule(left, 2.0, 2.0)
    cell_text(right, "{{ header.nation }}", 12, bold=True, align=CENTER)
    para(right, "{{ header.motto }}", size=14, bold=True, align=CENTER, after=0)
    rule(right, 2.1, 2.1)
    number, place_date = table.rows[1].cells
    cell_text(number, "{{ header.number_line }}", 13, align=CENTER)
    cell_text(place_date, "{{ header.place_date }}", 14, align=CENTER)
    place_date.paragraphs[0].runs[0].font.italic = True


def lines(doc: object, name: str, *, bullet: bool = True, closing: bool = False) -> None:
    """One body paragraph per line of the list ``name`` ("- " before each when ``bullet``);
    ``closing``: the lines just before the signature, kept on its page."""
    tag(doc, f"{{%p for line in {name} %}}")
    p = para(doc, ("- " if bullet else "") + "{{ line }}", indent=True)
    if closing:
        keep_with_next(p)
    tag(doc, "{%p endfor %}")


def body(doc: object) -> None:
    """Sections I–V: every sentence comes composed in the context (parplan.documents.report)."""
    para(doc, after=6)
    para(doc, "{{ headings.title }}", bold=True, align=CENTER, after=0)
    para(doc, "{{ subject }}", bold=True, align=CENTER, after=0)
    rule(doc, 6.5, 6.5)
    tag(doc, "{%p if to | length == 1 %}")
    para(doc, "Kính gửi: {{ to[0] }}.", align=CENTER)
    tag(doc, "{%p elif to %}")
    para(doc, "Kính gửi:", align=CENTER, after=0)
    tag(doc, "{%p for addressee in to %}")
    addressee = para(doc, "- {{ addressee }}{{ '.' if loop.last else ';' }}", align=LEFT, after=0)
    addressee.paragraph_format.left_indent = Cm(5)
    tag(doc, "{%p endfor %}")
    para(doc, after=0)
    tag(doc, "{%p endif %}")
    para(doc, "{{ opening }}", indent=True)
    heading(doc, "{{ headings.direction }}", 1)
    lines(doc, "direction")
    heading(doc, "{{ headings.results }}", 1)
    tag(doc, "{%p for area in areas %}")
    heading(doc, "{{ area.heading }}", 2)
    lines(doc, "area.lines")
    tag(doc, "{%p if area.indicators %}")
    para(doc, "{{ headings.indicators_lead }}", indent=True)
    tag(doc, "{%p for i in area.indicators %}")
    para(doc, "- {{ i.line }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if general_indicators %}")
    heading(doc, "{{ headings.general_indicators }}", 2)
    tag(doc, "{%p for i in general_indicators %}")
    para(doc, "- {{ i.line }}", indent=True)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    heading(doc, "{{ headings.assessment }}", 1)
    lines(doc, "assessment", bullet=False)
    heading(doc, "{{ headings.outlook }}", 1)
    lines(doc, "outlook")
    heading(doc, "{{ headings.proposals }}", 1)
    lines(doc, "proposals", bullet=False, closing=True)


def signature(doc: object, recipients: str = "Nơi nhận:") -> None:
    """Nơi nhận at the left, the signature block at the right (``recipients``: the label)."""
    table: Table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    no_borders(table)
    fixed_widths(table, [8.0, 8.5])
    rows_whole(table)  # the signature never straddles two pages
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    set_font(p.add_run(recipients), 12, bold=True, italic=True)
    tag(left, "{%p for r in recipients %}")
    para(left, "- {{ r }}", size=11, align=LEFT, after=0)
    tag(left, "{%p endfor %}")
    cell_text(
        right,
        "{% if signer.authority %}{{ signer.authority }}{% endif %}",
        13,
        bold=True,
        align=CENTER,
    )
    para(right, "{{ signer.title }}", size=13, bold=True, align=CENTER, after=60)
    para(right, "{{ signer.name }}", size=14, bold=True, align=CENTER)


def landscape_section(doc: object) -> None:
    """The appendix tables are wide: a landscape A4 section (Decree 30 allows it), same
    margins, page numbers continued from the portrait pages."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.different_first_page_header_footer = False


def appendices(doc: object) -> None:
    landscape_section(doc)
    appendix_heading(doc, "{{ headings.tasks_appendix }}")
    para(doc, "{{ headings.tasks_appendix_title }}", bold=True, align=CENTER, after=0)
    para(doc, "({{ headings.attached_to }})", italic=True, align=CENTER)
    data_table(
        doc,
        [
            ("STT", STT_CM),
            ("Nhiệm vụ", 7.4),
            ("Chủ trì", 4.0),
            ("Thời hạn", 2.8),
            ("Kết quả", 5.0),
            ("Tài liệu kiểm chứng", 4.6),
        ],
        "t in tasks",
        [
            "{{ t.number }}",
            "{{ t.title }}",
            "{{ t.lead }}",
            "{{ t.due_cell }}",
            "{{ t.result }}",
            "{{ t.evidence }}",
        ],
    )
    para(doc, after=12)
    appendix_heading(doc, "{{ headings.indicators_appendix }}")
    para(doc, "{{ headings.indicators_appendix_title }}", bold=True, align=CENTER)
    data_table(
        doc,
        [
            ("STT", STT_CM),
            ("Chỉ tiêu", 9.9),
            ("Kế hoạch", 3.4),
            ("Thực hiện", 4.5),
            ("Tỷ lệ", 2.5),
            ("Đánh giá", 3.5),
        ],
        "i in indicators",
        [
            "{{ i.number }}",
            "{{ i.text }}",
            "{{ i.target }}",
            "{{ i.actual }}",
            "{{ i.percent }}",
            "{{ i.status_label }}",
        ],
    )


def decree30_document() -> DocumentObject:
    """An empty A4 portrait document laid out per Decree 30: margins, fonts, body and table
    cell styles, page numbers centred at the top from page 2. Shared with build_plan_docx.py."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    # whole twips, rounded up, so each margin is at least its Decree 30 minimum
    section.top_margin, section.bottom_margin = Twips(1134), Twips(1134)  # 20 mm
    section.left_margin, section.right_margin = Twips(1701), Twips(851)  # 30 mm, 15 mm
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    set_font(normal, 14)
    normal.paragraph_format.line_spacing = 1.15
    body_style = doc.styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body_style.base_style = normal
    body_style.paragraph_format.alignment = JUSTIFY
    body_style.paragraph_format.first_line_indent = Cm(1.27)
    body_style.paragraph_format.space_before = Pt(0)
    body_style.paragraph_format.space_after = Pt(6)
    cell = doc.styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    set_font(cell, 11)
    cell.paragraph_format.space_before = cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.first_line_indent = Cm(0)
    cell.paragraph_format.line_spacing = 1.0
    heading_styles(doc)
    page_number_header(section)
    return doc


def save(doc: DocumentObject, output: Path, title: str) -> Path:
    """Save with fixed metadata, so that rebuilding an unchanged template changes no byte of
    its XML."""
    props = doc.core_properties
    props.title, props.author = title, "parplan"
    fixed = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    props.created = props.modified = fixed
    props.last_modified_by, props.revision = "parplan", 1
    output.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(output))
    return output


def build(output: Path = OUTPUT) -> Path:
    doc = decree30_document()
    header_block(doc)
    body(doc)
    signature(doc, "{{ headings.recipients }}")
    appendices(doc)
    return save(doc, output, "Báo cáo kết quả thực hiện công tác cải cách hành chính")


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
