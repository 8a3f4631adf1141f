"""Edit a plan file as a transaction: read, edit the text, validate the whole result, then
write atomically, refusing if the file changed on disk in the meantime."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from parplan.errors import PlanFileNotFound, PlanInvalid, UsageError
from parplan.loader import plan_from_text
from parplan.model import Plan
from parplan.output import atomic_write
from parplan.record import Edit
from parplan.splice import Document
from parplan.yamlio import BOM, YamlProblem, read_text


class FileChanged(UsageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: tệp đã bị thay đổi trong lúc ghi; không ghi đè — hãy chạy lại lệnh"
        )


@dataclass(frozen=True)
class Outcome:
    path: Path
    summary: str
    diff: str
    written: bool


def edit_plan(
    path: Path,
    edit: Callable[[Document, Plan], Edit],
    *,
    today: date,
    dry_run: bool = False,
) -> Outcome:
    if not path.is_file():
        raise PlanFileNotFound(path)
    original = path.read_bytes()
    try:
        text = read_text(path)
    except YamlProblem as exc:
        raise PlanInvalid(
            path, [exc.problem.located(str(path), exc.problem.line, exc.problem.column)]
        ) from None
    doc, plan = _open(text, str(path), today)  # the plan must be valid to start with
    result = edit(doc, plan)
    plan_from_text(result.text, str(path), as_of=today)  # and valid with the edit applied
    if dry_run or result.text == text:
        diff = "".join(
            difflib.unified_diff(
                text.splitlines(True),
                result.text.splitlines(True),
                fromfile=str(path),
                tofile=f"{path} (sau khi ghi)",
            )
        )
        return Outcome(path, result.summary, diff, written=False)
    data = ((BOM if original.startswith(BOM.encode()) else "") + result.text).encode("utf-8")
    if path.read_bytes() != original:
        raise FileChanged(path)
    if not _writable(path):
        raise UsageError(f"{path}: tệp chỉ đọc, không ghi được")
    atomic_write(path, data)
    return Outcome(path, result.summary, "", written=True)


def _open(text: str, file: str, today: date) -> tuple[Document, Plan]:
    """The text's node tree (for the edit) and its validated plan, parsing the text once;
    any problem is reported exactly as `check` reports it."""
    from parplan import fastyaml, yamlio
    from parplan.loader import validate_data

    try:
        doc = Document(text)
        data = fastyaml.to_data(doc.root)
        yamlio._check_depth(data)
    except Exception:  # any refusal: let the reading path locate and word it
        data = None
    if data is not None:
        data = data if unicodedata.is_normalized("NFC", text) else yamlio.nfc(data)
        plan, problems = validate_data(data, as_of=today)
        if plan is not None and not problems:
            return doc, plan
    plan_from_text(text, file, as_of=today)  # raises PlanInvalid with located problems
    raise AssertionError("unreachable: a plan that fails one reading passed the other")


def _writable(path: Path) -> bool:
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
