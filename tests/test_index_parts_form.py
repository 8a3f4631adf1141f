"""The bonus and penalty parts in the self-scoring workbook (`index form`, criteria invented for
the tests: tests/index_tables.py): after the areas' total, each part's row summing its items,
then the re-based total and the final total as formulas; `index collect` reads the parts' items
back with the same checks (PP306) as the areas'."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import load_plan
from parplan.index.workbook import SHEET

from .index_tables import CAPPED_PARTS, WITH_PARTS, fill_scores, index_form, index_plan
from .office import needs_soffice, soffice_convert_all

runner = CliRunner()
AS_OF = "01/07/2024"
# the rows after the areas' (tests/test_index_workbook.py: the areas end with the total on 15)
ROW = {"total": 15, "IX": 16, "IX.1": 17, "IX.2": 18, "trừ": 19, "trừ.a": 20, "rebased": 21,
       "final": 22}  # fmt: skip


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return index_plan(tmp_path, rows=WITH_PARTS)


def _collect(path: Path, plan: Path) -> Any:
    return runner.invoke(app, ["index", "collect", str(path), "--plan", str(plan)])


def test_parts_after_the_total(plan: Path, tmp_path: Path) -> None:
    ws = load_workbook(index_form(plan, tmp_path))[SHEET]
    column = [ws.cell(r, 1).value for r in range(ROW["IX"], ROW["trừ.a"] + 1)]
    assert column == ["IX", "IX.1", "IX.2", "trừ", "trừ.a"]
    # a part counts its items' scores, at most its maximum
    assert ws[f"G{ROW['IX']}"].value == f"=MIN(SUM(G{ROW['IX.1']},G{ROW['IX.2']}),1.5)"
    assert ws[f"G{ROW['trừ']}"].value == f"=MIN(SUM(G{ROW['trừ.a']}),1.0)"
    assert ws[f"B{ROW['rebased']}"].value == "Tổng điểm quy đổi"
    assert ws[f"G{ROW['rebased']}"].value == f"=ROUND(G{ROW['total']}/6.75*7.5,2)"
    assert ws[f"B{ROW['final']}"].value == "Tổng điểm cuối cùng"
    assert ws[f"G{ROW['final']}"].value == (
        f"=ROUND(G{ROW['rebased']}+G{ROW['IX']}-G{ROW['trừ']},2)"
    )
    for column in "DFGH":
        assert not ws[f"{column}{ROW['trừ.a']}"].protection.locked
        assert ws[f"{column}{ROW['trừ']}"].protection.locked
    assert "Điểm trừ: ghi số điểm bị trừ (số dương" in ws["A3"].value
    prompts = {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation}
    assert prompts[f"G{ROW['trừ.a']}"].startswith("Gõ số điểm bị trừ (số dương) từ 0 đến 1,")
    assert prompts[f"G{ROW['IX.2']}"].startswith("Gõ điểm từ 0 đến 0,5,")
    assert ws.print_area.endswith(f"$H${ROW['final']}"), ws.print_area


def test_capped_final_formula(plan: Path, tmp_path: Path) -> None:
    table = tmp_path / "index" / "2024.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("cap: false", "cap: true"), "utf-8")
    ws = load_workbook(index_form(plan, tmp_path))[SHEET]
    assert ws[f"G{ROW['final']}"].value == (
        f"=ROUND(MIN(MAX(G{ROW['rebased']}+G{ROW['IX']}-G{ROW['trừ']},0),7.5),2)"
    )


def test_parts_collected(plan: Path, tmp_path: Path) -> None:
    cells = {"G17": 1, "F17": "Quyết định số 12/QĐ-UBND", "G20": "0,5", "H20": "Một vi phạm."}
    result = _collect(fill_scores(index_form(plan, tmp_path), cells), plan)
    assert result.exit_code == 0, result.output
    assert "2 mục chấm mới, 0 mục sửa" in result.stderr
    scores = {s.criterion: s for s in load_plan(plan).par_index.scores}  # type: ignore[union-attr]
    assert {k: s.score for k, s in scores.items()} == {"IX.1": 1, "trừ.a": 0.5}
    assert scores["trừ.a"].explanation == "Một vi phạm."


@pytest.mark.parametrize(
    ("cells", "where", "words"),
    [
        ({"G20": 1.5, "F20": "x"}, "G20", "số điểm trừ 1,5 vượt mức trừ tối đa 1"),
        ({"G20": -0.5, "F20": "x"}, "G20", "âm: ghi số điểm bị trừ, từ 0 đến 1"),
        ({"G18": 0.5}, "G18", "cần tài liệu kiểm chứng hoặc giải trình"),
        ({"G18": 0.3, "F18": "x"}, "G18", "bội số của bước chấm 0,25"),
        ({"C17": 2}, "C17", "điểm tối đa của mục IX.1 đã bị sửa"),
        ({"A18": "IX.9"}, None, "thiếu dòng của mục IX.2"),
    ],
)
def test_bad_part_cells_located(
    plan: Path, tmp_path: Path, cells: dict[str, Any], where: str | None, words: str
) -> None:
    before = plan.read_bytes()
    result = _collect(fill_scores(index_form(plan, tmp_path), cells), plan)
    assert result.exit_code == 1, result.output
    place = f"tu-cham.xlsx!{SHEET}!{where}: " if where else f"tu-cham.xlsx!{SHEET}: "
    lines = result.stderr.splitlines()
    assert any(place in line and words in line and "[PP306]" in line for line in lines), lines
    assert plan.read_bytes() == before


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Any]]:
    """For each table (the parts', the capped parts'): its plan, its workbook filled with a
    score in every part, and that workbook's sheet as LibreOffice computes it (the two
    converted by one start of LibreOffice, ~1-2 CPU-s each start)."""
    cells = {"G7": 1, "G12": 0.75, "F12": "Ảnh", "G17": 1, "F17": "QĐ 12", "G18": 0.5,
             "H18": "Giải ba.", "G20": 0.75, "F20": "KL 3"}  # fmt: skip
    made: dict[str, tuple[Path, Path]] = {}
    for name, rows in (("parts", WITH_PARTS), ("capped", CAPPED_PARTS)):
        folder = tmp_path_factory.mktemp(name)
        plan = index_plan(folder, rows=rows)
        made[name] = (plan, fill_scores(index_form(plan, folder), cells))
    lo = tmp_path_factory.mktemp("lo")
    named = [shutil.copyfile(form, lo / f"{name}.xlsx") for name, (_, form) in made.items()]
    converted = soffice_convert_all(named, "xlsx", lo / "out")
    return {
        name: (plan, form, load_workbook(path, data_only=True)[SHEET])
        for (name, (plan, form)), path in zip(made.items(), converted, strict=True)
    }


def _collected(plan: Path, form: Path) -> dict[str, Any]:
    """`index --json` after `index collect` read the workbook."""
    assert _collect(form, plan).exit_code == 0
    result = runner.invoke(app, ["index", str(plan), "--json", "--as-of", AS_OF])
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@needs_soffice
def test_final_cell_agrees_with_parplan(computed: dict[str, tuple[Path, Path, Any]]) -> None:
    """LibreOffice computes the workbook's formulas; its final total is parplan's (scores typed
    as numbers: a text "0,75" is no number to a SUM)."""
    plan, form, ws = computed["parts"]
    data = _collected(plan, form)
    assert ws[f"G{ROW['rebased']}"].value == data["rebased_score"] == 1.94
    assert ws[f"G{ROW['final']}"].value == data["final_total"] == 2.69


@needs_soffice
def test_capped_part_cell_agrees_with_parplan(computed: dict[str, tuple[Path, Path, Any]]) -> None:
    """A bonus part of at most 1 over items worth 1 + 0,5, both given: LibreOffice's part and
    final cells are parplan's (1, and 1,94 + 1 − 0,75), not the items' 1,5."""
    plan, form, ws = computed["capped"]
    data = _collected(plan, form)
    # the part's formula as parplan wrote it, and as LibreOffice computed it
    written = load_workbook(form)[SHEET][f"G{ROW['IX']}"].value
    assert written == "=MIN(SUM(G17,G18),1.0)"
    assert ws[f"G{ROW['IX']}"].value == data["bonus"]["score"] == 1
    assert data["bonus"]["items_score"] == 1.5
    assert ws[f"G{ROW['final']}"].value == data["final_total"] == 2.19


def test_linked_part_item_offers_no_suggested_score(tmp_path: Path) -> None:
    """A part's item linked to plan work gets its figures and evidence, but the share done on
    time suggests no bonus and no penalty."""
    plan = index_plan(tmp_path, rows=WITH_PARTS)
    text = plan.read_text(encoding="utf-8").replace(
        "  links:\n", '  links:\n    - criterion: "trừ.a"\n      tasks: [1, 2, 3]\n', 1
    )
    plan.write_text(text, encoding="utf-8")
    ws = load_workbook(index_form(plan, tmp_path))[SHEET]
    figures = ws[f"D{ROW['trừ.a']}"].value
    assert figures == "1/3 việc đến hạn hoàn thành đúng hạn (33,3%)"
    assert "Nhiệm vụ 1" in ws[f"F{ROW['trừ.a']}"].value
    result = runner.invoke(app, ["index", str(plan), "--json", "--as-of", AS_OF])
    items = {i["number"]: i for i in json.loads(result.stdout)["items"]}
    assert items["trừ.a"]["suggested"] is None and items["1.1.2"]["suggested"] == 0.25
