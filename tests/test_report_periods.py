"""A report for a period: the figures recorded for that period, task states judged as of the
report's as-of date and written as sentences, the addressees (Decree 30)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from parplan.core.periods import parse_period
from parplan.document.loader import load_plan
from parplan.documents.report import build_report
from parplan.documents.report_rows import result_sentence
from parplan.tracking.items import Item, State, Tracked, plan_items, snapshot

from .conftest import PLAN_2024, PROGRESS_REL, ROOT
from .golden import run_ok as run

PROGRESS = ROOT / PROGRESS_REL
REPORT_PERIODS = [
    "2024-Q1",
    "2024-Q2",
    "2024-Q3",
    "2024-Q4",
    "2024-H1",
    "2024-H2",
    "2024-9M",
    "2024",
]


def report_md(plan: Path, period: str, *extra: str) -> str:
    return run("report", str(plan), "-p", period, "-o", "-", "--date", "2024-12-20", *extra)


def test_the_quarter_report_shows_the_quarter_figures() -> None:
    out = report_md(PROGRESS, "2024-Q1")
    assert "Kế hoạch: ≥ 85%; thực hiện: 80%, đạt 94,12% kế hoạch" in out
    assert "412/430 (95,81%)" in out
    assert "86,2" not in out  # the 6-month figure is of a later period


def test_an_earlier_figure_is_labelled_with_its_period() -> None:
    out = report_md(PROGRESS, "2024-9M")
    assert "thực hiện (số liệu 6 tháng đầu năm 2024): 86,2%" in out
    assert "| Quý I/2024: 412/430 (95,81%) |" in out


def with_values(tmp_path: Path) -> Path:
    """The real plan with values recorded for several periods of three indicators."""
    text = PLAN_2024.read_text(encoding="utf-8")
    recorded = [
        "values:\n      - {period: 2024-H1, assessment: partly}",
        "values:\n      - {period: 2024-Q1, value: 80}\n      - {period: 2024-H1, value: 86.2}",
        "values:\n      - {period: 2024-Q3, numerator: 1245, denominator: 1250}",
        "values:\n      - {period: 2024-9M, value: 99}\n      - {period: 2024, value: 100}",
    ]
    for values in recorded:
        text = text.replace("values: []", values, 1)
    plan = tmp_path / "2024.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


@pytest.mark.parametrize("period", REPORT_PERIODS)
def test_report_and_indicators_agree_for_every_period(tmp_path: Path, period: str) -> None:
    plan_file = with_values(tmp_path)
    plan = load_plan(plan_file)
    listed = json.loads(run("indicators", str(plan_file), "--period", period, "--json"))
    data = build_report(plan, parse_period(period), report_date=date(2024, 12, 31))
    assert [i.id for i in data.indicators] == [i["id"] for i in listed]
    for row, shown in zip(data.indicators, listed, strict=True):
        assert row.status == shown["status"], row.id
        shown_period = parse_period(shown["period"]).label if shown["period"] else ""
        assert row.period == shown_period, row.id
    assert sum(i["status"] != "no_data" for i in listed) >= 1


def progress_with(tmp_path: Path, old: str, new: str) -> Path:
    text = PROGRESS.read_text(encoding="utf-8")
    assert old in text
    plan = tmp_path / "p.yaml"
    plan.write_text(text.replace(old, new), encoding="utf-8")
    return plan


def test_work_done_after_the_as_of_date_is_not_yet_done(tmp_path: Path) -> None:
    plan = progress_with(
        tmp_path,
        'deadline: {text: "Dự kiến tháng 6/2024", by: 2024-06, tentative: true}',
        'deadline: {text: "Dự kiến tháng 6/2024", by: 2024-06, tentative: true}\n'
        '    progress: {status: done, completed: 2024-03-15, evidence: "Đề án số 9/ĐA-STN"}',
    )
    out = report_md(plan, "2024-Q1")  # as of 14/03/2024, the end of the Decree 09 window
    line = next(x for x in out.splitlines() if x.startswith("- Nhiệm vụ 5:"))
    assert line.endswith(
        "(chủ trì: Phòng Tổ chức - Pháp chế; thời hạn: 30/06/2024, dự kiến): "
        "đang triển khai thực hiện, chưa đến hạn."
    )
    assert "15/03/2024" not in out and "9/ĐA-STN" not in out
    later = report_md(plan, "2024-Q1", "--as-of", "2024-03-31")
    assert (
        "đã hoàn thành ngày 15/03/2024, đúng thời hạn. Tài liệu kiểm chứng: Đề án số 9/ĐA-STN."
        in later
    )


def tracked(
    state: State,
    *,
    status: str = "not_started",
    completed: date | None = None,
    days: int | None = None,
    note: str | None = None,
    due: date | None = date(2024, 3, 31),
) -> Tracked:
    item = Item(
        "task", "task:1", "X", ("a",), due=due, status=status, completed=completed, note=note
    )
    return Tracked(item, state, days)


@pytest.mark.parametrize(
    ("row", "sentence"),
    [
        (
            tracked("done", status="done", completed=date(2024, 3, 20)),
            "đã hoàn thành ngày 20/03/2024, đúng thời hạn",
        ),
        (
            tracked("done_late", status="done", completed=date(2024, 4, 5)),
            "đã hoàn thành ngày 05/04/2024, chậm 5 ngày so với thời hạn",
        ),
        (
            tracked("done", status="done", completed=date(2024, 4, 5), due=None),
            "đã hoàn thành ngày 05/04/2024",
        ),
        (tracked("overdue", days=-12), "chưa hoàn thành, quá hạn 12 ngày"),
        (tracked("upcoming", days=40), "chưa đến hạn"),
        (
            tracked("due_soon", status="in_progress", days=3),
            "đang triển khai thực hiện, chưa đến hạn",
        ),
        (
            tracked("upcoming", status="done", completed=date(2024, 3, 15), days=17),
            "đang triển khai thực hiện, chưa đến hạn",
        ),
        (tracked("no_deadline", due=None), "chưa có kết quả"),
        (
            tracked("cancelled", status="cancelled", note="Thành phố dừng thí điểm."),
            "đã hủy, không thực hiện (lý do: Thành phố dừng thí điểm)",
        ),
        (tracked("cancelled", status="cancelled"), "đã hủy, không thực hiện"),
    ],
)
def test_each_state_reads_as_a_sentence(row: Tracked, sentence: str) -> None:
    assert result_sentence(row) == sentence


def test_the_opening_sentence_states_the_window_up_to_the_as_of_date() -> None:
    out = report_md(PROGRESS, "2024-H1", "--as-of", "2024-07-01")
    assert "như sau (số liệu tính từ ngày 15/12/2023 đến ngày 01/07/2024):" in out
    default = report_md(PROGRESS, "2024-H1")
    assert "như sau (số liệu tính từ ngày 15/12/2023 đến ngày 14/06/2024):" in default
    assert "chưa đến hạn tại ngày 14/06/2024" in default


def test_several_addressees_one_per_line() -> None:
    out = report_md(PLAN_2024, "2024")
    assert "\nKính gửi:\n\n- UBND Thành phố Hà Nội;\n- Sở Nội vụ.\n" in out


@pytest.mark.parametrize(
    ("unit", "addressee"),
    [("to-chuc-phap-che", "Văn phòng Sở"), ("van-phong", "Lãnh đạo Sở Thử nghiệm")],
)
def test_a_unit_report_is_not_addressed_to_the_unit_itself(unit: str, addressee: str) -> None:
    out = report_md(PROGRESS, "2024-H1", "--unit", unit)
    assert f"\nKính gửi: {addressee}.\n" in out


def test_word_headings_addressees_and_the_landscape_appendix(tmp_path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    out = tmp_path / "r.docx"
    run(
        "report", str(PLAN_2024), "-p", "2024", "-f", "docx", "-o", str(out), "--date", "2024-12-20"
    )
    doc = Document(str(out))
    styles = {p.text: p.style.name for p in doc.paragraphs if p.text}
    for text in (
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH",
        "III. ĐÁNH GIÁ CHUNG",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        "Phụ lục I",
        "Phụ lục II",
    ):
        assert styles[text] == "Heading 1", text
    assert styles["1. Công tác chỉ đạo, điều hành CCHC"] == "Heading 2"
    for level in (1, 2):
        style = doc.styles[f"Heading {level}"]
        assert style.font.name == "Times New Roman" and style.font.size == Pt(14)
        assert style.font.bold and not style.font.italic
        assert str(style.font.color.rgb) == "000000"
        assert "asciiTheme" not in style.element.xml  # the theme font would win over Times
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 3] == ["- UBND Thành phố Hà Nội;", "- Sở Nội vụ."]
    assert doc.sections[0].orientation == WD_ORIENT.PORTRAIT
    appendix = doc.sections[-1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    for table in doc.tables[2:]:
        assert table.rows[0].cells[0].text == "STT"
        assert table.columns[0].width >= Cm(1.25)  # "STT" in 11 pt bold stays on one line
        usable = appendix.page_width - appendix.left_margin - appendix.right_margin
        assert sum(c.width for c in table.columns) <= usable


def test_the_readme_documents_every_template_variable() -> None:
    readme = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    section = readme.split("### Template variables", 1)[1].split("\n## ", 1)[0]
    assert '"Template variables"' in (
        ROOT / "src" / "parplan" / "templates" / "report.md.j2"
    ).read_text(encoding="utf-8")
    plan = load_plan(PROGRESS)
    report = build_report(plan, parse_period("2024-H1"), report_date=date(2024, 7, 1))
    data = report.context()
    names = {k for k, v in data.items() if not isinstance(v, dict)}
    for key, value in data.items():
        if isinstance(value, dict):
            names |= {f"{key}.{sub}" for sub in value}
    assert report.upcoming and report.areas[0].tasks
    for rows in ("areas", "tasks", "indicators", "upcoming"):
        names |= set(data[rows][0])

    def named(name: str) -> bool:
        short = "." + name.split(".", 1)[1] if "." in name else name
        return f"`{name}`" in section or f"`{short}`" in section

    missing = sorted(n for n in names if not named(n))
    assert not missing, f"README 'Template variables' does not name: {missing}"


def test_section_iv_calls_only_the_overdue_occurrences_overdue() -> None:
    """A monthly obligation with March–May overdue and June–December ahead is not "quá hạn"
    for every month it lists."""
    plan = load_plan(PROGRESS)
    report = build_report(plan, parse_period("2024-H1"), report_date=date(2024, 7, 1))
    rows = snapshot(plan_items(plan), date(2024, 6, 14)).rows
    mixed = 0
    for u in (u for u in report.upcoming if u.kind == "obligation"):
        states = {r.item.period_label: r.state for r in rows if r.item.title == u.title}
        assert u.overdue_periods == [p for p in u.periods if states[p] == "overdue"]
        ahead = [p for p in u.periods if p not in u.overdue_periods]
        if u.overdue_periods and ahead:
            mixed += 1
            listed, overdue = u.line.split(" — quá hạn, cần hoàn thành ngay: ")
            assert listed.endswith(f"các kỳ: {', '.join(ahead)})")
            # each run of overdue periods, with the member units that have not done them
            named = re.sub(r" \(chưa thực hiện: [^)]*\)", "", overdue).replace("; ", ", ")
            assert named == ", ".join(u.overdue_periods) + "."
    assert mixed >= 1


@pytest.mark.parametrize(
    ("period", "cutoff"),
    [("2024-Q1", "14/03/2024"), ("2024-H1", "14/06/2024"), ("2024", "14/12/2024")],
)
def test_indicators_for_a_period_are_headed_with_its_cut_off(period: str, cutoff: str) -> None:
    """The figures of a period are those counted by its cut-off day (as in its report), so the
    view is headed with that day, not today's or the year's end."""
    out = run("indicators", str(PROGRESS), "--period", period)
    assert f"Ngày xét: {cutoff} ·" in out
    report = report_md(PROGRESS, period)
    assert f"chưa đến hạn tại ngày {cutoff}:" in report
    chosen = run("indicators", str(PROGRESS), "--period", period, "--as-of", "2024-07-01")
    assert "Ngày xét: 01/07/2024 ·" in chosen


def test_a_unit_report_carries_the_unit_symbol_or_a_blank(tmp_path: Path) -> None:
    """Never the department's symbol on a unit's report: the unit's own, else a blank."""
    blank = report_md(PROGRESS, "2024-H1", "--unit", "to-chuc-phap-che")
    assert "| Số:      /BC-… |" in blank and "/BC-STN" not in blank
    assert "Kèm theo Báo cáo số      /BC-… ngày" in blank
    plan = progress_with(
        tmp_path,
        '    name: "Phòng Tổ chức - Pháp chế"\n',
        '    name: "Phòng Tổ chức - Pháp chế"\n    report_symbol: "BC-TCPC"\n',
    )
    own = report_md(plan, "2024-H1", "--unit", "to-chuc-phap-che")
    assert "| Số:      /BC-TCPC |" in own and "/BC-STN" not in own
    assert "| Số:      /BC-STN |" in report_md(plan, "2024-H1")  # the department's own report
