"""The plan's PAR INDEX self-assessment as data: each scored item of its criteria table with
the plan's self score, what the plan's own records offer as evidence and figures (and the
score they suggest), the figures per area and in total, re-based as the table says, and the
final total: re-based, plus the bonus part's points, minus the penalty part's (a part's points:
its items' scores added up, at most the part's maximum). The one computation the workbook, the
terminal, the JSON and the report render."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from parplan.core.criteria import (
    PARTS,
    REBASE_RULES,
    Adjustment,
    CriteriaTable,
    Leaf,
    adjustment_leaves,
    exact,
    leaves,
)
from parplan.core.errors import PlanInvalid
from parplan.core.model import Plan
from parplan.core.numbers import format_number, format_percent
from parplan.core.sections import IndexLink, IndexScore
from parplan.core.text import says_something
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
        return self.self_score is not None and not (
            self.score and says_something(self.score.evidence)
        )


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
    items_score: float | None = None  # a part's: its items' scores before its maximum holds

    @property
    def capped(self) -> bool:
        """A part whose items' scores add up to more than it counts."""
        return self.items_score is not None and self.items_score > self.score

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


def part_figures(part: Adjustment, lines: list[Line]) -> Figures:
    """A bonus or penalty part's figures: its items' scores added up, counted at most the
    part's maximum (an annex's "tối đa 3 điểm" over items worth 2 + 2 + 1)."""
    f = figures(part.number, part.title, lines)
    most = part.points
    return replace(
        f,
        maximum=most,
        applicable=min(f.applicable, most),
        score=min(f.score, most),
        items_score=f.score,
    )


def part_formula(part: Adjustment, items: str) -> str:
    """A part's points (``part_figures``) as a spreadsheet formula of ``items``, the expression
    adding up its items' scores."""
    return f"=MIN({items},{part.points!r})"


@dataclass
class Assessment:
    plan: Plan
    file: str
    criteria: str  # the criteria file, as the plan names it
    table: CriteriaTable
    as_of: date
    lines: list[Line]  # the areas' items
    extra: list[Line] = field(default_factory=list)  # the bonus part's, then the penalty's

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

    def rebased_formula(self, score: str) -> str:
        """``rebased`` as a spreadsheet formula of the cell ``score`` holding the areas' self
        score (the items not applicable are fixed when the workbook is made)."""
        t = self.totals
        if not t.not_applicable or self.table.rebase == "none":
            return f"={score}"
        if self.table.rebase == "full":
            return f"=ROUND({score}+{float(t.maximum - t.applicable)!r},2)"
        if not t.applicable:
            return "=0"
        return f"=ROUND({score}/{t.applicable!r}*{self.table.total!r},2)"

    def final_formula(self, rebased: str, bonus: str | None, penalty: str | None) -> str:
        """``final_total`` as a spreadsheet formula of the cells of the re-based total and of
        the parts' points."""
        total = rebased + (f"+{bonus}" if bonus else "") + (f"-{penalty}" if penalty else "")
        if self.table.cap:
            return f"=ROUND(MIN(MAX({total},0),{self.rebased_maximum!r}),2)"
        return f"=ROUND({total},2)"

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
    def parts(self) -> list[tuple[str, Figures]]:
        """The bonus and penalty parts the table has ("bonus", "penalty") with their figures:
        an item left unscored counts 0 (no bonus, nothing deducted); a part counts at most its
        maximum (``part_figures``)."""
        return [
            (key, part_figures(part, [x for x in self.extra if x.leaf.area is part]))
            for key, part in self.table.adjustments()
        ]

    def part_score(self, key: str) -> float:
        return next((f.score for k, f in self.parts if k == key), 0.0)

    @property
    def final_total(self) -> float:
        """The re-based total plus the bonus, minus the penalty, to two decimals; held between
        0 and the re-based maximum only when the table says so (``cap``)."""
        total = exact(self.rebased) + exact(self.part_score("bonus"))
        total -= exact(self.part_score("penalty"))
        if self.table.cap:
            total = min(max(total, Decimal(0)), exact(self.rebased_maximum))
        return float(round(total, 2))

    @property
    def final_rule(self) -> str | None:
        """How the final total is made, said once for every view; None without parts."""
        if not self.parts:
            return None
        terms = [f"tổng điểm quy đổi {format_number(self.rebased)}"]
        for key, f in self.parts:
            sign = "+" if key == "bonus" else "−"
            terms.append(f"{sign} {PARTS[key]} {format_number(f.score)}")
            if f.capped and f.items_score is not None:
                terms.append(
                    f"(các mục cộng lại {format_number(f.items_score)}, tính tối đa "
                    f"{format_number(f.maximum)})"
                )
        most = format_number(self.rebased_maximum)
        limit = (
            f" (giữ trong khoảng 0 đến {most} theo bộ tiêu chí)"
            if self.table.cap
            else " (không giới hạn trong khoảng 0 đến điểm tối đa)"
        )
        return (
            f"Tổng điểm cuối cùng = {' '.join(terms)} = {format_number(self.final_total)}/"
            f"{most}{limit}."
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

    def line(leaf: Leaf) -> Line:
        # the share of work done on time suggests no bonus or penalty
        found = offered(
            plan,
            links.get(leaf.number, []),
            as_of,
            leaf.item.points,
            table.step,
            suggest=leaf.part == "area",
        )
        return Line(leaf, leaf.number in index.not_applicable, scores.get(leaf.number), found)

    lines = [line(leaf) for leaf in leaves(table)]
    extra = [line(leaf) for leaf in adjustment_leaves(table)]
    return Assessment(plan, file, index.criteria, table, as_of, lines, extra)


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
