"""What the self-assessment says, once: the figures per area and in total, the items left
unscored or scored without evidence, the re-basing rule, and the appendix table. The terminal,
JSON, Markdown, Word and Excel outputs (``output``) each lay out these rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from parplan.core.numbers import format_number, format_percent
from parplan.core.periods import format_date
from parplan.index.assess import Assessment, Figures

SUMMARY_HEADERS = (
    "Lĩnh vực",
    "Điểm tối đa",
    "Tự chấm",
    "Tỷ lệ",
    "Không có TLKC",
    "Chưa chấm",
    "Không áp dụng",
)
APPENDIX_HEADERS = (
    "STT",
    "Tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Số liệu kê khai",
    "Tài liệu kiểm chứng",
    "Điểm tự chấm",
    "Giải trình",
)
NOTE = "Không có TLKC: chấm điểm chỉ có giải trình, chưa có tài liệu kiểm chứng."


def _figure_row(f: Figures, label: str) -> list[str]:
    return [
        label,
        format_number(f.maximum),
        format_number(f.score),
        format_percent(f.share),
        format_number(f.without_evidence),
        format_number(f.unscored),
        format_number(f.not_applicable),
    ]


PART_LABELS = {"bonus": "Điểm thưởng", "penalty": "Điểm trừ"}
REBASED_LABEL = "Tổng điểm quy đổi"
FINAL_LABEL = "Tổng điểm cuối cùng"


def summary_rows(a: Assessment) -> list[list[str]]:
    """One row per area, then the areas' total; with a bonus or penalty part, a row for
    each (its maximum, its points, items without evidence, not applicable: a part's item
    left empty is no task left) and the final total (re-based + bonus − penalty)."""
    rows = [_figure_row(f, f"{f.number}. {f.title}") for f in a.areas]
    rows.append(_figure_row(a.totals, "Tổng"))
    for key, f in a.parts:
        row = _figure_row(f, PART_LABELS[key])
        rows.append([*row[:3], "", row[4], "", row[6]])
    if a.parts:
        most = format_number(a.rebased_maximum)
        rows.append([FINAL_LABEL, most, format_number(a.final_total), "", "", "", ""])
    return rows


def total_rules(a: Assessment) -> list[str]:
    """How the total is re-based and, with a bonus or penalty part, how the final total is
    made: the sentences every view says under its figures."""
    return [a.rule, *([a.final_rule] if a.final_rule else [])]


def findings(a: Assessment) -> list[str]:
    """The sentences of what is left to do, in the table's order."""
    out = []
    every = [*a.lines, *a.extra]  # a bonus or penalty item left empty is no task left
    unscored = [x.leaf.number for x in a.lines if x.unscored]
    bare = [x.leaf.number for x in every if x.without_evidence]
    na = [x.leaf.number for x in every if x.not_applicable]
    if unscored:
        out.append(f"Chưa chấm điểm ({format_number(len(unscored))} mục): {', '.join(unscored)}.")
    if bare:
        out.append(
            f"Chấm điểm chỉ có giải trình, chưa có tài liệu kiểm chứng "
            f"({format_number(len(bare))} mục): {', '.join(bare)}."
        )
    if na:
        out.append(f"Không áp dụng ({format_number(len(na))} mục): {', '.join(na)}.")
    return out


@dataclass(frozen=True)
class AppendixRow:
    level: str  # "area", "criterion" or "item"
    cells: tuple[str, ...]


def appendix_rows(a: Assessment) -> list[AppendixRow]:
    """The criteria table with the self scores: areas and criteria carry their sums."""
    lines = {id(x.leaf.item): x for x in a.lines}
    out = []
    for area, figures in zip(a.table.areas, a.areas, strict=True):
        out.append(_sum_row("area", area.number, area.title, figures))
        for criterion in area.criteria:
            subs = [lines[id(s)] for s in criterion.subcriteria]
            if subs:
                f = _sums(subs, criterion.number, criterion.title)
                out.append(_sum_row("criterion", criterion.number, criterion.title, f))
            for line in subs or [lines[id(criterion)]]:
                out.append(_item_row(line))
    total = a.totals
    out.append(AppendixRow("area", ("", "Tổng cộng", format_number(total.maximum), "", "",
                                    format_number(total.score), "")))  # fmt: skip
    for (_, part), (_, figures) in zip(a.table.adjustments(), a.parts, strict=True):
        out.append(_sum_row("area", part.number, part.title, figures))
        out += [_item_row(x) for x in a.extra if x.leaf.area is part]
    if a.parts:  # as the workbook ends: the re-based total, then the final total
        most = format_number(a.rebased_maximum)
        for label, value in ((REBASED_LABEL, a.rebased), (FINAL_LABEL, a.final_total)):
            out.append(AppendixRow("area", ("", label, most, "", "", format_number(value), "")))
    return out


def _sums(lines: list[Any], number: str, title: str) -> Figures:
    from parplan.index.assess import figures

    return figures(number, title, lines)


def _sum_row(level: str, number: str, title: str, f: Figures) -> AppendixRow:
    return AppendixRow(
        level, (number, title, format_number(f.maximum), "", "", format_number(f.score), "")
    )


def _item_row(line: Any) -> AppendixRow:
    score = line.score
    if line.not_applicable:
        shown = "Không áp dụng"
    else:
        shown = "" if line.self_score is None else format_number(line.self_score)
    return AppendixRow(
        "item",
        (
            line.leaf.number,
            line.leaf.item.title,
            format_number(line.points),
            (score.data if score else None) or "",
            (score.evidence if score else None) or "",
            shown,
            (score.explanation if score else None) or "",
        ),
    )


def title_line(a: Assessment) -> str:
    day = format_date(a.as_of)
    return (
        f"Tự đánh giá chỉ số CCHC năm {a.plan.plan.year} — {a.plan.plan.issuer} "
        f"(bộ tiêu chí {a.criteria}, ngày xét {day})"
    )


def json_data(a: Assessment) -> dict[str, Any]:
    def figures(f: Figures) -> dict[str, Any]:
        return {
            "number": f.number,
            "title": f.title,
            "maximum": f.maximum,
            "applicable_maximum": f.applicable,
            "score": f.score,
            "share": None if f.share is None else round(f.share, 1),
            "without_evidence": f.without_evidence,
            "unscored": f.unscored,
            "not_applicable": f.not_applicable,
        }

    parts = dict(a.parts)

    def part(key: str) -> dict[str, Any] | None:
        """A part's figures; its ``score`` counts at most its ``maximum``, its items' scores
        added up are ``items_score``."""
        f = parts.get(key)
        return None if f is None else {**figures(f), "items_score": f.items_score}

    return {
        "file": a.file,
        "criteria": a.criteria,
        "as_of": a.as_of.isoformat(),
        "rebase": a.table.rebase,
        "rebased_score": a.rebased,
        "rebased_maximum": a.rebased_maximum,
        "rule": a.rule,
        "areas": [figures(f) for f in a.areas],
        "total": figures(a.totals),
        "bonus": part("bonus"),
        "penalty": part("penalty"),
        "final_total": a.final_total,
        "final_rule": a.final_rule,
        "items": [
            {
                "number": x.leaf.number,
                "part": x.leaf.part,
                "area": x.leaf.area.number,
                "maximum": x.points,
                "score": x.self_score,
                "not_applicable": x.not_applicable,
                "evidence": x.score.evidence if x.score else None,
                "explanation": x.score.explanation if x.score else None,
                "data": x.score.data if x.score else None,
                "suggested": x.offered.suggestion,
            }
            for x in [*a.lines, *a.extra]
        ],
    }


@dataclass(frozen=True)
class ReportHead:
    """The Decree 30 header and closing of the self-assessment report."""

    parent_body: str
    issuer: str
    number: str
    place_date: str
    subject: str
    opening: str
    signer: tuple[str | None, str, str]
    recipients: tuple[str, ...]


def report_head(a: Assessment, day: date) -> ReportHead:
    from parplan.core.decree30 import DEFAULT_RECIPIENTS, document_number, signer_text
    from parplan.core.periods import decree30_date
    from parplan.documents.report import report_symbol

    meta = a.plan.plan
    symbol = report_symbol(a.plan, None)  # the periodic report's rule (BC- and the plan's)
    signer = signer_text(a.plan.report.signer)
    return ReportHead(
        meta.parent_body.upper(),
        meta.issuer.upper(),
        document_number(None, symbol),
        decree30_date(day, meta.place),
        f"Kết quả tự đánh giá, chấm điểm chỉ số cải cách hành chính năm {meta.year}",
        f"Thực hiện bộ tiêu chí chỉ số cải cách hành chính ({a.table.title}), {meta.issuer} "
        f"báo cáo kết quả tự đánh giá, chấm điểm như sau:",
        (signer.authority, signer.title, signer.name),
        tuple(a.plan.report.recipients) or DEFAULT_RECIPIENTS,
    )
