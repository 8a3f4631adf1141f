"""`parplan import` on whole documents: a Word plan written by hand in another shape than
`publish` writes (built here with python-docx), text and Markdown plans, and bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import load_plan
from parplan.importing.build import import_plan
from tests.conftest import DATA

runner = CliRunner()
IMPORT_DATA = DATA / "import"


def _p(doc: Document, text: str, *, bold: bool = False, italic: bool = False) -> None:
    run = doc.add_paragraph().add_run(text)
    run.bold, run.italic = bold, italic


HEADER = [
    ("UBND THÀNH PHỐ HÀ NỘI", False),
    ("SỞ TƯ PHÁP", True),
    ("Số: 12/KH-STP", False),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("Độc lập - Tự do - Hạnh phúc", True),
    ("Hà Nội, ngày 05 tháng 01 năm 2025", False),
    ("KẾ HOẠCH", True),
    ("Cải cách hành chính năm 2025 của Sở Tư pháp", True),
]
BODY: list[tuple[str, str]] = [
    # (style, text): b bold, i italic, n normal
    ("n", "Căn cứ Quyết định số 100/QĐ-UBND ngày 20/12/2024 của UBND Thành phố về cải cách "
          "hành chính năm 2025, Sở Tư pháp ban hành Kế hoạch như sau:"),
    ("b", "1. MỤC ĐÍCH, YÊU CẦU"),
    ("n", "1.1. Mục đích"),
    ("n", "+ Nâng cao chất lượng phục vụ người dân."),
    ("n", "1.2. Yêu cầu"),
    ("n", "* Bám sát chỉ đạo của Thành phố."),
    ("n", "1.3. Mục tiêu chung"),
    ("n", "- Trên 90% hồ sơ được giải quyết đúng hạn."),
    ("i", "Ghi chú: chỉ tiêu do Thành phố giao."),
    ("n", "- Không quá 5% hồ sơ phải bổ sung quá một lần."),
    ("n", "- Nâng cao Chỉ số hài lòng của người dân."),
    ("b", "2. NHIỆM VỤ"),
    ("b", "2.1. Cải cách thể chế"),
    ("n", "a) Chỉ tiêu"),
    ("n", "- Giảm 10% số văn bản phải sửa đổi so với năm 2020."),
    ("n", "b) Nhiệm vụ"),
    ("n", "- Rà soát văn bản quy phạm pháp luật."),
    ("b", "2.2. Cải cách thủ tục hành chính"),
    ("n", "- Công khai thủ tục hành chính đúng quy định."),
    ("b", "3. TỔ CHỨC THỰC HIỆN"),
    ("n", "3.1. Văn phòng Sở: chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này, tổng hợp báo "
          "cáo định kỳ trình Giám đốc Sở."),
    ("n", "3.2. Phòng Hành chính tư pháp"),
    ("n", "- Rà soát thủ tục hành chính."),
    ("n", "3.3. Các phòng, đơn vị thuộc Sở"),
    ("n", "Thủ trưởng các phòng, đơn vị có trách nhiệm:"),
    ("n", "- Thực hiện đúng tiến độ các nhiệm vụ tại Phụ lục."),
    ("b", "4. CHẾ ĐỘ BÁO CÁO"),
    ("n", "Các phòng báo cáo hằng quý qua Văn phòng Sở (địa chỉ vp.stp@hanoi.gov.vn) để "
          "tổng hợp báo cáo UBND Thành phố."),
    ("b", "5. KINH PHÍ"),
    ("n", "Kinh phí từ nguồn chi thường xuyên của Sở."),
    ("b", "6. KHEN THƯỞNG"),
    ("n", "Đơn vị hoàn thành tốt được đề nghị khen thưởng."),
    ("n", "Nơi nhận:"),
    ("n", "- UBND Thành phố;"),
    ("n", "- Lưu: VT."),
    ("b", "GIÁM ĐỐC"),
    ("b", "Nguyễn Văn An"),
    ("b", "PHỤ LỤC"),
    ("b", "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025"),
    ("i", "(Kèm theo Kế hoạch số 12/KH-STP ngày 05/01/2025)"),
]  # fmt: skip
# TT | Nội dung công việc | Đơn vị thực hiện: Chủ trì, Phối hợp | Thời hạn | Kết quả | Ghi chú
ROWS: list[tuple[str, ...]] = [
    ("I", "CẢI CÁCH THỂ CHẾ"),
    ("1", "Rà soát văn bản QPPL", "Văn phòng Sở", "Phòng Hành chính - Tư pháp",
     "Quý I/2025", "Báo cáo rà soát", ""),
    ("2", "Kiểm tra văn bản", "Phòng Hành chính - Tư pháp", "Văn phòng Sở, Thanh tra Sở",
     "6 tháng đầu năm 2025", "Kết luận kiểm tra", "Phối hợp Sở Nội vụ"),
    ("II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
    ("3", "Công bố thủ tục hành chính", "Văn phòng Sở", "Các phòng, đơn vị thuộc Sở",
     "Theo yêu cầu", "Quyết định công bố", ""),
    ("", "Số hóa hồ sơ", "Văn phòng Sở", "", "Dự kiến tháng 6/2025", "Kho dữ liệu", ""),
    ("III", "CÔNG TÁC TUYÊN TRUYỀN"),
    ("5", "Tuyên truyền cải cách hành chính", "Văn phòng Sở", "", "Trước ngày 15/3/2025",
     "Tin bài", ""),
    ("6", "Hội nghị đối thoại", "Văn phòng Sở", "", "Sắp tới", "Biên bản", ""),
]  # fmt: skip


def _appendix(doc: Document) -> None:
    table = doc.add_table(rows=2, cols=7)
    top, low = table.rows[0].cells, table.rows[1].cells
    for col, text in ((0, "TT"), (1, "Nội dung công việc"), (4, "Thời hạn hoàn thành")):
        top[col].text = text
        top[col].merge(low[col])
    for col, text in ((5, "Kết quả đầu ra"), (6, "Ghi chú")):
        top[col].text = text
        top[col].merge(low[col])
    top[2].merge(top[3]).text = "Đơn vị thực hiện"
    low[2].text, low[3].text = "Chủ trì", "Phối hợp"
    for values in ROWS:
        cells = table.add_row().cells
        if len(values) == 2:  # a group row: the roman numeral, then one cell across
            cells[0].text = values[0]
            cells[1].merge(cells[6]).text = values[1]
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = value


def hand_written_plan(path: Path) -> Path:
    doc = docx.Document()
    for text, bold in HEADER:
        _p(doc, text, bold=bold)
    for style, text in BODY:
        _p(doc, text, bold=style == "b", italic=style == "i")
    _appendix(doc)
    doc.save(str(path))
    return path


@pytest.fixture
def imported(tmp_path: Path) -> dict[str, Any]:
    return import_plan(hand_written_plan(tmp_path / "ke-hoach.docx")).data


def test_header(imported: dict[str, Any]) -> None:
    meta = imported["plan"]
    assert meta["title"] == "Kế hoạch cải cách hành chính năm 2025 của Sở Tư pháp"
    assert (meta["number"], meta["symbol"], meta["type"]) == ("12", "KH-STP", "KH")
    assert (meta["place"], meta["issue_date"], meta["year"]) == ("Hà Nội", "2025-01-05", 2025)
    assert (meta["issuer"], meta["parent_body"]) == ("Sở Tư pháp", "UBND thành phố Hà Nội")
    assert "chỉ viết hoa" in meta["note"]
    assert meta["basis"] == [
        {
            "title": "Quyết định số 100/QĐ-UBND ngày 20/12/2024 của UBND Thành phố về cải cách "
            "hành chính năm 2025",
            "number": "100/QĐ-UBND",
            "date": "2024-12-20",
        }
    ]


def test_sections_however_numbered(imported: dict[str, Any]) -> None:
    assert imported["purposes"] == ["Nâng cao chất lượng phục vụ người dân."]
    assert imported["requirements"] == ["Bám sát chỉ đạo của Thành phố."]
    assert [(a["id"], a["number"], a["title"]) for a in imported["areas"]] == [
        ("the-che", 1, "Cải cách thể chế"),
        ("tthc", 2, "Cải cách thủ tục hành chính"),
        ("cong-tac-tuyen-truyen", 3, "Công tác tuyên truyền"),
    ]
    assert imported["areas"][0]["duties"] == ["Rà soát văn bản quy phạm pháp luật."]
    assert imported["areas"][1]["duties"] == ["Công khai thủ tục hành chính đúng quy định."]
    assert imported["funding"] == ["Kinh phí từ nguồn chi thường xuyên của Sở."]
    assert imported["recipients"] == ["UBND Thành phố;", "Lưu: VT."]
    assert imported["report"]["signer"] == {"title": "GIÁM ĐỐC", "name": "Nguyễn Văn An"}
    reporting = imported["reporting"]
    assert (reporting["submit_to"], reporting["email"]) == ("van-phong", "vp.stp@hanoi.gov.vn")


def test_targets_become_indicators(imported: dict[str, Any]) -> None:
    got = [
        (i["area"], i["target"]["op"], i["target"]["value"], (i.get("baseline") or {}).get("year"))
        for i in imported["indicators"]
    ]
    assert got == [
        (None, ">=", 90, None),
        (None, "<=", 5, None),
        (None, "qualitative", None, None),
        ("the-che", "reduce_by", 10, 2020),
    ]
    first = imported["indicators"][0]
    assert first["note"] == "chỉ tiêu do Thành phố giao."  # the note in italics
    ids = [i["id"] for i in imported["indicators"]]
    assert len(set(ids)) == len(ids) and all(i.isascii() and i == i.lower() for i in ids)


def test_unit_duties(imported: dict[str, Any]) -> None:
    duties = imported["unit_duties"]
    assert [(d["unit"], d["heading"], d["intro"]) for d in duties] == [
        ("van-phong", "Văn phòng Sở", None),
        ("hanh-chinh-tu-phap", "Phòng Hành chính tư pháp", None),
        ("cac-phong-don-vi", "Các phòng, đơn vị thuộc Sở", "Thủ trưởng các phòng, đơn vị có "
         "trách nhiệm:"),
    ]  # fmt: skip
    assert duties[0]["duties"] == [
        "chủ trì theo dõi, đôn đốc thực hiện Kế hoạch này, tổng hợp báo cáo định kỳ trình "
        "Giám đốc Sở."
    ]


def test_appendix_table_in_another_shape(imported: dict[str, Any]) -> None:
    tasks = imported["tasks"]
    got = [
        (t["number"], t["area"], t["objective"], t["lead"], t["coordinating"], t["deadline"]["by"])
        for t in tasks
    ]
    assert got == [
        (1, "the-che", "Rà soát văn bản QPPL", ["van-phong"], ["hanh-chinh-tu-phap"], "2025-Q1"),
        (2, "the-che", "Kiểm tra văn bản", ["hanh-chinh-tu-phap"], ["van-phong", "thanh-tra"],
         "2025-H1"),
        (3, "tthc", "Công bố thủ tục hành chính", ["van-phong"], ["cac-phong-don-vi"], "none"),
        (4, "tthc", "Số hóa hồ sơ", ["van-phong"], [], "2025-06"),
        (5, "cong-tac-tuyen-truyen", "Tuyên truyền cải cách hành chính", ["van-phong"], [],
         "before 2025-03-15"),
        (6, "cong-tac-tuyen-truyen", "Hội nghị đối thoại", ["van-phong"], [], "none"),
    ]  # fmt: skip
    assert tasks[3]["deadline"] == {
        "text": "Dự kiến tháng 6/2025",
        "by": "2025-06",
        "tentative": True,
    }
    assert [t["product"] for t in tasks][:2] == ["Báo cáo rà soát", "Kết luận kiểm tra"]
    assert tasks[1]["note"] == "Phối hợp Sở Nội vụ"  # the Ghi chú column
    assert "không có số thứ tự" in tasks[3]["note"]
    assert "không hiểu thời hạn 'Sắp tới'" in tasks[5]["note"]
    units = {u["id"]: u for u in imported["units"]}
    assert units["hanh-chinh-tu-phap"]["aliases"] == ["Phòng Hành chính - Tư pháp"]
    assert units["cac-phong-don-vi"]["kind"] == "group"


def test_doubts_are_data_and_nothing_is_lost(tmp_path: Path) -> None:
    result = import_plan(hand_written_plan(tmp_path / "ke-hoach.docx"))
    unclassified = result.data["unclassified"]
    texts = [u["text"] for u in unclassified]
    assert texts == ["6. KHEN THƯỞNG", "Đơn vị hoàn thành tốt được đề nghị khen thưởng."]
    assert all(u["note"].startswith("import: cần rà soát — ") for u in unclassified)
    # every doubt is listed, and sits as a note in the plan
    notes = str(result.data)
    for doubt in result.doubts:
        assert doubt.why in notes
    wheres = {d.where for d in result.doubts}
    assert "bảng 1, dòng 8" in wheres  # the row without STT
    assert result.problems == []


def test_cli_writes_a_plan_that_passes_check(tmp_path: Path) -> None:
    source = hand_written_plan(tmp_path / "ke-hoach.docx")
    out = tmp_path / "2025.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "\n  Phụ lục            6 nhiệm vụ\n" in result.stdout
    assert "\n  Chưa xếp loại      2 đoạn\n" in result.stdout
    assert "ke-hoach.docx:bảng 1, dòng 8: nhiệm vụ không số: không có số thứ tự" in result.stdout
    assert (
        "ke-hoach.docx:39: đoạn '6. KHEN THƯỞNG…': mục 'KHEN THƯỞNG' không thuộc" in result.stdout
    )
    assert "hợp lệ" in result.stderr
    plan = load_plan(out)
    assert len(plan.tasks) == 6 and plan.unclassified[0].text == "6. KHEN THƯỞNG"
    again = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_text_and_markdown(tmp_path: Path, suffix: str) -> None:
    """The README's example: a district plan in Markdown (a .txt reads the same way)."""
    source = tmp_path / f"ke-hoach{suffix}"
    source.write_bytes((IMPORT_DATA / "ke-hoach-huyen.md").read_bytes())
    result = import_plan(source)
    data = result.data
    meta = data["plan"]
    assert (meta["issuer"], meta["parent_body"]) == ("Phòng Nội vụ", "UBND huyện Đông Anh")
    assert (meta["number"], meta["issue_date"], meta["year"]) == ("03", "2025-01-10", 2025)
    assert data["purposes"] == ["Nâng cao hiệu quả hoạt động của Phòng."]  # wrapped line
    got = [(i["area"], i["target"]["op"], i["target"]["value"]) for i in data["indicators"]]
    assert got == [(None, ">=", 100), (None, ">=", 90), ("tai-chinh-cong", "reduce_by", 5)]
    assert [a["id"] for a in data["areas"]] == ["cong-vu", "tai-chinh-cong"]
    assert data["areas"][1]["duties"] == ["Công khai dự toán ngân sách."]
    tasks = [
        (t["number"], t["area"], t["objective"], t["product"], t["deadline"]["by"])
        for t in data["tasks"]
    ]
    assert tasks == [
        (1, "cong-vu", "Rà soát vị trí việc làm", "Đề án", "2025-Q2"),
        (2, "cong-vu", "Đánh giá cán bộ", "Báo cáo", "2025-H1"),
        (3, "tai-chinh-cong", "Công khai dự toán", "Thông báo", "before 2025-12-15"),
        (4, "tai-chinh-cong", "Tiết kiệm chi", "Báo cáo", "none"),
    ]
    assert data["tasks"][0]["coordinating"] == [data["unit_duties"][0]["unit"]]
    assert result.problems == []


# --- bad input: a clear message, exit 1 or 2, nothing written ----------------------------


def _letter(path: Path) -> Path:
    doc = docx.Document()
    _p(doc, "Kính gửi: Ông Nguyễn Văn A")
    _p(doc, "Công ty xin thông báo lịch nghỉ Tết.")
    doc.save(str(path))
    return path


def _report(path: Path) -> Path:
    """A periodic report: it has a task table, but it is a BÁO CÁO, not a plan."""
    doc = docx.Document()
    for text in ("SỞ TƯ PHÁP", "BÁO CÁO", "Kết quả thực hiện công tác cải cách hành chính quý I"):
        _p(doc, text, bold=True)
    table = doc.add_table(rows=2, cols=4)
    for cell, text in zip(
        table.rows[0].cells, ("STT", "Nhiệm vụ", "Chủ trì", "Thời hạn"), strict=True
    ):
        cell.text = text
    for cell, text in zip(
        table.rows[1].cells, ("1", "Rà soát", "Văn phòng Sở", "Quý I/2025"), strict=True
    ):
        cell.text = text
    doc.save(str(path))
    return path


def _corrupt(path: Path) -> Path:
    good = hand_written_plan(path.with_name("good.docx")).read_bytes()
    path.write_bytes(good[: len(good) // 2])
    return path


def _zip_not_word(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    return path


def _zip_bomb(path: Path) -> Path:
    """A real plan with one part of 70 MB of zeros: 70 KB more on disk."""
    hand_written_plan(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/zeros.bin", bytes(70 * 1024 * 1024))
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _doc_renamed(path: Path) -> Path:
    path.write_bytes((IMPORT_DATA / "word97.doc").read_bytes())
    return path


@pytest.mark.parametrize(
    ("name", "make", "code", "message"),
    [
        ("thu.docx", _letter, 1, "không phải kế hoạch CCHC"),
        ("bao-cao.docx", _report, 1, "văn bản là BÁO CÁO, không có phần KẾ HOẠCH"),
        ("rong.docx", _empty, 2, "tệp rỗng"),
        ("rong.md", _empty, 2, "tệp rỗng"),
        ("cu.doc", lambda p: IMPORT_DATA / "word97.doc", 2, "Word 97-2003 (.doc)"),
        ("doi-ten.docx", _doc_renamed, 2, "Word 97-2003 (.doc) mang đuôi .docx"),
        ("mat-khau.docx", lambda p: IMPORT_DATA / "protected.docx", 2, "bảo vệ bằng mật khẩu"),
        ("hong.docx", _corrupt, 2, "tệp .docx hỏng"),
        ("khong-phai-word.docx", _zip_not_word, 2, "tệp .docx hỏng hoặc không phải tệp Word"),
        (
            "bom.docx",
            _zip_bomb,
            2,
            "tệp giải nén ra 70 MB, quá lớn cho một kế hoạch (tối đa 64 MB)",
        ),
        ("ke-hoach.pdf", lambda p: p, 2, "chỉ nhập được tệp .docx, .txt hoặc .md"),
        ("khong-co.docx", lambda p: p, 2, "không tìm thấy tệp"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, make: Any, code: int, message: str) -> None:
    source = make(tmp_path / name)
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_task_numbers_out_of_sequence_are_marked(tmp_path: Path) -> None:
    text = (IMPORT_DATA / "ke-hoach-huyen.md").read_text(encoding="utf-8")
    source = tmp_path / "ke-hoach.md"
    source.write_text(text.replace("| 3 | Trước ngày", "| 5 | Trước ngày"), encoding="utf-8")
    result = import_plan(source, output="2025.yaml")
    numbers = [t["number"] for t in result.data["tasks"]]
    assert numbers == [1, 2, 5, 4]
    marked = [d for d in result.doubts if "thiếu hoặc lặp số" in d.why]
    assert [(d.where, d.what) for d in marked] == [("52", "nhiệm vụ 5")]  # the line in the file
    # check finds the gap: the problems are where the notes are
    assert {p.loc[:2] for p in result.problems} <= {("tasks", 2), ("tasks", 3)}
    assert result.problems


def test_a_plan_that_fails_check_is_written_with_its_problems_at_the_notes(
    tmp_path: Path,
) -> None:
    """No lead unit (and a deadline two years out): the plan is written (nothing is lost),
    exit 1, and the problem `check` finds is inside the task whose note says why."""
    text = (IMPORT_DATA / "ke-hoach-huyen.md").read_text(encoding="utf-8")
    text = text.replace(
        "| 2 | 6 tháng đầu năm 2025 | Bộ phận Tổ chức cán bộ |", "| 2 | Quý I/2027 | |"
    )
    source = tmp_path / "ke-hoach.md"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "2025.yaml"
    result = runner.invoke(app, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(out))]
    assert [p.split(": ")[1] for p in problems] == ["tasks[1].lead"]
    assert "`parplan check` còn 1 lỗi" in result.stderr
    written = out.read_text(encoding="utf-8").splitlines()
    start = written.index("- number: 2")
    end = written.index("- number: 3")
    for problem in problems:
        line = int(problem.split(":")[1])
        assert start < line < end
    note = next(line for line in written[start:end] if line.strip().startswith("note:"))
    assert "không có đơn vị chủ trì" in note and "ngoài năm kế hoạch 2025" in note


def _outline_list(doc: Document) -> str:
    """A multi-level list as Word writes one: I. / 1. / a) — the id of its w:num."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    root = doc.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(
            [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "")]
        )
    )
    root.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    root.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    return "90"


def test_word_automatic_numbering_as_displayed(tmp_path: Path) -> None:
    """Headings and bullets numbered by Word itself (no marker in the text) read as shown."""
    doc = docx.Document()
    num_id = _outline_list(doc)
    for text, bold in HEADER:
        _p(doc, text, bold=bold)
    outline = [
        (0, "MỤC ĐÍCH, YÊU CẦU"), (1, "Mục đích"), (3, "Nâng cao chất lượng phục vụ."),
        (1, "Chỉ tiêu"), (3, "Trên 90% hồ sơ đúng hạn."),
        (0, "NHIỆM VỤ"), (1, "Cải cách thể chế"), (2, "Chỉ tiêu"),
        (3, "Giảm 10% văn bản phải sửa đổi so với năm 2020."), (2, "Nhiệm vụ"),
        (3, "Rà soát văn bản."), (1, "Cải cách tài chính công"), (3, "Công khai ngân sách."),
        (0, "TỔ CHỨC THỰC HIỆN"), (1, "Văn phòng Sở"), (3, "Theo dõi, đôn đốc."),
    ]  # fmt: skip
    for level, text in outline:
        para = doc.add_paragraph()
        para.add_run(text).bold = level < 3
        num_pr = para._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = int(num_id)
    source = tmp_path / "tu-dong.docx"
    doc.save(str(source))
    data = import_plan(source).data
    assert data["purposes"] == ["Nâng cao chất lượng phục vụ."]
    assert [(a["id"], a["number"]) for a in data["areas"]] == [
        ("the-che", 1),
        ("tai-chinh-cong", 2),
    ]
    assert [(i["area"], i["target"]["op"]) for i in data["indicators"]] == [
        (None, ">="),
        ("the-che", "reduce_by"),
    ]
    assert data["areas"][0]["duties"] == ["Rà soát văn bản."]
    assert data["areas"][1]["duties"] == ["Công khai ngân sách."]
    assert data["unit_duties"][0]["duties"] == ["Theo dõi, đôn đốc."]


def test_year_option_overrides_the_title(tmp_path: Path) -> None:
    out = tmp_path / "2026.yaml"
    source = IMPORT_DATA / "ke-hoach-huyen.md"
    result = runner.invoke(app, ["import", str(source), "-o", str(out), "--year", "2026"])
    assert result.exit_code == 0, result.output
    plan = load_plan(out)
    assert plan.plan.year == 2026
    assert plan.tasks[0].deadline.by == "2025-Q2"  # the year written wins over --year
    assert "ngoài năm kế hoạch 2026" in (plan.tasks[0].note or "")
    bad = runner.invoke(
        app, ["import", str(source), "-o", str(tmp_path / "x.yaml"), "--year", "24"]
    )
    assert bad.exit_code == 2 and not (tmp_path / "x.yaml").exists()


def test_dash_writes_the_plan_to_stdout(tmp_path: Path) -> None:
    """`-o -` prints the plan (a pipe into another tool) and puts the summary beside it on
    stderr; it never writes a file named "-"."""
    source = IMPORT_DATA / "ke-hoach-huyen.md"
    out = tmp_path / "2025.yaml"
    to_file = runner.invoke(app, ["import", str(source), "-o", str(out)])
    piped = runner.invoke(app, ["import", str(source), "-o", "-"])
    assert piped.exit_code == to_file.exit_code == 0, piped.output
    assert piped.stdout == out.read_text(encoding="utf-8")
    assert to_file.stdout in piped.stderr and "Đã ghi ra stdout" in piped.stderr
    assert not (Path.cwd() / "-").exists()
