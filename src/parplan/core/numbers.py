"""Numbers typed the way Vietnamese write them (the one place that reads a typed number).

- A count is a whole number: ``1245``, ``1.245`` and ``1 245`` are 1245 (dot or space between
  thousands); ``2,5`` is refused (a count has no decimals).
- A value may have decimals: ``86,2`` and ``86.2`` are 86.2; ``1.245,5`` and ``1 245,5`` are
  1245.5.
- One separator followed by exactly three digits (``1.250``, ``1,250``) could be 1250 or
  1,25: it is refused with how to write either, never guessed (for a count, whose dot can
  only group thousands, ``1.250`` is 1250 and only ``1,250`` is refused).
- ``nan``, ``inf``, exponents (``1e400``) and anything that is not digits and separators are
  refused before anything is written.
"""

from __future__ import annotations

import re
from decimal import Decimal

from parplan.core.errors import UsageError

# Patterns, compiled (and cached by re) when a typed number is first read, not on every start.
_PLAIN = r"^\d+$"
_DOT_GROUPS = r"^\d{1,3}(\.\d{3})+$"
_SPACE_GROUPS = r"^\d{1,3}( \d{3})+$"
_ONE_SEPARATOR = r"^(\d+)([.,])(\d+)$"
_VN_DECIMAL = r"^(\d{1,3}(?:[. ]\d{3})+),(\d+)$"
LIMIT = 10**15  # larger than any count or value a plan records; keeps floats exact


class NumberProblem(UsageError):
    """A typed number that cannot be read unambiguously."""

    def __init__(self, option: str, text: str, why: str) -> None:
        super().__init__(f"{option}: '{text}' {why}")


def _grouped_integer(text: str) -> str | None:
    """``1245``, ``1.245``, ``1 245`` -> "1245"; else None."""
    if re.match(_PLAIN, text) or re.match(_DOT_GROUPS, text) or re.match(_SPACE_GROUPS, text):
        return text.replace(".", "").replace(" ", "")
    return None


def _normalise(text: str) -> tuple[str, bool]:
    """Spaces of any kind become one plain space; a leading minus is split off."""
    cleaned = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())
    negative = cleaned.startswith("-")
    return cleaned.lstrip("-").strip(), negative


def _checked(number: float, option: str, text: str) -> float:
    if abs(number) >= LIMIT:
        raise NumberProblem(option, text, "quá lớn")
    return number


def parse_count(text: str, option: str) -> int:
    """A whole number as typed (see module docstring)."""
    body, negative = _normalise(text)
    digits = _grouped_integer(body)
    if digits is not None:
        return int(_checked(float(digits), option, text)) * (-1 if negative else 1)
    m = re.match(_ONE_SEPARATOR, body)
    if m and m[2] == "," and len(m[3]) == 3:
        raise NumberProblem(
            option,
            text,
            f"không rõ nghĩa: viết {m[1]}{m[3]} hoặc {m[1]}.{m[3]} (dấu chấm ngăn cách hàng nghìn)",
        )
    if m or re.match(_VN_DECIMAL, body):
        raise NumberProblem(option, text, "phải là số nguyên (số lượng không có phần thập phân)")
    raise NumberProblem(option, text, "không phải là số nguyên (ví dụ 1245 hoặc 1.245)")


def parse_value(text: str, option: str) -> float:
    """A number with optional decimals as typed (see module docstring)."""
    body, negative = _normalise(text)
    sign = -1.0 if negative else 1.0
    if re.match(_PLAIN, body):
        return sign * _checked(float(body), option, text)
    m = re.match(_ONE_SEPARATOR, body)
    if m:
        if len(m[3]) == 3:
            # the decimal written so that it cannot be read as thousands: 1,25 or 99,1250
            decimals = m[3].rstrip("0") or "0"
            decimal = f"{m[1]},{decimals if len(decimals) < 3 else decimals + '0'}"
            raise NumberProblem(
                option,
                text,
                f"không rõ nghĩa: viết {m[1]}{m[3]} nếu là số nguyên, "
                f"hoặc {decimal} nếu là số thập phân",
            )
        return sign * _checked(float(f"{m[1]}.{m[3]}"), option, text)
    digits = _grouped_integer(body)
    if digits is not None:
        return sign * _checked(float(digits), option, text)
    m = re.match(_VN_DECIMAL, body)
    if m:
        whole = m[1].replace(".", "").replace(" ", "")
        return sign * _checked(float(f"{whole}.{m[2]}"), option, text)
    raise NumberProblem(option, text, "không phải là số (ví dụ 86,2 hoặc 1.245)")


def format_number(value: float | Decimal, places: int = 2) -> str:
    """A number as Vietnamese write it: at most ``places`` decimals after a comma, a dot
    between thousands ("86,2", "100", "1.245", "1.245,5")."""
    text = f"{abs(value):,.{places}f}"
    text = text.rstrip("0").rstrip(".") if places else text
    whole, _, decimals = text.partition(".")
    sign = "-" if value < 0 and text != "0" else ""
    return sign + whole.replace(",", ".") + (f",{decimals}" if decimals else "")


def _places(value: Decimal) -> int:
    """The decimals ``value`` is written with (two at least)."""
    return max(2, -int(value.as_tuple().exponent))


def format_exact(value: Decimal) -> str:
    """``value`` as ``format_number`` writes it, with every decimal it has ("0,2500001" where
    two decimals would say "0,25"): a figure a rule judges, said as judged."""
    return format_number(value, _places(value))


def format_apart(first: Decimal, second: Decimal) -> tuple[str, str]:
    """Two figures said side by side (one written, one added up), each as ``format_number``
    writes it, with the fewest decimals (two at least) that tell them apart when they differ:
    "7,5" and "7,4999", never "7,5" and "7,5" (at worst every decimal: ``format_exact``)."""
    for places in range(2, max(_places(first), _places(second))):
        shown = format_number(first, places), format_number(second, places)
        if shown[0] != shown[1] or first == second:
            return shown
    return format_exact(first), format_exact(second)


def format_percent(value: float | None) -> str:
    """ "86,2%" — one decimal at most, Vietnamese decimal comma; "—" when there is no share
    (nothing to take a share of)."""
    return "—" if value is None else f"{format_number(round(value, 1))}%"
