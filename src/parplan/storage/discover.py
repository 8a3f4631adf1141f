"""Which plan file a command works on when none is named; the files a folder argument
stands for (plans, forms)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from parplan.core.errors import NoPlanFound, PlanFileNotFound, UsageError

ENV_VAR = "PARPLAN_PLAN"


def plan_files(folder: Path = Path("plans")) -> list[Path]:
    """Plan files in ``folder`` (sorted by name): every ``*.yaml`` entry but a folder, so that
    a FIFO, a device or a dangling link named like a plan is refused with a message that says
    what it is (``files.require_input``) rather than silently left out of ``check``."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.is_dir())


def form_files(folder: Path) -> list[Path]:
    """The filled forms in ``folder`` (sorted by name), without Excel's ``~$`` lock files."""
    return sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))


def expand_folders(
    paths: Sequence[Path], pick: Callable[[Path], list[Path]], what: str
) -> list[Path]:
    """The files named, a folder standing for the files ``pick`` finds in it; a folder with
    none is refused, saying ``what`` was looked for. A file named twice (``a.yaml ./a.yaml``,
    a folder and a file in it, a link and its target) is one file, listed where it came
    first: counted twice, one agency's figures would be added twice to a total."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = pick(path)
        if not found:
            raise UsageError(f"{path}: thư mục không có {what} nào")
        files.extend(found)
    seen: set[str] = set()
    once = []
    for file in files:
        key = os.path.realpath(file)
        if key not in seen:
            seen.add(key)
            once.append(file)
    return once


def resolve_plan(
    explicit: Path | None, *, year: int | None = None, folder: Path = Path("plans")
) -> Path:
    """The named file; else $PARPLAN_PLAN; else plans/<year>.yaml; else the newest plan."""
    if explicit is not None:
        if str(explicit) == "-":  # stdin
            return explicit
        if not explicit.exists() and not explicit.is_symlink():
            raise PlanFileNotFound(explicit)
        return explicit
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env)
        if not path.exists() and not path.is_symlink():
            raise PlanFileNotFound(path)
        return path
    year = year or date.today().year
    candidates = plan_files(folder)
    for path in candidates:
        if path.stem == str(year):
            return path
    if not candidates:
        raise NoPlanFound(folder)
    return max(candidates, key=lambda p: (p.stem, p.lstat().st_mtime))
