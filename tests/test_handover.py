"""The dated unit registry: who answers for an item on a date (merges, splits, reassignment)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from bench.fill import fill
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.model import Plan
from parplan.core.periods import Period, parse_period
from parplan.document.loader import load_plan, plan_from_text
from parplan.editing.newplan import create_plan
from parplan.forms.layout import build_form, form_units
from parplan.tracking.dashboard import unit_items
from parplan.tracking.items import Item, plan_items

from .conftest import DATA

D = date
MERGE = DATA / "plans" / "valid" / "merge-2025.yaml"
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
BEFORE, ON_END, AFTER = D(2025, 6, 20), D(2025, 6, 30), D(2025, 7, 1)


@pytest.fixture(scope="module")
def merge() -> Plan:
    return load_plan(MERGE)


def _keys(plan: Plan, unit: str, as_of: date) -> set[str]:
    return {i.key for i in unit_items(plan, plan_items(plan, as_of), unit)}


def _item(plan: Plan, key: str, as_of: date | None) -> Item:
    return next(i for i in plan_items(plan, as_of) if i.key == key)


MONTH = "obligation:cong-khai-hang-thang:2025-"


@pytest.mark.parametrize(
    ("key", "as_of", "lead"),
    [
        # done before the merge: who did it keeps it, whenever one looks
        ("task:1", BEFORE, ("quan-ly-bao-chi",)),
        ("task:1", AFTER, ("quan-ly-bao-chi",)),
        (f"{MONTH}05", AFTER, ("quan-ly-bao-chi",)),
        # open: the unit's until the last day, the successor's from the day after
        ("task:4", ON_END, ("quan-ly-bao-chi",)),
        ("task:4", AFTER, ("bao-chi-xuat-ban",)),
        ("task:2", ON_END, ("xuat-ban",)),
        ("task:2", AFTER, ("bao-chi-xuat-ban",)),
        (f"{MONTH}06", ON_END, ("quan-ly-bao-chi",)),
        (f"{MONTH}06", AFTER, ("bao-chi-xuat-ban",)),
        # a period that begins after the unit ended was never the unit's
        (f"{MONTH}07", BEFORE, ("bao-chi-xuat-ban",)),
        # an explicit reassignment from a date
        ("task:3", ON_END, ("van-phong",)),
        ("task:3", AFTER, ("bao-chi-xuat-ban",)),
        # without a date: on the day the item falls due
        ("task:4", None, ("quan-ly-bao-chi",)),
        ("task:2", None, ("bao-chi-xuat-ban",)),
    ],
)
def test_lead_on_a_date(merge: Plan, key: str, as_of: date | None, lead: tuple[str, ...]) -> None:
    assert _item(merge, key, as_of).lead == lead


def test_coordinating_units_follow_their_successors_too(merge: Plan) -> None:
    task = _item(merge, "task:2", AFTER)
    assert (task.lead, task.coordinating) == (("bao-chi-xuat-ban",), ("van-phong",))


def test_history_says_who_held_it_before_and_why(merge: Plan) -> None:
    before, after = _item(merge, "task:3", AFTER).history
    assert (before.since, before.lead) == (None, ("van-phong",))
    assert (after.since, after.lead) == (AFTER, ("bao-chi-xuat-ban",))
    assert after.basis == "Thông báo phân công của Giám đốc Sở (ví dụ kiểm thử)"
    merged = _item(merge, "task:4", AFTER).history
    assert merged[-1].basis == "Quyết định sáp nhập phòng (ví dụ kiểm thử)"
    assert _item(merge, "task:4", BEFORE).history == ()  # not yet changed hands
    assert _item(merge, "task:1", AFTER).history == ()  # done before the merge


@pytest.mark.parametrize(
    ("unit", "as_of", "count"),
    [
        # before: 6 occurrences Jan–Jun and tasks 1 and 4; after: only what it finished
        ("quan-ly-bao-chi", BEFORE, 8),
        ("quan-ly-bao-chi", AFTER, 2),
        # the successor: Jul–Dec before; after, also the old units' open work and task 3
        ("bao-chi-xuat-ban", BEFORE, 6),
        ("bao-chi-xuat-ban", AFTER, 14),
        ("xuat-ban", BEFORE, 1),
        ("xuat-ban", AFTER, 0),
        ("van-phong", BEFORE, 2),
        ("van-phong", AFTER, 1),
    ],
)
def test_each_unit_sees_its_own_work_before_and_after(
    merge: Plan, unit: str, as_of: date, count: int
) -> None:
    assert len(_keys(merge, unit, as_of)) == count


def test_every_item_has_exactly_one_holder_on_each_side_of_the_date(merge: Plan) -> None:
    leads = ("van-phong", "quan-ly-bao-chi", "xuat-ban", "bao-chi-xuat-ban")
    for as_of in (BEFORE, ON_END, AFTER):
        items = plan_items(merge, as_of)
        held = [i.key for i in items for unit in leads if unit in i.lead]
        assert sorted(held) == sorted(i.key for i in items)


SPLIT = """
  - id: nghiep-vu
    name: "Phòng Nghiệp vụ"
    until: 2025-03-31
    successors:
      - {unit: van-phong, takes: [2, chi-dao-dieu-hanh]}
      - {unit: the-thao}
  - id: the-thao
    name: "Phòng Thể thao"
"""


def _split() -> Plan:
    """The merge plan with a unit ``nghiep-vu`` leading tasks 2, 3 and 4, split on 31/03."""
    text = MERGE.read_text(encoding="utf-8").replace("units:\n", "units:" + SPLIT, 1)
    for task in ("2", "3", "4"):
        head, tail = text.split(f"  - number: {task}\n", 1)
        tail = tail.replace("lead: [", "lead: [nghiep-vu, ", 1)
        text = f"{head}  - number: {task}\n{tail}"
    return plan_from_text(text, "split.yaml")


@pytest.mark.parametrize(
    ("key", "first"),
    [
        ("task:2", "van-phong"),  # taken by number
        ("task:3", "van-phong"),  # taken by area
        ("task:4", "the-thao"),  # the rest
    ],
)
def test_a_split_gives_each_successor_what_it_takes(key: str, first: str) -> None:
    assert _item(_split(), key, D(2025, 5, 1)).lead[0] == first
    assert _item(_split(), key, D(2025, 3, 31)).lead[0] == "nghiep-vu"


# --- every view before and after the merge ---------------------------------------------------

Q2, Q3 = parse_period("2025-Q2"), parse_period("2025-Q3")


def _form_keys(plan: Plan, unit: str, period: Period) -> set[str]:
    form = build_form(plan, unit, period)
    return {row.key for rows in form.rows.values() for row in rows}


@pytest.mark.parametrize(
    ("unit", "period", "keys"),
    [
        # a form holds every task of the unit and the occurrences due in its period
        ("quan-ly-bao-chi", Q2, {"task:1", "task:4", *(f"{MONTH}0{m}" for m in (4, 5, 6))}),
        ("xuat-ban", Q2, {"task:2"}),
        ("van-phong", Q2, {"task:2", "task:3"}),
        ("bao-chi-xuat-ban", Q2, set()),
        # Q3: the old units' open work and the months of Q3 are the successor's
        (
            "bao-chi-xuat-ban",
            Q3,
            {"task:2", "task:3", "task:4", *(f"{MONTH}0{m}" for m in (7, 8, 9))},
        ),
        ("van-phong", Q3, {"task:2"}),  # coordinates it, now under the successor's lead
        ("quan-ly-bao-chi", Q3, {"task:1"}),  # what it did stays its own
    ],
)
def test_forms_of_a_later_period_go_to_the_successor(
    merge: Plan, unit: str, period: Period, keys: set[str]
) -> None:
    assert _form_keys(merge, unit, period) == keys


def test_ended_units_get_no_form_for_a_period_after_their_end(merge: Plan) -> None:
    assert "quan-ly-bao-chi" in form_units(merge, Q2)
    assert form_units(merge, Q3) == ["van-phong", "bao-chi-xuat-ban"]


runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("unit", "as_of", "overdue"),
    [
        ("quan-ly-bao-chi", "30/06/2025", {"task:4", *(f"{MONTH}0{m}" for m in (1, 2, 3, 4))}),
        ("quan-ly-bao-chi", "01/07/2025", set()),
        ("bao-chi-xuat-ban", "30/06/2025", set()),
        (
            "bao-chi-xuat-ban",
            "01/07/2025",
            {"task:4", *(f"{MONTH}0{m}" for m in (1, 2, 3, 4, 6))},
        ),
    ],
)
def test_status_by_unit_before_and_after_the_merge(
    unit: str, as_of: str, overdue: set[str]
) -> None:
    board = json.loads(_run("status", str(MERGE), "--as-of", as_of, "--unit", unit, "--json"))
    keys = {
        f"task:{r['number']}" if r["kind"] == "task" else f"obligation:{r['id']}:{r['period']}"
        for r in board["overdue"]
    }
    assert keys == overdue


def test_report_says_who_did_what_before_and_after() -> None:
    h1 = _run("report", str(MERGE), "--period", "2025-H1", "--date", "20/06/2025", "-o", "-")
    q3 = _run("report", str(MERGE), "--period", "2025-Q3", "--date", "20/09/2025", "-o", "-")
    assert "chuyển việc cho" not in h1 and "trước đó" not in h1
    assert "(chủ trì: Phòng Quản lý Báo chí; thời hạn: 15/06/2025)" in h1
    change = (
        "Từ ngày 01/07/2025, Phòng Quản lý Báo chí, Phòng Xuất bản chuyển việc cho Phòng Báo "
        "chí - Xuất bản (căn cứ: Quyết định sáp nhập phòng (ví dụ kiểm thử))."
    )
    assert change in q3
    assert (
        "Nhiệm vụ 4: Công bố TTHC lĩnh vực báo chí (chủ trì: Phòng Báo chí - Xuất bản (từ "
        "01/07/2025; trước đó: Phòng Quản lý Báo chí; căn cứ: Quyết định sáp nhập phòng (ví dụ "
        "kiểm thử)); thời hạn: 15/06/2025)" in q3
    )
    assert (
        "Nhiệm vụ 3: Tuyên truyền CCHC trên báo chí (chủ trì: Phòng Báo chí - Xuất bản (từ "
        "01/07/2025; trước đó: Văn phòng Sở; căn cứ: Thông báo phân công" in q3
    )
    # done before the merge: under the unit that did it
    assert "Nhiệm vụ 1: Rà soát TTHC lĩnh vực báo chí (chủ trì: Phòng Quản lý Báo chí;" in q3


def test_site_pages_before_and_after_the_merge(tmp_path: Path) -> None:
    for as_of, old_count in (("30/06/2025", 8), ("01/07/2025", 2)):
        out = tmp_path / as_of.replace("/", "-")
        _run("site", str(MERGE), "--as-of", as_of, "-o", str(out))
        page = (out / "don-vi" / "quan-ly-bao-chi.html").read_text(encoding="utf-8")
        assert f"Việc chủ trì ({old_count})" in page


def test_a_form_for_an_ended_unit_after_its_end_is_refused(tmp_path: Path) -> None:
    args = ["form", str(MERGE), "--period", "2025-Q3", "-o", str(tmp_path / "f")]
    result = runner.invoke(app, [*args, "--unit", "quan-ly-bao-chi"])
    assert result.exit_code == 2
    assert "hết hoạt động sau ngày 30/06/2025" in result.stderr
    assert "Phòng Báo chí - Xuất bản (bao-chi-xuat-ban)" in result.stderr
    assert not (tmp_path / "f").exists()
    made = _run(*args)
    assert "quan-ly-bao-chi" not in made and "bao-chi-xuat-ban.xlsx" in made


# A unit out of office for all of a period: its form and its report refused in the same
# words, but for what is refused ({what})
OUT_OF_OFFICE = [
    pytest.param(
        "2025-Q1",
        "bao-chi-xuat-ban",
        "Phòng Báo chí - Xuất bản (bao-chi-xuat-ban) hoạt động từ ngày 01/07/2025, không "
        "{what} kỳ Quý I/2025 (kỳ kết thúc ngày 31/03/2025); việc kỳ này của Phòng "
        "Quản lý Báo chí (quan-ly-bao-chi), Phòng Xuất bản (xuat-ban)",
        id="a new unit, a period ended before it began",
    ),
    pytest.param(
        "2025-Q3",
        "xuat-ban",
        "Phòng Xuất bản (xuat-ban) hết hoạt động sau ngày 30/06/2025, không {what} "
        "kỳ Quý III/2025 (kỳ bắt đầu ngày 01/07/2025); việc kỳ này của Phòng Báo chí - "
        "Xuất bản (bao-chi-xuat-ban)",
        id="an ended unit, a period begun after it ended",
    ),
]


@pytest.mark.parametrize(("period", "unit", "said"), OUT_OF_OFFICE)
def test_a_form_for_a_unit_out_of_office_all_the_period_is_refused(
    tmp_path: Path, period: str, unit: str, said: str
) -> None:
    # both ways round alike: the new unit's form of Q1 was written, empty, exit 0
    args = ["form", str(MERGE), "--period", period, "-o", str(tmp_path / "f"), "--unit", unit]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"parplan: --unit: {said.format(what='nhận biểu mẫu')}\n"
    assert not (tmp_path / "f").exists()
    # a period the new unit works part of (Q3 from its first day) is its form, not refused
    part = ["form", str(MERGE), "--period", "2025-H2", "-o", str(tmp_path / "g")]
    assert runner.invoke(app, [*part, "--unit", "bao-chi-xuat-ban"]).exit_code == 0


@pytest.mark.parametrize(("period", "unit", "said"), OUT_OF_OFFICE)
def test_a_report_for_a_unit_out_of_office_all_the_period_is_refused(
    period: str, unit: str, said: str
) -> None:
    # as its form is: the report was all zeros, exit 0
    args = ["report", str(MERGE), "--period", period, "-o", "-", "--date", "30/01/2026"]
    result = runner.invoke(app, [*args, "--unit", unit])
    assert result.exit_code == 2, result.output
    expected = f"parplan: --unit: {said.format(what='lập báo cáo')}\n"
    assert (result.stdout, result.stderr) == ("", expected)


@pytest.mark.parametrize(
    ("unit", "name"),
    [("bao-chi-xuat-ban", "PHÒNG BÁO CHÍ - XUẤT BẢN"), ("xuat-ban", "PHÒNG XUẤT BẢN")],
)
def test_a_report_of_a_period_the_unit_works_part_of_is_its_own(unit: str, name: str) -> None:
    args = ["report", str(MERGE), "--period", "2025", "-o", "-", "--date", "30/01/2026"]
    result = runner.invoke(app, [*args, "--unit", unit])
    assert result.exit_code == 0, result.output
    assert f"**{name}**" in result.stdout


def test_diff_says_when_and_to_whom_a_task_was_reassigned(tmp_path: Path) -> None:
    text = MERGE.read_text(encoding="utf-8")
    head, rest = text.split("    reassigned:\n", 1)
    before = tmp_path / "before.yaml"
    before.write_text(head + rest[rest.index("    deadline:") :], encoding="utf-8")
    said = _run("diff", str(before), str(MERGE))
    assert (
        "Nhiệm vụ 3: thêm giao lại chủ trì: từ 01/07/2025 cho bao-chi-xuat-ban (căn cứ: Thông "
        "báo phân công của Giám đốc Sở (ví dụ kiểm thử))" in said
    )
    later = tmp_path / "later.yaml"
    later.write_text(text.replace("since: 2025-07-01", "since: 2025-08-01"), encoding="utf-8")
    said = _run("diff", str(MERGE), str(later))
    assert "Nhiệm vụ 3: sửa từ ngày của giao lại chủ trì 1: 01/07/2025 → 01/08/2025" in said
    assert "Phòng Báo chí - Xuất bản: sửa ngày bắt đầu hoạt động: 01/07/2025 → 01/08/2025" in said


def test_new_from_gives_ended_units_work_to_their_successors_and_says_so() -> None:
    made = create_plan(file="2026.yaml", year=None, source=MERGE)
    plan = plan_from_text(made.text, "2026.yaml")
    assert {t.number: tuple(t.lead) for t in plan.tasks} == dict.fromkeys(
        (1, 2, 3, 4), ("bao-chi-xuat-ban",)
    )
    assert plan.tasks[1].coordinating == ["van-phong"]
    assert plan.tasks[2].reassigned == []  # the old year's history stays in the old plan
    assert plan.obligations[0].units == ["bao-chi-xuat-ban"]
    assert made.handovers == [
        "Phòng Quản lý Báo chí (quan-ly-bao-chi) hết hoạt động sau 30/06/2025: nhiệm vụ 1, "
        "nhiệm vụ 4, nghĩa vụ cong-khai-hang-thang giao cho Phòng Báo chí - Xuất bản "
        "(bao-chi-xuat-ban)",
        "Phòng Xuất bản (xuat-ban) hết hoạt động sau 30/06/2025: nhiệm vụ 2 giao cho Phòng Báo "
        "chí - Xuất bản (bao-chi-xuat-ban)",
        "nhiệm vụ 3: đã giao lại từ Văn phòng Sở (van-phong) cho Phòng Báo chí - Xuất bản "
        "(bao-chi-xuat-ban) trong năm cũ",
    ]
    # the units' own dates are history: not among the places left to review
    assert [w.where for w in made.leftovers] == ["chú thích"]


# --- an obligation owed by each member of a group, one member merged away -----------------

GROUP = """
  - id: cac-phong
    name: "Các phòng thuộc Sở"
    kind: group
    members: [van-phong, quan-ly-bao-chi, xuat-ban]
"""
QUARTERLY = """
  - id: bao-cao-quy
    title: "Báo cáo CCHC hằng quý"
    text: "Các phòng báo cáo hằng quý."
    units: [cac-phong]
    schedule: {every: quarter}
    records:
      - {period: 2025-Q2, completed: 2025-06-20, unit: quan-ly-bao-chi}
"""
Q = "obligation:bao-cao-quy:2025-"


@pytest.fixture(scope="module")
def group_plan() -> Plan:
    text = MERGE.read_text(encoding="utf-8").replace("units:\n", "units:" + GROUP, 1)
    text = text.replace("obligations:\n", "obligations:" + QUARTERLY, 1)
    return plan_from_text(text, "group.yaml")


@pytest.mark.parametrize(
    ("key", "as_of", "owed"),
    [
        (f"{Q}Q2", BEFORE, ("van-phong", "quan-ly-bao-chi", "xuat-ban")),
        # after: what a member did stays its own; what it had not done, its successor owes
        (f"{Q}Q2", AFTER, ("van-phong", "quan-ly-bao-chi", "bao-chi-xuat-ban")),
        (f"{Q}Q3", BEFORE, ("van-phong", "bao-chi-xuat-ban")),
        (f"{Q}Q3", AFTER, ("van-phong", "bao-chi-xuat-ban")),
    ],
)
def test_a_group_obligation_is_owed_by_the_members_valid_then(
    group_plan: Plan, key: str, as_of: date, owed: tuple[str, ...]
) -> None:
    assert _item(group_plan, key, as_of).owed == owed


def test_the_successor_sees_and_records_what_a_merged_member_owed(
    group_plan: Plan, tmp_path: Path
) -> None:
    assert {f"{Q}Q2", f"{Q}Q3"} <= _keys(group_plan, "bao-chi-xuat-ban", AFTER)
    assert f"{Q}Q3" not in _keys(group_plan, "xuat-ban", BEFORE)
    q3 = _form_keys(group_plan, "bao-chi-xuat-ban", Q3)
    assert f"{Q}Q3" in q3
    plan_file = tmp_path / "group.yaml"
    text = MERGE.read_text(encoding="utf-8").replace("units:\n", "units:" + GROUP, 1)
    plan_file.write_text(text.replace("obligations:\n", "obligations:" + QUARTERLY, 1))
    before = plan_file.read_bytes()
    record = ["record", "obligation", "bao-cao-quy", "-p", "2025-Q3", "--plan", str(plan_file)]
    refused = runner.invoke(app, [*record, "--unit", "xuat-ban", "--done", "20/09/2025"])
    assert refused.exit_code == 2, refused.output
    assert "Phòng Xuất bản (xuat-ban) hết hoạt động sau ngày 30/06/2025" in refused.stderr
    assert "hãy ghi cho Phòng Báo chí - Xuất bản (bao-chi-xuat-ban)" in refused.stderr
    assert plan_file.read_bytes() == before
    _run(*record, "--unit", "bao-chi-xuat-ban", "--done", "20/09/2025")
    assert _run("check", str(plan_file)).startswith(f"{plan_file}: hợp lệ")


ENDED_NOTE = (
    "Lưu ý: Phòng Quản lý Báo chí hết hoạt động sau ngày 30/06/2025 (căn cứ: Quyết định "
    "sáp nhập phòng (ví dụ kiểm thử)): việc chưa xong chuyển cho Phòng Báo chí - Xuất bản "
    "(bao-chi-xuat-ban); ở đây chỉ còn việc đơn vị đã làm\n"
)


@pytest.mark.parametrize(
    ("words", "after", "before"),
    [
        (["deadlines"], ["--as-of", "01/07/2025"], ["--as-of", "30/06/2025"]),
        (["status"], ["--as-of", "01/07/2025"], ["--as-of", "30/06/2025"]),
        # a report: the unit on the period's last day (or on --as-of, its cut-off), of a
        # period it worked part of (of one it worked no day of, the report is refused)
        (["report", "-o", "-", "--period"], ["2025"], ["2025-Q2"]),
        (["report", "-o", "-", "--period", "2025", "--as-of"], ["01/07/2025"], ["30/06/2025"]),
    ],
)
def test_a_view_of_an_ended_unit_says_where_its_work_went(
    words: list[str], after: list[str], before: list[str]
) -> None:
    args = [words[0], str(MERGE), "--unit", "quan-ly-bao-chi", *words[1:]]
    ended = runner.invoke(app, [*args, *after])
    assert ended.exit_code == 0 and ended.stderr == ENDED_NOTE
    active = runner.invoke(app, [*args, *before])
    assert active.exit_code == 0 and active.stderr == ""


def test_new_from_prints_each_unit_replaced(tmp_path: Path) -> None:
    out = tmp_path / "2026.yaml"
    said = _run("new", "--from", str(MERGE), "-o", str(out))
    assert (
        "Đơn vị đã thay đổi: Phòng Xuất bản (xuat-ban) hết hoạt động sau 30/06/2025: nhiệm vụ 2 "
        "giao cho Phòng Báo chí - Xuất bản (bao-chi-xuat-ban)\n" in said
    )
    assert _run("check", str(out)).startswith(f"{out}: hợp lệ")


def test_the_successor_form_records_what_it_took_over(tmp_path: Path) -> None:
    plan_file = tmp_path / "group.yaml"
    text = MERGE.read_text(encoding="utf-8").replace("units:\n", "units:" + GROUP, 1)
    plan_file.write_text(text.replace("obligations:\n", "obligations:" + QUARTERLY, 1))
    forms = tmp_path / "forms"
    _run("form", str(plan_file), "--period", "2025-Q3", "-o", str(forms))
    assert sorted(p.name for p in forms.iterdir()) == ["bao-chi-xuat-ban.xlsx", "van-phong.xlsx"]
    quarter = ("Nghĩa vụ", "bao-cao-quy", "Quý III/2025")
    task = ("Nhiệm vụ", 4)  # the merged unit's overdue task, now its successor's
    fill(
        forms / "bao-chi-xuat-ban.xlsx",
        {quarter: {"done": "25/09/2025"}, task: {"done": "10/07/2025"}},
    )
    _run("collect", str(forms / "bao-chi-xuat-ban.xlsx"), "--plan", str(plan_file))
    plan = load_plan(plan_file)
    records = next(o for o in plan.obligations if o.id == "bao-cao-quy").records
    assert (records[-1].period, records[-1].unit) == ("2025-Q3", "bao-chi-xuat-ban")
    assert (
        plan.tasks[3].progress is not None and str(plan.tasks[3].progress.completed) == "2025-07-10"
    )
    # the plan's Q3 occurrence: Văn phòng has not done it yet, its successor has
    held = _item(plan, f"{Q}Q3", D(2025, 9, 30))
    assert held.owed == ("van-phong", "bao-chi-xuat-ban")
    assert [r.unit for r in held.done_by] == ["bao-chi-xuat-ban"]
    assert _run("check", str(plan_file)).startswith(f"{plan_file}: hợp lệ")


def test_a_group_member_is_concerned_with_tasks_only_while_in_office(tmp_path: Path) -> None:
    # Thanh tra ends 30/04, Phòng Mới (joining the group) begins 01/05. The group coordinates
    # NV 1 (done 20/02) and NV 4 (due 30/06, open). As of 15/07 Thanh tra's view keeps what
    # it did, as the note on stderr says ("ở đây chỉ còn việc đơn vị đã làm"): NV 1, not NV 4;
    # Phòng Mới's has NV 4 and not NV 1, done before it existed; it has no Q1 form
    plan = tmp_path / "plan.yaml"
    text = PROGRESS.read_text(encoding="utf-8")
    text = text.replace(
        '  - id: thanh-tra\n    name: "Thanh tra Sở"\n',
        '  - id: thanh-tra\n    name: "Thanh tra Sở"\n    until: 2024-04-30\n'
        "    successor: phong-moi\n"
        '  - id: phong-moi\n    name: "Phòng Mới"\n    since: 2024-05-01\n',
    )
    text = text.replace(
        "members: [van-phong, to-chuc-phap-che, thanh-tra]",
        "members: [van-phong, to-chuc-phap-che, thanh-tra, phong-moi]",
    )
    text = text.replace("    coordinating: [van-phong]\n", "    coordinating: [cac-phong-don-vi]\n")
    plan.write_text(text, encoding="utf-8")

    def tasks(unit: str) -> dict[int, str]:
        result = runner.invoke(
            app, ["deadlines", str(plan), "--as-of", "2024-07-15", "--unit", unit, "--json"]
        )
        assert result.exit_code == 0, result.output
        return {r["number"]: r["state"] for r in json.loads(result.stdout) if r["kind"] == "task"}

    old, new = tasks("thanh-tra"), tasks("phong-moi")
    assert 1 in old and 4 not in old
    assert set(old.values()) <= {"done", "done_late"}  # what the note says is left there
    assert 4 in new and 1 not in new
    made = runner.invoke(
        app, ["form", str(plan), "--period", "2024-Q1", "-u", "phong-moi", "-o", str(tmp_path)]
    )
    assert made.exit_code == 2, made.output  # a quarter over before it began: no form
    assert "việc kỳ này của Thanh tra Sở (thanh-tra)" in made.stderr
