"""The format of an output file, decided from its name (one function for every command)."""

from __future__ import annotations

from pathlib import Path

from parplan.errors import UsageError


def output_format(output: str, allowed: tuple[str, ...]) -> str:
    """``md`` for ``x.md`` or ``-`` (Markdown on stdout), ``docx`` for ``x.docx``, …: the
    extension, if it is one of ``allowed``; anything else is a usage error naming them."""
    if output == "-" and "md" in allowed:
        return "md"
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in allowed:
        wanted = ", ".join(f".{a}" for a in allowed)
        raise UsageError(f"{output}: không rõ định dạng từ đuôi tệp; cần {wanted} hoặc '-'")
    return suffix
