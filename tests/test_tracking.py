"""Task states as of a date, recurrence expansion and the unit filter."""

from __future__ import annotations

from datetime import date

import pytest

from parplan.core.errors import UsageError
from parplan.core.model import Plan
from parplan.core.text import fold
from parplan.document.loader import load_plan
from parplan.tracking.items import occurrences, plan_items, snapshot, state_of
from parplan.tracking.typed import pick_area
from parplan.tracking.units import concerned_ids, find_unit

from .conftest import DATA, PLAN_2024

D = date
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"


@pytest.mark.parametrize(
    ("due", "status", "completed", "as_of", "within", "state"),
    [
        # done on time, on the due day, late; completion after as-of is not yet done
        (D(2024, 3, 31), "done", D(2024, 3, 20), D(2024, 4, 1), 14, "done"),
        (D(2024, 3, 31), "done", D(2024, 3, 31), D(2024, 3, 31), 14, "done"),
        (D(2024, 3, 31), "done", D(2024, 4, 1), D(2024, 4, 2), 14, "done_late"),
        (D(2024, 3, 31), "done", D(2024, 4, 10), D(2024, 4, 2), 14, "overdue"),
        (D(2024, 3, 31), "done", D(2024, 3, 20), D(2024, 3, 1), 14, "upcoming"),
        (None, "done", D(2024, 3, 20), D(2024, 4, 1), 14, "done"),
        # overdue the day after the due date, due soon up to and including the due day
        (D(2024, 3, 31), "not_started", None, D(2024, 4, 1), 14, "overdue"),
        (D(2024, 3, 31), "in_progress", None, D(2024, 4, 1), 14, "overdue"),
        (D(2024, 3, 31), "not_started", None, D(2024, 3, 31), 14, "due_soon"),  # due today
        (D(2024, 3, 31), "not_started", None, D(2024, 3, 30), 14, "due_soon"),  # tomorrow
        (D(2024, 3, 31), "not_started", None, D(2024, 3, 17), 14, "due_soon"),  # window edge
        (D(2024, 3, 31), "not_started", None, D(2024, 3, 16), 14, "upcoming"),  # just outside
        (D(2024, 3, 31), "not_started", None, D(2024, 3, 30), 0, "upcoming"),
        (D(2024, 3, 31), "not_started", None, D(2024, 3, 31), 0, "due_soon"),
        (D(2024, 2, 29), "not_started", None, D(2024, 2, 29), 14, "due_soon"),  # leap day
        (D(2024, 2, 29), "not_started", None, D(2024, 3, 1), 14, "overdue"),
        (D(2024, 12, 31), "not_started", None, D(2024, 12, 31), 14, "due_soon"),  # year end
        (D(2024, 12, 31), "not_started", None, D(2025, 1, 1), 14, "overdue"),
        (None, "not_started", None, D(2024, 6, 1), 14, "no_deadline"),
        (None, "in_progress", None, D(2024, 6, 1), 14, "no_deadline"),
        (D(2024, 3, 31), "cancelled", None, D(2024, 6, 1), 14, "cancelled"),
        (None, "cancelled", None, D(2024, 6, 1), 14, "cancelled"),
    ],
)
def test_state_of(
    due: date | None,
    status: str,
    completed: date | None,
    as_of: date,
    within: int,
    state: str,
) -> None:
    assert state_of(due, status, completed, as_of, within) == state


@pytest.fixture(scope="module")
def plan2024() -> Plan:
    return load_plan(PLAN_2024)


@pytest.fixture(scope="module")
def progress_plan() -> Plan:
    return load_plan(PROGRESS)


@pytest.mark.parametrize(
    ("obligation", "count", "first_due", "last_due"),
    [
        ("cong-khai-hang-thang", 12, D(2024, 1, 31), D(2024, 12, 31)),
        ("tuyen-truyen-truc-tuyen", 4, D(2024, 3, 31), D(2024, 12, 31)),
        ("doi-thoai", 2, D(2024, 6, 30), D(2024, 12, 31)),
        ("ke-hoach-don-vi", 1, D(2024, 2, 9), D(2024, 2, 9)),
        ("bao-cao-dinh-ky", 4, D(2024, 2, 29), D(2024, 10, 31)),
        ("kiem-tra-hang-nam", 1, D(2024, 12, 31), D(2024, 12, 31)),
        ("cong-bo-tthc", 1, None, None),  # event-driven: no fixed date
    ],
)
def test_recurrence_expansion(
    plan2024: Plan, obligation: str, count: int, first_due: date | None, last_due: date | None
) -> None:
    ob = next(o for o in plan2024.obligations if o.id == obligation)
    dues = [due for _, due in occurrences(ob, 2024)]
    assert len(dues) == count
    assert (dues[0], dues[-1]) == (first_due, last_due)


def test_every_state_is_reachable_from_the_fixture(progress_plan: Plan) -> None:
    states = {}
    for as_of in (D(2024, 3, 10), D(2024, 4, 5), D(2024, 6, 20)):
        for row in snapshot(plan_items(progress_plan), as_of).rows:
            states.setdefault(row.state, row.item.key)
    assert set(states) == {
        "done",
        "done_late",
        "overdue",
        "due_soon",
        "upcoming",
        "no_deadline",
        "cancelled",
    }


def test_occurrence_records_mark_done(progress_plan: Plan) -> None:
    rows = {r.item.key: r for r in snapshot(plan_items(progress_plan), D(2024, 3, 10)).rows}
    assert rows["obligation:cong-khai-hang-thang:2024-01"].state == "done"
    assert rows["obligation:cong-khai-hang-thang:2024-02"].state == "done_late"
    assert rows["obligation:cong-khai-hang-thang:2024-02"].days == -4
    assert rows["task:3"].days == 21


def test_snapshot_sorted_by_due_date(plan2024: Plan) -> None:
    dues = [r.item.due or D.max for r in snapshot(plan_items(plan2024), D(2024, 6, 20)).rows]
    assert dues == sorted(dues)


@pytest.mark.parametrize(
    ("query", "unit"),
    [
        ("van-phong", "van-phong"),
        ("van phong", "van-phong"),
        ("Văn phòng Sở", "van-phong"),
        ("VĂN PHÒNG", "van-phong"),
        ("to chuc phap che", "to-chuc-phap-che"),
        ("Phòng Tài chính Kế hoạch", "ke-hoach-tai-chinh"),  # an alias as the appendix spells it
        ("thanh tra", "thanh-tra"),
        ("so noi vu", "so-noi-vu"),
    ],
)
def test_find_unit(plan2024: Plan, query: str, unit: str) -> None:
    assert find_unit(plan2024, query) == unit


def test_unknown_unit_lists_the_known_ones(plan2024: Plan) -> None:
    with pytest.raises(
        UsageError, match=r"không có đơn vị 'phong xyz'.*van-phong \(Văn phòng Sở\)"
    ):
        find_unit(plan2024, "phong xyz")


def test_ambiguous_unit(plan2024: Plan) -> None:
    with pytest.raises(UsageError, match="khớp nhiều đơn vị"):
        find_unit(plan2024, "ubnd")


@pytest.mark.parametrize(
    ("query", "area"),
    [
        ("chi-dao-dieu-hanh", "chi-dao-dieu-hanh"),  # its own id, as the error lists it
        ("the-che", "the-che"),
        ("2", "the-che"),
        ("Cải cách thể chế", "the-che"),
        ("chinh quyen so", "chinh-quyen-so"),
        ("chung", None),
    ],
)
def test_pick_area_matches_as_units_do(plan2024: Plan, query: str, area: str | None) -> None:
    assert pick_area(plan2024, query) == area


def test_ambiguous_area(plan2024: Plan) -> None:
    with pytest.raises(UsageError, match=r"'cải cách' khớp nhiều lĩnh vực.*hãy dùng mã"):
        pick_area(plan2024, "cải cách")


def test_unit_concerns_its_groups(plan2024: Plan) -> None:
    ids = concerned_ids(plan2024, "thanh-tra")
    assert ids == {"thanh-tra", "cac-phong-don-vi"}


def test_fold() -> None:
    assert fold("Đội ngũ CÁN BỘ") == "doi ngu can bo"
