"""The Phụ lục table: columns found by their header words in any order (merged header rows
allowed), group rows mapped to areas, each row a task with a structured deadline."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from parplan.core.text import ascii_words
from parplan.core.written import read_written_deadline
from parplan.importing.source import Row, Table
from parplan.importing.units import Units
from parplan.importing.words import Doubts, add_note, has_words, split_marker

# role -> header phrases (folded); the first role whose phrase a header holds wins, so
# "Nội dung/sản phẩm" is the product and "Đơn vị thực hiện" over "Chủ trì" is the lead.
_ROLES: list[tuple[str, tuple[str, ...]]] = [
    ("number", ("stt", "tt", "so tt", "so thu tu")),
    ("note", ("ghi chu",)),
    ("deadline", ("thoi gian", "thoi han", "hoan thanh", "tien do")),
    ("coordinating", ("phoi hop",)),
    ("lead", ("chu tri",)),
    ("product", ("san pham", "ket qua", "dau ra")),
    ("activities", ("hoat dong",)),
    ("objective", ("muc tieu",)),
    ("duty", ("nhiem vu", "noi dung", "cong viec", "ten nhiem vu")),
    ("lead", ("don vi thuc hien", "co quan thuc hien", "don vi")),
]
_ROMAN = re.compile(r"^[IVX]+\.?$")


def column_role(header: str) -> str | None:
    for role, phrases in _ROLES:
        if has_words(header, *phrases):
            return role
    return None


@dataclass
class Columns:
    roles: dict[str, int]  # role -> column index
    extra: dict[int, str]  # unknown columns: index -> header text
    header_rows: int
    combined: bool = False  # one "Nhiệm vụ" cell: objective, then duty, then "- activity" lines


def find_columns(table: Table) -> Columns | None:
    """The columns of a task table, or None when ``table`` is not one. The lowest header row
    names a column; a cell merged over several (Đơn vị thực hiện) only fills gaps."""
    for depth in (1, 2, 3):
        if len(table.rows) < depth:
            break
        head = table.rows[:depth]
        width = max(len(r.cells) for r in table.rows)
        roles: dict[str, int] = {}
        extra: dict[int, str] = {}
        for col in range(width):
            texts = [r.cells[col] for r in reversed(head) if col < len(r.cells) and r.cells[col]]
            role = next((column_role(t) for t in texts if column_role(t)), None)
            if role and role not in roles:
                roles[role] = col
            elif texts:
                extra[col] = texts[0]
        known = {"number", "deadline", "lead", "duty", "objective", "product"} & roles.keys()
        below = table.rows[depth] if len(table.rows) > depth else None
        if below is not None and _header_like(below):
            continue  # a merged header: "Đơn vị thực hiện" over "Chủ trì | Phối hợp"
        if len(known) >= 3 and ({"duty", "objective"} & roles.keys()):
            combined = False
            if "objective" not in roles:  # "Nhiệm vụ" alone is the task itself
                roles["objective"] = roles.pop("duty")
                combined = "activities" not in roles
            return Columns(roles, extra, depth, combined)
    return None


def _header_like(row: Row) -> bool:
    cells = [c for c in row.cells if c]
    return bool(cells) and not cells[0].isdigit() and any(column_role(c) for c in cells)


def _lines(text: str) -> list[str]:
    return [split_marker(t)[1] if split_marker(t)[0] in "-+*•–" else t for t in text.splitlines()]


def _combined(cell: str) -> tuple[str, str, str]:
    """A "Nhiệm vụ" cell holding the whole task: its first paragraph is the objective, the
    other plain paragraphs the duty, and the "- " paragraphs the activities."""
    lines = cell.splitlines()
    if not lines:
        return "", "", ""
    rest = lines[1:]
    bullets = [t for t in rest if split_marker(t)[0] in ("-", "+", "*", "•", "–")]
    plain = [t for t in rest if t not in bullets]
    return lines[0], " ".join(plain), "\n".join(bullets)


def _is_group(row: Row, cols: Columns) -> str | None:
    """The group title of an area row ("I" | "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), else None."""
    cells = [c for c in row.cells if c]
    if not cells:
        return None
    number = row.cells[cols.roles["number"]] if "number" in cols.roles else ""
    if number.isdigit():
        return None
    distinct = list(dict.fromkeys(cells))
    if _ROMAN.match(distinct[0]) and len(distinct) <= 2:
        return distinct[-1] if len(distinct) == 2 else distinct[0]
    if len(distinct) == 1 or row.distinct <= 2:
        marker, rest = split_marker(distinct[-1])
        return rest if marker else distinct[-1]
    return None


@dataclass
class TaskReader:
    year: int
    units: Units
    doubts: Doubts
    area_for: Callable[[str, str], str]  # (group title, where) -> area id
    wheres: list[str] = field(default_factory=list)  # the row of each task read

    def read(self, table: Table, cols: Columns) -> list[dict[str, Any]]:
        tasks: list[dict[str, Any]] = []
        area: str | None = None
        for row in table.rows[cols.header_rows :]:
            if all(re.fullmatch(r"\(?\d+\)?", c) or not c for c in row.cells):
                continue  # a row of column numbers (1) (2) (3) under the header
            group = _is_group(row, cols)
            if group is not None:
                area = self.area_for(group, row.where)
                continue
            tasks.append(self._task(row, cols, area, len(self.wheres)))
            self.wheres.append(row.where)
        return tasks

    def check_numbers(self, tasks: list[dict[str, Any]]) -> None:
        """STT runs 1, 2, 3 …: a gap or a repeat is marked on the row where it happens."""
        for i, (task, where) in enumerate(zip(tasks, self.wheres, strict=True)):
            if task["number"] != i + 1:
                why = (
                    f"số thứ tự {task['number']} ở vị trí thứ {i + 1} của bảng (thiếu hoặc lặp số)"
                )
                add_note(task, self.doubts.add(where, f"nhiệm vụ {task['number']}", why))

    def _get(self, row: Row, cols: Columns, role: str) -> str:
        col = cols.roles.get(role)
        return row.cells[col] if col is not None and col < len(row.cells) else ""

    def _task(self, row: Row, cols: Columns, area: str | None, count: int) -> dict[str, Any]:

        def get(role: str) -> str:
            return self._get(row, cols, role)

        where, what = row.where, "nhiệm vụ không số"
        task: dict[str, Any] = {}
        number = re.sub(r"\D", "", get("number"))
        task["number"] = int(number) if number else count + 1
        if not number:
            add_note(
                task, self.doubts.add(where, what, "không có số thứ tự; đánh số theo thứ tự dòng")
            )
        what = f"nhiệm vụ {task['number']}"
        if area is None:
            area = self.area_for("", where)
        task["area"] = area
        objective, duty, activities = get("objective"), get("duty"), get("activities")
        if cols.combined:
            objective, duty, activities = _combined(objective)
        task["objective"] = " ".join(objective.splitlines())
        if not task["objective"]:
            add_note(task, self.doubts.add(where, what, "ô nhiệm vụ/mục tiêu trống"))
        task["duty"] = " ".join(duty.splitlines()) or None
        task["activities"] = _lines(activities)
        task["product"] = " ".join(get("product").splitlines())
        self._units(task, get("lead"), get("coordinating"), where, what)
        task["deadline"] = self._deadline(task, get("deadline"), where, what)
        add_note(task, " ".join(get("note").splitlines()) or None)
        for col, header in cols.extra.items():
            if col < len(row.cells) and row.cells[col]:
                text = f"cột '{header}': {row.cells[col]}"
                add_note(task, self.doubts.add(where, what, f"không rõ cột '{header}'; {text}"))
        return self._ordered(task)

    def _units(self, task: dict[str, Any], lead: str, coord: str, where: str, what: str) -> None:
        task["lead"], task["lead_text"] = self.units.cell(lead, where)
        task["coordinating"], task["coordinating_text"] = self.units.cell(coord, where)
        if not task["lead"]:
            add_note(task, self.doubts.add(where, what, "không có đơn vị chủ trì"))

    def _deadline(self, task: dict[str, Any], text: str, where: str, what: str) -> dict[str, Any]:
        written = read_written_deadline(text, self.year) if text else None
        if written is None:
            why = f"không hiểu thời hạn '{text}'" if text else "không có thời hạn"
            add_note(task, self.doubts.add(where, what, f"{why}; ghi là không có hạn"))
            return {"text": text or "", "by": "none", "tentative": False}
        if written.ambiguous:
            add_note(
                task,
                self.doubts.add(
                    where, what, f"thời hạn '{text}' nêu nhiều mốc; lấy {written.deadline.code}"
                ),
            )
        due = written.deadline.due
        if due is not None and due.year != self.year:
            why = f"thời hạn '{text}' ngoài năm kế hoạch {self.year}"
            add_note(task, self.doubts.add(where, what, why))
        return {"text": text, "by": written.deadline.code, "tentative": written.tentative}

    @staticmethod
    def _ordered(task: dict[str, Any]) -> dict[str, Any]:
        keys = ["number", "area", "objective", "duty", "activities", "product", "lead"]
        keys += ["coordinating", "lead_text", "coordinating_text", "deadline", "note"]
        return {k: task[k] for k in keys if k in task}


def area_match(title: str, areas: list[dict[str, Any]]) -> str | None:
    """The area a group row names: most shared words with an area title."""
    words = set(ascii_words(title)) - {"cong", "tac", "va"}
    best, score = None, 0.0
    for a in areas:
        theirs = set(ascii_words(a["title"])) - {"cong", "tac", "va"}
        if not words or not theirs:
            continue
        s = len(words & theirs) / len(words | theirs)
        if s > score:
            best, score = a["id"], s
    return best if score >= 0.3 else None
