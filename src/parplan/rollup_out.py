"""The roll-up written as a file: Excel (``.xlsx``), Markdown for a report's appendix
(``.md``) and a simple page (``.html``). Each renders ``rollup.table``; none computes a figure."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from parplan.periods import format_date
from parplan.rollup import HEADERS, ROLLUP_RULE, Rollup, Value, table, text
from parplan.tracking import SHORT_STATE_LABELS
from parplan.unitplans import UNITS_RULE, Family, families


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


def markdown(r: Rollup) -> str:
    from parplan.render import md_cell

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
    from parplan.render import render_pages

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
    """One sheet: the header row frozen and filtered, the total row last in bold, printed on
    A4 landscape one page wide (as the forms are: ``forms.build.print_setup``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from parplan.forms.build import print_setup

    rows, totals = table(r)
    wb = Workbook()
    ws: Any = wb.active
    ws.title = "Tổng hợp"
    ws.append([as_of_text(r)])
    ws.append(list(HEADERS))
    for values in rows:
        ws.append([_cell(v, i) for i, v in enumerate(values)])
    ws.append([_cell(v, i) for i, v in enumerate(totals)])
    last = ws.max_row
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[last]:
        cell.font = Font(bold=True)
    for i in range(1, len(HEADERS) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 40 if i == 1 else 12
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(HEADERS))}{max(last - 1, 2)}"
    print_setup(ws, len(HEADERS), last, header_row=2)
    ws.append([])
    ws.append([ROLLUP_RULE])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Value, column: int) -> Value:
    """Numbers stay numbers (a filter or a sum works on them); a share is a fraction shown
    as a percentage."""
    from parplan.rollup import COLUMNS

    if value == "":
        return None
    figure = column - 2
    if isinstance(value, float) and 0 <= figure < len(COLUMNS) and COLUMNS[figure].percent:
        return value / 100
    return value
