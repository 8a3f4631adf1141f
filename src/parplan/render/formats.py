"""The format of an output, decided from its file name (one function for every command that
writes a file: report, publish, calendar, export, schema, form, …).

``-o x.docx`` is Word and ``-o x.md`` Markdown without ``--format``; ``-o -`` is standard
output, for text formats only. A ``--format`` that contradicts the extension, an extension
no format owns, or one the command does not write, is a usage error (exit 2) raised before
anything is built or written. A name without an extension takes ``--format``.
"""

from __future__ import annotations

from pathlib import Path

from parplan.core.errors import UsageError

EXTENSIONS: dict[str, tuple[str, ...]] = {
    "md": (".md", ".markdown"),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "ics": (".ics",),
    "json": (".json",),
    "yaml": (".yaml", ".yml"),
    "html": (".html", ".htm"),
    "csv": (".csv",),
    "txt": (".txt",),
}
BINARY = frozenset({"docx", "xlsx"})  # never written to a terminal or a pipe
STDOUT = "-"


def format_of_name(name: str) -> str | None:
    """The format a file name's extension says, or None."""
    lowered = name.lower()
    for fmt, extensions in EXTENSIONS.items():
        if lowered.endswith(extensions):
            return fmt
    return None


def _listing(allowed: tuple[str, ...]) -> str:
    return ", ".join(EXTENSIONS.get(a, (f".{a}",))[0] for a in allowed)


def output_format(
    output: str | Path,
    allowed: tuple[str, ...],
    requested: str | None = None,
    *,
    option: str = "--format",
) -> str:
    """The format to write ``output`` in. ``allowed``: the command's formats, the first
    being the default for standard output; ``requested``: the --format given, if any."""
    if requested is not None and requested not in allowed:
        raise UsageError(f"{option}: '{requested}' không hợp lệ; cần {' hoặc '.join(allowed)}")
    name = str(output)
    if name == STDOUT:
        return _stdout_format(allowed, requested)
    if not name.strip():
        raise UsageError(f"-o: tên tệp trống; cần một tệp {_listing(allowed)}")
    inferred = format_of_name(Path(name).name)
    suffix = Path(name).suffix
    if inferred is None:
        if not suffix and requested is not None:
            return requested
        what = f"đuôi tệp '{suffix}' không rõ định dạng" if suffix else "tệp không có đuôi"
        raise UsageError(f"{name}: {what}; cần {_listing(allowed)}")
    if inferred not in allowed:
        raise UsageError(f"{name}: lệnh này không ghi tệp {suffix}; cần {_listing(allowed)}")
    if requested is not None and requested != inferred:
        raise UsageError(
            f"{option} {requested} mâu thuẫn với tên tệp {name} ({inferred}): "
            f"bỏ {option} hoặc đổi đuôi tệp"
        )
    return inferred


def _stdout_format(allowed: tuple[str, ...], requested: str | None) -> str:
    if requested is not None:
        if requested in BINARY:
            raise UsageError(
                f"-o -: {requested} không in ra màn hình được; cần một tệp "
                f"{EXTENSIONS[requested][0]}"
            )
        return requested
    text = [a for a in allowed if a not in BINARY]
    if not text:
        raise UsageError(f"-o -: định dạng này không in ra màn hình được; cần {_listing(allowed)}")
    return text[0]
