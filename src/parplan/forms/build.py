"""Writing a unit's form as an Excel workbook (openpyxl): three sheets a unit fills in, and a
hidden sheet tying the form to the plan it was made from."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import RowDimension

from parplan.core.errors import UsageError
from parplan.core.model import Plan
from parplan.core.periods import Period
from parplan.forms.layout import (
    ASSESSMENT_CHOICES,
    FIRST_ROW,
    FORMAT_VERSION,
    META_SHEET,
    SHEETS,
    STATE_CHOICES,
    TIE_HEADER,
    Column,
    Form,
    Row,
    SheetSpec,
    TaskIndex,
    build_form,
    form_units,
    plan_hash,
)
from parplan.render.sheets import (
    FORMULA_START,
    print_setup,
    row_height,
    shown_in_cell,
    styled_cell,
    text_cell,
)
from parplan.tracking.handover import refuse_out_of_office

DATE_FORMAT = "DD/MM/YYYY"
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=12)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)

HINTS = {
    "task": "Điền các ô tô màu vàng. Trạng thái mới: chọn trong danh sách; Hoàn thành cần ngày "
    "hoàn thành (dd/mm/yyyy) và nên kèm tài liệu kiểm chứng. Để trống nếu không thay đổi.",
    "indicator": "Điền Giá trị (ví dụ 86,2) hoặc Tử số và Mẫu số (ví dụ 1.245 và 1.250) cho kỳ "
    "này; chỉ tiêu định tính: chọn Đánh giá. Để trống nếu chưa có số liệu.",
    "obligation": "Điền Ngày hoàn thành (dd/mm/yyyy) cho mỗi lần đã thực hiện trong kỳ, kèm tài "
    "liệu kiểm chứng. Để trống nếu chưa thực hiện.",
}


def workbook_bytes(plan: Plan, form: Form, *, plan_file: str, plan_hash: str) -> bytes:
    """The form as .xlsx bytes. Written in openpyxl's write-only (streaming) mode: forms for
    every unit of a large plan are hundreds of thousands of cells."""
    wb = Workbook(write_only=True)
    for spec in SHEETS:
        _sheet(wb.create_sheet(spec.name), spec, form, plan)
    _meta_sheet(wb.create_sheet(META_SHEET), plan, form, plan_file, plan_hash)
    wb.properties.title = shown_in_cell(f"Biểu mẫu báo cáo tiến độ CCHC — {form.unit_name}")
    wb.properties.subject = form.period.label
    wb.properties.creator = "parplan"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# A spreadsheet reads text starting with these as a formula (OWASP, "CSV injection")
def _texts(ws: Any, values: Sequence[Any]) -> list[Cell]:
    return [text_cell(ws, v) for v in values]


def _height(ws: Any, number: int, cells: Iterable[tuple[Any, float]]) -> None:
    height = row_height(cells)
    if height is not None:
        ws.row_dimensions[number] = RowDimension(ws, index=number, ht=height, customHeight=True)


def _sheet(ws: Any, spec: SheetSpec, form: Form, plan: Plan) -> None:
    rows = form.rows[spec.name]
    for index, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.column_dimensions[get_column_letter(len(spec.columns) + 1)].hidden = True
    ws.freeze_panes = spec.freeze
    last = FIRST_ROW + max(len(rows), 1) - 1
    print_setup(ws, len(spec.columns), last, header_row=FIRST_ROW - 1)
    _height(ws, FIRST_ROW - 1, ((c.header, c.width) for c in spec.columns))
    for number, row in enumerate(rows, start=FIRST_ROW):
        _height(ws, number, ((row.values[c.key], c.width) for c in spec.columns if not c.editable))
    _validations(ws, spec.columns, last, form.period.year)
    ws.protection.sheet = True  # no password: it guards against slips, not against people
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    title = f"{spec.name} — {form.unit_name} — {form.period.label} — {plan.plan.title}"
    ws.append([styled_cell(ws, title, font=_TITLE)])
    ws.append(_texts(ws, [HINTS[spec.item]]))
    ws.append(
        [
            *(
                styled_cell(ws, c.header, font=_BOLD, fill=_HEADER_FILL, alignment=_WRAP)
                for c in spec.columns
            ),
            text_cell(ws, TIE_HEADER),
        ]
    )
    styles: list[Any] = []
    for row in rows:
        ws.append(_row(ws, spec.columns, row, styles))


def _row(ws: Any, columns: Sequence[Column], row: Row, styles: list[Any]) -> list[Cell]:
    """One data row. The first row's cells are styled through openpyxl's setters; later rows
    copy their style arrays (openpyxl's own way of copying a style: setting each attribute
    hashes the style objects, most of the time for 200 forms)."""
    cells = []
    for index, column in enumerate(columns):
        value = None if column.editable else row.values[column.key]
        cell = text_cell(ws, value)
        if len(styles) == len(columns):
            cell._style = copy(styles[index])  # type: ignore[attr-defined]
            cell.quotePrefix = isinstance(value, str) and value.startswith(FORMULA_START)
        else:
            if column.kind == "date":
                cell.number_format = DATE_FORMAT
            if column.editable:
                cell.fill, cell.protection = _EDIT_FILL, _UNLOCKED
            else:
                cell.alignment = _WRAP
        cells.append(cell)
    if len(styles) != len(columns):
        styles[:] = [c._style for c in cells]  # type: ignore[attr-defined]
    cells.append(text_cell(ws, f"{row.key}|{row.fingerprint}"))  # the hidden tie column
    return cells


def _validations(ws: Any, columns: Sequence[Column], last: int, year: int) -> None:
    for index, column in enumerate(columns, start=1):
        if not column.editable or column.kind == "text":
            continue
        letter = get_column_letter(index)
        dv = _validation(column, year)
        ws.data_validations.append(dv)
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")


def _validation(column: Column, year: int) -> DataValidation:
    if column.kind in ("state", "assessment"):
        choices = STATE_CHOICES if column.kind == "state" else ASSESSMENT_CHOICES
        dv = DataValidation(type="list", formula1='"' + ",".join(choices.values()) + '"')
        dv.error = "Chọn một giá trị trong danh sách: " + ", ".join(choices.values())
        dv.errorStyle = "stop"
    elif column.kind == "date":
        low, high = (f"DATE({year},1,1)", f"DATE({year},12,31)")
        if column.key == "ev_date":  # a document may predate the plan year
            low = f"DATE({year - 1},1,1)"
        dv = DataValidation(type="date", operator="between", formula1=low, formula2=high)
        dv.error = f"Ngày dạng dd/mm/yyyy trong năm {year}"
        dv.errorStyle = "warning"  # a date typed as text in another locale is still read
    else:  # a number cell refuses text, as the self-scoring workbook's do (collect reads a
        # text pasted in as `record` reads it typed)
        whole = column.kind == "int"
        dv = DataValidation(
            type="whole" if whole else "decimal", operator="greaterThanOrEqual", formula1="0"
        )
        dv.promptTitle = column.header
        if whole:
            dv.prompt = (
                "Gõ một số nguyên không âm (số lượng), không có dấu ngăn cách hàng nghìn: 1245."
            )
            dv.error = (
                "Cần một số nguyên không âm, gõ không có dấu ngăn cách hàng nghìn: 1245 "
                "(máy dùng dấu chấm thập phân đọc 1.245 là một và 245 phần nghìn)."
            )
        else:
            dv.prompt = (
                "Gõ một số không âm; dấu thập phân theo cài đặt của máy: 86,2 hoặc 86.2; "
                "không có dấu ngăn cách hàng nghìn: 1245."
            )
            dv.error = (
                "Cần một số không âm. Nếu đã gõ đúng số mà vẫn bị từ chối, đổi dấu thập phân "
                "(86,2 thành 86.2 hoặc ngược lại)."
            )
        dv.errorStyle = "stop"
        dv.showInputMessage = True
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.allow_blank = True
    dv.showErrorMessage = True
    return dv


def _meta_sheet(ws: Any, plan: Plan, form: Form, plan_file: str, plan_hash: str) -> None:
    meta: list[tuple[str, Any]] = [
        ("format", FORMAT_VERSION),
        ("plan_file", plan_file),
        ("plan_title", plan.plan.title),
        ("plan_year", str(plan.plan.year)),
        ("plan_hash", plan_hash),
        ("period", form.period.code),
        ("unit", form.unit),
    ]
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    for key, value in meta:
        ws.append(_texts(ws, [key, value]))


def write_forms(
    plan: Plan,
    text: str,
    plan_file: str,
    period: Period,
    units: Sequence[str] | None,
    folder: Path,
    *,
    force: bool = False,
    waiting: Callable[[str], None] | None = None,
) -> list[tuple[Path, Form]]:
    """One workbook per unit, written as ``FOLDER/<unit id>.xlsx``. Every form is built
    before any is written, and an existing file is refused (all of them named) unless
    ``force``, so that a refusal leaves the folder as it was. Without ``units``: every unit
    of the plan's own (see ``form_units``) that has something to report in the period.
    ``waiting``: see ``files.plan_lock``."""
    from parplan.storage.writes import write_tree

    digest = plan_hash(text)
    for unit in units or []:
        refuse_out_of_office(
            plan, unit, period.start, period.end, f"nhận biểu mẫu kỳ {period.label}"
        )
    index = TaskIndex(plan, period)
    forms = [build_form(plan, u, period, index) for u in units or form_units(plan, period)]
    if units is None:
        forms = [f for f in forms if not f.empty]
    made = [(folder / f"{f.unit}.xlsx", f) for f in forms]
    taken = [str(path) for path, _ in made if path.exists()]
    if taken and not force:
        raise UsageError(f"{', '.join(taken)}: tệp đã tồn tại; dùng --force để ghi đè")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: không phải thư mục")
    books = _workbooks(plan, forms, plan_file, digest)
    write_tree(
        folder,
        {p.name: data for (p, _), data in zip(made, books, strict=True)},
        force=force,
        waiting=waiting,
    )
    return made


PARALLEL_FROM = 16  # forms; fewer are made faster than a worker process starts
_job: tuple[Plan, list[Form], str, str] | None = None  # what forked workers read


def _one(index: int) -> bytes:
    assert _job is not None
    plan, forms, plan_file, digest = _job
    return workbook_bytes(plan, forms[index], plan_file=plan_file, plan_hash=digest)


def _workbooks(plan: Plan, forms: list[Form], plan_file: str, digest: str) -> list[bytes]:
    """Every form's bytes, made on all the cores when there are many forms (openpyxl's
    writer is pure Python: one form of 200 tasks takes ~50 ms). Workers are forked, so they
    share the plan already read; where fork is not available the forms are made in turn."""
    from parplan.storage.parallel import forked_map

    global _job
    _job = (plan, forms, plan_file, digest)
    try:
        return forked_map(_one, range(len(forms)), parallel_from=PARALLEL_FROM, most=4, chunksize=4)
    finally:
        _job = None
