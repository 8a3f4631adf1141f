"""The two plans `diff` compares: two files, or a git revision against the working copy.

With ``--git REV PLAN`` either side may be missing: a plan new in the working tree has no
version at REV (the whole plan is added), a plan deleted since REV has no working copy (the
whole plan is removed). A REV that does not exist, a path in neither, or a folder outside git
are usage errors (exit 2).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from parplan.document.loader import load_plan, plan_from_text
from parplan.document.yamlio import decode_plan
from parplan.errors import PlanInvalid, UsageError, YamlProblem
from parplan.files import max_bytes, too_large
from parplan.model import Plan


def load_pair(
    old: Path | None, new: Path | None, rev: str | None
) -> tuple[Plan | None, Plan | None]:
    """Both sides validated (None: absent at REV or in the working tree); an invalid side
    raises PlanInvalid (exit 1)."""
    if rev is None:
        if old is None or new is None:
            raise UsageError("cần hai tệp (CŨ MỚI) hoặc --git REV [TỆP]")
        return load_plan(old), load_plan(new)
    if new is not None:
        raise UsageError("với --git chỉ cần một tệp (bản hiện tại)")
    current = old
    if current is None:
        from parplan.discover import resolve_plan

        current = resolve_plan(None)
    before = git_show(rev, current)
    if before is None and not current.exists():
        raise UsageError(f"{current}: không có ở phiên bản {rev} lẫn trong thư mục làm việc")
    name = f"{rev}:{current}"
    return (
        plan_from_text(_decoded(before, name), name) if before is not None else None,
        load_plan(current) if current.exists() else None,
    )


def _decoded(raw: bytes, name: str) -> str:
    """A committed plan's bytes as text, refused as a working copy's would be (PP003)."""
    try:
        return decode_plan(raw)
    except YamlProblem as exc:
        raise PlanInvalid(
            name, [exc.problem.located(name, exc.problem.line, exc.problem.column)]
        ) from None


def git_show(rev: str, path: Path) -> bytes | None:
    """The file's bytes at ``rev`` (path taken relative to the repository root), or None if
    the file did not exist at ``rev``. Usage error if ``rev`` is not a commit; a file larger
    than the plan size limit (PARPLAN_MAX_BYTES) is refused before it is read."""
    folder = _existing_folder(path)
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder).strip()
    except FileNotFoundError:
        raise UsageError("--git: không tìm thấy lệnh git") from None
    except UsageError:
        raise UsageError(f"--git: {folder} không nằm trong một kho git") from None
    if _run(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], folder).returncode:
        raise UsageError(
            f"--git: không có phiên bản '{rev}' trong kho git (cần một commit, nhánh hoặc "
            "thẻ có thật, ví dụ HEAD, main, origin/main)"
        )
    full = folder.resolve() / path.absolute().relative_to(folder)
    try:
        relative = full.relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        raise UsageError(f"--git: {path} không nằm trong kho git {top}") from None
    spec = f"{rev}:{relative}"
    if _run(["cat-file", "-e", spec], folder).returncode:
        return None
    size, limit = int(_git(["cat-file", "-s", spec], folder)), max_bytes()
    if size > limit:
        raise too_large(f"{rev}:{path}", size, limit)
    shown = subprocess.run(
        ["git", "cat-file", "blob", spec], cwd=folder, capture_output=True, check=False
    )
    if shown.returncode != 0:
        raise UsageError(
            f"--git: không đọc được {spec} ({shown.stderr.decode(errors='replace').strip()})"
        )
    return shown.stdout


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


__all__ = ["PlanInvalid", "git_show", "load_pair"]
