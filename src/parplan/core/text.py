"""Vietnamese text compared the way people type it: without case, diacritics or spacing."""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: "Văn phòng Sở" -> "van phong so"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().replace("-", " ").split())


def ascii_words(text: str) -> list[str]:
    """The folded words of ``text`` in ASCII letters and digits, punctuation as spaces:
    "Phòng Tư pháp (Sở)" -> ["phong", "tu", "phap", "so"]."""
    return re.sub(r"[^a-z0-9 ]+", " ", fold(text)).split()
