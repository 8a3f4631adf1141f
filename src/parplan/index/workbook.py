"""The self-scoring workbook (biểu tự chấm điểm): one sheet in the layout units fill, STT |
Tiêu chí, tiêu chí thành phần | Điểm tối đa | Số liệu kê khai | Cách tính điểm | Tài liệu
kiểm chứng | Điểm tự chấm | Giải trình, with the plan's figures and evidence for linked
items pre-filled, the cells to fill unlocked, the sums of areas and criteria as formulas, and
a hidden sheet tying it to the plan and its criteria table. Printed as the progress forms are
(``forms.build.print_setup``)."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from parplan.core.criteria import CriteriaTable
from parplan.index.assess import Assessment, Line

SHEET = "Tự chấm điểm"
META_SHEET = "parplan"
FORMAT = "index-1"
HEADERS = (
    "STT",
    "Tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Số liệu kê khai",
    "Cách tính điểm",
    "Tài liệu kiểm chứng",
    "Điểm tự chấm",
    "Giải trình",
)
WIDTHS = (8, 48, 9, 30, 36, 40, 10, 36)
EDITABLE = (3, 5, 6, 7)  # D, F, G, H (0-based columns)
SCORE_COLUMN = 6
FIRST_ROW = 5  # title, subject, how to fill, headers
NOT_APPLICABLE = "Không áp dụng"
HINT = (
    "Điền các ô màu vàng: Điểm tự chấm (ví dụ 0,75; không quá Điểm tối đa, theo bước {step}), "
    "kèm Tài liệu kiểm chứng hoặc Giải trình cách tính điểm. Số liệu và tài liệu của kế hoạch "
    "đã điền sẵn cho các mục gắn với nhiệm vụ, nghĩa vụ, chỉ tiêu; sửa nếu cần."
)
PART_HINT = (
    " Điểm thưởng: ghi số điểm được thưởng; Điểm trừ: ghi số điểm bị trừ (số dương, không quá "
    "mức trừ tối đa); để trống nếu không được thưởng, không bị trừ."
)


def table_digest(table: CriteriaTable) -> str:
    """What ties a workbook to the criteria it was made from. A table without a bonus or
    penalty part digests as it did before they existed (its workbooks out for filling stay
    good across the upgrade)."""
    unset = {"bonus", "penalty", "cap"} if table.bonus is None and table.penalty is None else set()
    text = table.model_dump_json(exclude=unset)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _values(line: Line) -> list[Any]:
    score = line.score
    item = line.leaf.item
    if line.not_applicable:
        return [item.number, item.title, item.points, None, item.method, None, NOT_APPLICABLE, None]
    return [
        item.number,
        item.title,
        item.points,
        (score.data if score and score.data else line.offered.figures) or None,
        item.method,
        (score.evidence if score and score.evidence else line.offered.evidence) or None,
        line.self_score,
        score.explanation if score else None,
    ]


def workbook_bytes(a: Assessment) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from parplan.index.report import FINAL_LABEL, REBASED_LABEL, total_rules
    from parplan.render.sheets import print_setup, styled_cell, text_cell

    bold = Font(bold=True)
    wb = Workbook(write_only=True)
    ws: Any = wb.create_sheet(SHEET)
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"C{FIRST_ROW}"
    rows = _rows(a)
    total_at = FIRST_ROW + len(rows)  # the areas' total row
    parts = _part_rows(a, total_at + 1)
    last = total_at + len(parts) + (2 if parts else 0)
    print_setup(ws, len(HEADERS), last, header_row=FIRST_ROW - 1)
    ws.protection.sheet = True  # no password: it guards against slips, not against people
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    title = f"BẢNG TỰ CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {a.plan.plan.year}"
    ws.append([styled_cell(ws, f"{title} — {a.plan.plan.issuer}", font=Font(bold=True, size=12))])
    ws.append([text_cell(ws, a.table.title + (f" {a.table.source}" if a.table.source else ""))])
    hint = HINT.format(step=_number(a.table.step)) + (PART_HINT if parts else "")
    ws.append([text_cell(ws, hint)])
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([styled_cell(ws, h, font=bold, alignment=wrap) for h in HEADERS])
    numbered = [*enumerate(rows, start=FIRST_ROW), *enumerate(parts, start=total_at + 1)]
    for number, row in numbered[: len(rows)]:
        _append(ws, number, row)
    leaves = [n for n, (kind, _, _) in numbered[: len(rows)] if kind == "leaf"]
    total = [None, "Tổng cộng", a.table.total, None, None, None, None, None]
    ws.append(
        [
            styled_cell(ws, v, font=bold) if i != SCORE_COLUMN else _formula(ws, leaves)
            for i, v in enumerate(total)
        ]
    )
    for number, row in numbered[len(rows) :]:
        _append(ws, number, row)
    _validations(ws, numbered, a.table)
    if parts:
        letter = get_column_letter(SCORE_COLUMN + 1)
        at = {row[1][0]: n for n, row in numbered[len(rows) :] if row[0] == "part"}
        cells = {k: f"{letter}{at[p.number]}" for k, p in a.table.adjustments()}
        rebased_at = last - 1
        final = a.final_formula(f"{letter}{rebased_at}", cells.get("bonus"), cells.get("penalty"))
        for label, formula in (
            (REBASED_LABEL, a.rebased_formula(f"{letter}{total_at}")),
            (FINAL_LABEL, final),
        ):
            values = [None, label, a.rebased_maximum, None, None, None, None, None]
            ws.append(
                [
                    styled_cell(ws, v, font=bold) if i != SCORE_COLUMN else _cell(ws, formula)
                    for i, v in enumerate(values)
                ]
            )
    ws.append([])
    for rule in total_rules(a):
        ws.append([text_cell(ws, rule)])
    _meta(wb.create_sheet(META_SHEET), a, text_cell)
    wb.properties.creator = "parplan"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _append(ws: Any, number: int, row: Row) -> None:
    """One row of the sheet: a scored item's yellow cells unlocked, a sum's score a formula."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    from parplan.render.sheets import row_height, text_cell

    kind, values, sums = row
    wrap = Alignment(wrap_text=True, vertical="top")
    cells = []
    for i, value in enumerate(values):
        if i == SCORE_COLUMN and sums is not None:
            cells.append(_cell(ws, sums) if isinstance(sums, str) else _formula(ws, sums))
            continue
        cell = text_cell(ws, value)
        cell.alignment = wrap
        if kind != "leaf":
            cell.font = Font(bold=True)
        elif i in EDITABLE and values[SCORE_COLUMN] != NOT_APPLICABLE:
            cell.fill = PatternFill("solid", fgColor="FFF2CC")
            cell.protection = Protection(locked=False)
        cells.append(cell)
    height = row_height(zip(values, WIDTHS, strict=True))
    if height is not None:
        from openpyxl.worksheet.dimensions import RowDimension

        ws.row_dimensions[number] = RowDimension(ws, index=number, ht=height, customHeight=True)
    ws.append(cells)


def _number(value: float) -> str:
    from parplan.core.numbers import format_number

    return format_number(value)


def _sum(rows: list[int]) -> str:
    """The sum of the self scores of ``rows`` (a text 'Không áp dụng' counts nothing)."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(SCORE_COLUMN + 1)
    return "SUM(" + (",".join(f"{letter}{r}" for r in rows) or "0") + ")"


def _formula(ws: Any, rows: list[int]) -> Any:
    return _cell(ws, f"={_sum(rows)}")


def _cell(ws: Any, formula: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(ws, formula)
    cell.font = Font(bold=True)
    return cell


# a row's kind, its values, and what its score is: None (typed), the rows it sums, or a formula
Row = tuple[str, list[Any], list[int] | str | None]


def _validations(ws: Any, rows: list[tuple[int, Row]], table: CriteriaTable) -> None:
    """Excel and LibreOffice refuse, as it is typed, a score that is not a number from 0 to
    the item's maximum, text above all ("0,75" where the decimal point is a dot): the sheet's
    sums leave a text out while ``index collect`` reads it, and the workbook's totals would
    disagree with parplan's. The input prompt says what to type; collect still holds the step
    and reads a text score pasted in as it did."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from parplan.core.criteria import adjustment_leaves

    deducted = {leaf.number for leaf in adjustment_leaves(table) if leaf.part == "penalty"}
    letter = get_column_letter(SCORE_COLUMN + 1)
    step = _number(table.step)
    by_maximum: dict[tuple[float, bool], list[int]] = {}
    for number, (kind, values, _) in rows:
        if kind == "leaf" and values[SCORE_COLUMN] != NOT_APPLICABLE:
            key = (float(values[2]), values[0] in deducted)
            by_maximum.setdefault(key, []).append(number)
    for (most, penalty), numbers in by_maximum.items():
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2=repr(most))
        what = "số điểm bị trừ (số dương)" if penalty else "điểm"
        dv.promptTitle = "Số điểm bị trừ" if penalty else "Điểm tự chấm"
        dv.prompt = (
            f"Gõ {what} từ 0 đến {_number(most)}, theo bước {step}; để trống nếu chưa chấm. "
            "Dấu thập phân theo cài đặt của máy: 0,75 hoặc 0.75."
        )
        dv.errorTitle = "Cần một số"
        dv.error = (
            f"Cần một số từ 0 đến {_number(most)}. Nếu đã gõ đúng số mà vẫn bị từ chối, đổi dấu "
            "thập phân (0,75 thành 0.75 hoặc ngược lại): ô chữ không được cộng vào tổng."
        )
        dv.errorStyle = "stop"
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.showInputMessage = True
        for n in numbers:
            dv.add(f"{letter}{n}")
        ws.data_validations.append(dv)


def _rows(a: Assessment) -> list[Row]:
    """Area, criterion and scored rows in the table's order; area and criterion rows carry
    the rows whose scores they sum."""
    by_item = {id(line.leaf.item): line for line in a.lines}
    rows: list[Row] = []
    for area in a.table.areas:
        area_at = len(rows)
        rows.append(("area", [area.number, area.title, area.points, *[None] * 5], []))
        for criterion in area.criteria:
            if not criterion.subcriteria:
                rows.append(("leaf", _values(by_item[id(criterion)]), None))
                continue
            at = len(rows)
            head = [criterion.number, criterion.title, criterion.points, None, criterion.method]
            rows.append(("criterion", [*head, criterion.evidence, None, None], []))
            for sub in criterion.subcriteria:
                rows.append(("leaf", _values(by_item[id(sub)]), None))
            rows[at][2].extend(range(FIRST_ROW + at + 1, FIRST_ROW + len(rows)))  # type: ignore[union-attr]
        rows[area_at][2].extend(  # type: ignore[union-attr]
            FIRST_ROW + i for i in range(area_at + 1, len(rows)) if rows[i][0] == "leaf"
        )
    return rows


def _part_rows(a: Assessment, first: int) -> list[Row]:
    """The bonus and penalty parts, from sheet row ``first``: each part's row sums its items'
    scores, at most the part's maximum (``assess.part_formula``)."""
    from parplan.index.assess import part_formula

    by_item = {id(line.leaf.item): line for line in a.extra}
    rows: list[Row] = []
    for _, part in a.table.adjustments():
        at = first + len(rows)
        items = _sum(list(range(at + 1, at + 1 + len(part.items))))
        values = [part.number, part.title, part.points, *[None] * 5]
        rows.append(("part", values, part_formula(part, items)))
        rows += [("leaf", _values(by_item[id(item)]), None) for item in part.items]
    return rows


def _meta(ws: Any, a: Assessment, text_cell: Any) -> None:
    from pathlib import Path

    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    meta = [
        ("format", FORMAT),
        ("plan_file", Path(a.file).name),
        ("plan_year", str(a.plan.plan.year)),
        ("criteria", a.criteria),
        ("criteria_digest", table_digest(a.table)),
    ]
    for key, value in meta:
        ws.append([text_cell(ws, key), text_cell(ws, value)])
