"""Reading a criteria table laid out as the city's annexes are: title rows, a header (STT |
Tiêu chí | Điểm tối đa | Cách tính điểm | Tài liệu kiểm chứng, in any order, an optional
column of bodies it may not apply to), rows numbered 1 / 1.1 / 1.1.1 for area / criterion /
sub-criterion, lines of a scoring scale ("-", "a)", "+") under an item, and a total row; after
the areas, a row "Điểm thưởng" (or "Điểm cộng") and a row "Điểm trừ", whatever their STT (a
roman numeral, a letter, none), each start a part whose rows are its items.

Every row that cannot be read and every sum that does not add up is located in the source
(``FILE.xlsx!Sheet!C12``, ``FILE.docx!bảng 1, dòng 12``); nothing is written then."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from parplan.core.criteria import CriteriaTable, Rebase, table_problems
from parplan.core.errors import CellProblem, IndexTableInvalid, Loc
from parplan.core.numbers import NumberProblem, format_number, parse_value
from parplan.index.rows import SourceRow, read_rows

_STT = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,2})\.?$")
_SCALE = re.compile(r"^(?:[-+*•–]|[a-zđ]\)|[ivx]+\))$", re.IGNORECASE)
_MARK = re.compile(r"^[-+*•–]$")  # a scale line's mark; under a part "a)" is an item's number
# the title of a part's row: "Điểm thưởng", "Điểm cộng", "Điểm trừ" (or "Phần điểm thưởng …")
_PART = re.compile(r"^(?:(?:phần|nội dung|các tiêu chí|tiêu chí)\s+)?điểm\s+(thưởng|cộng|trừ)\b")
# the number of a part whose row has none
PART_NUMBERS = {"bonus": "thưởng", "penalty": "trừ"}
# a part's maximum written in its title: "(tối đa 3 điểm)", "(trừ tối đa 1,5 điểm)", "không
# quá 2 điểm"; not a rate ("0,5 điểm/lần", "mỗi lần trừ tối đa 0,5 điểm")
_TITLE_MAXIMUM = re.compile(
    r"(?:tối đa|không quá)(?:\s+(?:là|không quá))?\s*:?\s*(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)(?!\w)"
    r"(?!\s*/)"
)
_HEADINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("evidence", ("kiểm chứng", "minh chứng")),
    ("not_applicable_to", ("không áp dụng",)),
    ("method", ("cách tính", "cách chấm", "phương pháp", "hướng dẫn")),
    ("points", ("điểm tối đa", "điểm chuẩn", "thang điểm", "điểm")),
    ("number", ("stt", "tt")),
    ("title", ("tiêu chí", "nội dung", "lĩnh vực")),
)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def header_columns(row: SourceRow) -> dict[str, int] | None:
    """The columns of a header row (what each heading names), or None for another row."""
    found: dict[str, int] = {}
    for i in range(len(row.values)):
        text = _folded(row.text(i))
        for name, words in _HEADINGS:
            if name in found:
                continue
            exact_tt = name == "number" and text in words
            if exact_tt or (name != "number" and any(w in text for w in words)):
                found[name] = i
                break
    return found if {"number", "title", "points"} <= found.keys() else None


@dataclass
class _Reading:
    file: str
    columns: dict[str, int]
    areas: list[dict[str, Any]] = field(default_factory=list)
    parts: dict[str, dict[str, Any]] = field(default_factory=dict)  # "bonus", "penalty"
    part: str | None = None  # the part rows now belong to ("both" under a shared heading)
    total: float | None = None
    total_row: SourceRow | None = None
    places: dict[Loc, SourceRow] = field(default_factory=dict)
    last: dict[str, Any] | None = None  # the item a scale line belongs to
    problems: list[CellProblem] = field(default_factory=list)

    def problem(self, row: SourceRow, column: str, message: str, code: str = "PP301") -> None:
        sheet, cell = row.cell(self.columns.get(column, 0))
        self.problems.append(CellProblem(self.file, sheet, cell, message, code))

    def points(self, row: SourceRow) -> float | None:
        column = self.columns["points"]
        value = row.values[column] if column < len(row.values) else None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            text = row.text(column)
            if not text:
                self.problem(row, "points", "thiếu điểm tối đa")
                return None
            try:
                number = parse_value(text, "điểm tối đa")
            except NumberProblem as exc:
                self.problem(row, "points", exc.message)
                return None
        if number < 0:
            self.problem(row, "points", f"điểm tối đa {format_number(number)} âm")
            return None
        return number


def read_table(
    path: Path, *, step: float = 0.25, rebase: Rebase = "proportional", cap: bool = False
) -> CriteriaTable:
    """The criteria table in ``path``; IndexTableInvalid listing every located problem."""
    rows = read_rows(path)
    start = next((i for i, r in enumerate(rows) if header_columns(r)), None)
    if start is None:
        why = "không tìm thấy dòng tiêu đề của bảng tiêu chí (STT, Tiêu chí, Điểm tối đa)"
        raise IndexTableInvalid([CellProblem(path.name, None, None, why, "PP301")])
    columns = header_columns(rows[start]) or {}
    reading = _Reading(path.name, columns)
    titles = [r.text(0) for r in rows[:start] if r.text(0)]
    for row in rows[start + 1 :]:
        _row(reading, row)
    if not reading.areas and not reading.problems:
        reading.problems.append(
            CellProblem(
                path.name, None, None, "bảng không có mục nào đánh số 1, 1.1, 1.1.1", "PP301"
            )
        )
    if reading.problems:
        raise IndexTableInvalid(reading.problems)
    data = {
        "title": titles[0] if titles else path.stem,
        "source": " ".join(titles[1:]) or None,
        "total": reading.total if reading.total is not None else _sum(reading.areas),
        "step": step,
        "rebase": rebase,
        "cap": cap,
        "areas": reading.areas,
        **{key: _part_data(part) for key, part in reading.parts.items()},
    }
    try:
        table = CriteriaTable.model_validate(data)
    except ValidationError as exc:  # a title cell empty: said at its row
        raise IndexTableInvalid(_model_problems(reading, exc)) from None
    sums = [_placed(reading, p.loc, p.message, p.code) for p in table_problems(table)]
    if sums:
        raise IndexTableInvalid(sums)
    return table


def _sum(areas: list[dict[str, Any]]) -> float:
    from parplan.core.criteria import exact

    return float(sum(exact(a["points"]) for a in areas))


def _part_data(part: dict[str, Any]) -> dict[str, Any]:
    """A part as the model takes it: a part row without points (in its cell or its title)
    gives its items' sum."""
    points = part["points"] if part["points"] is not None else _sum(part["items"])
    return {**part, "points": points}


def _row(reading: _Reading, row: SourceRow) -> None:
    columns = reading.columns
    number = row.text(columns["number"])
    title = row.text(columns["title"])
    if _numbering_row(row):
        return
    if not number and _folded(title).startswith("tổng"):
        reading.total, reading.total_row = reading.points(row), row
        reading.part, reading.last = None, None
        return
    if _part_row(reading, row, number, title):
        return
    if reading.part is not None:
        _part_item(reading, row, number, title)
        return
    if _SCALE.match(number) or (not number and title and reading.last is not None):
        _scale(reading, row, title)
        return
    match = _STT.match(number)
    if not match:
        shown = number or "(trống)"
        why = f"STT '{shown}' không đọc được: cần 1, 1.1 hoặc 1.1.1"
        reading.problem(row, "number", why)
        return
    _item(reading, row, match.group(1), title)


def _numbering_row(row: SourceRow) -> bool:
    """The row of column numbers under a header: (1) (2) (3) …"""
    texts = [t for t in (row.text(i) for i in range(len(row.values))) if t]
    return len(texts) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts)


def _scale(reading: _Reading, row: SourceRow, title: str) -> None:
    """A line of a scoring scale under an item joins its scoring method."""
    if reading.last is None:
        reading.problem(row, "number", "dòng thang điểm nằm trước mục đầu tiên của bảng")
        return
    points = row.text(reading.columns["points"])
    line = " ".join(p for p in (row.text(reading.columns["number"]), title) if p)
    line += f": {points} điểm" if points else ""
    method = reading.last.get("method")
    reading.last["method"] = f"{method}\n{line}" if method else line


def _part_row(reading: _Reading, row: SourceRow, number: str, title: str) -> bool:
    """A row that starts the bonus or penalty part (or heads both: "Điểm thưởng, điểm trừ").
    Not a scale line ("- Điểm trừ: 0,5 điểm mỗi lần chậm") nor, among the areas, a criterion
    numbered under one ("2.3 Điểm trừ khi …"); under a shared heading "9.1 Điểm thưởng" is."""
    found = _PART.match(_folded(title))
    if found is None or _SCALE.match(number):
        return False
    if reading.part is None and "." in number.rstrip("."):
        return False
    reading.last = None
    key = "penalty" if found.group(1) == "trừ" else "bonus"
    rest = _folded(title)[found.end() :]
    if key == "bonus" and "trừ" in rest:
        reading.part = "both"
        return True
    if key in reading.parts:
        name = "điểm trừ" if key == "penalty" else "điểm thưởng"
        reading.problem(row, "title", f"bảng có hai dòng phần {name}")
        return True
    points = reading.points(row) if row.text(reading.columns["points"]) else title_maximum(title)
    own = number.rstrip(".)").strip() or PART_NUMBERS[key]
    reading.parts[key] = {"number": own, "title": title, "points": points, "items": []}
    reading.places[(key,)] = row
    reading.part = key
    return True


def title_maximum(title: str) -> float | None:
    """The maximum a part's title writes ("Điểm thưởng (tối đa 3 điểm)": 3), or None: none
    written, or a rate per event rather than the part's maximum."""
    folded = _folded(title)
    found = _TITLE_MAXIMUM.search(folded)
    if found is None or "mỗi" in folded:
        return None
    try:
        return parse_value(found.group(1), "điểm tối đa")
    except NumberProblem:  # "1.250": no part's maximum, and not a number to guess
        return None


def _part_item(reading: _Reading, row: SourceRow, number: str, title: str) -> None:
    """A row under the bonus or penalty part: a scale line ("-", "+") of the item above, or
    an item, numbered under the part (IX.1; "thưởng.1" for a part without a number; its own
    number when it already is the part's: 9.1 under 9)."""
    if _MARK.match(number):
        _scale(reading, row, title)
        return
    if reading.part == "both":
        why = "dòng nằm dưới tiêu đề điểm thưởng, điểm trừ chung: cần dòng 'Điểm thưởng' "
        reading.problem(row, "number", why + "hoặc 'Điểm trừ' trước các mục")
        return
    part = reading.parts[str(reading.part)]
    own = number.rstrip(".)").strip() or str(len(part["items"]) + 1)
    prefix = f"{part['number']}."
    item_number = own if own.startswith(prefix) else prefix + own
    item = _details(reading, row, item_number, title)
    if item is None:
        return
    part["items"].append(item)
    reading.places[(str(reading.part), "items", len(part["items"]) - 1)] = row
    reading.last = item


def _details(reading: _Reading, row: SourceRow, number: str, title: str) -> dict[str, Any] | None:
    """An item's number, title, maximum, scoring method, evidence and the bodies it may not
    apply to; None (the problem said) without a title or a maximum."""
    if not title:
        reading.problem(row, "title", f"mục {number} không có nội dung tiêu chí")
    points = reading.points(row)
    if points is None or not title:
        return None
    item: dict[str, Any] = {"number": number, "title": title, "points": points}
    for key in ("method", "evidence"):
        text = row.text(reading.columns.get(key))
        if text:
            item[key] = text
    bodies = row.text(reading.columns.get("not_applicable_to"))
    if bodies:
        item["not_applicable_to"] = [b.strip() for b in re.split(r"[;\n]", bodies) if b.strip()]
    return item


def _item(reading: _Reading, row: SourceRow, number: str, title: str) -> None:
    depth = number.count(".")
    details = _details(reading, row, number, title)
    if details is None:
        return
    keep = ("number", "title", "points")
    item = details if depth else {k: v for k, v in details.items() if k in keep}
    parent = _parent(reading, row, number, depth)
    if parent is None and depth:
        return
    if depth == 0:
        item["criteria"] = []
        reading.areas.append(item)
        loc: Loc = ("areas", len(reading.areas) - 1)
    elif depth == 1:
        item["subcriteria"] = []
        parent_list = reading.areas[-1]["criteria"]
        parent_list.append(item)
        loc = ("areas", len(reading.areas) - 1, "criteria", len(parent_list) - 1)
    else:
        area = reading.areas[-1]
        subs = area["criteria"][-1]["subcriteria"]
        subs.append(item)
        crit = ("criteria", len(area["criteria"]) - 1)
        loc = ("areas", len(reading.areas) - 1, *crit, "subcriteria", len(subs) - 1)
    reading.places[loc] = row
    reading.last = item


def _parent(reading: _Reading, row: SourceRow, number: str, depth: int) -> dict[str, Any] | None:
    """The item ``number`` belongs under: the last area (depth 1) or criterion (depth 2),
    which must be the one its number names."""
    if depth == 0:
        return None
    want = number.rsplit(".", 1)[0]
    area = reading.areas[-1] if reading.areas else None
    parent = area if depth == 1 else (area["criteria"][-1] if area and area["criteria"] else None)
    if parent is None or parent["number"] != want:
        reading.problem(row, "number", f"mục {number} không nằm dưới mục {want} của bảng")
        return None
    return parent


def _placed(reading: _Reading, loc: Loc, message: str, code: str) -> CellProblem:
    """A problem of the table model at ``loc`` placed at its source row and column."""
    if loc == ("total",) and reading.total_row is not None:
        sheet, cell = reading.total_row.cell(reading.columns["points"])
        return CellProblem(reading.file, sheet, cell, message, code)
    for cut in range(len(loc), 0, -1):
        row = reading.places.get(loc[:cut])
        if row is not None:
            column = "points" if loc[-1] == "points" else "number"
            sheet, cell = row.cell(reading.columns[column])
            return CellProblem(reading.file, sheet, cell, message, code)
    return CellProblem(reading.file, None, None, message, code)


def _model_problems(reading: _Reading, exc: ValidationError) -> list[CellProblem]:
    return [
        _placed(reading, tuple(e["loc"]), f"{e['loc'][-1]}: {e['msg']}", "PP301")
        for e in exc.errors(include_url=False)
    ]


def table_data(table: CriteriaTable) -> dict[str, Any]:
    """The table as the YAML file holds it: empty lists and unset fields left out, whole
    points written as whole numbers; ``cap`` only for a table with a bonus or penalty part
    (what it governs)."""
    data: dict[str, Any] = _tidy(table.model_dump(mode="json", exclude_none=True))
    if table.bonus is None and table.penalty is None:
        del data["cap"]
    return data


def _tidy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def table_yaml(table: CriteriaTable, source: str) -> str:
    """The criteria file's text: a header saying where it came from and what to review."""
    from parplan.core.sanitize import plain_line
    from parplan.document.yamlio import dump_plain

    head = (
        f"# Bộ tiêu chí chỉ số CCHC nhập từ {plain_line(source)} (parplan index import).\n"
        "# Rà soát step (bước chấm điểm), rebase (quy đổi khi có mục không áp dụng: "
        "proportional, full, none)\n# và not_applicable_to theo văn bản của Thành phố.\n"
    )
    if table.bonus is not None or table.penalty is not None:
        head += (
            "# Có điểm thưởng/điểm trừ: rà soát cap (true: giữ tổng điểm cuối cùng trong khoảng "
            "0 đến total; false: không giới hạn).\n"
        )
    return head + dump_plain(table_data(table))
