"""Done ⇔ completed, one rule for check, record and collect: for every status, with and
without a completion date, the three accept or refuse alike, in the same words (each names
the fields as its user writes them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bench.fill import fill

from parplan.core.errors import UsageError
from parplan.document.loader import check_file, load_plan
from parplan.editing.record import record_task

from .conftest import MINIMAL
from .test_forms import collect, forms, made_forms, plan  # noqa: F401 (fixtures)

STATUSES = {
    "not_started": "Chưa bắt đầu",
    "in_progress": "Đang thực hiện",
    "done": "Hoàn thành",
    "cancelled": "Hủy",
}
CASES = [(s, d) for s in STATUSES for d in (None, date(2024, 3, 1))]
SENTENCES = ("trạng thái hoàn thành (", "ngày hoàn thành (")


def refusal(status: str, completed: date | None) -> str:
    """The rule, as this test states it: the opening words of the refusal, "" when accepted."""
    if status == "done" and completed is None:
        return SENTENCES[0]
    return SENTENCES[1] if status != "done" and completed is not None else ""


def opening(message: str) -> str:
    """Which half of the rule a message states (its opening words), or "" for none."""
    return next((s for s in SENTENCES if s in message), "")


def check_says(tmp_path: Path, status: str, completed: date | None) -> str:
    extra = f", completed: {completed.isoformat()}" if completed else ""
    text = MINIMAL.read_text(encoding="utf-8") + f"    progress: {{status: {status}{extra}}}\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(path)
    return " ".join(p.message for p in result.problems)


def record_says(status: str, completed: date | None) -> str:
    plan_ = load_plan(MINIMAL)
    done = completed.strftime("%d/%m/%Y") if completed else None
    try:
        record_task(plan_, 3, today=date(2024, 6, 1), status=status, done=done)
    except UsageError as exc:
        return str(exc)
    return ""


@pytest.mark.parametrize(("status", "completed"), CASES)
def test_check_and_record_apply_one_rule(
    tmp_path: Path, status: str, completed: date | None
) -> None:
    expected = refusal(status, completed)
    assert opening(check_says(tmp_path, status, completed)) == expected
    assert opening(record_says(status, completed)) == expected


@pytest.mark.parametrize(("status", "completed"), CASES)
def test_collect_applies_the_same_rule(
    plan: Path,  # noqa: F811
    forms: Path,  # noqa: F811
    status: str,
    completed: date | None,
) -> None:
    """A form's row for a task not yet recorded: refused exactly when check would refuse the
    same pair in the plan."""
    expected = refusal(status, completed)
    cells: dict[str, object] = {"state": STATUSES[status]}
    if completed:
        cells["done"] = completed.strftime("%d/%m/%Y")
    fill(forms / "van-phong.xlsx", {("Nhiệm vụ", 1): cells})
    result = collect(plan, forms / "van-phong.xlsx")
    assert result.exit_code == (1 if expected else 0), result.output
    assert opening(result.stderr) == expected, result.stderr
