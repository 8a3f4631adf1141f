"""Rendering for the terminal (rich): the status dashboard, deadline and indicator tables.

Colour only when stdout is a terminal and NO_COLOR is unset; fixed width when piped.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import IO

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from parplan.dashboard import AreaRow, Dashboard
from parplan.model import Plan
from parplan.periods import format_date
from parplan.progress import STATUS_LABELS, IndicatorProgress, actual_text, target_text
from parplan.sanitize import visible
from parplan.tracking import SHORT_STATE_LABELS, Tracked, days_text

STATE_STYLES = {
    "done": "green",
    "done_late": "yellow",
    "overdue": "bold red",
    "due_soon": "yellow",
    "upcoming": "",
    "no_deadline": "dim",
    "cancelled": "dim",
}
LIST_LIMIT = 8
BAR_WIDTH = 10


def console(file: IO[str] | None = None, width: int | None = None) -> Console:
    out = file or sys.stdout
    is_tty = out.isatty() if hasattr(out, "isatty") else False
    if width is None and not is_tty:
        width = columns(os.environ.get("COLUMNS"))
    return Console(
        file=out,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or not is_tty,
        highlight=False,
        markup=False,  # plan text is never markup: "[sipas]" stays as written
        emoji=False,
        soft_wrap=False,
    )


def columns(value: str | None, default: int = 100) -> int:
    """The width COLUMNS asks for, when it is a width at all ("abc", "0", "" are not)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return default
    return min(max(int(text), 40), 1000)


def bar(percent: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(percent, 100.0)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def cell(text: str) -> Text:
    """Plan text for a table cell: control characters shown, never sent to the terminal."""
    return Text(visible(text))


def unit_label(plan: Plan, unit_ids: tuple[str, ...]) -> str:
    names = []
    for uid in unit_ids:
        unit = plan.units_by_id.get(uid)
        names.append((unit.short or unit.name) if unit else uid)
    return ", ".join(names)


def header(d: Dashboard) -> RenderableType:
    meta = d.plan.plan
    lines = [Text(visible(meta.title), style="bold")]
    info = f"Tệp: {d.file} · Ngày xét: {format_date(d.as_of)}"
    if d.unit:
        info += f" · Đơn vị: {d.plan.unit_name(d.unit)}"
    lines.append(Text(visible(info, one_line=True)))
    if d.phase == "ended":
        lines.append(
            Text(f"Kế hoạch năm {meta.year} đã kết thúc (31/12/{meta.year}).", style="yellow")
        )
    elif d.phase == "before":
        lines.append(
            Text(f"Kế hoạch năm {meta.year} chưa bắt đầu (01/01/{meta.year}).", style="yellow")
        )
    return Group(*lines)


def area_table(d: Dashboard) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Lĩnh vực", no_wrap=True, overflow="ellipsis", max_width=38)
    for label in ("Xong", "Quá hạn", "Sắp hạn", "Chưa hạn", "Không hạn"):
        table.add_column(label, justify="right")
    table.add_column("Tiến độ", no_wrap=True)

    def add(row: AreaRow, style: str = "") -> None:
        c = row.counts
        table.add_row(
            row.title,
            str(row.done),
            Text(str(c["overdue"]), style="red" if c["overdue"] else ""),
            str(c["due_soon"]),
            str(c["upcoming"]),
            str(c["no_deadline"]),
            f"{bar(row.percent_done)} {row.percent_done:3.0f}%",
            style=style,
        )

    for row in d.areas:
        add(row)
    add(d.totals, "bold")
    return table


_FIXED = {"due": 10, "days": 12, "state": 12, "label": 12, "lead": 16}


def item_table(plan: Plan, rows: list[Tracked], width: int, *, show_state: bool = False) -> Table:
    """One line per item; the title takes what the fixed columns leave of ``width``."""
    fixed = [k for k in _FIXED if show_state or k != "state"]
    title_width = max(20, width - sum(_FIXED[k] for k in fixed) - 2 * len(fixed))
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Hạn", no_wrap=True, width=_FIXED["due"])
    table.add_column("Ngày", no_wrap=True, justify="right", width=_FIXED["days"])
    if show_state:
        table.add_column("Trạng thái", no_wrap=True, width=_FIXED["state"])
    table.add_column("Số", no_wrap=True, width=_FIXED["label"])
    table.add_column("Nội dung", no_wrap=True, overflow="ellipsis", width=title_width)
    table.add_column("Chủ trì", no_wrap=True, overflow="ellipsis", width=_FIXED["lead"])
    for r in rows:
        title = ("(dự kiến) " if r.item.tentative else "") + r.item.title
        cells: list[RenderableType] = [format_date(r.item.due), days_text(r.days, r.state)]
        if show_state:
            cells.append(Text(SHORT_STATE_LABELS[r.state], style=STATE_STYLES[r.state]))
        cells += [r.item.label, cell(title), cell(unit_label(plan, r.item.lead))]
        table.add_row(*cells)
    return table


def limited(plan: Plan, title: str, rows: list[Tracked], state: str, width: int) -> RenderableType:
    parts: list[RenderableType] = [Text(f"{title} ({len(rows)})", style=STATE_STYLES[state])]
    if rows:
        parts.append(item_table(plan, rows[:LIST_LIMIT], width))
    if len(rows) > LIST_LIMIT:
        parts.append(
            Text(
                f"… và {len(rows) - LIST_LIMIT} mục khác: parplan deadlines --state {state}",
                style="dim",
            )
        )
    return Group(*parts)


def indicator_line(d: Dashboard) -> Text:
    c = d.indicator_counts
    return Text(
        f"Chỉ tiêu: {c['met']} đạt · {c['not_met']} chưa đạt · {c['no_data']} chưa có số liệu"
        f" (tổng {sum(c.values())})"
    )


def render_status(d: Dashboard, out: Console) -> None:
    out.print(header(d))
    out.print()
    out.print(area_table(d))
    out.print()
    soon = f"Sắp đến hạn trong {d.within} ngày"
    out.print(limited(d.plan, "Quá hạn", d.overdue, "overdue", out.width))
    out.print(limited(d.plan, soon, d.due_soon, "due_soon", out.width))
    out.print()
    out.print(indicator_line(d))


def render_deadlines(plan: Plan, file: str, as_of: date, rows: list[Tracked], out: Console) -> None:
    out.print(Text(visible(plan.plan.title), style="bold"))
    out.print(
        Text(
            f"Tệp: {visible(file, one_line=True)} · Ngày xét: {format_date(as_of)} · {len(rows)} mục"
        )
    )
    if not rows:
        out.print("Không có mục nào khớp bộ lọc.")
        return
    out.print(item_table(plan, rows, out.width, show_state=True))


def render_indicators(
    plan: Plan, file: str, as_of: date, rows: list[IndicatorProgress], out: Console
) -> None:
    """A table per area: target in short, latest value and period, percent with a bar."""
    out.print(Text(visible(plan.plan.title), style="bold"))
    out.print(
        Text(
            f"Tệp: {visible(file, one_line=True)} · Ngày xét: {format_date(as_of)} · {len(rows)} chỉ tiêu"
        )
    )
    groups: dict[str | None, list[IndicatorProgress]] = {}
    for row in rows:
        groups.setdefault(row.indicator.area, []).append(row)
    order = [None, *(a.id for a in plan.areas)]
    for key in [k for k in order if k in groups]:
        area = plan.areas_by_id.get(key) if key else None
        title = f"{area.number}. {area.title}" if area else "Chỉ tiêu chung (mục I)"
        out.print()
        out.print(Text(title, style="bold"))
        out.print(indicator_table(groups[key], out.width))


def indicator_table(rows: list[IndicatorProgress], width: int) -> Table:
    """Two lines per indicator: the target as written (shortened), the figures beside it."""
    fixed = {"target": 19, "actual": 17, "pct": 11, "status": 15}
    text_width = max(20, width - sum(fixed.values()) - 2 * len(fixed))
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("Chỉ tiêu", width=text_width)
    table.add_column("Kế hoạch", width=fixed["target"])
    table.add_column("Thực hiện (kỳ)", width=fixed["actual"])
    table.add_column("% kế hoạch", no_wrap=True, width=fixed["pct"])
    table.add_column("Đánh giá", no_wrap=True, width=fixed["status"])
    for p in rows:
        pct = p.percent_of_target
        pct_text = "" if pct is None else f"{bar(pct, 5)} {pct:3.0f}%"
        period = p.measurement.parsed_period.short_label if p.measurement else ""
        table.add_row(
            cell(shorten(f"[{p.indicator.id}] {p.indicator.text}", 2 * text_width - 1)),
            target_text(p.indicator),
            cell(f"{actual_text(p)}\n{period}".strip()),
            pct_text,
            Text(STATUS_LABELS[p.status], style=INDICATOR_STYLES[p.status]),
        )
    return table


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


INDICATOR_STYLES = {"met": "green", "not_met": "red", "no_data": "dim"}
