"""`parplan diff`: the changes it used to miss, and the CLI's --git edge cases."""

from __future__ import annotations

from parplan.loader import plan_from_text
from parplan.plandiff import Change, diff_plans

from .conftest import PLAN_2024

BASE = PLAN_2024.read_text(encoding="utf-8")
DONE = (
    "    progress: null",
    "    progress: {status: done, completed: 2024-02-20, evidence: Kế hoạch số 45/KH-SVHTT}",
)
VALUE = (
    "      value: 85\n      unit: percent\n    values: []",
    '      value: 85\n      unit: percent\n    values:\n      - {period: "2024", value: 86.2}',
)
NEW_AREA = (
    "indicators:\n",
    '  - id: linh-vuc-moi\n    number: 8\n    title: "Lĩnh vực thử"\nindicators:\n',
)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _diff(old_text: str, new_text: str) -> list[Change]:
    return diff_plans(plan_from_text(old_text, "cũ"), plan_from_text(new_text, "mới"))


def test_removed_task_progress_is_reported() -> None:
    changes = _diff(_edit(BASE, *DONE), BASE)
    assert [(c.group, c.ref) for c in changes] == [("progress", "task:1")]
    (change,) = changes
    assert change.old["status"] == "done" and change.new is None
    assert change.message.startswith("Nhiệm vụ 1: bỏ")


def test_removed_indicator_value_is_reported() -> None:
    changes = _diff(_edit(BASE, *VALUE), BASE)
    assert [(c.group, c.ref) for c in changes] == [("progress", "indicator:sipas")]
    (change,) = changes
    assert change.old["value"] == 86.2 and change.new is None
    assert "86,2%" in change.message and "Năm 2024" in change.message


def test_added_area_is_reported() -> None:
    changes = _diff(BASE, _edit(BASE, *NEW_AREA))
    assert [(c.group, c.ref) for c in changes] == [("other", "area:linh-vuc-moi")]
    (change,) = changes
    assert change.old is None and change.new["title"] == "Lĩnh vực thử"
    assert "Lĩnh vực thử" in change.message
