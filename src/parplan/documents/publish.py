"""The plan as the document the agency issues (Kế hoạch, Decree 30/2020), ready for any template.

Pure: a function of the plan. Every purpose, requirement, target, duty and task is carried
verbatim; reading notes (``note``) and tracking data (progress, values, records) are not part
of the issued text and are left out. The outline is regular so that a reader (``import``) can
find its way back: sections "I." … with parts "1." … and sub-parts "a)" …, bullets as
items, and an appendix table grouped by reform area.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parplan.core.decree30 import (
    DEFAULT_RECIPIENTS,
    MOTTO,
    NATION,
    document_number,
    issue_date_parts,
    place_date,
    roman,
    signer_text,
)
from parplan.core.model import Paragraph, Plan, Task
from parplan.render import templates as templates_

APPENDIX_COLUMNS = ("STT", "Nhiệm vụ", "Sản phẩm", "Chủ trì", "Phối hợp", "Thời gian hoàn thành")


@dataclass
class Part:
    """One heading of the outline with its paragraphs, bullets and sub-parts."""

    heading: str
    text: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "text": self.text,
            "bullets": self.items,
            "parts": [p.as_dict() for p in self.parts],
        }


def subject(title: str) -> str:
    """The trích yếu under "KẾ HOẠCH": the title without its leading "Kế hoạch"."""
    head = "kế hoạch "
    if title.lower().startswith(head) and len(title) > len(head):
        rest = title[len(head) :]
        return rest[0].upper() + rest[1:]
    return title


def _texts(paragraphs: list[Paragraph]) -> list[str]:
    return [p.text for p in paragraphs]


def _distinct(texts: list[str]) -> list[str]:
    """One bullet per sentence: a bullet holding two targets is two indicators in the plan."""
    return list(dict.fromkeys(texts))


# points are lettered in the order of the Vietnamese alphabet (Decree 30): a) b) c) d) đ) e) g) …
POINT_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q")


def point_label(index: int) -> str:
    """ "a)" for the first point, "đ)" for the fifth, …"""
    return POINT_LETTERS[index % len(POINT_LETTERS)] + ")"


def _numbered(parts: list[Part], style: str) -> list[Part]:
    """Number the parts that exist: "1." … or "a)" …, so an absent part leaves no gap."""
    for i, part in enumerate(parts):
        part.heading = (
            f"{i + 1}. {part.heading}" if style == "1" else f"{point_label(i)} {part.heading}"
        )
    return parts


def _purposes(plan: Plan) -> Part | None:
    general = _distinct([i.text for i in plan.indicators if i.area is None])
    parts = [
        Part(title, items=items)
        for title, items in (
            ("Mục đích", _texts(plan.purposes)),
            ("Yêu cầu", _texts(plan.requirements)),
            ("Chỉ tiêu", general),
        )
        if items
    ]
    return Part("MỤC ĐÍCH, YÊU CẦU", parts=_numbered(parts, "1")) if parts else None


def _area_part(plan: Plan, area_id: str, title: str, duties: list[str]) -> Part:
    targets = _distinct([i.text for i in plan.indicators if i.area == area_id])
    if not targets:
        return Part(title, items=duties)
    parts = [Part("Chỉ tiêu", items=targets)]
    if duties:
        parts.append(Part("Nhiệm vụ", items=duties))
    return Part(title, parts=_numbered(parts, "a"))


def _areas(plan: Plan) -> Part | None:
    parts = [_area_part(plan, a.id, a.title, _texts(a.duties)) for a in plan.areas]
    return Part("NHIỆM VỤ TRỌNG TÂM", parts=_numbered(parts, "1")) if parts else None


def _organisation(plan: Plan) -> Part | None:
    parts = [
        Part(d.heading, text=[d.intro] if d.intro else [], items=_texts(d.duties))
        for d in plan.unit_duties
    ]
    return Part("TỔ CHỨC THỰC HIỆN", parts=_numbered(parts, "1")) if parts else None


def outline(plan: Plan) -> list[Part]:
    """Sections I. … in Decree 30 order, numbered over the sections the plan has."""
    sections = [
        _purposes(plan),
        _areas(plan),
        _organisation(plan),
        Part("THÔNG TIN BÁO CÁO", text=[plan.reporting.text]) if plan.reporting else None,
        Part("KINH PHÍ THỰC HIỆN", text=_texts(plan.funding)) if plan.funding else None,
    ]
    present = [s for s in sections if s is not None]
    for i, section in enumerate(present):
        section.heading = f"{roman(i + 1)}. {section.heading}"
    return present


def _task_row(plan: Plan, task: Task) -> dict[str, Any]:
    return {
        "number": task.number,
        "objective": task.objective,
        "duty": task.duty or "",
        "activities": list(task.activities),
        "product": task.product,
        "lead": plan.unit_column(task.lead, task.lead_text),
        "coordinating": plan.unit_column(task.coordinating, task.coordinating_text),
        "deadline": task.deadline.text,
    }


def appendix_groups(plan: Plan) -> list[dict[str, Any]]:
    """One group row per reform area that has tasks ("I", "CÔNG TÁC CHỈ ĐẠO, …"), its tasks
    below in order of their number."""
    groups: list[dict[str, Any]] = []
    for area in plan.areas:
        tasks = sorted((t for t in plan.tasks if t.area == area.id), key=lambda t: t.number)
        if tasks:
            groups.append(
                {
                    "roman": roman(len(groups) + 1),
                    "title": area.title.upper(),
                    "tasks": [_task_row(plan, t) for t in tasks],
                }
            )
    return groups


def _basis_not_cited(plan: Plan) -> list[str]:
    """Legal bases the preamble does not already cite, each as a "Căn cứ …;" line."""
    preamble = plan.plan.preamble or ""
    return [b.title for b in plan.plan.basis if b.title not in preamble]


def build_plan_document(plan: Plan) -> dict[str, Any]:
    """The template context of the issued plan (see README "Mẫu văn bản kế hoạch")."""
    meta = plan.plan
    number = document_number(meta.number, meta.symbol or meta.type)
    day, month, year = issue_date_parts(meta.issue_date, meta.year)
    return {
        "header": {
            "parent_body": meta.parent_body.upper(),
            "issuing_body": meta.issuer.upper(),
            "number_line": f"Số: {number}",
            "place_date": place_date(meta.place, meta.issue_date, meta.year),
            "nation": NATION,
            "motto": MOTTO,
        },
        "kind": "KẾ HOẠCH",
        "subject": subject(meta.title),
        "title": meta.title,
        "year": meta.year,
        "basis": _basis_not_cited(plan),
        "preamble": meta.preamble or "",
        "sections": [s.as_dict() for s in outline(plan)],
        "closing": _texts(plan.closing),
        "recipients": _texts(plan.recipients) or list(DEFAULT_RECIPIENTS),
        "signer": asdict(signer_text(plan.report.signer)),
        "appendix": {
            "heading": "PHỤ LỤC",
            "title": f"DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {meta.year}",
            "attached_to": f"Kèm theo Kế hoạch số {number} ngày {day} tháng {month} năm {year} "
            f"của {meta.issuer}",
            "columns": list(APPENDIX_COLUMNS),
            "groups": appendix_groups(plan),
        },
    }


def publish_plan(plan: Plan, fmt: str, *, templates: Path | None = None) -> bytes:
    """The plan as the document the agency issues, as Markdown (UTF-8) or Word bytes."""
    names = (templates_.PLAN_MD_TEMPLATE, templates_.PLAN_DOCX_TEMPLATE)
    return templates_.render_document(build_plan_document(plan), fmt, names, templates=templates)
