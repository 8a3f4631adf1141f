"""Reading a filled form back: its tie to the plan (the hidden sheet) and the raw values of
every row, whatever program saved it last (Excel, LibreOffice, openpyxl)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parplan.errors import CellProblem
from parplan.forms.layout import (
    FIRST_ROW,
    FORMAT_VERSION,
    META_KEYS,
    META_SHEET,
    SHEETS,
    TIE_HEADER,
)
from parplan.numbers import format_number

# Bounds for what a form may cost to read, far above any real form (the largest unit's form of
# a 10,000-task plan: 0.4 MB, 4.3 MB unpacked, 3,850 rows); a crafted .xlsx is a zip that can
# unpack to gigabytes, or a sheet of millions of rows openpyxl reads at ~80 µs each.
MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_FORM_UNPACKED = 256 * 1024 * 1024
MAX_SHEET_ROWS = 100_000


@dataclass
class FormFile:
    """A form as read: ``meta`` from the hidden sheet, ``index`` (sheet, row) -> (key,
    fingerprint) from each row's hidden tie column, and per sheet the values of each data
    row by row number."""

    name: str
    meta: dict[str, str] = field(default_factory=dict)
    index: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    rows: dict[str, dict[int, tuple[Any, ...]]] = field(default_factory=dict)

    def problem(self, sheet: str | None, cell: str | None, message: str, code: str) -> CellProblem:
        return CellProblem(self.name, sheet, cell, message, code)


def read_form(path: Path) -> tuple[FormFile, list[CellProblem]]:
    """The form's content, or the problems that make it unreadable as a parplan form."""
    form = FormFile(str(path))
    why = _not_a_file(path)
    if why is not None:
        return form, [form.problem(None, None, why, "PP201")]
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            return form, _read(wb, form)
        finally:
            wb.close()
    except OSError as exc:
        return form, [form.problem(None, None, f"không đọc được ({exc.strerror})", "PP201")]
    except Exception:  # whatever a foreign or damaged file makes openpyxl raise
        why = "không phải tệp Excel (.xlsx) đọc được, hoặc tệp bị hỏng"
        return FormFile(str(path)), [form.problem(None, None, why, "PP201")]


def _not_a_file(path: Path) -> str | None:
    from parplan.files import kind_of, megabytes, unpacks_beyond

    try:
        info = path.stat()
    except FileNotFoundError:
        return "không tìm thấy tệp"
    except OSError as exc:
        return f"không đọc được ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return f"{kind_of(info.st_mode)}, không phải tệp biểu mẫu"
    if info.st_size > MAX_FORM_BYTES:
        return "tệp quá lớn cho một biểu mẫu"
    unpacked = unpacks_beyond(path, MAX_FORM_UNPACKED)
    if unpacked is not None:
        return (
            f"tệp giải nén ra {megabytes(unpacked)}, quá lớn cho một biểu mẫu "
            f"(tối đa {megabytes(MAX_FORM_UNPACKED)})"
        )
    return None


def _read(wb: Any, form: FormFile) -> list[CellProblem]:
    if META_SHEET not in wb.sheetnames:
        why = f"không phải biểu mẫu của parplan (thiếu trang ẩn '{META_SHEET}')"
        return [form.problem(None, None, why, "PP201")]
    problems = _read_meta(wb[META_SHEET], form)
    for spec in SHEETS:
        if spec.name not in wb.sheetnames:
            problems.append(form.problem(spec.name, None, "thiếu trang này", "PP201"))
            continue
        ws = wb[spec.name]
        width = len(spec.columns)
        rows: dict[int, tuple[Any, ...]] = {}
        for number, values in enumerate(
            ws.iter_rows(min_row=FIRST_ROW - 1, max_col=width + 1, values_only=True),
            start=FIRST_ROW - 1,
        ):
            if number >= FIRST_ROW + MAX_SHEET_ROWS:
                why = (
                    f"hơn {format_number(MAX_SHEET_ROWS)} dòng: không phải biểu mẫu do parplan "
                    "lập (các dòng sau không được đọc)"
                )
                problems.append(form.problem(spec.name, f"A{number}", why, "PP201"))
                break
            padded = (tuple(values) + (None,) * (width + 1))[: width + 1]
            cells, tie = padded[:width], padded[width]
            if number == FIRST_ROW - 1:
                if padded != (*(c.header for c in spec.columns), TIE_HEADER):
                    why = "dòng tiêu đề đã bị sửa hoặc cột bị chèn, xóa"
                    problems.append(form.problem(spec.name, f"A{number}", why, "PP204"))
                continue
            if isinstance(tie, str) and "|" in tie:
                key, _, stamp = tie.partition("|")
                form.index[(spec.name, number)] = (key, stamp)
            if any(v not in (None, "") for v in cells) or tie is not None:
                rows[number] = cells
        form.rows[spec.name] = rows
    return problems


def _read_meta(ws: Any, form: FormFile) -> list[CellProblem]:
    for values in ws.iter_rows(max_col=2, values_only=True):
        cells = (tuple(values) + (None,) * 2)[:2]
        if cells[0] in META_KEYS and cells[1] is not None:
            form.meta[str(cells[0])] = str(cells[1])
    missing = [k for k in META_KEYS if k not in form.meta]
    if missing:
        why = f"trang ẩn '{META_SHEET}' thiếu {', '.join(missing)}: biểu mẫu đã bị sửa"
        return [form.problem(META_SHEET, "A1", why, "PP201")]
    if form.meta["format"] != FORMAT_VERSION:
        why = f"biểu mẫu dạng {form.meta['format']}, parplan này đọc dạng {FORMAT_VERSION}: hãy lập lại"
        form.meta.clear()
        return [form.problem(META_SHEET, "B1", why, "PP201")]
    return []


PARALLEL_FROM = 16  # forms; fewer are read faster than a worker process starts


def read_forms(paths: list[Path]) -> list[tuple[FormFile, list[CellProblem]]]:
    """Every form read, on all the cores when there are many (openpyxl's reader is pure
    Python: a form of 200 rows takes ~40 ms); in turn where fork is not available."""
    import multiprocessing

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    fork = "fork" in multiprocessing.get_all_start_methods()
    if len(paths) < PARALLEL_FROM or cores < 2 or not fork:
        return [read_form(p) for p in paths]
    with multiprocessing.get_context("fork").Pool(min(cores, 4)) as pool:
        return pool.map(read_form, paths, chunksize=4)
