"""The robustness table's rows for the second audit (07–08/12/2026): the surfaces added since
the first one (units that end and hand over, the working calendar, the PAR INDEX criteria
and workbook, roll-up, diff against git revisions, import of Word plans) and what that audit
found elsewhere, added to scripts/robustness_table.py's scenarios."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from robustness_table import (
    MINIMAL,
    PROGRESS,
    ROOT,
    Run,
    Scenario,
    _check,
    minimal_with,
    write,
)

INDEX = ROOT / "tests" / "data" / "index"


def _says(*words: str) -> Callable[[Path, Run], str | None]:
    def check(folder: Path, run: Run) -> str | None:
        said = run.stdout + run.stderr
        missing = [w for w in words if w not in said]
        return f"not said: {missing[0]}" if missing else None

    return check


def _nothing_made(name: str) -> Callable[[Path, Run], str | None]:
    def check(folder: Path, run: Run) -> str | None:
        return f"{name} was made" if (folder / name).exists() else None

    return check


def _unit(extra: str) -> Callable[[Path], list[str]]:
    unit = '    name: "Phòng Tổ chức - Pháp chế"\n    kind: internal\n'
    return lambda folder: ["check", str(write(folder, "u.yaml", minimal_with(unit, unit + extra)))]


def _index_plan(
    folder: Path, criteria: str = "criteria: 2024.yaml", table: str | None = None
) -> Path:
    text = (INDEX / "ke-hoach.yaml").read_text(encoding="utf-8")
    write(folder, "2024.yaml", table or (INDEX / "2024.yaml").read_text(encoding="utf-8"))
    return write(folder, "ke-hoach.yaml", text.replace("criteria: 2024.yaml", criteria))


def _criteria(old: str, new: str) -> Callable[[Path], list[str]]:
    def setup(folder: Path) -> list[str]:
        table = (INDEX / "2024.yaml").read_text(encoding="utf-8").replace(old, new, 1)
        return ["check", str(_index_plan(folder, table=table))]

    return setup


def _workbook(folder: Path, edit: Callable[[Any], None]) -> list[str]:
    import subprocess
    import sys

    plan = _index_plan(folder)
    book = folder / "tu-cham.xlsx"
    args = ["index", "form", str(plan), "-o", str(book), "--as-of", "01/07/2024"]
    subprocess.run([sys.executable, "-m", "parplan", *args], check=True, capture_output=True)
    from openpyxl import load_workbook

    wb = load_workbook(book)
    edit(wb["Tự chấm điểm"])
    wb.save(book)
    return ["index", "collect", str(book), "--plan", str(plan)]


def _formula_without_value(folder: Path) -> list[str]:
    # openpyxl saves a formula without its computed value
    return _workbook(folder, lambda ws: ws.__setitem__("G7", "=0.5+0.5"))


def _excel_named_docx(folder: Path) -> list[str]:
    from openpyxl import Workbook

    Workbook().save(folder / "ke-hoach.docx")
    return ["import", str(folder / "ke-hoach.docx"), "-o", str(folder / "out.yaml")]


def _form_formula(folder: Path) -> list[str]:
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT))
    from bench.fill import fill

    plan = write(folder, "2024.yaml", (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8"))
    args = ["form", str(plan), "--period", "2024-Q2", "--unit", "van-phong", "-o", str(folder)]
    subprocess.run([sys.executable, "-m", "parplan", *args], check=True, capture_output=True)
    form = folder / "van-phong.xlsx"
    fill(form, {("Chỉ tiêu", "sipas"): {"value": "=86+0.2"}})
    return ["collect", str(form), "--plan", str(plan), "--period", "2024-Q2"]


def _word_table(folder: Path, first: str, then: str = "", rows: int = 0) -> list[str]:
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.crafted import table_docx

    path = table_docx(folder / "ke-hoach.docx", first, then, rows)
    return ["import", str(path), "-o", str(folder / "out.yaml")]


def _broken_score_cell(folder: Path) -> list[str]:
    args = _workbook(folder, lambda ws: None)
    book = folder / "tu-cham.xlsx"
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(book) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = re.sub(
        r'<c r="G7"[^>]*?(?:/>|>.*?</c>)', '<c r="G7" t="n"><v>abc</v></c>', parts[part].decode()
    )
    parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(book, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return args


def _word_xml(folder: Path, old: str, new: str) -> list[str]:
    import docx

    made = docx.Document()
    made.add_paragraph().add_run("KẾ HOẠCH").bold = True
    made.add_paragraph("Mục", style="Heading 1")
    path = folder / "ke-hoach.docx"
    made.save(str(path))
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].decode().replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return ["import", str(path), "-o", str(folder / "out.yaml")]


def _plan_rtl(folder: Path) -> list[str]:
    text = minimal_with('"Văn phòng Sở"', '"Văn phòng\\u202e Sở"')
    plan = write(folder, "plan.yaml", text)
    return ["status", str(plan), "--as-of", "30/06/2024", "--unit", "van-phong"]


def _rtl_shown(folder: Path, run: Run) -> str | None:
    return "U+202E sent to the terminal" if "\u202e" in run.stdout + run.stderr else None


def _nfd_note(folder: Path) -> list[str]:
    plan = write(folder, "plan.yaml", MINIMAL.read_text(encoding="utf-8"))
    note = unicodedata.normalize("NFD", "Ghi chú tiếng Việt")
    return ["record", "task", "2", "--plan", str(plan), "--status", "in_progress", "--note", note]


def _written_nfc(folder: Path, run: Run) -> str | None:
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    return None if text == unicodedata.normalize("NFC", text) else "NFD bytes written"


def _read_only_site(folder: Path) -> list[str]:
    (folder / "ro").mkdir()
    (folder / "ro").chmod(0o555)
    return ["site", str(PROGRESS), "--as-of", "30/06/2024", "-o", str(folder / "ro" / "site")]


def _nothing_in_read_only(folder: Path, run: Run) -> str | None:
    made = list((folder / "ro").iterdir())
    (folder / "ro").chmod(0o755)  # for the folder's removal
    return "a folder was made in it" if made else None


def _loop(folder: Path) -> list[str]:
    (folder / "a.yaml").symlink_to(folder / "b.yaml")
    (folder / "b.yaml").symlink_to(folder / "a.yaml")
    return ["status", str(folder / "a.yaml")]


def _one_total(folder: Path, run: Run) -> str | None:
    return None if re.search(r"Tổng \(1 kế hoạch\)", run.stdout) else "counted twice"


SCENARIOS = [
    Scenario(
        "Kế hoạch đọc lỗi sau khi qua kiểm tra (`/proc/self/mem`) / a file that fails to read",
        "check /proc/self/mem",
        lambda folder: ["check", "/proc/self/mem"],
        (2,),
        None,
        check=_says("lỗi vào/ra của thiết bị"),
    ),
    Scenario(
        "Vòng liên kết tượng trưng / a symlink loop",
        "status LOOP",
        _loop,
        (2,),
        None,
        check=_says("quá nhiều tầng liên kết tượng trưng"),
    ),
    Scenario(
        "`-o -` cho lệnh ghi thư mục / a folder output named '-'",
        "form -o -",
        lambda folder: ["form", str(PROGRESS), "--period", "2024-Q1", "-o", "-"],
        (2,),
        None,
        check=_nothing_made("-"),
    ),
    Scenario(
        "`-o ''` cho lệnh ghi thư mục / an empty folder name",
        "site -o ''",
        lambda folder: ["site", str(PROGRESS), "--as-of", "30/06/2024", "-o", ""],
        (2,),
        None,
        check=_nothing_made("index.html"),
    ),
    Scenario(
        "Thư mục con trong thư mục chỉ đọc (555) / a folder to make inside a read-only one",
        "site -o RO/site",
        _read_only_site,
        (2,),
        None,
        check=_nothing_in_read_only,
    ),
    Scenario(
        "`takes: [.inf]` của đơn vị chia tách / a split's takes of the wrong type",
        "check",
        _unit("    until: 2024-03-31\n    successors: [{unit: van-phong, takes: [.inf]}]\n"),
        (1,),
        "PP012",
        check=_says("takes[0]: cần số thứ tự nhiệm vụ"),
    ),
    Scenario(
        "Một phần việc giao cho hai đơn vị kế thừa / a part given to two successors",
        "check",
        _unit(
            "    until: 2024-03-31\n    successors: [{unit: van-phong, takes: [2]}, "
            "{unit: so-noi-vu, takes: [2]}]\n"
        ),
        (1,),
        "PP125",
    ),
    Scenario(
        "Hai đơn vị kế thừa cùng nhận phần còn lại / two successors taking the rest",
        "check",
        _unit("    until: 2024-03-31\n    successors: [{unit: van-phong}, {unit: so-noi-vu}]\n"),
        (1,),
        "PP125",
    ),
    Scenario(
        "Đơn vị hết hoạt động `until: 2023-02-29` / a unit ending on a day that does not exist",
        "check",
        _unit("    until: 2023-02-29\n    successor: van-phong\n"),
        (1,),
        "PP014",
    ),
    Scenario(
        "`working_calendar.days_off: [2023-02-29]` / a day off that does not exist",
        "check",
        _check(
            "w.yaml",
            MINIMAL.read_text(encoding="utf-8")
            + "working_calendar: {roll_forward: true, days_off: [2023-02-29]}\n",
        ),
        (1,),
        "PP014",
    ),
    Scenario(
        "`--as-of 31/12/9999 --within 9999nlv` / a day no plan is seen from",
        "deadlines",
        lambda folder: ["deadlines", str(PROGRESS), "--as-of", "31/12/9999", "--within", "9999nlv"],
        (2,),
        None,
        check=_says("ngoài các năm của kế hoạch"),
    ),
    Scenario(
        "`--as-of 31/12/2101 --within 9999nlv`, kế hoạch 2024 / the last day allowed",
        "deadlines",
        lambda folder: ["deadlines", str(PROGRESS), "--as-of", "31/12/2101", "--within", "9999nlv"],
        (0,),
        None,
    ),
    Scenario(
        "`--as-of 31/02/2024` / a day that does not exist",
        "status --as-of",
        lambda folder: ["status", str(PROGRESS), "--as-of", "31/02/2024"],
        (2,),
        None,
        check=_says("'31/02/2024': tháng 02/2024 chỉ có 29 ngày"),
    ),
    Scenario(
        "Tệp bộ tiêu chí không có / a missing criteria file",
        "check",
        lambda folder: ["check", str(_index_plan(folder, "criteria: khong-co.yaml"))],
        (1,),
        "PP303",
        check=_says("không tìm thấy tệp bộ tiêu chí"),
    ),
    Scenario(
        "Bộ tiêu chí `step: 1e-300` / a criteria step of 1e-300",
        "check",
        _criteria("step: 0.25", "step: 1e-300"),
        (0,),
        None,
    ),
    Scenario(
        "Bộ tiêu chí `step: 0` / a criteria step of 0",
        "check",
        _criteria("step: 0.25", "step: 0"),
        (1,),
        "PP303",
        check=_says("step: giá trị 0 phải > 0"),
    ),
    Scenario(
        "Điểm tự chấm có tài liệu kiểm chứng chỉ là dấu cách / evidence of spaces alone",
        "check",
        lambda folder: [
            "check",
            str(
                write(
                    folder,
                    "ke-hoach.yaml",
                    _index_plan(folder)
                    .read_text(encoding="utf-8")
                    .replace('evidence: "Kế hoạch số 45/KH-STN ngày 20/02/2024"', 'evidence: "  "'),
                )
            ),
        ],
        (1,),
        "PP307",
    ),
    Scenario(
        "Biểu tự chấm có ô điểm gộp G7:G9 / merged score cells",
        "index collect",
        lambda folder: _workbook(folder, lambda ws: ws.merge_cells("G7:G9")),
        (1,),
        "PP306",
        check=_says("vùng ô gộp G7:G9"),
    ),
    Scenario(
        "Biểu tự chấm có công thức không lưu giá trị / a formula saved without its value",
        "index collect",
        _formula_without_value,
        (1,),
        "PP306",
        check=_says("ô có công thức nhưng tệp không lưu giá trị đã tính"),
    ),
    Scenario(
        "Biểu tiến độ đưa vào `index collect` / a progress form as the self-scoring workbook",
        "index collect",
        lambda folder: [
            "index",
            "collect",
            str(ROOT / "tests" / "data" / "forms" / "van-phong.xlsx"),
            "--plan",
            str(_index_plan(folder)),
        ],
        (1,),
        "PP306",
    ),
    Scenario(
        "`index import` một tệp .yaml / a criteria table of an unknown kind",
        "index import",
        lambda folder: [
            "index",
            "import",
            str(write(folder, "bang.yaml", "x: 1\n")),
            "-o",
            str(folder / "o.yaml"),
        ],
        (2,),
        None,
        check=_says("chỉ nhập được bảng tiêu chí .xlsx, .docx, .md hoặc .txt"),
    ),
    Scenario(
        "Tệp Excel mang đuôi .docx / an Excel file named .docx",
        "import",
        _excel_named_docx,
        (2,),
        None,
        check=_says("đây là tệp Excel mang đuôi .docx"),
    ),
    Scenario(
        "Một kế hoạch ghi hai lần (`a.yaml ./a.yaml`) / a plan named twice",
        "rollup",
        lambda folder: ["rollup", str(PROGRESS), str(PROGRESS.parent / "." / PROGRESS.name)],
        (0,),
        None,
        check=_one_total,
    ),
    Scenario(
        "Ký tự đảo chiều U+202E trong tên đơn vị / a right-to-left override in a name",
        "status --unit",
        _plan_rtl,
        (0,),
        None,
        check=_rtl_shown,
    ),
    Scenario(
        "`--evidence ''` / an evidence of nothing",
        "record task",
        lambda folder: [
            "record",
            "task",
            "2",
            "--plan",
            str(write(folder, "plan.yaml", MINIMAL.read_text(encoding="utf-8"))),
            "--status",
            "in_progress",
            "--evidence",
            "",
        ],
        (2,),
        None,
    ),
    Scenario(
        "Ghi chú gõ dạng NFD / a note typed decomposed (NFD)",
        "record task --note",
        _nfd_note,
        (0,),
        None,
        check=_written_nfc,
    ),
    Scenario(
        "Lĩnh vực số 99999999999999999999 / an area numbered with 20 digits",
        "report",
        lambda folder: [
            "report",
            str(
                write(
                    folder,
                    "so.yaml",
                    minimal_with(
                        "  - id: tthc\n    number: 3\n",
                        "  - id: tthc\n    number: 99999999999999999999\n",
                    ),
                )
            ),
            "--period",
            "2024",
            "-o",
            "-",
        ],
        (1,),
        "PP013",
        memory=150,
    ),
    Scenario(
        "Kế hoạch là cấp trên của chính nó / a plan that is its own parent",
        "check",
        lambda folder: [
            "check",
            str(
                write(
                    folder,
                    "c.yaml",
                    minimal_with(
                        '  parent_body: "UBND thành phố Hà Nội"\n',
                        '  parent_body: "UBND thành phố Hà Nội"\n  parent: c.yaml\n',
                    ),
                )
            ),
        ],
        (1,),
        "PP122",
    ),
    Scenario(
        "Biểu tiến độ có công thức không lưu giá trị / a progress form's formula without value",
        "collect",
        _form_formula,
        (1,),
        "PP206",
        check=_says("'=86+0.2'"),
    ),
    Scenario(
        "Ô bảng Word gộp 100 000 000 cột (`gridSpan`) / a Word cell spanning 10⁸ columns",
        "import",
        lambda folder: _word_table(folder, '<w:gridSpan w:val="100000000"/>'),
        (1,),
        None,
        check=_says("không phải kế hoạch CCHC"),
        memory=150,
    ),
    Scenario(
        "Ô bảng Word gộp dọc 3 000 dòng (`vMerge`) / a Word cell merged down 3,000 rows",
        "import",
        lambda folder: _word_table(folder, '<w:vMerge w:val="restart"/>', "<w:vMerge/>", 3000),
        (1,),
        None,
        check=_says("không phải kế hoạch CCHC"),
    ),
    Scenario(
        "Ô điểm kiểu số chứa `abc` trong XML / a number cell holding 'abc' in its XML",
        "index collect",
        _broken_score_cell,
        (1,),
        "PP306",
        check=_says("có ô không đọc được"),
    ),
    Scenario(
        "Kiểu đoạn Word có dấu nháy (chèn vào XPath) / a Word style id with a quote",
        "import",
        lambda folder: _word_xml(folder, 'w:val="Heading1"', 'w:val="Khong&quot;Co"'),
        (2,),
        None,
        check=_says("tệp .docx có giá trị XML không hợp lệ"),
    ),
    Scenario(
        "`diff --git` một phiên bản không có / a revision that does not exist",
        "diff --git KHONG-CO",
        lambda folder: ["diff", "--git", "khong-co-phien-ban", str(ROOT / "plans" / "2024.yaml")],
        (2,),
        None,
        check=_says("không có phiên bản 'khong-co-phien-ban'"),
    ),
    Scenario(
        "PARPLAN_PLAN trỏ tới tệp không có / PARPLAN_PLAN naming nothing",
        "status",
        lambda folder: ["status"],
        (2,),
        None,
        env={"PARPLAN_PLAN": "/khong/co.yaml"},
        check=_says("không tìm thấy tệp kế hoạch"),
    ),
]
