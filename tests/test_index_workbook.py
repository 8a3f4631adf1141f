"""`parplan index form` and `parplan index collect`: the self-scoring workbook in the units'
layout (criteria invented for the tests: tests/index_tables.py), filled and collected into the
plan as `record` writes; every bad cell located FILE.xlsx!Sheet!G12 with nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import check_file, load_plan
from parplan.index.workbook import HEADERS, SHEET

from .index_tables import fill_scores, index_form, index_plan
from .office import needs_soffice, soffice_convert

runner = CliRunner()
AS_OF = "01/07/2024"
# rows of the invented table in the workbook (title, subject, hint, header, then the items)
ROW = {"1": 5, "1.1": 6, "1.1.1": 7, "1.1.2": 8, "1.2": 9, "2": 10, "2.1": 11, "2.1.1": 12,
       "2.1.2": 13, "2.2": 14, "total": 15}  # fmt: skip


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return index_plan(tmp_path)


def _collect(path: Path, plan: Path, *more: str) -> Any:
    return runner.invoke(app, ["index", "collect", str(path), "--plan", str(plan), *more])


def test_form_layout(plan: Path, tmp_path: Path) -> None:
    wb = load_workbook(index_form(plan, tmp_path))
    ws = wb[SHEET]
    assert [c.value for c in ws[4]] == list(HEADERS)
    assert [ws.cell(r, 1).value for r in ROW.values()][:-1] == list(ROW)[:-1]
    assert ws.cell(ROW["total"], 2).value == "Tổng cộng" and ws.cell(ROW["total"], 3).value == 7.5
    leaf = ROW["1.1.1"]
    assert ws[f"D{leaf}"].value == "1/1 việc đến hạn hoàn thành đúng hạn (100%); gợi ý: 1 điểm"
    assert (
        ws[f"F{leaf}"].value == "Nhiệm vụ 1: Kế hoạch CCHC năm 2024 (số 45/KH-STN ngày 20/02/2024)"
    )
    assert ws[f"D{ROW['1.1.2']}"].value.endswith("(33,3%); gợi ý: 0,25 điểm")
    assert "Chỉ tiêu sipas: 86,2%" in ws[f"D{ROW['2.2']}"].value
    assert ws[f"G{ROW['2.1.2']}"].value == "Không áp dụng"
    assert ws[f"G{ROW['1.1']}"].value == f"=SUM(G{ROW['1.1.1']},G{ROW['1.1.2']})"
    assert ws.protection.sheet
    for column in "DFGH":
        assert not ws[f"{column}{leaf}"].protection.locked
        assert ws[f"{column}{ROW['2.1.2']}"].protection.locked  # not applicable: nothing to fill
    assert ws[f"C{leaf}"].protection.locked and ws[f"G{ROW['1.1']}"].protection.locked
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$4:$4"
    assert wb["parplan"].sheet_state == "hidden"


def test_filled_workbook_collected(plan: Path, tmp_path: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    form = fill_scores(
        index_form(plan, tmp_path),
        {"G7": 1, "G8": "0,25", "H8": "Một phần ba việc đúng hạn.", "G12": 0.75, "F12": "Ảnh"},
    )
    result = _collect(form, plan)
    assert result.exit_code == 0, result.output
    assert "3 mục chấm mới, 0 mục sửa" in result.stderr
    scores = {s.criterion: s for s in load_plan(plan).par_index.scores}  # type: ignore[union-attr]
    assert {k: s.score for k, s in scores.items()} == {"1.1.1": 1, "1.1.2": 0.25, "2.1.1": 0.75}
    assert (
        scores["1.1.1"].evidence
        == "Nhiệm vụ 1: Kế hoạch CCHC năm 2024 (số 45/KH-STN ngày 20/02/2024)"
    )
    assert scores["1.1.2"].explanation == "Một phần ba việc đúng hạn."
    after = plan.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # nothing above touched, comments kept
    assert check_file(plan).ok
    again = _collect(form, plan)
    assert again.exit_code == 0 and "Không có gì thay đổi" in again.stderr


def test_second_round_edits_in_place(plan: Path, tmp_path: Path) -> None:
    _collect(fill_scores(index_form(plan, tmp_path), {"G7": 1, "G12": 0.5, "F12": "Ảnh"}), plan)
    form = fill_scores(index_form(plan, tmp_path), {"G7": None, "G12": 0.75})
    result = _collect(form, plan)
    assert result.exit_code == 0 and "0 mục chấm mới, 2 mục sửa" in result.stderr
    scores = {s.criterion: s.score for s in load_plan(plan).par_index.scores}  # type: ignore[union-attr]
    assert scores == {"1.1.1": None, "2.1.1": 0.75}


@pytest.mark.parametrize(
    ("cells", "where", "words"),
    [
        ({"G7": 1.5}, "G7", "vượt điểm tối đa 1"),
        ({"G7": -0.25}, "G7", "âm"),
        ({"G7": 0.3}, "G7", "bội số của bước chấm 0,25"),
        ({"G12": 0.5}, "G12", "cần tài liệu kiểm chứng hoặc giải trình"),
        ({"G7": "một"}, "G7", "'một'"),
        ({"G12": "Không áp dụng"}, "G12", "áp dụng cho cơ quan"),
        ({"C7": 2}, "C7", "điểm tối đa của mục 1.1.1 đã bị sửa"),
        ({"A7": "1.1.9"}, None, "thiếu dòng của mục 1.1.1"),
    ],
)
def test_every_bad_cell_located_nothing_written(
    plan: Path, tmp_path: Path, cells: dict[str, Any], where: str | None, words: str
) -> None:
    before = plan.read_bytes()
    form = fill_scores(index_form(plan, tmp_path), {"G8": 1, "H8": "x", **cells})
    result = _collect(form, plan)
    assert result.exit_code == 1, result.output
    place = f"tu-cham.xlsx!{SHEET}!{where}: " if where else f"tu-cham.xlsx!{SHEET}: "
    assert any(place in line and words in line for line in result.stderr.splitlines()), (
        result.stderr
    )
    assert "[PP306]" in result.stderr and "không ghi gì vào" in result.stderr
    assert "Traceback" not in result.output and plan.read_bytes() == before


def test_all_bad_cells_listed(plan: Path, tmp_path: Path) -> None:
    form = fill_scores(index_form(plan, tmp_path), {"G7": 5, "G8": -1, "G9": "x"})
    result = _collect(form, plan)
    assert result.exit_code == 1 and "3 lỗi" in result.stderr


def test_workbook_of_a_changed_table_refused(plan: Path, tmp_path: Path) -> None:
    form = fill_scores(index_form(plan, tmp_path), {"G7": 1})
    table = tmp_path / "index" / "2024.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("step: 0.25", "step: 0.05"), "utf-8")
    result = _collect(form, plan)
    assert (
        result.exit_code == 1
        and "tu-cham.xlsx!parplan: biểu lập theo bộ tiêu chí khác" in result.stderr
    )


def test_not_a_workbook(plan: Path, tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("không phải excel", encoding="utf-8")
    result = _collect(bad, plan)
    assert result.exit_code == 1 and "x.xlsx: không phải tệp Excel" in result.stderr
    assert "không ghi tệp nào" not in result.stderr  # the workbook's reason, then the plan's


def test_dry_run_writes_nothing(plan: Path, tmp_path: Path) -> None:
    before = plan.read_bytes()
    result = _collect(fill_scores(index_form(plan, tmp_path), {"G7": 1}), plan, "--dry-run")
    assert result.exit_code == 0 and '+    - criterion: "1.1.1"' in result.stdout
    assert plan.read_bytes() == before


def test_plan_without_criteria_refused(tmp_path: Path) -> None:
    from .index_tables import PROGRESS_PLAN

    result = runner.invoke(
        app, ["index", "form", str(PROGRESS_PLAN), "-o", str(tmp_path / "f.xlsx")]
    )
    assert result.exit_code == 2 and "chưa ghi bộ tiêu chí" in result.stderr
    assert not (tmp_path / "f.xlsx").exists()


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A plan and its workbook filled in, then saved by LibreOffice (one conversion for the
    two tests below: each starts LibreOffice, ~1-2 CPU-s)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    plan = index_plan(folder)
    form = fill_scores(index_form(plan, folder), {"G7": 1, "G12": "0,75", "F12": "Ảnh"})
    (folder / "lo").mkdir()
    return plan, soffice_convert(form, "xlsx", folder / "lo")


@needs_soffice
def test_round_trip_through_libreoffice(saved_by_libreoffice: tuple[Path, Path]) -> None:
    plan, saved = saved_by_libreoffice
    result = _collect(saved, plan)
    assert result.exit_code == 0, result.output
    scores = {s.criterion: s.score for s in load_plan(plan).par_index.scores}  # type: ignore[union-attr]
    assert scores == {"1.1.1": 1, "2.1.1": 0.75}


def _score_validations(ws: Any) -> dict[str, Any]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_score_cells_refuse_text_and_outside_their_range(plan: Path, tmp_path: Path) -> None:
    """A score typed as text ("0,75" in an English-locale Excel) is refused as it is typed:
    the sheet's SUMs would leave it out while collect reads it. Only the scored items' cells
    (not "Không áp dụng" 2.1.2, not the sums)."""
    ws = load_workbook(index_form(plan, tmp_path))[SHEET]
    found = _score_validations(ws)
    ranges = {ref: (dv.type, dv.operator, dv.formula1, dv.formula2) for ref, dv in found.items()}
    assert ranges == {
        "G7 G8": ("decimal", "between", "0", "1.0"),
        "G9 G14": ("decimal", "between", "0", "2.0"),
        "G12": ("decimal", "between", "0", "0.75"),
    }
    dv = found["G12"]
    assert (dv.errorStyle, dv.showErrorMessage, dv.showInputMessage, dv.allow_blank) == (
        "stop",
        True,
        True,
        True,
    )
    assert dv.promptTitle == "Điểm tự chấm" and dv.errorTitle == "Cần một số"
    assert dv.prompt.startswith("Gõ điểm từ 0 đến 0,75, theo bước 0,25")
    assert dv.error.startswith("Cần một số từ 0 đến 0,75.")
    for limit, text in ((32, dv.promptTitle), (255, dv.prompt), (225, dv.error)):
        assert len(text) <= limit  # Excel's own limits: above them it repairs the file


def test_a_score_pasted_as_text_is_read_and_said(plan: Path, tmp_path: Path) -> None:
    """A text score gets past the validation by a paste: collect reads it as before and says
    the sheet's own sums left it out."""
    form = fill_scores(index_form(plan, tmp_path), {"G7": 1, "G12": "0,75", "F12": "Ảnh"})
    result = _collect(form, plan)
    assert result.exit_code == 0, result.output
    scores = {s.criterion: s.score for s in load_plan(plan).par_index.scores}  # type: ignore[union-attr]
    assert scores == {"1.1.1": 1, "2.1.1": 0.75}
    assert (
        "1 ô điểm ghi dạng chữ (G12): đã đọc, nhưng tổng trong bảng tính không cộng các ô này"
        in result.stderr
    ), result.stderr
    again = _collect(fill_scores(form, {"G12": 0.75}), plan)  # typed as a number: nothing to say
    assert again.exit_code == 0 and "dạng chữ" not in again.stderr, again.stderr


@needs_soffice
def test_score_validation_survives_libreoffice(saved_by_libreoffice: tuple[Path, Path]) -> None:
    """LibreOffice reads the validation as written (its 'Stop' action) and saves it back."""
    saved = load_workbook(saved_by_libreoffice[1])[SHEET]
    covered = {
        f"G{row}": dv
        for dv in saved.data_validations.dataValidation
        for cells in dv.sqref.ranges
        for row, _ in cells.cells
    }
    assert sorted(covered) == ["G12", "G14", "G7", "G8", "G9"]
    assert {(dv.type, dv.errorStyle) for dv in covered.values()} == {("decimal", "stop")}
    assert (covered["G12"].formula2, covered["G9"].formula2) == ("0.75", "2")
    assert covered["G12"].prompt.startswith("Gõ điểm từ 0 đến 0,75")


def _merge(path: Path, cells: str) -> Path:
    wb = load_workbook(path)
    wb[SHEET].merge_cells(cells)
    wb.save(path)
    return path


def _cached_formula(path: Path, cell: str, formula: str, value: str | None) -> Path:
    """The workbook with ``cell`` holding ``formula`` and, as Excel saves it, the value it
    computed (``value``), or none, as a program that does not calculate saves it."""
    import re
    import zipfile

    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts[part].decode("utf-8")
    kept = f"<v>{value}</v>" if value is not None else ""
    xml, found = re.subn(
        rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)',
        lambda m: f'<c r="{cell}"{m[1]}><f>{formula}</f>{kept}</c>',
        xml,
    )
    assert found == 1
    parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_merged_score_cells_refused_not_cleared(plan: Path, tmp_path: Path) -> None:
    """Score cells G7:G9 merged read G8 and G9 as empty: 1.2's score (1,5 in the plan) was
    silently set to null, with exit 0."""
    _collect(fill_scores(index_form(plan, tmp_path), {"G7": 1, "G9": 1.5, "H9": "x"}), plan)
    before = plan.read_bytes()
    result = _collect(_merge(index_form(plan, tmp_path), "G7:G9"), plan)
    assert result.exit_code == 1, result.output
    for cell in ("G7", "G8", "G9"):
        assert f"tu-cham.xlsx!{SHEET}!{cell}: ô nằm trong vùng ô gộp G7:G9" in result.stderr
    assert plan.read_bytes() == before


def test_a_formula_without_its_value_refused_not_dropped(plan: Path, tmp_path: Path) -> None:
    """A score cell '=0.5+0.25' saved without its computed value (a program that does not
    calculate) read as empty: the score was silently not recorded, exit 0."""
    form = _cached_formula(index_form(plan, tmp_path), "G7", "0.5+0.25", None)
    before = plan.read_bytes()
    result = _collect(form, plan)
    assert result.exit_code == 1, result.output
    assert f"{SHEET}!G7: ô có công thức nhưng tệp không lưu giá trị đã tính" in result.stderr
    assert plan.read_bytes() == before


def test_a_formula_saved_with_its_value_is_read(plan: Path, tmp_path: Path) -> None:
    form = _cached_formula(index_form(plan, tmp_path), "G7", "0.5+0.5", "1")
    result = _collect(form, plan)
    assert result.exit_code == 0, result.output
    scores = {s.criterion: s.score for s in load_plan(plan).par_index.scores}  # type: ignore[union-attr]
    assert scores["1.1.1"] == 1


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ('<c r="G7" t="n"><v>abc</v></c>', "có ô không đọc được (giá trị hỏng trong tệp)"),
        ('<c r="G7" t="s"><v>99999</v></c>', "có ô không đọc được (giá trị hỏng trong tệp)"),
        ('<c r="ZZZZZZ7"><v>1</v></c>', "có ô không đọc được (giá trị hỏng trong tệp)"),
        ('<c r="G7" t="n"><v>1e999</v></c>', "G7: điểm tự chấm phải là một số hữu hạn"),
    ],
)
def test_a_broken_cell_is_said_not_a_bug(plan: Path, tmp_path: Path, cell: str, said: str) -> None:
    """A cell of type number holding 'abc', a shared string past the table's end or a cell
    named ZZZZZZ7 were 'lỗi nội bộ' (ValueError / IndexError), exit 3; 1e999 was 'điểm inf'."""
    import re
    import zipfile

    form = index_form(plan, tmp_path)
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(form) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml, found = re.subn(r'<c r="G7"[^>]*?(?:/>|>.*?</c>)', cell, parts[part].decode("utf-8"))
    assert found == 1
    parts[part] = xml.encode("utf-8")
    with zipfile.ZipFile(form, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    before = plan.read_bytes()
    result = _collect(form, plan)
    assert result.exit_code == 1, result.output
    assert said in result.stderr and "[PP306]" in result.stderr
    assert plan.read_bytes() == before
