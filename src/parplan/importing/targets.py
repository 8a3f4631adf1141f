"""Targets read from a plan's sentences: "Phấn đấu 100% …", "trên 90%", "tối thiểu 20%",
"đạt từ 85% trở lên", "giảm 5% … so với năm 2021", "không quá 50%"; a target sentence
without a number is qualitative. Conventions of docs/plan-format.md: a bare "100% … được …"
is ``=``, any other bare or "at least" figure is ``>=``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parplan.core.text import ascii_words, fold

_PERCENT = re.compile(r"(?P<v>\d{1,3}(?:[,.]\d+)?)\s*%")
_BASELINE = re.compile(r"so\s+với\s+(?:năm\s+)?(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
_COUNT = re.compile(
    r"(?P<op>ít nhất|tối thiểu|không quá|tối đa|trên|đạt)\s+(?P<v>\d{1,5})\s+(?!%)(?P<w>\w+)",
    re.IGNORECASE,
)
# (phrase before the figure, op), checked in order; folded text, no diacritics.
_OPS: list[tuple[str, str]] = [
    ("tinh gian", "reduce_by"),
    ("cat giam", "reduce_by"),
    ("giam", "reduce_by"),
    ("khong qua", "<="),
    ("khong vuot qua", "<="),
    ("toi da", "<="),
    ("duoi", "<="),
    ("o muc", "="),
    ("toi thieu", ">="),
    ("it nhat", ">="),
    ("tren", ">="),
    ("tro len", ">="),
    ("phan dau", ">="),
    ("dat", ">="),
]
_NOT_TIME = re.compile(r"\b(?:năm|giai đoạn|tháng|quý)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class ReadTarget:
    op: str
    value: float | None
    unit: str  # percent, count, text
    baseline_year: int | None = None
    baseline_stated: bool = False  # "so với năm …" written (or a reduction without one)
    doubt: str | None = None


def _number(text: str) -> float:
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


def _op_before(clause: str, value: float) -> tuple[str, str | None]:
    folded = f" {' '.join(ascii_words(clause))} ".replace(" giam doc ", " ")
    for phrase, op in _OPS:
        if f" {phrase} " in folded:
            if phrase == "o muc":
                return op, "“ở mức” có thể là đúng bằng hoặc không quá; đã hiểu là đúng bằng"
            if phrase == "duoi":
                return op, "“dưới” là nhỏ hơn hẳn; đã hiểu là không quá"
            return op, None
    return ("=" if value == 100 else ">="), None


def read_targets(sentence: str) -> list[ReadTarget]:
    """Every target of ``sentence`` (a bullet may hold two); [] when it has no figure."""
    found: list[ReadTarget] = []
    start = 0
    matches = list(_PERCENT.finditer(sentence))
    whole_baseline = _BASELINE.search(sentence)
    for i, m in enumerate(matches):
        before = sentence[start : m.start()]
        # the words between the previous figure and this one, back to the clause start
        clause = re.split(r"[;:]", before)[-1]
        value = _number(m["v"])
        op, doubt = _op_before(clause, value)
        if found and found[-1].op == "reduce_by" and ";" not in before and op != "<=":
            op = "reduce_by"  # "tinh giản 5% cán bộ … và ít nhất 10% viên chức"
        # a trailing "trở lên" after the figure reads as "at least"
        after = sentence[m.end() : matches[i + 1].start() if i + 1 < len(matches) else None]
        if op == "=" and doubt is None and re.match(r"\s*trở\s+lên", after, re.IGNORECASE):
            op = ">="
        own = _BASELINE.search(after.split(";")[0]) or whole_baseline
        year = int(own["y"]) if own else None
        found.append(
            ReadTarget(op, value, "percent", year, own is not None or op == "reduce_by", doubt)
        )
        start = m.end()
    if not found:
        for c in _COUNT.finditer(sentence):
            if _NOT_TIME.search(sentence[: c.start()]):
                continue
            op, _ = _op_before(c["op"], float(c["v"]))
            found.append(ReadTarget(op, _number(c["v"]), "count"))
    return found


def qualitative() -> ReadTarget:
    return ReadTarget("qualitative", None, "text")


def looks_like_target(sentence: str) -> bool:
    """A duty sentence that is really a quantified target ("Phấn đấu 100% …", "90% …")."""
    folded = fold(sentence)
    return bool(_PERCENT.search(sentence)) and (
        folded.startswith(("phan dau", "dat ", "toi thieu", "it nhat", "giam", "tren", "khong qua"))
        or bool(re.match(r"\d{1,3}(?:[,.]\d+)?\s*%", sentence))
    )
