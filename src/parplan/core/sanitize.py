"""The one output-sanitising home: text from a plan, a file name or an option value, on its
way to a person (terminal, diff, GitHub annotation, calendar) or to a machine (JSON).

Control characters (C0 but tab and line feed, DEL, C1, the Unicode line/paragraph separators
and the bidirectional overrides and isolates) are shown as visible escapes (``\\x1b``, ``\\u2028``) so that plan text can never
drive the terminal or the file it is written to. JSON is always RFC 8259: no NaN/Infinity, and
C1 controls written as ``\\u`` escapes.
"""

from __future__ import annotations

import re
from typing import Any

# Every character these patterns match is one Python calls non-printable, so text that is
# printable (tab and line feed aside) has none: the patterns are compiled (re caches them) only
# for text that is not. Compiling the three at import cost ~5 million instructions of each start.
# The bidirectional overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) count as
# controls: in a terminal they reorder what follows them, so a name could show other text than
# it holds ("Trojan Source", CVE-2021-42574); a Vietnamese plan has no right-to-left text.
_CONTROL = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_CONTROL_ONE_LINE = "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
_JSON_UNSAFE = "[\x7f-\x9f\u2028\u2029]"


def _printable(text: str) -> bool:
    """No character of the patterns above but tab and line feed (``isprintable`` is one pass
    in C; it says no, too, for spaces other than ' ', which the patterns then clear)."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as an escape. Tab and line feed are kept,
    unless ``one_line`` (file names, option values, single-line fields), which escapes them too.
    """
    if text.isprintable() or (not one_line and _printable(text)):
        return text
    pattern = re.compile(_CONTROL_ONE_LINE if one_line else _CONTROL)
    return pattern.sub(lambda m: _escape(m.group()), text)


def controls_in(text: str) -> list[str]:
    """The distinct control characters of ``text`` that ``visible`` would escape, in order
    of first appearance (what ``check`` warns about)."""
    if _printable(text):
        return []
    return list(dict.fromkeys(re.findall(_CONTROL, text)))


def plain_line(text: str) -> str:
    """One line of text for a one-line field (a title in a diff or a calendar, a message): every
    run of white space, line breaks included, is one space; other controls shown as escapes."""
    return visible(" ".join(text.split()), one_line=True)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as valid JSON (RFC 8259) with readable Vietnamese: raises ValueError on NaN or
    Infinity rather than printing them; DEL, C1 controls and U+2028/9 are ``\\u`` escapes."""
    import json  # here: a view printed as a table, or `check`, does not load the json package

    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    if _printable(text):
        return text
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
