"""`parplan import`: a plan file from a plan's Word or text original, every doubt kept as
data (a ``note: "import: cần rà soát — …"`` on the item, or an ``unclassified`` paragraph)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parplan.core.errors import NotAPlan, PlanInvalid, Problem
from parplan.importing.appendix import TaskReader, area_match, find_columns
from parplan.importing.body import Body, Heading
from parplan.importing.header import other_document, read_head
from parplan.importing.source import Block, Para, Source, Table, read_source
from parplan.importing.units import Units
from parplan.importing.words import Doubt, Doubts, add_note, split_marker

_ORDER = ["version", "plan", "units", "purposes", "requirements", "areas", "indicators"]
_ORDER += ["unit_duties", "reporting", "funding", "closing", "recipients", "report"]
_ORDER += ["obligations", "tasks", "unclassified"]
_META = ["title", "type", "number", "symbol", "issue_date", "place", "year", "issuer"]
_META += ["parent_body", "basis", "preamble", "note"]


@dataclass
class ImportResult:
    source: str
    data: dict[str, Any]
    text: str
    doubts: list[Doubt]
    blocks: tuple[int, int]  # paragraphs, tables read
    problems: list[Problem] = field(default_factory=list)


def import_plan(path: Path, *, year: int | None = None, output: str = "plan.yaml") -> ImportResult:
    """Read ``path`` and build the plan; NotAPlan/ImportRefused when there is none."""
    source = read_source(path)
    doubts = Doubts()
    head = read_head(source.blocks, year, doubts, source.name)
    has_table = any(isinstance(b, Table) and find_columns(b) for b in source.blocks)
    other = None if head.found_title else other_document(source.blocks)
    if other:
        raise NotAPlan(path, f"văn bản là {other}, không có phần KẾ HOẠCH")
    if not head.found_title and not has_table:
        raise NotAPlan(path, "không thấy tiêu đề 'KẾ HOẠCH' cũng như bảng nhiệm vụ ở Phụ lục")
    meta = head.meta or _bare_meta(source, year, doubts)
    units = Units(meta.get("issuer", ""), doubts)
    body = Body(units, doubts)
    tasks = _walk(source.blocks[head.body_start :], body, units, doubts, meta["year"])
    if not (body.data["areas"] or body.data["indicators"] or tasks or body.data["unit_duties"]):
        raise NotAPlan(path, "không thấy mục nhiệm vụ, chỉ tiêu hay bảng nhiệm vụ nào")
    data = _assemble(meta, body, units, tasks)
    text = _yaml(data, source.name)
    paras = sum(isinstance(b, Para) for b in source.blocks)
    result = ImportResult(
        source.name, data, text, doubts.items, (paras, len(source.blocks) - paras)
    )
    result.problems = _check(text, output)
    return result


def _bare_meta(source: Source, year: int | None, doubts: Doubts) -> dict[str, Any]:
    """A document with the task table but no "KẾ HOẠCH" title (an appendix on its own)."""
    years = Counter(
        int(y)
        for b in source.blocks
        for t in ([b.text] if isinstance(b, Para) else [c for r in b.rows for c in r.cells])
        for y in re.findall(r"\b(20\d{2})\b", t)
    )
    found = year or (years.most_common(1)[0][0] if years else 2000)
    note = doubts.add("1", "đầu văn bản", "không thấy tiêu đề 'KẾ HOẠCH': đầu văn bản để trống")
    return {"title": "", "type": "KH", "place": "", "year": found, "issuer": "",
            "parent_body": "", "note": note}  # fmt: skip


def _walk(blocks: list[Block], body: Body, units: Units, doubts: Doubts, year: int) -> list[Any]:
    def area_for(title: str, where: str) -> str:
        return _area_for(body, doubts, title, where)

    reader = TaskReader(year, units, doubts, area_for)
    tasks: list[Any] = []
    for block in blocks:
        if isinstance(block, Table):
            cols = find_columns(block)
            if cols:
                body.section = "appendix"
                tasks.extend(reader.read(block, cols))
                continue
            for row in block.rows:
                for cell in dict.fromkeys(row.cells):
                    for line in cell.splitlines():
                        _paragraph(body, Para(line, row.where))
            continue
        _paragraph(body, block)
    reader.check_numbers(tasks)
    return tasks


def _paragraph(body: Body, p: Para) -> None:
    h = body.heading(p)
    if h is None:
        body.item(p)
    else:
        body.on_heading(h, p)


def _area_for(body: Body, doubts: Doubts, title: str, where: str) -> str:
    areas = body.data["areas"]
    found = area_match(title, areas) if title else None
    if found:
        return found
    if not title and areas:
        note = doubts.add(
            where, "nhiệm vụ", f"dòng trước nhóm đầu tiên; xếp vào '{areas[0]['title']}'"
        )
        add_note(areas[0], note)
        return str(areas[0]["id"])
    marker, rest = split_marker(title)
    section, sub, area = body.section, body.sub, body.area
    body._new_area(Heading(marker, rest or title or "Nhiệm vụ chung", None))
    new = body.data["areas"][-1]
    body.section, body.sub, body.area = section, sub, area
    why = f"nhóm '{title}' không khớp lĩnh vực nào ở mục nhiệm vụ; tạo lĩnh vực mới"
    add_note(new, doubts.add(where, f"lĩnh vực '{new['id']}'", why))
    return str(new["id"])


def _para_list(items: list[dict[str, Any]]) -> list[Any]:
    return [i if i.get("note") else i["text"] for i in items]


def _assemble(meta: dict[str, Any], body: Body, units: Units, tasks: list[Any]) -> dict[str, Any]:
    d = body.data
    for area in d["areas"]:
        area["duties"] = _para_list(area["duties"])
    for duty in d["unit_duties"]:
        duty["duties"] = _para_list(duty["duties"])
    data: dict[str, Any] = {
        "version": 1,
        "plan": {k: meta[k] for k in _META if k in meta},
        "units": units.data(),
        "reporting": body.reporting_data(),
        "obligations": [],
        "tasks": tasks,
    }
    for key in ("purposes", "requirements", "funding", "closing", "recipients"):
        data[key] = _para_list(d[key])
    for key in ("areas", "indicators", "unit_duties", "unclassified"):
        data[key] = d[key]
    if "signer" in d and d["signer"].get("title"):
        data["report"] = {"signer": d["signer"]}
    return {k: data[k] for k in _ORDER if k in data and data[k] not in (None, [])}


def _yaml(data: dict[str, Any], source: str) -> str:
    from parplan.document.yamlio import dump_plain

    head = (
        f"# Nhập từ {source} bằng `parplan import`.\n"
        '# Mọi chỗ ghi "import: cần rà soát" (trường note, danh sách unclassified) cần được rà soát.\n'
    )
    return head + dump_plain(data)


def _check(text: str, output: str) -> list[Problem]:
    from parplan.document.loader import plan_from_text

    try:
        plan_from_text(text, output)
    except PlanInvalid as exc:
        return exc.problems
    return []
