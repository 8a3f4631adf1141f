"""The field types a plan's model is built of, each with the check that gives a precise
message and the JSON Schema an editor uses: ids, days, periods and deadlines."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from parplan.core.periods import (
    DEADLINE_PATTERN,
    FIRST_YEAR,
    LAST_YEAR,
    PERIOD_PATTERN,
    SCHEMA_DEADLINE_PATTERN,
    SCHEMA_PERIOD_PATTERN,
    parse_iso_date,
    parse_period,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)
# An id names files (a unit's page, its form): long enough for any unit's name in words
# ("trung-tam-huan-luyen-va-thi-dau-the-duc-the-thao-khu-vuc-hoan-kiem" is 66), short enough
# for every file system (255 bytes a name, with room for a suffix such as "-2024-Q2.xlsx").
ID_MAX_LENGTH = 100
# Names Windows will not create a file under, whatever the extension (con.html, nul.xlsx).
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)]
)


class InvalidId(ValueError):
    """An id that is not lowercase ASCII words joined by hyphens."""


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise InvalidId(
            f"mã '{value}' không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang, "
            "ví dụ 'van-phong'"
        )
    if len(value) > ID_MAX_LENGTH:
        raise InvalidId(
            f"mã '{value[:20]}…' dài {len(value)} ký tự, quá giới hạn {ID_MAX_LENGTH}: "
            "mã dùng làm tên tệp (trang, biểu mẫu của đơn vị), hãy rút gọn"
        )
    if value in WINDOWS_RESERVED:
        raise InvalidId(
            f"mã '{value}' là tên thiết bị dành riêng của Windows, không dùng được làm tên "
            f"tệp: hãy đổi, ví dụ '{value}-1'"
        )
    return value


class WrongType(ValueError):
    """A value of the wrong kind; the message says what was expected ("số nguyên hoặc …"),
    the problem adds what was found."""


def _task_or_id(value: Any) -> Any:
    """A task number or an id, checked here in one step: as a union, pydantic would report
    each member's error (the int's and the id's) under a path naming its internals."""
    if isinstance(value, str):
        return _check_id(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongType("số thứ tự nhiệm vụ (số nguyên) hoặc mã lĩnh vực, mã nghĩa vụ")
    return value


def _date_text(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; parse them here for a precise message."""
    if isinstance(value, str):
        return parse_iso_date(value.strip())
    return value


def _period_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_period(value: str) -> str:
    parse_period(value)
    return value


def _deadline_text(value: Any) -> Any:
    if isinstance(value, int | date):
        return str(value) if isinstance(value, int) else value.isoformat()
    return value


Id = Annotated[
    str,
    BeforeValidator(lambda v: _check_id(v) if isinstance(v, str) else v),
    Field(
        json_schema_extra={
            "pattern": ID_PATTERN,
            "maxLength": ID_MAX_LENGTH,
            "not": {"enum": sorted(WINDOWS_RESERVED)},
        }
    ),
]
TaskOrId = Annotated[int | Id, BeforeValidator(_task_or_id)]
Day = Annotated[
    date,
    BeforeValidator(_date_text),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
# A year the plan speaks of (its own, an indicator's baseline): one bound for every year field.
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
# In YAML a bare year is an integer: the schema accepts one, and strings by pattern (not
# anyOf, whose errors mislead editors).
_YEAR_OR_PATTERN = {"type": ["string", "integer"], "minimum": FIRST_YEAR, "maximum": LAST_YEAR}
PeriodCode = Annotated[
    str,
    BeforeValidator(_period_text),
    Field(pattern=PERIOD_PATTERN),
    AfterValidator(_check_period),
    WithJsonSchema({**_YEAR_OR_PATTERN, "pattern": SCHEMA_PERIOD_PATTERN}),
]
DeadlineCode = Annotated[
    str,
    BeforeValidator(_deadline_text),
    Field(pattern=DEADLINE_PATTERN),
    WithJsonSchema({**_YEAR_OR_PATTERN, "pattern": SCHEMA_DEADLINE_PATTERN}),
]


def new_list() -> list[Any]:
    """A new empty list, the default of a list field. A Python function, not ``list``:
    pydantic reads a default factory's signature when it builds the validator, and a built-in's
    signature is parsed from its text (importing ``tokenize`` and compiling its patterns)."""
    return []


class Strict(BaseModel):
    """Base: unknown keys are errors, so a typo in a plan is caught."""

    model_config = ConfigDict(extra="forbid", frozen=False, strict=True, defer_build=True)
