"""Writing a unit's form as an Excel workbook (openpyxl): three sheets a unit fills in, and a
hidden sheet tying the form to the plan it was made from."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from parplan.errors import UsageError
from parplan.forms.layout import (
    ASSESSMENT_CHOICES,
    FIRST_ROW,
    FORMAT_VERSION,
    META_SHEET,
    SHEETS,
    STATE_CHOICES,
    Column,
    Form,
    Row,
    SheetSpec,
    build_form,
    form_units,
    plan_hash,
)
from parplan.model import Plan
from parplan.periods import Period

DATE_FORMAT = "DD/MM/YYYY"
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
_BOLD = Font(bold=True)
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
    wb = Workbook()
    default = wb.active
    for spec in SHEETS:
        _sheet(wb.create_sheet(spec.name), spec, form, plan)
    if default is not None:
        wb.remove(default)
    _meta_sheet(wb.create_sheet(META_SHEET), plan, form, plan_file, plan_hash)
    wb.properties.title = f"Biểu mẫu báo cáo tiến độ CCHC — {form.unit_name}"
    wb.properties.subject = form.period.label
    wb.properties.creator = "parplan"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(ws: Worksheet, spec: SheetSpec, form: Form, plan: Plan) -> None:
    rows = form.rows[spec.name]
    ws["A1"] = f"{spec.name} — {form.unit_name} — {form.period.label} — {plan.plan.title}"
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"] = HINTS[spec.item]
    for index, column in enumerate(spec.columns, start=1):
        cell = ws.cell(FIRST_ROW - 1, index, column.header)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for offset, row in enumerate(rows):
        _row(ws, spec.columns, FIRST_ROW + offset, row)
    ws.freeze_panes = spec.freeze
    last = FIRST_ROW + max(len(rows), 1) - 1
    _validations(ws, spec.columns, last, form.period.year)
    ws.protection.sheet = True  # no password: it guards against slips, not against people
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _row(ws: Worksheet, columns: Sequence[Column], number: int, row: Row) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(number, index, None if column.editable else row.values[column.key])
        if column.kind == "date":
            cell.number_format = DATE_FORMAT
        if column.editable:
            cell.fill, cell.protection = _EDIT_FILL, _UNLOCKED
        else:
            cell.alignment = _WRAP


def _validations(ws: Worksheet, columns: Sequence[Column], last: int, year: int) -> None:
    for index, column in enumerate(columns, start=1):
        if not column.editable or column.kind == "text":
            continue
        letter = get_column_letter(index)
        dv = _validation(column, year)
        ws.add_data_validation(dv)
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
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "Một số không âm, ví dụ 86,2 hoặc 1.245"
        dv.errorStyle = "warning"  # "86,2" typed as text in an English Excel is still read
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.allow_blank = True
    dv.showErrorMessage = True
    return dv


def _meta_sheet(ws: Worksheet, plan: Plan, form: Form, plan_file: str, plan_hash: str) -> None:
    meta: list[tuple[str, Any]] = [
        ("format", FORMAT_VERSION),
        ("plan_file", plan_file),
        ("plan_title", plan.plan.title),
        ("plan_year", str(plan.plan.year)),
        ("plan_hash", plan_hash),
        ("period", form.period.code),
        ("unit", form.unit),
    ]
    for number, (key, value) in enumerate(meta, start=1):
        ws.cell(number, 1, key)
        ws.cell(number, 2, value)
    start = len(meta) + 2
    for col, header in enumerate(("sheet", "row", "key", "fingerprint"), start=1):
        ws.cell(start, col, header)
    line = start + 1
    for spec in SHEETS:
        for offset, row in enumerate(form.rows[spec.name]):
            ws.cell(line, 1, spec.name)
            ws.cell(line, 2, FIRST_ROW + offset)
            ws.cell(line, 3, row.key)
            ws.cell(line, 4, row.fingerprint)
            line += 1
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def write_forms(
    plan: Plan,
    text: str,
    plan_file: str,
    period: Period,
    units: Sequence[str] | None,
    folder: Path,
    *,
    force: bool = False,
) -> list[tuple[Path, Form]]:
    """One workbook per unit, written as ``FOLDER/<unit id>.xlsx``. Every form is built
    before any is written, and an existing file is refused (all of them named) unless
    ``force``, so that a refusal leaves the folder as it was. Without ``units``: every unit
    of the plan's own (see ``form_units``) that has something to report in the period."""
    from parplan.files import write_output

    digest = plan_hash(text)
    forms = [build_form(plan, u, period) for u in units or form_units(plan)]
    if units is None:
        forms = [f for f in forms if not f.empty]
    made = [(folder / f"{f.unit}.xlsx", f) for f in forms]
    taken = [str(path) for path, _ in made if path.exists()]
    if taken and not force:
        raise UsageError(f"{', '.join(taken)}: tệp đã tồn tại; dùng --force để ghi đè")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: không phải thư mục")
    folder.mkdir(parents=True, exist_ok=True)
    for path, form in made:
        data = workbook_bytes(plan, form, plan_file=plan_file, plan_hash=digest)
        write_output(path, data, force=force)
    return made
