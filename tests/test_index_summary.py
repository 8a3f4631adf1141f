"""`parplan index PLAN`: the self-assessment per area and in total (criteria invented for the
tests: tests/index_tables.py), the total re-based as the table says, in the terminal, JSON,
Markdown, Word and Excel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .index_tables import index_plan

runner = CliRunner()
SCORES = """  scores:
    - {criterion: "1.1.1", score: 1, evidence: "Kế hoạch số 45/KH-STN"}
    - {criterion: "1.2", score: 1.5, explanation: "Ba quý có tuyên truyền."}
    - {criterion: "2.1.1", score: 0.5, evidence: "Ảnh chụp"}
"""


def _plan(tmp_path: Path, rebase: str = "proportional", extra: str = SCORES) -> Path:
    plan = index_plan(tmp_path, extra)
    table = tmp_path / "index" / "2024.yaml"
    text = table.read_text(encoding="utf-8").replace("rebase: proportional", f"rebase: {rebase}")
    table.write_text(text, encoding="utf-8")
    return plan


def _json(plan: Path) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, ["index", str(plan), "--json", "--as-of", "01/07/2024"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_figures_per_area_and_total(tmp_path: Path) -> None:
    data = _json(_plan(tmp_path))
    first, second = data["areas"]
    assert (first["maximum"], first["score"], first["share"]) == (4, 2.5, 62.5)
    assert (first["without_evidence"], first["unscored"], first["not_applicable"]) == (1, 1, 0)
    assert (second["maximum"], second["applicable_maximum"], second["score"]) == (3.5, 2.75, 0.5)
    assert (second["unscored"], second["not_applicable"]) == (1, 1)
    total = data["total"]
    assert (total["maximum"], total["applicable_maximum"], total["score"]) == (7.5, 6.75, 3)
    assert (total["unscored"], total["without_evidence"], total["not_applicable"]) == (2, 1, 1)
    items = {i["number"]: i for i in data["items"]}
    assert items["1.1.2"]["suggested"] == 0.25 and items["2.1.2"]["not_applicable"]


@pytest.mark.parametrize(
    ("rebase", "score", "maximum", "words"),
    [
        ("proportional", 3.33, 7.5, "Tổng điểm quy đổi: 3,33/7,5 (44,4%)"),
        ("full", 3.75, 7.5, "được tính đủ điểm tối đa. Tổng điểm quy đổi: 3,75/7,5 (50%)"),
        ("none", 3.0, 6.75, "bỏ khỏi điểm tối đa; điểm không quy đổi. Tổng điểm quy đổi: 3/6,75"),
    ],
)
def test_not_applicable_rebasing(
    tmp_path: Path, rebase: str, score: float, maximum: float, words: str
) -> None:
    data = _json(_plan(tmp_path, rebase))
    assert (data["rebased_score"], data["rebased_maximum"]) == (score, maximum)
    assert data["rule"].startswith("1 mục không áp dụng (0,75 điểm).") and words in data["rule"]


def test_nothing_to_rebase_is_said(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    plan.write_text(plan.read_text(encoding="utf-8").replace('["2.1.2"]', "[]"), "utf-8")
    data = _json(plan)
    assert data["rule"] == "Không có mục không áp dụng: tổng điểm không phải quy đổi."
    assert data["rebased_score"] == data["total"]["score"] == 3


def test_terminal_view(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    result = runner.invoke(app, ["index", str(plan), "--as-of", "01/07/2024"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].split() == ["1.", "CÔNG", "TÁC", "CHỈ", "ĐẠO,", "ĐIỀU", "HÀNH", "4", "2,5",
                                "62,5%", "1", "1", "0"]  # fmt: skip
    assert lines[4].split() == ["Tổng", "7,5", "3", "44,4%", "1", "2", "1"]
    assert "Chưa chấm điểm (2 mục): 1.1.2, 2.2." in lines
    shown = runner.invoke(app, ["index", "show", str(plan), "--as-of", "01/07/2024"])
    assert shown.stdout == result.stdout


def test_report_files(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    for name in ("bao-cao.md", "bao-cao.docx", "bao-cao.xlsx"):
        out = tmp_path / name
        result = runner.invoke(app, ["index", str(plan), "-o", str(out), "--as-of", "01/07/2024"])
        assert result.exit_code == 0, result.output
    md = (tmp_path / "bao-cao.md").read_text(encoding="utf-8")
    assert "# BÁO CÁO" in md and "Hà Nội, ngày 01 tháng 7 năm 2024" in md
    assert "Số:      /BC-STN" in md  # the periodic report's symbol: BC- and the plan's issuer part
    assert "| 1.2 | Tuyên truyền CCHC | 2 |  |  | 1,5 | Ba quý có tuyên truyền. |" in md
    import docx

    document = docx.Document(str(tmp_path / "bao-cao.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and "Phụ lục" in texts
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[-1].cells][1:] == ["Tổng cộng", "7,5", "", "", "3", ""]
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "bao-cao.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Phụ lục"]
    assert [c.value for c in wb["Tổng hợp"][5]][:3] == ["Tổng", 7.5, 3.0]


def test_json_with_output_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["index", str(_plan(tmp_path)), "--json", "-o", "x.md"])
    assert result.exit_code == 2 and "--json in ra stdout" in result.stderr


def test_plan_with_problems_refused(tmp_path: Path) -> None:
    bad = '  scores:\n    - {criterion: "1.1.1", score: 3, evidence: x}\n'
    result = runner.invoke(app, ["index", str(index_plan(tmp_path, bad))])
    assert result.exit_code == 1 and "[PP307]" in result.stderr


def test_site_page(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    site = tmp_path / "site"
    result = runner.invoke(app, ["site", str(plan), "-o", str(site), "--as-of", "01/07/2024"])
    assert result.exit_code == 0, result.output
    page = (site / "chi-so-cchc.html").read_text(encoding="utf-8")
    assert "Tự đánh giá chỉ số CCHC năm 2024" in page and "Tổng điểm quy đổi: 3,33/7,5" in page
    assert '<th scope="row">Tổng</th><td class="num">7,5</td><td class="num">3</td>' in page
    front = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="chi-so-cchc.html">Tự đánh giá chỉ số CCHC</a>' in front


def test_site_without_par_index_has_no_page(tmp_path: Path) -> None:
    from .index_tables import PROGRESS_PLAN

    site = tmp_path / "site"
    result = runner.invoke(app, ["site", str(PROGRESS_PLAN), "-o", str(site)])
    assert result.exit_code == 0, result.output
    assert not (site / "chi-so-cchc.html").exists()
    assert "chi-so-cchc" not in (site / "index.html").read_text(encoding="utf-8")
