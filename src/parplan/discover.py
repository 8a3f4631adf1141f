"""Which plan file a command works on when none is named."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from parplan.errors import NoPlanFound, PlanFileNotFound

ENV_VAR = "PARPLAN_PLAN"


def plan_files(folder: Path = Path("plans")) -> list[Path]:
    """Plan files in ``folder`` (sorted by name): every ``*.yaml`` entry but a folder, so that
    a FIFO, a device or a dangling link named like a plan is refused with a message that says
    what it is (``files.require_input``) rather than silently left out of ``check``."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.is_dir())


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
