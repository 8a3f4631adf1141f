"""The plan's PAR INDEX self-assessment as data: each scored item of its criteria table with
the plan's self score, what the plan's own records offer as evidence and figures (and the
score they suggest), and the figures per area and in total, re-based as the table says. The
one computation the workbook, the terminal, the JSON and the report render."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from parplan.core.criteria import REBASE_RULES, CriteriaTable, Leaf, exact, leaves
from parplan.core.errors import PlanInvalid
from parplan.core.model import Plan
from parplan.core.numbers import format_number, format_percent
from parplan.core.sections import IndexLink, IndexScore
from parplan.index.offered import Offered, offered


@dataclass(frozen=True)
class Line:
    """One scored item of the table as the plan assesses it."""

    leaf: Leaf
    not_applicable: bool
    score: IndexScore | None
    offered: Offered = field(default_factory=Offered)

    @property
    def points(self) -> float:
        return self.leaf.item.points

    @property
    def self_score(self) -> float | None:
        return None if self.score is None else self.score.score

    @property
    def unscored(self) -> bool:
        return not self.not_applicable and self.self_score is None

    @property
    def without_evidence(self) -> bool:
        """Scored on an explanation alone, with no evidence document."""
        return self.self_score is not None and not (self.score and self.score.evidence)


@dataclass(frozen=True)
class Figures:
    """The figures of an area (or of the whole table)."""

    number: str
    title: str
    maximum: float
    applicable: float  # the maximum of the items that apply
    score: float
    without_evidence: int
    unscored: int
    not_applicable: int

    @property
    def share(self) -> float | None:
        """Self score / the maximum of the items that apply, in percent."""
        return self.score / self.applicable * 100 if self.applicable else None


def figures(number: str, title: str, lines: list[Line]) -> Figures:
    def total(values: list[float]) -> float:
        return float(sum((exact(v) for v in values), Decimal(0)))

    return Figures(
        number,
        title,
        total([x.points for x in lines]),
        total([x.points for x in lines if not x.not_applicable]),
        total([x.self_score or 0.0 for x in lines if not x.not_applicable]),
        sum(x.without_evidence for x in lines),
        sum(x.unscored for x in lines),
        sum(x.not_applicable for x in lines),
    )


@dataclass
class Assessment:
    plan: Plan
    file: str
    criteria: str  # the criteria file, as the plan names it
    table: CriteriaTable
    as_of: date
    lines: list[Line]

    @property
    def areas(self) -> list[Figures]:
        return [
            figures(a.number, a.title, [x for x in self.lines if x.leaf.area is a])
            for a in self.table.areas
        ]

    @property
    def totals(self) -> Figures:
        return figures("", "Tổng", self.lines)

    @property
    def rebased(self) -> float:
        """The total as the table's rule re-bases it (REBASE_RULES), to two decimals."""
        t = self.totals
        if not t.not_applicable or self.table.rebase == "none":
            return t.score
        if self.table.rebase == "full":
            return round(t.score + (t.maximum - t.applicable), 2)
        return round(t.score / t.applicable * self.table.total, 2) if t.applicable else 0.0

    @property
    def rebased_maximum(self) -> float:
        return self.totals.applicable if self.table.rebase == "none" else self.table.total

    @property
    def rule(self) -> str:
        """How the total is re-based, said once for every view."""
        t = self.totals
        if not t.not_applicable:
            return "Không có mục không áp dụng: tổng điểm không phải quy đổi."
        return (
            f"{format_number(t.not_applicable)} mục không áp dụng "
            f"({format_number(t.maximum - t.applicable)} điểm). {REBASE_RULES[self.table.rebase]} "
            f"Tổng điểm quy đổi: {format_number(self.rebased)}/"
            f"{format_number(self.rebased_maximum)} ({format_percent(self.rebased_share)})."
        )

    @property
    def rebased_share(self) -> float | None:
        if self.table.rebase == "proportional":  # the same share, before any rounding
            return self.totals.share
        most = self.rebased_maximum
        return self.rebased / most * 100 if most else None


def assess(plan: Plan, file: str, table: CriteriaTable, as_of: date) -> Assessment:
    assert plan.par_index is not None
    index = plan.par_index
    scores = {s.criterion: s for s in index.scores}
    links: dict[str, list[IndexLink]] = {}
    for link in index.links:
        links.setdefault(link.criterion, []).append(link)
    lines = [
        Line(
            leaf,
            leaf.number in index.not_applicable,
            scores.get(leaf.number),
            offered(plan, links.get(leaf.number, []), as_of, leaf.item.points, table.step),
        )
        for leaf in leaves(table)
    ]
    return Assessment(plan, file, index.criteria, table, as_of, lines)


def open_assessment(path: Path, as_of: date) -> Assessment:
    """The plan at ``path`` assessed as of ``as_of``: the plan must pass ``check`` (its
    criteria file and every reference to it included) and name its criteria."""
    from parplan.core.errors import UsageError
    from parplan.document.loader import checked_plan, load_criteria
    from parplan.rules.index import criteria_file

    plan, result = checked_plan(path, as_of=as_of)
    if plan is None:
        raise PlanInvalid(path, result.problems)
    where = criteria_file(plan, str(path))
    if where is None:
        raise UsageError(
            f"{path}: kế hoạch chưa ghi bộ tiêu chí chỉ số CCHC; thêm "
            "par_index: {criteria: ../index/<năm>.yaml} (xem docs/par-index.md)"
        )
    return assess(plan, str(path), load_criteria(where), as_of)
