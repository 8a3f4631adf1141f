"""Progress forms: `form` writes one workbook per unit, units fill them (with openpyxl here,
as Excel or LibreOffice would), `collect` records them; the result equals the same edits
made through `record`, and every bad cell or conflict is refused, located, writing nothing."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from bench.fill import fill, repack, with_shared_strings, with_wide_row
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.periods import parse_period
from parplan.document.edits import apply
from parplan.document.loader import plan_from_text
from parplan.editing.record import record_indicator, record_obligation, record_task
from parplan.forms.collect import apply_changes, check_forms
from parplan.forms.layout import (
    FIRST_ROW,
    FORMAT_VERSION,
    META_SHEET,
    SHEETS,
    STATE_CHOICES,
    Row,
    build_form,
    plan_hash,
)
from parplan.forms.read import FormFile
from parplan.tracking.progress import ASSESSMENT_LABELS

from .conftest import PLAN_2024
from .depth import DEEP, deep
from .office import needs_soffice, soffice_convert

runner = CliRunner()
PERIOD = "2024-Q2"
EXAMPLE = PLAN_2024.parent.parent / "tests" / "data" / "forms" / "van-phong.xlsx"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "2024.yaml"
    shutil.copyfile(PLAN_2024, copy)
    return copy


@pytest.fixture(scope="session")
def made_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Q2 forms of the 2024 plan, made once by `form` (~0.3 s of CPU each time); a form
    names its plan by file name, so they are the forms of every test's copy of the plan."""
    made = tmp_path_factory.mktemp("made-forms")
    copy = made / "2024.yaml"
    shutil.copyfile(PLAN_2024, copy)
    folder = made / "forms"
    result = runner.invoke(app, ["form", str(copy), "--period", PERIOD, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def forms(plan: Path, made_forms: Path, tmp_path: Path) -> Path:
    """This test's own copy of the forms (tests fill and break them)."""
    return Path(shutil.copytree(made_forms, tmp_path / "forms"))


def collect(plan: Path, *files: Path, extra: tuple[str, ...] = ()) -> Any:
    """Run collect from the forms' folder, so that problems read "van-phong.xlsx!…"."""
    folder = files[0].parent
    names = [str(f.relative_to(folder)) if f.is_relative_to(folder) else str(f) for f in files]
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return runner.invoke(app, ["collect", *names, "--plan", str(plan), *extra])
    finally:
        os.chdir(cwd)


# --- the form ---------------------------------------------------------------------------


def test_one_form_per_unit_with_something_to_report(forms: Path) -> None:
    names = sorted(p.name for p in forms.iterdir())
    assert "van-phong.xlsx" in names and "thanh-tra.xlsx" in names
    assert "ban-giam-doc.xlsx" not in names  # nothing to report in the period
    assert not any(n.startswith(("ubnd", "cac-")) for n in names)  # outside bodies, groups


def test_form_layout(forms: Path) -> None:
    wb = load_workbook(forms / "van-phong.xlsx")
    assert wb.sheetnames == ["Nhiệm vụ", "Chỉ tiêu", "Nghĩa vụ", META_SHEET]
    assert wb[META_SHEET].sheet_state == "hidden"
    for spec in SHEETS:
        ws = wb[spec.name]
        assert ws.protection.sheet and not ws.protection.password
        assert ws.freeze_panes == spec.freeze
        headers = [c.value for c in ws[FIRST_ROW - 1]]
        assert headers == [*(c.header for c in spec.columns), "parplan"]
        tie = get_column_letter(len(spec.columns) + 1)  # each row's key and fingerprint
        assert ws.column_dimensions[tie].hidden
        for index, column in enumerate(spec.columns, start=1):
            cell = ws.cell(FIRST_ROW, index)
            assert cell.protection.locked is not column.editable, column.key
            assert (cell.fill.fgColor.rgb == "00FFF2CC") is column.editable, column.key
            if column.kind == "date":
                assert cell.number_format == "DD/MM/YYYY"
            letter = cell.column_letter
            assert ws.column_dimensions[letter].width == column.width
    tasks = wb["Nhiệm vụ"]
    assert [tasks.cell(4, i).value for i in (1, 2, 5)] == [1, "Chủ trì", "Trước ngày 22/02/2024"]
    assert tasks.cell(4, 6).value == datetime(2024, 2, 21)
    lists = [dv for dv in tasks.data_validations.dataValidation if dv.type == "list"]
    assert lists[0].formula1 == '"' + ",".join(STATE_CHOICES.values()) + '"'
    dates = [dv for dv in tasks.data_validations.dataValidation if dv.type == "date"]
    assert "DATE(2024,12,31)" in {dv.formula2 for dv in dates}
    assert str(tasks.cell(4, 14).value).startswith("task:1|")
    meta = {r[0]: r[1] for r in wb[META_SHEET].iter_rows(max_row=7, values_only=True)}
    assert meta["period"] == PERIOD and meta["unit"] == "van-phong"
    assert meta["plan_file"] == "2024.yaml" and len(str(meta["plan_hash"])) == 64


def test_number_cells_refuse_text(forms: Path) -> None:
    """An indicator's value, numerator and denominator refuse text as they are typed ("86,2"
    where the decimal mark is a dot; a count also a decimal: 1.245 read as one and 245
    thousandths), with a prompt saying how to type them; dates still only warn (a date typed
    as text in another locale is read)."""
    ws = load_workbook(forms / "van-phong.xlsx")["Chỉ tiêu"]
    spec = next(s for s in SHEETS if s.name == "Chỉ tiêu")
    letter = {c.key: get_column_letter(i) for i, c in enumerate(spec.columns, start=1)}
    by_column = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    for key, kind in (("value", "decimal"), ("numerator", "whole"), ("denominator", "whole")):
        dv = by_column[letter[key]]
        assert (dv.type, dv.operator, dv.formula1, dv.errorStyle) == (
            kind,
            "greaterThanOrEqual",
            "0",
            "stop",
        ), key
        assert dv.showInputMessage and dv.prompt.startswith("Gõ một số") and dv.promptTitle
        assert dv.error.startswith("Cần một số") and len(dv.error) <= 225 and len(dv.prompt) <= 255
    assert "86,2 hoặc 86.2" in by_column[letter["value"]].prompt
    tasks = load_workbook(forms / "van-phong.xlsx")["Nhiệm vụ"]
    dates = [dv for dv in tasks.data_validations.dataValidation if dv.type == "date"]
    assert dates and {dv.errorStyle for dv in dates} == {"warning"}


def test_a_coordinating_unit_sees_its_role(forms: Path) -> None:
    ws = load_workbook(forms / "thanh-tra.xlsx")["Nhiệm vụ"]
    roles = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(FIRST_ROW, ws.max_row + 1)}
    assert roles[1] == "Phối hợp"  # task 1: lead Văn phòng, coordinating all units


def test_existing_forms_are_not_overwritten(plan: Path, forms: Path) -> None:
    before = (forms / "van-phong.xlsx").read_bytes()
    result = runner.invoke(app, ["form", str(plan), "--period", PERIOD, "-o", str(forms)])
    assert result.exit_code == 2 and "--force" in result.stderr
    assert (forms / "van-phong.xlsx").read_bytes() == before


def test_form_for_chosen_units(plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "one"
    args = ["form", str(plan), "-p", "2024-H1", "--unit", "thanh tra", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["thanh-tra.xlsx"]


# --- collecting equals recording --------------------------------------------------------

FILLED: dict[tuple[Any, ...], dict[str, Any]] = {
    ("Nhiệm vụ", 1): {
        "state": "Hoàn thành",
        "done": datetime(2024, 2, 20),  # a real Excel date
        "ev_title": "Kế hoạch CCHC năm 2024",
        "ev_number": "45/KH-SVHTT",
        "ev_date": "20/02/2024",  # a date typed as text
    },
    ("Nhiệm vụ", 2): {"state": "đang thực hiện", "note": "Đang xin ý kiến các phòng"},
    ("Nhiệm vụ", 5): {"done": "15/03/2024"},  # a date alone means done
    ("Chỉ tiêu", "sipas"): {"value": "86,2", "source": "Khảo sát SIPAS quý II"},
    ("Chỉ tiêu", "ho-so-dung-han"): {"numerator": "1.245", "denominator": 1250},  # text, number
    ("Chỉ tiêu", "phan-anh-kien-nghi"): {"value": 99.125},  # a numeric cell: no ambiguity
    ("Chỉ tiêu", "par-index"): {"assessment": "Đạt một phần"},
    ("Nghĩa vụ", "tuyen-truyen-truc-tuyen"): {"done": "28/06/2024", "ev_title": "Bài đăng"},
}
RECORD = [
    [
        "record", "task", "1", "--done", "20/02/2024",
        "--evidence", "Kế hoạch CCHC năm 2024 số 45/KH-SVHTT ngày 20/02/2024",
    ],
    ["record", "task", "2", "--status", "in_progress", "--note", "Đang xin ý kiến các phòng"],
    ["record", "task", "5", "--done", "2024-03-15"],
    ["record", "indicator", "sipas", "-p", PERIOD, "--value", "86,2",
     "--source", "Khảo sát SIPAS quý II"],
    ["record", "indicator", "ho-so-dung-han", "-p", PERIOD, "--numerator", "1.245",
     "--denominator", "1250"],
    ["record", "indicator", "phan-anh-kien-nghi", "-p", PERIOD, "--value", "99,1250"],
    ["record", "indicator", "par-index", "-p", PERIOD, "--assessment", "partly"],
    ["record", "obligation", "tuyen-truyen-truc-tuyen", "-p", PERIOD, "-u", "van-phong",
     "--done", "28/06/2024",
     "--evidence", "Bài đăng"],
]  # fmt: skip


def test_collect_equals_the_same_edits_through_record(
    plan: Path, forms: Path, tmp_path: Path
) -> None:
    fill(forms / "van-phong.xlsx", FILLED)
    result = collect(plan, *sorted(forms.iterdir()))
    assert result.exit_code == 0, result.output
    assert "Đã ghi" in result.stderr
    recorded = tmp_path / "recorded.yaml"
    shutil.copyfile(PLAN_2024, recorded)
    for args in RECORD:
        done = runner.invoke(app, [*args, "--plan", str(recorded)])
        assert done.exit_code == 0, done.output
    assert plan.read_text(encoding="utf-8") == recorded.read_text(encoding="utf-8")
    summary = result.stdout.splitlines()
    assert any(line.startswith("Văn phòng Sở") and line.split()[-3:] == ["3", "4", "1"]
               for line in summary)  # fmt: skip
    # the loop goes on: status and the report see what the units sent
    listed = runner.invoke(app, ["deadlines", str(plan), "--as-of", "2024-07-01", "--json"])
    states = {(r["kind"], r["number"] or r["id"], r["period"]): r["state"]
              for r in json.loads(listed.stdout)}  # fmt: skip
    assert states[("task", 1, None)] == "done" and states[("task", 5, None)] == "done"
    # Văn phòng did its own occurrence; the plan's waits for the four other units
    assert states[("obligation", "tuyen-truyen-truc-tuyen", "2024-Q2")] == "overdue"
    own = runner.invoke(app, ["deadlines", str(plan), "--as-of", "2024-07-01", "--json",
                              "--unit", "van-phong"])  # fmt: skip
    mine = {(r["id"], r["period"]): r for r in json.loads(own.stdout) if r["kind"] != "task"}
    assert mine[("tuyen-truyen-truc-tuyen", "2024-Q2")]["state"] == "done"
    report = runner.invoke(app, ["report", str(plan), "-p", PERIOD, "-o", "-"])
    assert report.exit_code == 0 and "86,2" in report.stdout


def test_collecting_twice_changes_nothing(plan: Path, forms: Path) -> None:
    fill(forms / "van-phong.xlsx", FILLED)
    assert collect(plan, forms / "van-phong.xlsx").exit_code == 0
    once = plan.read_bytes()
    again = collect(plan, forms / "van-phong.xlsx")
    assert again.exit_code == 0, again.output
    assert "Không có gì thay đổi" in again.stderr and plan.read_bytes() == once


def test_blank_and_unchanged_rows_change_nothing(plan: Path, forms: Path) -> None:
    before = plan.read_bytes()
    fill(forms / "van-phong.xlsx", {("Nhiệm vụ", 3): {"state": "Chưa bắt đầu"}})
    result = collect(plan, *sorted(forms.iterdir()))
    assert result.exit_code == 0, result.output
    assert plan.read_bytes() == before


def test_dry_run_shows_the_diff_and_writes_nothing(plan: Path, forms: Path) -> None:
    before = plan.read_bytes()
    fill(forms / "van-phong.xlsx", FILLED)
    result = collect(plan, forms / "van-phong.xlsx", extra=("--dry-run",))
    assert result.exit_code == 0, result.output
    assert "+      completed: 2024-02-20" in result.stdout
    assert "+        value: 86.2" in result.stdout
    assert plan.read_bytes() == before and "(chưa ghi)" in result.stderr


# --- bad cells: located, nothing written ------------------------------------------------

BAD_CELLS = [
    (("Nhiệm vụ", 1), {"state": "Xong"}, "Nhiệm vụ!H4", "không có trong danh sách", "PP206"),
    (("Nhiệm vụ", 1), {"done": "31/02/2024"}, "Nhiệm vụ!I4", "ngày không hợp lệ", "PP206"),
    (("Nhiệm vụ", 1), {"done": "01/12/2023"}, "Nhiệm vụ!I4", "ngoài năm kế hoạch", "PP206"),
    (("Nhiệm vụ", 1), {"done": date(2099, 1, 1)}, "Nhiệm vụ!I4", "ở tương lai", "PP206"),
    (("Nhiệm vụ", 1), {"state": "Hoàn thành"}, "Nhiệm vụ!I4", "cần ngày hoàn thành (Ngày", "PP206"),
    (
        ("Nhiệm vụ", 1),
        {"state": "Đang thực hiện", "done": "01/03/2024"},
        "Nhiệm vụ!I4",
        "chỉ ghi khi trạng thái là hoàn thành (Trạng thái mới: Hoàn thành)",
        "PP206",
    ),
    (("Nhiệm vụ", 1), {"ev_number": "12/KH"}, "Nhiệm vụ!J4", "cần tên tài liệu", "PP206"),
    (("Chỉ tiêu", "sipas"), {"value": "tám mươi"}, "Chỉ tiêu!E5", "không phải là số", "PP206"),
    (("Chỉ tiêu", "sipas"), {"value": "1.250"}, "Chỉ tiêu!E5", "không rõ nghĩa", "PP206"),
    (("Chỉ tiêu", "sipas"), {"value": "120"}, "Chỉ tiêu!E5", "0–100", "PP107"),
    (
        ("Chỉ tiêu", "ho-so-dung-han"),
        {"numerator": 431, "denominator": 430},
        "Chỉ tiêu!F7",
        "lớn hơn mẫu số",
        "PP117",
    ),
    (
        ("Chỉ tiêu", "ho-so-dung-han"),
        {"numerator": "2,5", "denominator": 3},
        "Chỉ tiêu!F7",
        "số nguyên",
        "PP206",
    ),
    (("Chỉ tiêu", "par-index"), {"value": 50}, "Chỉ tiêu!E4", "định tính", "PP206"),
    (("Chỉ tiêu", "sipas"), {"assessment": "Đạt"}, "Chỉ tiêu!H5", "định lượng", "PP206"),
    (("Chỉ tiêu", "sipas"), {"numerator": 5}, "Chỉ tiêu!G5", "cần cả Mẫu số", "PP206"),
    (
        ("Nghĩa vụ", "tuyen-truyen-truc-tuyen"),
        {"note": "đã làm"},
        "Nghĩa vụ!F",
        "cần Ngày hoàn thành",
        "PP206",
    ),
]


@pytest.mark.parametrize(("item", "values", "where", "message", "code"), BAD_CELLS)
def test_a_bad_cell_is_located_and_nothing_is_written(
    plan: Path,
    forms: Path,
    item: tuple[Any, ...],
    values: dict[str, Any],
    where: str,
    message: str,
    code: str,
) -> None:
    before = plan.read_bytes()
    good = {k: v for k, v in FILLED.items() if k[1] != item[1]}
    fill(forms / "van-phong.xlsx", {**good, item: values})
    result = collect(plan, *sorted(forms.iterdir()))
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("van-phong.xlsx!")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"van-phong.xlsx!{where}") and message in lines[0], lines[0]
    assert lines[0].endswith(f"[{code}]")
    assert plan.read_bytes() == before


# --- conflicts --------------------------------------------------------------------------


def test_two_forms_disagreeing_on_one_item_are_both_named(plan: Path, forms: Path) -> None:
    before = plan.read_bytes()
    fill(forms / "van-phong.xlsx", {("Nhiệm vụ", 1): {"state": "Đang thực hiện"}})
    fill(forms / "thanh-tra.xlsx", {("Nhiệm vụ", 1): {"state": "Hủy"}})
    result = collect(plan, forms / "van-phong.xlsx", forms / "thanh-tra.xlsx")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(ln.startswith("van-phong.xlsx!Nhiệm vụ!H4: nhiệm vụ 1: 'đang thực hiện' khác "
                             "với 'hủy'") and
               "thanh-tra.xlsx!Nhiệm vụ!H" in ln and ln.endswith("[PP205]") for ln in lines)  # fmt: skip
    assert any(ln.startswith("thanh-tra.xlsx!Nhiệm vụ!H") and "[PP205]" in ln for ln in lines)
    assert plan.read_bytes() == before


def test_two_forms_agreeing_are_one_edit(plan: Path, forms: Path) -> None:
    same = {("Nhiệm vụ", 1): {"state": "Đang thực hiện"}}
    fill(forms / "van-phong.xlsx", same)
    fill(forms / "thanh-tra.xlsx", same)
    result = collect(plan, forms / "van-phong.xlsx", forms / "thanh-tra.xlsx")
    assert result.exit_code == 0, result.output
    assert plan.read_text(encoding="utf-8").count("status: in_progress") == 1


def test_a_form_from_an_older_plan_whose_item_changed_is_refused(plan: Path, forms: Path) -> None:
    changed = runner.invoke(app, ["record", "task", "1", "--status", "in_progress",
                                  "--plan", str(plan)])  # fmt: skip
    assert changed.exit_code == 0
    before = plan.read_bytes()
    fill(forms / "van-phong.xlsx", {**FILLED, ("Nhiệm vụ", 1): {"state": "Hủy"}})
    result = collect(plan, forms / "van-phong.xlsx")
    assert result.exit_code == 1
    assert "van-phong.xlsx!Nhiệm vụ!A4: task:1: đã thay đổi trong kế hoạch" in result.stderr
    assert "[PP203]" in result.stderr and plan.read_bytes() == before


def test_an_older_form_still_collects_items_that_did_not_change(plan: Path, forms: Path) -> None:
    runner.invoke(app, ["record", "task", "3", "--status", "in_progress", "--plan", str(plan)])
    fill(forms / "van-phong.xlsx", FILLED)
    result = collect(plan, forms / "van-phong.xlsx")
    assert result.exit_code == 0, result.output


def _edit_meta(path: Path, key: str, value: str) -> None:
    wb = load_workbook(path)
    ws = wb[META_SHEET]
    for row in ws.iter_rows(max_row=7):
        if row[0].value == key:
            row[1].value = value
    wb.save(path)


@pytest.mark.parametrize(
    ("key", "value", "cell", "message"),
    [
        ("plan_title", "Kế hoạch CCHC năm 2024 của Sở Y tế", "B3", "kế hoạch khác"),
        # the same title, another year: the refusal names both years (it said the title twice)
        ("plan_year", "2023", "B3", "', năm 2024 [PP202]"),
        ("period", "2024-Q1", "B6", "kỳ 2024-Q1, đang thu kỳ 2024-Q2"),
        ("unit", "phong-khong-co", "B7", "không có trong kế hoạch"),
    ],
)
def test_a_form_for_another_plan_period_or_unit_is_refused(
    plan: Path, forms: Path, key: str, value: str, cell: str, message: str
) -> None:
    fill(forms / "van-phong.xlsx", FILLED)
    _edit_meta(forms / "van-phong.xlsx", key, value)
    before = plan.read_bytes()
    result = collect(plan, forms / "van-phong.xlsx", extra=("--period", PERIOD))
    assert result.exit_code == 1
    assert f"van-phong.xlsx!parplan!{cell}: " in result.stderr and message in result.stderr
    assert "[PP202]" in result.stderr and plan.read_bytes() == before


def test_forms_of_two_periods_need_a_period(plan: Path, forms: Path, tmp_path: Path) -> None:
    q1 = tmp_path / "q1"
    runner.invoke(app, ["form", str(plan), "-p", "2024-Q1", "-u", "thanh-tra", "-o", str(q1)])
    result = collect(plan, forms / "van-phong.xlsx", q1 / "thanh-tra.xlsx")
    assert result.exit_code == 1
    assert f"{q1}/thanh-tra.xlsx!parplan!B6: biểu mẫu kỳ 2024-Q1" in result.stderr


def test_an_altered_descriptive_cell_is_refused(plan: Path, forms: Path) -> None:
    wb = load_workbook(forms / "van-phong.xlsx")
    wb["Nhiệm vụ"]["C5"] = "Một mục tiêu khác"
    wb["Nhiệm vụ"]["F6"] = "Hôm qua"
    wb["Nhiệm vụ"]["H5"] = "Hoàn thành"
    wb["Nhiệm vụ"]["I5"] = "01/03/2024"
    wb.save(forms / "van-phong.xlsx")
    result = collect(plan, forms / "van-phong.xlsx")
    assert result.exit_code == 1
    assert (
        "van-phong.xlsx!Nhiệm vụ!C5: ô mô tả đã bị sửa (kế hoạch ghi: "
        "'Kế hoạch tuyên truyền CCHC') [PP204]"
    ) in result.stderr
    # what the plan says, as the form shows it (it said datetime.date(2024, 2, 29))
    assert "Nhiệm vụ!F6: ô mô tả đã bị sửa (kế hoạch ghi: '29/02/2024') [PP204]" in result.stderr


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("notes.xlsx", lambda p: p.write_text("not a workbook"), "không phải tệp Excel"),
        ("notes.md", lambda p: p.write_text("# notes"), "không phải tệp Excel"),
        ("cut.xlsx", lambda p: p.write_bytes(EXAMPLE.read_bytes()[:3000]), "tệp bị hỏng"),
        ("missing.xlsx", lambda p: None, "không tìm thấy tệp"),
    ],
)
def test_a_file_that_is_not_a_form(
    plan: Path, tmp_path: Path, name: str, make: Any, message: str
) -> None:
    bad = tmp_path / name
    make(bad)
    before = plan.read_bytes()
    result = collect(plan, bad)
    assert result.exit_code == 1, result.output
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{name}: ") and message in line and line.endswith("[PP201]"), line
    assert plan.read_bytes() == before


# --- LibreOffice ------------------------------------------------------------------------


def _cells(path: Path) -> list[list[Any]]:
    wb = load_workbook(path)
    return [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets]


def test_forms_made_in_parallel_equal_forms_made_in_turn(
    plan: Path, forms: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan.forms import build

    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    out = tmp_path / "parallel"
    result = runner.invoke(app, ["form", str(plan), "--period", PERIOD, "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in forms.iterdir())
    assert sorted(p.name for p in out.iterdir()) == names
    for name in names:
        assert _cells(out / name) == _cells(forms / name), name


def test_a_row_added_below_the_form_is_refused(plan: Path, forms: Path) -> None:
    wb = load_workbook(forms / "thanh-tra.xlsx")
    ws = wb["Nhiệm vụ"]
    below = ws.max_row + 1
    ws.cell(below, 1, 99)
    ws.cell(below, 8, "Hoàn thành")
    wb.save(forms / "thanh-tra.xlsx")
    result = collect(plan, forms / "thanh-tra.xlsx")
    assert result.exit_code == 1
    assert f"thanh-tra.xlsx!Nhiệm vụ!A{below}: dòng không thuộc biểu mẫu" in result.stderr


def test_forms_read_in_parallel_collect_the_same(
    plan: Path, forms: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan.forms import read

    fill(forms / "van-phong.xlsx", FILLED)
    in_turn = tmp_path / "in-turn.yaml"
    shutil.copyfile(plan, in_turn)
    assert collect(in_turn, *sorted(forms.iterdir())).exit_code == 0
    monkeypatch.setattr(read, "PARALLEL_FROM", 1)
    result = collect(plan, *sorted(forms.iterdir()))
    assert result.exit_code == 0, result.output
    assert plan.read_bytes() == in_turn.read_bytes()


# --- hostile sizes: bounded reading, a bounded listing ------------------------------------


def add_rows(form: Path, count: int) -> None:
    """``count`` rows typed below a form's tasks (no tie to the plan: each is a PP204)."""
    wb = load_workbook(form)
    for number in range(count):
        wb["Nhiệm vụ"].append([1000 + number, "x", "y", "z", "t", None, None, "Hoàn thành"])
    wb.save(form)


def test_a_form_unpacking_past_the_bound_is_refused_unread(
    plan: Path, forms: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .xlsx is a zip: one that unpacks to more than MAX_FORM_UNPACKED (a zip bomb) is refused
    from its directory, before openpyxl reads any of it."""
    import zipfile

    from parplan.forms import read

    bomb = forms / "thanh-tra.xlsx"
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(3 * 1024 * 1024))
    monkeypatch.setattr(read, "MAX_FORM_UNPACKED", 2 * 1024 * 1024)
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    result = collect(plan, bomb)
    assert result.exit_code == 1 and not opened
    assert "thanh-tra.xlsx: tệp giải nén ra 3 MB, quá lớn cho một biểu mẫu (tối đa 2 MB)" in (
        result.stderr
    )


def test_a_sheet_past_the_row_bound_is_read_no_further(
    plan: Path, forms: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan.forms import read

    monkeypatch.setattr(read, "MAX_SHEET_ROWS", 40)
    add_rows(forms / "thanh-tra.xlsx", 500)
    result = collect(plan, forms / "thanh-tra.xlsx")
    assert result.exit_code == 1
    cut = f"thanh-tra.xlsx!Nhiệm vụ!A{FIRST_ROW + 40}: hơn 40 dòng: không phải biểu mẫu"
    assert cut in result.stderr
    assert f"A{FIRST_ROW + 41}:" not in result.stderr  # nothing read past the bound


def test_many_problems_are_listed_up_to_the_cap(plan: Path, forms: Path) -> None:
    """Every problem is counted, the first 200 listed, as `check` does."""
    add_rows(forms / "thanh-tra.xlsx", 450)
    result = collect(plan, forms / "thanh-tra.xlsx")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1
    assert sum(line.endswith("[PP204]") for line in lines) == 200
    assert lines[-2] == "… còn 250 lỗi nữa không liệt kê (chỉ in 200 lỗi đầu tiên)"
    assert lines[-1] == f"450 lỗi; không ghi gì vào {plan}"


def test_a_folder_stands_for_the_forms_in_it(plan: Path, forms: Path) -> None:
    (forms / "~$van-phong.xlsx").write_bytes(b"Excel's lock file while the form is open")
    every = runner.invoke(app, ["collect", str(forms), "--plan", str(plan), "--dry-run"])
    named = runner.invoke(
        app,
        ["collect", *sorted(map(str, forms.glob("[!~]*.xlsx"))), "--plan", str(plan), "--dry-run"],
    )
    assert every.exit_code == named.exit_code == 0, every.output
    assert every.output == named.output
    empty = forms / "trong"
    empty.mkdir()
    result = runner.invoke(app, ["collect", str(empty), "--plan", str(plan)])
    assert result.exit_code == 2 and "thư mục không có biểu mẫu .xlsx nào" in result.stderr


# --- several rows of one item: the edits `record` makes one at a time ------------------------


def test_the_first_two_occurrences_of_an_obligation_collect(plan: Path, forms: Path) -> None:
    """April and May of a monthly obligation with nothing recorded before: the first `records`
    list is made once, holding both (it was added twice: a duplicate key, PP002)."""
    fill(
        forms / "van-phong.xlsx",
        {
            ("Nghĩa vụ", "cong-khai-hang-thang", "Tháng 04/2024"): {"done": "30/04/2024"},
            ("Nghĩa vụ", "cong-khai-hang-thang", "Tháng 05/2024"): {"done": "31/05/2024"},
        },
    )
    result = collect(plan, forms / "van-phong.xlsx")
    assert result.exit_code == 0, result.output
    recorded = plan.with_name("recorded.yaml")
    shutil.copyfile(PLAN_2024, recorded)
    for month, day in (("2024-04", "30/04/2024"), ("2024-05", "31/05/2024")):
        args = ["record", "obligation", "cong-khai-hang-thang", "-p", month, "-u", "van-phong",
                "--done", day]  # fmt: skip
        done = runner.invoke(app, [*args, "--plan", str(recorded)])
        assert done.exit_code == 0, done.output
    assert plan.read_text(encoding="utf-8") == recorded.read_text(encoding="utf-8")


TODAY = date(2024, 12, 31)
PLAN_TEXT = PLAN_2024.read_text(encoding="utf-8")
Q2_DAYS = st.dates(date(2024, 4, 1), date(2024, 6, 30))
WORDS = st.sampled_from(["Đã họp", "Báo cáo số 12/BC-VP ngày 05/04/2024", "=1+1", "-"])


def _task_fill(draw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A task row's cells, and the same as `record task` options."""
    status = draw(st.sampled_from(["done", "in_progress", "cancelled"]))
    cells: dict[str, Any] = {"state": STATE_CHOICES[status]}
    options: dict[str, Any] = {"status": status}
    if status == "done":
        day = draw(Q2_DAYS)
        cells["done"], options = day.strftime("%d/%m/%Y"), {"done": day.isoformat()}
    if draw(st.booleans()):
        cells["ev_title"] = options["evidence"] = draw(WORDS)
        options["evidence"] = [options["evidence"]]
    if draw(st.booleans()):
        cells["note"] = options["note"] = draw(WORDS)
    return cells, options


def _indicator_fill(draw: Any, qualitative: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    if qualitative:
        code = draw(st.sampled_from(sorted(ASSESSMENT_LABELS)))
        cells: dict[str, Any] = {"assessment": ASSESSMENT_LABELS[code]}
        options: dict[str, Any] = {"assessment": code}
    elif draw(st.booleans()):
        value = draw(st.sampled_from([0, 12.5, 86.2, 99.25, 100]))
        cells, options = {"value": value}, {"value": str(value).replace(".", ",")}
    else:
        whole = draw(st.integers(1, 5000))
        part = draw(st.integers(0, whole))
        cells = {"numerator": part, "denominator": whole}
        options = {"numerator": str(part), "denominator": str(whole)}
    if draw(st.booleans()):
        cells["source"] = options["source"] = draw(WORDS)
    return cells, options


@st.composite
def filled_rows(draw: Any) -> list[tuple[Row, dict[str, Any], dict[str, Any]]]:
    """Some rows of Văn phòng's Q2 form (every obligation occurrence likely among them),
    each with its cells and the options of the `record` call that asks the same."""
    plan = plan_from_text(PLAN_TEXT, "2024.yaml")
    form = build_form(plan, "van-phong", parse_period(PERIOD))
    rows = [row for sheet in form.rows.values() for row in sheet]
    chosen = draw(st.lists(st.sampled_from(rows), unique_by=lambda r: r.key, max_size=8))
    out = []
    for row in sorted(chosen, key=rows.index):
        kind = row.key.partition(":")[0]
        if kind == "task":
            cells, options = _task_fill(draw)
        elif kind == "indicator":
            indicator = next(i for i in plan.indicators if i.id == row.ident)
            cells, options = _indicator_fill(draw, indicator.target.op == "qualitative")
        else:
            day = draw(Q2_DAYS)
            cells, options = {"done": day}, {"done": day.strftime("%d/%m/%Y")}
            if draw(st.booleans()):
                cells["note"] = options["note"] = draw(WORDS)
        out.append((row, cells, options))
    return out


def _form_file(plan: Any, filled: list[tuple[Row, dict[str, Any], dict[str, Any]]]) -> FormFile:
    """Văn phòng's Q2 form as `read_form` returns it, with ``filled`` rows filled."""
    form = build_form(plan, "van-phong", parse_period(PERIOD))
    meta = {"format": FORMAT_VERSION, "plan_file": "2024.yaml", "plan_title": plan.plan.title,
            "plan_year": str(plan.plan.year), "plan_hash": plan_hash(PLAN_TEXT),
            "period": PERIOD, "unit": "van-phong"}  # fmt: skip
    out = FormFile("van-phong.xlsx", meta)
    cells = {row.key: values for row, values, _ in filled}
    for spec in SHEETS:
        out.rows[spec.name] = {}
        for number, row in enumerate(form.rows[spec.name], start=FIRST_ROW):
            given = cells.get(row.key, {})
            values = tuple(
                given.get(c.key) if c.editable else row.values[c.key] for c in spec.columns
            )
            out.rows[spec.name][number] = values
            out.index[(spec.name, number)] = (row.key, row.fingerprint)
    return out


def _recorded(text: str, row: Row, options: dict[str, Any]) -> str:
    """``text`` after the `record` call of one row, on the plan as it then is."""
    plan = plan_from_text(text, "2024.yaml")
    if row.key.startswith("task:"):
        change = record_task(plan, int(row.ident), today=TODAY, **options)
    elif row.key.startswith("indicator:"):
        change = record_indicator(plan, str(row.ident), period=PERIOD, **options)
    else:
        change = record_obligation(  # the form is Văn phòng's: its own occurrence
            plan, str(row.ident), today=TODAY, period=row.period, unit="van-phong", **options
        )
    return apply(text, change.edits)


@deep  # 12 examples in make test-deep, 4 in make test (~0.2 CPU-s each)
@settings(
    max_examples=int(os.environ.get("PARPLAN_FORM_EXAMPLES", "12" if DEEP else "4")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking re-reads the plan: slow
)
@given(filled=filled_rows())
def test_collecting_any_rows_equals_recording_them_one_at_a_time(
    filled: list[tuple[Row, dict[str, Any], dict[str, Any]]],
) -> None:
    plan = plan_from_text(PLAN_TEXT, "2024.yaml")
    form = _form_file(plan, filled)
    collected = check_forms(plan, PLAN_TEXT, [form], TODAY, None)
    edits = apply_changes(plan, collected.changes).edits
    one_at_a_time = PLAN_TEXT
    for row, _, options in filled:
        one_at_a_time = _recorded(one_at_a_time, row, options)
    assert apply(PLAN_TEXT, edits) == one_at_a_time


# --- plan text that looks like a formula -----------------------------------------------------

FORMULAS = {  # plan text -> what it replaces
    '=HYPERLINK("http://example.invalid/x","Bấm vào đây")': "Kế hoạch CCHC năm 2024 của Ngành.",
    "=cmd|' /C calc'!A0": "Kế hoạch CCHC năm 2024",
    "@SUM(1+1) -2+3": "Công khai kết quả giải quyết TTHC, phản ánh kiến nghị hằng tháng",
}


@pytest.fixture
def formula_forms(plan: Path, tmp_path: Path) -> Path:
    """Forms of a plan whose task 1 objective and product, and a monthly obligation's title,
    read like spreadsheet formulas."""
    text = plan.read_text(encoding="utf-8")
    for formula, was in FORMULAS.items():
        text = text.replace(f'"{was}"', json.dumps(formula, ensure_ascii=False), 1)
    plan.write_text(text, encoding="utf-8")
    folder = tmp_path / "formula-forms"
    result = runner.invoke(app, ["form", str(plan), "--period", PERIOD, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_plan_text_like_a_formula_is_written_as_text(formula_forms: Path) -> None:
    wb = load_workbook(formula_forms / "van-phong.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    written = {c.value: c for c in cells if c.value in FORMULAS}
    assert set(written) == set(FORMULAS)  # each in its cell, as written in the plan
    assert all(c.data_type == "s" and c.quotePrefix for c in written.values())
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere


def test_a_form_with_formula_like_text_collects_unchanged(plan: Path, formula_forms: Path) -> None:
    before = plan.read_bytes()
    result = collect(plan, formula_forms / "van-phong.xlsx")
    assert result.exit_code == 0, result.output
    assert "Không có gì thay đổi" in result.stderr and plan.read_bytes() == before


@needs_soffice
def test_libreoffice_shows_formula_like_text_as_text_and_a_form_it_saved_collects(
    plan: Path, formula_forms: Path, tmp_path: Path
) -> None:
    """LibreOffice computes a formula it reads (HYPERLINK shows its label, the DDE call an
    error); the text shown must be the plan's text. Filled in, then saved by LibreOffice, the
    form collects exactly what the form itself collects (one form for both: each conversion
    starts LibreOffice, ~1-2 CPU-s: what it shows is read from the values it saved, where a
    formula it computed would be its result)."""
    form = formula_forms / "van-phong.xlsx"
    fill(form, FILLED)
    saved = soffice_convert(form, "xlsx", tmp_path / "saved")
    assert saved.read_bytes() != form.read_bytes()  # really rewritten
    shown = load_workbook(saved, data_only=True)
    rows = [[cell.value for cell in row] for row in shown.worksheets[0].iter_rows()]
    task_1 = next(r for r in rows if r[:2] == [1, "Chủ trì"])
    assert task_1[2:4] == list(FORMULAS)[:2]
    cells = [c for ws in load_workbook(saved).worksheets for row in ws.iter_rows() for c in row]
    assert {c.value for c in cells} >= set(FORMULAS)  # each as text, the third one too
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # LibreOffice saw no formula
    direct = plan.with_name("direct.yaml")
    shutil.copyfile(plan, direct)
    assert collect(direct, form).exit_code == 0
    assert direct.read_bytes() != plan.read_bytes()  # the filled rows were recorded
    result = collect(plan, saved)
    assert result.exit_code == 0, result.output
    assert plan.read_bytes() == direct.read_bytes()


# --- printing --------------------------------------------------------------------------------


def test_every_sheet_prints_a4_landscape_one_page_wide(forms: Path) -> None:
    wb = load_workbook(forms / "van-phong.xlsx")
    for spec in SHEETS:
        ws = wb[spec.name]
        setup = ws.page_setup
        assert (int(setup.paperSize), setup.orientation) == (9, "landscape"), spec.name  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${FIRST_ROW - 1}:${FIRST_ROW - 1}"  # the header row
        width = get_column_letter(len(spec.columns))  # the hidden tie column is not printed
        assert str(ws.print_area).endswith(f"!$A$1:${width}${ws.max_row}"), ws.print_area


def test_rows_are_tall_enough_for_their_wrapped_text(forms: Path) -> None:
    """No renderer fits more than 1.3 characters of text per unit of column width in one
    line of a 15-point row: each row is at least as tall as its longest text needs at that."""
    wb = load_workbook(forms / "van-phong.xlsx")
    for spec in SHEETS:
        ws = wb[spec.name]
        for number in range(FIRST_ROW - 1, ws.max_row + 1):
            texts = [(ws.cell(number, i).value, c.width) for i, c in enumerate(spec.columns, 1)]
            needed = max(
                -(-len(value) // int(width * 1.3)) if isinstance(value, str) else 1
                for value, width in texts
            )
            if needed > 1:
                height = ws.row_dimensions[number].height
                assert height is not None and height >= 15 * needed, (spec.name, number)


@needs_soffice
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) is missing")
def test_libreoffice_prints_the_form_landscape_one_page_wide(forms: Path, tmp_path: Path) -> None:
    """Printed (to PDF) by LibreOffice: every page A4 landscape, and every page shows the
    header row with its last column (one page wide, headers repeated). The form printed
    as 15 portrait pages, its columns split across pages."""
    import subprocess

    pdf = soffice_convert(forms / "van-phong.xlsx", "pdf", tmp_path)
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = [line.split(":", 1)[1].split("pts")[0] for line in info.splitlines()
             if line.startswith("Page") and "size" in line]  # fmt: skip
    assert sizes and all(
        float(w) > float(h) and round(float(w)) == 842 for w, _, h in (s.split() for s in sizes)
    ), sizes
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[: len(sizes)]
    assert all("Ghi chú" in page for page in pages), [p[:200] for p in pages]


# --- hostile forms: what is read is bounded ---------------------------------------------------

READ_IN_CHILD = """
import json, resource, sys
from pathlib import Path
from parplan.forms.read import read_form

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
form, problems = read_form(Path(sys.argv[1]))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"lines": [p.render() for p in problems], "extra_kib": after - before}))
"""


def read_in_child(path: Path) -> dict[str, Any]:
    """read_form in a fresh interpreter: its problems and the growth of its peak memory."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", READ_IN_CHILD, str(path)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_a_row_of_millions_of_cells_is_read_no_further(forms: Path) -> None:
    """One row of 4 million empty cells (a 130 KB file) was parsed whole: 19 s, 1.8 GB.
    Cells are streamed, a row is read up to the widest row Excel makes, then refused."""
    form = forms / "thanh-tra.xlsx"
    with_wide_row(form, 999, 4_000_000)
    result = read_in_child(form)
    assert result["lines"] == [
        f"{form}!Nhiệm vụ!A999: dòng có hơn 16.384 ô: không phải biểu mẫu do parplan lập "
        "(không đọc tiếp) [PP201]"
    ]
    assert result["extra_kib"] < 64 * 1024


def test_a_shared_strings_part_past_its_bound_is_refused_unread(forms: Path) -> None:
    """Shared strings are read whole when a workbook opens (openpyxl: ~70 µs each; a 0.6 MB
    form whose strings unpacked to 238 MB took 160 s and 1.4 GB): a part past 16 MB is
    refused from the zip's directory."""
    form = forms / "thanh-tra.xlsx"
    with_shared_strings(form, 1_500_000)
    result = read_in_child(form)
    assert result["lines"] == [
        f"{form}: phần xl/sharedStrings.xml giải nén ra 31 MB, quá lớn cho một biểu mẫu "
        "(tối đa 16 MB) [PP201]"
    ]
    assert result["extra_kib"] < 64 * 1024


def test_shared_strings_are_counted_as_read(forms: Path) -> None:
    """Within the size bound, 250,000 short strings: refused at the 200,001st, unkept (the
    strings after it are never read: more of them cost the test, not the reader)."""
    form = forms / "thanh-tra.xlsx"
    with_shared_strings(form, 250_000)
    result = read_in_child(form)
    assert result["lines"] == [
        f"{form}: hơn 200.000 chuỗi ký tự dùng chung: không phải biểu mẫu do parplan lập "
        "(không đọc tiếp) [PP201]"
    ]
    assert result["extra_kib"] < 96 * 1024


# --- plan text a cell cannot hold, ids, rows tampered with -----------------------------------


def test_control_characters_in_plan_text_are_shown_not_fatal(plan: Path, tmp_path: Path) -> None:
    """A backspace and an escape in a task objective (and in the plan's title) made `form`
    exit 3 with tracebacks (a spreadsheet cannot hold them): they are shown as their control
    pictures (␈, ␛), and the form collects unchanged."""
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        '"Kế hoạch CCHC năm 2024 của Ngành."', '"Kế hoạch\\b CCHC\\e[2J năm 2024"', 1
    )
    title = plan_from_text(text, "2024.yaml").plan.title
    text = text.replace(f'"{title}"', f'"{title}\\e]52;c;eA==\\a"', 1)
    plan.write_text(text, encoding="utf-8")
    folder = tmp_path / "control"
    result = runner.invoke(app, ["form", str(plan), "--period", PERIOD, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    ws = load_workbook(folder / "van-phong.xlsx")["Nhiệm vụ"]
    assert ws.cell(FIRST_ROW, 3).value == "Kế hoạch␈ CCHC␛[2J năm 2024"
    assert str(ws.cell(1, 1).value).endswith("␛]52;c;eA==␇")
    before = plan.read_bytes()
    collected = collect(plan, *sorted(folder.iterdir()))
    assert collected.exit_code == 0, collected.output
    assert plan.read_bytes() == before


def test_a_row_turned_into_another_items_is_refused_for_that(plan: Path, forms: Path) -> None:
    """Task 1's row with its number changed to 5 (to record task 5 there) is refused as a
    moved row, at its id cell, once; it was "descriptive cell altered" with the row
    otherwise read as task 1's."""
    before = plan.read_bytes()
    fill(forms / "van-phong.xlsx", {("Nhiệm vụ", 1): {"number": 5, "state": "Đang thực hiện"}})
    result = collect(plan, forms / "van-phong.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"van-phong.xlsx!Nhiệm vụ!A{FIRST_ROW}: ô mã ghi '5' nhưng dòng là của task:1 (cột ẩn "
        "'parplan'): không chuyển được một dòng sang mục khác; hãy điền vào dòng của chính "
        "mục đó [PP204]"
    )
    assert result.stderr.count("[PP2") == 1 and plan.read_bytes() == before


def test_a_row_copied_below_itself_is_one_item(plan: Path, forms: Path) -> None:
    """A filled row copied whole (hidden key included) asks for the same thing twice: one
    edit, counted once in the summary (it was counted twice)."""
    form = forms / "van-phong.xlsx"
    fill(form, {("Nhiệm vụ", 2): {"state": "Đang thực hiện"}})
    wb = load_workbook(form)
    ws = wb["Nhiệm vụ"]
    source = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == 2)
    below = ws.max_row + 1
    for column in range(1, ws.max_column + 1):
        ws.cell(below, column).value = ws.cell(source, column).value
    wb.save(form)
    result = collect(plan, form)
    assert result.exit_code == 0, result.output
    office = next(ln for ln in result.stdout.splitlines() if ln.startswith("Văn phòng Sở"))
    assert office.split()[-3:] == ["1", "0", "0"]
    assert "Đã ghi" in result.stderr and ": 1 mục từ 1 biểu mẫu" in result.stderr


def test_a_unit_id_too_long_for_a_file_name_writes_no_form(plan: Path, tmp_path: Path) -> None:
    """A 300-character unit id: `form` wrote 4 forms, then exit 2; the plan is refused first
    (PP017), nothing written."""
    text = plan.read_text(encoding="utf-8").replace("thanh-tra", "t" * 300)
    plan.write_text(text, encoding="utf-8")
    folder = tmp_path / "long-ids"
    result = runner.invoke(app, ["form", str(plan), "--period", PERIOD, "-o", str(folder)])
    assert result.exit_code == 1 and "[PP017]" in result.stderr
    assert not folder.exists()


def test_a_styles_part_past_its_bound_is_refused_unread(
    plan: Path, forms: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Styles are read whole when a workbook opens (openpyxl: 15 MB of cell formats, ~15 s):
    a part other than the sheets and the shared strings past 2 MB is refused unopened."""
    import zipfile

    form = forms / "thanh-tra.xlsx"
    with zipfile.ZipFile(form) as archive:
        styles = archive.read("xl/styles.xml")
    padding = b"<!--" + b" " * (3 * 1024 * 1024) + b"-->"
    repack(form, {"xl/styles.xml": styles.replace(b"<fonts", padding + b"<fonts", 1)})
    opened: list[Any] = []
    monkeypatch.setattr("openpyxl.reader.excel.ExcelReader", lambda *a, **k: opened.append(a))
    result = collect(plan, form)
    assert result.exit_code == 1 and not opened
    assert (
        "thanh-tra.xlsx: phần xl/styles.xml giải nén ra 3 MB, quá lớn cho một biểu mẫu "
        "(tối đa 2 MB) [PP201]"
    ) in result.stderr


def test_a_formula_kept_without_its_value_is_refused(plan: Path, forms: Path) -> None:
    """A value typed as '=86+0.2' in a form saved by a program that does not calculate (the
    file keeps the formula, no value) read as an empty cell: skipped, exit 0, nothing said."""
    fill(forms / "van-phong.xlsx", {("Chỉ tiêu", "sipas"): {"value": "=86+0.2"}})
    before = plan.read_bytes()
    result = collect(plan, forms / "van-phong.xlsx", extra=("--period", PERIOD))
    assert result.exit_code == 1, result.output
    assert "van-phong.xlsx!Chỉ tiêu!" in result.stderr and "'=86+0.2'" in result.stderr
    assert "[PP206]" in result.stderr and plan.read_bytes() == before
