"""A PAR INDEX criteria table as data: areas (Lĩnh vực, STT "1"), criteria ("1.1") and
sub-criteria ("1.1.1"), each with its maximum points, which must add up level by level; and,
after the areas, the optional bonus (điểm thưởng) and penalty (điểm trừ) parts, each a list of
items whose maxima add up to the part's maximum or more (the part counts at most its maximum:
"điểm thưởng tối đa 3 điểm" over items worth 2 + 2 + 1).

A criterion without sub-criteria is scored itself; every other level is the sum of the level
below it. The table says the step scores are given in, how a total is re-based when some
items do not apply to a body, and whether the final total (re-based + bonus − penalty) is held
between 0 and the table's total (the city's rules, stated as configuration, never guessed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

from pydantic import Field

from parplan.core.errors import Loc, Problem
from parplan.core.fields import Strict, new_list
from parplan.core.numbers import format_apart, format_exact

Rebase = Literal["proportional", "full", "none"]

# Above any table's points (the city's index totals 100): a point value over it is a typo or
# hostile input, refused where written before a sum would print its hundreds of digits.
MAX_POINTS = 1000.0

# How a total is re-based when some items do not apply: one sentence per rule, said by every
# view of the self-assessment.
REBASE_RULES: dict[str, str] = {
    "proportional": "Tổng điểm quy đổi = điểm tự chấm / tổng điểm tối đa của các mục áp dụng "
    "× tổng điểm tối đa của bảng (mục không áp dụng không tính).",
    "full": "Mục không áp dụng được tính đủ điểm tối đa.",
    "none": "Mục không áp dụng được bỏ khỏi điểm tối đa; điểm không quy đổi.",
}


def exact(value: float) -> Decimal:
    """A point value as written (0.1 + 0.2 adds up to 0.3, not 0.30000000000000004)."""
    return Decimal(repr(value))


class Item(Strict):
    """What every level has: its number, text and maximum points."""

    number: str = Field(description="STT: 1, 1.1, 1.1.1")
    title: str = Field(description="Tiêu chí như trong bảng / the criterion as written")
    points: float = Field(
        ge=0, le=MAX_POINTS, allow_inf_nan=False, description="Điểm tối đa / maximum"
    )


class Scored(Item):
    """A level that may be scored: how, on what evidence, and to whom it may not apply."""

    method: str | None = Field(None, description="Cách tính điểm / scoring method")
    evidence: str | None = Field(None, description="Tài liệu kiểm chứng yêu cầu")
    not_applicable_to: list[str] = Field(
        default_factory=new_list,
        description="Cơ quan, đơn vị mục này có thể không áp dụng / may not apply to",
    )


class SubCriterion(Scored):
    pass


class Criterion(Scored):
    subcriteria: list[SubCriterion] = Field(default_factory=new_list)


class IndexArea(Item):
    criteria: list[Criterion] = Field(default_factory=new_list)


class Adjustment(Item):
    """The bonus (điểm thưởng) or penalty (điểm trừ) part: its number as the table writes it
    ("IX", "A"; "thưởng" or "trừ" when it has none), its title, the most it gives or takes
    (``points``) and its items, each scored from 0 to its maximum (for a penalty item: the
    points deducted). The items' maxima may add up to more than the part's: the part then
    counts at most its maximum (``index.assess.part_figures``)."""

    items: list[SubCriterion] = Field(min_length=1)


Part = Literal["area", "bonus", "penalty"]
PARTS: dict[str, str] = {"bonus": "điểm thưởng", "penalty": "điểm trừ"}


class CriteriaTable(Strict):
    """Bộ tiêu chí chỉ số CCHC / a PAR INDEX criteria table."""

    version: Literal[1] = 1
    title: str = Field(description="Tên bảng / the table's title")
    source: str | None = Field(None, description="Văn bản ban hành / issuing document")
    total: float = Field(
        ge=0, le=MAX_POINTS, allow_inf_nan=False, description="Tổng điểm tối đa / total"
    )
    step: float = Field(
        0.25, gt=0, le=MAX_POINTS, allow_inf_nan=False, description="Bước chấm điểm"
    )
    rebase: Rebase = Field(
        "proportional",
        description="Quy đổi khi có mục không áp dụng: proportional, full hoặc none",
    )
    areas: list[IndexArea] = Field(min_length=1)
    bonus: Adjustment | None = Field(None, description="Điểm thưởng / bonus points")
    penalty: Adjustment | None = Field(None, description="Điểm trừ / penalty points")
    cap: bool = Field(
        False,
        description="Giữ tổng điểm cuối cùng (quy đổi + thưởng − trừ) trong khoảng 0 đến tổng "
        "điểm tối đa; mặc định không",
    )

    def adjustments(self) -> Iterator[tuple[Literal["bonus", "penalty"], Adjustment]]:
        """The bonus and penalty parts the table has, in that order."""
        if self.bonus is not None:
            yield "bonus", self.bonus
        if self.penalty is not None:
            yield "penalty", self.penalty


@dataclass(frozen=True)
class Leaf:
    """One scored item of the table (a sub-criterion, or a criterion without any)."""

    item: Scored
    area: IndexArea | Adjustment  # the area, or the bonus or penalty part, it is under
    loc: Loc
    part: Part = "area"

    @property
    def number(self) -> str:
        return self.item.number


def leaves(table: CriteriaTable) -> Iterator[Leaf]:
    """The scored items of the areas (those the total and its re-basing count)."""
    for i, area in enumerate(table.areas):
        for j, criterion in enumerate(area.criteria):
            if not criterion.subcriteria:
                yield Leaf(criterion, area, ("areas", i, "criteria", j))
            for k, sub in enumerate(criterion.subcriteria):
                yield Leaf(sub, area, ("areas", i, "criteria", j, "subcriteria", k))


def adjustment_leaves(table: CriteriaTable) -> Iterator[Leaf]:
    """The items of the bonus part, then those of the penalty part."""
    for key, part in table.adjustments():
        for k, item in enumerate(part.items):
            yield Leaf(item, part, (key, "items", k), key)


def leaf_map(table: CriteriaTable) -> dict[str, Leaf]:
    """Every item a plan may score, by its number: the areas' and the parts'."""
    return {leaf.number: leaf for leaf in (*leaves(table), *adjustment_leaves(table))}


def on_step(value: float, step: float) -> bool:
    """Whether ``value`` is a whole number of ``step``s. Exactly, whatever the two are (a
    float spans 10**-324 to 10**308): the quotient may have hundreds of digits, more than
    Decimal's default 28, where ``%`` would raise DivisionImpossible."""
    with localcontext() as context:
        context.prec = 1000
        return exact(value) % exact(step) == 0


def table_problems(table: CriteriaTable) -> list[Problem]:
    """Points that do not add up (PP302, at the level whose parts disagree with it), numbers
    that are not their parent's (1.2 under area 3) or repeated (PP301)."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def number(item: Item, parent: str | None, loc: Loc) -> None:
        if item.number in seen:
            problems.append(Problem("PP301", f"STT {item.number} bị lặp", (*loc, "number")))
        seen.add(item.number)
        if parent is not None and item.number.rsplit(".", 1)[0] != parent:
            problems.append(
                Problem("PP301", f"STT {item.number} không thuộc mục {parent}", (*loc, "number"))
            )

    def adds_up(item: Item, parts: list[Item], what: str, loc: Loc) -> None:
        total = sum((exact(p.points) for p in parts), Decimal(0))
        if parts and total != exact(item.points):
            written, added = format_apart(exact(item.points), total)
            problems.append(
                Problem(
                    "PP302",
                    f"mục {item.number}: điểm tối đa {written} nhưng các {what} cộng lại {added}",
                    (*loc, "points"),
                )
            )

    for i, area in enumerate(table.areas):
        number(area, None, ("areas", i))
        adds_up(area, list(area.criteria), "tiêu chí", ("areas", i))
        for j, c in enumerate(area.criteria):
            number(c, area.number, ("areas", i, "criteria", j))
            adds_up(c, list(c.subcriteria), "tiêu chí thành phần", ("areas", i, "criteria", j))
            for k, s in enumerate(c.subcriteria):
                number(s, c.number, ("areas", i, "criteria", j, "subcriteria", k))
    total = sum((exact(a.points) for a in table.areas), Decimal(0))
    if total != exact(table.total):
        written, added = format_apart(exact(table.total), total)
        problems.append(
            Problem(
                "PP302",
                f"tổng điểm của bảng {written} nhưng các lĩnh vực cộng lại {added}",
                ("total",),
            )
        )
    for key, part in table.adjustments():
        number(part, None, (key,))
        problems += _part_problems(key, part)
        for k, item in enumerate(part.items):
            number(item, None, (key, "items", k))
    for leaf in (*leaves(table), *adjustment_leaves(table)):
        if not on_step(leaf.item.points, table.step):
            problems.append(
                Problem(
                    "PP302",
                    f"mục {leaf.number}: điểm tối đa {format_exact(exact(leaf.item.points))} "
                    f"không chia hết cho bước chấm {format_exact(exact(table.step))}",
                    (*leaf.loc, "points"),
                )
            )
    return problems


def _part_problems(key: str, part: Adjustment) -> list[Problem]:
    """A part's items must add up to its maximum or more (it counts at most its maximum), and
    no item may be worth more than the whole part (PP302)."""
    problems = []
    total = sum((exact(i.points) for i in part.items), Decimal(0))
    if total < exact(part.points):
        most, added = format_apart(exact(part.points), total)
        problems.append(
            Problem(
                "PP302",
                f"mục {part.number}: điểm tối đa {most} nhưng các mục cộng lại {added} (phần "
                f"{PARTS[key]} cần các mục cộng lại từ {most} trở lên)",
                (key, "points"),
            )
        )
    for k, item in enumerate(part.items):
        if exact(item.points) > exact(part.points):
            worth, most = format_apart(exact(item.points), exact(part.points))
            problems.append(
                Problem(
                    "PP302",
                    f"mục {item.number}: điểm tối đa {worth} vượt điểm tối đa {most} của phần "
                    f"{PARTS[key]} {part.number}",
                    (key, "items", k, "points"),
                )
            )
    return problems
