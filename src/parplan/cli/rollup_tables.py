"""The roll-up's views on the terminal: ``rollup`` and ``status --children``, drawn by
``cli.screen`` as every terminal table is, with ``cli.board``'s shared pieces (states' styles,
widths). The roll-up's modules load with these views only (``status`` alone never imports it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parplan.cli.blocks import indented, packed, row_blocks
from parplan.cli.board import STATE_STYLES, allot
from parplan.cli.screen import Column, Grid, Line, Screen
from parplan.core.sanitize import visible

if TYPE_CHECKING:  # the roll-up's modules load with `rollup` and `status --children` only
    from parplan.rollup.table import Rollup
    from parplan.rollup.unitplans import Children, Family

ROLLUP_PARTS = (
    ("tasks_", "percent_on_time", "problems"),
    ("obligations_", "indicators_"),
)


def render_rollup(r: Rollup, out: Screen) -> None:
    """The roll-up (``rollup.table``) as two tables that fit the terminal, the plans in the
    same order in both: the tasks (with the on-time share and the problem count), then the
    obligations and indicators; the total row in bold, plans with problems in red."""
    from parplan.rollup.output import as_of_text, family_title
    from parplan.rollup.table import ROLLUP_RULE, table
    from parplan.rollup.unitplans import UNITS_RULE, families

    rows, totals = table(r)
    out.print(as_of_text(r), "bold")
    for part in ROLLUP_PARTS:
        out.print()
        grid = rollup_part(r, rows, totals, part, out.width)
        if grid.fits(out.width):
            out.grid(grid)
        else:  # too narrow for the figures' columns: each plan's name, then its figures
            out.lines(row_blocks(grid, out.width))
    groups = families(r)
    for family in groups:
        out.print()
        out.print(visible(family_title(family), one_line=True), "bold")
        print_family(family, out)
    out.print()
    out.print(f"{ROLLUP_RULE} {UNITS_RULE}" if groups else ROLLUP_RULE, "dim")


def family_table(family: Family, width: int) -> Grid:
    """A parent's tasks, each with its state and the units' tasks that carry it out."""
    from parplan.rollup.output import FAMILY_HEADERS, family_rows

    # the title takes what the others leave: "3/5 kế hoạch đơn vị đã hoàn thành" on one line
    widths = allot(width, [(5, 5), (13, 13), (20, 20), (12, 34), (30, 60)])
    widths[2] += max(0, width - 2 * (len(widths) - 1) - sum(widths))
    grid = Grid()
    for header, wide in zip(FAMILY_HEADERS, widths, strict=True):
        grid.add(Column(header, wide, "right" if header == "NV" else "left"))
    rows = family_rows(family)
    for t, (number, state, title, done, units) in zip(family.tasks, rows, strict=True):
        grid.row(number, (state, STATE_STYLES[t.state]), visible(title), done, visible(units))
    return grid


def print_family(family: Family, out: Screen) -> None:
    """The family's table when its columns fit the screen, else a block a task."""
    grid = family_table(family, out.width)
    if grid.fits(out.width):
        out.grid(grid)
    else:
        out.lines(family_blocks(family, out.width))


def family_blocks(family: Family, width: int) -> list[Line]:
    """Per parent task: its number and state, then its title, how many units' plans have
    finished it and the units' tasks, indented; a blank line between tasks."""
    from parplan.rollup.output import FAMILY_HEADERS, family_rows

    lines: list[Line] = []
    rows = family_rows(family)
    for t, (number, state, title, done, units) in zip(family.tasks, rows, strict=True):
        if lines:
            lines.append([])
        lines += packed([(f"NV {number}", ""), (state, STATE_STYLES[t.state])], width, indent="")
        lines += indented(visible(title), width) + indented(f"{FAMILY_HEADERS[3]}: {done}", width)
        for unit in units.split("\n") if t.children else []:  # each "unit: NV 5 — state"
            lines += indented(visible(unit), width)
    return lines


def render_children(c: Children, out: Screen) -> None:
    """``status --children``: the parent's tasks the units' plans carry out, with how many of
    those plans have finished their part; the files left out (problems)."""
    from parplan.rollup.unitplans import NO_TASKS, UNITS_RULE, children_title, left_out_line

    out.print(visible(children_title(c), one_line=True), "bold")
    if c.family.tasks:
        print_family(c.family, out)
    else:
        out.print(NO_TASKS)
    for row in c.left_out:
        out.print(visible(left_out_line(row), one_line=True), "red")
    out.print(UNITS_RULE, "dim")


def rollup_part(
    r: Rollup, rows: list[list[Any]], totals: list[Any], part: tuple[str, ...], width: int
) -> Grid:
    """One of the roll-up's tables: the plans' names, then the columns whose keys start with
    one of ``part``'s prefixes."""
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
    grid = Grid()
    grid.add(Column(HEADERS[0], title))
    for i, n in zip(wanted, numbers, strict=True):
        grid.add(Column(HEADERS[i], n, "right"))
    for number, (t, row) in enumerate(zip(texts, [*r.rows, None], strict=True), 1):
        style = "bold" if number == len(texts) else "" if row is None or row.ok else "red"
        grid.row(visible(t[0]), *(t[i] for i in wanted), style=style)
    return grid
