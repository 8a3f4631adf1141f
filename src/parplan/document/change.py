"""Changing a plan file as a transaction: read it once, plan the edits from the validated plan,
apply them to the text, validate the edited text, write it atomically (refusing if the file
changed on disk meanwhile)."""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, get_args

from parplan.core.errors import PlanInvalid, UsageError, YamlProblem
from parplan.core.model import Plan
from parplan.document.edits import Edit, apply
from parplan.document.loader import plan_from_text
from parplan.document.tree import compose_at
from parplan.document.yamlio import BOM, decode_plan
from parplan.storage.files import STDIN, Held, plan_lock, read_input, require_input
from parplan.storage.writes import replace_file


class FileChanged(UsageError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path}: tệp đã bị thay đổi trong lúc ghi; không ghi đè — hãy chạy lại lệnh"
        )


@dataclass(frozen=True)
class Change:
    """What a command asks of a plan: the edits, a one-line Vietnamese summary, and the
    top-level item they are confined to (e.g. ("tasks", 4))."""

    edits: tuple[Edit, ...]
    summary: str
    item: tuple[str, int] | None = None


@dataclass(frozen=True)
class Outcome:
    path: Path
    summary: str
    diff: str
    written: bool
    removed: tuple[Path, ...] = ()  # stale temporary files of dead processes, removed


def edit_plan(
    path: Path,
    plan_change: Callable[[Plan, str], Change],
    *,
    today: date,
    dry_run: bool = False,
    force: bool = False,
    waiting: Callable[[str], None] | None = None,
) -> Outcome:
    """Read the plan (it must be valid), apply ``plan_change(plan, text)``, check that the result
    is a valid plan, then replace the file (or, with ``dry_run``, only diff it), holding the
    plan lock from the read to the rename (a dry run writes nothing and takes no lock).
    ``force`` allows a hard-linked plan; ``waiting`` hears once when the lock is held by another
    writer for a while."""
    if str(path) == STDIN:
        raise UsageError("record: cần một tệp kế hoạch, không ghi được vào stdin (-)")
    require_input(path)
    if dry_run:
        return _edit(path, plan_change, today=today, held=None, force=force)
    with plan_lock(path, waiting=waiting) as held:
        return _edit(path, plan_change, today=today, held=held, force=force)


def _edit(
    path: Path,
    plan_change: Callable[[Plan, str], Change],
    *,
    today: date,
    held: Held | None,
    force: bool,
) -> Outcome:
    """The edit; ``held``: the plan's lock, held for writing (None: a dry run)."""
    try:
        original = read_input(path)
        text = decode_plan(original)
    except YamlProblem as exc:
        raise PlanInvalid(path, [exc.in_file(path)]) from None
    bom, digest = original.startswith(BOM.encode()), hashlib.sha256(original).digest()
    del original  # a large plan: hold one copy of it, not two
    plan = plan_from_text(text, str(path), as_of=today)  # valid to start with
    change = plan_change(plan, text)
    new = apply(text, change.edits)
    validate_edited(text, new, plan, change.item, str(path), today)  # and with the change
    del plan
    if new == text:
        return Outcome(path, change.summary, "", written=False)
    if held is None:
        diff = line_diff(text, new, str(path), f"{path} (sau khi ghi)")
        return Outcome(path, change.summary, diff, written=False)
    del text
    data = ((BOM if bom else "") + new).encode("utf-8")
    del new
    if hashlib.sha256(read_input(path)).digest() != digest:  # a writer not taking the lock
        raise FileChanged(path)
    removed = replace_file(path, data, force=force, held=held)
    return Outcome(path, change.summary, "", written=True, removed=tuple(removed))


def validate_edited(
    old: str, new: str, plan: Plan, item: tuple[str, int] | None, file: str, today: date
) -> Plan:
    """The plan read from the edited text, or PlanInvalid with located problems. When the
    edit is confined to one top-level item (the text outside it unchanged, which is checked),
    only that item's lines are read again and validated in place of the old item; otherwise,
    or on any problem, the whole edited text is read as `check` reads it."""
    if item is not None:
        edited = _with_reread_item(old, new, plan, item, today)
        if edited is not None:
            return edited
    return plan_from_text(new, file, as_of=today)


def _with_reread_item(
    old: str, new: str, plan: Plan, item: tuple[str, int], today: date
) -> Plan | None:
    from pydantic import ValidationError

    from parplan.document import yamlio
    from parplan.rules.semantics import check_plan

    data = _reread_item(old, new, item)
    if data is None:
        return None
    section, index = item
    field = Plan.model_fields[section].annotation
    (model,) = get_args(field)  # list[Task] -> Task
    try:
        with yamlio.gc_paused():
            validated = model.model_validate(data)
    except (ValidationError, YamlProblem):
        return None
    items = list(getattr(plan, section))
    items[index] = validated
    edited = plan.model_copy(update={section: items})
    return None if check_plan(edited, today) else edited


def _reread_item(old: str, new: str, item: tuple[str, int]) -> Any:
    """The edited item read from its own lines of the new text, or None when the edit
    reached outside them or the item does not sit on whole lines of its own. Compares the
    text around the item in place: a 50,000-task plan is not split into lines."""
    from parplan.document import fastyaml, yamlio

    node = compose_at(old, item)
    if node is None:
        return None
    start, end = node.start_mark.index, node.end_mark.index
    lo = old.rfind("\n", 0, start) + 1  # the start of the item's first line
    hi = old.rfind("\n", 0, end) + 1 if end < len(old) else len(old)  # and of the next line
    if old[lo:start].strip(" -") or old[hi:end].strip():
        return None  # the item starts or ends mid-line (flow style)
    grown = len(new) - len(old)
    if not (_same(old, new, 0, 0, lo) and _same(old, new, hi, hi + grown, len(old) - hi)):
        return None
    lines = new[lo : hi + grown]
    try:
        items = fastyaml.load(lines)
    except Exception:  # the whole reading path reports it, located
        return None
    if not isinstance(items, list) or len(items) != 1:
        return None
    return items[0] if unicodedata.is_normalized("NFC", lines) else yamlio.nfc(items[0])


def _same(a: str, b: str, a_at: int, b_at: int, length: int, chunk: int = 1 << 20) -> bool:
    """a[a_at:a_at+length] == b[b_at:b_at+length], a megabyte at a time."""
    if a_at + length > len(a) or b_at + length > len(b) or b_at < 0:
        return False
    for i in range(0, length, chunk):
        n = min(chunk, length - i)
        if a[a_at + i : a_at + i + n] != b[b_at + i : b_at + i + n]:
            return False
    return True


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


__all__ = ["Change", "FileChanged", "Outcome", "PlanInvalid", "edit_plan", "line_diff"]
