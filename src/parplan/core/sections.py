"""The plan's settings beside its work: the reporting windows, the report's signer, the
working calendar and the PAR INDEX links and scores."""

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from parplan.core.fields import Day, Id, Strict, new_list
from parplan.core.periods import DATA_WINDOW_END, DATA_WINDOW_START, format_date


class DataWindow(Strict):
    start_day: int = Field(DATA_WINDOW_START, ge=1, le=31)
    end_day: int = Field(DATA_WINDOW_END, ge=1, le=31)


class Reporting(Strict):
    text: str = Field(description="Mục IV như văn bản / section IV as written")
    submit_to: Id | None = None
    forward_to: list[Id] = Field(default_factory=new_list)
    email: str | None = None
    data_window: DataWindow = Field(default_factory=DataWindow)


class Signer(Strict):
    authority: str | None = Field(None, description="Quyền hạn ký, ví dụ KT. GIÁM ĐỐC")
    title: str = Field(description="Chức vụ người ký, ví dụ PHÓ GIÁM ĐỐC / signer's title")
    name: str | None = Field(None, description="Họ và tên người ký / signer's name")


class ReportConfig(Strict):
    """Báo cáo định kỳ: ký hiệu, nơi nhận, người ký / settings of the periodic reports."""

    symbol: str | None = Field(None, description="Ký hiệu báo cáo, ví dụ BC-SVHTT")
    to: list[str] = Field(default_factory=new_list, description="Kính gửi / addressees")
    recipients: list[str] = Field(default_factory=new_list, description="Nơi nhận / distribution")
    signer: Signer | None = None


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def _check_weekend(value: date) -> date:
    if value.weekday() < 5:
        raise ValueError(
            f"ngày {format_date(value)} là {_WEEKDAYS[value.weekday()]}, vốn là ngày làm việc: "
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
        default_factory=new_list,
        description="Ngày nghỉ riêng của cơ quan, YYYY-MM-DD / the agency's own days off",
    )
    working_days: list[WeekendDay] = Field(
        default_factory=new_list,
        description="Thứ Bảy, Chủ nhật cơ quan đi làm, YYYY-MM-DD / weekend days worked",
    )

    @model_validator(mode="after")
    def _each_day_one_list(self) -> "WorkingCalendarSpec":
        both = sorted(set(self.days_off) & set(self.working_days))
        if both:
            days = ", ".join(format_date(d) for d in both)
            raise ValueError(
                f"ngày {days} có trong cả days_off và working_days: một ngày hoặc nghỉ hoặc "
                "làm việc, hãy bỏ ở một danh sách"
            )
        return self


class IndexLink(Strict):
    """The plan's items that are evidence for one criterion of the PAR INDEX."""

    criterion: str = Field(description="STT của tiêu chí (thành phần), ví dụ '1.1.2'")
    tasks: list[int] = Field(default_factory=new_list, description="Số nhiệm vụ / task numbers")
    obligations: list[Id] = Field(default_factory=new_list, description="Mã nghĩa vụ")
    indicators: list[Id] = Field(default_factory=new_list, description="Mã chỉ tiêu")


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
        default_factory=new_list, description="STT các mục không áp dụng cho cơ quan"
    )
    links: list[IndexLink] = Field(
        default_factory=new_list, description="Mục kế hoạch làm minh chứng"
    )
    scores: list[IndexScore] = Field(default_factory=new_list, description="Điểm tự chấm")
