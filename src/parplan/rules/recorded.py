"""Rules for what is recorded in a plan: measured values and obligation records.

One place per rule: ``check`` (semantics) reports each as a located problem, and ``record``
refuses an edit that breaks one, with the same message, before anything is written.
Measured values obey the rules targets obey: a percentage lies within 0–100, counts are
whole and non-negative, a numerator is at most its denominator, a denominator is above 0,
and a period holds either a value or a numerator/denominator pair, not both. A task is done
exactly when it has a completion date (``completion_breach``), whether the pair comes from the
plan (check), from options (record) or from a form's cells (collect). A unit's own record of an
occurrence is valid when the unit owes that occurrence on the day it did it (``unit_breaches``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from parplan.core.model import Indicator, Measurement, Obligation, OccurrenceRecord, Plan
from parplan.core.numbers import format_number
from parplan.core.periods import format_date
from parplan.core.targets import kind_of
from parplan.tracking.handover import Registry, begun_text, ended_text
from parplan.tracking.items import Item, owed_items
from parplan.tracking.units import recording_units


class Breach(NamedTuple):
    """A broken rule: problem code, Vietnamese message, the field it is about (or None)."""

    code: str
    message: str
    field: str | None = None


class CompletionNames(NamedTuple):
    """How the caller's user writes the two halves of the rule: status done, completion date."""

    done: str
    date: str


PLAN_NAMES = CompletionNames("status: done", "completed")


def completion_breach(
    status: str, completed: date | None, names: CompletionNames = PLAN_NAMES
) -> Breach | None:
    """Done ⇔ completed: a task with status done has a completion date, and a completion date
    belongs only to a task with status done. The breach's field is the half to fix."""
    if status == "done" and completed is None:
        message = f"trạng thái hoàn thành ({names.done}) cần ngày hoàn thành ({names.date})"
        return Breach("PP111", message, "status")
    if status != "done" and completed is not None:
        message = (
            f"ngày hoàn thành ({names.date}) chỉ ghi khi trạng thái là hoàn thành ({names.done})"
        )
        return Breach("PP120", message, "completed")
    return None


def measurement_breaches(indicator: Indicator, m: Measurement) -> Iterator[Breach]:
    target = indicator.target
    if not kind_of(target.op).measured:
        if m.value is not None or m.numerator is not None or m.assessment is None:
            yield Breach(
                "PP115",
                "chỉ tiêu định tính cần assessment (achieved, partly, not_achieved), "
                "không cần value",
            )
        return
    ratio = m.numerator is not None or m.denominator is not None
    if m.value is not None and ratio:
        yield Breach(
            "PP115", "dùng value hoặc numerator và denominator, không dùng cả hai", "value"
        )
        return
    if m.value is None and (m.numerator is None or m.denominator is None):
        yield Breach("PP115", "cần value (hoặc numerator và denominator) cho kỳ này")
        return
    if m.value is not None:
        yield from _value(indicator, m.value)
        return
    assert m.numerator is not None and m.denominator is not None
    yield from _count(m.numerator, "numerator", "tử số")
    yield from _count(m.denominator, "denominator", "mẫu số")
    if m.denominator <= 0:
        yield Breach("PP115", "denominator phải lớn hơn 0", "denominator")
    elif not kind_of(target.op).relative and m.numerator > m.denominator:
        yield Breach(
            "PP117",
            f"tử số {format_number(m.numerator)} lớn hơn mẫu số {format_number(m.denominator)}",
            "numerator",
        )


def _value(indicator: Indicator, value: float) -> Iterator[Breach]:
    if not math.isfinite(value):
        yield Breach("PP116", "giá trị đo phải là một số hữu hạn", "value")
    elif value < 0:
        yield Breach("PP116", f"giá trị đo {format_number(value)} không được âm", "value")
    elif percent_scale(indicator) and value > 100:
        yield Breach("PP107", f"giá trị đo {format_number(value)}% nằm ngoài khoảng 0–100", "value")


def percent_scale(indicator: Indicator) -> bool:
    """A measured value is a percentage (0–100) for percent targets, except reduce_by,
    whose measured value is the current level (e.g. staff now)."""
    return indicator.target.unit == "percent" and not kind_of(indicator.target.op).relative


def _count(number: float, field: str, name: str) -> Iterator[Breach]:
    if not math.isfinite(number) or number < 0 or number != int(number):
        yield Breach("PP116", f"{name} {format_number(number)} phải là số nguyên không âm", field)


def record_breaches(
    obligation: Obligation,
    periods: list[str],
    records: list[OccurrenceRecord],
    owed: tuple[str, ...] = (),
) -> Iterator[tuple[int, Breach]]:
    """(index, breach) for records that repeat an occurrence (of one unit) or do not fit the
    schedule. ``periods`` are the schedule's occurrence periods (empty: event-driven);
    ``owed`` the units that may record an occurrence (``units.recording_units``); whether a
    record's unit owes its occurrence is ``unit_breaches``'s to say."""
    event_driven = obligation.schedule.after_event is not None
    seen: dict[tuple[str, str | None], int] = {}
    for j, rec in enumerate(records):
        if event_driven:
            if rec.event is None or rec.period is not None:
                yield (
                    j,
                    Breach(
                        "PP118",
                        "nghĩa vụ theo sự kiện: ghi event (ngày xảy ra sự kiện), không ghi period",
                        "period" if rec.period is not None else None,
                    ),
                )
                continue
            if rec.completed < rec.event:
                yield (
                    j,
                    Breach(
                        "PP118",
                        f"ngày hoàn thành {format_date(rec.completed)} trước ngày sự kiện "
                        f"{format_date(rec.event)}",
                        "completed",
                    ),
                )
            key = rec.event.isoformat()
        else:
            if rec.period is None or rec.event is not None:
                yield (
                    j,
                    Breach(
                        "PP118",
                        f"nghĩa vụ theo lịch: ghi period, một trong: {', '.join(periods)}",
                        "event" if rec.event is not None else None,
                    ),
                )
                continue
            if rec.period not in periods:
                yield (
                    j,
                    Breach(
                        "PP118",
                        f"kỳ {rec.period} không khớp lịch của nghĩa vụ '{obligation.id}' "
                        f"(các kỳ: {', '.join(periods)})",
                        "period",
                    ),
                )
                continue
            key = rec.period
        # one record per unit, or one for all when the obligation is one unit's
        mine = (key, rec.unit if len(owed) > 1 else None)
        if mine in seen:
            whose = f" của đơn vị '{rec.unit}'" if mine[1] else ""
            yield (
                j,
                Breach(
                    "PP114",
                    f"lần thực hiện {key}{whose} đã được ghi ở records[{seen[mine]}]",
                    "event" if event_driven else "period",
                ),
            )
        seen.setdefault(mine, j)


Occasion = str | date  # an occurrence: its period, or the day of the event it follows


def owed_on(
    plan: Plan, obligation: Obligation, day: date, registry: Registry | None = None
) -> dict[Occasion, Item]:
    """The obligation's occurrences by period (or event day), each owed by the units that
    owe it on ``day``: what a unit had done by then stays its own, what it had not passes
    to its successor once it ends, a unit owes nothing due before it began."""
    items = owed_items(plan, obligation, registry or Registry(plan), day)
    return {occasion: item for item in items if (occasion := item.period or item.event)}


def unit_breaches(
    plan: Plan, obligation: Obligation, registry: Registry | None = None
) -> Iterator[tuple[int, Breach]]:
    """(index, breach) for each record of one unit (``unit``) that does not owe its
    occurrence on the day it was done (``owed_on``): a unit that never owes the obligation,
    one that had ended (PP127) or not begun (PP131), a successor recording what the unit it took
    over from had done or before it took over. A record that fits no occurrence is ``record_breaches``'s."""
    registry = registry or Registry(plan)
    recording = recording_units(plan, obligation.units)
    days: dict[date, dict[Occasion, Item]] = {}
    # who takes the obligation over from a unit that ended (of a split: not every successor)
    duty = Item(
        "obligation", f"obligation:{obligation.id}", obligation.title, (), obligation=obligation.id
    )
    for j, rec in enumerate(obligation.records):
        unit = plan.units_by_id.get(rec.unit or "")
        if unit is None:  # no unit: it counts for every one; an unknown one is PP101
            continue
        if unit.id not in recording:
            names = ", ".join(f"{u} ({plan.unit_name(u)})" for u in recording)
            message = (
                f"{unit.name} ({unit.id}) không thực hiện nghĩa vụ '{obligation.id}'; "
                f"các đơn vị thực hiện: {names}"
            )
            yield j, Breach("PP128", message, "unit")
            continue
        ended = ended_text(plan, unit.id, rec.completed, "lần thực hiện", duty)
        if ended is not None:  # the work of that day was its successor's to record
            yield j, Breach("PP127", ended, "unit")
            continue
        begun = begun_text(plan, unit.id, rec.completed, "lần thực hiện")
        if begun is not None:  # the work of that day was its predecessor's
            yield j, Breach("PP131", begun, "unit")
            continue
        if rec.completed not in days:
            days[rec.completed] = owed_on(plan, obligation, rec.completed, registry)
        item = days[rec.completed].get(rec.period or rec.event or "")
        if item is None or unit.id in item.owed:
            continue
        yield j, Breach("PP128", _not_owed_text(plan, obligation, unit.id, item, rec), "unit")


def _not_owed_text(
    plan: Plan, obligation: Obligation, unit_id: str, item: Item, rec: OccurrenceRecord
) -> str:
    since = plan.units_by_id[unit_id].since
    begun = f", hoạt động từ {format_date(since)}," if since else ""
    which = (
        f"lần {item.period}" if item.period else f"lần theo sự kiện ngày {format_date(item.event)}"
    )
    due = f" (đến hạn {format_date(item.due)})" if item.due else ""
    done = {r.unit: r.completed for r in item.done_by}
    owed = ", ".join(
        f"{plan.unit_name(u)} ({u}"
        + (f", đã hoàn thành ngày {format_date(done[u])})" if u in done else ")")
        for u in item.owed
    )
    return (
        f"{plan.unit_name(unit_id)} ({unit_id}){begun} không thực hiện {which} của nghĩa vụ '{obligation.id}'"
        f"{due} tính đến ngày hoàn thành {format_date(rec.completed)}: lần này do {owed} thực hiện"
    )
