"""The dated unit registry: who answers for an item on a date (merges, splits, reassignment)."""

from __future__ import annotations

from datetime import date

import pytest

from parplan.dashboard import unit_items
from parplan.document.loader import load_plan, plan_from_text
from parplan.model import Plan
from parplan.tracking import Item, plan_items

from .conftest import DATA

D = date
MERGE = DATA / "plans" / "valid" / "merge-2025.yaml"
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
