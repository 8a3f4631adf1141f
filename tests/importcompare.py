"""Comparing a plan with the plan `import` read back from its published document.

Ids that `import` makes up (indicators, units, areas off the standard list) cannot come back
and are not compared; units are the same unit when one of the original's spellings (name,
short name, aliases) is one of the imported unit's. Used by tests/test_import_roundtrip.py
and by `make import-accuracy` (scripts/import_accuracy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parplan.core.model import Plan
from parplan.core.text import fold


@dataclass(frozen=True)
class Item:
    section: str
    key: str
    differences: tuple[str, ...]

    @property
    def same(self) -> bool:
        return not self.differences


def _spellings(plan: Plan, unit_id: str) -> set[str]:
    unit = plan.units_by_id[unit_id]
    return {fold(n) for n in (unit.name, unit.short or "", *unit.aliases) if n}


def _same_units(a: Plan, ids_a: list[str], b: Plan, ids_b: list[str]) -> bool:
    if len(ids_a) != len(ids_b):
        return False
    return all(_spellings(a, x) & _spellings(b, y) for x, y in zip(ids_a, ids_b, strict=True))


def _diff(fields: dict[str, tuple[Any, Any]]) -> tuple[str, ...]:
    return tuple(f"{k}: {a!r} ≠ {b!r}" for k, (a, b) in fields.items() if a != b)


def _area_title(plan: Plan, area_id: str | None) -> str | None:
    return plan.areas_by_id[area_id].title if area_id else None


def tasks(orig: Plan, back: Plan) -> list[Item]:
    found = {t.number: t for t in back.tasks}
    out = []
    for t in orig.tasks:
        b = found.get(t.number)
        if b is None:
            out.append(Item("tasks", str(t.number), ("missing",)))
            continue
        fields = {
            "area": (_area_title(orig, t.area), _area_title(back, b.area)),
            "objective": (t.objective, b.objective),
            "duty": (t.duty, b.duty),
            "activities": (t.activities, b.activities),
            "product": (t.product, b.product),
            "deadline.text": (t.deadline.text, b.deadline.text),
            "deadline.by": (t.deadline.by, b.deadline.by),
            "deadline.due": (t.deadline.due, b.deadline.due),
            "tentative": (t.deadline.tentative, b.deadline.tentative),
            # the cells as the document shows them (publish writes these)
            "lead cell": (
                orig.unit_column(t.lead, t.lead_text),
                back.unit_column(b.lead, b.lead_text),
            ),
            "coordinating cell": (
                orig.unit_column(t.coordinating, t.coordinating_text),
                back.unit_column(b.coordinating, b.coordinating_text),
            ),
        }
        diffs = list(_diff(fields))
        for role in ("lead", "coordinating"):
            ids_a, ids_b = getattr(t, role), getattr(b, role)
            if not _same_units(orig, ids_a, back, ids_b):
                names = [back.unit_name(i) for i in ids_b]
                diffs.append(f"{role}: {ids_a} ≠ {names}")
        out.append(Item("tasks", str(t.number), tuple(diffs)))
    return out


def indicators(orig: Plan, back: Plan) -> list[Item]:
    out = []
    remaining = list(back.indicators)
    for ind in orig.indicators:
        b = next((x for x in remaining if x.text == ind.text), None)
        if b is None:
            out.append(Item("indicators", ind.id, ("missing",)))
            continue
        remaining.remove(b)
        base_a = (ind.baseline.year, ind.baseline.value) if ind.baseline else None
        base_b = (b.baseline.year, b.baseline.value) if b.baseline else None
        fields = {
            "area": (_area_title(orig, ind.area), _area_title(back, b.area)),
            "op": (ind.target.op, b.target.op),
            "value": (ind.target.value, b.target.value),
            "unit": (ind.target.unit, b.target.unit),
            "baseline": (base_a, base_b),
        }
        out.append(Item("indicators", ind.id, _diff(fields)))
    out += [Item("indicators", f"extra {x.id}", ("not in the plan",)) for x in remaining]
    return out


def _paragraphs(section: str, key: str, a: list[str], b: list[str]) -> list[Item]:
    out = []
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else None
        y = b[i] if i < len(b) else None
        out.append(Item(section, f"{key}[{i}]", _diff({"text": (x, y)})))
    return out


def duties(orig: Plan, back: Plan) -> list[Item]:
    out = []
    for area in orig.areas:
        b = next((x for x in back.areas if x.number == area.number), None)
        texts = [d.text for d in b.duties] if b else []
        out += _paragraphs("duties", area.id, [d.text for d in area.duties], texts)
    return out


def unit_duties(orig: Plan, back: Plan) -> list[Item]:
    out = []
    for i, ud in enumerate(orig.unit_duties):
        b = back.unit_duties[i] if i < len(back.unit_duties) else None
        if b is None:
            out.append(Item("unit_duties", ud.unit, ("missing",)))
            continue
        head = list(_diff({"heading": (ud.heading, b.heading), "intro": (ud.intro, b.intro)}))
        if not _same_units(orig, [ud.unit], back, [b.unit]):
            head.append(f"unit: {ud.unit} ≠ {back.unit_name(b.unit)}")
        out.append(Item("unit_duties", f"{ud.unit} (đơn vị)", tuple(head)))
        out += _paragraphs(
            "unit_duties", ud.unit, [d.text for d in ud.duties], [d.text for d in b.duties]
        )
    return out


def texts(orig: Plan, back: Plan) -> list[Item]:
    out = []
    for key in ("purposes", "requirements", "funding"):
        a = [p.text for p in getattr(orig, key)]
        out += _paragraphs(key, key, a, [p.text for p in getattr(back, key)])
    return out


def compare(orig: Plan, back: Plan) -> list[Item]:
    return [
        *tasks(orig, back),
        *indicators(orig, back),
        *duties(orig, back),
        *unit_duties(orig, back),
        *texts(orig, back),
    ]


def accuracy(items: list[Item]) -> dict[str, tuple[int, int]]:
    """section -> (identical, total)."""
    out: dict[str, tuple[int, int]] = {}
    for item in items:
        same, total = out.get(item.section, (0, 0))
        out[item.section] = (same + item.same, total + 1)
    return out
