"""The embedded 2024 plan: complete, faithful to the source document, and valid."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.model import Plan
from parplan.document.loader import load_plan
from parplan.render.export import export_plan

from .conftest import PLAN_2024


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan(PLAN_2024)


@pytest.fixture(scope="module")
def exported(plan: Plan) -> dict[str, Any]:
    return export_plan(plan)


def test_file_is_nfc_utf8() -> None:
    text = PLAN_2024.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert not text.startswith("\ufeff")


def test_metadata(plan: Plan) -> None:
    meta = plan.plan
    assert meta.year == 2024
    assert meta.symbol == "KH-SVHTT"
    assert meta.number is None  # illegible in the scan: recorded as unknown, not invented
    assert meta.issue_date == "2024-02"
    assert meta.note and "không đọc được" in meta.note
    assert meta.basis[0].number == "6745/QĐ-UBND"
    assert meta.basis[0].date == date(2023, 12, 31)
    assert meta.parent_body == "UBND thành phố Hà Nội"


def test_counts(plan: Plan) -> None:
    assert len(plan.tasks) == 22
    assert [t.number for t in plan.tasks] == list(range(1, 23))
    assert [a.number for a in plan.areas] == [1, 2, 3, 4, 5, 6, 7]
    assert len(plan.purposes) == 3
    assert len(plan.requirements) == 3
    assert len(plan.unit_duties) == 7
    per_area = Counter(i.area for i in plan.indicators)
    assert per_area == {
        None: 6,  # I.3 general targets (the last bullet holds two)
        "the-che": 1,
        "tthc": 5,
        "to-chuc-bo-may": 3,  # 4.1: the staff bullet holds two
        "cong-vu": 4,
        "tai-chinh-cong": 3,
        "chinh-quyen-so": 5,
    }
    assert Counter(t.area for t in plan.tasks) == {
        "chi-dao-dieu-hanh": 7,
        "the-che": 2,
        "tthc": 3,
        "to-chuc-bo-may": 2,
        "cong-vu": 2,
        "tai-chinh-cong": 2,
        "chinh-quyen-so": 4,
    }


@pytest.mark.parametrize(
    ("number", "deadline_text", "due", "tentative"),
    [
        (1, "Trước ngày 22/02/2024", date(2024, 2, 21), False),
        (2, "Tháng 02/2024", date(2024, 2, 29), False),
        (5, "Tháng 03/2024", date(2024, 3, 31), False),
        (10, "Theo yêu cầu", None, False),
        (11, "Quý II/2024", date(2024, 6, 30), False),
        (13, None, date(2024, 6, 30), True),
        (16, "Tháng 9/2024", date(2024, 9, 30), False),
        (18, "Năm 2024", date(2024, 12, 31), False),
        (19, "Quý I/2024", date(2024, 3, 31), False),
    ],
)
def test_task_deadlines(
    plan: Plan, number: int, deadline_text: str | None, due: date | None, tentative: bool
) -> None:
    task = plan.tasks[number - 1]
    if deadline_text is not None:
        assert task.deadline.text == deadline_text
    assert task.deadline.due == due
    assert task.deadline.tentative is tentative


def test_task_spot_checks(plan: Plan) -> None:
    first = plan.tasks[0]
    assert first.objective.startswith("Kế hoạch CCHC năm 2024")
    assert first.lead == ["van-phong"] and first.coordinating == ["cac-phong-don-vi"]
    assert plan.tasks[3].lead == ["to-chuc-phap-che", "van-phong"]
    assert plan.tasks[11].coordinating == ["so-ban-nganh", "ubnd-quan-huyen"]
    assert plan.tasks[16].lead == ["ke-hoach-tai-chinh"]
    assert plan.tasks[16].lead_text == "Phòng Tài chính Kế hoạch"  # spelling kept as written
    assert "281/KH-UBND" in plan.tasks[11].objective
    # uncertain readings carry a note rather than a silent guess
    assert plan.tasks[10].note and "Quý II" in plan.tasks[10].note


def test_no_progress_is_invented(plan: Plan) -> None:
    assert all(t.progress is None for t in plan.tasks)
    assert all(not i.values for i in plan.indicators)
    assert all(not o.records for o in plan.obligations)


@pytest.mark.parametrize(
    ("ident", "op", "value", "baseline_year"),
    [
        ("sipas", ">=", 85, None),
        ("par-index", "qualitative", None, None),
        ("tinh-gian-cbcc", "reduce_by", 5, 2021),
        ("tinh-gian-vien-chuc", "reduce_by", 10, 2021),
        ("don-vi-tu-chu", ">=", 20, 2015),
        ("ty-trong-chi-thuong-xuyen", "<=", 50, None),
        ("so-hoa-ket-qua-tthc", ">=", 70, None),
    ],
)
def test_indicator_targets(
    plan: Plan, ident: str, op: str, value: float | None, baseline_year: int | None
) -> None:
    ind = next(i for i in plan.indicators if i.id == ident)
    assert ind.target.op == op
    assert ind.target.value == value
    assert (ind.baseline.year if ind.baseline else None) == baseline_year


def test_two_targets_in_one_bullet_are_two_indicators(plan: Plan) -> None:
    staff = [i for i in plan.indicators if i.id in ("tinh-gian-cbcc", "tinh-gian-vien-chuc")]
    assert len(staff) == 2 and staff[0].text == staff[1].text
    assert "5%" in staff[0].text and "10%" in staff[0].text


def test_recurring_obligations_are_data(plan: Plan) -> None:
    by_id = {o.id: o for o in plan.obligations}
    assert by_id["ke-hoach-don-vi"].schedule.once == "before 2024-02-10"
    assert by_id["cong-khai-hang-thang"].schedule.every == "month"
    assert by_id["tuyen-truyen-truc-tuyen"].schedule.every == "quarter"
    assert by_id["doi-thoai"].schedule.every == "half"
    assert by_id["cong-bo-tthc"].schedule.within_days == 5
    reports = by_id["bao-cao-dinh-ky"].schedule.occurrences
    assert [(o.period, o.by) for o in reports] == [
        ("2024-Q1", "before 2024-03-01"),
        ("2024-H1", "before 2024-06-01"),
        ("2024-9M", "before 2024-09-01"),
        ("2024", "before 2024-11-01"),
    ]


def test_units_referenced_are_defined(plan: Plan) -> None:
    known = set(plan.units_by_id)
    used = {u for t in plan.tasks for u in (*t.lead, *t.coordinating)}
    used |= {d.unit for d in plan.unit_duties}
    used |= {u for o in plan.obligations for u in o.units}
    assert used <= known
    assert plan.units_by_id["van-phong"].name == "Văn phòng Sở"
    assert plan.units_by_id["so-noi-vu"].kind == "external"


# --- the documented JSON export -------------------------------------------------------------

EXPORT_FIELDS = {
    "top": {"plan", "units", "indicators", "tasks", "obligations"},
    "unit": {"id", "name"},
    "indicator": {"id", "area", "text", "target", "baseline"},
    "target": {"op", "value", "unit"},
    "task": {
        "number",
        "area",
        "objective",
        "lead",
        "coordinating",
        "deadline_text",
        "due",
        "tentative",
    },
}


def test_export_has_documented_fields(exported: dict[str, Any]) -> None:
    assert EXPORT_FIELDS["top"] <= set(exported)
    for unit in exported["units"]:
        assert EXPORT_FIELDS["unit"] <= set(unit)
    for ind in exported["indicators"]:
        assert EXPORT_FIELDS["indicator"] <= set(ind)
        assert EXPORT_FIELDS["target"] <= set(ind["target"])
        assert ind["target"]["op"] in (">=", "<=", "=", "reduce_by", "qualitative")
        assert ind["baseline"] is None or {"year", "value"} <= set(ind["baseline"])
    for task in exported["tasks"]:
        assert EXPORT_FIELDS["task"] <= set(task)
        assert isinstance(task["number"], int) and isinstance(task["tentative"], bool)
        assert task["due"] is None or date.fromisoformat(task["due"])
        assert all(isinstance(u, str) for u in task["lead"] + task["coordinating"])


def test_export_cli_json_and_yaml() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["export", str(PLAN_2024), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["tasks"][0]["due"] == "2024-02-21"
    assert data["tasks"][9]["due"] is None
    result = runner.invoke(app, ["export", str(PLAN_2024), "--format", "yaml"])
    assert result.exit_code == 0
    assert "Văn phòng Sở" in result.stdout


def test_export_yaml_loads_back_to_the_same_plan(tmp_path: Any, plan: Plan) -> None:
    result = CliRunner().invoke(app, ["export", str(PLAN_2024), "--format", "yaml"])
    out = tmp_path / "again.yaml"
    out.write_text(result.stdout, encoding="utf-8")
    assert load_plan(out) == plan


def test_check_passes_on_the_real_plan() -> None:
    result = CliRunner().invoke(app, ["check", str(PLAN_2024)])
    assert result.exit_code == 0
    assert "hợp lệ — 16 đơn vị, 7 lĩnh vực, 27 chỉ tiêu, 22 nhiệm vụ" in result.stdout


def _all_text(plan: Plan) -> str:
    return json.dumps(export_plan(plan), ensure_ascii=False)


def test_party_regulation_carries_its_own_symbol(plan: Plan) -> None:
    """A Party *Quy định* is "QĐi" (the scan's "07-QDiTLJ"), never the State's "QĐ"."""
    text = _all_text(plan)
    assert "Quy định số 07-QĐi/TU ngày 17/11/2021" in text
    assert "07-QĐ/TU" not in text
    duty = next(d for area in plan.areas for d in area.duties if "07-QĐi/TU" in d.text)
    assert duty.note and "07-QDiTLJ" in duty.note and "QĐi" in duty.note


@pytest.mark.parametrize(
    ("kind", "symbol"),
    [("Chỉ thị", "CT"), ("Quy định", "QĐi"), ("Nghị quyết", "NQ"), ("Kết luận", "KL")],
)
def test_party_documents_cited_with_party_symbols(plan: Plan, kind: str, symbol: str) -> None:
    """Every Party document (issued by /TU, /TW) is cited with its kind's Party symbol."""
    for match in re.finditer(rf"{kind} số (\d+)-([^/\s]+)/(TU|TW)\b", _all_text(plan)):
        assert match.group(2) == symbol, match.group(0)
