"""Resolving what a person typed for a period, an area or a state (shared by the CLI
commands)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from parplan.core.errors import UsageError
from parplan.core.model import Plan
from parplan.core.periods import Period, parse_period
from parplan.core.text import fold, matching


def plan_period(plan: Plan, text: str, option: str = "--period") -> Period:
    """A period typed on the command line; it must lie in the plan's year."""
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if period.year != plan.plan.year:
        raise UsageError(f"{option}: kỳ {period.code} nằm ngoài năm kế hoạch {plan.plan.year}")
    return period


def pick_period(plan: Plan, text: str | None) -> str | None:
    return None if text is None else plan_period(plan, text).code


def pick_area(plan: Plan, text: str | None) -> str | None:
    """An area id from its id, number or (part of its) title, matched as units are
    (``core.text.matching``); 'chung' = general targets."""
    if text is None or fold(text) in ("chung", "general"):
        return None
    found = matching(text, {a.id: [a.id, str(a.number), a.title] for a in plan.areas})
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(
            f"--area: '{text}' khớp nhiều lĩnh vực ({', '.join(found)}); hãy dùng mã lĩnh vực"
        )
    known = "; ".join(f"{a.id} ({a.number}. {a.title})" for a in plan.areas)
    raise UsageError(f"--area: không có lĩnh vực '{text}'. Các lĩnh vực: chung; {known}")


K = TypeVar("K", bound=str)


def pick_code(option: str, text: str, *labels: Mapping[K, str]) -> K:
    """A code typed as itself ("overdue") or as a Vietnamese label shown for it ("quá hạn",
    "Quá hạn"); case, diacritics, spaces and underscores do not matter."""

    def key(value: str) -> str:
        return " ".join(fold(value).replace("_", " ").split())

    wanted = key(text)
    for table in labels:
        for code, label in table.items():
            if wanted in (key(code), key(label)):
                return code
    choices = ", ".join(f"{label} ({code})" for code, label in labels[0].items())
    raise UsageError(f"{option}: '{text}' không hợp lệ; cần một trong: {choices}")
