"""Terminal output laid out here, not by rich: every terminal table parplan prints (``status``,
``deadlines``, ``indicators``, ``status --by-unit`` and ``--children``, ``rollup``; drawn by
``cli.board`` and ``cli.rollup_tables``). Rich's Table measured, wrapped and padded every cell
again and importing rich's console cost as much; these views start without either (issue #29).

The layout is rich's, line for line, so the views read as before: a paragraph or a cell wraps
at spaces with a longer word folded (``wrap``: rich's ``Text.wrap``), a table's columns are
two spaces apart, padded to their width, a too wide table shrunk as rich shrinks it (``Grid``);
widths are terminal cells (``rich.cells``, the one small module of rich loaded). Styles are
written as SGR codes in a terminal only, as rich wrote them for the views' console: colours
unless NO_COLOR is set, bold and dim always, nothing on a dumb terminal. Whatever is written is
shown through ``sanitize.visible``: no control character of a plan reaches the terminal.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from itertools import pairwise
from typing import IO, TYPE_CHECKING, Literal

from parplan.core.sanitize import visible

if TYPE_CHECKING:
    from types import ModuleType

Justify = Literal["default", "left", "right"]
Span = tuple[str, str]  # text, style: "", "bold", "dim", "red", "bold red", …
Line = list[Span]

_WORD = re.compile(r"\s*\S+\s*")
_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33"}
_COLOURS = {"red", "green", "yellow"}
TAB_SIZE = 8
# Text of these characters alone is one cell per character, as rich measures it (its own quick
# set: ASCII, Latin-1 to U+02FF, box drawing and blocks; and Vietnamese's precomposed letters,
# dashes, quotes, "…", arrows, "−", the targets' "≤" and "≥"): measured without loading
# rich.cells, which the rest needs (combining marks, wide characters). tests/test_screen.py
# holds rich to each of them.
NARROW = "\x20-\x7e\xa0-\xac\xae-\u02ff\u1e00-\u1eff\u2010-\u2027\u2190-\u21ff\u2212\u2264\u2265\u2500-\u25fc"
_NARROW = re.compile(f"[{NARROW}]*")


def _rich_cells() -> ModuleType:
    import rich.cells

    return rich.cells


def cell_len(text: str) -> int:
    """How many terminal cells ``text`` takes."""
    return len(text) if _NARROW.fullmatch(text) else int(_rich_cells().cell_len(text))


def chop_cells(text: str, width: int) -> list[str]:
    """``text`` in pieces of at most ``width`` cells."""
    if _NARROW.fullmatch(text):
        return [text[i : i + width] for i in range(0, len(text), width)]
    pieces: list[str] = _rich_cells().chop_cells(text, width)
    return pieces


def set_cell_size(text: str, width: int) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` cells."""
    if _NARROW.fullmatch(text):
        return text[:width] + " " * (width - len(text))
    fitted: str = _rich_cells().set_cell_size(text, width)
    return fitted


def _breaks(text: str, width: int, fold: bool, size: Callable[[str], int]) -> list[int]:
    """Where a line of ``text`` breaks to fit ``width`` cells (``size`` measures a piece):
    each word with its trailing spaces, a word longer than a line folded (or left whole when
    not ``fold``)."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = size(word.rstrip())
        if width - offset >= length:
            offset += size(word)
        elif length > width:
            if not fold:
                if start:
                    breaks.append(start)
                offset = size(word)
                continue
            pieces = chop_cells(word, width)
            for i, piece in enumerate(pieces):
                if start:
                    breaks.append(start)
                if i == len(pieces) - 1:
                    offset = size(piece)
                else:
                    start += len(piece)
        elif offset and start:
            breaks.append(start)
            offset = size(word)
    return breaks


def _expand_tabs(line: str) -> str:
    """A tab becomes a space and as many more as reach the next stop of TAB_SIZE cells."""
    out, position = [], 0
    for part in re.split(r"(?<=\t)", line):
        if part.endswith("\t"):
            part = part[:-1] + " "
            position += cell_len(part)
            if position % TAB_SIZE:
                part += " " * (TAB_SIZE - position % TAB_SIZE)
                position += TAB_SIZE - position % TAB_SIZE
        else:
            position += cell_len(part)
        out.append(part)
    return "".join(out)


def wrap(
    text: str,
    width: int,
    justify: Justify = "default",
    *,
    no_wrap: bool = False,
    overflow: Literal["fold", "ellipsis"] = "fold",
) -> list[str]:
    """``text`` in lines of at most ``width`` cells: "left" pads each to the width, "right"
    pads on the left, "default" leaves them as wrapped; ``no_wrap`` keeps each line whole
    and cuts what does not fit (with "…" when ``overflow`` says so)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            line = _expand_tabs(line)
        # one look at the line: one cell a character, or rich measures each piece
        size: Callable[[str], int] = len if _NARROW.fullmatch(line) else cell_len
        if no_wrap:
            pieces = [line]
        else:
            edges = [0, *_breaks(line, width, overflow == "fold", size), len(line)]
            pieces = [line[a:b] for a, b in pairwise(edges)]
            pieces = [_rstrip_beyond(piece, width) for piece in pieces]
        for piece in pieces:
            if justify == "right":
                piece = piece.rstrip()
            if size(piece) > width:
                piece = (
                    set_cell_size(piece, width - 1) + "…"
                    if overflow == "ellipsis"
                    else set_cell_size(piece, width)
                )
            if justify == "left":
                piece += " " * (width - size(piece))
            elif justify == "right":
                piece = " " * (width - size(piece)) + piece
            lines.append(piece)
    return lines


def _rstrip_beyond(piece: str, width: int) -> str:
    """Trailing spaces past ``width`` characters dropped; those within it kept."""
    excess = len(piece) - width
    if excess <= 0:
        return piece
    spaces = len(piece) - len(piece.rstrip())
    return piece[: len(piece) - min(spaces, excess)]


class Column:
    """A column of a ``Grid``: a fixed ``width`` wraps its cells (unless ``no_wrap``: a line
    too long is cut with "…"); without one, it is as wide as its widest line (never narrower
    than ``min_width``) and a cell is never wrapped. ``whole``: each line of its cells is one
    figure ("≥ 100%", "6 tháng/2024"), which a table that ``fits`` never wraps."""

    def __init__(
        self,
        header: str,
        width: int | None = None,
        justify: Literal["left", "right"] = "left",
        min_width: int | None = None,
        no_wrap: bool = False,
        whole: bool = False,
    ) -> None:
        self.header, self.width, self.justify, self.min_width = header, width, justify, min_width
        self.no_wrap, self.whole = no_wrap, whole


class Grid:
    """A borderless table: the header in bold (its cells at the bottom), columns two spaces
    apart, each line padded to the table's width; a cell wraps in a column of fixed width and
    folds a longer word; a column without a width takes its widest line. Wider than the
    screen, every column gives up an even share, as rich's tables do (a cell then folds, or is
    cut with "…"). Plain classes, not dataclasses: nothing to generate on each start."""

    def __init__(self) -> None:
        self.columns: list[Column] = []
        self.rows: list[tuple[list[Span], str]] = []

    def add(self, *columns: Column) -> None:
        self.columns.extend(columns)

    def row(self, *cells: str | Span, style: str = "") -> None:
        self.rows.append(([(c, "") if isinstance(c, str) else c for c in cells], style))

    def _pads(self) -> list[int]:
        last = len(self.columns) - 1
        return [(i > 0) + (i < last) for i in range(last + 1)]

    def fits(self, room: int) -> bool:
        """Whether the table is drawn in ``room`` without cropping it, cutting a cell or
        parting a word its own width kept whole: a column that does not wrap keeps its width;
        one that wraps, its width or at least its longest word (and its cells' longest line
        when ``whole``)."""
        columns = zip(self.columns, self._pads(), self._texts(), strict=True)
        natural, drawn = self._natural(room), self._widths(room)
        if sum(drawn) > room:  # cropped at the screen's edge
            return False
        for (column, pad, texts), own, width in zip(columns, natural, drawn, strict=True):
            need = own
            if column.width is not None and not column.no_wrap:
                pieces = [w for text in texts for w in text.split()]
                if column.whole:
                    pieces += [line for text in texts[1:] for line in text.split("\n")]
                longest = max(map(cell_len, pieces), default=0)
                need = min(own, longest + pad)
            if width < need:
                return False
        return True

    def _texts(self) -> list[list[str]]:
        """Each column's header and cells."""
        cells = [[c.header] for c in self.columns]
        for row, _ in self.rows:
            for i, (text, _style) in enumerate(row):
                cells[i].append(text)
        return cells

    def _natural(self, room: int) -> list[int]:
        """Each column's width with its padding before the table is fitted to ``room``."""
        widths = []
        for column, pad, texts in zip(self.columns, self._pads(), self._texts(), strict=True):
            if column.width is not None:
                widths.append(min(column.width + pad, room))
            else:
                widest = max(cell_len(line) for text in texts for line in text.split("\n"))
                widths.append(max(min(widest + pad, room), _least(column, pad)) or 1)
        return widths

    def _widths(self, room: int) -> list[int]:
        """Each column's width with its padding, as rich measures it."""
        pads = self._pads()
        widths = self._natural(room)
        if sum(widths) > room:
            widths = _reduce(sum(widths) - room, widths)
            widths = [
                w if c.width is not None else max(w, _least(c, pad))
                for w, c, pad in zip(widths, self.columns, pads, strict=True)
            ]
        return widths

    def lines(self, room: int) -> list[Line]:
        """The table's lines: each cell its padding (a space at each inner edge), its text
        wrapped in what is left, and blank lines below it down to the row's tallest cell."""
        last = len(self.columns) - 1
        widths = self._widths(room)
        header = ([(c.header, "") for c in self.columns], "bold")
        out: list[Line] = []
        for number, (cells, style) in enumerate([header, *self.rows]):
            blocks = []
            for i, ((text, cell_style), column) in enumerate(zip(cells, self.columns, strict=True)):
                inner = widths[i] - (i > 0) - (i < last)
                wraps = column.width is not None and not column.no_wrap
                overflow: Literal["fold", "ellipsis"] = "fold" if wraps else "ellipsis"
                # a column shrunk below its padding shows blanks (rich renders no line in it)
                block = (
                    wrap(text, inner, column.justify, no_wrap=not wraps, overflow=overflow)
                    if inner > 0
                    else []
                )
                blocks.append((block, " ".join(s for s in (style, cell_style) if s)))
            height = max(1, *(len(block) for block, _ in blocks))
            if number == 0:  # the header sits on the rows: its shorter cells lowered
                blocks = [([""] * (height - len(b)) + b, st) for b, st in blocks]
            for n in range(height):
                line: Line = []
                for i, (block, cell_style) in enumerate(blocks):
                    text = block[n] if n < len(block) else ""
                    if not text:
                        line.append((" " * widths[i], style))
                        continue
                    line += [(" " * (i > 0), style), (text, cell_style), (" " * (i < last), style)]
                out.append(line)
        return out


def _least(column: Column, pad: int) -> int:
    return 0 if column.min_width is None else column.min_width + pad


def _reduce(excess: int, widths: list[int]) -> list[int]:
    """``excess`` taken from the columns in even shares (rich's ``ratio_reduce``)."""
    out: list[int] = []
    count = sum(1 for w in widths if w)
    for width in widths:
        if not width:
            out.append(width)
            continue
        share = min(width, round(excess / count))
        out.append(width - share)
        excess -= share
        count -= 1
    return out


class Screen:
    """Where a view prints: ``width`` cells wide, styled in a terminal only."""

    def __init__(self, file: IO[str], width: int, styles: bool, colours: bool) -> None:
        self.file, self.width = file, width
        self.styles, self.colours = styles, colours

    def print(self, text: str = "", style: str = "", *, one_line: bool = False) -> None:
        """A paragraph wrapped at the width; ``one_line`` is never wrapped (a command the
        terminal may fold, but that copies whole)."""
        lines = [text] if one_line else wrap(text, self.width)
        self.lines([[(line, style)] for line in lines])

    def lines(self, lines: list[Line]) -> None:
        if not self.styles:  # piped: the text alone, escaped at once
            text = "".join("".join(t for t, _ in line) + "\n" for line in lines)
            self.file.write(visible(text))
            return
        self.file.write("".join(self._line(line) + "\n" for line in lines))

    def grid(self, grid: Grid) -> None:
        lines = grid.lines(self.width)
        if sum(cell_len(text) for text, _ in lines[0]) > self.width:  # wider than the screen
            lines = [_crop_line(line, self.width) for line in lines]
        self.lines(lines)

    def _line(self, line: Line) -> str:
        return "".join(self._styled(visible(text), style) for text, style in line if text)

    def _styled(self, text: str, style: str) -> str:
        codes = [_SGR[w] for w in style.split() if self.colours or w not in _COLOURS]
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text


def _crop_line(line: Line, width: int) -> Line:
    out: Line = []
    for text, style in line:
        size = cell_len(text)
        if size > width:
            out.append((set_cell_size(text, width), style))
            break
        out.append((text, style))
        width -= size
    return out


def screen(file: IO[str] | None = None) -> Screen:
    """The screen of a view: stdout; in a terminal, its width as rich finds it, else COLUMNS
    (``columns``). Styled when rich would style: a terminal (or TTY_COMPATIBLE=1, FORCE_COLOR)
    that is not dumb; colours in a real terminal without NO_COLOR."""
    out = file or sys.stdout
    tty = out.isatty() if hasattr(out, "isatty") else False
    env = os.environ
    compatible, forced = env.get("TTY_COMPATIBLE", ""), env.get("FORCE_COLOR")
    terminal = compatible == "1" or (
        compatible != "0" and (tty if forced is None else forced != "")
    )
    dumb = terminal and env.get("TERM", "").lower() in ("dumb", "unknown")
    width = _terminal_width(dumb) if tty else columns(env.get("COLUMNS"))
    styles = terminal and not dumb
    return Screen(out, width, styles, colours=styles and tty and not env.get("NO_COLOR"))


def _terminal_width(dumb: bool) -> int:
    """COLUMNS, else the width of the first standard stream that is a terminal, else 80;
    80 on a dumb terminal unless LINES is set too (rich's rule)."""
    value, lines = os.environ.get("COLUMNS", ""), os.environ.get("LINES", "")
    if dumb and not (value.isdigit() and lines.isdigit()):
        return 80
    if value.isdigit():
        return int(value) or 80
    for stream in (0, 1, 2):
        try:
            return os.get_terminal_size(stream).columns or 80
        except OSError:
            continue
    return 80


def columns(value: str | None, default: int = 100) -> int:
    """The width COLUMNS asks for, when it is a width at all ("abc", "0", "" are not)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return default
    return min(max(int(text), 40), 1000)
