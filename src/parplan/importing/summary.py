"""What `parplan import` prints: counts per section, then every doubt as
``FILE:PARAGRAPH: what: why`` (a table row is ``FILE:bảng 2, dòng 5``)."""

from __future__ import annotations

from typing import Any

from parplan.core.numbers import format_number
from parplan.core.sanitize import visible
from parplan.importing.build import ImportResult


def _count(data: dict[str, Any], key: str) -> int:
    return len(data.get(key) or [])


def counts(result: ImportResult) -> list[tuple[str, str]]:
    d = result.data
    meta = d.get("plan", {})
    number = f"{meta.get('number') or '…'}/{meta.get('symbol') or '…'}"
    general = sum(1 for i in d.get("indicators", []) if i["area"] is None)
    by_area = _count(d, "indicators") - general
    area_duties = sum(len(a["duties"]) for a in d.get("areas", []))
    unit_duties = sum(len(u["duties"]) for u in d.get("unit_duties", []))
    units = d.get("units", [])
    groups = sum(1 for u in units if u["kind"] == "group")
    spellings = sum(len(u.get("aliases", [])) for u in units)
    return [
        ("Đầu văn bản", f"Số {number} · {meta.get('place') or '…'} · năm {meta.get('year')}"),
        ("Căn cứ", str(len(meta.get("basis", [])))),
        ("Mục đích", str(_count(d, "purposes"))),
        ("Yêu cầu", str(_count(d, "requirements"))),
        ("Chỉ tiêu chung", str(general)),
        ("Lĩnh vực", f"{_count(d, 'areas')} (chỉ tiêu {by_area}, nhiệm vụ {area_duties})"),
        ("Tổ chức thực hiện", f"{_count(d, 'unit_duties')} đơn vị, {unit_duties} nhiệm vụ"),
        ("Báo cáo", "có" if d.get("reporting") else "không thấy"),
        ("Kinh phí", f"{_count(d, 'funding')} đoạn"),
        ("Phụ lục", f"{_count(d, 'tasks')} nhiệm vụ"),
        ("Đơn vị", f"{format_number(len(units))} ({groups} nhóm, {spellings} cách viết khác)"),
        ("Chưa xếp loại", f"{_count(d, 'unclassified')} đoạn"),
    ]


def render_summary(result: ImportResult, source: str) -> str:
    paras, tables = result.blocks
    lines = [f"Đã đọc {source}: {paras} đoạn, {tables} bảng"]
    width = max(len(label) for label, _ in counts(result))
    lines += [f"  {label:<{width}}  {value}" for label, value in counts(result)]
    if result.doubts:
        lines.append(f"Cần rà soát ({format_number(len(result.doubts))}):")
        lines += [f"  {source}:{d.where}: {d.what}: {d.why}" for d in result.doubts]
    else:
        lines.append("Không có chỗ nào cần rà soát.")
    return visible("\n".join(lines)) + "\n"
