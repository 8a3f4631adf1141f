"""Collecting a filled self-scoring workbook into the plan (``par_index.scores``), as `record`
writes: every cell checked first (a score above its maximum, negative, off the table's step,
given to an item not applicable, or with neither evidence nor explanation; a text where a
number belongs; a changed STT or maximum; a workbook of another table), each problem located
``FILE.xlsx!Sheet!G12``; on any problem nothing is written. The scores go in through the plan
document's edits: locked, atomic, comments and untouched lines kept."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from parplan.core.criteria import CriteriaTable, Leaf, leaf_map
from parplan.core.errors import CellProblem, FormsRejected, ImportRefused
from parplan.core.model import Plan
from parplan.core.numbers import NumberProblem, format_number, parse_value
from parplan.core.sections import IndexScore
from parplan.core.text import says_something
from parplan.document.change import Change, Outcome
from parplan.document.edits import AppendToList, Edit, SetField
from parplan.index.rows import SourceRow, open_workbook, sheet_rows
from parplan.index.workbook import FORMAT, META_SHEET, NOT_APPLICABLE, SHEET, table_digest

FIELDS = ("score", "data", "evidence", "explanation")
_COLUMNS = {"data": 3, "evidence": 5, "score": 6, "explanation": 7}


@dataclass
class Filled:
    """What a workbook holds: its tie to a table and, per scored item, its row."""

    file: str
    meta: dict[str, str] = field(default_factory=dict)
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    # cells holding a formula the file keeps no computed value of (a workbook saved by a
    # program that does not calculate), read as empty; and the merged ranges: both would
    # silently clear or drop a score
    uncomputed: frozenset[str] = frozenset()
    merged: tuple[str, ...] = ()


def read_filled(path: Path) -> Filled:
    filled = Filled(str(path))
    try:
        wb = open_workbook(path)
    except ImportRefused as exc:
        filled.problems.append(CellProblem(str(path), None, None, exc.why, "PP306"))
        return filled
    try:
        if SHEET not in wb.sheetnames or META_SHEET not in wb.sheetnames:
            why = f"không phải biểu tự chấm điểm do parplan lập (thiếu trang {SHEET})"
            filled.problems.append(CellProblem(str(path), None, None, why, "PP306"))
            return filled
        for row in sheet_rows(path, wb[META_SHEET]):
            filled.meta[row.text(0)] = row.text(1)
        filled.rows = sheet_rows(path, wb[SHEET])
        filled.uncomputed, filled.merged = _cell_marks(wb[SHEET])
    except ImportRefused as exc:
        filled.problems.append(CellProblem(str(path), None, None, exc.why, "PP306"))
    finally:
        wb.close()
    return filled


def _cell_marks(ws: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    """The sheet's formula cells without a stored value, and its merged ranges, read from
    its XML (openpyxl's read-only sheet, which ``sheet_rows`` streamed, tells neither)."""
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    cell, formula, value, merge = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("c", "f", "v", "mergeCell"))
    uncomputed: set[str] = set()
    merged: list[str] = []
    source = ws._get_source()  # the sheet's XML, as openpyxl's own reader opens it
    try:
        for _, node in iterparse(source):
            if node.tag == cell:
                if node.find(formula) is not None and not (node.findtext(value) or "").strip():
                    uncomputed.add(node.get("r") or "")
                node.clear()
            elif node.tag == merge:
                merged.append(node.get("ref") or "")
    finally:
        source.close()
    return frozenset(uncomputed), tuple(merged)


@dataclass
class _Check:
    filled: Filled
    plan: Plan
    table: CriteriaTable
    problems: list[CellProblem]
    # the score cells holding a number as text ("0,75"): read, but left out of the sheet's sums
    as_text: list[str] = field(default_factory=list)

    def problem(self, row: SourceRow, column: int, message: str) -> None:
        sheet, cell = row.cell(column)
        self.problems.append(CellProblem(self.filled.file, sheet, cell, message, "PP306"))

    def unread(self, row: SourceRow) -> bool:
        """Whether a cell the row is filled in is merged with others or a formula with no
        value kept (each said); such a cell reads as empty, which would clear its field."""
        from openpyxl.worksheet.cell_range import CellRange

        found = False
        for column in _COLUMNS.values():
            coordinate = row.cell(column)[1]
            ranges = [r for r in self.filled.merged if coordinate in CellRange(r)]
            if ranges:
                self.problem(row, column, f"ô nằm trong vùng ô gộp {ranges[0]}: đừng gộp ô "
                             "của biểu, mỗi mục ghi trong ô của mình")  # fmt: skip
            elif coordinate in self.filled.uncomputed:
                self.problem(row, column, "ô có công thức nhưng tệp không lưu giá trị đã tính: "
                             "ghi thẳng số, hoặc mở rồi lưu lại bằng Excel, LibreOffice")  # fmt: skip
            found = found or bool(ranges) or coordinate in self.filled.uncomputed
        return found


def scores_in(
    filled: Filled, plan: Plan, table: CriteriaTable
) -> tuple[list[IndexScore], list[str]]:
    """The scores the workbook gives, each cell checked, and the score cells holding a number
    as text; FormsRejected listing every problem."""
    check = _Check(filled, plan, table, list(filled.problems))
    if not check.problems:
        _tie(check)
    found: dict[str, IndexScore] = {}
    if not check.problems:
        leaves = leaf_map(table)
        for row in filled.rows:
            leaf = leaves.get(row.text(0))
            if leaf is None:
                continue
            if leaf.number in found:
                check.problem(row, 0, f"mục {leaf.number} có hai dòng")
                continue
            if check.unread(row):
                continue
            score = _row(check, row, leaf)
            if score is not None:
                found[leaf.number] = score
        missing = [n for n in leaves if n not in found and not _listed(filled, n)]
        for number in missing:
            why = f"thiếu dòng của mục {number}: đừng xóa dòng của biểu"
            check.problems.append(CellProblem(filled.file, SHEET, None, why, "PP306"))
    if check.problems:
        raise FormsRejected(check.problems)
    return list(found.values()), check.as_text


def _listed(filled: Filled, number: str) -> bool:
    return any(row.text(0) == number for row in filled.rows)


def _tie(check: _Check) -> None:
    meta = check.filled.meta
    where = (check.filled.file, META_SHEET, None)
    if meta.get("format") != FORMAT:
        why = "không phải biểu tự chấm điểm do parplan lập, hoặc của phiên bản khác"
        check.problems.append(CellProblem(*where, why, "PP306"))
    elif meta.get("criteria_digest") != table_digest(check.table):
        why = (
            f"biểu lập theo bộ tiêu chí khác (hoặc bộ tiêu chí {meta.get('criteria')} đã sửa "
            "từ khi lập biểu): hãy lập biểu mới bằng parplan index form"
        )
        check.problems.append(CellProblem(*where, why, "PP306"))


def _row(check: _Check, row: SourceRow, leaf: Leaf) -> IndexScore | None:
    """The row's score, or None when it scores nothing (left empty, or not applicable)."""
    na = check.plan.par_index is not None and leaf.number in check.plan.par_index.not_applicable
    maximum = row.values[2] if len(row.values) > 2 else None
    if not isinstance(maximum, int | float) or float(maximum) != leaf.item.points:
        check.problem(row, 2, f"điểm tối đa của mục {leaf.number} đã bị sửa (bảng ghi "
                      f"{format_number(leaf.item.points)})")  # fmt: skip
        return None
    texts = {k: row.text(c) or None for k, c in _COLUMNS.items() if k != "score"}
    raw = row.values[6] if len(row.values) > 6 else None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return IndexScore(criterion=leaf.number, score=None, **texts)
    if isinstance(raw, str) and raw.strip() == NOT_APPLICABLE:
        if not na:
            check.problem(row, 6, f"mục {leaf.number} áp dụng cho cơ quan (kế hoạch không ghi "
                          "nó trong par_index.not_applicable): hãy chấm điểm")  # fmt: skip
        return None
    score = _number(check, row, raw)
    if score is None:
        return None
    from parplan.rules.index import score_problem

    why = score_problem(
        leaf,
        check.table.step,
        score,
        explained=says_something(texts["evidence"], texts["explanation"]),
        not_applicable=na,
    )
    if why:
        check.problem(row, 6, why)
        return None
    return IndexScore(criterion=leaf.number, score=score, **texts)


def _number(check: _Check, row: SourceRow, raw: Any) -> float | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        check.problem(row, 6, "điểm tự chấm phải là một số, ví dụ 0,75")
        return None
    if isinstance(raw, int | float):
        if not math.isfinite(raw):  # a cell of 1e999 (no spreadsheet makes one)
            check.problem(row, 6, "điểm tự chấm phải là một số hữu hạn, ví dụ 0,75")
            return None
        return float(raw)
    try:
        score = parse_value(raw, "điểm tự chấm")
        check.as_text.append(row.cell(6)[1])
        return score
    except NumberProblem as exc:
        check.problem(row, 6, exc.message)
        return None


def score_edits(plan: Plan, scores: list[IndexScore], as_text: list[str] | None = None) -> Change:
    """The edits that make ``par_index.scores`` hold ``scores``: a score already listed has
    its changed fields set; a new one, with a score given, is appended. A row left empty for
    an item not yet scored adds nothing. The summary names the score cells ``as_text`` (read,
    but the workbook's own sums leave them out: its totals disagree with parplan's)."""
    assert plan.par_index is not None
    at = {s.criterion: i for i, s in enumerate(plan.par_index.scores)}
    edits: list[Edit] = []
    new: list[dict[str, Any]] = []
    changed = 0
    for score in scores:
        if score.criterion not in at:
            if score.score is not None:
                new.append(score.model_dump(exclude_none=True))
            continue
        old = plan.par_index.scores[at[score.criterion]]
        fields = [f for f in FIELDS if getattr(old, f) != getattr(score, f)]
        changed += bool(fields)
        path = ("par_index", "scores", at[score.criterion])
        edits += [SetField(path, f, getattr(score, f)) for f in fields]
    if new:
        edits.append(AppendToList(("par_index",), "scores", tuple(new)))
    summary = f"{format_number(len(new))} mục chấm mới, {format_number(changed)} mục sửa"
    if as_text:
        summary += (
            f"; {format_number(len(as_text))} ô điểm ghi dạng chữ ({', '.join(as_text)}): đã "
            "đọc, nhưng tổng trong bảng tính không cộng các ô này, hãy gõ lại dạng số"
        )
    return Change(tuple(edits), summary)


def collect(
    plan_path: Path,
    workbook: Path,
    *,
    today: date,
    dry_run: bool = False,
    waiting: Callable[[str], None] | None = None,
) -> Outcome:
    """Check the workbook against the plan as it is on disk and its criteria table, then
    record every score in one write (or, with ``dry_run``, compute the diff only)."""
    from parplan.core.errors import UsageError
    from parplan.document.change import edit_plan
    from parplan.document.loader import load_criteria
    from parplan.rules.index import criteria_file

    filled = read_filled(workbook)

    def plan_change(plan: Plan, text: str) -> Change:
        where = criteria_file(plan, str(plan_path))
        if where is None:
            raise UsageError(f"{plan_path}: kế hoạch chưa ghi bộ tiêu chí (par_index.criteria)")
        return score_edits(plan, *scores_in(filled, plan, load_criteria(where)))

    return edit_plan(plan_path, plan_change, today=today, dry_run=dry_run, waiting=waiting)
