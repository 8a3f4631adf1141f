"""Edit a plan file as a transaction: read, edit the text, validate the whole result, then
write atomically, refusing if the file changed on disk in the meantime."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.errors import PlanInvalid, UsageError
from parplan.files import STDIN, plan_lock, read_input, replace_file, require_input
from parplan.loader import plan_from_text
from parplan.model import Plan
from parplan.record import Edit
from parplan.splice import Document
from parplan.yamlio import BOM, YamlProblem, decode_plan


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
    removed: tuple[Path, ...] = ()  # stale temporary files of dead processes, removed


def edit_plan(
    path: Path,
    edit: Callable[[Document, Plan], Edit],
    *,
    today: date,
    dry_run: bool = False,
    force: bool = False,
) -> Outcome:
    """Read, edit, validate and replace the plan, holding the plan lock from the read to the
    rename (a dry run takes no lock: it writes nothing). ``force`` allows a hard-linked plan."""
    if str(path) == STDIN:
        raise UsageError("record: cần một tệp kế hoạch, không ghi được vào stdin (-)")
    require_input(path)
    if dry_run:
        return _edit(path, edit, today=today, dry_run=True, force=force)
    with plan_lock(path):
        return _edit(path, edit, today=today, dry_run=False, force=force)


def _edit(
    path: Path,
    edit: Callable[[Document, Plan], Edit],
    *,
    today: date,
    dry_run: bool,
    force: bool,
) -> Outcome:
    try:
        original = read_input(path)
        text = decode_plan(original)
    except YamlProblem as exc:
        raise PlanInvalid(
            path, [exc.problem.located(str(path), exc.problem.line, exc.problem.column)]
        ) from None
    doc, (read, plan) = _open(text, str(path), today)  # the plan must be valid to start with
    result = edit(doc, plan)
    _validate_edited(doc, read, result, str(path), today)  # and valid with the edit applied
    if result.text == text:
        return Outcome(path, result.summary, "", written=False)
    if dry_run:
        diff = line_diff(text, result.text, str(path), f"{path} (sau khi ghi)")
        return Outcome(path, result.summary, diff, written=False)
    data = ((BOM if original.startswith(BOM.encode()) else "") + result.text).encode("utf-8")
    if read_input(path) != original:  # changed by something that does not take the lock
        raise FileChanged(path)
    removed = replace_file(path, data, force=force)
    return Outcome(path, result.summary, "", written=True, removed=tuple(removed))


_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def line_diff(old: str, new: str, fromfile: str, tofile: str) -> str:
    """A unified diff, computed on the changed region only: difflib is quadratic in the
    worst case, and a one-item edit of a 50,000-task file must not wait on it."""
    a, b = old.splitlines(True), new.splitlines(True)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    start = max(0, head - 3)
    lines = []
    for line in difflib.unified_diff(
        a[start : len(a) - max(0, tail - 3)],
        b[start : len(b) - max(0, tail - 3)],
        fromfile=fromfile,
        tofile=tofile,
    ):
        match = _HUNK.match(line)
        if match:
            old_from, old_len, new_from, new_len = match.groups()
            line = (
                f"@@ -{int(old_from) + start}{old_len or ''} "
                f"+{int(new_from) + start}{new_len or ''} @@\n"
            )
        lines.append(line)
    return "".join(lines)


def _validate_edited(doc: Document, data: Any, result: Edit, file: str, today: date) -> None:
    """Validate the whole plan with the edit applied. When the edit is confined to one
    top-level item (and the text outside it is unchanged, which is checked), only that item's
    lines are parsed again and put into the data already read; otherwise, or on any problem,
    the whole edited text is read as `check` reads it, for located messages."""
    from parplan.loader import validate_data

    if data is not None and result.item is not None:
        item = _reparsed_item(doc, result)
        if item is not None:
            section, index = result.item
            edited = {**data, section: [*data[section]]}
            edited[section][index] = item
            plan, problems = validate_data(edited, as_of=today)
            if plan is not None and not problems:
                return
    plan_from_text(result.text, file, as_of=today)


def _reparsed_item(doc: Document, result: Edit) -> Any:
    """The edited item read from its own lines of the new text, or None when the edit
    reached outside them."""
    from parplan import fastyaml, yamlio

    assert result.item is not None
    node = doc.node(result.item)
    if node is None:
        return None
    old, new = doc.text.splitlines(True), result.text.splitlines(True)
    first, end = node.start_mark.line, node.end_mark.line
    if end < len(old) and old[end][: node.end_mark.column].strip():
        return None  # the item ends mid-line (flow style): not confined to whole lines
    grown = len(new) - len(old)
    if old[:first] != new[:first] or old[end:] != new[end + grown :]:
        return None
    block = "".join(new[first : end + grown])
    try:
        items = fastyaml.load(block)
    except Exception:  # the reading path reports it
        return None
    if not isinstance(items, list) or len(items) != 1:
        return None
    return items[0] if unicodedata.is_normalized("NFC", block) else yamlio.nfc(items[0])


def _open(text: str, file: str, today: date) -> tuple[Document, tuple[Any, Plan]]:
    """The text's node tree (for the edit), its data and its validated plan, parsing the
    text once; any problem is reported exactly as `check` reports it."""
    from parplan import fastyaml, yamlio
    from parplan.loader import validate_data

    try:
        doc = Document(text)
        with yamlio.gc_paused():
            data = fastyaml.to_data(doc.root)
        yamlio._check_depth(data)
    except Exception:  # any refusal: let the reading path locate and word it
        data = None
    if data is not None:
        data = data if unicodedata.is_normalized("NFC", text) else yamlio.nfc(data)
        plan, problems = validate_data(data, as_of=today)
        if plan is not None and not problems:
            return doc, (data, plan)
    plan_from_text(text, file, as_of=today)  # raises PlanInvalid with located problems
    raise AssertionError("unreachable: a plan that fails one reading passed the other")
