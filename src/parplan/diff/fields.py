"""How `diff` reports each field of the plan model: its group, its Vietnamese label, a stable
kind code and how the two values are compared.

``rule()`` falls back to the "other" group for a field that has no entry, so a field added to
the model is still reported; tests/test_diff_complete.py fails until it is given its place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from parplan.core.model import Reassignment
from parplan.core.numbers import format_number
from parplan.core.periods import format_date, parse_iso_date, parse_period
from parplan.tracking.items import TASK_STATUS_LABELS
from parplan.tracking.progress import ASSESSMENT_LABELS

How = Literal[
    "key", "value", "text", "dated", "units", "deadline", "nested", "whole", "paragraphs", "keyed"
]


@dataclass(frozen=True)
class Rule:
    group: str  # a key of plandiff.GROUPS
    label: str  # Vietnamese, as in "Nhiệm vụ 3: sửa <label>"
    kind: str  # stable English code in the JSON output
    how: How = "value"
    ref: Literal["unit", "area", ""] = ""  # an id of that kind: old ids seen through renames


def _text(label: str, kind: str) -> Rule:
    return Rule("text", label, kind, "text")


def _other(label: str, kind: str) -> Rule:
    return Rule("other", label, kind)


_PLAN_META = "plan_changed"
_UNIT = "unit_changed"
_TASK_TEXT = "task_text_edited"
_REPORTING = "reporting_changed"
_CALENDAR = "working_calendar_changed"
_PAR_INDEX = "par_index_changed"

RULES: dict[str, dict[str, Rule]] = {
    "Plan": {
        "version": _other("phiên bản định dạng", _PLAN_META),
        "plan": Rule("other", "thông tin kế hoạch", _PLAN_META, "nested"),
        "units": Rule("units", "đơn vị", _UNIT, "keyed"),
        "purposes": Rule("text", "mục đích", "section_edited", "paragraphs"),
        "requirements": Rule("text", "yêu cầu", "section_edited", "paragraphs"),
        "areas": Rule("other", "lĩnh vực", "area_edited", "keyed"),
        "indicators": Rule("targets", "chỉ tiêu", "indicator_changed", "keyed"),
        "unit_duties": Rule("text", "nhiệm vụ các đơn vị", "section_edited", "keyed"),
        "reporting": Rule("other", "thông tin báo cáo", _REPORTING, "nested"),
        "funding": Rule("text", "kinh phí", "section_edited", "paragraphs"),
        "closing": Rule("text", "phần kết", "section_edited", "paragraphs"),
        "recipients": Rule("text", "nơi nhận", "section_edited", "paragraphs"),
        "report": Rule("other", "cấu hình báo cáo định kỳ", "report_config_changed", "nested"),
        "obligations": Rule("other", "nghĩa vụ định kỳ", "obligation_changed", "keyed"),
        "tasks": Rule("tasks", "nhiệm vụ", "task_changed", "keyed"),
        "unclassified": Rule("text", "đoạn chưa xếp loại", "section_edited", "paragraphs"),
        "working_calendar": Rule("deadlines", "lịch làm việc", _CALENDAR, "nested"),
        "par_index": Rule("progress", "tự đánh giá chỉ số CCHC", _PAR_INDEX, "nested"),
    },
    "ParIndex": {
        "criteria": _other("tệp bộ tiêu chí", _PAR_INDEX),
        "not_applicable": Rule("progress", "mục không áp dụng", _PAR_INDEX),
        "links": Rule("progress", "mục kế hoạch làm minh chứng", "index_links_changed", "whole"),
        "scores": Rule("progress", "điểm tự chấm", "index_scored", "keyed"),
    },
    "WorkingCalendarSpec": {
        "roll_forward": Rule("deadlines", "lùi hạn rơi vào ngày nghỉ", _CALENDAR),
        "days_off": Rule("deadlines", "ngày nghỉ riêng", _CALENDAR),
        "working_days": Rule("deadlines", "ngày cuối tuần đi làm", _CALENDAR),
    },
    "PlanMeta": {
        "title": _other("tên kế hoạch", _PLAN_META),
        "type": _other("loại văn bản", _PLAN_META),
        "number": _other("số văn bản", _PLAN_META),
        "symbol": _other("ký hiệu", _PLAN_META),
        "issue_date": Rule("other", "ngày ban hành", _PLAN_META, "dated"),
        "place": _other("địa danh", _PLAN_META),
        "year": _other("năm kế hoạch", _PLAN_META),
        "issuer": _other("cơ quan ban hành", _PLAN_META),
        "parent_body": _other("cơ quan chủ quản", _PLAN_META),
        "parent": _other("kế hoạch cấp trên", _PLAN_META),
        "basis": Rule("other", "căn cứ", _PLAN_META, "whole"),
        "preamble": _text("câu mở đầu", _PLAN_META),
        "note": _text("ghi chú", _PLAN_META),
    },
    "Unit": {
        "id": Rule("units", "mã", "unit_renamed", "key"),
        "name": Rule("units", "tên", "unit_name_changed"),
        "short": Rule("units", "tên viết tắt", _UNIT),
        "kind": Rule("units", "loại", _UNIT),
        "members": Rule("units", "thành viên", _UNIT, "units", "unit"),
        "aliases": Rule("units", "cách viết khác", _UNIT),
        "report_symbol": Rule("units", "ký hiệu báo cáo", _UNIT),
        "since": Rule("units", "ngày bắt đầu hoạt động", "unit_dates_changed"),
        "until": Rule("units", "ngày cuối cùng hoạt động", "unit_dates_changed"),
        "successor": Rule("units", "đơn vị kế thừa", "unit_successor_changed", "units", "unit"),
        "successors": Rule("units", "các đơn vị kế thừa", "unit_successor_changed", "whole"),
        "basis": Rule("units", "căn cứ thay đổi đơn vị", _UNIT, "text"),
        "note": Rule("units", "ghi chú", _UNIT, "text"),
    },
    "Area": {
        "id": Rule("other", "mã", "area_renamed", "key"),
        "number": _other("số thứ tự", "area_renumbered"),
        "title": _text("tên lĩnh vực", "area_edited"),
        "duties": Rule("text", "nội dung, nhiệm vụ", "area_edited", "paragraphs"),
        "note": _text("ghi chú", "area_edited"),
    },
    "Indicator": {
        "id": Rule("targets", "mã", "indicator_renamed", "key"),
        "area": Rule("other", "lĩnh vực", "indicator_area_changed", ref="area"),
        "text": _text("câu chữ", "indicator_text_edited"),
        "target": Rule("targets", "kế hoạch", "target_changed", "whole"),
        "baseline": Rule("targets", "năm gốc", "baseline_changed", "whole"),
        "note": _text("ghi chú", "indicator_text_edited"),
        "values": Rule("progress", "giá trị", "value_recorded", "keyed"),
    },
    "Task": {
        "number": Rule("tasks", "số thứ tự", "task_renumbered", "key"),
        "area": Rule("other", "lĩnh vực", "task_area_changed", ref="area"),
        "objective": _text("mục tiêu", _TASK_TEXT),
        "duty": _text("nhiệm vụ", _TASK_TEXT),
        "activities": _text("hoạt động", _TASK_TEXT),
        "product": _text("sản phẩm", _TASK_TEXT),
        "lead": Rule("units", "đơn vị chủ trì", "lead_changed", "units", ref="unit"),
        "coordinating": Rule(
            "units", "đơn vị phối hợp", "coordinating_changed", "units", ref="unit"
        ),
        "lead_text": _text("cột chủ trì", _TASK_TEXT),
        "coordinating_text": _text("cột phối hợp", _TASK_TEXT),
        "deadline": Rule("deadlines", "thời hạn", "deadline_moved", "nested"),
        "reassigned": Rule("units", "giao lại chủ trì", "task_reassigned", "whole"),
        "implements": Rule("tasks", "nhiệm vụ cấp trên thực hiện", "implements_changed"),
        "note": _text("ghi chú", _TASK_TEXT),
        "progress": Rule("progress", "tiến độ", "task_progress", "whole"),
    },
    "DeadlineSpec": {
        "text": _text("cách ghi thời hạn", "deadline_text_edited"),
        "by": Rule("deadlines", "hạn hoàn thành", "deadline_moved", "deadline"),
        "tentative": Rule("deadlines", "thời hạn dự kiến", "deadline_tentative"),
    },
    "Obligation": {
        "id": Rule("other", "mã", "obligation_renamed", "key"),
        "title": _text("tên", "obligation_text_edited"),
        "text": _text("câu chữ", "obligation_text_edited"),
        "source": _text("mục trong kế hoạch", "obligation_text_edited"),
        "units": Rule("units", "đơn vị thực hiện", "obligation_units_changed", "units", "unit"),
        "schedule": Rule("deadlines", "lịch thực hiện", "obligation_schedule_changed", "whole"),
        "records": Rule("progress", "lần thực hiện", "obligation_recorded", "keyed"),
        "note": _text("ghi chú", "obligation_text_edited"),
    },
    "UnitDuties": {
        "unit": Rule("units", "đơn vị", "unit_duties_unit_changed", "key", "unit"),
        "heading": _text("tiêu đề", "section_edited"),
        "intro": _text("câu dẫn", "section_edited"),
        "duties": Rule("text", "nhiệm vụ", "section_edited", "paragraphs"),
    },
    "Reporting": {
        "text": _text("nội dung", _REPORTING),
        "submit_to": Rule("other", "nơi gửi báo cáo", _REPORTING, "units", "unit"),
        "forward_to": Rule("other", "nơi chuyển tiếp", _REPORTING, "units", "unit"),
        "email": _other("thư điện tử", _REPORTING),
        "data_window": Rule("other", "kỳ lấy số liệu", _REPORTING, "whole"),
    },
    "ReportConfig": {
        "symbol": _other("ký hiệu báo cáo", "report_config_changed"),
        "to": _other("kính gửi", "report_config_changed"),
        "recipients": _other("nơi nhận", "report_config_changed"),
        "signer": Rule("other", "người ký", "report_config_changed", "whole"),
    },
}


def rule(model: type[BaseModel], field: str) -> Rule:
    return RULES.get(model.__name__, {}).get(field) or _other(field, "field_changed")


# --- values as a person reads them ----------------------------------------------------------

VALUE_LABELS: dict[str, str] = {
    "internal": "thuộc Sở",
    "external": "ngoài Sở",
    "group": "nhóm đơn vị",
    **TASK_STATUS_LABELS,
    **{code: label.lower() for code, label in ASSESSMENT_LABELS.items()},
}
NOTHING = "(không có)"


def show(value: Any) -> str:
    """A field's value in a message: dates dd/mm/yyyy, numbers with a decimal comma."""
    if value is None or value == []:
        return NOTHING
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return "; ".join(show(v) for v in value)
    if isinstance(value, Reassignment):
        return _reassignment(value)
    if isinstance(value, BaseModel):
        return "; ".join(show(v) for v in value.model_dump().values() if v not in (None, []))
    if isinstance(value, str) and value in VALUE_LABELS:
        return VALUE_LABELS[value]
    return f'"{value}"'


def _reassignment(value: Reassignment) -> str:
    """ "từ 01/07/2025 cho bao-chi-xuat-ban (căn cứ: …)", as a reader says it."""
    text = f"từ {format_date(value.since)} cho {', '.join(value.lead)}"
    if value.coordinating is not None:
        text += f", phối hợp: {', '.join(value.coordinating) or NOTHING}"
    return text + (f" (căn cứ: {value.basis})" if value.basis else "")


def dated(value: Any) -> str:
    """An ISO day, month or year written the Vietnamese way: 14/02/2025, tháng 02/2024, năm
    2024 (an issue date may be known only to the month or the year)."""
    if isinstance(value, str) and len(value) in (4, 7):
        label = parse_period(value).label
        return label[:1].lower() + label[1:]
    if isinstance(value, str) and len(value) == 10:
        return format_date(parse_iso_date(value))
    return show(value)


def edit_message(label: str, a: Any, b: Any, shown: Callable[[Any], str] = show) -> str:
    """A value added, removed or changed, said plainly with what it was and what it is:
    thêm ghi chú: "…", bỏ ghi chú: "…", sửa ghi chú: "…" → "…"."""
    if a is None or a == []:
        return f"thêm {label}: {shown(b)}"
    if b is None or b == []:
        return f"bỏ {label}: {shown(a)}"
    return f"sửa {label}: {shown(a)} → {shown(b)}"


def as_json(value: Any) -> Any:
    """What the JSON output carries for a value: models and dates as `export` writes them."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
