"""Word's automatic numbering, as displayed: "I.", "1.", "a)", "-" in front of a paragraph
whose number Word draws itself (the text holds no marker). Counted per list in document
order, from the numbering definitions of the file (w:numbering); bullets become "-"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.oxml.ns import qn

from parplan.core.decree30 import roman


def _letter(n: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]


def _format(kind: str, n: int) -> str:
    if kind == "upperRoman":
        return roman(n)
    if kind == "lowerRoman":
        return roman(n).lower()
    if kind == "upperLetter":
        return _letter(n).upper()
    if kind == "lowerLetter":
        return _letter(n)
    return str(n)


LEVELS = 9  # a Word list has levels 0-8 (w:ilvl)


def _start(level: Any) -> int:
    """The number a list level starts at (w:start); 1 when absent or not a number."""
    value = _val(level, "w:start") or "1"
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 1


def _child(parent: Any, tag: str, key: str, value: str) -> Any:
    """The first ``tag`` child of ``parent`` whose attribute ``key`` is ``value``."""
    if parent is None:
        return None
    return next((c for c in parent.iterchildren(qn(tag)) if c.get(qn(key)) == value), None)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class Numbering:
    """The displayed marker of each numbered paragraph, counted in document order."""

    def __init__(self, document: Any, style_num_pr: Callable[[str | None], Any]) -> None:
        """``style_num_pr``: the numbering a paragraph style id gives (looked up once)."""
        self._style_num_pr = style_num_pr
        try:
            self._root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            self._root = None
        self._counters: dict[str, list[int]] = {}
        self._levels: dict[tuple[str, int], Any] = {}

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None:
            num_pr = self._style_num_pr(paragraph._p.style)
        if num_pr is None or num_pr.numId is None:
            return None
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        return str(num_pr.numId.val), int(ilvl)

    def _level(self, num_id: str, ilvl: int) -> Any:
        """The definition of a list level, searched for once."""
        if (num_id, ilvl) not in self._levels:
            self._levels[num_id, ilvl] = self._find_level(num_id, ilvl)
        return self._levels[num_id, ilvl]

    def _find_level(self, num_id: str, ilvl: int) -> Any:
        if self._root is None:
            return None
        # compared as values, never spliced into an XPath: the ids are the file's own text
        # (abstractNumId="1\"]]" was an XPath syntax error, 'lỗi nội bộ')
        num = _child(self._root, "w:num", "w:numId", num_id)
        abstract = _val(num, "w:abstractNumId")
        if abstract is None:
            return None
        definition = _child(self._root, "w:abstractNum", "w:abstractNumId", abstract)
        return _child(definition, "w:lvl", "w:ilvl", str(ilvl))

    def marker(self, paragraph: Any) -> str | None:
        """ "II." for the second item of a "I." list; "-" for a bullet; None: not numbered."""
        where = self._num_pr(paragraph)
        if where is None or where[0] == "0":  # numId 0 switches numbering off
            return None
        num_id, ilvl = where
        if not 0 <= ilvl < LEVELS:  # Word has levels 0-8: a list level out of them is no list
            return None
        level = self._level(num_id, ilvl)
        kind = _val(level, "w:numFmt") or "decimal"
        if kind in ("bullet", "none"):
            return "-" if kind == "bullet" else None
        counts = self._counters.setdefault(num_id, [0] * LEVELS)
        counts[ilvl] += 1
        counts[ilvl + 1 :] = [0] * (LEVELS - 1 - ilvl)
        text = _val(level, "w:lvlText") or f"%{ilvl + 1}."
        for i in range(ilvl + 1):
            start = _start(self._level(num_id, i))
            text = text.replace(f"%{i + 1}", _format(kind if i == ilvl else "decimal",
                                                     counts[i] + start - 1))  # fmt: skip
        return text.strip() or None
