"""Finding a unit from what a person types, and which items concern it."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Literal

from parplan.errors import UsageError
from parplan.model import Plan

if TYPE_CHECKING:
    from parplan.tracking import Item

Role = Literal["lead", "coordinate"]
ROLE_LABELS: dict[Role, str] = {"lead": "Chủ trì", "coordinate": "Phối hợp"}


def fold(text: str) -> str:
    """Lower case without diacritics: "Văn phòng Sở" -> "van phong so"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().replace("-", " ").split())


def find_unit(plan: Plan, query: str) -> str:
    """The id of the unit ``query`` names (id, name, short name or alias; case- and
    diacritic-insensitive; a unique partial name is enough)."""
    q = fold(query)
    exact, partial = [], []
    for unit in plan.units:
        names = [unit.id, unit.name, unit.short or "", *unit.aliases]
        folded = [fold(n) for n in names if n]
        if q in folded:
            exact.append(unit.id)
        elif any(q in f for f in folded):
            partial.append(unit.id)
    found = exact or partial
    if len(found) == 1:
        return found[0]
    known = "; ".join(f"{u.id} ({u.name})" for u in plan.units)
    if not found:
        raise UsageError(f"--unit: không có đơn vị '{query}'. Các đơn vị: {known}")
    raise UsageError(
        f"--unit: '{query}' khớp nhiều đơn vị ({', '.join(found)}); hãy dùng mã đơn vị"
    )


def concerned_ids(plan: Plan, unit_id: str) -> frozenset[str]:
    """The unit, the groups it belongs to, and (for a group) its members."""
    ids = {unit_id}
    for unit in plan.units:
        if unit.kind == "group" and unit_id in unit.members:
            ids.add(unit.id)
    own = plan.units_by_id[unit_id]
    if own.kind == "group":
        ids.update(own.members)
    return frozenset(ids)


def role_of(plan: Plan, unit_id: str, item: Item) -> Role | None:
    """Whether the unit (or a group it belongs to) leads the item or coordinates it; a unit
    named in both leads it."""
    return role_among(concerned_ids(plan, unit_id), item)


def role_among(ids: frozenset[str], item: Item) -> Role | None:
    """``role_of`` for the ids ``concerned_ids`` gave (found once, for many items)."""
    if not ids.isdisjoint(item.lead):
        return "lead"
    return "coordinate" if not ids.isdisjoint(item.coordinating) else None
