"""Indicator target kinds, in one registry: a new kind is one entry here.

Each kind says whether it is measured by a number (``qualitative`` is judged, not measured),
whether its measured value is a level compared with a baseline (``reduce_by``: the number is the
current level, the target a reduction in percent), how it is written in short ("≥ 85%"), and
whether a measured value meets it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple, get_args

TargetOp = Literal[">=", "<=", "=", "reduce_by", "qualitative"]


class TargetKind(NamedTuple):
    op: str
    description: str  # for the JSON Schema and the docs
    measured: bool = True  # False: judged with an assessment, no number
    relative: bool = False  # the number is a level; the target a reduction from a baseline
    shown: str = "{amount}"  # the target in short, from its amount ("≥ 85%")
    meets: Callable[[float, float], bool] = lambda actual, goal: abs(actual - goal) < 1e-9


TARGET_KINDS: dict[str, TargetKind] = {
    kind.op: kind
    for kind in (
        TargetKind(">=", "ít nhất", shown="≥ {amount}", meets=lambda a, g: a >= g),
        TargetKind("<=", "nhiều nhất", shown="≤ {amount}", meets=lambda a, g: a <= g),
        TargetKind("=", "đúng bằng"),
        TargetKind(
            "reduce_by",
            "giảm (so với năm gốc)",
            relative=True,
            shown="giảm {amount}",
            meets=lambda a, g: a >= g - 1e-9,
        ),
        TargetKind("qualitative", "định tính", measured=False, shown="định tính"),
    )
}
assert set(TARGET_KINDS) == set(get_args(TargetOp)), "every target kind has one registry entry"


def kind_of(op: str) -> TargetKind:
    return TARGET_KINDS[op]


def describe_ops() -> str:
    """ "">= ít nhất, <= nhiều nhất, …" for the schema's description."""
    return ", ".join(f"{k.op} {k.description}" for k in TARGET_KINDS.values())
