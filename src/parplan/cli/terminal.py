"""Rendering for the terminal (rich): the status dashboard, deadline and indicator tables.

Colour only when stdout is a terminal and NO_COLOR is unset; fixed width when piped. Every
console made here shows control characters instead of sending them (``Visible``): plan text
is escaped before layout (``cell``) so widths are right, and whatever reaches the terminal is
escaped again, so nothing a plan holds can drive it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    Group,
    RenderableType,
    RenderHook,
)
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from parplan.core.model import Plan
from parplan.core.numbers import format_number, format_percent
from parplan.core.periods import format_date
from parplan.core.sanitize import visible
from parplan.tracking.dashboard import (
    BY_UNIT_RULE,
    SHARE_RULE,
    UNIT_COLUMNS,
    AreaRow,
    Dashboard,
    deadlines_command,
)
from parplan.tracking.items import SHORT_STATE_LABELS, State, Tracked, days_text
from parplan.tracking.progress import STATUS_LABELS, IndicatorProgress, actual_text, target_text
from parplan.tracking.units import ROLE_LABELS, role_of

if TYPE_CHECKING:  # the roll-up's modules load with `rollup` and `status --children` only
    from parplan.rollup.table import Rollup
    from parplan.rollup.unitplans import Children, Family

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


class Visible:
    """A renderable whose text reaches the terminal with every control character shown as an
    escape (``sanitize.visible``); Rich's own control codes (colour, cursor) are kept."""

    def __init__(self, inner: ConsoleRenderable) -> None:
        self.inner = inner

    def __rich_console__(self, out: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for segment in out.render(self.inner, options):
            if segment.control:
                yield segment
            else:
                yield Segment(visible(segment.text), segment.style)


class _ShowControls(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [Visible(r) for r in renderables]


def console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """The console every terminal view prints through: nothing it prints is raw control."""
    out = file or sys.stdout
    is_tty = out.isatty() if hasattr(out, "isatty") else False
    if width is None and not is_tty:
        width = columns(os.environ.get("COLUMNS"))
    made = Console(
        file=out,
        width=width,
        no_color=bool(os.environ.get("NO_COLOR")) or not is_tty,
        highlight=False,
        markup=False,  # plan text is never markup: "[sipas]" stays as written
        emoji=False,
        soft_wrap=False,
    )
    made.push_render_hook(_ShowControls())
    return made


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


def plain_table() -> Table:
    """Borderless; Rich gives each column its natural width and, when the terminal is
    narrower, wraps the wrappable ones (long words folded): nothing is cut."""
    return Table(box=None, pad_edge=False, show_edge=False, header_style="bold")


def allot(width: int, wants: list[tuple[int, int]]) -> list[int]:
    """Column widths for a table ``width`` wide (two spaces between columns): each column its
    minimum, then what is left to each in turn up to its maximum."""
    widths = [low for low, _ in wants]
    spare = width - 2 * (len(wants) - 1) - sum(widths)
    for i, (_, high) in enumerate(wants):
        extra = max(0, min(spare, high - widths[i]))
        widths[i] += extra
        spare -= extra
    return widths


def text_column(table: Table, header: str, width: int, **kwargs: Any) -> None:
    """A column of running text ``width`` wide: wraps at spaces, folds a longer word; never
    cut with an ellipsis."""
    table.add_column(header, overflow="fold", width=width, **kwargs)


AREA_COUNTS = ("Xong", "Quá hạn", "Sắp hạn", "Chưa hạn", "Không hạn", "Hủy", "Tổng")
SHARE_HEADER = "Tỷ lệ hoàn thành"
SHARE_WIDTH = max(BAR_WIDTH + 1 + len("100%"), len(SHARE_HEADER))


def area_table(d: Dashboard, width: int) -> Table:
    """Headers on one line when the area titles keep 36 columns, else a word per line; a count
    column is never narrower than its widest number (10.000 items in an area)."""
    rows = [*d.areas, d.totals]  # the totals last, in bold
    counts = [_counts(r) for r in rows]
    numbers = [max(len(c[i]) for c in counts) for i in range(len(AREA_COUNTS))]
    wide = [max(len(label), n) for label, n in zip(AREA_COUNTS, numbers, strict=True)]
    if width - sum(wide) - SHARE_WIDTH - 2 * len(AREA_COUNTS) - 2 < 36:
        wide = [
            max(n, *(len(w) for w in label.split()))
            for label, n in zip(AREA_COUNTS, numbers, strict=True)
        ]
    title, *_ = allot(width, [(16, 10**6), *((n, n) for n in wide), (SHARE_WIDTH,) * 2])
    table = plain_table()
    text_column(table, "Lĩnh vực", title)
    for label, n in zip(AREA_COUNTS, wide, strict=True):
        text_column(
            table, label if n >= len(label) else label.replace(" ", "\n"), n, justify="right"
        )
    text_column(table, SHARE_HEADER, SHARE_WIDTH)

    for number, (row, (done, overdue, *rest)) in enumerate(zip(rows, counts, strict=True), 1):
        share = row.percent_done
        table.add_row(
            cell(row.title),
            done,
            Text(overdue, style="red" if row.counts["overdue"] else ""),
            *rest,
            f"{bar(share or 0.0)} {format_percent(share):>5}",
            style="bold" if number == len(rows) else "",
        )
    return table


def _counts(row: AreaRow) -> list[str]:
    """An area's counts as the table shows them, in the order of AREA_COUNTS."""
    c = row.counts
    values = (row.done, c["overdue"], c["due_soon"], c["upcoming"], c["no_deadline"])
    return [format_number(v) for v in (*values, row.cancelled, row.total)]


def item_table(
    plan: Plan,
    rows: list[Tracked],
    width: int,
    *,
    show_state: bool = False,
    unit: str | None = None,
) -> Table:
    """One row per item; title and lead units wrap. With a unit: whether it leads or
    coordinates each item. When narrow, the due date and the days share a column."""
    label = max(len(r.item.label) for r in rows)
    fixed = [n for n in (12 if show_state else 0, label, 8 if unit else 0) if n]
    dates = [(r.item.due_text("\n"), days_text(r.days, r.state, r.workdays)) for r in rows]
    # 26: a date and "trễ 15 ngày", two separators; more for "còn 12 ngày làm việc"
    due_width = max(len(line) for due, _ in dates for line in due.split("\n"))
    dated = max(26, 4 + due_width + max(12, *(len(days) for _, days in dates)))
    rest = width - sum(fixed) - 2 * len(fixed) - dated
    compact = rest < 36
    if compact:
        rest += 14
    title_width, lead_width = allot(rest, [(16, max(16, rest * 2 // 3)), (8, 10**6)])
    table = plain_table()
    table.add_column("Hạn", no_wrap=True, justify="right" if compact else "left")
    if not compact:
        table.add_column("Ngày", no_wrap=True, justify="right")
    if show_state:
        table.add_column("Trạng thái", no_wrap=True)
    table.add_column("Số", no_wrap=True)
    if unit:
        table.add_column("Vai trò", no_wrap=True)
    text_column(table, "Nội dung", title_width)
    text_column(table, "Chủ trì", lead_width)
    for r, (due, days) in zip(rows, dates, strict=True):
        title = ("(dự kiến) " if r.item.tentative else "") + r.item.title
        cells: list[RenderableType] = [f"{due}\n{days}".strip()] if compact else [due, days]
        if show_state:
            cells.append(Text(SHORT_STATE_LABELS[r.state], style=STATE_STYLES[r.state]))
        cells.append(r.item.label)
        if unit:
            role = role_of(plan, unit, r.item)
            cells.append(ROLE_LABELS[role] if role else "")
        lead = unit_label(plan, r.item.lead)
        cells += [cell(title), cell(f"{lead} ({r.units_text})" if r.units_text else lead)]
        table.add_row(*cells)
    return table


def print_limited(
    d: Dashboard, title: str, rows: list[Tracked], state: State, out: Console
) -> None:
    """The first LIST_LIMIT items, then the command that lists them all, on one line (the
    terminal may fold it, but copying it gives the whole command)."""
    out.print(Text(f"{title} ({format_number(len(rows))})", style=STATE_STYLES[state]))
    if rows:
        out.print(item_table(d.plan, rows[:LIST_LIMIT], out.width, unit=d.unit))
    if len(rows) > LIST_LIMIT:
        command = visible(deadlines_command(d, state), one_line=True)
        hint = f"… và {format_number(len(rows) - LIST_LIMIT)} mục khác: {command}"
        out.print(Text(hint, style="dim"), soft_wrap=True)


def indicator_line(d: Dashboard) -> Text:
    c = d.indicator_counts
    return Text(
        f"Chỉ tiêu: {c['met']} đạt · {c['not_met']} chưa đạt · {c['no_data']} chưa có số liệu"
        f" (tổng {sum(c.values())})"
    )


def render_status(d: Dashboard, out: Console) -> None:
    out.print(header(d))
    out.print()
    out.print(area_table(d, out.width))
    out.print(Text(SHARE_RULE, style="dim"))
    out.print()
    soon = f"Sắp đến hạn trong {d.within.label}"
    print_limited(d, "Quá hạn", d.overdue, "overdue", out)
    print_limited(d, soon, d.due_soon, "due_soon", out)
    out.print()
    out.print(indicator_line(d))


def _two_lines(header: str) -> str:
    """A header on two lines, the longer as short as can be ("Tỷ lệ\nhoàn thành"), so a
    column of numbers stays narrow."""
    words = header.split()
    if len(words) < 2:
        return header
    lines = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return "\n".join(min(lines, key=lambda pair: max(map(len, pair))))


def _title(plan: Plan, file: str, as_of: date, out: Console, *more: str) -> None:
    """The two lines above a view's table: the plan's title; its file, the day, ``more``."""
    out.print(Text(visible(plan.plan.title), style="bold"))
    said = " · ".join(
        (f"Tệp: {visible(file, one_line=True)}", f"Ngày xét: {format_date(as_of)}", *more)
    )
    out.print(Text(said))


def render_by_unit(
    plan: Plan, file: str, as_of: date, boards: dict[str, Dashboard], out: Console
) -> None:
    """`status --by-unit`: one row per unit, the figures of its own `status --unit`."""
    _title(plan, file, as_of, out)
    out.print()
    table = plain_table()
    headers = [_two_lines(c.header) for c in UNIT_COLUMNS]
    numbers = [max(5, *map(len, h.split("\n"))) for h in headers]
    text_column(table, "Đơn vị", max(8, out.width - sum(numbers) - 2 * len(numbers)))
    for header, wide in zip(headers, numbers, strict=True):
        table.add_column(header, justify="right", no_wrap=True, min_width=wide)
    for unit, board in boards.items():
        name = cell(plan.unit_name(unit))
        table.add_row(name, *(c.text(board.totals) for c in UNIT_COLUMNS))
    out.print(table)
    out.print(Text(BY_UNIT_RULE, style="dim"))


def render_deadlines(
    plan: Plan,
    file: str,
    as_of: date,
    rows: list[Tracked],
    out: Console,
    unit: str | None = None,
) -> None:
    _title(plan, file, as_of, out, f"{format_number(len(rows))} mục")
    if not rows:
        out.print("Không có mục nào khớp bộ lọc.")
        return
    out.print(item_table(plan, rows, out.width, show_state=True, unit=unit))


def render_indicators(
    plan: Plan, file: str, as_of: date, rows: list[IndicatorProgress], out: Console
) -> None:
    """A table per area: target in short, latest value and period, percent with a bar."""
    _title(plan, file, as_of, out, f"{format_number(len(rows))} chỉ tiêu")
    groups: dict[str | None, list[IndicatorProgress]] = {}
    for row in rows:
        groups.setdefault(row.indicator.area, []).append(row)
    order = [None, *(a.id for a in plan.areas)]
    for key in [k for k in order if k in groups]:
        area = plan.areas_by_id.get(key) if key else None
        title = f"{area.number}. {area.title}" if area else "Chỉ tiêu chung (mục I)"
        out.print()
        out.print(Text(visible(title), style="bold"))
        out.print(indicator_table(groups[key], out.width))


def indicator_table(rows: list[IndicatorProgress], width: int) -> Table:
    """Per indicator: its id on a line of its own (never cut: `record` needs it), the target
    as written below it, the figures beside; percent bars when there is room."""
    bars = width >= 100
    pct_width = 10 if bars else 4
    widest_id = max(len(p.indicator.id) + 2 for p in rows)
    # room goes first to the assessment, then the figures, then the target, then the text
    status, actual, target, text = allot(
        width - pct_width - 2, [(8, 15), (8, 17), (8, 19), (max(20, widest_id), 10**6)]
    )
    widths = [text, target, actual, pct_width, status]
    table = plain_table()
    text_column(table, "Chỉ tiêu", widths[0])
    text_column(table, "Kế hoạch", widths[1])
    text_column(table, "Thực hiện (kỳ)", widths[2])
    table.add_column("% kế hoạch" if bars else "%", no_wrap=True, width=pct_width)
    text_column(table, "Đánh giá", widths[4])
    for p in rows:
        pct = p.percent_of_target
        pct_text = "" if pct is None else f"{pct:3.0f}%"
        if bars and pct is not None:
            pct_text = f"{bar(pct, 5)} {pct_text}"
        period = p.measurement.parsed_period.short_label if p.measurement else ""
        table.add_row(
            cell(f"[{p.indicator.id}]\n{p.indicator.text}"),
            target_text(p.indicator),
            cell(f"{actual_text(p)}\n{period}".strip()),
            pct_text,
            Text(STATUS_LABELS[p.status], style=INDICATOR_STYLES[p.status]),
        )
    return table


INDICATOR_STYLES = {"met": "green", "not_met": "red", "no_data": "dim"}


ROLLUP_PARTS = (
    ("tasks_", "percent_on_time", "problems"),
    ("obligations_", "indicators_"),
)


def render_rollup(r: Rollup, out: Console) -> None:
    """The roll-up (``rollup.table``) as two tables that fit the terminal, the plans in the
    same order in both: the tasks (with the on-time share and the problem count), then the
    obligations and indicators; the total row in bold, plans with problems in red."""
    from parplan.rollup.output import as_of_text, family_title
    from parplan.rollup.table import ROLLUP_RULE, table
    from parplan.rollup.unitplans import UNITS_RULE, families

    rows, totals = table(r)
    out.print(Text(as_of_text(r), style="bold"))
    for part in ROLLUP_PARTS:
        out.print()
        out.print(_rollup_part(r, rows, totals, part, out.width))
    groups = families(r)
    for family in groups:
        out.print()
        out.print(Text(visible(family_title(family), one_line=True), style="bold"))
        out.print(_family_table(family, out.width))
    out.print()
    out.print(Text(f"{ROLLUP_RULE} {UNITS_RULE}" if groups else ROLLUP_RULE, style="dim"))


def _family_table(family: Family, width: int) -> Table:
    """A parent's tasks, each with its state and the units' tasks that carry it out."""
    from parplan.rollup.output import FAMILY_HEADERS, family_rows

    # the title takes what the others leave: "3/5 kế hoạch đơn vị đã hoàn thành" on one line
    widths = allot(width, [(5, 5), (13, 13), (20, 20), (12, 34), (30, 60)])
    widths[2] += max(0, width - 2 * (len(widths) - 1) - sum(widths))
    grid = plain_table()
    for header, wide in zip(FAMILY_HEADERS, widths, strict=True):
        text_column(grid, header, wide, justify="right" if header == "NV" else "left")
    rows = family_rows(family)
    for t, (number, state, title, done, units) in zip(family.tasks, rows, strict=True):
        state_text = Text(state, style=STATE_STYLES[t.state])
        grid.add_row(number, state_text, cell(title), done, cell(units))
    return grid


def render_children(c: Children, out: Console) -> None:
    """``status --children``: the parent's tasks the units' plans carry out, with how many of
    those plans have finished their part; the files left out (problems)."""
    from parplan.rollup.unitplans import NO_TASKS, UNITS_RULE, children_title, left_out_line

    out.print(Text(visible(children_title(c), one_line=True), style="bold"))
    if c.family.tasks:
        out.print(_family_table(c.family, out.width))
    else:
        out.print(NO_TASKS)
    for row in c.left_out:
        out.print(Text(visible(left_out_line(row), one_line=True), style="red"))
    out.print(Text(UNITS_RULE, style="dim"))


def _rollup_part(
    r: Rollup, rows: list[list[Any]], totals: list[Any], part: tuple[str, ...], width: int
) -> Table:
    from parplan.rollup.table import COLUMN_KEYS, HEADERS
    from parplan.rollup.table import text as value_text

    keys = ["issuer", "file", *COLUMN_KEYS, "problems"]
    wanted = [i for i, k in enumerate(keys) if i >= 2 and k.startswith(part)]
    texts = [[value_text(v, i) for i, v in enumerate(values)] for values in [*rows, totals]]
    wide = [max(len(t[i]) for t in texts) for i in wanted]
    wide = [
        max(n, *(len(w) for w in HEADERS[i].split())) for i, n in zip(wanted, wide, strict=True)
    ]
    title, *numbers = allot(width, [(16, 40), *((n, max(n, 8)) for n in wide)])
    grid = plain_table()
    text_column(grid, HEADERS[0], title)
    for i, n in zip(wanted, numbers, strict=True):
        text_column(grid, HEADERS[i], n, justify="right")
    for number, (t, row) in enumerate(zip(texts, [*r.rows, None], strict=True), 1):
        style = "bold" if number == len(texts) else "" if row is None or row.ok else "red"
        grid.add_row(cell(t[0]), *(t[i] for i in wanted), style=style)
    return grid
