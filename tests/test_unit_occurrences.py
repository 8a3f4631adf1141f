"""An obligation assigned to a group, or to several units, is owed by each member: each unit
records its own occurrence (`record obligation --unit`, or its form); the plan's occurrence is
done when every member has done it, late when any was late, and shows "k/n đơn vị"; each
unit's views show its own state; records written before (no unit) count for every member."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bench.fill import fill
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.loader import load_plan

from .conftest import DATA, PLAN_2024

runner = CliRunner()
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
MEMBERS = ["van-phong", "to-chuc-phap-che", "thanh-tra"]  # progress.yaml's group
KEY = ("cong-khai-hang-thang", "2024-03")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    copy = tmp_path / "progress.yaml"
    shutil.copyfile(PROGRESS, copy)
    return copy


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "160"})


def record(plan: Path, unit: str | None, day: str, period: str = "2024-03") -> Any:
    unit_args = ["--unit", unit] if unit else []
    args = ["-p", period, *unit_args, "--done", day, "--plan", str(plan)]
    return invoke("record", "obligation", "cong-khai-hang-thang", *args)


def occurrence(plan: Path, as_of: str, unit: str | None = None) -> dict[str, Any]:
    unit_args = ["--unit", unit] if unit else []
    result = invoke("deadlines", str(plan), "--as-of", as_of, "--json", *unit_args)
    assert result.exit_code == 0, result.output
    rows = {(r["id"], r["period"]): r for r in json.loads(result.stdout)}
    return rows[KEY]


def test_each_member_records_its_own_occurrence(plan: Path) -> None:
    assert record(plan, "van-phong", "29/03/2024").exit_code == 0
    done = record(plan, "Thanh tra", "02/04/2024")  # a name is enough, as for --unit elsewhere
    assert done.exit_code == 0, done.output
    assert "Tháng 03/2024, Thanh tra Sở: hoàn thành ngày 02/04/2024" in done.stderr
    records = [(r.unit, str(r.completed)) for r in load_plan(plan).obligations[0].records]
    assert records[-2:] == [("van-phong", "2024-03-29"), ("thanh-tra", "2024-04-02")]
    # the plan's occurrence waits for Phòng Tổ chức - Pháp chế; each unit sees its own
    whole = occurrence(plan, "2024-04-05")
    assert (whole["state"], whole["missing"]) == ("overdue", ["to-chuc-phap-che"])
    assert whole["owed"] == MEMBERS and whole["own_unit"] is None
    own = {u: occurrence(plan, "2024-04-05", u) for u in MEMBERS}
    assert {u: r["state"] for u, r in own.items()} == {
        "van-phong": "done",
        "to-chuc-phap-che": "overdue",
        "thanh-tra": "done_late",
    }
    assert own["thanh-tra"]["completed"] == "2024-04-02"
    assert own["van-phong"]["own_unit"] == "van-phong"
    status = invoke("deadlines", str(plan), "--as-of", "2024-04-05", "--state", "overdue")
    assert "(2/3 đơn vị)" in status.stdout
    # the last member done: the plan's occurrence is done, late because Thanh tra was late
    assert record(plan, "to-chuc-phap-che", "30/03/2024").exit_code == 0
    whole = occurrence(plan, "2024-04-05")
    assert (whole["state"], whole["completed"], whole["missing"]) == ("done_late", "2024-04-02", [])
    # looking back to a day before Thanh tra's: not done then
    assert occurrence(plan, "2024-04-01")["missing"] == ["thanh-tra"]


def test_recording_again_replaces_only_that_units_record(plan: Path) -> None:
    for unit, day in (("van-phong", "29/03/2024"), ("thanh-tra", "30/03/2024")):
        assert record(plan, unit, day).exit_code == 0
    assert record(plan, "van-phong", "31/03/2024").exit_code == 0
    records = [(r.unit, str(r.completed)) for r in load_plan(plan).obligations[0].records]
    assert records[-2:] == [("van-phong", "2024-03-31"), ("thanh-tra", "2024-03-30")]


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (None, "do 3 đơn vị thực hiện, mỗi đơn vị ghi lần thực hiện của mình: cần --unit"),
        ("so-noi-vu", "--unit: Sở Nội vụ (so-noi-vu) không thực hiện nghĩa vụ"),
        ("khong-co", "--unit: không có đơn vị 'khong-co'"),
    ],
)
def test_a_unit_that_does_not_owe_it_is_refused_naming_the_members(
    plan: Path, unit: str | None, message: str
) -> None:
    before = plan.read_bytes()
    result = record(plan, unit, "29/03/2024")
    assert result.exit_code == 2 and message in result.stderr, result.output
    if unit != "khong-co":
        assert "van-phong (Văn phòng Sở), to-chuc-phap-che (Phòng Tổ chức - Pháp chế)" in (
            result.stderr
        )
    assert "Traceback" not in result.output
    assert plan.read_bytes() == before


def test_records_without_a_unit_count_for_every_member_and_check_says_so_once(
    plan: Path,
) -> None:
    # progress.yaml holds two such records (January, February): one warning, exit 0
    result = invoke("check", str(plan))
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.output.splitlines() if "[PP129]" in ln]
    assert len(warnings) == 1 and "cảnh báo" in warnings[0], result.output
    assert "2 lần thực hiện nghĩa vụ không ghi đơn vị" in warnings[0]
    january = invoke("deadlines", str(plan), "--as-of", "2024-02-01", "--json", "-u", "thanh-tra")
    rows = {(r["id"], r["period"]): r for r in json.loads(january.stdout)}
    assert rows[("cong-khai-hang-thang", "2024-01")]["state"] == "done"
    # a unit's own record takes its place for that unit alone
    assert record(plan, "thanh-tra", "05/02/2024", period="2024-01").exit_code == 0
    mine = invoke("deadlines", str(plan), "--as-of", "2024-02-10", "--json", "-u", "thanh-tra")
    rows = {(r["id"], r["period"]): r for r in json.loads(mine.stdout)}
    assert rows[("cong-khai-hang-thang", "2024-01")]["state"] == "done_late"
    other = invoke("deadlines", str(plan), "--as-of", "2024-02-10", "--json", "-u", "van-phong")
    rows = {(r["id"], r["period"]): r for r in json.loads(other.stdout)}
    assert rows[("cong-khai-hang-thang", "2024-01")]["state"] == "done"


def test_a_units_report_and_site_page_show_its_own_state(plan: Path, tmp_path: Path) -> None:
    assert record(plan, "van-phong", "29/03/2024").exit_code == 0
    whole = invoke("report", str(plan), "-p", "2024-H1", "--date", "2024-06-20", "-o", "-")
    line = next(ln for ln in whole.stdout.splitlines() if "Công khai kết quả" in ln)
    # March: Văn phòng did it, the two others have not; April, May: nobody has
    assert "Tháng 03 (chưa thực hiện: Phòng Tổ chức - Pháp chế, Thanh tra Sở)" in line
    assert "Tháng 04, Tháng 05 (chưa thực hiện: Văn phòng Sở, Phòng Tổ chức" in line
    mine = invoke(
        "report", str(plan), "-p", "2024-H1", "--date", "2024-06-20", "-u", "van-phong", "-o", "-"
    )
    line = next(ln for ln in mine.stdout.splitlines() if "Công khai kết quả" in ln)
    assert "cần hoàn thành ngay: Tháng 04, Tháng 05." in line  # March is Văn phòng's done
    site = tmp_path / "site"
    assert invoke("site", str(plan), "--as-of", "2024-04-05", "-o", str(site)).exit_code == 0
    page = (site / "don-vi" / "van-phong.html").read_text(encoding="utf-8")
    other = (site / "don-vi" / "thanh-tra.html").read_text(encoding="utf-8")
    assert page.count("Tháng 03") == other.count("Tháng 03") == 1
    assert _state_of(page, "Tháng 03") == "done" and _state_of(other, "Tháng 03") == "overdue"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "(1/3 đơn vị; chưa thực hiện: Phòng Tổ chức - Pháp chế; Thanh tra Sở)" in index


def _state_of(page: str, label: str) -> str:
    row = next(r for r in page.split("<tr") if f">{label}<" in r)
    return row.split('data-state="', 1)[1].split('"', 1)[0]


# --- forms ----------------------------------------------------------------------------------

PERIOD = "2024-Q2"


@pytest.fixture
def plan_2024(tmp_path: Path) -> Path:
    copy = tmp_path / "2024.yaml"
    shutil.copyfile(PLAN_2024, copy)
    return copy


def make_forms(plan: Path, folder: Path) -> Path:
    result = invoke("form", str(plan), "--period", PERIOD, "-o", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def collect(plan: Path, *files: Path) -> Any:
    return invoke("collect", *map(str, files), "--plan", str(plan))


def form_state(folder: Path, unit: str, month: str) -> str:
    """What a unit's form says of an occurrence (column "Hiện trạng")."""
    from openpyxl import load_workbook

    sheet = load_workbook(folder / f"{unit}.xlsx")["Nghĩa vụ"]
    for row in sheet.iter_rows(values_only=True):
        if row[0] == "cong-khai-hang-thang" and row[1] == month:
            return str(row[4])
    raise AssertionError(f"no row for {month} in {unit}'s form")


def test_two_units_forms_each_record_their_own_date(plan_2024: Path, tmp_path: Path) -> None:
    forms = make_forms(plan_2024, tmp_path / "forms")
    april = ("Nghĩa vụ", "cong-khai-hang-thang", "Tháng 04/2024")
    fill(forms / "van-phong.xlsx", {april: {"done": "30/04/2024"}})
    fill(forms / "thanh-tra.xlsx", {april: {"done": "02/05/2024"}})
    result = collect(plan_2024, forms / "van-phong.xlsx", forms / "thanh-tra.xlsx")
    assert result.exit_code == 0, result.output  # no conflict: each its own occurrence
    ob = next(o for o in load_plan(plan_2024).obligations if o.id == "cong-khai-hang-thang")
    assert [(r.period, r.unit, str(r.completed)) for r in ob.records] == [
        ("2024-04", "van-phong", "2024-04-30"),
        ("2024-04", "thanh-tra", "2024-05-02"),
    ]
    # each unit's next form shows its own state, not another unit's
    again = make_forms(plan_2024, tmp_path / "again")
    states = {u: form_state(again, u, "Tháng 04/2024") for u in ("van-phong", "thanh-tra")}
    assert states == {
        "van-phong": "Đã thực hiện (30/04/2024)",
        "thanh-tra": "Đã thực hiện (02/05/2024)",
    }
    assert form_state(again, "ke-hoach-tai-chinh", "Tháng 04/2024") == "Chưa thực hiện"
    # the same edits as `record --unit`
    recorded = tmp_path / "recorded.yaml"
    shutil.copyfile(PLAN_2024, recorded)
    for unit, day in (("van-phong", "30/04/2024"), ("thanh-tra", "02/05/2024")):
        args = ["-p", "2024-04", "-u", unit, "--done", day, "--plan", str(recorded)]
        assert invoke("record", "obligation", "cong-khai-hang-thang", *args).exit_code == 0
    assert plan_2024.read_text(encoding="utf-8") == recorded.read_text(encoding="utf-8")


def test_forms_disagreeing_name_the_item_and_dates_as_people_write_them(
    plan_2024: Path, tmp_path: Path
) -> None:
    forms = make_forms(plan_2024, tmp_path / "forms")
    before = plan_2024.read_bytes()
    fill(forms / "van-phong.xlsx", {("Nhiệm vụ", 1): {"done": "20/02/2024"}})
    fill(forms / "thanh-tra.xlsx", {("Nhiệm vụ", 1): {"done": "21/02/2024"}})
    result = collect(plan_2024, forms / "van-phong.xlsx", forms / "thanh-tra.xlsx")
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.endswith("[PP205]")]
    assert len(lines) == 2, result.stderr
    assert "nhiệm vụ 1: '20/02/2024' khác với '21/02/2024'" in lines[0]
    for line in lines:
        assert "task:" not in line and "2024-02-2" not in line, line
    assert plan_2024.read_bytes() == before


def test_diff_names_the_unit_whose_occurrence_was_recorded(plan: Path, tmp_path: Path) -> None:
    before = tmp_path / "before.yaml"
    assert record(plan, "van-phong", "29/03/2024").exit_code == 0
    shutil.copyfile(plan, before)
    assert record(plan, "thanh-tra", "02/04/2024").exit_code == 0
    result = invoke("diff", str(before), str(plan))
    assert "kỳ Tháng 03/2024 của Thanh tra Sở thực hiện ngày 02/04/2024" in result.stdout
    assert "Văn phòng" not in result.stdout  # its record is untouched


@pytest.mark.parametrize("as_of", ["2024-03-31", "2024-04-05", "2024-06-20"])
def test_units_side_by_side_count_their_own_occurrences(plan: Path, as_of: str) -> None:
    assert record(plan, "van-phong", "29/03/2024").exit_code == 0
    assert record(plan, "thanh-tra", "02/04/2024").exit_code == 0
    result = invoke("status", str(plan), "--as-of", as_of, "--by-unit", "--json")
    rows = {u["id"]: u for u in json.loads(result.stdout)["units"]}
    for unit in MEMBERS:
        own = json.loads(invoke("status", str(plan), "--as-of", as_of, "-u", unit, "--json").stdout)
        counts = own["totals"]["counts"]
        assert {k: rows[unit][k] for k in ("done", "done_late", "overdue", "due_soon")} == {
            k: counts[k] for k in ("done", "done_late", "overdue", "due_soon")
        }, unit
    if as_of == "2024-04-05":  # March: Văn phòng on time, Thanh tra late, TC-PC not yet
        march = {u: occurrence(plan, as_of, u)["state"] for u in MEMBERS}
        assert march == {
            "van-phong": "done",
            "to-chuc-phap-che": "overdue",
            "thanh-tra": "done_late",
        }


def test_by_unit_is_refused_with_one_unit(plan: Path) -> None:
    result = invoke("status", str(plan), "--by-unit", "--unit", "van-phong")
    assert result.exit_code == 2 and "--by-unit: không dùng cùng --unit" in result.stderr


@pytest.mark.parametrize("width", ["80", "100"])
def test_by_unit_headers_are_never_cut(plan: Path, width: str) -> None:
    result = runner.invoke(
        app, ["status", str(plan), "--as-of", "2024-06-20", "--by-unit"], env={"COLUMNS": width}
    )
    assert result.exit_code == 0 and "…" not in result.stdout, result.stdout
    lines = result.stdout.splitlines()
    second = next(i for i, line in enumerate(lines) if line.startswith("Đơn vị"))
    assert lines[second - 1].split()[-2:] == ["Tỷ", "lệ"]
    assert lines[second].split()[-2:] == ["hoàn", "thành"]


def test_a_member_that_begins_mid_year_owes_no_occurrence_due_before(plan: Path) -> None:
    # Phòng Mới joins the group on 01/07: it owes July's publication on, not March's (which
    # fell due before it existed), in every output alike: deadlines, its own view, the
    # report's "chưa thực hiện" list, and `record`, which refuses it a March record
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "members: [van-phong, to-chuc-phap-che, thanh-tra]",
        "members: [van-phong, to-chuc-phap-che, thanh-tra, phong-moi]",
    ).replace(
        "  - id: so-noi-vu\n",
        '  - id: phong-moi\n    name: "Phòng Mới"\n    since: 2024-07-01\n  - id: so-noi-vu\n',
    )
    plan.write_text(text, encoding="utf-8")
    assert occurrence(plan, "2024-08-15")["owed"] == MEMBERS
    july = invoke("deadlines", str(plan), "--as-of", "2024-08-15", "--json")
    rows = {(r["id"], r["period"]): r for r in json.loads(july.stdout)}
    assert rows[("cong-khai-hang-thang", "2024-07")]["owed"] == [*MEMBERS, "phong-moi"]
    own = invoke("deadlines", str(plan), "--as-of", "2024-08-15", "--json", "--unit", "phong-moi")
    assert own.exit_code == 0, own.output
    assert (
        min(r["due"] for r in json.loads(own.stdout) if r["kind"] == "obligation") >= "2024-07-01"
    )
    report = invoke("report", str(plan), "--period", "2024-H1", "-o", "-", "--as-of", "2024-06-20")
    assert report.exit_code == 0, report.output
    assert "chưa thực hiện" in report.stdout and "Phòng Mới" not in report.stdout
    refused = record(plan, "phong-moi", "10/07/2024")
    assert refused.exit_code == 2 and "PP128" in refused.stderr
    assert record(plan, "phong-moi", "31/07/2024", period="2024-07").exit_code == 0
    # the same record written by hand: `check` says what `record` said (it would count for
    # nothing in the views)
    text = plan.read_text(encoding="utf-8").replace(
        "    records:\n",
        "    records:\n      - {period: 2024-03, unit: phong-moi, completed: 2024-07-10}\n",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    checked = invoke("check", str(plan), "--format", "json")
    assert checked.exit_code == 1, checked.output
    (problem,) = [p for p in json.loads(checked.stdout) if p["severity"] == "error"]
    assert problem["code"] == "PP128" and problem["path"] == "obligations[0].records[0].unit"
