"""`parplan new`: a commented skeleton of a plan that passes `check`, for a newcomer to fill
in; or next year's plan rolled over from this year's (parplan.editing.rollover)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from parplan.core.errors import UsageError
from parplan.core.text import ascii_words
from parplan.document.loader import load_plan, plan_from_text, read_plan_text
from parplan.editing.rollover import Leftover, roll_over
from parplan.render.templates import render_markdown, template_path

SKELETON_TEMPLATE = "new-plan.yaml.j2"
_SMALL_WORDS = {"và", "của", "các"}


def initials(name: str) -> str:
    """ "Sở Văn hóa và Thể thao" -> "SVHTT": the first letter of each word but the small ones."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _SMALL_WORDS]
    return "".join(a[0] for w in words for a in ascii_words(w)[:1]).upper() or "CQ"


def skeleton(
    year: int,
    issuer: str,
    parent: str,
    *,
    place: str = "Hà Nội",
    symbol: str | None = None,
) -> str:
    """The skeleton's text: every section of a PAR plan with one example each and a short
    Vietnamese comment saying what goes there."""
    short = initials(issuer)
    context = {
        "year": year,
        "issuer": issuer,
        "parent": parent,
        "place": place,
        "symbol": symbol or f"KH-{short}",
        "report_symbol": f"BC-{(symbol or f'KH-{short}').split('-', 1)[-1]}",
    }
    template = template_path(SKELETON_TEMPLATE, None)
    return render_markdown(context, template)


@dataclass
class NewPlan:
    """The new plan's text, and the places in it left to review (rollover only)."""

    text: str
    leftovers: list[Leftover] = field(default_factory=list)
    handovers: list[str] = field(default_factory=list)  # see ``Rollover.handovers``


def _check_name(option: str, value: str) -> str:
    if not value.strip() or any(unicodedata.category(c) == "Cc" for c in value):
        raise UsageError(f"{option}: cần một tên trên một dòng, không có ký tự điều khiển")
    return value.strip()


def create_plan(
    *,
    file: str,
    year: int | None,
    source: Path | None = None,
    issuer: str | None = None,
    parent: str | None = None,
    place: str = "Hà Nội",
    symbol: str | None = None,
) -> NewPlan:
    """A skeleton for ``year`` (needs the issuer and the parent body), or ``source`` rolled
    over to ``year`` (default: the year after). The result is validated as ``file``: a plan
    that would not pass `check` is an error, never written."""
    if source is not None:
        if issuer is not None or parent is not None or symbol is not None:
            raise UsageError(
                "--from: tên cơ quan và ký hiệu lấy từ kế hoạch cũ; bỏ --issuer, --parent, --symbol"
            )
        plan = load_plan(source)
        target = plan.plan.year + 1 if year is None else year
        if target == plan.plan.year:
            raise UsageError(f"--year: kế hoạch {source} đã là năm {target}")
        result = roll_over(read_plan_text(source), plan, target)
        made = NewPlan(result.text, result.leftovers, result.handovers)
    else:
        if year is None or issuer is None or parent is None:
            raise UsageError("cần --year, --issuer và --parent (hoặc --from KẾ-HOẠCH-CŨ)")
        made = NewPlan(
            skeleton(
                year,
                _check_name("--issuer", issuer),
                _check_name("--parent", parent),
                place=_check_name("--place", place),
                symbol=_check_name("--symbol", symbol) if symbol is not None else None,
            )
        )
    plan_from_text(made.text, file)
    return made
