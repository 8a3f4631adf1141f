"""The pydantic model of an annual PAR plan (Kế hoạch CCHC).

General enough for any Vietnamese agency's annual plan, which all follow one template:
metadata, units, purposes and requirements, reform areas with targets and duties, duties of
each unit, reporting, funding, recurring obligations and the appendix of tasks.
Descriptions are "Vietnamese / English": they feed the JSON Schema used by editors.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    field_validator,
    model_validator,
)

from parplan.core.fields import (
    Day,
    DeadlineCode,
    Id,
    PeriodCode,
    Strict,
    TaskOrId,
    Year,
    new_list,
)
from parplan.core.periods import (
    Deadline,
    InvalidDate,
    Period,
    format_date,
    parse_deadline,
    parse_iso_date,
    parse_period,
)
from parplan.core.sections import (
    ParIndex,
    ReportConfig,
    Reporting,
    WorkingCalendarSpec,
)
from parplan.core.targets import TargetOp, describe_ops


def _as_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


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
    year: Year = Field(description="Năm kế hoạch / plan year")
    issuer: str = Field(description="Cơ quan ban hành / issuing body")
    parent_body: str = Field(description="Cơ quan chủ quản / parent body")
    parent: str | None = Field(
        None,
        description="Tệp kế hoạch của cơ quan cấp trên, đường dẫn tính từ thư mục của tệp này "
        "(../2024.yaml) / the parent plan's file",
    )
    basis: list[LegalBasis] = Field(default_factory=new_list, description="Căn cứ / legal basis")
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
    takes: list[TaskOrId] = Field(
        default_factory=new_list,
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
    members: list[Id] = Field(default_factory=new_list, description="Thành viên của nhóm / members")
    aliases: list[str] = Field(default_factory=new_list, description="Cách viết khác / spellings")
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
        default_factory=new_list,
        description="Khi chia tách: mỗi đơn vị nhận phần việc nào / a split: who takes what",
    )
    basis: str | None = Field(
        None, description="Căn cứ pháp lý của since/until/successor / legal basis"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _dated(self) -> "Unit":
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
                f"since {format_date(self.since)} sau until {format_date(self.until)}: "
                "đơn vị kết thúc trước khi bắt đầu"
            )
        return self

    def ended_before(self, day: date) -> bool:
        """Whether ``day`` falls after the unit's last day."""
        return self.until is not None and self.until < day

    def in_office(self, day: date) -> bool:
        """Whether the unit works on ``day``: begun (``since``) and not ended (``until``)."""
        return (self.since is None or self.since <= day) and not self.ended_before(day)

    def in_office_during(self, start: date, end: date) -> bool:
        """Whether the unit works some day of ``start``…``end`` (a period)."""
        return (self.since is None or self.since <= end) and not self.ended_before(start)


# areas are numbered I, II, … in reports: 7 in the standard template, never near 100 (a
# number of 20 digits was written as 10**17 letters M, and `report` ran out of memory)
MAX_AREA_NUMBER = 99


class Area(Strict):
    id: Id = Field(description="Mã lĩnh vực / area id")
    number: int = Field(
        ge=1,
        le=MAX_AREA_NUMBER,
        description="Số thứ tự lĩnh vực (1–7) / area number",
    )
    title: str = Field(description="Tên lĩnh vực / area title")
    duties: list[Para] = Field(default_factory=new_list, description="Nội dung, nhiệm vụ / duties")
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
    year: Year | None = Field(None, description="Năm gốc / baseline year")
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
    values: list[Measurement] = Field(default_factory=new_list, description="Kết quả đo / values")


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
    evidence: Evidences = Field(default_factory=new_list, description="Tài liệu kiểm chứng")
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
    activities: list[str] = Field(default_factory=new_list, description="Hoạt động / activities")
    product: str = Field(description="Nội dung/sản phẩm / product")
    lead: list[Id] = Field(min_length=1, description="Đơn vị chủ trì / lead units")
    coordinating: list[Id] = Field(default_factory=new_list, description="Đơn vị phối hợp")
    lead_text: str | None = Field(None, description="Cột chủ trì như văn bản / as written")
    coordinating_text: str | None = Field(None, description="Cột phối hợp như văn bản")
    deadline: DeadlineSpec
    reassigned: list[Reassignment] = Field(
        default_factory=new_list,
        description="Giao lại chủ trì giữa năm, theo ngày / the lead changed from a date",
    )
    implements: list[int] = Field(
        default_factory=new_list,
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
    occurrences: list[Occurrence] = Field(default_factory=new_list, description="Các lần cụ thể")
    after_event: str | None = Field(None, description="Sau sự kiện / after an event")
    within_days: int | None = Field(None, ge=0, description="Trong vòng N ngày / within days")

    @field_validator("once")
    @classmethod
    def _once(cls, value: str | None) -> str | None:
        if value is not None:
            parse_deadline(value)
        return value

    @model_validator(mode="after")
    def _one_form(self) -> "Schedule":
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
    evidence: Evidences = Field(default_factory=new_list)
    note: str | None = None


class Obligation(Strict):
    id: Id
    title: str = Field(description="Tên ngắn / short title")
    text: str = Field(description="Câu trong văn bản / the sentence as written")
    source: str | None = Field(None, description="Mục trong kế hoạch / section")
    units: list[Id] = Field(default_factory=new_list, description="Đơn vị thực hiện / units")
    schedule: Schedule
    records: list[OccurrenceRecord] = Field(default_factory=new_list, description="Đã thực hiện")
    note: str | None = None


class UnitDuties(Strict):
    unit: Id
    heading: str
    intro: str | None = None
    duties: list[Para] = Field(default_factory=new_list)


class Plan(Strict):
    """Kế hoạch cải cách hành chính / an annual public-administration-reform plan."""

    version: Literal[1] = Field(description="Phiên bản định dạng tệp / file format version")
    plan: PlanMeta
    units: list[Unit]
    purposes: list[Para] = Field(default_factory=new_list, description="I.1 Mục đích")
    requirements: list[Para] = Field(default_factory=new_list, description="I.2 Yêu cầu")
    areas: list[Area] = Field(default_factory=new_list, description="II. Các lĩnh vực cải cách")
    indicators: list[Indicator] = Field(default_factory=new_list, description="Chỉ tiêu")
    unit_duties: list[UnitDuties] = Field(default_factory=new_list, description="III. Nhiệm vụ")
    reporting: Reporting | None = Field(None, description="IV. Thông tin báo cáo")
    funding: list[Para] = Field(default_factory=new_list, description="V. Kinh phí")
    closing: list[Para] = Field(default_factory=new_list)
    recipients: list[Para] = Field(default_factory=new_list, description="Nơi nhận")
    report: ReportConfig = Field(default_factory=ReportConfig, description="Báo cáo định kỳ")
    working_calendar: WorkingCalendarSpec | None = Field(
        None,
        description="Lịch làm việc: ngày nghỉ, ngày làm bù, hạn lùi qua ngày nghỉ / working "
        "calendar (without it deadlines count calendar days)",
    )
    obligations: list[Obligation] = Field(default_factory=new_list, description="Nghĩa vụ định kỳ")
    tasks: list[Task] = Field(default_factory=new_list, description="Phụ lục: nhiệm vụ")
    par_index: ParIndex | None = Field(None, description="Tự đánh giá chỉ số CCHC")
    unclassified: list[Para] = Field(
        default_factory=new_list,
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

    def unit_column(self, ids: Sequence[str], written: str | None) -> str:
        """A task's Chủ trì or Phối hợp cell: as the plan wrote it (``lead_text``,
        ``coordinating_text``), else the units' names (``names_cell``)."""
        return written if written else names_cell(self.unit_name(u) for u in ids)


def names_cell(names: Iterable[str]) -> str:
    """Units' names as a Chủ trì/Phối hợp cell lists them: "Văn phòng Sở, Thanh tra Sở".
    `import` keeps a cell's text (``lead_text``) exactly when it is not this."""
    return ", ".join(names)


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
