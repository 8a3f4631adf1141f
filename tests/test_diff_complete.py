"""`diff` is complete by construction: generated from the model, this walks every field of every
item type, changes it, removes it and adds it back in turn (wherever the model allows), and
checks that `diff` reports it in the group a reviewer looks in, with the old and the new value;
and that every text field added, removed or reworded is said so, with its words.

A field added to the model fails ``test_every_model_field_has_a_group`` until it is given its
group below (and, if its group is not "other", a rule in ``parplan.diff.fields``), and fails
``test_every_field_is_mutated`` until tests/data/diff/full.yaml gives it a value.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML

from parplan.core.model import Plan, model_of
from parplan.core.sanitize import visible
from parplan.diff.compare import Difference, diff_plans
from parplan.diff.fields import RULES

from .conftest import DATA

FULL = DATA / "diff" / "full.yaml"

# The group each field's change belongs in, decided from the domain, not from diffrules.
GROUPS: dict[str, dict[str, str]] = {
    "Plan": {
        "plan": "other", "units": "units", "purposes": "text", "requirements": "text",
        "areas": "other", "indicators": "targets", "unit_duties": "text", "reporting": "other",
        "funding": "text", "closing": "text", "recipients": "text", "report": "other",
        "obligations": "other", "tasks": "tasks", "unclassified": "text",
        "working_calendar": "deadlines", "par_index": "progress",
    },
    "ParIndex": {
        "criteria": "other", "not_applicable": "progress", "links": "progress",
        "scores": "progress",
    },
    "IndexLink": {
        "criterion": "progress", "tasks": "progress", "obligations": "progress",
        "indicators": "progress",
    },
    "IndexScore": {
        "criterion": "progress", "score": "progress", "data": "progress",
        "evidence": "progress", "explanation": "progress",
    },
    "WorkingCalendarSpec": {
        "roll_forward": "deadlines", "days_off": "deadlines", "working_days": "deadlines",
    },
    "PlanMeta": {
        "title": "other", "type": "other", "number": "other", "symbol": "other",
        "issue_date": "other", "place": "other", "year": "other", "issuer": "other",
        "parent_body": "other", "parent": "other", "basis": "other", "preamble": "text", "note": "text",
    },
    "LegalBasis": {"title": "other", "number": "other", "date": "other", "note": "other"},
    "Unit": {
        "id": "units", "name": "units", "short": "units", "kind": "units", "members": "units",
        "aliases": "units", "report_symbol": "units", "since": "units", "until": "units",
        "successor": "units", "successors": "units", "basis": "units", "note": "units",
    },
    "Successor": {"unit": "units", "takes": "units"},
    "Reassignment": {"since": "units", "lead": "units", "coordinating": "units", "basis": "units"},
    "Paragraph": {"text": "text", "note": "text"},
    "Area": {"id": "other", "number": "other", "title": "text", "duties": "text", "note": "text"},
    "Indicator": {
        "id": "targets", "area": "other", "text": "text", "target": "targets",
        "baseline": "targets", "note": "text", "values": "progress",
    },
    "Target": {"op": "targets", "value": "targets", "unit": "targets"},
    "Baseline": {"year": "targets", "value": "targets", "note": "targets"},
    "Measurement": {
        "period": "progress", "value": "progress", "numerator": "progress",
        "denominator": "progress", "assessment": "progress", "source": "progress",
        "note": "progress",
    },
    "Task": {
        "number": "tasks", "area": "other", "objective": "text", "duty": "text",
        "activities": "text", "product": "text", "lead": "units", "coordinating": "units",
        "lead_text": "text", "coordinating_text": "text", "deadline": "deadlines",
        "reassigned": "units", "implements": "tasks", "note": "text", "progress": "progress",
    },
    "DeadlineSpec": {"text": "text", "by": "deadlines", "tentative": "deadlines"},
    "Progress": {
        "status": "progress", "completed": "progress", "evidence": "progress", "note": "progress",
    },
    "Evidence": {"title": "progress", "number": "progress", "date": "progress"},
    "Obligation": {
        "id": "other", "title": "text", "text": "text", "source": "text", "units": "units",
        "schedule": "deadlines", "records": "progress", "note": "text",
    },
    "Schedule": {
        "every": "deadlines", "day": "deadlines", "once": "deadlines",
        "occurrences": "deadlines", "after_event": "deadlines", "within_days": "deadlines",
    },
    "Occurrence": {"period": "deadlines", "by": "deadlines"},
    "OccurrenceRecord": {
        "period": "progress", "event": "progress", "unit": "progress", "completed": "progress", "evidence": "progress", "note": "progress",
    },
    "UnitDuties": {"unit": "units", "heading": "text", "intro": "text", "duties": "text"},
    "Reporting": {
        "text": "text", "submit_to": "other", "forward_to": "other", "email": "other",
        "data_window": "other",
    },
    "DataWindow": {"start_day": "other", "end_day": "other"},
    "ReportConfig": {"symbol": "other", "to": "other", "recipients": "other", "signer": "other"},
    "Signer": {"authority": "other", "title": "other", "name": "other"},
}  # fmt: skip
# Fields that cannot change while the plan stays valid, and why.
FIXED = {("Plan", "version"): "Literal[1]: the only file-format version"}
# A schedule has exactly one form: removing one alone is invalid, so switching forms (remove
# one, add another) is tested by test_switching_schedule_forms instead.
ONE_FORM = {("Schedule", f) for f in ("every", "once", "after_event")}
# Where each top-level part of the plan files its changes (Difference.ref, or its prefix).
REFS = {
    "plan": "plan", "units": "unit:", "purposes": "purposes", "requirements": "requirements",
    "areas": "area:", "indicators": "indicator:", "unit_duties": "unit_duties:",
    "reporting": "reporting", "funding": "funding", "closing": "closing",
    "recipients": "recipients", "report": "report", "obligations": "obligation:", "tasks": "task:",
    "unclassified": "unclassified", "working_calendar": "working_calendar",
    "par_index": "par_index",
}  # fmt: skip
# Identified lists: the item's own fields start after the list name and the position.
ITEM_LISTS = {"units", "areas", "indicators", "unit_duties", "obligations", "tasks"}

Path_ = tuple[str | int, ...]
Action = Literal["change", "remove", "add"]


def models(root: type[BaseModel] = Plan) -> dict[str, type[BaseModel]]:
    """Every model class reachable from the plan, by name."""
    found = {root.__name__: root}
    for info in root.model_fields.values():
        inner = model_of(info.annotation)
        if inner is not None and inner.__name__ not in found:
            found |= models(inner)
    return found


def model_fields() -> set[tuple[str, str]]:
    return {(name, f) for name, cls in models().items() for f in cls.model_fields}


def test_every_model_field_has_a_group() -> None:
    listed = {(cls, f) for cls, fields in GROUPS.items() for f in fields} | set(FIXED)
    assert model_fields() - listed == set(), "give these fields a group in GROUPS"
    assert listed - model_fields() == set(), "these are no longer in the model"


def test_every_field_diff_walks_has_a_rule() -> None:
    """A model diff walks field by field has a rule for each field (none falls back to the
    generic "other" wording by accident)."""
    for name, rules in RULES.items():
        assert set(rules) == set(models()[name].model_fields), name


# --- the mutations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    cls: str
    field: str
    path: Path_
    action: Action
    before: dict[str, Any]  # plan data (JSON form) on each side
    after: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.cls}.{self.field}-{self.action}"


def load_full() -> dict[str, Any]:
    data = YAML(typ="safe").load(FULL.read_text(encoding="utf-8"))
    return Plan.model_validate(data).model_dump(mode="json")


def valid(data: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return Plan.model_validate(data).model_dump(mode="json")
    except ValidationError:
        return None


def get(data: Any, path: Path_) -> Any:
    for step in path:
        if isinstance(step, int):
            data = data[step] if isinstance(data, list) and step < len(data) else None
        else:
            data = data.get(step) if isinstance(data, dict) else None
    return data


def with_value(data: dict[str, Any], path: Path_, value: Any) -> dict[str, Any]:
    """``data`` with ``value`` at ``path`` (or the key dropped); only the containers on the
    path are copied, the rest is shared with ``data`` (read, never changed: a deep copy of
    the whole plan per candidate was most of this module's import)."""
    out = copy.copy(data)
    holder: Any = out
    for step in path[:-1]:
        inner = copy.copy(holder[step])
        holder[step] = inner
        holder = inner
    if value is _DROP:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return out


_DROP = object()


def candidates(value: Any, annotation: Any) -> Iterator[Any]:
    """Other values to try for a field, the first the model accepts is used."""
    for arg in _literals(annotation):
        if arg != value:
            yield arg
    if isinstance(value, bool):
        yield not value
    elif isinstance(value, int | float):
        yield from (value + 1000, value + 1, value - 1)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        yield (date.fromisoformat(value) + timedelta(days=7)).isoformat()  # the same weekday
    elif isinstance(value, str):
        yield from (value + "-x", value + " (sửa)", "2024-Q3", "2024-11", "2024-12-31")
    elif isinstance(value, list) and value and not isinstance(value[0], dict):
        yield [*value[:-1], *candidates(value[-1], None)][: len(value)]


def _literals(annotation: Any) -> list[Any]:
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [x for arg in get_args(annotation) for x in _literals(arg)]


def walk(cls: type[BaseModel], data: Any, path: Path_) -> Iterator[tuple[str, str, Path_, Any]]:
    """(class, field, path, annotation) for every field present in the data, depth first."""
    for name, info in cls.model_fields.items():
        here = (*path, name)
        yield cls.__name__, name, here, info.annotation
        value, inner = get(data, here), model_of(info.annotation)
        if inner is None or value is None:
            continue
        if isinstance(value, list):
            for i in range(len(value)):
                yield from walk(inner, data, (*here, i))
        else:
            yield from walk(inner, data, here)


def mutations() -> list[Mutation]:
    base = load_full()
    out: list[Mutation] = []
    done: set[tuple[str, str, Action]] = set()
    for cls, name, path, annotation in walk(Plan, base, ()):
        # a field's first path that gives a variant is the one used: later ones are not made
        wanted = {a for a in ("change", "remove") if (cls, name, a) not in done}
        for action, where, after in _variants(base, path, annotation, wanted):
            done.add((cls, name, action))
            if action == "remove":
                out.append(Mutation(cls, name, where, "remove", base, after))
                out.append(Mutation(cls, name, where, "add", after, base))
            else:
                out.append(Mutation(cls, name, where, action, base, after))
    return out


def _variants(
    base: dict[str, Any], path: Path_, annotation: Any, wanted: set[str]
) -> Iterator[tuple[Action, Path_, Any]]:
    """The ``wanted`` variants ("change", "remove") of the value at ``path`` that the model
    accepts and that differ from ``base``."""
    value = get(base, path)
    if value is None or value == [] or not wanted:
        return
    scalar = model_of(annotation) is None
    if "change" in wanted and (
        scalar or (isinstance(value, list) and not isinstance(value[0], dict))
    ):
        for candidate in candidates(value, annotation):
            after = valid(with_value(base, path, candidate))
            if after is not None and after != base:
                yield "change", path, after
                break
    if "remove" not in wanted:
        return
    if isinstance(value, list):  # remove the last element (add: put it back)
        path = (*path, len(value) - 1)
    after = valid(with_value(base, path, _DROP))  # a key removed: the default, or nothing
    if after is not None and after != base:
        yield "remove", path, after


MUTATIONS = mutations()


def test_every_field_is_mutated() -> None:
    """Each field changes (scalars and lists of scalars), and each optional field or list is
    removed and added back; the fixture must give every field a value to start from."""
    done = {(m.cls, m.field, m.action) for m in MUTATIONS}
    missing = []
    for name, cls in models().items():
        for field, info in cls.model_fields.items():
            if (name, field) in FIXED:
                continue
            scalar = model_of(info.annotation) is None
            wanted = {"change"} if scalar else set()
            if (name, field) in ONE_FORM:
                pass
            elif not info.is_required() or get_origin(info.annotation) is list:
                wanted |= {"remove", "add"}
            missing += [(name, field, a) for a in sorted(wanted) if (name, field, a) not in done]
    assert missing == []


def _item_path(path: Path_) -> Path_:
    """The path inside the item a change is about (after "tasks", 0)."""
    return path[2:] if path[0] in ITEM_LISTS else path[1:]


def _matches(c: Difference, path: Path_, side: str, value: Any) -> bool:
    """c's old (or new) value holds ``value`` at some tail of ``path``."""
    held = c.old if side == "old" else c.new
    return any(get(held, path[k:]) == value for k in range(len(path) + 1))


@pytest.mark.parametrize("m", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_diff_reports_each_field(m: Mutation) -> None:
    changes = diff_plans(Plan.model_validate(m.before), Plan.model_validate(m.after))
    group = GROUPS[m.cls][m.field]
    mine = [c for c in changes if c.group == group and c.ref.startswith(REFS[str(m.path[0])])]
    assert mine, f"nothing in group {group!r} among {[(c.group, c.message) for c in changes]}"
    old, new, path = get(m.before, m.path), get(m.after, m.path), _item_path(m.path)
    both = [c for c in mine if _matches(c, path, "old", old) and _matches(c, path, "new", new)]
    gone = [c for c in mine if _matches(c, path, "old", old) and c.new is None]
    came = [c for c in mine if c.old is None and _matches(c, path, "new", new)]
    assert both or (gone and came) or _field_by_field(mine, path, old, new), [
        (c.field, c.old, c.new) for c in mine
    ]
    assert all(c.message.strip() for c in mine)


def _field_by_field(mine: list[Difference], path: Path_, old: Any, new: Any) -> bool:
    """A section emptied or filled (report: {} ↔ its fields): one change per field."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    return all(
        any(_matches(c, (*path, k), "old", old[k]) and _matches(c, (*path, k), "new", new[k])
            for c in mine)
        for k in old
        if old[k] != new[k]
    )  # fmt: skip


@pytest.mark.parametrize("source", range(4))
@pytest.mark.parametrize("target", range(4))
def test_switching_schedule_forms(source: int, target: int) -> None:
    """The fixture's four obligations have the four schedule forms: each one switched to
    each other form is reported as a schedule change holding both schedules."""
    if source == target:
        return
    base = load_full()
    schedules = [o["schedule"] for o in base["obligations"]]
    after = with_value(base, ("obligations", source, "schedule"), schedules[target])
    changes = diff_plans(Plan.model_validate(base), Plan.model_validate(after))
    ref = f"obligation:{base['obligations'][source]['id']}"
    assert [(c.group, c.ref, c.old, c.new) for c in changes] == [
        ("deadlines", ref, schedules[source], schedules[target])
    ]
    assert changes[0].message.startswith(f"Nghĩa vụ {base['obligations'][source]['id']}: đổi")


# Text fields that are codes, not words: ids and references, periods, structured deadlines,
# ISO dates, and the event a schedule waits for (said inside the schedule's sentence). Each is
# said as a person reads it ("Quý I/2024", "tháng 02/2024", a unit's name), so not quoted.
CODES = {
    ("Unit", "id"), ("Area", "id"), ("Indicator", "id"), ("Obligation", "id"),
    ("UnitDuties", "unit"), ("Indicator", "area"), ("Task", "area"),
    ("Measurement", "period"), ("OccurrenceRecord", "period"), ("Occurrence", "period"),
    ("Occurrence", "by"), ("DeadlineSpec", "by"), ("Schedule", "once"),
    ("PlanMeta", "issue_date"), ("Schedule", "after_event"),
}  # fmt: skip
WORDS = [
    m
    for m in MUTATIONS
    if (m.cls, m.field) not in CODES
    and models()[m.cls].model_fields[m.field].annotation in (str, str | None)
    and (m.action == "change" or models()[m.cls].model_fields[m.field].default is None)
]


@pytest.mark.parametrize("m", WORDS, ids=[m.id for m in WORDS])
def test_words_are_said_added_removed_or_changed(m: Mutation) -> None:
    """Every text field added, removed or reworded is said plainly, with its words: thêm …:
    "new", bỏ …: "old", or "old" → "new" (not "sửa ghi chú" alone, not a removal as an edit)."""
    changes = diff_plans(Plan.model_validate(m.before), Plan.model_validate(m.after))
    said = [visible(c.message, one_line=True) for c in changes]
    old, new = (visible(get(d, m.path) or "", one_line=True) for d in (m.before, m.after))
    if m.action == "remove":
        assert any(re.search(f'(^|: )bỏ [^:]*: "{re.escape(old)}"', s) for s in said), said
    elif m.action == "add":
        assert any(re.search(f'(^|: )thêm [^:]*: "{re.escape(new)}"', s) for s in said), said
    else:
        assert any(f'"{old}" → "{new}"' in s for s in said), said
