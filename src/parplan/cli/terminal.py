"""Rendering for the terminal with rich: the indicators, the roll-up, ``status --by-unit`` and
``status --children`` (``status`` and ``deadlines`` themselves: ``cli.board``, without rich).

Colour only when stdout is a terminal and NO_COLOR is unset; fixed width when piped. Every
console made here shows control characters instead of sending them (``Visible``): plan text
is escaped before layout (``cell``) so widths are right, and whatever reaches the terminal is
escaped again, so nothing a plan holds can drive it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderHook
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from parplan.cli.board import STATE_STYLES, allot, bar, title_lines
from parplan.cli.screen import screen
from parplan.core.model import Plan
from parplan.core.numbers import format_number
from parplan.core.sanitize import visible
from parplan.tracking.dashboard import BY_UNIT_RULE, UNIT_COLUMNS, Dashboard
from parplan.tracking.progress import (
    STATUS_LABELS,
    IndicatorProgress,
    actual_text,
    percent_of_target_text,
    target_text,
)

if TYPE_CHECKING:  # the roll-up's modules load with `rollup` and `status --children` only
    from parplan.rollup.table import Rollup
    from parplan.rollup.unitplans import Children, Family


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
    """The console every terminal view prints through: nothing it prints is raw control.
    Where it prints, how wide, and whether it styles and colours are ``cli.screen``'s rules
    (one home: ``status`` and ``deadlines`` print through a ``Screen`` without rich)."""
    shown = screen(file)
    made = Console(
        file=shown.file,
        width=width or shown.width,
        force_terminal=shown.styles,
        no_color=not shown.colours,
        highlight=False,
        markup=False,  # plan text is never markup: "[sipas]" stays as written
        emoji=False,
        soft_wrap=False,
    )
    made.push_render_hook(_ShowControls())
    return made


def cell(text: str) -> Text:
    """Plan text for a table cell: control characters shown, never sent to the terminal."""
    return Text(visible(text))


def plain_table() -> Table:
    """Borderless; Rich gives each column its natural width and, when the terminal is
    narrower, wraps the wrappable ones (long words folded): nothing is cut."""
    return Table(box=None, pad_edge=False, show_edge=False, header_style="bold")


def text_column(table: Table, header: str, width: int, **kwargs: Any) -> None:
    """A column of running text ``width`` wide: wraps at spaces, folds a longer word; never
    cut with an ellipsis."""
    table.add_column(header, overflow="fold", width=width, **kwargs)


def _two_lines(header: str) -> str:
    """A header on two lines, the longer as short as can be ("Tỷ lệ\nhoàn thành"), so a
    column of numbers stays narrow."""
    words = header.split()
    if len(words) < 2:
        return header
    lines = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return "\n".join(min(lines, key=lambda pair: max(map(len, pair))))


def _title(plan: Plan, file: str, as_of: date, out: Console, *more: str) -> None:
    for text, style in title_lines(plan, file, as_of, *more):
        out.print(Text(text, style=style))


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
    shares = [percent_of_target_text(p) or "" for p in rows]
    # as wide as the header, or the widest share ("101,41%") with its bar of 5 and a space
    pct_width = max([10 if bars else 4, *(len(s) + (6 if bars else 0) for s in shares if s)])
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
    for p, pct_text in zip(rows, shares, strict=True):
        pct = p.percent_of_target
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
