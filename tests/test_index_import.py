"""`parplan index import`: a criteria table (invented for the tests: tests/index_tables.py) read
from .xlsx and .docx to the point, every bad row and every sum that does not add up located,
nothing written on any problem."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.criteria import CriteriaTable, leaf_map, leaves
from parplan.core.errors import IndexTableInvalid, PlanInvalid
from parplan.document.loader import load_criteria
from parplan.index.table import read_table, table_yaml

from .index_tables import ROWS, SOURCE, TITLE, write_docx, write_md, write_xlsx

runner = CliRunner()
WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "md": write_md}


def _table(tmp_path: Path, kind: str, rows: list[list[Any]] | None = None) -> Path:
    return WRITERS[kind](tmp_path / f"bang.{kind}", rows)


def _changed(row: int, column: int, value: Any) -> list[list[Any]]:
    rows = copy.deepcopy(ROWS)
    rows[row][column] = value
    return rows


@pytest.mark.parametrize("kind", ["xlsx", "docx", "md"])
def test_table_read_to_the_point(tmp_path: Path, kind: str) -> None:
    table = read_table(_table(tmp_path, kind))
    assert (table.title, table.source, table.total) == (TITLE, SOURCE, 7.5)
    assert [(a.number, a.points) for a in table.areas] == [("1", 4.0), ("2", 3.5)]
    scored = {leaf.number: leaf.item.points for leaf in leaves(table)}
    assert scored == {"1.1.1": 1, "1.1.2": 1, "1.2": 2, "2.1.1": 0.75, "2.1.2": 0.75, "2.2": 2}
    items = leaf_map(table)
    assert items["2.1.2"].item.not_applicable_to == ["Cơ quan không có TTHC"]
    assert items["1.1.2"].item.method == (
        "Hoàn thành 100%: 1 điểm\n- Hoàn thành từ 80% đến dưới 100%: 0,5 điểm"
    )
    assert items["1.2"].item.evidence == "Kế hoạch tuyên truyền"
    assert items["1.2"].area.title == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"


def test_xlsx_docx_and_md_read_alike(tmp_path: Path) -> None:
    table = read_table(_table(tmp_path, "xlsx"))
    assert table == read_table(_table(tmp_path, "docx")) == read_table(_table(tmp_path, "md"))


def test_written_file_reads_back(tmp_path: Path) -> None:
    table = read_table(_table(tmp_path, "xlsx"), step=0.05, rebase="full")
    out = tmp_path / "2024.yaml"
    out.write_text(table_yaml(table, "bang.xlsx"), encoding="utf-8")
    again = load_criteria(out)
    assert again == table
    assert (again.step, again.rebase) == (0.05, "full")


def _problems(path: Path) -> list[str]:
    with pytest.raises(IndexTableInvalid) as caught:
        read_table(path)
    return [p.render() for p in caught.value.problems]


# data rows start on sheet row 6 (two title rows, an empty row, the header, the numbers row)
@pytest.mark.parametrize(
    ("row", "column", "value", "where", "words"),
    [
        (3, 0, "1.1.x", "A8", "STT '1.1.x' không đọc được"),
        (3, 2, "một", "C8", "'một'"),
        (3, 2, None, "C8", "thiếu điểm tối đa"),
        (3, 2, -1, "C8", "âm"),
        (3, 1, None, "B8", "không có nội dung"),
        (3, 0, "1.3.1", "A8", "không nằm dưới mục 1.3"),
        (3, 2, 1.5, "C7", "các tiêu chí thành phần cộng lại 2,5 [PP302]"),
        (12, 2, 8, "C17", "tổng điểm của bảng 8 nhưng các lĩnh vực cộng lại 7,5"),
        (9, 2, 0.7, "C14", "không chia hết cho bước chấm 0,25"),
    ],
)
def test_bad_rows_located_in_xlsx(
    tmp_path: Path, row: int, column: int, value: Any, where: str, words: str
) -> None:
    found = _problems(_table(tmp_path, "xlsx", _changed(row, column, value)))
    assert any(f"bang.xlsx!Phụ lục!{where}: " in p and words in p for p in found), found


def test_bad_row_located_in_docx(tmp_path: Path) -> None:
    found = _problems(_table(tmp_path, "docx", _changed(3, 0, "1.1.x")))
    assert found == [
        "bang.docx!bảng 1, dòng 5: STT '1.1.x' không đọc được: cần 1, 1.1 hoặc 1.1.1 [PP301]"
    ]


def test_every_problem_listed(tmp_path: Path) -> None:
    rows = _changed(3, 0, "x")
    rows[9][2] = "abc"
    assert len(_problems(_table(tmp_path, "xlsx", rows))) == 2


def test_no_header_is_said(tmp_path: Path) -> None:
    path = tmp_path / "bang.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Không có bảng"])  # type: ignore[union-attr]
    wb.save(path)
    assert "không tìm thấy dòng tiêu đề" in _problems(path)[0]


def test_cli_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "index" / "2024.yaml"
    out.parent.mkdir()
    result = runner.invoke(app, ["index", "import", str(_table(tmp_path, "xlsx")), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert isinstance(load_criteria(out), CriteriaTable)
    assert "2 lĩnh vực, 6 mục chấm điểm, tổng 7,5 điểm" in result.stderr


def test_cli_refuses_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "2024.yaml"
    bad = _table(tmp_path, "xlsx", _changed(3, 2, 1.5))
    result = runner.invoke(app, ["index", "import", str(bad), "-o", str(out)])
    assert result.exit_code == 1
    assert "bang.xlsx!Phụ lục!C7:" in result.stderr and "không ghi tệp nào" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--rebase", "tyle"], "--rebase: 'tyle'"), (["--step", "0"], "--step: '0'")],
)
def test_cli_bad_options(tmp_path: Path, args: list[str], words: str) -> None:
    table = _table(tmp_path, "xlsx")
    result = runner.invoke(app, ["index", "import", str(table), *args])
    assert result.exit_code == 2 and words in result.stderr


def test_criteria_file_problems_located(tmp_path: Path) -> None:
    table = read_table(_table(tmp_path, "xlsx"))
    text = table_yaml(table, "bang.xlsx").replace("points: 0.75\n", "points: 0.5\n", 1)
    path = tmp_path / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanInvalid) as caught:
        load_criteria(path)
    (problem,) = caught.value.problems
    assert problem.code == "PP302" and problem.line is not None
    assert "mục 2.1: điểm tối đa 1,5 nhưng các tiêu chí thành phần cộng lại 1,25" in problem.message


def _criteria_problems(tmp_path: Path, old: str, new: str) -> list[Any]:
    """The problems of the example criteria table (tests/data/index/2024.yaml) with one
    line changed."""
    from .conftest import DATA

    text = (DATA / "index" / "2024.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "2024.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(PlanInvalid) as caught:
        load_criteria(path)
    return list(caught.value.problems)


@pytest.mark.parametrize("total", ["7.500000000000001", "7.499999999999999", "7.4999"])
def test_sum_message_tells_the_figures_apart(tmp_path: Path, total: str) -> None:
    """A total off by a hair prints the two figures differently (not "7,5 … cộng lại 7,5")."""
    (problem,) = _criteria_problems(tmp_path, "total: 7.5\n", f"total: {total}\n")
    assert problem.code == "PP302" and problem.loc == ("total",)
    head, _, added = problem.message.partition(" nhưng các lĩnh vực cộng lại ")
    written = head.removeprefix("tổng điểm của bảng ")
    assert written != added and added == "7,5", problem.message
    assert float(written.replace(",", ".")) == float(total)


def test_off_step_message_gives_the_step_as_written(tmp_path: Path) -> None:
    """A step a hair off 0,25 is said as written: "1 không chia hết cho bước chấm 0,25"
    would be false."""
    problems = _criteria_problems(tmp_path, "step: 0.25\n", "step: 0.2500001\n")
    assert problems and all(p.code == "PP302" for p in problems)
    assert all(p.message.endswith("bước chấm 0,2500001") for p in problems), problems


@pytest.mark.parametrize("where", ["total: 7.5\n", "    points: 2\n    subcriteria:\n"])
def test_absurd_points_refused_at_the_field(tmp_path: Path, where: str) -> None:
    """Points far above any table's (a 309-digit figure) are refused where written, in a
    short message, before any sum prints them."""
    key = where.strip().split(":")[0]
    huge = where.replace(where.split(": ")[1].split("\n")[0], "1.0e+308", 1)
    (problem,) = _criteria_problems(tmp_path, where, huge)
    assert problem.code == "PP013" and problem.loc[-1] == key, problem
    assert "≤ 1.000" in problem.message and len(problem.message) < 80, problem.message


def test_committed_example_is_the_invented_table(tmp_path: Path) -> None:
    """tests/data/index (the tour's example) holds the test table and its import, as made now."""
    from .conftest import DATA

    folder = DATA / "index"
    made = write_md(tmp_path / "bang-tieu-chi.md")
    assert (folder / "bang-tieu-chi.md").read_text(encoding="utf-8") == made.read_text("utf-8")
    text = table_yaml(read_table(folder / "bang-tieu-chi.md"), "bang-tieu-chi.md")
    assert (folder / "2024.yaml").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bang.xlsx", b"not a zip", "không phải tệp Excel (.xlsx) đọc được"),
        ("bang.docx", b"PK\x03\x04broken", "tệp .docx hỏng"),
        ("bang.doc", b"\xd0\xcf\x11\xe0", "(.doc) không được hỗ trợ"),
        ("bang.xlsx", None, "không tìm thấy tệp"),
    ],
)
def test_unreadable_tables_refused(
    tmp_path: Path, name: str, content: bytes | None, words: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    out = tmp_path / "2024.yaml"
    result = runner.invoke(app, ["index", "import", str(source), "-o", str(out)])
    assert result.exit_code == 2 and words in result.stderr, result.output
    assert "Traceback" not in result.output and not out.exists()


def test_a_sheet_too_long_for_a_table_refused(tmp_path: Path) -> None:
    from parplan.index.rows import MAX_TABLE_ROWS

    rows = [*ROWS[:-1], *([["9", "x", 1, None, None, None]] * MAX_TABLE_ROWS)]
    result = runner.invoke(app, ["index", "import", str(_table(tmp_path, "xlsx", rows))])
    assert result.exit_code == 2 and "quá nhiều dòng cho một bảng" in result.stderr
