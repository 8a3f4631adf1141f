"""The two plans `diff` compares: two files, or a git revision against the working copy."""

from __future__ import annotations

import subprocess
from pathlib import Path

from parplan.errors import PlanInvalid, UsageError
from parplan.loader import load_plan, plan_from_text
from parplan.model import Plan


def load_pair(old: Path | None, new: Path | None, rev: str | None) -> tuple[Plan, Plan]:
    """Both sides validated; an invalid side raises PlanInvalid (exit 1)."""
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
    text = git_show(rev, current)
    return plan_from_text(text, f"{rev}:{current}"), load_plan(current)


def git_show(rev: str, path: Path) -> str:
    """The file's text at ``rev`` (path taken relative to the repository root)."""
    folder = path.resolve().parent
    try:
        top = _git(["rev-parse", "--show-toplevel"], folder).strip()
        relative = path.resolve().relative_to(Path(top).resolve())
        return _git(["show", f"{rev}:{relative.as_posix()}"], folder)
    except FileNotFoundError:
        raise UsageError("--git: không tìm thấy lệnh git") from None


def _git(args: list[str], cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        reason = " ".join(result.stderr.split()) or f"git {args[0]} thất bại"
        raise UsageError(f"--git: {reason}")
    return result.stdout


__all__ = ["PlanInvalid", "git_show", "load_pair"]
