"""What `check` says of units that begin or end within the year (rules.handover): a task due
before its unit began (PP130) or done before it (PP131), work left to a group whose members have all ended (PP126)."""

from __future__ import annotations

import pytest

from parplan.core.errors import PlanInvalid
from parplan.document.loader import plan_from_text

from .conftest import DATA

MERGE = (DATA / "plans" / "valid" / "merge-2025.yaml").read_text(encoding="utf-8")
GROUP = """  - id: cac-phong
    name: "Các phòng thuộc Sở"
    kind: group
    members: [{members}]
areas:
"""
NO_SUCCESSOR = ("    successor: bao-chi-xuat-ban\n", "")  # neither merged unit has one
TASK_2_ELSEWHERE = ("lead: [xuat-ban]", "lead: [van-phong]")  # only the obligation is left


def _variant(*edits: tuple[str, str]) -> str:
    text = MERGE
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _group(members: str) -> tuple[str, str]:
    return ("areas:\n", GROUP.format(members=members))


OWED_BY_GROUP = ("    units: [quan-ly-bao-chi]\n", "    units: [cac-phong]\n")


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        pytest.param(MERGE, [], id="the merge as written"),
        pytest.param(
            _variant(("lead: [xuat-ban]", "lead: [bao-chi-xuat-ban]")),
            [],
            id="the new unit leads a task due after it began",
        ),
        pytest.param(
            _variant(
                (
                    '    lead: [quan-ly-bao-chi]\n    deadline: {text: "Ngày 15/06/2025"',
                    '    lead: [bao-chi-xuat-ban]\n    deadline: {text: "Ngày 15/06/2025"',
                ),
            ),
            ["PP130"],
            id="the new unit leads a task due before it began",
        ),
        pytest.param(
            _variant(
                ("lead: [xuat-ban]", "lead: [bao-chi-xuat-ban]"),
                (
                    '{text: "Quý III/2025", by: 2025-Q3}\n',
                    '{text: "Quý III/2025", by: 2025-Q3}\n'
                    "    progress: {status: done, completed: 2025-06-20}\n",
                ),
            ),
            ["PP131"],
            id="the new unit leads a task done before it began",
        ),
        pytest.param(
            _variant(
                (
                    '{text: "Năm 2025", by: 2025}\n',
                    '{text: "Năm 2025", by: 2025}\n'
                    "    progress: {status: done, completed: 2025-06-20}\n",
                ),
            ),
            [],
            id="a task done before it is reassigned to the new unit",
        ),
        pytest.param(
            _variant(
                ("    units: [quan-ly-bao-chi]\n", "    units: [bao-chi-xuat-ban]\n"),
                (
                    "{period: 2025-05, completed: 2025-05-30}",
                    "{period: 2025-07, completed: 2025-06-20}",
                ),
            ),
            ["PP131"],
            id="the new unit's obligation, its occurrence done before it began",
        ),
        pytest.param(
            _variant(_group("quan-ly-bao-chi, xuat-ban"), OWED_BY_GROUP),
            [],
            id="a group's members end, their successor takes their share",
        ),
        pytest.param(
            _variant(
                _group("quan-ly-bao-chi, xuat-ban"), OWED_BY_GROUP, NO_SUCCESSOR, TASK_2_ELSEWHERE
            ),
            ["PP126"],
            id="a group's members all end, none taking over",
        ),
        pytest.param(
            _variant(_group("van-phong, xuat-ban"), OWED_BY_GROUP, NO_SUCCESSOR, TASK_2_ELSEWHERE),
            [],
            id="one member ends, another still owes it",
        ),
    ],
)
def test_units_that_begin_or_end(text: str, codes: list[str]) -> None:
    try:
        plan_from_text(text, "merge.yaml")
    except PlanInvalid as invalid:
        assert [p.code for p in invalid.problems] == codes
    else:
        assert codes == []
