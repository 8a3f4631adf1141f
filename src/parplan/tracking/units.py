"""Finding a unit from what a person types, and which items concern it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Literal

from parplan.core.errors import UsageError
from parplan.core.model import Plan
from parplan.core.text import fold, matching
from parplan.tracking.handover import Registry

if TYPE_CHECKING:
    from parplan.tracking.items import Item

Role = Literal["lead", "coordinate"]
ROLE_LABELS: dict[Role, str] = {"lead": "Chủ trì", "coordinate": "Phối hợp"}


# Letters of other scripts drawn like Latin ones (from Unicode's confusables list: the ones a
# copy from a Russian or Greek text, or a font's symbol table, brings into a name), and the
# two lookalikes of Vietnamese Đ (Icelandic Ð, African Ɖ).
_LOOKALIKES = dict(
    zip(
        "АВЕКМНОРСТХУІЈЅаеорсухіјѕԁһӏΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινÐƉ",
        "ABEKMHOPCTXYIJSaeopcyxijsdhlABEZHIKMNOPTYXoivĐĐ",
        strict=True,
    )
)
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)


def name_key(text: str) -> str:
    """A name as it looks, for telling two names apart: compatibility forms (NFKC), invisible
    characters dropped, lookalike letters of other scripts read as Latin, then folded (case,
    diacritics and spacing, as ``find_unit`` compares)."""
    visible_only = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return fold(unicodedata.normalize("NFKC", visible_only).translate(_LOOKALIKE_TABLE))


def lookalikes(text: str) -> str:
    """ " (có ký tự lạ: 'а' U+0430 …)" naming the lookalike or invisible characters of
    ``text``, which a reader cannot see; '' when it has none."""
    odd = dict.fromkeys(c for c in text if c in _LOOKALIKES or unicodedata.category(c) == "Cf")
    shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in odd)
    return f" (có ký tự lạ: {shown})" if shown else ""


def find_unit(plan: Plan, query: str) -> str:
    """The id of the unit ``query`` names (id, name, short name or alias; case- and
    diacritic-insensitive; a unique partial name is enough)."""
    found = matching(query, {u.id: [u.id, u.name, u.short or "", *u.aliases] for u in plan.units})
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
    return role_among(concerned_ids(plan, unit_id), item, member(plan, unit_id))


def member(plan: Plan, unit_id: str) -> str | None:
    """The unit, when it is one unit and not a group: the one ``role_among`` asks about."""
    return None if plan.units_by_id[unit_id].kind == "group" else unit_id


def role_among(ids: frozenset[str], item: Item, unit: str | None = None) -> Role | None:
    """``role_of`` for the ids ``concerned_ids`` gave (found once, for many items). An
    occurrence owed unit by unit concerns one ``unit`` (not a group) only when it owes it:
    a member merged away owes no occurrence its successor owes, though still in the group."""
    if unit is not None and item.kind == "obligation" and item.owed:
        return "lead" if unit in item.owed else None
    if unit in item.away:  # a member of its group, not in office on the day that counts
        return None
    if not ids.isdisjoint(item.lead) or not ids.isdisjoint(item.owed):
        return "lead"
    return "coordinate" if not ids.isdisjoint(item.coordinating) else None


def owing_units(plan: Plan, unit_ids: Iterable[str]) -> tuple[str, ...]:
    """The units that each owe an obligation assigned to ``unit_ids``: a group stands for its
    members (a group of groups for theirs), a group whose members the plan does not name
    answers as one unit; in the order written, each once."""
    out: dict[str, None] = {}

    def add(unit_id: str, seen: frozenset[str]) -> None:
        unit = plan.units_by_id.get(unit_id)
        if unit is None or unit.kind != "group" or not unit.members:
            out.setdefault(unit_id)
            return
        for member in unit.members:
            if member not in seen:  # a cycle of groups: `check` names it, views go on
                add(member, seen | {member})

    for unit_id in unit_ids:
        add(unit_id, frozenset({unit_id}))
    return tuple(out)


def recording_units(plan: Plan, unit_ids: Iterable[str]) -> tuple[str, ...]:
    """The units that may record an occurrence of an obligation assigned to ``unit_ids``:
    those that owe it (``owing_units``) and the units that take their work over when they
    end (``handover.Registry.heirs``)."""
    return Registry(plan).heirs(owing_units(plan, unit_ids))


def begun_by(
    owing: tuple[str, ...], first_days: Mapping[str, date], due: date | None
) -> tuple[str, ...]:
    """The owing units that owe an occurrence due on ``due``: a unit that begins during the
    year (``since``) owes a recurring obligation from then on, not an occurrence due before
    its first day (a member of the group then still owes it; the share of a unit that ended
    passes to its successor through ``holder``). When no owing unit had begun, the units as
    written (the plan gives the occurrence to no one active: `check`'s to say)."""
    if due is None or not first_days:
        return owing
    begun = tuple(u for u in owing if u not in first_days or first_days[u] <= due)
    return begun or owing
