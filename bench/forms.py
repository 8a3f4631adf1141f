"""Benchmark inputs for `form` and `collect`: the forms of a plan, up to 100 of them filled
as units would (a few task rows, an obligation), made once per size outside the timing."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

from parplan.core.periods import parse_period
from parplan.document.loader import plan_from_text, read_plan_text
from parplan.forms.build import write_forms
from parplan.forms.layout import FIRST_ROW, OBLIGATIONS, TASKS

PERIOD = "2024-Q2"
FILLED_FORMS = 100
TASK_ROWS = 5  # filled task rows per form


def _column(spec_columns: tuple[object, ...], key: str) -> int:
    return next(i for i, c in enumerate(spec_columns, start=1) if getattr(c, "key", "") == key)


def filled_forms(plan: Path, work: Path) -> list[Path]:
    """Up to FILLED_FORMS filled forms of ``plan`` (cached in ``work``). A task shared by a
    lead and a coordinating unit gets the same answer from both, as agreeing units give."""
    folder = work / f"filled-{plan.stem}"
    if folder.is_dir():
        return sorted(folder.glob("*.xlsx"))
    text = read_plan_text(plan)
    loaded = plan_from_text(text, str(plan))
    made = write_forms(loaded, text, plan.name, parse_period(PERIOD), None, folder)
    paths = sorted(path for path, _ in made)
    for extra in paths[FILLED_FORMS:]:
        extra.unlink()
    for path in paths[:FILLED_FORMS]:
        _fill(path)
    return paths[:FILLED_FORMS]


def _fill(path: Path) -> None:
    wb = load_workbook(path)
    tasks = wb[TASKS.name]
    state, note = _column(TASKS.columns, "state"), _column(TASKS.columns, "note")
    for row in range(FIRST_ROW, min(tasks.max_row, FIRST_ROW + TASK_ROWS - 1) + 1):
        number = tasks.cell(row, 1).value
        tasks.cell(row, state, "Đang thực hiện")
        tasks.cell(row, note, f"Báo cáo quý II: nhiệm vụ {number} đang triển khai")
    duties = wb[OBLIGATIONS.name]
    if duties.max_row >= FIRST_ROW:
        duties.cell(FIRST_ROW, _column(OBLIGATIONS.columns, "done"), "28/06/2024")
    wb.save(path)


def fresh_plan(plan: Path, copy: Path) -> None:
    shutil.copyfile(plan, copy)
