"""The roll-up written as a file: Excel (``.xlsx``), Markdown for a report's appendix
(``.md``) and a simple page (``.html``). Each renders ``rollup.table``; none computes a figure."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from parplan.core.periods import format_date, iso_date
from parplan.rollup.table import (
    COLUMN_KEYS,
    COLUMNS,
    HEADERS,
    ROLLUP_RULE,
    Rollup,
    Value,
    figures,
    table,
    text,
    total_figures,
)
from parplan.rollup.unitplans import UNITS_RULE, Children, Family, families, families_json
from parplan.tracking.items import SHORT_STATE_LABELS


def as_of_text(r: Rollup) -> str:
    """The heading line: the day the figures are as of, and the unit asked for."""
    day = format_date(r.as_of) if r.as_of else "hôm nay (hoặc 31/12 của năm kế hoạch đã kết thúc)"
    return f"Ngày xét: {day}" + (f" · Đơn vị: {r.unit}" if r.unit else "")


FAMILY_HEADERS = (
    "NV",
    "Trạng thái",
    "Nhiệm vụ",
    "Tiến độ kế hoạch đơn vị",
    "Kế hoạch đơn vị: nhiệm vụ, trạng thái",
)


def family_title(f: Family) -> str:
    return f"Nhiệm vụ của {f.issuer} ({f.file}) và kế hoạch đơn vị thực hiện"


def family_rows(f: Family) -> list[list[str]]:
    """Each parent task: number, state, title, how many units' plans have finished their part,
    and the units' tasks carrying it out (one a line; "—" when none does)."""
    return [
        [
            str(t.number),
            SHORT_STATE_LABELS[t.state],
            t.title,
            t.plans_text or "—",
            "\n".join(
                f"{c.issuer}: NV {c.number} — {SHORT_STATE_LABELS[c.state]}" for c in t.children
            )
            or "—",
        ]
        for t in f.tasks
    ]


UNITS_PAGE = "ke-hoach-don-vi.html"  # `parplan site PLAN --children FOLDER`
UNITS_PAGE_LABEL = "Kế hoạch đơn vị thực hiện"


def children_context(c: Children) -> dict[str, Any]:
    """What the site's page of units' plans shows (``status --children``'s table): the
    plan's tasks units' plans carry out, the plans counted, the files left out."""
    from parplan.core.sanitize import visible
    from parplan.rollup.unitplans import NO_TASKS, children_title, left_out_line

    rows = family_rows(c.family)
    return {
        "heading": UNITS_PAGE_LABEL,
        "subheading": visible(children_title(c)),
        "family_headers": FAMILY_HEADERS,
        "rows": [[*map(visible, r[:4]), [visible(x) for x in r[4].split("\n")]] for r in rows],
        "no_tasks": NO_TASKS,
        "left_out": [visible(left_out_line(r)) for r in c.left_out],
        "units_rule": UNITS_RULE,
    }


def markdown(r: Rollup) -> str:
    from parplan.render.markdown import md_cell

    rows, totals = table(r)
    lines = [
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---" if i < 2 else "---:" for i in range(len(HEADERS))) + "|",
    ]
    for values in [*rows, totals]:
        lines.append("| " + " | ".join(md_cell(text(v, i)) for i, v in enumerate(values)) + " |")
    groups = families(r)
    for f in groups:
        lines += ["", f"**{md_cell(family_title(f))}**", ""]
        lines.append("| " + " | ".join(FAMILY_HEADERS) + " |")
        lines.append("|---:|---|---|---|---|")
        for cells in family_rows(f):
            lines.append("| " + " | ".join(md_cell(c).replace("\n", "<br>") for c in cells) + " |")
    rules = f"{ROLLUP_RULE} {UNITS_RULE}" if groups else ROLLUP_RULE
    return f"{as_of_text(r)}\n\n" + "\n".join(lines) + f"\n\n{rules}\n"


def html(r: Rollup, page: Path | None = None, sites: Path | None = None) -> bytes:
    """The page; with ``sites``, each plan's name links to ``<sites>/<plan file name without
    .yaml>/index.html`` when that page exists (``parplan site PLAN -o <sites>/<name>/``),
    the link relative to the folder of ``page``."""
    from parplan.render.templates import render_pages

    rows, totals = table(r)
    here = page.parent if page is not None else Path(".")
    plans = []
    for row, values in zip(r.rows, rows, strict=True):
        link = None
        if sites is not None:
            index = sites / Path(row.file).stem / "index.html"
            if index.is_file():
                link = Path(os.path.relpath(index, here)).as_posix()
        cells = [text(v, i) for i, v in enumerate(values)]
        plans.append({"link": link, "ok": row.ok, "cells": cells})
    context = {
        "title": "Tổng hợp tình hình thực hiện kế hoạch CCHC",
        "as_of": as_of_text(r),
        "headers": HEADERS,
        "plans": plans,
        "totals": [text(v, i) for i, v in enumerate(totals)],
        "rule": ROLLUP_RULE,
        "family_headers": FAMILY_HEADERS,
        "units_rule": UNITS_RULE,
        "families": [
            {"title": family_title(f), "rows": [[*c[:4], c[4].split("\n")] for c in family_rows(f)]}
            for f in families(r)
        ],
    }
    return render_pages({"rollup.html": ("site/rollup.html.j2", context)}, None)["rollup.html"]


def xlsx(r: Rollup) -> bytes:
    """The roll-up's sheet; when the roll-up holds a parent plan and its units' plans, a
    second sheet with the parent's tasks and the units' tasks carrying them out (the rows of
    ``family_rows``, each after its parent plan). Each sheet has its header row frozen and
    filtered and prints on A4 landscape one page wide (as the forms: ``render.sheets.print_setup``)."""
    from openpyxl import Workbook

    rows, totals = table(r)
    wb = Workbook()
    plans = [[_cell(v, i) for i, v in enumerate(values)] for values in rows]
    total = [_cell(v, i) for i, v in enumerate(totals)]
    widths = [40 if i == 0 else 12 for i in range(len(HEADERS))]
    heading = as_of_text(r)
    ws: Any = wb.active
    _sheet(ws, "Tổng hợp", heading, HEADERS, plans, widths, "C3", ROLLUP_RULE, total)
    share = 3 + next(i for i, c in enumerate(COLUMNS) if c.percent)
    for (cell,) in ws.iter_rows(min_row=3, max_row=3 + len(rows), min_col=share, max_col=share):
        cell.number_format = "0.0%"  # shown 86,2% where Excel is set to Vietnamese
    groups = families(r)
    if groups:
        tasks: list[list[Value]] = [
            [f.issuer, f.file, int(cells[0]), *cells[1:]]
            for f in groups
            for cells in family_rows(f)
        ]
        headers = ("Kế hoạch cấp trên", "Tệp", *FAMILY_HEADERS)
        widths = [28, 20, 6, 14, 50, 22, 45]
        sheet = wb.create_sheet("Nhiệm vụ cấp trên")
        _sheet(
            sheet, "Nhiệm vụ cấp trên", heading, headers, tasks, widths, "D3", UNITS_RULE, wrap=True
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(
    ws: Any,
    title: str,
    heading: str,
    headers: tuple[str, ...],
    rows: list[list[Value]],
    widths: list[int],
    freeze: str,
    rule: str,
    total: list[Value] | None = None,
    *,
    wrap: bool = False,
) -> None:
    """``heading`` on the first line, the header row (bold, wrapped, frozen with the columns
    left of ``freeze``, filtered) and ``rows`` under it (wrapped with ``wrap``), then
    ``total`` in bold (out of the filter), and ``rule`` after a blank line."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from parplan.render.sheets import print_setup

    ws.title = title
    ws.append([heading])
    ws.append(list(headers))
    for values in rows:
        ws.append(values)
    filtered = ws.max_row
    if total is not None:
        ws.append(total)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
    last = ws.max_row
    for row in ws.iter_rows(min_row=2, max_row=last if wrap else 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A2:{get_column_letter(len(headers))}{max(filtered, 2)}"
    print_setup(ws, len(headers), last, header_row=2)
    ws.append([])
    ws.append([rule])


def _cell(value: Value, column: int) -> Value:
    """Numbers stay numbers (a filter or a sum works on them); a share is a fraction shown
    as a percentage."""
    if value == "":
        return None
    figure = column - 2
    if isinstance(value, float) and 0 <= figure < len(COLUMNS) and COLUMNS[figure].percent:
        return value / 100
    return value


# --- JSON (documented in the README) --------------------------------------------------------


def rollup_json(r: Rollup) -> dict[str, Any]:
    """Stable English keys; a plan with problems has ``problems`` > 0 and null figures."""
    return {
        "as_of": iso_date(r.as_of),
        "sort": r.sort,
        "unit": r.unit,
        "plans": [
            {
                "file": row.file,
                "issuer": row.issuer,
                "as_of": iso_date(row.board.as_of if row.board else None),
                "problems": row.problems,
                "unit": row.board.unit if row.board else None,
                "note": row.note,
                **(figures(row.board) if row.board else dict.fromkeys(COLUMN_KEYS)),
            }
            for row in r.rows
        ],
        "totals": {"plans": len(r.counted), "left_out": len(r.broken), **total_figures(r)},
        "families": families_json(r),
    }
