"""Reading one filled row: each cell read with the rules `record` applies to the same value
typed on the command line, into the typed update `record` makes its edits from.

A problem names its cell (``FILE.xlsx!Sheet!C7``); a row with no problem becomes a FormEntry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter

from parplan.core.errors import CellProblem, UsageError
from parplan.core.numbers import parse_count, parse_value
from parplan.core.periods import format_date, parse_user_date
from parplan.editing.record import parse_day
from parplan.forms.layout import ASSESSMENT_CHOICES, STATE_CHOICES, Column, SheetSpec, choice_code


@dataclass(frozen=True)
class Origin:
    """Where a value was read: the form file, its unit, sheet and row."""

    file: str
    unit: str
    sheet: str
    row: int

    def cell(self, spec: SheetSpec, key: str) -> str:
        index = next(i for i, c in enumerate(spec.columns, start=1) if c.key == key)
        return f"{get_column_letter(index)}{self.row}"

    def problem(self, spec: SheetSpec, key: str, message: str, code: str) -> CellProblem:
        return CellProblem(self.file, self.sheet, self.cell(spec, key), message, code)


@dataclass
class FormEntry:
    """What one item's rows ask for, read: ``fields`` by name (a date, a number, a code or
    text), each with the cell it came from (for locating a disagreement); `collect` makes
    them the update `record` takes (``record.TaskUpdate``, ``Reading``, ``Occurrence``)."""

    kind: str
    key: str
    ident: str | int
    period: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    cells: dict[str, tuple[Origin, str]] = field(default_factory=dict)
    origins: list[Origin] = field(default_factory=list)
    unit: str | None = None  # an occurrence several units owe: the form's unit's own


def cell_text(value: Any) -> str | None:
    """A cell as the text a person typed: numbers without a spurious ".0", dates dd/mm/yyyy."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return number_text(value)
    text = " ".join(str(value).split())
    return text or None


def number_text(value: float) -> str:
    """A number from a numeric cell as text `record` reads back exactly: the cell holds a
    number, so "1.245" (1,245) must not read as the ambiguous "1.245" a person might type:
    three decimals get a trailing zero ("1.2450")."""
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    decimals = text.partition(".")[2]
    return text + "0" if len(decimals) == 3 and "e" not in text else text


def comparable(value: Any) -> Any:
    """A descriptive cell as compared with what the plan would write there."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return value


class RowReader:
    """The editable cells of one row, read by column key; problems are collected."""

    def __init__(
        self, spec: SheetSpec, origin: Origin, values: tuple[Any, ...], today: date, year: int
    ) -> None:
        self.spec, self.origin, self.today, self.year = spec, origin, today, year
        self.raw = {c.key: values[i] for i, c in enumerate(spec.columns) if c.editable}
        self.problems: list[CellProblem] = []

    @property
    def blank(self) -> bool:
        return all(cell_text(v) is None for v in self.raw.values())

    def column(self, key: str) -> Column:
        return next(c for c in self.spec.columns if c.key == key)

    def fail(self, key: str, message: str, code: str = "PP206") -> None:
        self.problems.append(self.origin.problem(self.spec, key, message, code))

    def text(self, key: str) -> str | None:
        return cell_text(self.raw[key])

    def choice(self, key: str) -> str | None:
        text = self.text(key)
        if text is None:
            return None
        choices = STATE_CHOICES if self.column(key).kind == "state" else ASSESSMENT_CHOICES
        code = choice_code(text, choices)
        if code is None:
            self.fail(key, f"'{text}' không có trong danh sách: {', '.join(choices.values())}")
        return code

    def completion(self, key: str) -> date | None:
        """A completion date: a real date cell or dd/mm/yyyy typed as text, within the plan
        year and not after today (record's rule)."""
        text = self.text(key)
        if text is None:
            return None
        try:
            day = parse_day(text, self.column(key).header, self.today)
        except UsageError as exc:
            self.fail(key, exc.message)
            return None
        if day.year != self.year:
            self.fail(key, f"ngày {format_date(day)} nằm ngoài năm kế hoạch {self.year}")
            return None
        return day

    def number(self, key: str) -> float | None:
        """A value (decimals allowed) or a count, read as `record` reads it typed."""
        text = self.text(key)
        if text is None:
            return None
        parse = parse_value if key == "value" else parse_count
        try:
            return parse(text, self.column(key).header)
        except UsageError as exc:
            self.fail(key, exc.message)
            return None

    def evidence(self) -> str | None:
        """Title, number and date of one evidence document, written as `record --evidence`
        takes it ("Kế hoạch số 45/KH-SVHTT ngày 20/03/2024")."""
        title, number, issued = self.text("ev_title"), self.text("ev_number"), None
        raw_date = self.text("ev_date")
        if raw_date is not None:
            try:
                issued = parse_user_date(raw_date)
            except ValueError as exc:
                self.fail("ev_date", str(exc))
        if title is None:
            if number is not None or raw_date is not None:
                self.fail("ev_title", "cần tên tài liệu kiểm chứng khi đã ghi số hoặc ngày")
            return None
        if number is not None and number not in title:
            title += f" số {number}"
        if issued is not None and format_date(issued) not in title:
            title += f" ngày {format_date(issued)}"
        return title
