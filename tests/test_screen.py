"""``cli.screen`` lays out what rich laid out for every terminal view, byte for byte:
paragraphs and cells wrapped as rich wraps them, tables as rich draws a borderless table at
the widths parplan gives its columns (shrunk as rich shrinks them when the screen is
narrower), styles written as rich writes them in a terminal. Rich itself is the reference:
each table a view builds (``status``, ``deadlines``, ``indicators``, ``--by-unit``, the
roll-up, ``--children``) is drawn both ways from real plans (``as_rich``)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich import cells as rich_cells
from rich.console import Console, JustifyMethod, OverflowMethod
from rich.table import Table
from rich.text import Text

from parplan.cli.board import area_table, by_unit_table, indicator_table, item_table
from parplan.cli.rollup_tables import ROLLUP_PARTS, family_table, rollup_part
from parplan.cli.screen import NARROW, Column, Grid, Justify, Screen, cell_len, screen, wrap
from parplan.document.loader import load_plan
from parplan.rollup.table import rollup, table
from parplan.rollup.unitplans import families
from parplan.tracking.dashboard import build, by_unit
from parplan.tracking.progress import evaluate

from .conftest import DATA, PLAN_2024
from .depth import DEEP, deep

TEXTS = [
    "",
    "   ",
    "Rà soát, đơn giản hóa, kiểm tra, kiểm soát việc thực hiện TTHC và thông tin tuyên truyền",
    "Công khai kết quả giải quyết TTHC,  phản ánh kiến nghị hằng tháng ",
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma=1.001",
    "31/01/2024\n→ 03/02/2024\ncòn 154 ngày làm việc",
    "cột\tcột hai\tba",
    "Kiểm tra nội vụ",  # decomposed: combining marks take no cell
    "报告 年度计划 行政改革 报告年度计划行政改革",  # wide characters
    "dòng một\n\ndòng ba\n",
]
WIDTHS = [1, 2, 3, 5, 8, 13, 21, 40, 100]


def rich_lines(
    text: str, width: int, justify: JustifyMethod, no_wrap: bool, overflow: OverflowMethod
) -> list[str]:
    lines = Text(text).wrap(
        Console(width=200), width, justify=justify, overflow=overflow, no_wrap=no_wrap
    )
    return [line.plain for line in lines]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("justify", ["default", "left", "right"])
def test_wrap_is_richs(width: int, justify: Justify) -> None:
    for text in TEXTS:
        assert wrap(text, width, justify) == rich_lines(text, width, justify, False, "fold")
        kept = wrap(text, width, justify, no_wrap=True, overflow="ellipsis")
        assert kept == rich_lines(text, width, justify, True, "ellipsis")


def as_rich(grid: Grid) -> Table:
    """The grid's columns and rows as rich's borderless table (as parplan drew its views with
    rich): a column without a width never wraps (min_width kept); a fixed one is running
    text, folded, or (``no_wrap``) cut with "…"; a cell's style is its text's, a row's the
    row's."""
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    for c in grid.columns:
        if c.width is None:
            table.add_column(c.header, justify=c.justify, no_wrap=True, min_width=c.min_width)
        elif not c.no_wrap:
            table.add_column(c.header, justify=c.justify, width=c.width, overflow="fold")
        else:
            table.add_column(c.header, justify=c.justify, width=c.width, no_wrap=True)
    for cells, style in grid.rows:
        table.add_row(*(Text(text, style=st) for text, st in cells), style=style)
    return table


def drawn_both_ways(grid: Grid, width: int, styled: bool) -> tuple[str, str]:
    """The grid drawn by ``cli.screen`` and by rich, followed by a dim paragraph."""
    theirs, ours = io.StringIO(), io.StringIO()
    console = Console(
        file=theirs,
        width=width,
        force_terminal=styled,
        color_system="standard" if styled else None,
        no_color=False,  # conftest sets NO_COLOR: colours asked for here
        highlight=False,
        markup=False,
        emoji=False,
    )
    console.print(as_rich(grid))
    console.print(Text(TEXTS[2] + " " + TEXTS[4], style="dim"))
    shown = Screen(ours, width, styles=styled, colours=styled)
    shown.grid(grid)
    shown.print(TEXTS[2] + " " + TEXTS[4], "dim")
    return ours.getvalue(), theirs.getvalue()


def mixed(width: int) -> Grid:
    """Natural columns (one with a least width), fixed columns of running text, a
    right-justified one, one that is cut rather than wrapped, a styled cell and a bold row."""
    grid = Grid()
    grid.add(Column("Hạn", justify="right"))
    grid.add(Column("Số", min_width=5))
    grid.add(Column("Nội dung", 24))
    grid.add(Column("Quá\nhạn", 3, "right"))
    grid.add(Column("%", 4, no_wrap=True))
    grid.add(Column("Chủ trì", max(8, width - 56)))
    rows = [
        ("31/01/2024\ntrễ 141 ngày", "NV 1", TEXTS[2], ("12", "red"), "100%", "TC-PC, VP", ""),
        ("", "Tháng 01", TEXTS[4], ("0", ""), "1234%", TEXTS[7], "bold"),
        ("30/06/2024", "", TEXTS[8], ("10.000", "red"), "报告年", "", ""),
    ]
    for due, label, title, (count, style), pct, lead, row_style in rows:
        grid.row(due, label, title, (count, style), pct, lead, style=row_style)
    return grid


@pytest.mark.parametrize("width", [10, 20, 33, 40, 47, 60, 80, 100, 140])
@pytest.mark.parametrize("styled", [False, True], ids=["piped", "terminal"])
def test_a_grid_is_drawn_as_richs_table(width: int, styled: bool) -> None:
    ours, theirs = drawn_both_ways(mixed(width), width, styled)
    assert ours == theirs


AS_OF = date(2024, 6, 20)
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
NFD = DATA / "plans" / "valid" / "nfd.yaml"


def _family_plans(folder: Path) -> list[Path]:
    """plans/2024.yaml and a unit's plan (the progress fixture) naming it as its parent."""
    parent = folder / "2024.yaml"
    parent.write_bytes(PLAN_2024.read_bytes())
    text = PROGRESS.read_text("utf-8").replace(
        "  year: 2024\n", '  year: 2024\n  parent: "2024.yaml"\n', 1
    )
    for number, numbers in ((1, "[5]"), (2, "[5, 6]"), (3, "[22]")):
        line = f"  - number: {number}\n"
        text = text.replace(line, f"{line}    implements: {numbers}\n", 1)
    child = folder / "unit.yaml"
    child.write_text(text, "utf-8")
    return [parent, child, NFD]


def view_tables(folder: Path) -> dict[str, Callable[[int], Grid]]:
    """Every table a terminal view builds, from real plans, at a width."""
    plans = {path.stem: load_plan(path) for path in (PLAN_2024, PROGRESS, NFD)}
    views: dict[str, Callable[[int], Grid]] = {}
    for name, plan in plans.items():
        board = build(plan, name, AS_OF)
        rows = board.snapshot.rows
        units = by_unit(plan, name, AS_OF)
        ind = [evaluate(i, AS_OF) for i in plan.indicators]
        views |= {
            f"status-{name}": lambda w, b=board: area_table(b, w),
            f"deadlines-{name}": lambda w, p=plan, r=rows: item_table(p, r, w, show_state=True),
            f"indicators-{name}": lambda w, i=ind: indicator_table(i, w),
            f"by-unit-{name}": lambda w, p=plan, u=units: by_unit_table(p, u, w),
        }
    r = rollup(_family_plans(folder), date(2024, 6, 30), AS_OF)
    rows, totals = table(r)
    for n, part in enumerate(ROLLUP_PARTS):
        views[f"rollup-{n}"] = lambda w, part=part: rollup_part(r, rows, totals, part, w)
    [family] = families(r)
    views["children"] = lambda w: family_table(family, w)
    return views


# the widths every view's tables are drawn at: all ten in make test-deep (~4 CPU-s a style), every
# other one in make test
WIDTHS = (40, 47, 57, 62, 70, 80, 99, 100, 120, 200)


@deep
@pytest.mark.parametrize("styled", [False, True], ids=["piped", "terminal"])
def test_every_views_table_is_drawn_as_richs(tmp_path: Path, styled: bool) -> None:
    for name, made in view_tables(tmp_path).items():
        for width in WIDTHS if DEEP else WIDTHS[::2]:
            ours, theirs = drawn_both_ways(made(width), width, styled)
            assert ours == theirs, (name, width)


def test_the_characters_measured_without_rich_are_one_cell_in_rich() -> None:
    ranges = re.findall(r"(.)(?:-(.))?", NARROW)
    chars = [chr(c) for a, b in ranges for c in range(ord(a), ord(b or a) + 1)]
    assert len(chars) > 700 and "ệ" in chars and "−" in chars and "→" in chars and "≥" in chars
    assert [c for c in chars if rich_cells.cell_len(c) != 1] == []


def test_other_text_is_measured_by_rich() -> None:
    for text in TEXTS:
        assert cell_len(text) == rich_cells.cell_len(text)
    assert cell_len("Kiểm") == 4 and cell_len("报告") == 4


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"NO_COLOR": "1"},
        {"TERM": "dumb"},
        {"FORCE_COLOR": "1"},
        {"TTY_COMPATIBLE": "0"},
        {"TTY_COMPATIBLE": "1", "COLUMNS": "57"},
    ],
    ids=repr,
)
@pytest.mark.parametrize("tty", [False, True], ids=["piped", "terminal"])
def test_the_screen_styles_as_rich_styled_the_views(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool
) -> None:
    """Whether to style and to colour, written as rich wrote them for the views' console
    (made from the screen's answers, as parplan made it)."""
    for name in ("NO_COLOR", "TERM", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    theirs, ours = (_Terminal(), _Terminal()) if tty else (io.StringIO(), io.StringIO())
    shown = screen(ours)
    view = Console(
        file=theirs,
        width=shown.width,
        force_terminal=shown.styles,
        no_color=not shown.colours,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )
    view.print(Text("Quá hạn", style="bold red"), Text(" 3 việc", style="dim"), sep="")
    shown.lines([[("Quá hạn", "bold red"), (" 3 việc", "dim")]])
    assert theirs.getvalue() == ours.getvalue()
