"""Vietnamese text compared the way people type it: without case, diacritics or spacing."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping


def fold(text: str) -> str:
    """Lower case without diacritics: "Văn phòng Sở" -> "van phong so"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().replace("-", " ").split())


def says_something(*texts: str | None) -> bool:
    """Whether any of ``texts`` shows anything: spaces and zero-width characters (format
    characters, U+200B) alone are no evidence and no explanation."""
    return any(
        not ch.isspace() and unicodedata.category(ch) != "Cf"
        for text in texts
        if text
        for ch in text
    )


def ascii_words(text: str) -> list[str]:
    """The folded words of ``text`` in ASCII letters and digits, punctuation as spaces:
    "Phòng Tư pháp (Sở)" -> ["phong", "tu", "phap", "so"]."""
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text)).split()


def matching(query: str, names: Mapping[str, Iterable[str]]) -> list[str]:
    """The ids whose names match what a person typed, compared folded: those with a name
    equal to it, else those with a name containing it (a unique part is enough)."""
    q = fold(query)
    folded = {key: [fold(n) for n in ns if n] for key, ns in names.items()}
    exact = [key for key, ns in folded.items() if q in ns]
    return exact or [key for key, ns in folded.items() if any(q in n for n in ns)]
