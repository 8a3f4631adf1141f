"""From a filled row to a FormEntry: what `record` would be asked, read and typed, minus what
the plan already holds (so a row that repeats the recorded state changes nothing)."""

from __future__ import annotations

from typing import Any

from parplan.core.model import Indicator, Measurement, Task
from parplan.core.targets import kind_of
from parplan.forms.cells import FormEntry, RowReader
from parplan.rules.recorded import CompletionNames, completion_breach
from parplan.tracking.items import Item

FORM_NAMES = CompletionNames("Trạng thái mới: Hoàn thành", "Ngày hoàn thành, dd/mm/yyyy")


def _put(change: FormEntry, reader: RowReader, name: str, value: Any, column: str = "") -> None:
    """A field of the entry, with the cell it was read from (``column``: when not its name)."""
    change.fields[name] = value
    change.cells[name] = (reader.origin, reader.origin.cell(reader.spec, column or name))


def _evidence_and_note(
    change: FormEntry, reader: RowReader, evidence: str | None, note: str | None, held: Any
) -> None:
    """The row's evidence and note, minus what ``held`` (the recorded progress or occurrence,
    or None) already says; the row's origin noted."""
    titles = [e.title for e in held.evidence] if held else []
    change.evidence = [t for t in ([evidence] if evidence else []) if t not in titles]
    if note is not None and note != (held.note if held else None):
        _put(change, reader, "note", note)
    change.origins.append(reader.origin)


def task_change(reader: RowReader, task: Task) -> FormEntry | None:
    status = reader.choice("state")
    done = reader.completion("done")
    evidence = reader.evidence()
    note = reader.text("note")
    if reader.problems:
        return None
    progress = task.progress
    current = progress.status if progress else "not_started"
    completed = progress.completed if progress else None
    if done is not None and status is None:
        status = "done"
    if status == "done" and done is None and current == "done":
        done = completed  # "Hoàn thành" kept: the recorded date stands
    breach = completion_breach(status, done, FORM_NAMES) if status is not None else None
    if breach is not None:
        reader.fail("done", breach.message)
        return None
    change = FormEntry("task", f"task:{task.number}", task.number, None)
    if status is not None and (status != current or (status == "done" and done != completed)):
        if status == "done" and done is not None:
            _put(change, reader, "done", done)
        else:
            _put(change, reader, "status", status, "state")
    _evidence_and_note(change, reader, evidence, note, progress)
    return change if change.fields or change.evidence else None


_MEASURED = ("value", "numerator", "denominator")


def indicator_change(reader: RowReader, indicator: Indicator, period: str) -> FormEntry | None:
    given = {key: reader.number(key) for key in _MEASURED}
    assessment = reader.choice("assessment")
    source, note = reader.text("source"), reader.text("note")
    if reader.problems:
        return None
    qualitative = not kind_of(indicator.target.op).measured
    for key, text in given.items():
        if qualitative and text is not None:
            reader.fail(key, "chỉ tiêu định tính: chọn Đánh giá, không ghi số")
    if not qualitative and assessment is not None:
        reader.fail("assessment", "chỉ tiêu định lượng: ghi Giá trị hoặc Tử số/Mẫu số")
    if given["value"] is not None and (given["numerator"] or given["denominator"]):
        reader.fail("value", "ghi Giá trị hoặc Tử số và Mẫu số, không ghi cả hai")
    if reader.problems:
        return None
    held = next((m for m in indicator.values if m.period == period), None)
    fields: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if assessment is not None:
        fields["assessment"] = assessment
    if source is not None:
        fields["source"] = source
    if note is not None:
        fields["note"] = note
    if not fields or (held is not None and _same_measurement(held.model_dump(), fields)):
        return None
    return _indicator_fields(reader, indicator, period, fields, held)


def _same_measurement(held: dict[str, object], fields: dict[str, Any]) -> bool:
    return all(held.get(key) == value for key, value in fields.items())


def _indicator_fields(
    reader: RowReader,
    indicator: Indicator,
    period: str,
    fields: dict[str, Any],
    held: Measurement | None,
) -> FormEntry | None:
    measured = any(k in fields for k in (*_MEASURED, "assessment"))
    if not measured and held is not None:  # a new source or note: the figure stays
        for key in (*_MEASURED, "assessment"):
            kept = getattr(held, key)
            if kept is not None:
                fields[key] = kept
        measured = True
    if not measured and held is None:
        if not kind_of(indicator.target.op).measured:
            reader.fail("assessment", "cần Đánh giá cho kỳ này")
        else:
            reader.fail("value", "cần Giá trị (hoặc Tử số và Mẫu số) cho kỳ này")
        return None
    if "numerator" in fields and "denominator" not in fields:
        reader.fail("denominator", "có Tử số thì cần cả Mẫu số")
        return None
    if "denominator" in fields and "numerator" not in fields:
        reader.fail("numerator", "có Mẫu số thì cần cả Tử số")
        return None
    if not _within_rules(reader, indicator, period, fields):
        return None
    change = FormEntry("indicator", f"indicator:{indicator.id}", indicator.id, period)
    for key, value in fields.items():
        _put(change, reader, key, value)
    change.origins.append(reader.origin)
    return change


def _within_rules(
    reader: RowReader, indicator: Indicator, period: str, fields: dict[str, Any]
) -> bool:
    """The rules `record` and `check` apply to a measured value (percent within 0–100,
    numerator at most denominator, …), each refusal at the cell it is about."""
    from parplan.rules.recorded import measurement_breaches

    if not kind_of(indicator.target.op).measured:
        return True
    candidate = Measurement(period=period, **{k: fields.get(k) for k in _MEASURED})
    for breach in measurement_breaches(indicator, candidate):
        reader.fail(breach.field or "value", breach.message, breach.code)
    return not reader.problems


def obligation_change(reader: RowReader, occurrence: Item) -> FormEntry | None:
    """An occurrence's row, read against what is recorded of it for the form's unit
    (``occurrence``: the unit's own when several units owe it, ``tracking.own_item``); the
    record names the form's unit when it owes the obligation."""
    done = reader.completion("done")
    evidence = reader.evidence()
    note = reader.text("note")
    if reader.problems:
        return None
    held = occurrence.done_by[0] if occurrence.status == "done" and occurrence.done_by else None
    if done is None and held is None:
        reader.fail("done", "cần Ngày hoàn thành (dd/mm/yyyy) của lần thực hiện này")
        return None
    ident, period = occurrence.obligation, occurrence.period
    assert ident is not None
    unit = reader.origin.unit if reader.origin.unit in occurrence.owed else None
    key = f"obligation:{ident}:{period}" + (f":{unit}" if unit else "")
    change = FormEntry("obligation", key, ident, period, unit=unit)
    completed = done or (held.completed if held else None)
    assert completed is not None
    if done is not None:
        _put(change, reader, "done", done)
    else:
        change.fields["done"] = completed  # as recorded: no cell of the row gave it
    _evidence_and_note(change, reader, evidence, note, held)
    unchanged = done is None or (held is not None and held.completed == done)
    if unchanged and not change.evidence and "note" not in change.fields:
        return None
    return change
