"""What Tab offers for the plan's own values: unit, indicator and obligation ids, task numbers
and the periods of the plan's year, each with what a person recognises it by. Read from the
plan's plain data (``yamlio.load_fast``), not validated: completion must be quick, and a plan
that does not parse, or lacks a section, offers nothing rather than an error."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from parplan.core.periods import PERIOD_FORMS

Kind = Literal["unit", "indicator", "obligation", "task", "period"]

# kind -> (the plan's list, the item's key, the key shown beside it)
_LISTS: dict[str, tuple[str, str, str]] = {
    "unit": ("units", "id", "name"),
    "indicator": ("indicators", "id", "text"),
    "obligation": ("obligations", "id", "title"),
    "task": ("tasks", "number", "objective"),
}
SHOWN = 60  # characters of the description beside a value


def plan_values(path: Path, kind: Kind) -> list[tuple[str, str]]:
    """``(value, description)`` pairs for ``kind`` in the plan at ``path``; [] when the file
    cannot be read or parsed."""
    from parplan.document.yamlio import load_fast, read_text

    try:
        data = load_fast(read_text(path)).data
    except Exception:  # completion never reports: the command itself will, when run
        return []
    return values_in(data, kind) if isinstance(data, dict) else []


def values_in(data: dict[str, Any], kind: Kind) -> list[tuple[str, str]]:
    if kind == "period":
        plan = data.get("plan")
        year = plan.get("year") if isinstance(plan, dict) else None
        return periods_of(year) if isinstance(year, int) else []
    section, key, shown = _LISTS[kind]
    items = data.get(section)
    if not isinstance(items, list):
        return []
    return [
        (str(item[key]), _short(str(item.get(shown) or "")))
        for item in items
        if isinstance(item, dict) and isinstance(item.get(key), str | int)
    ]


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= SHOWN else one_line[: SHOWN - 1].rstrip() + "…"


def periods_of(year: int) -> list[tuple[str, str]]:
    """The periods a record names in ``year``: quarters, halves, nine months, the year, then
    the months (PERIOD_FORMS says which forms exist)."""
    from parplan.core.periods import parse_period

    codes = [f"{year}-Q{q}" for q in range(1, 5)] + [f"{year}-H1", f"{year}-H2", f"{year}-9M"]
    codes += [str(year)] + [f"{year}-{m:02d}" for m in range(1, 13)]
    assert len(PERIOD_FORMS) == 4  # month, quarter, half, nine months: all listed above
    return [(code, parse_period(code).label) for code in codes]
