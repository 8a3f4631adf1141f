"""A PAR INDEX criteria table INVENTED FOR THE TESTS, laid out as the city's annexes are
(title rows, header, column numbers, rows 1 / 1.1 / 1.1.1, a scale line, a total row). Its
texts and points are made up: it is no official table and must never be shipped as one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TITLE = "BẢNG TIÊU CHÍ THỬ NGHIỆM (bảng viết cho kiểm thử, không phải bảng của Thành phố)"
SOURCE = "(Kèm theo Quyết định giả định số 000/QĐ-THU ngày 01/01/2024)"
HEADER = [
    "STT",
    "Tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Cách tính điểm",
    "Tài liệu kiểm chứng",
    "Không áp dụng đối với",
]
ROWS: list[list[Any]] = [
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
    ["1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 4, None, None, None],
    ["1.1", "Kế hoạch CCHC năm", 2, None, None, None],
    ["1.1.1", "Ban hành kế hoạch đúng hạn", 1, "Đúng hạn: 1 điểm; chậm: 0", "Kế hoạch CCHC", None],
    ["1.1.2", "Mức độ hoàn thành kế hoạch", 1, "Hoàn thành 100%: 1 điểm", "Báo cáo", None],
    ["-", "Hoàn thành từ 80% đến dưới 100%", "0,5", None, None, None],
    ["1.2", "Tuyên truyền CCHC", 2, "Mỗi quý một lần: 0,5 điểm", "Kế hoạch tuyên truyền", None],
    ["2", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "3,5", None, None, None],
    ["2.1", "Công khai TTHC", "1,5", None, None, None],
    ["2.1.1", "Công khai đầy đủ, đúng hạn", "0,75", "Đủ: 0,75 điểm", "Ảnh chụp", None],
    ["2.1.2", "Tiếp nhận hồ sơ trực tuyến", 0.75, "Tỷ lệ", "Số liệu", "Cơ quan không có TTHC"],
    ["2.2", "Đối thoại với doanh nghiệp", 2, "Hai lần một năm: 2 điểm", "Biên bản", None],
    [None, "Tổng cộng", "7,5", None, None, None],
]
# the bonus and penalty parts, as invented as the rest: a part row numbered with a roman
# numeral and one with none, items numbered 1, 2 and a), a scale line under an item
PART_ROWS: list[list[Any]] = [
    ["IX", "ĐIỂM THƯỞNG", "1,5", None, None, None],
    ["1", "Sáng kiến CCHC được công nhận", 1, "Mỗi sáng kiến: 0,5 điểm", "Quyết định", None],
    ["2", "Giải thưởng về CCHC", "0,5", None, "Quyết định khen thưởng", None],
    [None, "Điểm trừ", None, None, None, None],
    ["a)", "Vi phạm phát hiện qua kiểm tra", 1, "Mỗi vi phạm: trừ 0,5 điểm", "Kết luận", None],
    ["-", "Vi phạm đã khắc phục trong năm", "0,25", None, None, None],
]
WITH_PARTS: list[list[Any]] = [*ROWS[:-1], *PART_ROWS, ROWS[-1]]
# the bonus part "tối đa 1 điểm" over its items worth 1 + 0,5: it counts at most 1
CAPPED_PARTS: list[list[Any]] = [
    *ROWS[:-1],
    ["IX", "ĐIỂM THƯỞNG", 1, None, None, None],
    *PART_ROWS[1:],
    ROWS[-1],
]


def write_xlsx(path: Path, rows: list[list[Any]] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws: Any = wb.active
    ws.title = "Phụ lục"
    ws.append([TITLE])
    ws.append([SOURCE])
    ws.append([])
    ws.append(HEADER)
    for row in ROWS if rows is None else rows:
        ws.append(row)
    wb.save(path)
    return path


def write_docx(path: Path, rows: list[list[Any]] | None = None) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(SOURCE)
    body = ROWS if rows is None else rows
    table = document.add_table(rows=1 + len(body), cols=len(HEADER))
    for i, row in enumerate([HEADER, *body]):
        for j, value in enumerate(row):
            table.cell(i, j).text = "" if value is None else str(value)
    document.save(str(path))
    return path


PROGRESS_PLAN = Path(__file__).parent / "data" / "plans" / "valid" / "progress.yaml"
PAR_INDEX = """
par_index:
  criteria: ../index/2024.yaml
  not_applicable: ["2.1.2"]
  links:
    - criterion: "1.1.1"
      tasks: [1]
    - criterion: "1.1.2"
      tasks: [1, 2, 3]
    - criterion: "1.2"
      obligations: [tuyen-truyen]
    - criterion: "2.2"
      obligations: [doi-thoai]
      indicators: [sipas]
"""


def index_plan(root: Path, extra: str = "", rows: list[list[Any]] | None = None) -> Path:
    """The test plan with progress (tests/data/plans/valid/progress.yaml) naming the invented
    criteria table (``rows``: ROWS, or WITH_PARTS), written as ``index/2024.yaml`` beside its
    ``plans/2024.yaml``."""
    from parplan.index.table import read_table, table_yaml

    (root / "index").mkdir(exist_ok=True)
    (root / "plans").mkdir(exist_ok=True)
    source = write_xlsx(root / "bang.xlsx", rows)
    (root / "index" / "2024.yaml").write_text(
        table_yaml(read_table(source), source.name), encoding="utf-8"
    )
    plan = root / "plans" / "2024.yaml"
    plan.write_text(PROGRESS_PLAN.read_text(encoding="utf-8") + PAR_INDEX + extra, "utf-8")
    return plan


def index_form(plan: Path, folder: Path, as_of: str = "01/07/2024") -> Path:
    """``parplan index form`` of ``plan`` as of ``as_of``, written as ``folder/tu-cham.xlsx``."""
    from typer.testing import CliRunner

    from parplan.cli import app

    out = folder / "tu-cham.xlsx"
    args = ["index", "form", str(plan), "-o", str(out), "--as-of", as_of, "--force"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def fill_scores(path: Path, cells: dict[str, Any]) -> Path:
    """The self-scoring workbook at ``path`` with ``cells`` (``"G12": 0.75``) typed in."""
    from openpyxl import load_workbook

    from parplan.index.workbook import SHEET

    wb = load_workbook(path)
    for ref, value in cells.items():
        wb[SHEET][ref] = value
    wb.save(path)
    return path


def write_md(path: Path, rows: list[list[Any]] | None = None) -> Path:
    """The same table as a Markdown pipe table (title paragraphs above it)."""

    def line(cells: list[Any]) -> str:
        return "| " + " | ".join("" if c is None else str(c) for c in cells) + " |"

    body = ROWS if rows is None else rows
    table = [line(HEADER), "|" + "---|" * len(HEADER), *(line(r) for r in body)]
    path.write_text("\n\n".join([TITLE, SOURCE, "\n".join(table)]) + "\n", encoding="utf-8")
    return path
