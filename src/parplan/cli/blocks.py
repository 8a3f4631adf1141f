"""Lines for a screen too narrow for a table: text in indented blocks, figures beside their
labels (``packed``), a table of figures as a block a row (``row_blocks``). Printed through
``cli.screen`` as every terminal view is; used by ``cli.board`` and ``cli.rollup_tables``.
"""

from __future__ import annotations

from parplan.cli.screen import Grid, Line, Span, cell_len, wrap

INDENT = "  "


def packed(chunks: list[Span], width: int, style: str = "", indent: str = INDENT) -> list[Line]:
    """``chunks`` joined by " · " on lines of at most ``width`` cells, each after ``indent``,
    a chunk never split across lines (one longer than a line is wrapped on lines of its own)."""
    room = width - len(indent)
    lines: list[Line] = []
    line: Line = []
    used = 0
    for text, chunk_style in chunks:
        spans = " ".join(s for s in (style, chunk_style) if s)
        size = cell_len(text)
        if line and used + 3 + size > room:
            lines.append(line)
            line, used = [], 0
        if size > room:
            lines += [[(indent, style), (piece, spans)] for piece in wrap(text, room)]
            continue
        line += [(" · " if line else indent, style), (text, spans)]
        used += size + (3 if used else 0)
    return [*lines, line] if line else lines


def indented(text: str, width: int) -> list[Line]:
    return [[(INDENT, ""), (line, "")] for line in wrap(text, width - len(INDENT))]


def heading(text: str, width: int, style: str = "") -> list[Line]:
    return [[(line, style)] for line in wrap(text, width)]


def row_blocks(grid: Grid, width: int) -> list[Line]:
    """A table of figures too wide for the screen (``--by-unit``, the roll-up): each row's
    first cell, then its other cells on indented lines, each after its column's header;
    empty cells left out. The row's style and each cell's kept."""
    lines: list[Line] = []
    for row, style in grid.rows:
        (name, _), *cells = row
        chunks: list[Span] = [
            (f"{' '.join(column.header.split())} {text}", cell_style)
            for column, (text, cell_style) in zip(grid.columns[1:], cells, strict=True)
            if text
        ]
        lines += heading(name, width, style) + packed(chunks, width, style)
    return lines
