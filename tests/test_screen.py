"""``cli.screen`` lays out what rich laid out for ``status`` and ``deadlines``, byte for byte:
paragraphs and cells wrapped as rich wraps them, tables as rich draws a borderless table at
the widths parplan gives its columns (shrunk as rich shrinks them when the screen is
narrower), styles written as rich writes them in a terminal. Rich itself is the reference."""

from __future__ import annotations

import io
import re

import pytest
from rich import cells as rich_cells
from rich.console import Console, JustifyMethod, OverflowMethod
from rich.table import Table
from rich.text import Text

from parplan.cli.screen import NARROW, Column, Grid, Justify, Screen, cell_len, screen, wrap
from parplan.cli.terminal import console, plain_table, text_column

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


def tables(width: int) -> tuple[Table, Grid]:
    """The same table both ways: natural columns (one with a least width), fixed columns of
    running text, a right-justified one, a styled cell and a bold row."""
    table, grid = plain_table(), Grid()
    table.add_column("Hạn", no_wrap=True, justify="right")
    grid.add(Column("Hạn", justify="right"))
    table.add_column("Số", no_wrap=True, min_width=5)
    grid.add(Column("Số", min_width=5))
    for header, wide, justify in (("Nội dung", 24, "left"), ("Quá\nhạn", 3, "right")):
        text_column(table, header, wide, justify=justify)
        grid.add(Column(header, wide, justify))  # type: ignore[arg-type]
    text_column(table, "Chủ trì", max(8, width - 50))
    grid.add(Column("Chủ trì", max(8, width - 50)))
    rows = [
        ("31/01/2024\ntrễ 141 ngày", "NV 1", TEXTS[2], ("12", "red"), "TC-PC, VP (0/5 đơn vị)", ""),
        ("", "Tháng 01", TEXTS[4], ("0", ""), TEXTS[7], "bold"),
        ("30/06/2024", "", TEXTS[8], ("10.000", "red"), "", ""),
    ]
    for due, label, title, (count, style), lead, row_style in rows:
        table.add_row(due, label, title, Text(count, style=style), lead, style=row_style)
        grid.row(due, label, title, (count, style), lead, style=row_style)
    return table, grid


@pytest.mark.parametrize("width", [10, 20, 33, 40, 47, 60, 80, 100, 140])
@pytest.mark.parametrize("styled", [False, True], ids=["piped", "terminal"])
def test_a_grid_is_drawn_as_richs_table(width: int, styled: bool) -> None:
    table, grid = tables(width)
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
    console.print(table)
    console.print(Text(TEXTS[2] + " " + TEXTS[4], style="dim"))
    screen = Screen(ours, width, styles=styled, colours=styled)
    screen.grid(grid)
    screen.print(TEXTS[2] + " " + TEXTS[4], "dim")
    assert ours.getvalue() == theirs.getvalue()


def test_the_characters_measured_without_rich_are_one_cell_in_rich() -> None:
    ranges = re.findall(r"(.)(?:-(.))?", NARROW)
    chars = [chr(c) for a, b in ranges for c in range(ord(a), ord(b or a) + 1)]
    assert len(chars) > 700 and "ệ" in chars and "−" in chars and "→" in chars
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
def test_the_rich_views_style_and_size_as_the_screen_does(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool
) -> None:
    """Whether to style, to colour and how wide: the rich views (indicators, roll-up) take
    ``cli.screen``'s answer, so they print what ``status`` would in the same place."""
    for name in ("NO_COLOR", "TERM", "FORCE_COLOR", "TTY_COMPATIBLE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    theirs, ours = (_Terminal(), _Terminal()) if tty else (io.StringIO(), io.StringIO())
    view, shown = console(theirs), screen(ours)
    assert view.width == shown.width
    view.print(Text("Quá hạn", style="bold red"), Text(" 3 việc", style="dim"), sep="")
    shown.lines([[("Quá hạn", "bold red"), (" 3 việc", "dim")]])
    assert theirs.getvalue() == ours.getvalue()
