"""The pydantic model of an annual PAR plan (Kế hoạch CCHC).

General enough for any Vietnamese agency's annual plan, which all follow one template:
metadata, units, purposes and requirements, reform areas with targets and duties, duties of
each unit, reporting, funding, recurring obligations and the appendix of tasks.
Descriptions are "Vietnamese / English": they feed the JSON Schema used by editors.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from parplan.periods import (
    DEADLINE_PATTERN,
    PERIOD_PATTERN,
    SCHEMA_DEADLINE_PATTERN,
    SCHEMA_PERIOD_PATTERN,
    Deadline,
    InvalidDate,
    Period,
    parse_deadline,
    parse_iso_date,
    parse_period,
)
from parplan.targets import TargetOp, describe_ops

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


class Strict(BaseModel):
    """Base: unknown keys are errors, so a typo in a plan is caught."""

    model_config = ConfigDict(extra="forbid", frozen=False, strict=True, defer_build=True)


def _as_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


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
Day = Annotated[
    date,
    BeforeValidator(_date_text),
    Field(json_schema_extra={"type": "string", "format": "date"}),
]
# In YAML a bare year is an integer: the schema accepts one, and strings by pattern (not
# anyOf, whose errors mislead editors).
_YEAR_OR_PATTERN = {"type": ["string", "integer"], "minimum": 2000, "maximum": 2100}
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


class Paragraph(Strict):
    """A paragraph as written, with an optional note on uncertain readings."""

    text: str = Field(description="Nội dung như trong văn bản / the text as written")
    note: str | None = Field(None, description="Ghi chú về chỗ đọc không chắc / reading note")


Para = Annotated[Paragraph, BeforeValidator(_as_text, json_schema_input_type=str | Paragraph)]


class LegalBasis(Strict):
    title: str = Field(description="Tên văn bản căn cứ / the basis document as cited")
    number: str | None = Field(None, description="Số, ký hiệu / number and symbol")
    date: Day | None = Field(None, description="Ngày ban hành / issue date")
    note: str | None = None


class PlanMeta(Strict):
    title: str = Field(description="Tên kế hoạch / plan title")
    type: str = Field("KH", description="Loại văn bản viết tắt (KH) / document type")
    number: str | None = Field(None, description="Số văn bản, null nếu không rõ / number")
    symbol: str | None = Field(None, description="Ký hiệu, ví dụ KH-SVHTT / symbol")
    issue_date: str | None = Field(
        None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="Ngày ban hành YYYY-MM-DD, YYYY-MM hoặc YYYY khi không rõ / issue date",
    )
    place: str = Field(description="Địa danh / place of issue")
    year: int = Field(ge=2000, le=2100, description="Năm kế hoạch / plan year")
    issuer: str = Field(description="Cơ quan ban hành / issuing body")
    parent_body: str = Field(description="Cơ quan chủ quản / parent body")
    parent: str | None = Field(
        None,
        description="Tệp kế hoạch của cơ quan cấp trên, đường dẫn tính từ thư mục của tệp này "
        "(../2024.yaml) / the parent plan's file",
    )
    basis: list[LegalBasis] = Field(default_factory=list, description="Căn cứ / legal basis")
    preamble: str | None = Field(None, description="Câu mở đầu / opening sentence")
    note: str | None = None

    @field_validator("issue_date", mode="before")
    @classmethod
    def _issue_date(cls, value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and len(value) == 10:
            parse_iso_date(value)
        elif isinstance(value, str) and len(value) == 7:
            month = value[5:]
            if not (month.isdigit() and month.isascii() and 1 <= int(month) <= 12):
                raise InvalidDate(f"ngày không hợp lệ '{value}': tháng phải từ 01 đến 12")
        return value


class Successor(Strict):
    """One unit a split unit's work passes to, and which part of it."""

    unit: Id = Field(description="Đơn vị kế thừa / the successor unit")
    takes: list[int | Id] = Field(
        default_factory=list,
        description="Phần việc nhận: số thứ tự nhiệm vụ, mã lĩnh vực hoặc mã nghĩa vụ; để "
        "trống: phần còn lại / task numbers, area or obligation ids it takes (empty: the rest)",
    )


class Unit(Strict):
    id: Id = Field(description="Mã đơn vị ổn định / stable unit id")
    name: str = Field(description="Tên đầy đủ có dấu / full name")
    short: str | None = Field(None, description="Tên viết tắt / short name")
    kind: Literal["internal", "external", "group"] = Field(
        "internal",
        description="internal: thuộc Sở; external: ngoài Sở; group: nhóm nhiều đơn vị",
    )
    members: list[Id] = Field(default_factory=list, description="Thành viên của nhóm / members")
    aliases: list[str] = Field(default_factory=list, description="Cách viết khác / spellings")
    report_symbol: str | None = Field(
        None,
        description="Ký hiệu báo cáo của đơn vị, ví dụ BC-VP / the unit's own report symbol",
    )
    since: Day | None = Field(None, description="Ngày bắt đầu hoạt động / first day")
    until: Day | None = Field(
        None, description="Ngày cuối cùng hoạt động (sáp nhập, đổi tên, giải thể) / last day"
    )
    successor: Id | None = Field(
        None,
        description="Đơn vị nhận lại toàn bộ việc từ ngày sau until (sáp nhập, đổi tên) / "
        "the unit that takes over all its work the day after until",
    )
    successors: list[Successor] = Field(
        default_factory=list,
        description="Khi chia tách: mỗi đơn vị nhận phần việc nào / a split: who takes what",
    )
    basis: str | None = Field(
        None, description="Căn cứ pháp lý của since/until/successor / legal basis"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _dated(self) -> Unit:
        if self.successor is not None and self.successors:
            raise ValueError(
                "ghi successor (sáp nhập, đổi tên) hoặc successors (chia tách), không cả hai"
            )
        if (self.successor is not None or self.successors) and self.until is None:
            raise ValueError(
                "đơn vị có successor/successors cần until: ngày cuối cùng đơn vị hoạt động"
            )
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ValueError(
                f"since {self.since:%d/%m/%Y} sau until {self.until:%d/%m/%Y}: "
                "đơn vị kết thúc trước khi bắt đầu"
            )
        return self

    def ended_before(self, day: date) -> bool:
        """Whether ``day`` falls after the unit's last day."""
        return self.until is not None and self.until < day


class Area(Strict):
    id: Id = Field(description="Mã lĩnh vực / area id")
    number: int = Field(ge=1, description="Số thứ tự lĩnh vực (1–7) / area number")
    title: str = Field(description="Tên lĩnh vực / area title")
    duties: list[Para] = Field(default_factory=list, description="Nội dung, nhiệm vụ / duties")
    note: str | None = None


class Target(Strict):
    op: TargetOp = Field(description=f"{describe_ops()} / direction of the target")
    value: float | None = Field(
        None, allow_inf_nan=False, description="Giá trị chỉ tiêu / target value"
    )
    unit: Literal["percent", "count", "text"] = Field(
        "percent", description="Đơn vị: percent, count, text / unit of the value"
    )


class Baseline(Strict):
    year: int | None = Field(None, description="Năm gốc / baseline year")
    value: float | None = Field(
        None, allow_inf_nan=False, description="Giá trị năm gốc / baseline value"
    )
    note: str | None = None


class Measurement(Strict):
    period: PeriodCode = Field(description="Kỳ: 2024-Q1, 2024-H1, 2024-9M, 2024 / period")
    value: float | None = Field(None, description="Giá trị đo được / measured value")
    numerator: float | None = Field(None, description="Tử số, ví dụ 412 hồ sơ / numerator")
    denominator: float | None = Field(None, description="Mẫu số, ví dụ 430 / denominator")
    assessment: Literal["achieved", "partly", "not_achieved"] | None = Field(
        None, description="Đánh giá cho chỉ tiêu định tính / qualitative assessment"
    )
    source: str | None = Field(None, description="Nguồn, tài liệu kiểm chứng / source")
    note: str | None = None

    @cached_property
    def parsed_period(self) -> Period:
        return parse_period(self.period)


class Indicator(Strict):
    id: Id = Field(description="Mã chỉ tiêu / indicator id")
    area: Id | None = Field(None, description="Mã lĩnh vực; null: chỉ tiêu chung / area id")
    text: str = Field(description="Chỉ tiêu như trong văn bản / the target as written")
    target: Target
    baseline: Baseline | None = Field(None, description="Năm gốc / baseline")
    note: str | None = None
    values: list[Measurement] = Field(default_factory=list, description="Kết quả đo / values")


class DeadlineSpec(Strict):
    text: str = Field(description="Thời hạn như trong văn bản / deadline as written")
    by: DeadlineCode = Field(
        description="Dạng cấu trúc: 2024-02-21, before 2024-02-22, 2024-02, 2024-Q1, "
        "2024-H1, 2024-9M, 2024, none / structured deadline"
    )
    tentative: bool = Field(False, description="Dự kiến / tentative")

    @field_validator("by")
    @classmethod
    def _by(cls, value: str) -> str:
        parse_deadline(value)
        return value

    @cached_property
    def parsed(self) -> Deadline:
        return parse_deadline(self.by)

    @property
    def due(self) -> date | None:
        return self.parsed.due


class Evidence(Strict):
    title: str = Field(description="Tên tài liệu kiểm chứng / evidence document")
    number: str | None = Field(None, description="Số, ký hiệu / number")
    date: Day | None = Field(None, description="Ngày / date")


Evidences = Annotated[
    list[Evidence],
    BeforeValidator(
        lambda v: [{"title": v}] if isinstance(v, str) else v,
        json_schema_input_type=str | list[Evidence],
    ),
]


TaskStatus = Literal["not_started", "in_progress", "done", "cancelled"]


class Progress(Strict):
    status: TaskStatus = Field("not_started", description="Trạng thái / status")
    completed: Day | None = Field(None, description="Ngày hoàn thành / completion date")
    evidence: Evidences = Field(default_factory=list, description="Tài liệu kiểm chứng")
    note: str | None = None


class Reassignment(Strict):
    """From ``since``, the task is led by ``lead`` (and coordinated by ``coordinating`` when
    given): the history before stays as it was."""

    since: Day = Field(description="Từ ngày / from this day")
    lead: list[Id] = Field(min_length=1, description="Đơn vị chủ trì mới / the new lead")
    coordinating: list[Id] | None = Field(
        None, description="Đơn vị phối hợp mới; bỏ trống: giữ nguyên / new coordinating units"
    )
    basis: str | None = Field(None, description="Căn cứ giao lại / legal basis")


class Task(Strict):
    number: int = Field(ge=1, description="STT trong phụ lục / appendix row number")
    area: Id = Field(description="Mã lĩnh vực / area id")
    objective: str = Field(description="Mục tiêu / objective")
    duty: str | None = Field(description="Nhiệm vụ; null nếu ô trống / duty")
    activities: list[str] = Field(default_factory=list, description="Hoạt động / activities")
    product: str = Field(description="Nội dung/sản phẩm / product")
    lead: list[Id] = Field(min_length=1, description="Đơn vị chủ trì / lead units")
    coordinating: list[Id] = Field(default_factory=list, description="Đơn vị phối hợp")
    lead_text: str | None = Field(None, description="Cột chủ trì như văn bản / as written")
    coordinating_text: str | None = Field(None, description="Cột phối hợp như văn bản")
    deadline: DeadlineSpec
    reassigned: list[Reassignment] = Field(
        default_factory=list,
        description="Giao lại chủ trì giữa năm, theo ngày / the lead changed from a date",
    )
    implements: list[int] = Field(
        default_factory=list,
        description="Số thứ tự các nhiệm vụ của kế hoạch cấp trên mà nhiệm vụ này thực hiện "
        "/ the parent plan's tasks this task carries out",
    )
    note: str | None = None
    progress: Progress | None = None

    @field_validator("reassigned")
    @classmethod
    def _in_order(cls, value: list[Reassignment]) -> list[Reassignment]:
        days = [r.since for r in value]
        if days != sorted(set(days)):
            raise ValueError(
                "các lần giao lại (reassigned) phải theo thứ tự ngày, mỗi ngày một lần"
            )
        return value


class Occurrence(Strict):
    period: PeriodCode
    by: DeadlineCode

    @field_validator("by")
    @classmethod
    def _by(cls, value: str) -> str:
        parse_deadline(value)
        return value


class Schedule(Strict):
    every: Literal["month", "quarter", "half", "year"] | None = Field(
        None, description="Lặp lại: month, quarter, half, year / recurrence"
    )
    day: int | None = Field(None, ge=1, le=31, description="Ngày trong tháng cuối kỳ / due day")
    once: DeadlineCode | None = Field(None, description="Một thời hạn duy nhất / single deadline")
    occurrences: list[Occurrence] = Field(default_factory=list, description="Các lần cụ thể")
    after_event: str | None = Field(None, description="Sau sự kiện / after an event")
    within_days: int | None = Field(None, ge=0, description="Trong vòng N ngày / within days")

    @field_validator("once")
    @classmethod
    def _once(cls, value: str | None) -> str | None:
        if value is not None:
            parse_deadline(value)
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Schedule:
        forms = [
            name
            for name, given in (
                ("every", self.every is not None),
                ("once", self.once is not None),
                ("occurrences", bool(self.occurrences)),
                ("after_event", self.after_event is not None),
            )
            if given
        ]
        if len(forms) != 1:
            found = ", ".join(forms) if forms else "không có dạng nào"
            raise ValueError(
                f"lịch cần đúng một trong every, once, occurrences, after_event (đang có: {found})"
            )
        return self


class OccurrenceRecord(Strict):
    period: PeriodCode | None = Field(
        None, description="Kỳ của lần thực hiện (nghĩa vụ theo lịch) / occurrence period"
    )
    event: Day | None = Field(
        None, description="Ngày xảy ra sự kiện (nghĩa vụ theo sự kiện) / event date"
    )
    unit: Id | None = Field(
        None,
        description="Đơn vị đã thực hiện (nghĩa vụ của nhiều đơn vị); không ghi: tính cho mọi "
        "đơn vị / the member unit that did it; none: it counts for every member",
    )
    completed: Day = Field(description="Ngày hoàn thành / completion date")
    evidence: Evidences = Field(default_factory=list)
    note: str | None = None


class Obligation(Strict):
    id: Id
    title: str = Field(description="Tên ngắn / short title")
    text: str = Field(description="Câu trong văn bản / the sentence as written")
    source: str | None = Field(None, description="Mục trong kế hoạch / section")
    units: list[Id] = Field(default_factory=list, description="Đơn vị thực hiện / units")
    schedule: Schedule
    records: list[OccurrenceRecord] = Field(default_factory=list, description="Đã thực hiện")
    note: str | None = None


class UnitDuties(Strict):
    unit: Id
    heading: str
    intro: str | None = None
    duties: list[Para] = Field(default_factory=list)


class DataWindow(Strict):
    start_day: int = Field(15, ge=1, le=31)
    end_day: int = Field(14, ge=1, le=31)


class Reporting(Strict):
    text: str = Field(description="Mục IV như văn bản / section IV as written")
    submit_to: Id | None = None
    forward_to: list[Id] = Field(default_factory=list)
    email: str | None = None
    data_window: DataWindow = Field(default_factory=DataWindow)


class Signer(Strict):
    authority: str | None = Field(None, description="Quyền hạn ký, ví dụ KT. GIÁM ĐỐC")
    title: str = Field(description="Chức vụ người ký, ví dụ PHÓ GIÁM ĐỐC / signer's title")
    name: str | None = Field(None, description="Họ và tên người ký / signer's name")


class ReportConfig(Strict):
    """Báo cáo định kỳ: ký hiệu, nơi nhận, người ký / settings of the periodic reports."""

    symbol: str | None = Field(None, description="Ký hiệu báo cáo, ví dụ BC-SVHTT")
    to: list[str] = Field(default_factory=list, description="Kính gửi / addressees")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận / distribution")
    signer: Signer | None = None


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _check_weekend(value: date) -> date:
    if value.weekday() < 5:
        raise ValueError(
            f"ngày {value:%d/%m/%Y} là {_WEEKDAYS[value.weekday()]}, vốn là ngày làm việc: "
            "working_days chỉ ghi thứ Bảy, Chủ nhật cơ quan đi làm (làm bù)"
        )
    return value


WeekendDay = Annotated[Day, AfterValidator(_check_weekend)]


class WorkingCalendarSpec(Strict):
    """Lịch làm việc: hạn rơi vào ngày nghỉ được lùi đến ngày làm việc tiếp theo / the
    working calendar: a deadline on a day off moves to the next working day."""

    roll_forward: bool = Field(
        True,
        description="Hạn rơi vào ngày nghỉ là ngày làm việc tiếp theo (BLDS 2015 Điều 148) / "
        "a deadline on a day off is due the next working day",
    )
    days_off: list[Day] = Field(
        default_factory=list,
        description="Ngày nghỉ riêng của cơ quan, YYYY-MM-DD / the agency's own days off",
    )
    working_days: list[WeekendDay] = Field(
        default_factory=list,
        description="Thứ Bảy, Chủ nhật cơ quan đi làm, YYYY-MM-DD / weekend days worked",
    )

    @model_validator(mode="after")
    def _each_day_one_list(self) -> WorkingCalendarSpec:
        both = sorted(set(self.days_off) & set(self.working_days))
        if both:
            days = ", ".join(f"{d:%d/%m/%Y}" for d in both)
            raise ValueError(
                f"ngày {days} có trong cả days_off và working_days: một ngày hoặc nghỉ hoặc "
                "làm việc, hãy bỏ ở một danh sách"
            )
        return self


class IndexLink(Strict):
    """The plan's items that are evidence for one criterion of the PAR INDEX."""

    criterion: str = Field(description="STT của tiêu chí (thành phần), ví dụ '1.1.2'")
    tasks: list[int] = Field(default_factory=list, description="Số nhiệm vụ / task numbers")
    obligations: list[Id] = Field(default_factory=list, description="Mã nghĩa vụ")
    indicators: list[Id] = Field(default_factory=list, description="Mã chỉ tiêu")


class IndexScore(Strict):
    """The self score of one criterion, with its evidence or the explanation of it."""

    criterion: str = Field(description="STT của tiêu chí (thành phần), ví dụ '1.1.2'")
    score: float | None = Field(None, allow_inf_nan=False, description="Điểm tự chấm")
    data: str | None = Field(None, description="Số liệu kê khai / figures declared")
    evidence: str | None = Field(None, description="Tài liệu kiểm chứng / evidence")
    explanation: str | None = Field(None, description="Giải trình / how it was scored")


class ParIndex(Strict):
    """Tự đánh giá chỉ số CCHC (PAR INDEX) / the PAR INDEX self-assessment."""

    criteria: str = Field(
        description="Tệp bộ tiêu chí (parplan index import), đường dẫn tính từ thư mục của "
        "tệp kế hoạch / the criteria file, relative to the plan's folder"
    )
    not_applicable: list[str] = Field(
        default_factory=list, description="STT các mục không áp dụng cho cơ quan"
    )
    links: list[IndexLink] = Field(default_factory=list, description="Mục kế hoạch làm minh chứng")
    scores: list[IndexScore] = Field(default_factory=list, description="Điểm tự chấm")


class Plan(Strict):
    """Kế hoạch cải cách hành chính / an annual public-administration-reform plan."""

    version: Literal[1] = Field(description="Phiên bản định dạng tệp / file format version")
    plan: PlanMeta
    units: list[Unit]
    purposes: list[Para] = Field(default_factory=list, description="I.1 Mục đích")
    requirements: list[Para] = Field(default_factory=list, description="I.2 Yêu cầu")
    areas: list[Area] = Field(default_factory=list, description="II. Các lĩnh vực cải cách")
    indicators: list[Indicator] = Field(default_factory=list, description="Chỉ tiêu")
    unit_duties: list[UnitDuties] = Field(default_factory=list, description="III. Nhiệm vụ")
    reporting: Reporting | None = Field(None, description="IV. Thông tin báo cáo")
    funding: list[Para] = Field(default_factory=list, description="V. Kinh phí")
    closing: list[Para] = Field(default_factory=list)
    recipients: list[Para] = Field(default_factory=list, description="Nơi nhận")
    report: ReportConfig = Field(default_factory=ReportConfig, description="Báo cáo định kỳ")
    working_calendar: WorkingCalendarSpec | None = Field(
        None,
        description="Lịch làm việc: ngày nghỉ, ngày làm bù, hạn lùi qua ngày nghỉ / working "
        "calendar (without it deadlines count calendar days)",
    )
    obligations: list[Obligation] = Field(default_factory=list, description="Nghĩa vụ định kỳ")
    tasks: list[Task] = Field(default_factory=list, description="Phụ lục: nhiệm vụ")
    par_index: ParIndex | None = Field(None, description="Tự đánh giá chỉ số CCHC")
    unclassified: list[Para] = Field(
        default_factory=list,
        description="Đoạn parplan import chưa xếp được vào mục nào / paragraphs import could "
        "not place (review, then move or delete)",
    )

    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    @cached_property
    def areas_by_id(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    def unit_name(self, unit_id: str) -> str:
        unit = self.units_by_id.get(unit_id)
        return unit.name if unit else unit_id


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, through list[…], … | None and Annotated[…]; None for a
    field of plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_of(arg)
        if found is not None:
            return found
    return None
