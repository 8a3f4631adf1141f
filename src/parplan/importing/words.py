"""Words of a plan: folding for comparison, ids made from words, markers, doubts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from parplan.core.fields import ID_MAX_LENGTH, WINDOWS_RESERVED
from parplan.core.text import ascii_words

DOUBT_PREFIX = "import: cần rà soát — "

# Words that carry no meaning in an id ("phấn đấu 100% các …").
_STOP = frozenset(
    re.split(
        r"\s+",
        "cac cua va duoc la de tai trong theo voi cho ve mot nhung khi thi phai co tu "
        "dat tren da se",
    )
)
_STOP_PHRASES = ("phan dau", "toi thieu", "it nhat", "ty le")
MARKER = re.compile(
    r"^(?P<m>[IVX]+[.)]|\d+(?:\.\d+)+\.?|\d+[.)]|[a-zđ]\)|[-+*•–])\s+(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def marker_kind(marker: str) -> str:
    """'roman', 'decimal' (1.1), 'number', 'letter' or 'bullet': numbering styles differ
    between plans, so a heading's level is the order in which its style first appears."""
    if re.fullmatch(r"[IVX]+[.)]", marker):
        return "roman"
    if re.fullmatch(r"\d+(?:\.\d+)+\.?", marker):
        return "decimal" + str(marker.rstrip(".").count("."))
    if re.fullmatch(r"\d+[.)]", marker):
        return "number"
    if re.fullmatch(r"[a-zđ]\)", marker, re.IGNORECASE):
        return "letter"
    return "bullet"


def split_marker(text: str) -> tuple[str, str]:
    """("1.", "Văn phòng Sở") from "1. Văn phòng Sở"; ("", text) without a marker."""
    m = MARKER.match(text)
    # "I" alone could be a pronoun-less word in English, never in Vietnamese headings;
    # a single letter marker must be followed by text.
    if m and m["rest"].strip():
        return m["m"], m["rest"].strip()
    return "", text.strip()


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def slug(text: str, words: int = 6, *, keep_stop: bool = False) -> str:
    folded = f" {' '.join(ascii_words(text))} "
    for phrase in () if keep_stop else _STOP_PHRASES:
        folded = folded.replace(f" {phrase} ", " ")
    parts = folded.split()
    kept = [p for p in parts if keep_stop or (p not in _STOP and not p.isdigit())]
    out = "-".join((kept or parts or ["muc"])[:words])[: ID_MAX_LENGTH - 4].strip(
        "-"
    )  # room for -NN
    return f"{out}-1" if out in WINDOWS_RESERVED else out  # a valid id (model._check_id)


def unique_id(base: str, taken: set[str]) -> str:
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    taken.add(out)
    return out


def has_words(text: str, *phrases: str) -> bool:
    folded = f" {' '.join(ascii_words(text))} "
    return any(f" {p} " in folded for p in phrases)


@dataclass(frozen=True)
class Doubt:
    where: str  # paragraph/line number, or "bảng 2, dòng 5"
    what: str  # what was placed ("chỉ tiêu 'sipas'")
    why: str  # why it needs a look


@dataclass
class Doubts:
    items: list[Doubt] = field(default_factory=list)

    def add(self, where: str, what: str, why: str) -> str:
        self.items.append(Doubt(where, what, why))
        return DOUBT_PREFIX + why


def add_note(item: dict[str, Any], note: str | None) -> None:
    """Notes accumulate: the document's own note first, then each doubt."""
    if not note:
        return
    old = item.get("note")
    item["note"] = f"{old}; {note}" if old else note


_ACRONYMS = {"CCHC", "TTHC", "UBND", "HĐND", "CNTT", "PAR", "INDEX", "SIPAS", "VBQPPL"}
_PLACE = ("thành phố", "tỉnh", "quận", "huyện", "thị xã", "xã", "phường")


def sentence_case(text: str) -> str:
    """An upper-case heading as a title: "CẢI CÁCH THỂ CHẾ" -> "Cải cách thể chế", and the
    name of a place after its kind: "UBND THÀNH PHỐ HÀ NỘI" -> "UBND thành phố Hà Nội"."""
    if not is_upper(text):
        return text
    words = [w if w.strip(",.;:()") in _ACRONYMS else w.lower() for w in text.split()]
    out = " ".join(words)
    for kind in _PLACE:
        out = re.sub(
            rf"(?<!\w)({kind}) (.+)$",
            lambda m: f"{m[1]} " + " ".join(w[:1].upper() + w[1:] for w in m[2].split()),
            out,
            count=1,
        )
    return out[:1].upper() + out[1:]
