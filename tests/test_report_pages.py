"""Printed pages of the Word report and the published plan, as a clerk would fix them by hand:
table rows never split across pages, header rows repeat on each page, and Nơi nhận with the
signature stays on the page of the text it closes. Checked in the generated XML, then on the
pages LibreOffice lays out."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .conftest import PLAN_2024
from .golden import run_ok as run
from .office import needs_soffice

CLOSING = "Trên đây là Kế hoạch cải cách hành chính nhà nước năm 2024"


def report(plan: Path, out: Path) -> Path:
    run("report", str(plan), "-p", "2024", "-f", "docx", "-o", str(out), "--date", "2024-12-20")
    return out


def publish(plan: Path, out: Path) -> Path:
    run("publish", str(plan), "-o", str(out))
    return out


def body_before_signature(path: Path) -> tuple[list[Paragraph], Table]:
    """The body paragraphs before the signature table (the one holding "Nơi nhận"), and it."""
    doc = Document(str(path))
    before: list[Paragraph] = []
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:p"):
            before.append(Paragraph(element, doc))
        elif element.tag == qn("w:tbl") and "Nơi nhận" in "".join(element.itertext()):
            return [p for p in before if p.text.strip()], Table(element, doc)
    raise AssertionError("no signature table")


@pytest.mark.parametrize("make", [report, publish])
def test_rows_whole_headers_repeated_and_the_closing_kept_with_the_signature(
    tmp_path: Path, make: object
) -> None:
    out = make(PLAN_2024, tmp_path / "out.docx")  # type: ignore[operator]
    doc = Document(str(out))
    data_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert data_tables
    for table in data_tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    paragraphs, signature = body_before_signature(out)
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in signature.rows)
    last = paragraphs[-1]
    assert last.paragraph_format.keep_with_next, last.text


def pages_of(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")]


def convert_all(sources: list[Path], outdir: Path) -> list[Path]:
    """Every source converted to PDF by one headless LibreOffice run."""
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{outdir}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    pdfs = [outdir / f"{s.stem}.pdf" for s in sources]
    assert result.returncode == 0 and all(p.exists() for p in pdfs), result.stderr
    return pdfs


def shifted(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = PLAN_2024.read_text(encoding="utf-8")
    assert old in text
    plan = tmp_path / f"{name}.yaml"
    plan.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plan


# the text each document closes with, just before Nơi nhận: section V of the report, the
# closing paragraph of the plan
APPENDIX = {"report": "KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "publish": "DANH MỤC NHIỆM VỤ"}
LAST_WORDS = {
    "report": "[Nội dung do cán bộ soạn thảo bổ sung]",
    "publish": "nghiêm túc thực hiện./.",
}


@pytest.mark.slow  # 16 LibreOffice conversions: make test-deep (CI)
@needs_soffice
def test_libreoffice_keeps_the_signature_on_the_page_of_the_closing_text(tmp_path: Path) -> None:
    """The body is lengthened line by line (addressees of the report, purposes of the plan)
    across most of a page, so that in some variant the signature block meets a page's end:
    it must take the closing text with it to the next page, never stand there alone. Every
    page of the appendices begins with the tables' header row."""
    sources: list[tuple[str, Path]] = []
    for n in range(0, 40, 5):
        to = ", ".join(f'"Cơ quan nhận số {i}"' for i in range(n + 1))
        plan = shifted(
            tmp_path, f"r{n}", 'to: ["UBND Thành phố Hà Nội", "Sở Nội vụ"]', f"to: [{to}]"
        )
        sources.append(("report", report(plan, tmp_path / f"report-{n}.docx")))
    for n in range(0, 32, 4):
        extra = "".join(f'  - "Mục đích bổ sung số {i}."\n' for i in range(n))
        plan = shifted(tmp_path, f"p{n}", "purposes:\n", f"purposes:\n{extra}")
        sources.append(("publish", publish(plan, tmp_path / f"plan-{n}.docx")))
    pdfs = convert_all([path for _, path in sources], tmp_path)
    for (kind, source), pdf in zip(sources, pdfs, strict=True):
        pages = pages_of(pdf)
        page = next(p for p in pages if "Nơi nhận" in p)
        before = page.split("Nơi nhận", 1)[0]
        assert LAST_WORDS[kind] in before, f"{source.name}: Nơi nhận begins a page"
        assert re.search(r"GIÁM ĐỐC", page.split("Nơi nhận", 1)[1]), source.name
        first = next(i for i, p in enumerate(pages) if APPENDIX[kind] in p)
        for number, text in enumerate(pages[first:], first + 1):
            assert not text or "STT" in text, f"{source.name}: page {number} has no header row"
