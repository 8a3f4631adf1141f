"""Report drafts: golden Markdown per period and for one unit, the Word layout checked with
python-docx, template overrides and template errors."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.periods import parse_period
from parplan.document.loader import load_plan
from parplan.documents.report import build_report
from parplan.render.templates import SITE_TEMPLATES
from parplan.tracking.items import plan_items, snapshot
from parplan.tracking.progress import evaluate

from .conftest import PROGRESS_REL, ROOT
from .decree30 import assert_layout, header_texts
from .golden import assert_golden, run_ok
from .office import needs_soffice, soffice_convert

PROGRESS = PROGRESS_REL
runner = CliRunner()


pytestmark = pytest.mark.usefixtures("in_repo")
run = run_ok


@pytest.mark.parametrize("period", ["2024-Q1", "2024-H1", "2024-9M", "2024"])
def test_markdown_report_golden(period: str) -> None:
    out = run("report", str(PROGRESS), "--period", period, "-o", "-", "--date", "2024-12-20")
    assert_golden(f"report-progress-{period}.md", out)


def test_unit_report_golden() -> None:
    out = run(
        "report",
        str(PROGRESS),
        "--period",
        "2024-H1",
        "--unit",
        "to chuc phap che",
        "-o",
        "-",
        "--date",
        "2024-06-20",
    )
    assert "PHÒNG TỔ CHỨC - PHÁP CHẾ" in out and "Kính gửi: Văn phòng Sở." in out
    assert "Nhiệm vụ 1:" in out  # coordinated by a group TC-PC belongs to
    assert "Nhiệm vụ 6:" not in out  # Văn phòng Sở's alone
    assert_golden("report-progress-2024-H1-to-chuc-phap-che.md", out)


def test_figures_are_those_of_status_and_indicators() -> None:
    plan = load_plan(ROOT / PROGRESS)
    period = parse_period("2024-H1")
    data = build_report(plan, period, report_date=date(2024, 7, 1))
    cutoff = date(2024, 6, 14)  # end of the Decree 09/2019 window for 6 months
    due = [
        r
        for r in snapshot(plan_items(plan), cutoff).rows
        if r.item.due and period.start <= r.item.due <= period.end
    ]
    rows = [r for r in due if r.item.kind == "task"]
    assert data.figures.due == len(rows)
    assert data.figures.overdue == sum(r.state == "overdue" for r in rows)
    assert data.figures.done_late == sum(r.state == "done_late" for r in rows)
    # the occurrences due in H1: January's on time, February's late, four overdue (March's
    # two, April's, May's), three due 30/06 after the cut-off; the parts add up
    owed = [r.state for r in due if r.item.kind == "obligation"]
    f = data.figures
    assert (f.obligations_due, f.obligations_met, f.obligations_met_late) == (len(owed), 2, 1)
    assert (f.obligations_overdue, f.obligations_not_yet_due) == (owed.count("overdue"), 3)
    assert f.obligations_met + f.obligations_overdue + f.obligations_not_yet_due == len(owed)
    statuses = [evaluate(i, cutoff, "2024-H1").status for i in plan.indicators]
    assert [i.status for i in data.indicators] == statuses
    assert data.period.window == "từ ngày 15/12/2023 đến ngày 14/06/2024"


def test_as_of_overrides_the_cutoff() -> None:
    out = run(
        "report",
        str(PROGRESS),
        "--period",
        "2024-H1",
        "-o",
        "-",
        "--as-of",
        "2024-07-01",
        "--date",
        "2024-07-02",
    )
    assert "đến ngày 01/07/2024):" in out
    assert "thực hiện: 86,2%, đạt 101,41% kế hoạch; đánh giá: đạt." in out


def test_markdown_tables_stay_whole_with_hostile_text(tmp_path: Path) -> None:
    text = (
        (ROOT / PROGRESS)
        .read_text(encoding="utf-8")
        .replace(
            'objective: "Kế hoạch CCHC năm 2024."',
            'objective: "A | B `code` *x* <b> & \\"q\\" \\n dòng hai {{ 7*7 }} {% raw %}"',
        )
    )
    plan = tmp_path / "hostile.yaml"
    plan.write_text(text, encoding="utf-8")
    out = run("report", str(plan), "--period", "2024", "-o", "-", "--date", "2024-12-20")
    assert "{{ 7\\*7 }}" in out and "{% raw %}" in out and "49" not in out.split("Phụ lục I")[1]
    for table in out.split("\n\n"):
        lines = [line for line in table.splitlines() if line.startswith("|")]
        counts = {line.replace("\\|", "").count("|") for line in lines}
        assert len(counts) <= 1, table


def test_word_report_layout_and_values(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    run(
        "report",
        str(PROGRESS),
        "--period",
        "2024-H1",
        "-f",
        "docx",
        "-o",
        str(out),
        "--date",
        "2024-07-05",
        "--as-of",
        "2024-07-01",
    )
    doc = Document(str(out))
    assert_layout(doc)
    left, right = header_texts(doc)
    assert "UBND THÀNH PHỐ HÀ NỘI" in left and "SỞ THỬ NGHIỆM" in left and "Số:" in left
    assert "Hà Nội, ngày 05 tháng 7 năm 2024" in right
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    for heading in (
        "I. CÔNG TÁC CHỈ ĐẠO",
        "II. KẾT QUẢ",
        "III. ĐÁNH GIÁ CHUNG",
        "IV. PHƯƠNG HƯỚNG",
        "V. ĐỀ XUẤT",
    ):
        assert any(t.startswith(heading) for t in texts), heading
    tasks, indicators = doc.tables[2], doc.tables[3]
    assert "w:tblHeader" in tasks.rows[0]._tr.xml
    assert [c.text for c in tasks.rows[0].cells] == [
        "STT",
        "Nhiệm vụ",
        "Chủ trì",
        "Thời hạn",
        "Kết quả",
        "Tài liệu kiểm chứng",
    ]
    assert len(tasks.rows) == 1 + 6  # tasks 1–6 are due by 30/06 or have no date
    row2 = [c.text for c in tasks.rows[2].cells]
    assert row2[:4] == ["2", "Kế hoạch tuyên truyền CCHC", "Văn phòng Sở", "29/02/2024"]
    assert row2[4] == "Đã hoàn thành ngày 05/03/2024, chậm 5 ngày so với thời hạn"
    sipas = [c.text for c in indicators.rows[1].cells]
    assert sipas[2:] == ["≥ 85%", "86,2%", "101,41%", "Đạt"]
    # as of 01/07 the three occurrences due 30/06 are overdue too: 4 + 3
    assert (
        "- Nghĩa vụ định kỳ đến hạn trong kỳ: 9; đã thực hiện: 2 (trong đó thực hiện muộn: 1); "
        "quá hạn chưa thực hiện: 7; chưa đến hạn tại ngày 01/07/2024: 0."
    ) in texts


def plan_with_objective(tmp_path: Path, objective: str) -> Path:
    """A copy of the progress fixture whose first task's objective is ``objective`` (YAML)."""
    text = (ROOT / PROGRESS).read_text(encoding="utf-8")
    plan = tmp_path / "p.yaml"
    first = 'objective: "Kế hoạch CCHC năm 2024."'
    plan.write_text(text.replace(first, f"objective: {objective}"), encoding="utf-8")
    return plan


def word_report(plan: Path, out: Path) -> None:
    run(
        "report",
        str(plan),
        "--period",
        "2024",
        "-f",
        "docx",
        "-o",
        str(out),
        "--date",
        "2024-12-20",
    )


def test_word_report_keeps_special_characters(tmp_path: Path) -> None:
    plan = plan_with_objective(tmp_path, '"R&D <script> \\"trích\\" \'x\' {{ 7*7 }} \\u0007"')
    out = tmp_path / "r.docx"
    word_report(plan, out)
    cells = [c.text for c in Document(str(out)).tables[2].rows[1].cells]
    assert cells[1] == "R&D <script> \"trích\" 'x' {{ 7*7 }} "  # the control character dropped


def test_template_folder_is_used_only_when_named(tmp_path: Path) -> None:
    """A ``templates/`` folder beside the plan is not run unasked (templates are code); the
    folder named by --templates is, and stderr says so."""
    shutil.copy(ROOT / PROGRESS, tmp_path / "plan.yaml")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.md.j2").write_text("Bên cạnh\n", encoding="utf-8")
    builtin = run("report", str(ROOT / PROGRESS), "-p", "2024-Q1", "-o", "-")
    assert run("report", str(tmp_path / "plan.yaml"), "-p", "2024-Q1", "-o", "-") == builtin
    other = tmp_path / "other"
    other.mkdir()
    (other / "report.md.j2").write_text("Khác {{ unit }}\n", encoding="utf-8")
    args = ["report", str(tmp_path / "plan.yaml"), "-p", "2024-Q1", "-o", "-"]
    result = runner.invoke(app, [*args, "--templates", str(other)])
    assert result.exit_code == 0 and result.stdout == "Khác None\n"
    assert f"Dùng mẫu trong thư mục {other}" in result.stderr


TEMPLATE_ERRORS = [
    ("Dòng 1\n{{ khong_co }}\n", 2, "biến 'khong_co' không có trong dữ liệu báo cáo"),
    ("{{ figures.khong_co }}\n", 1, "biến 'khong_co' không có"),
    ("{% for x in %}\n", 1, "cần một biểu thức, gặp 'end of statement block'"),
    ("{% if true %}\nx\n", 2, "mẫu kết thúc giữa chừng"),
    ("{% khong %}\n", 1, "thẻ không có: 'khong'"),
    ("{{ 'a' | khong_loc }}\n", 1, "không có bộ lọc 'khong_loc'"),
    ("{{ ''.__class__ }}\n", 1, "mẫu dùng thuộc tính không được phép"),
    ("a\nb\n{{ 1 / 0 }}\n", 3, "không thực hiện được (ZeroDivisionError: division by zero)"),
    ("{{ 1 + 'a' }}\n", 1, "không thực hiện được (TypeError: unsupported operand"),
    ('{% include "khong-co.j2" %}\n', 1, "không tìm thấy mẫu 'khong-co.j2'"),
    ('{% include "phan.j2" %}\n', 2, "biến 'khong_co' không có"),  # in the included file
]


@pytest.mark.parametrize(("template", "line", "message"), TEMPLATE_ERRORS)
def test_template_errors_name_the_template_and_line(
    tmp_path: Path, template: str, line: int, message: str
) -> None:
    """A user's template that fails in any way, Jinja's or its own code's (1/0), is one
    Vietnamese message with the file and line, exit 2: never "lỗi nội bộ" (exit 3)."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.md.j2").write_text(template, encoding="utf-8")
    (folder / "phan.j2").write_text("Phần\n{{ khong_co }}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["report", str(PROGRESS), "-p", "2024-Q1", "-o", "-", "--templates", str(folder)]
    )
    assert result.exit_code == 2, result.output
    broken = "phan.j2" if "phan.j2" in template else "report.md.j2"
    assert f"{folder / broken}:{line}: lỗi mẫu: " in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("output", ["docx", "site"])
def test_template_errors_in_word_and_site_templates(tmp_path: Path, output: str) -> None:
    folder = tmp_path / "tpl"
    if output == "docx":
        folder.mkdir()
        doc = Document()
        doc.add_paragraph("{{ 1 / 0 }}")
        doc.save(str(folder / "report.docx"))
        args = ["report", str(PROGRESS), "-p", "2024-Q1", "-o", str(tmp_path / "r.docx")]
        broken = folder / "report.docx"
    else:
        (folder / "site").mkdir(parents=True)
        broken = folder / "site" / "macros.html.j2"
        broken.write_text("{% macro x() %}\n{{ 1 / 0 }}\n{% endmacro %}\n{{ x() }}\n")
        (folder / "site" / "index.html.j2").write_text('{% import "site/macros.html.j2" as m %}')
        args = ["site", str(PROGRESS), "--as-of", "2024-06-20", "-o", str(tmp_path / "web")]
    result = runner.invoke(app, [*args, "--templates", str(folder)])
    assert result.exit_code == 2, result.output
    assert f"{broken}" in result.stderr and "ZeroDivisionError" in result.stderr
    assert not (tmp_path / "r.docx").exists() and not (tmp_path / "web").exists()


def test_a_built_in_template_failing_is_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a user's template is the user's input: the built-in ones failing is parplan's bug,
    reported as such (exit 3), not blamed on a template the user never wrote."""
    from parplan.render import templates as render

    def broken(value: object) -> str:
        raise TypeError("lỗi của parplan")

    real = render.environment

    def patched(**kwargs: object) -> object:
        env = real(**kwargs)  # type: ignore[arg-type]
        env.filters["md"] = broken
        return env

    monkeypatch.setattr(render, "environment", patched)
    result = runner.invoke(app, ["report", str(PROGRESS), "-p", "2024-Q1", "-o", "-"])
    # not turned into a TemplateProblem: it reaches main(), which reports exit 3 (test_cli)
    assert isinstance(result.exception, TypeError) and str(result.exception) == "lỗi của parplan"


def test_output_is_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("bản cũ", encoding="utf-8")
    result = runner.invoke(app, ["report", str(PROGRESS), "-p", "2024-Q1", "-o", str(out)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "bản cũ"
    assert (
        runner.invoke(
            app, ["report", str(PROGRESS), "-p", "2024-Q1", "-o", str(out), "--force"]
        ).exit_code
        == 0
    )
    assert out.read_text(encoding="utf-8").startswith("| UBND")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "2024-Q1"], "--output/-o"),
        (["-p", "2024-03", "-o", "-"], "báo cáo theo quý"),
        (["-p", "2023-Q1", "-o", "-"], "ngoài năm kế hoạch"),
        (["-p", "2024-Q1", "-o", "-", "-f", "pdf"], "--format: 'pdf'"),
        (["-p", "2024-Q1", "-o", "-", "-f", "docx"], "cần một tệp .docx"),
        (["-p", "2024-Q1", "-o", "/khong/co/thu-muc/r.md"], "không tồn tại"),
    ],
)
def test_report_usage_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", str(PROGRESS), *args])
    assert result.exit_code == 2 and message in result.stderr


def test_templates_command_copies_the_builtins(tmp_path: Path) -> None:
    result = runner.invoke(app, ["templates", str(tmp_path / "t")])
    assert result.exit_code == 0
    copied = sorted(p.relative_to(tmp_path / "t").as_posix() for p in (tmp_path / "t").rglob("*.*"))
    site = [f"site/{n}" for n in sorted(SITE_TEMPLATES)]
    assert copied == ["plan.docx", "plan.md.j2", "report.docx", "report.md.j2", *site]


@needs_soffice
def test_libreoffice_opens_the_word_report(tmp_path: Path) -> None:
    """The hostile-text report converts to PDF in LibreOffice (a second, independent reader)."""
    plan = plan_with_objective(tmp_path, '"R&D <b> \\"q\\" {{ 7*7 }} 🙂 \\u200f \\u200d"')
    out = tmp_path / "r.docx"
    word_report(plan, out)
    pdf = soffice_convert(out, "pdf", tmp_path)
    assert pdf.exists() and pdf.stat().st_size > 10_000


@pytest.mark.parametrize(
    "text",
    [
        "[nhấn vào đây](http://x.example)",
        "![ảnh](http://x.example/a.png)",
        "[a][b] và [b]: http://x.example",
        "[b]: http://x.example",
        "  [c]: http://x.example \n[c]",
        "<http://x.example>",
    ],
)
def test_markdown_text_never_becomes_a_link(text: str) -> None:
    """Plan text in a paragraph, a list item or a table cell stays text: no link, image or
    reference definition (a bracket that makes none, "[Họ và tên]", stays unescaped)."""
    from markdown_it import MarkdownIt

    from parplan.render.markdown import md_cell, md_text

    md = MarkdownIt("commonmark").enable("table")
    for source in (md_text(text), f"- {md_text(text)}", f"| a |\n|---|\n| {md_cell(text)} |"):
        html = md.render(source)
        assert "<a " not in html and "<img" not in html, (source, html)
        assert "x.example" in html, (source, html)
    assert md_text("[Họ và tên]") == md_cell("[Họ và tên]") == "[Họ và tên]"
    assert md_text("[ ] việc") == "\\[ ] việc"  # never a task box
    assert md_text(" [x] việc") == " \\[x] việc"


def test_markdown_text_never_strikes_through_or_mentions() -> None:
    """ "~~…~~" and "@name" are text where GitHub renders the Markdown (a diff on a pull
    request, a report in a repository); an e-mail address is left as written."""
    from markdown_it import MarkdownIt

    from parplan.render.markdown import md_cell, md_text

    md = MarkdownIt("commonmark").enable("strikethrough")
    for escape in (md_text, md_cell):
        assert "<s>" not in md.render(escape("giảm ~~10%~~ 12%")), escape
        assert escape("giao @vanphong xử lý") == "giao \\@vanphong xử lý"
        assert escape("gửi vp@hanoi.gov.vn") == "gửi vp@hanoi.gov.vn"
