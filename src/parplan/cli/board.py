"""A plan's views on the terminal (``status``, ``deadlines``, ``indicators``, ``status
--by-unit``): their tables at the widths parplan gives their columns, printed through
``cli.screen``, the one renderer of every terminal table (rich is not loaded for them). The
roll-up's views (``rollup``, ``status --children``, in ``cli.rollup_tables``) take their
shared pieces (states' styles, bars, widths, titles) from here.
"""

from __future__ import annotations

from datetime import date

from parplan.cli.blocks import INDENT, heading, indented, packed, row_blocks
from parplan.cli.screen import Column, Grid, Line, Screen, Span, cell_len
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
from parplan.tracking.progress import (
    STATUS_LABELS,
    IndicatorProgress,
    actual_text,
    percent_of_target_text,
    target_text,
)
from parplan.tracking.units import ROLE_LABELS, role_of

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


def bar(percent: float, width: int = BAR_WIDTH) -> str:
    filled = round(max(0.0, min(percent, 100.0)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


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


def unit_label(plan: Plan, unit_ids: tuple[str, ...]) -> str:
    names = []
    for uid in unit_ids:
        unit = plan.units_by_id.get(uid)
        names.append((unit.short or unit.name) if unit else uid)
    return ", ".join(names)


def title_lines(plan: Plan, file: str, as_of: date, *more: str) -> list[Span]:
    """The two lines above a view's table: the plan's title; its file, the day, ``more``."""
    said = " · ".join(
        (f"Tệp: {visible(file, one_line=True)}", f"Ngày xét: {format_date(as_of)}", *more)
    )
    return [(visible(plan.plan.title), "bold"), (said, "")]


def print_title(out: Screen, plan: Plan, file: str, as_of: date, *more: str) -> None:
    for text, style in title_lines(plan, file, as_of, *more):
        out.print(text, style)


def header(d: Dashboard) -> list[Span]:
    meta = d.plan.plan
    info = f"Tệp: {d.file} · Ngày xét: {format_date(d.as_of)}"
    if d.unit:
        info += f" · Đơn vị: {d.plan.unit_name(d.unit)}"
    lines = [(visible(meta.title), "bold"), (visible(info, one_line=True), "")]
    if d.phase == "ended":
        lines.append((f"Kế hoạch năm {meta.year} đã kết thúc (31/12/{meta.year}).", "yellow"))
    elif d.phase == "before":
        lines.append((f"Kế hoạch năm {meta.year} chưa bắt đầu (01/01/{meta.year}).", "yellow"))
    return lines


AREA_COUNTS = ("Xong", "Quá hạn", "Sắp hạn", "Chưa hạn", "Không hạn", "Hủy", "Tổng")
SHARE_HEADER = "Tỷ lệ hoàn thành"
SHARE_WIDTH = max(BAR_WIDTH + 1 + len("100%"), len(SHARE_HEADER))
PERCENT_WIDTH = len("thành")  # the share alone ("100%", "86,2%"), its header a word a line


def area_table(d: Dashboard, width: int) -> Grid:
    """Headers on one line when the area titles keep 36 columns, else a word per line; on a
    screen still too narrow for titles of 16, the share without its bar (the percent alone).
    A count column is never narrower than its widest number (10.000 items in an area)."""
    rows = [*d.areas, d.totals]  # the totals last, in bold
    counts = [_counts(r) for r in rows]
    numbers = [max(len(c[i]) for c in counts) for i in range(len(AREA_COUNTS))]
    wide = [max(len(label), n) for label, n in zip(AREA_COUNTS, numbers, strict=True)]

    def room(share: int) -> int:  # what is left for the titles
        return width - sum(wide) - share - 2 * (len(AREA_COUNTS) + 1)

    if room(SHARE_WIDTH) < 36:
        wide = [
            max(n, *(len(w) for w in label.split()))
            for label, n in zip(AREA_COUNTS, numbers, strict=True)
        ]
    with_bar = room(SHARE_WIDTH) >= 16
    share_width = SHARE_WIDTH if with_bar else PERCENT_WIDTH
    least = max(8, min(16, room(share_width)))  # titles narrower than 16 only on a narrow screen
    title, *_ = allot(width, [(least, 10**6), *((n, n) for n in wide), (share_width,) * 2])
    table = Grid()
    table.add(Column("Lĩnh vực", title))
    for label, n in zip(AREA_COUNTS, wide, strict=True):
        table.add(Column(label if n >= len(label) else label.replace(" ", "\n"), n, "right"))
    table.add(Column(SHARE_HEADER, share_width, "left" if with_bar else "right"))

    for number, (row, (done, overdue, *rest)) in enumerate(zip(rows, counts, strict=True), 1):
        share = row.percent_done
        percent = f"{format_percent(share):>5}"
        table.row(
            visible(row.title),
            done,
            (overdue, "red" if row.counts["overdue"] else ""),
            *rest,
            f"{bar(share or 0.0)} {percent}" if with_bar else percent,
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
) -> Grid:
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
    table = Grid()
    table.add(Column("Hạn", justify="right" if compact else "left"))
    if not compact:
        table.add(Column("Ngày", justify="right"))
    if show_state:
        table.add(Column("Trạng thái"))
    table.add(Column("Số"))
    if unit:
        table.add(Column("Vai trò"))
    table.add(Column("Nội dung", title_width))
    table.add(Column("Chủ trì", lead_width))
    for r, (due, days) in zip(rows, dates, strict=True):
        cells: list[str | Span] = [f"{due}\n{days}".strip()] if compact else [due, days]
        if show_state:
            cells.append((SHORT_STATE_LABELS[r.state], STATE_STYLES[r.state]))
        cells.append(r.item.label)
        if unit:
            cells.append(_role(plan, unit, r))
        cells += _title_and_lead(plan, r)
        table.row(*cells)
    return table


def print_items(
    out: Screen,
    plan: Plan,
    rows: list[Tracked],
    *,
    show_state: bool = False,
    unit: str | None = None,
) -> None:
    """The items as a table when its columns fit the screen, else as blocks (a due date or a
    label would be cut)."""
    table = item_table(plan, rows, out.width, show_state=show_state, unit=unit)
    if table.fits(out.width):
        out.grid(table)
    else:
        out.lines(item_blocks(plan, rows, out.width, show_state=show_state, unit=unit))


def _role(plan: Plan, unit: str, r: Tracked) -> str:
    role = role_of(plan, unit, r.item)
    return ROLE_LABELS[role] if role else ""


def _title_and_lead(plan: Plan, r: Tracked) -> tuple[str, str]:
    """An item's title ("(dự kiến)" first when tentative) and its lead units (with how many
    units have done their part), shown."""
    title = ("(dự kiến) " if r.item.tentative else "") + r.item.title
    lead = unit_label(plan, r.item.lead)
    return visible(title), visible(f"{lead} ({r.units_text})" if r.units_text else lead)


# Below this width the area table of `status` would squeeze its columns (a word a line, a
# letter a line): each area is a block of lines instead (the items: when their table does not
# fit, ``print_items``).
BLOCKS_BELOW = 57


def area_blocks(d: Dashboard, width: int) -> list[Line]:
    """The area table for a narrow screen: each area's title, then its counts and share on
    indented lines (a count never parted from its label); the totals last, in bold."""
    lines: list[Line] = []
    rows = [*d.areas, d.totals]
    for number, row in enumerate(rows, 1):
        style = "bold" if number == len(rows) else ""
        counts = [f"{label} {n}" for label, n in zip(AREA_COUNTS, _counts(row), strict=True)]
        chunks: list[Span] = [(text, "") for text in counts]
        chunks[1] = (counts[1], "red" if row.counts["overdue"] else "")
        chunks.append((f"{SHARE_HEADER} {format_percent(row.percent_done)}", ""))
        lines += heading(visible(row.title), width, style) + packed(chunks, width, style)
    return lines


def item_blocks(
    plan: Plan,
    rows: list[Tracked],
    width: int,
    *,
    show_state: bool = False,
    unit: str | None = None,
) -> list[Line]:
    """The item table for a narrow screen: per item a line of its state, due date, days,
    label and role, then its title and its lead units, indented; a blank line between items."""
    lines: list[Line] = []
    for r in rows:
        if lines:
            lines.append([])
        chunks: list[Span] = [(r.item.due_text(), ""), (days_text(r.days, r.state, r.workdays), "")]
        if show_state:
            chunks.insert(0, (SHORT_STATE_LABELS[r.state], STATE_STYLES[r.state]))
        chunks.append((r.item.label, ""))
        if unit and (role := _role(plan, unit, r)):
            chunks.append((role, ""))
        title, lead = _title_and_lead(plan, r)
        lines += packed([c for c in chunks if c[0]], width, indent="")
        lines += indented(title, width) + indented(f"Chủ trì: {lead}", width)
    return lines


def print_limited(d: Dashboard, title: str, rows: list[Tracked], state: State, out: Screen) -> None:
    """The first LIST_LIMIT items, then the command that lists them all, on one line (the
    terminal may fold it, but copying it gives the whole command)."""
    out.print(f"{title} ({format_number(len(rows))})", STATE_STYLES[state])
    if rows:
        print_items(out, d.plan, rows[:LIST_LIMIT], unit=d.unit)
    if len(rows) > LIST_LIMIT:
        command = visible(deadlines_command(d, state), one_line=True)
        hint = f"… và {format_number(len(rows) - LIST_LIMIT)} mục khác: {command}"
        out.print(hint, "dim", one_line=True)


def indicator_line(d: Dashboard) -> str:
    c = {state: format_number(n) for state, n in d.indicator_counts.items()}
    total = format_number(sum(d.indicator_counts.values()))
    return (
        f"Chỉ tiêu: {c['met']} đạt · {c['not_met']} chưa đạt · {c['no_data']} chưa có số liệu"
        f" (tổng {total})"
    )


def render_status(d: Dashboard, out: Screen) -> None:
    for text, style in header(d):
        out.print(text, style)
    out.print()
    if out.width < BLOCKS_BELOW:
        out.lines(area_blocks(d, out.width))
    else:
        out.grid(area_table(d, out.width))
    out.print(SHARE_RULE, "dim")
    out.print()
    soon = f"Sắp đến hạn trong {d.within.label}"
    print_limited(d, "Quá hạn", d.overdue, "overdue", out)
    print_limited(d, soon, d.due_soon, "due_soon", out)
    out.print()
    out.print(indicator_line(d))


def render_deadlines(
    plan: Plan,
    file: str,
    as_of: date,
    rows: list[Tracked],
    out: Screen,
    unit: str | None = None,
) -> None:
    print_title(out, plan, file, as_of, f"{format_number(len(rows))} mục")
    if not rows:
        out.print("Không có mục nào khớp bộ lọc.")
        return
    print_items(out, plan, rows, show_state=True, unit=unit)


def _two_lines(header: str) -> str:
    """A header on two lines, the longer as short as can be ("Tỷ lệ\nhoàn thành"), so a
    column of numbers stays narrow."""
    words = header.split()
    if len(words) < 2:
        return header
    lines = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return "\n".join(min(lines, key=lambda pair: max(map(len, pair))))


def render_by_unit(
    plan: Plan, file: str, as_of: date, boards: dict[str, Dashboard], out: Screen
) -> None:
    """`status --by-unit`: one row per unit, the figures of its own `status --unit`."""
    print_title(out, plan, file, as_of)
    out.print()
    table = by_unit_table(plan, boards, out.width)
    if table.fits(out.width):
        out.grid(table)
    else:  # the last figures would be cut off
        out.lines(row_blocks(table, out.width))
    out.print(BY_UNIT_RULE, "dim")


def by_unit_table(plan: Plan, boards: dict[str, Dashboard], width: int) -> Grid:
    headers = [_two_lines(c.header) for c in UNIT_COLUMNS]
    numbers = [max(5, *map(len, h.split("\n"))) for h in headers]
    table = Grid()
    table.add(Column("Đơn vị", max(8, width - sum(numbers) - 2 * len(numbers))))
    for header, wide in zip(headers, numbers, strict=True):
        table.add(Column(header, justify="right", min_width=wide))
    for unit, board in boards.items():
        table.row(visible(plan.unit_name(unit)), *(c.text(board.totals) for c in UNIT_COLUMNS))
    return table


def _period(p: IndicatorProgress) -> str:
    """The period of the figure shown, short: "6 tháng/2024"."""
    return p.measurement.parsed_period.short_label if p.measurement else ""


INDICATOR_STYLES = {"met": "green", "not_met": "red", "no_data": "dim"}


def render_indicators(
    plan: Plan, file: str, as_of: date, rows: list[IndicatorProgress], out: Screen
) -> None:
    """A table per area: target in short, latest value and period, percent with a bar."""
    print_title(out, plan, file, as_of, f"{format_number(len(rows))} chỉ tiêu")
    groups: dict[str | None, list[IndicatorProgress]] = {}
    for row in rows:
        groups.setdefault(row.indicator.area, []).append(row)
    order = [None, *(a.id for a in plan.areas)]
    tables = {k: indicator_table(groups[k], out.width) for k in order if k in groups}
    # an id, a target or a figure that a table would part: every area in blocks alike
    fit = all(table.fits(out.width) for table in tables.values())
    for key, table in tables.items():
        area = plan.areas_by_id.get(key) if key else None
        title = f"{area.number}. {area.title}" if area else "Chỉ tiêu chung (mục I)"
        out.print()
        out.print(visible(title), "bold")
        if fit:
            out.grid(table)
        else:
            out.lines(indicator_blocks(groups[key], out.width))


TARGET_LABEL, ACTUAL_LABEL, SHARE_LABEL, STATUS_LABEL = (
    "Kế hoạch",
    "Thực hiện",
    "% kế hoạch",
    "Đánh giá",
)


def indicator_blocks(rows: list[IndicatorProgress], width: int) -> list[Line]:
    """The indicator table for a narrow screen: per indicator its id and text, then its
    target, latest figure with its period, percent of target and assessment, each beside its
    label on indented lines; a blank line between indicators."""
    lines: list[Line] = []
    for p in rows:
        if lines:
            lines.append([])
        period = f"({_period(p)})" if p.measurement else ""
        figure = [visible(f"{ACTUAL_LABEL} {actual_text(p)}"), period]
        if cell_len(" ".join(figure)) <= width - len(INDENT):
            figure = [" ".join(figure).strip()]  # the period beside its figure, else below
        share = percent_of_target_text(p)
        chunks: list[Span] = [
            (f"{TARGET_LABEL} {target_text(p.indicator)}", ""),
            *((text, "") for text in figure if text),
            *([(f"{SHARE_LABEL} {share}", "")] if share else []),
            (f"{STATUS_LABEL} {STATUS_LABELS[p.status]}", INDICATOR_STYLES[p.status]),
        ]
        lines += heading(f"[{p.indicator.id}]", width) + indented(visible(p.indicator.text), width)
        lines += packed(chunks, width)
    return lines


def indicator_table(rows: list[IndicatorProgress], width: int) -> Grid:
    """Per indicator: its id on a line of its own (never cut: `record` needs it), the target
    as written below it, the figures beside; percent bars when there is room."""
    bars = width >= 100
    shares = [percent_of_target_text(p) or "" for p in rows]
    # as wide as the header, or the widest share ("101,41%") with its bar of 5 and a space
    pct_width = max([10 if bars else 4, *(len(s) + (6 if bars else 0) for s in shares if s)])
    widest_id = max(len(p.indicator.id) + 2 for p in rows)
    figures = [visible(f"{actual_text(p)}\n{_period(p)}".strip()) for p in rows]
    # a figure ("1.245/1.250", "≥ 100%") or a period ("6 tháng/2024") is never parted: its
    # column as wide as the longest (the table is blocks where they do not fit, ``fits``)
    targets = [target_text(p.indicator) for p in rows]
    widest_figure = min(17, max(cell_len(x) for f in figures for x in [*f.split("\n"), ""]))
    widest_target = min(19, max(cell_len(t) for t in targets))
    # room goes first to the assessment, then the figures, then the target, then the text
    status, actual, target, text = allot(
        width - pct_width - 2,
        [
            (8, 15),
            (max(8, widest_figure), 17),
            (max(8, widest_target), 19),
            (max(20, widest_id), 10**6),
        ],
    )
    table = Grid()
    table.add(Column("Chỉ tiêu", text))
    table.add(Column(TARGET_LABEL, target, whole=True))
    table.add(Column(f"{ACTUAL_LABEL} (kỳ)", actual, whole=True))
    table.add(Column(SHARE_LABEL if bars else "%", pct_width, no_wrap=True))
    table.add(Column(STATUS_LABEL, status))
    for p, pct_text, figure, goal in zip(rows, shares, figures, targets, strict=True):
        pct = p.percent_of_target
        if bars and pct is not None:
            pct_text = f"{bar(pct, 5)} {pct_text}"
        table.row(
            visible(f"[{p.indicator.id}]\n{p.indicator.text}"),
            goal,
            figure,
            pct_text,
            (STATUS_LABELS[p.status], INDICATOR_STYLES[p.status]),
        )
    return table
