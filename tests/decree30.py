"""Layout checks of a Word document against Decree 30/2020 (shared by the report and the
published plan tests)."""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.shared import Mm


def assert_page(section: Any, *, landscape: bool = False) -> None:
    """A4 in the given orientation; margins top/bottom 20–25 mm, left 30–35, right 15–20."""
    size = (round(section.page_width.mm), round(section.page_height.mm))
    assert size == ((297, 210) if landscape else (210, 297))
    assert section.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)


def assert_layout(doc: Any) -> None:
    """The first page: A4 portrait, Times New Roman 13–14 pt, page numbers at the top from
    page 2, a borderless two-column header with Quốc hiệu and Tiêu ngữ at the right."""
    section = doc.sections[0]
    assert_page(section)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and 13 <= normal.size.pt <= 14
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    header = doc.tables[0]
    assert 'w:val="nil"' in header._tbl.xml  # borderless
    right = header.rows[0].cells[1].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right


def header_texts(doc: Any) -> tuple[str, str]:
    """The header's left and right columns, top to bottom (bodies, then "Số: …" level with
    the place and date in a row of its own)."""
    rows = doc.tables[0].rows
    return "\n".join(r.cells[0].text for r in rows), "\n".join(r.cells[1].text for r in rows)
