"""The two plans `diff` compares: two files, a git revision against the working copy, or the
same file at two revisions.

- ``diff OLD NEW``: two files; either may be a pipe (``<(git show REV:plan.yaml)``), read once
  within the size limit.
- ``diff --git A PLAN``: PLAN at A against the working copy.
- ``diff --git A B PLAN``, ``diff --git A..B PLAN``: PLAN at A against PLAN at B (an empty side
  of ``..`` is HEAD, as in git); ``A...B``: from the merge base of A and B to B.

Either side may be missing: a plan new since A has no version there (the whole plan is added),
a plan deleted since A has none on the new side (the whole plan is removed). A revision that is
not a commit, a path in neither, or a folder outside git are usage errors (exit 2). A revision
is resolved by ``git rev-parse --verify --end-of-options``, so it is never read as an option;
every later git command is given the commit's hash, never the text typed.
"""

from __future__ import annotations

import posixpath
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.core.errors import ParplanError, PlanInvalid, UsageError, YamlProblem
from parplan.core.model import Plan
from parplan.document.loader import plan_from_text, read_plan_text
from parplan.document.yamlio import decode_plan
from parplan.storage.files import max_bytes, too_large

if TYPE_CHECKING:  # the criteria's model is built only when a plan names its criteria
    from parplan.core.criteria import CriteriaTable

# a side's criteria table by its name as the plan writes it (relative to the plan's folder)
TableReader = Callable[[str], "CriteriaTable | None"]


@dataclass(frozen=True)
class Pair:
    """The two plans compared (None: absent on that side) and the bonus and penalty items of
    the criteria tables they name (``index_parts``)."""

    old: Plan | None
    new: Plan | None
    parts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Side:
    """One side of the comparison: a revision (None: the working copy) and its text."""

    name: str  # as typed: "HEAD~1", "main"; "" for the working copy
    text: str | None  # None: the plan does not exist there


def load_pair(old: str | None, new: str | None, rev: str | None) -> Pair:
    """Both sides validated (None: absent at that revision or in the working tree); an
    invalid side raises PlanInvalid (exit 1). Each side's criteria table is read where the
    side is: beside the file, or at the same revision."""
    if rev is None:
        if old is None or new is None:
            raise UsageError("cần hai tệp (CŨ MỚI) hoặc --git REV [REV2] [TỆP]")
        was, now = _load_file(Path(old)), _load_file(Path(new))
        return Pair(was, now, index_parts((was, _beside(Path(old))), (now, _beside(Path(new)))))
    first, second = split_range(rev)
    if new is not None:  # --git A B PLAN: the first argument is the second revision
        if second is not None:
            raise UsageError(
                f"--git {rev} đã nêu hai phiên bản; sau đó chỉ cần tệp kế hoạch, "
                f"không cần thêm '{old}'"
            )
        second, old = old, new
    current = Path(old) if old is not None else _default_plan()
    repo = Repo.of(current)
    base = repo.commit(first)
    if "..." in rev and second is not None:
        base = repo.merge_base(base, repo.commit(second))
    before = Side(first, repo.show(base, f"{first}:{current}"))
    tables: TableReader = _beside(current)
    if second is None:
        after = Side("", read_plan_text(current) if current.exists() else None)
    else:
        at = repo.commit(second)
        after = Side(second, repo.show(at, f"{second}:{current}"))
        tables = repo.tables(at)
    if before.text is None and after.text is None:
        where = f"phiên bản {second}" if second else "trong thư mục làm việc"
        raise UsageError(f"{current}: không có ở phiên bản {first} lẫn {where}")
    plans = _plan(before, current), _plan(after, current)
    return Pair(*plans, index_parts((plans[0], repo.tables(base)), (plans[1], tables)))


def index_parts(*sides: tuple[Plan | None, TableReader]) -> dict[str, str]:
    """The bonus and penalty items (number -> "bonus" or "penalty") of the criteria tables
    the plans name, the later side's over the earlier's. A table that cannot be read gives
    none: ``diff`` then names its items as criteria, as it compares the plans alone."""
    parts: dict[str, str] = {}
    for plan, read in sides:
        if plan is None or plan.par_index is None:
            continue
        try:
            table = read(plan.par_index.criteria)
        except (ParplanError, OSError):
            continue
        if table is not None:
            from parplan.core.criteria import adjustment_leaves

            parts.update({leaf.number: leaf.part for leaf in adjustment_leaves(table)})
    return parts


def _beside(plan: Path) -> TableReader:
    """A criteria table read from the folder of the plan file ``plan``."""
    from parplan.document.loader import load_criteria

    return lambda name: load_criteria(plan.parent / name)


def split_range(rev: str) -> tuple[str, str | None]:
    """``A..B`` -> (A, B), ``A...B`` -> (A, B) (the caller takes the merge base), ``A`` ->
    (A, None); an empty side of a range is HEAD, as in git."""
    for dots in ("...", ".."):
        if dots in rev:
            a, b = rev.split(dots, 1)
            return a or "HEAD", b or "HEAD"
    return rev, None


def _default_plan() -> Path:
    from parplan.storage.discover import resolve_plan

    return resolve_plan(None)


def _load_file(path: Path) -> Plan:
    """A plan file, or a pipe such as ``<(git show REV:plan.yaml)``, read once."""
    return plan_from_text(read_plan_text(path, pipes=True), str(path))


def _plan(side: Side, path: Path) -> Plan | None:
    if side.text is None:
        return None
    return plan_from_text(side.text, f"{side.name}:{path}" if side.name else str(path))


@dataclass(frozen=True)
class Repo:
    folder: Path  # where git runs: the plan's nearest existing folder
    relative: str  # the plan's path from the repository root

    @classmethod
    def of(cls, path: Path) -> Repo:
        folder = _existing_folder(path)
        try:
            top = _git(["rev-parse", "--show-toplevel"], folder).strip()
        except FileNotFoundError:
            raise UsageError("--git: không tìm thấy lệnh git") from None
        except UsageError:
            raise UsageError(f"--git: {folder} không nằm trong một kho git") from None
        full = folder.resolve() / path.absolute().relative_to(folder)
        try:
            relative = full.relative_to(Path(top).resolve()).as_posix()
        except ValueError:
            raise UsageError(f"--git: {path} không nằm trong kho git {top}") from None
        return cls(folder, relative)

    def commit(self, rev: str) -> str:
        """The hash of the commit ``rev`` names; a usage error naming ``rev`` otherwise."""
        found = _run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
            self.folder,
        )
        if found.returncode or not found.stdout.strip():
            raise UsageError(
                f"--git: không có phiên bản '{rev}' trong kho git (cần một commit, nhánh hoặc "
                "thẻ có thật, ví dụ HEAD, main, origin/main)"
            )
        return found.stdout.strip()

    def merge_base(self, a: str, b: str) -> str:
        return _git(["merge-base", a, b], self.folder).strip()

    def tables(self, commit: str) -> TableReader:
        """A criteria table read at ``commit``, by its name from the plan's folder."""

        def read(name: str) -> CriteriaTable | None:
            from parplan.core.criteria import CriteriaTable, table_problems
            from parplan.document.loader import model_from_text

            path = posixpath.normpath(posixpath.join(posixpath.dirname(self.relative), name))
            text = self.show(commit, f"{commit}:{path}", path)
            if text is None:
                return None
            return model_from_text(CriteriaTable, text, f"{commit}:{path}", table_problems)

        return read

    def show(self, commit: str, name: str, path: str | None = None) -> str | None:
        """The plan's text at ``commit`` (a hash; ``name``, "REV:PLAN" as typed, in messages),
        or None if it did not exist there; ``path``: another file's, from the repository's
        root. Decoded as a working copy is (a non-UTF-8 one is a located PP003) and held to the
        size limit (PARPLAN_MAX_BYTES) before it is read."""
        spec = f"{commit}:{path or self.relative}"
        if _run(["cat-file", "-e", spec], self.folder).returncode:
            return None
        size, limit = int(_git(["cat-file", "-s", spec], self.folder)), max_bytes()
        if size > limit:
            raise too_large(name, size, limit)
        shown = subprocess.run(
            ["git", "cat-file", "blob", spec], cwd=self.folder, capture_output=True, check=False
        )
        if shown.returncode != 0:
            reason = shown.stderr.decode(errors="replace").strip()
            raise UsageError(f"--git: không đọc được {name} ({reason})")
        return _decoded(shown.stdout, name)


def _decoded(raw: bytes, name: str) -> str:
    """A committed plan's bytes as text, refused as a working copy's would be (PP003)."""
    try:
        return decode_plan(raw)
    except YamlProblem as exc:
        raise PlanInvalid(name, [exc.in_file(name)]) from None


def _existing_folder(path: Path) -> Path:
    """The nearest folder of ``path`` that exists (its own folder may have been deleted)."""
    folder = path.absolute().parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
    )


def _git(args: list[str], cwd: Path) -> str:
    result = _run(args, cwd)
    if result.returncode != 0:
        reason = " ".join(result.stderr.split()) or f"git {args[0]} thất bại"
        raise UsageError(f"--git: {reason}")
    return result.stdout


__all__ = ["PlanInvalid", "load_pair"]
