"""Reading generated HTML the way the tests need it: well-formedness, text, figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "input", "hr", "col", "rect"}


@dataclass
class Page:
    tags: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    attrs: list[dict[str, str]] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # (area, state or figure) -> text, from rows marked data-area
    cells: dict[tuple[str, str], str] = field(default_factory=dict)
    # (unit id, state or figure) -> text, from rows marked data-unit (the front page's units)
    unit_cells: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


class _Reader(HTMLParser):
    """Checks that every element is closed in order, and collects what the tests read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[str] = []
        self.area = ""
        self.table: dict[tuple[str, str], str] = self.page.cells
        self.cell: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append(tag)
        self.page.attrs.append(values)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.page.headings.append(int(tag[1]))
        if tag == "tr":
            self.area = values.get("data-area") or values.get("data-unit") or ""
            self.table = self.page.cells if "data-area" in values else self.page.unit_cells
        what = values.get("data-state") or values.get("data-figure")
        if tag == "td" and self.area and what:
            self.cell = (self.area, what)
            self.table[self.cell] = ""
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append(tag)
        self.page.attrs.append({k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.page.problems.append(f"</{tag}> closes <{self.open[-1] if self.open else ''}>")
            return
        self.open.pop()
        if tag == "td":
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)
        if self.cell is not None:
            self.table[self.cell] += data.strip()


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    if reader.open:
        reader.page.problems.append(f"unclosed: {reader.open}")
    return reader.page
