"""The final total of the self-assessment: the areas' total re-based as today, plus the bonus
part's points, minus the penalty part's (criteria invented for the tests:
tests/index_tables.py), computed once and held to the same figure by every output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .index_tables import CAPPED_PARTS as CAPPED
from .index_tables import WITH_PARTS, index_plan
from .sitecheck import read_page

runner = CliRunner()
AS_OF = "01/07/2024"
AREAS = """  scores:
    - {criterion: "1.1.1", score: 1, evidence: "Kế hoạch số 45/KH-STN"}
    - {criterion: "1.2", score: 1.5, explanation: "Ba quý có tuyên truyền."}
    - {criterion: "2.1.1", score: 0.5, evidence: "Ảnh chụp"}
"""
NO_AREAS = "  scores:\n"
BONUS = '    - {criterion: "IX.1", score: 1, evidence: "Quyết định số 12/QĐ-UBND"}\n'
GIFT = '    - {criterion: "IX.2", score: 0.5, explanation: "Giải ba hội thi CCHC."}\n'
PENALTY = '    - {criterion: "trừ.a", score: 0.5, evidence: "Kết luận kiểm tra số 3/KL"}\n'
FULL_PENALTY = '    - {criterion: "trừ.a", score: 1, evidence: "Kết luận kiểm tra số 3/KL"}\n'


def _plan(
    tmp_path: Path,
    scores: str,
    *,
    rebase: str = "proportional",
    cap: bool = False,
    rows: list[list[Any]] = WITH_PARTS,
) -> Path:
    plan = index_plan(tmp_path, scores, rows)
    table = tmp_path / "index" / "2024.yaml"
    text = table.read_text(encoding="utf-8").replace("rebase: proportional", f"rebase: {rebase}")
    table.write_text(text.replace("cap: false", f"cap: {str(cap).lower()}"), encoding="utf-8")
    return plan


def _json(plan: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["index", str(plan), "--json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("scores", "rebase", "cap", "rebased", "bonus", "penalty", "final"),
    [
        (AREAS, "proportional", False, 3.33, 0, 0, 3.33),  # parts left empty: nothing added
        (AREAS + BONUS + GIFT + PENALTY, "proportional", False, 3.33, 1.5, 0.5, 4.33),
        (AREAS + BONUS + PENALTY, "full", False, 3.75, 1, 0.5, 4.25),
        (AREAS + BONUS + PENALTY, "none", False, 3, 1, 0.5, 3.5),
        (NO_AREAS + FULL_PENALTY, "proportional", False, 0, 0, 1, -1),  # no clamping
        (NO_AREAS + FULL_PENALTY, "proportional", True, 0, 0, 1, 0),  # cap: held at 0
        (AREAS + BONUS + PENALTY, "proportional", True, 3.33, 1, 0.5, 3.83),  # in range
    ],
)
def test_final_total(
    tmp_path: Path,
    scores: str,
    rebase: str,
    cap: bool,
    rebased: float,
    bonus: float,
    penalty: float,
    final: float,
) -> None:
    data = _json(_plan(tmp_path, scores, rebase=rebase, cap=cap))
    assert data["rebased_score"] == rebased
    assert (data["bonus"]["score"], data["penalty"]["score"]) == (bonus, penalty)
    assert data["final_total"] == final


def test_json_keys(tmp_path: Path) -> None:
    data = _json(_plan(tmp_path, AREAS + BONUS + PENALTY))
    assert data["bonus"] == {
        "number": "IX",
        "title": "ĐIỂM THƯỞNG",
        "maximum": 1.5,
        "applicable_maximum": 1.5,
        "score": 1,
        "share": 66.7,
        "without_evidence": 0,
        "unscored": 1,
        "not_applicable": 0,
        "items_score": 1,
    }
    assert data["total"]["score"] == 3 and data["total"]["maximum"] == 7.5  # the areas' only
    assert data["final_rule"] == (
        "Tổng điểm cuối cùng = tổng điểm quy đổi 3,33 + điểm thưởng 1 − điểm trừ 0,5 = 3,83/7,5 "
        "(không giới hạn trong khoảng 0 đến điểm tối đa)."
    )
    items = {i["number"]: i for i in data["items"]}
    assert (items["IX.1"]["part"], items["IX.1"]["area"], items["IX.1"]["score"]) == (
        "bonus",
        "IX",
        1,
    )
    assert items["trừ.a"]["part"] == "penalty" and items["trừ.a"]["suggested"] is None
    assert items["1.2"]["part"] == "area"


def test_without_parts_final_is_the_rebased_total(tmp_path: Path) -> None:
    data = _json(index_plan(tmp_path, AREAS))
    assert (data["bonus"], data["penalty"], data["final_rule"]) == (None, None, None)
    assert data["final_total"] == data["rebased_score"] == 3.33


def test_capped_rule_said(tmp_path: Path) -> None:
    data = _json(_plan(tmp_path, NO_AREAS + FULL_PENALTY, cap=True))
    assert data["final_rule"].endswith("= 0/7,5 (giữ trong khoảng 0 đến 7,5 theo bộ tiêu chí).")


def test_part_items_scored_without_evidence_are_found(tmp_path: Path) -> None:
    data = _json(_plan(tmp_path, AREAS + GIFT))
    assert data["bonus"]["without_evidence"] == 1
    result = runner.invoke(app, ["index", str(_plan(tmp_path, AREAS + GIFT)), "--as-of", AS_OF])
    assert "(2 mục): 1.2, IX.2." in result.stdout
    assert "Chưa chấm điểm (2 mục): 1.1.2, 2.2." in result.stdout  # parts left empty: not listed


def test_part_counts_at_most_its_maximum(tmp_path: Path) -> None:
    data = _json(_plan(tmp_path, AREAS + BONUS + GIFT + PENALTY, rows=CAPPED))
    bonus = data["bonus"]
    assert (bonus["maximum"], bonus["items_score"], bonus["score"]) == (1, 1.5, 1)
    assert data["final_total"] == 3.83  # 3,33 + 1 − 0,5; the items' 1,5 would make it 4,33
    assert data["final_rule"] == (
        "Tổng điểm cuối cùng = tổng điểm quy đổi 3,33 + điểm thưởng 1 (các mục cộng lại 1,5, "
        "tính tối đa 1) − điểm trừ 0,5 = 3,83/7,5 (không giới hạn trong khoảng 0 đến điểm tối "
        "đa)."
    )
    # the part's maximum not reached: said as before
    data = _json(_plan(tmp_path, AREAS + BONUS + PENALTY, rows=CAPPED))
    assert data["bonus"]["score"] == data["bonus"]["items_score"] == 1
    assert "(các mục cộng lại" not in data["final_rule"]


@pytest.mark.parametrize(
    ("rows", "final", "bonus"),
    [(WITH_PARTS, "4,33", "1,5"), (CAPPED, "3,83", "1")],  # CAPPED: the bonus part's cap bites
)
def test_every_output_says_the_same_final_total(
    tmp_path: Path, rows: list[list[Any]], final: str, bonus: str
) -> None:
    """The final total, the bonus part's maximum and points, and the sentence saying how the
    final total is made: one figure in the terminal, JSON, Markdown, Word, xlsx and HTML."""
    import docx
    from openpyxl import load_workbook

    from parplan.core.numbers import format_number

    plan = _plan(tmp_path, AREAS + BONUS + GIFT + PENALTY, rows=rows)
    data = _json(plan)
    said, given = format_number(data["final_total"]), format_number(data["bonus"]["score"])
    assert (said, given) == (final, bonus)
    most, rule = format_number(data["bonus"]["maximum"]), data["final_rule"]
    shown = runner.invoke(app, ["index", str(plan), "--as-of", AS_OF]).stdout
    lines = shown.splitlines()
    (row,) = [x for x in lines if x.startswith("Tổng điểm cuối cùng") and "=" not in x]
    assert row.split()[-1] == said
    (row,) = [x for x in lines if x.startswith("Điểm thưởng")]
    assert row.split()[2:4] == [most, given] and rule in lines
    for name in ("r.md", "r.docx", "r.xlsx"):
        args = ["index", str(plan), "-o", str(tmp_path / name), "--as-of", AS_OF]
        assert runner.invoke(app, args).exit_code == 0
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert f"| Tổng điểm cuối cùng | 7,5 | {said} |" in md
    assert f"|  | Tổng điểm cuối cùng | 7,5 |  |  | {said} |  |" in md  # the appendix
    assert f"| Điểm thưởng | {most} | {given} |" in md
    assert f"| IX | ĐIỂM THƯỞNG | {most} |  |  | {given} |  |" in md
    assert f"\n{rule}\n" in md
    document = docx.Document(str(tmp_path / "r.docx"))
    cells = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    finals = [r for r in cells if "Tổng điểm cuối cùng" in r]
    assert [r[2] for r in finals if r[0] == "Tổng điểm cuối cùng"] == [said]
    assert [r[5] for r in finals if r[1] == "Tổng điểm cuối cùng"] == [said]
    assert [r[1:3] for r in cells if r[0] == "Điểm thưởng"] == [[most, given]]
    assert [(r[2], r[5]) for r in cells if r[0] == "IX"] == [(most, given)]
    assert rule in [p.text for p in document.paragraphs]
    wb = load_workbook(tmp_path / "r.xlsx")
    summary = list(wb["Tổng hợp"].iter_rows(values_only=True))
    appendix = list(wb["Phụ lục"].iter_rows(values_only=True))
    in_summary = {r[0]: r for r in summary}
    in_appendix = {r[1]: r for r in appendix}
    assert in_summary["Tổng điểm cuối cùng"][2] == in_appendix["Tổng điểm cuối cùng"][5]
    assert in_summary["Tổng điểm cuối cùng"][2] == data["final_total"]
    assert in_summary["Điểm thưởng"][1:3] == (data["bonus"]["maximum"], data["bonus"]["score"])
    assert (in_appendix["ĐIỂM THƯỞNG"][2], in_appendix["ĐIỂM THƯỞNG"][5]) == (
        data["bonus"]["maximum"],
        data["bonus"]["score"],
    )
    assert rule in [r[0] for r in summary]
    site = tmp_path / "site"
    args = ["site", str(plan), "-o", str(site), "--as-of", AS_OF]
    assert runner.invoke(app, args).exit_code == 0
    page = (site / "chi-so-cchc.html").read_text(encoding="utf-8")
    assert read_page(page).problems == []
    assert (
        f'<th scope="row">Tổng điểm cuối cùng</th><td class="num">7,5</td>'
        f'<td class="num">{said}</td>' in page
    )
    assert f"<td>Tổng điểm cuối cùng</td><td>7,5</td><td></td><td></td><td>{said}</td>" in page
    assert (
        f'<th scope="row">Điểm thưởng</th><td class="num">{most}</td>'
        f'<td class="num">{given}</td>' in page
    )
    assert (
        f"<td>IX</td><td>ĐIỂM THƯỞNG</td><td>{most}</td><td></td><td></td><td>{given}</td>" in page
    )
    assert rule in page


def test_rendered_with_parts(tmp_path: Path) -> None:
    from .golden import assert_golden

    plan = _plan(tmp_path, AREAS + BONUS + GIFT + PENALTY)
    shown = runner.invoke(app, ["index", str(plan), "--as-of", AS_OF])
    assert_golden("index-parts-terminal.txt", shown.stdout)
    out = tmp_path / "r.md"
    assert runner.invoke(app, ["index", str(plan), "-o", str(out), "--as-of", AS_OF]).exit_code == 0
    assert_golden("index-parts-report.md", out.read_text(encoding="utf-8"))


def test_diff_says_part_score_changes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    old = _plan(tmp_path / "a", AREAS + PENALTY)
    new = _plan(tmp_path / "b", AREAS + FULL_PENALTY + BONUS)
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert "sửa điểm tự chấm mục điểm trừ trừ.a: 0,5 điểm → 1 điểm" in result.stdout
    assert "chấm mục điểm thưởng IX.1: 1 điểm" in result.stdout
