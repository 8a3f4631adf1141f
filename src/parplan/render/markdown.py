"""Plan text in Markdown: the one escaper, for a paragraph (``md_text``) or a table cell
(``md_cell``). Cheap to import (no Jinja): the diff and the roll-up use it too."""

from __future__ import annotations

import re
from typing import Any

from parplan.core.sanitize import visible

# "~" strikes through and "@name" mentions someone where GitHub renders the text (a diff posted
# on a pull request); an address such as "a@b.vn" is left as written
_MD_SPECIAL = re.compile(r"([\\`*_<>|#~]|(?<!\w)@(?=\w))")
# a bracket is text unless it could make a link, an image, a reference definition or a task
# box: "](", "][" and "]:" are escaped, and a "[ ]" or "[x]" opening the text; a placeholder
# such as "[Họ và tên]" stays as written
_MD_BRACKET = re.compile(r"^(\s*)\[(?=[ xX]\])|\](?=[(\[:])")


def _md_escaped(value: Any) -> str:
    text = _MD_SPECIAL.sub(r"\\\g<0>", visible(str(value).replace("\t", " ")))
    return _MD_BRACKET.sub(lambda m: f"{m.group(1)}\\[" if m.group(1) is not None else "\\]", text)


def md_text(value: Any) -> str:
    """Plan text shown verbatim in Markdown: specials escaped, one paragraph per line."""
    text = _md_escaped(value)
    return re.sub(r"\s*\n\s*", " ", text).replace("\t", " ")


def md_cell(value: Any) -> str:
    """Like md_text, for a table cell: a line break becomes <br> so the row stays whole."""
    return re.sub(r"\r?\n", "<br>", _md_escaped(value))
