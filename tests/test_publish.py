"""`parplan publish`: the plan as the document the agency issues (Decree 30 layout), in Word
and Markdown; every text of the plan verbatim; the appendix table; templates; LibreOffice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.decree30 import document_number, place_date, roman
from parplan.core.model import Plan
from parplan.document.loader import load_plan
from parplan.documents.publish import APPENDIX_COLUMNS, build_plan_document, point_label, subject

from .conftest import MINIMAL, PLAN_2024, ROOT
from .decree30 import assert_layout, assert_page, header_texts
from .golden import assert_golden, run_ok
from .office import needs_soffice, soffice_convert

runner = CliRunner()
pytestmark = pytest.mark.usefixtures("in_repo")
PLAN_REL = str(PLAN_2024.relative_to(ROOT))


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (None, "KH-SVHTT", "     /KH-SVHTT"),
        ("", "KH-SVHTT", "     /KH-SVHTT"),
        ("5", "KH-SVHTT", "05/KH-SVHTT"),
        ("45", "KH-SVHTT", "45/KH-SVHTT"),
        ("123", "KH-UBND", "123/KH-UBND"),
        ("12a", "KH", "12a/KH"),
    ],
)
def test_document_number(number: str | None, symbol: str, expected: str) -> None:
    assert document_number(number, symbol) == expected


@pytest.mark.parametrize(
    ("issue_date", "expected"),
    [
        ("2024-02-17", "Hà Nội, ngày 17 tháng 02 năm 2024"),
        ("2024-03-05", "Hà Nội, ngày 05 tháng 3 năm 2024"),
        ("2024-12-31", "Hà Nội, ngày 31 tháng 12 năm 2024"),
        ("2024-02", "Hà Nội, ngày       tháng 02 năm 2024"),
        ("2024-11", "Hà Nội, ngày       tháng 11 năm 2024"),
        ("2024", "Hà Nội, ngày       tháng       năm 2024"),
        (None, "Hà Nội, ngày       tháng       năm 2025"),
    ],
)
def test_place_date_leaves_unknown_parts_blank(issue_date: str | None, expected: str) -> None:
    assert place_date("Hà Nội", issue_date, 2025) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kế hoạch cải cách hành chính năm 2024 của Sở X", "Cải cách hành chính năm 2024 của Sở X"),
        ("KẾ HOẠCH Cải cách hành chính", "Cải cách hành chính"),
        ("Cải cách hành chính năm 2024", "Cải cách hành chính năm 2024"),
        ("Kế hoạch", "Kế hoạch"),
    ],
)
def test_subject_drops_the_document_type(title: str, expected: str) -> None:
    assert subject(title) == expected


@pytest.mark.parametrize(
    ("number", "expected"), [(1, "I"), (4, "IV"), (7, "VII"), (9, "IX"), (14, "XIV")]
)
def test_roman(number: int, expected: str) -> None:
    assert roman(number) == expected


@pytest.mark.parametrize(
    ("index", "expected"), [(0, "a)"), (3, "d)"), (4, "đ)"), (5, "e)"), (6, "g)")]
)
def test_points_follow_the_vietnamese_alphabet(index: int, expected: str) -> None:
    assert point_label(index) == expected


def plan_texts(plan: Plan) -> list[str]:
    """Every text the issued plan must carry as written."""
    texts = [*(p.text for p in plan.purposes), *(p.text for p in plan.requirements)]
    texts += [i.text for i in plan.indicators]
    texts += [d.text for a in plan.areas for d in a.duties]
    texts += [a.title for a in plan.areas]
    for u in plan.unit_duties:
        texts += [u.heading, *(d.text for d in u.duties), *([u.intro] if u.intro else [])]
    texts += [p.text for p in (*plan.funding, *plan.closing, *plan.recipients)]
    texts += [plan.reporting.text] if plan.reporting else []
    texts += [plan.plan.preamble] if plan.plan.preamble else []
    for t in plan.tasks:
        texts += [t.objective, t.product, t.deadline.text, *t.activities]
        texts += [t.duty] if t.duty else []
        texts += [t.lead_text] if t.lead_text else []
        texts += [t.coordinating_text] if t.coordinating_text else []
    return texts


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines += [p.text for cell in row.cells for p in cell.paragraphs]
    return "\n".join(lines)


def publish(tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / name
    run_ok("publish", *args, "-o", str(out))
    return out


def test_every_text_of_the_plan_appears_verbatim_in_word_and_markdown(tmp_path: Path) -> None:
    plan = load_plan(PLAN_2024)
    word = docx_text(publish(tmp_path, "kh.docx", PLAN_REL))
    markdown = re.sub(r"\\(.)", r"\1", run_ok("publish", PLAN_REL, "-o", "-"))
    texts = plan_texts(plan)
    assert len(texts) > 200
    for text in texts:
        assert text in word, text
        assert text in markdown, text


def test_reading_notes_and_tracking_data_are_not_published(tmp_path: Path) -> None:
    word = docx_text(publish(tmp_path, "kh.docx", PLAN_REL))
    plan = load_plan(PLAN_2024)
    notes = [t.note for t in plan.tasks if t.note] + [p.note for p in plan.purposes if p.note]
    assert notes and not any(note in word for note in notes)
    assert "Bản quét" not in word


def test_word_plan_layout(tmp_path: Path) -> None:
    doc = Document(str(publish(tmp_path, "kh.docx", PLAN_REL)))
    assert_layout(doc)
    left, right = header_texts(doc)
    assert left.split("\n") == [
        "UBND THÀNH PHỐ HÀ NỘI",
        "SỞ VĂN HÓA VÀ THỂ THAO",
        "",  # the short rule
        "Số:      /KH-SVHTT",
    ]
    assert right.endswith("Hà Nội, ngày       tháng 02 năm 2024")
    texts = [p.text for p in doc.paragraphs]
    assert texts[1:3] == [
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước năm 2024 của Sở Văn hóa và Thể thao thành phố Hà Nội",
    ]
    headings = [t for t in texts if re.match(r"^([IVX]+\.|\d+\.|[a-z]\)) ", t)]
    assert [h for h in headings if re.match(r"^[IVX]+\. ", h)] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "III. TỔ CHỨC THỰC HIỆN",
        "IV. THÔNG TIN BÁO CÁO",
        "V. KINH PHÍ THỰC HIỆN",
    ]
    assert "1. Cải cách thể chế" not in headings and "2. Cải cách thể chế" in headings
    assert "a) Chỉ tiêu" in headings and "b) Nhiệm vụ" in headings
    signature = doc.tables[1].rows[0].cells
    assert signature[0].text.startswith("Nơi nhận:\n- UBND thành phố;")
    assert signature[1].text.startswith("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")


def test_appendix_is_a_landscape_table_with_group_rows(tmp_path: Path) -> None:
    doc = Document(str(publish(tmp_path, "kh.docx", PLAN_REL)))
    assert len(doc.sections) == 2
    assert_page(doc.sections[1], landscape=True)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == list(APPENDIX_COLUMNS)
    assert "w:tblHeader" in table.rows[0]._tr.xml  # repeated on every page
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    groups = [r for r in rows if re.fullmatch(r"[IVX]+", r[0])]
    tasks = [r for r in rows if r[0].isdigit()]
    assert len(groups) + len(tasks) == len(rows)
    assert [g[0] for g in groups] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert groups[0][1] == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"
    assert [int(t[0]) for t in tasks] == list(range(1, 23))
    assert tasks[0] == [
        "1",
        "Kế hoạch CCHC năm 2024 của Ngành.\n"
        "Ban hành, Triển khai công tác CCHC năm 2024 của Cơ quan, đơn vị\n"
        "- Bố trí kinh phí, nguồn lực và tổ chức triển khai.\n"
        "- Báo cáo kết quả thực hiện (theo Báo cáo CCHC định kỳ).",
        "Kế hoạch CCHC năm 2024",
        "Văn phòng Sở",
        "Các phòng, đơn vị thuộc Sở",
        "Trước ngày 22/02/2024",
    ]
    # a task without a duty: the activities follow the objective directly
    assert tasks[9][1].split("\n")[1] == "- Rà soát, đánh giá thực hiện TTHC"
    # the group row spans the five text columns
    assert 'w:gridSpan w:val="5"' in table.rows[1]._tr.xml
    texts = [p.text for p in doc.paragraphs]
    assert "(Kèm theo Kế hoạch số      /KH-SVHTT ngày       tháng 02 năm 2024 của " in "\n".join(
        texts
    ).replace("Sở Văn hóa và Thể thao)", "")


def test_known_number_and_date_are_written_per_decree_30(tmp_path: Path) -> None:
    doc = Document(str(publish(tmp_path, "kh.docx", str(MINIMAL.relative_to(ROOT)))))
    left, right = header_texts(doc)
    assert left.endswith("Số: 12/KH-STN") and right.endswith("Hà Nội, ngày 15 tháng 01 năm 2024")
    context = build_plan_document(load_plan(MINIMAL))
    assert context["appendix"]["attached_to"] == (
        "Kèm theo Kế hoạch số 12/KH-STN ngày 15 tháng 01 năm 2024 của Sở Thử nghiệm"
    )
    # sections the plan does not have leave no gap in the numbering
    assert [s["heading"] for s in context["sections"]] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "III. THÔNG TIN BÁO CÁO",
    ]


def test_markdown_plan_golden() -> None:
    assert_golden("publish-2024.md", run_ok("publish", PLAN_REL, "-o", "-"))


def test_markdown_appendix_table_stays_whole() -> None:
    out = run_ok("publish", PLAN_REL, "-o", "-")
    table = [line for line in out.split("## PHỤ LỤC")[1].splitlines() if line.startswith("|")]
    assert table[0] == "| " + " | ".join(APPENDIX_COLUMNS) + " |"
    assert len(table) == 2 + 7 + 22
    assert {line.replace("\\|", "").count("|") for line in table} == {7}


def test_template_override_named_by_option(tmp_path: Path) -> None:
    shutil.copy(PLAN_2024, tmp_path / "2024.yaml")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "plan.md.j2").write_text(
        "{{ kind }}: {{ appendix.groups | length }} nhóm\n", encoding="utf-8"
    )
    plan = str(tmp_path / "2024.yaml")
    assert run_ok("publish", plan, "-o", "-").startswith("| ")  # beside the plan: not used
    named = run_ok("publish", plan, "-o", "-", "--templates", str(tmp_path / "templates"))
    assert named == "KẾ HOẠCH: 7 nhóm\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--output/-o"),
        (["-o", "kh.pdf"], "kh.pdf: đuôi tệp '.pdf' không rõ định dạng"),
        (["-o", "kh"], "kh: tệp không có đuôi; cần .md, .docx"),
        (["-o", "/khong/co/thu-muc/kh.docx"], "không tồn tại"),
    ],
)
def test_publish_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["publish", PLAN_REL, *args])
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_output_is_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "kh.docx"
    out.write_bytes(b"ban cu")
    result = runner.invoke(app, ["publish", PLAN_REL, "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_bytes() == b"ban cu"
    assert runner.invoke(app, ["publish", PLAN_REL, "-o", str(out), "--force"]).exit_code == 0
    assert Document(str(out)).paragraphs[1].text == "KẾ HOẠCH"


def test_an_invalid_plan_is_refused_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nplan: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["publish", str(bad), "-o", str(tmp_path / "kh.docx")])
    assert result.exit_code == 1 and "bad.yaml" in result.stderr
    assert not (tmp_path / "kh.docx").exists()


def pdf_pages(pdf: bytes) -> list[str]:
    """The orientation of each page of a PDF LibreOffice wrote (uncompressed page objects)."""
    inherited = b""
    pages = []
    for body in re.findall(rb"\d+ 0 obj(.*?)endobj", pdf, re.S):
        box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", body)
        if re.search(rb"/Type\s*/Pages\b", body):
            inherited = box[0] if box else inherited
        elif re.search(rb"/Type\s*/Page\b", body):
            pages.append(box or re.search(rb"0 0 ([\d.]+) ([\d.]+)", inherited))
    return ["landscape" if m and float(m[1]) > float(m[2]) else "portrait" for m in pages]


@needs_soffice
def test_libreoffice_lays_the_plan_out_on_a_sane_number_of_pages(tmp_path: Path) -> None:
    out = publish(tmp_path, "kh.docx", PLAN_REL)
    soffice_convert(out, "pdf", tmp_path)
    pages = pdf_pages((tmp_path / "kh.pdf").read_bytes())
    count = re.search(rb"/Type\s*/Pages\b.*?/Count (\d+)", (tmp_path / "kh.pdf").read_bytes(), re.S)
    assert count is not None and int(count[1]) == len(pages)
    # about 1,050 lines of plan: a dozen portrait pages of text, then the appendix
    portrait, landscape = pages.count("portrait"), pages.count("landscape")
    assert 6 <= portrait <= 20 and 3 <= landscape <= 12, pages
    assert pages == ["portrait"] * portrait + ["landscape"] * landscape


def test_plan_text_is_data_not_template_code(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    plan = tmp_path / "p.yaml"
    hostile = "R&D <b> | {{ 7*7 }} {% raw %}"
    plan.write_text(
        text.replace('objective: "Rà soát TTHC."', f'objective: "{hostile}"'), encoding="utf-8"
    )
    markdown = run_ok("publish", str(plan), "-o", "-")
    assert "R&D \\<b\\> \\| {{ 7\\*7 }} {% raw %}" in markdown and "49" not in markdown
    assert hostile in docx_text(publish(tmp_path, "kh.docx", str(plan)))


def test_the_readme_documents_every_plan_template_variable() -> None:
    readme = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    section = readme.split("## Publishing the plan", 1)[1].split("\n## ", 1)[0]
    data = build_plan_document(load_plan(PLAN_2024))
    names = set(data) | set(data["header"]) | set(data["appendix"]) | set(data["signer"])
    names |= set(data["sections"][0]) | set(data["appendix"]["groups"][0])
    names |= set(data["appendix"]["groups"][0]["tasks"][0])
    missing = sorted(n for n in names if f"`{n}`" not in section)
    assert not missing, f"README 'Publishing the plan' does not name: {missing}"
