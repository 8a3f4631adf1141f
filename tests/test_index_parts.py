"""The bonus (điểm thưởng) and penalty (điểm trừ) parts of a criteria table (invented for the
tests: tests/index_tables.py): imported from .xlsx, .docx and .md whatever STT their rows
carry, checked as the areas are (numbers unique, points adding up, on the step), and the
plan's scores of their items held to the same rules (a penalty item's score is the points
deducted)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.criteria import leaf_map, leaves
from parplan.core.errors import IndexTableInvalid
from parplan.document.loader import check_file
from parplan.index.table import read_table, table_yaml, title_maximum

from .index_tables import ROWS, WITH_PARTS, index_plan, write_docx, write_md, write_xlsx

runner = CliRunner()
WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "md": write_md}
PARTS_AT = len(ROWS) - 1  # the index in WITH_PARTS of the bonus part's row


@pytest.mark.parametrize("kind", ["xlsx", "docx", "md"])
def test_parts_read_to_the_point(tmp_path: Path, kind: str) -> None:
    table = read_table(WRITERS[kind](tmp_path / f"bang.{kind}", WITH_PARTS))
    assert table.total == 7.5 and len(list(leaves(table))) == 6  # the areas as before
    assert table.bonus is not None and table.penalty is not None
    assert (table.bonus.number, table.bonus.title, table.bonus.points) == ("IX", "ĐIỂM THƯỞNG", 1.5)
    assert [(i.number, i.points) for i in table.bonus.items] == [("IX.1", 1), ("IX.2", 0.5)]
    # a part row without a number or points: "trừ", the sum of its items
    assert (table.penalty.number, table.penalty.points) == ("trừ", 1)
    (violation,) = table.penalty.items
    assert violation.number == "trừ.a" and violation.evidence == "Kết luận"
    assert (
        violation.method == "Mỗi vi phạm: trừ 0,5 điểm\n- Vi phạm đã khắc phục trong năm: 0,25 điểm"
    )
    items = leaf_map(table)
    assert (items["IX.2"].part, items["trừ.a"].part, items["1.2"].part) == (
        "bonus",
        "penalty",
        "area",
    )


def test_table_without_parts_imports_as_before(tmp_path: Path) -> None:
    table = read_table(write_xlsx(tmp_path / "bang.xlsx"))
    assert table.bonus is None and table.penalty is None
    text = table_yaml(table, "bang.xlsx")
    assert "cap:" not in text and "bonus" not in text


def test_parts_file_reads_back_with_its_cap(tmp_path: Path) -> None:
    from parplan.document.loader import load_criteria

    table = read_table(write_xlsx(tmp_path / "bang.xlsx", WITH_PARTS))
    text = table_yaml(table, "bang.xlsx")
    assert "# Có điểm thưởng/điểm trừ: rà soát cap" in text and "\ncap: false\n" in text
    out = tmp_path / "2024.yaml"
    out.write_text(text.replace("cap: false", "cap: true"), encoding="utf-8")
    again = load_criteria(out)
    assert again.cap and again.bonus == table.bonus and again.penalty == table.penalty


def _rows(*changes: tuple[int, int, Any]) -> list[list[Any]]:
    rows = copy.deepcopy(WITH_PARTS)
    for row, column, value in changes:
        rows[PARTS_AT + row][column] = value
    return rows


@pytest.mark.parametrize(
    ("rows", "kind", "stt", "numbers"),
    [
        # "Điểm cộng" is the bonus too; a letter as the part's STT, "1." as an item's
        (_rows((0, 0, "A."), (0, 1, "Điểm cộng"), (1, 0, "1.")), "bonus", "A", ["A.1", "A.2"]),
        # numbered under the part already: kept as written
        (_rows((0, 0, "9"), (1, 0, "9.1"), (2, 0, "9.2")), "bonus", "9", ["9.1", "9.2"]),
        # items without STT: numbered by their place
        (_rows((3, 0, "X"), (4, 0, None)), "penalty", "X", ["X.1"]),
    ],
)
def test_part_numbering(
    tmp_path: Path, rows: list[list[Any]], kind: str, stt: str, numbers: list[str]
) -> None:
    table = read_table(write_xlsx(tmp_path / "bang.xlsx", rows))
    part = getattr(table, kind)
    assert part.number == stt and [i.number for i in part.items] == numbers


def test_a_shared_heading_over_both_parts(tmp_path: Path) -> None:
    rows = [
        *ROWS[:-1],
        ["9", "ĐIỂM THƯỞNG, ĐIỂM TRỪ", None, None, None, None],
        ["9.1", "Điểm thưởng", 1, None, None, None],
        ["9.1.1", "Sáng kiến được công nhận", 1, None, None, None],
        ["9.2", "Điểm trừ", 1, None, None, None],
        ["9.2.1", "Vi phạm", 1, None, None, None],
        ROWS[-1],
    ]
    table = read_table(write_xlsx(tmp_path / "bang.xlsx", rows))
    assert table.bonus is not None and table.penalty is not None
    assert [i.number for i in table.bonus.items] == ["9.1.1"]
    assert [i.number for i in table.penalty.items] == ["9.2.1"]


def _problems(rows: list[list[Any]], tmp_path: Path) -> list[str]:
    with pytest.raises(IndexTableInvalid) as caught:
        read_table(write_xlsx(tmp_path / "bang.xlsx", rows))
    return [p.render() for p in caught.value.problems]


# sheet rows: WITH_PARTS[i] is on row 5 + i; the bonus part's row is 17
@pytest.mark.parametrize(
    ("rows", "where", "words"),
    [
        (
            _rows((0, 2, 2)),
            "C17",
            "mục IX: điểm tối đa 2 nhưng các mục cộng lại 1,5 (phần điểm thưởng cần các mục "
            "cộng lại từ 2 trở lên) [PP302]",
        ),
        # the items may add up to more than the part, but none be worth more than all of it
        (
            _rows((0, 2, "0,75")),
            "C18",
            "mục IX.1: điểm tối đa 1 vượt điểm tối đa 0,75 của phần điểm thưởng IX [PP302]",
        ),
        (_rows((1, 2, "một")), "C18", "'một'"),
        (_rows((1, 1, None)), "B18", "mục IX.1 không có nội dung tiêu chí"),
        (_rows((2, 2, 0.3)), "C19", "mục IX.2: điểm tối đa 0,3 không chia hết cho bước chấm"),
        (_rows((3, 1, "Điểm thưởng")), "B20", "bảng có hai dòng phần điểm thưởng"),
        (_rows((2, 0, "1")), "A19", "STT IX.1 bị lặp"),
        (_rows((0, 0, "1")), "A17", "STT 1 bị lặp"),
    ],
)
def test_bad_part_rows_located(
    tmp_path: Path, rows: list[list[Any]], where: str, words: str
) -> None:
    found = _problems(rows, tmp_path)
    assert any(f"bang.xlsx!Phụ lục!{where}: " in p and words in p for p in found), found


@pytest.mark.parametrize(
    ("changes", "kind", "points"),
    [
        ((), "bonus", 1.5),  # the items add up to the part's maximum
        (((0, 2, 1),), "bonus", 1),  # to more: "tối đa 1 điểm" over 1 + 0,5
        (((0, 2, None),), "bonus", 1.5),  # a part row without points: its items' sum
        (((3, 2, 1), (5, 0, "b)")), "penalty", 1),  # a penalty part the same: 1 over 1 + 0,25
        (((3, 2, 1), (1, 2, 1)), "bonus", 1.5),  # an item worth the whole part
    ],
)
def test_part_items_may_add_up_to_more(
    tmp_path: Path, changes: tuple[tuple[int, int, Any], ...], kind: str, points: float
) -> None:
    table = read_table(write_xlsx(tmp_path / "bang.xlsx", _rows(*changes)))
    assert getattr(table, kind).points == points


@pytest.mark.parametrize(
    ("title", "points"),
    [
        ("Điểm thưởng (tối đa 3 điểm)", 3),
        ("Điểm trừ (trừ tối đa 2 điểm)", 2),
        ("ĐIỂM CỘNG (TỐI ĐA 1,5 ĐIỂM)", 1.5),
        ("Điểm thưởng (tối đa không quá 2,5 điểm)", 2.5),
        ("Điểm trừ: tối đa là 4 điểm", 4),
        ("Điểm thưởng (không quá 3đ)", 3),
        ("Điểm thưởng (tổng điểm thưởng tối đa 0,75 điểm, cộng vào tổng điểm)", 0.75),
        ("Điểm thưởng", None),
        # a rate per event is no part's maximum
        ("Điểm trừ (tối đa 0,5 điểm/lần)", None),
        ("Điểm trừ (mỗi lần chậm trừ tối đa 0,5 điểm)", None),
        # ambiguous (1250 or 1,25): not guessed
        ("Điểm trừ (tối đa 1.250 điểm)", None),
    ],
)
def test_a_parts_maximum_in_its_title(title: str, points: float | None) -> None:
    assert title_maximum(title) == points


# the bonus part "tối đa 1 điểm" over items worth 1 + 0,5; the penalty "trừ tối đa 1 điểm" over
# items worth 1 + 0,5; both points cells empty: the titles' maxima, not the items' sums
TITLED = _rows(
    (0, 1, "ĐIỂM THƯỞNG (tối đa 1 điểm)"),
    (0, 2, None),
    (3, 1, "Điểm trừ (trừ tối đa 1 điểm)"),
)
TITLED.insert(PARTS_AT + 6, ["b)", "Chậm báo cáo", "0,5", None, None, None])


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_a_part_takes_the_maximum_its_title_writes(tmp_path: Path, kind: str) -> None:
    table = read_table(WRITERS[kind](tmp_path / f"bang.{kind}", TITLED))
    assert table.bonus is not None and table.penalty is not None
    assert (table.bonus.points, table.penalty.points) == (1, 1)
    assert [i.points for i in table.penalty.items] == [1, 0.5]
    result = runner.invoke(
        app, ["index", "import", str(tmp_path / f"bang.{kind}"), "-o", str(tmp_path / "t.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert (
        "điểm thưởng 2 mục (tối đa 1, như tiêu đề ghi), điểm trừ 2 mục (tối đa 1, như tiêu "
        "đề ghi)" in " ".join(result.stderr.split())
    )


def test_a_part_without_a_maximum_in_its_title_says_nothing_of_it(tmp_path: Path) -> None:
    # a rate in the title is not read: the part takes its items' sum, and the summary says
    # nothing of the title
    rows = _rows((3, 1, "Điểm trừ (tối đa 0,5 điểm/lần)"))
    source = write_xlsx(tmp_path / "bang.xlsx", rows)
    result = runner.invoke(app, ["index", "import", str(source), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 0, result.output
    assert "điểm trừ 1 mục (tối đa 1)" in result.stderr and "tiêu đề" not in result.stderr


def test_a_titles_maximum_is_checked_as_a_cells(tmp_path: Path) -> None:
    # "tối đa 2 điểm" over items worth 1 + 0,5: refused at the part row's points cell
    found = _problems(_rows((0, 1, "Điểm thưởng (tối đa 2 điểm)"), (0, 2, None)), tmp_path)
    assert any(
        p.startswith("bang.xlsx!Phụ lục!C17: ") and "mục IX: điểm tối đa 2 nhưng các mục" in p
        for p in found
    ), found


def test_items_under_a_shared_heading_refused(tmp_path: Path) -> None:
    rows = [*ROWS[:-1], [None, "Điểm thưởng và điểm trừ", None, None, None, None],
            ["1", "Sáng kiến", 1, None, None, None], ROWS[-1]]  # fmt: skip
    (found,) = _problems(rows, tmp_path)
    assert found.startswith("bang.xlsx!Phụ lục!A18: dòng nằm dưới tiêu đề điểm thưởng")


def test_cli_says_the_parts(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "bang.xlsx", WITH_PARTS)
    result = runner.invoke(app, ["index", "import", str(source), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 0, result.output
    assert (
        "2 lĩnh vực, 6 mục chấm điểm, tổng 7,5 điểm, điểm thưởng 2 mục (tối đa 1,5), "
        "điểm trừ 1 mục (tối đa 1)" in result.stderr
    )


def _errors(plan: Path) -> list[tuple[str, int | None, str]]:
    return [(p.code, p.line, p.message) for p in check_file(plan).problems if not p.warning]


def _line_of(plan: Path, text: str) -> int:
    lines = plan.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


SCORE = '  scores:\n    - criterion: "{number}"\n      score: {score}\n{more}'


@pytest.mark.parametrize(
    ("number", "score", "more", "words"),
    [
        ("IX.1", "1.5", "      evidence: x\n", "điểm 1,5 vượt điểm tối đa 1"),
        ("IX.1", "-0.5", "      evidence: x\n", "điểm -0,5 âm"),
        ("trừ.a", "1.5", "      evidence: x\n", "số điểm trừ 1,5 vượt mức trừ tối đa 1"),
        ("trừ.a", "-0.5", "      evidence: x\n", "âm: ghi số điểm bị trừ, từ 0 đến 1"),
        ("trừ.a", "0.3", "      evidence: x\n", "số điểm trừ 0,3 không phải bội số của bước"),
        ("trừ.a", "0.5", "", "cần tài liệu kiểm chứng hoặc giải trình"),
        ("IX", "0.5", "      evidence: x\n", "số 'IX'"),
    ],
)
def test_bad_part_scores_located(
    tmp_path: Path, number: str, score: str, more: str, words: str
) -> None:
    extra = SCORE.format(number=number, score=score, more=more)
    plan = index_plan(tmp_path, extra, WITH_PARTS)
    ((code, line, message),) = _errors(plan)
    assert code in ("PP307", "PP304") and words in message, message
    assert line == _line_of(plan, f"score: {score}" if code == "PP307" else f'"{number}"')


def test_good_part_scores_pass(tmp_path: Path) -> None:
    extra = SCORE.format(number="IX.1", score="1", more="      evidence: x\n")
    extra += '    - {criterion: "trừ.a", score: 0.5, explanation: "Một vi phạm."}\n'
    assert _errors(index_plan(tmp_path, extra, WITH_PARTS)) == []


def test_part_items_unknown_to_a_table_without_parts(tmp_path: Path) -> None:
    extra = SCORE.format(number="IX.1", score="1", more="      evidence: x\n")
    ((code, _, message),) = _errors(index_plan(tmp_path, extra))
    assert code == "PP304" and "số 'IX.1'" in message


@pytest.mark.parametrize(
    ("points", "words"),
    [
        ("2", "mục IX: điểm tối đa 2 nhưng các mục cộng lại 1,5"),
        ("1", None),  # items 1 + 0,5 over a part of at most 1
        ("0.75", "mục IX.1: điểm tối đa 1 vượt điểm tối đa 0,75 của phần điểm thưởng IX"),
    ],
)
def test_criteria_file_parts_adding_up(tmp_path: Path, points: str, words: str | None) -> None:
    plan = index_plan(tmp_path, rows=WITH_PARTS)
    table = tmp_path / "index" / "2024.yaml"
    text = table.read_text(encoding="utf-8").replace(
        "  points: 1.5\n  items:", f"  points: {points}\n  items:"
    )
    table.write_text(text, encoding="utf-8")
    found = _errors(plan)
    if words is None:
        assert found == []
    else:
        ((code, _, message),) = found
        assert code == "PP303" and words in message, message


def test_a_table_without_parts_digests_as_before() -> None:
    """Workbooks made before the parts existed stay tied to their table: the digest of the
    committed example is the one the code before them computed (b3fa8d99098197c4)."""
    from parplan.document.loader import load_criteria
    from parplan.index.workbook import table_digest

    from .conftest import DATA

    assert table_digest(load_criteria(DATA / "index" / "2024.yaml")) == "b3fa8d99098197c4"


def test_committed_parts_table_is_the_invented_one(tmp_path: Path) -> None:
    """tests/data/index/thuong-tru.yaml (the invalid corpus's criteria with parts) is the
    import of the invented table with its parts, as made now."""
    from .conftest import DATA

    source = write_md(tmp_path / "bang-thuong-tru.md", WITH_PARTS)
    made = table_yaml(read_table(source), source.name)
    assert (DATA / "index" / "thuong-tru.yaml").read_text(encoding="utf-8") == made


def test_cli_cap_option(tmp_path: Path) -> None:
    from parplan.document.loader import load_criteria

    source = write_xlsx(tmp_path / "bang.xlsx", WITH_PARTS)
    out = tmp_path / "t.yaml"
    result = runner.invoke(app, ["index", "import", str(source), "-o", str(out), "--cap"])
    assert result.exit_code == 0, result.output
    assert load_criteria(out).cap and "\ncap: true\n" in out.read_text(encoding="utf-8")


def test_cli_cap_without_parts_said(tmp_path: Path) -> None:
    source = write_xlsx(tmp_path / "bang.xlsx")
    out = tmp_path / "t.yaml"
    result = runner.invoke(app, ["index", "import", str(source), "-o", str(out), "--cap"])
    assert result.exit_code == 0 and "--cap không có tác dụng" in result.stderr
    assert "cap:" not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("row", "stt", "title"),
    [
        (5, "-", "Điểm trừ: 0,5 điểm mỗi lần chậm"),  # a scale line under 1.1.2
        (6, "1.2", "Điểm trừ khi chậm tuyên truyền"),  # a criterion of area 1
    ],
)
def test_area_rows_saying_points_start_no_part(
    tmp_path: Path, row: int, stt: str, title: str
) -> None:
    rows = copy.deepcopy(ROWS)
    rows[row][0], rows[row][1] = stt, title
    table = read_table(write_xlsx(tmp_path / "bang.xlsx", rows))
    assert table.penalty is None and len(list(leaves(table))) == 6
    assert title in (leaf_map(table)["1.1.2"].item.method or "") + leaf_map(table)["1.2"].item.title
