"""One dashboard, every view: `status --json`, the terminal table, `deadlines --json`, the
site's front page and each unit's page give the same counts for every area and unit,
cancelled work included, and the same share done on the same stated base."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import DATA
from .sitecheck import Page, read_page

runner = CliRunner()
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
AS_OF = ["2024-01-15", "2024-04-05", "2024-06-20", "2024-12-31", "2025-02-01"]
STATES = ("done", "done_late", "overdue", "due_soon", "upcoming", "no_deadline", "cancelled")
# the terminal's count columns, as a reader takes them (Xong: done on time or late)
TERMINAL = {
    "Xong": ("done", "done_late"),
    "Quá hạn": ("overdue",),
    "Sắp hạn": ("due_soon",),
    "Chưa hạn": ("upcoming",),
    "Không hạn": ("no_deadline",),
    "Hủy": ("cancelled",),
    "Tổng": STATES,
}


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    return result.stdout


def share(text: str) -> float | None:
    """ "66,7%" -> 66.7; "—" (nothing to take a share of) -> None."""
    text = text.strip()
    return None if text == "—" else float(text.rstrip("%").replace(".", "").replace(",", "."))


def number(text: str) -> int:
    return int(text.replace(".", ""))


def terminal_rows(text: str, titles: list[str]) -> dict[str, dict[str, Any]]:
    """The area table of `status` read by the position of its headers: each count is right
    aligned under its header; the share is at the end of the row."""
    lines = text.splitlines()
    head = next(line for line in lines if line.startswith("Lĩnh vực"))
    ends = {label: head.index(label) + len(label) for label in TERMINAL}
    rows: dict[str, dict[str, Any]] = {}
    for title in titles:
        line = next(line for line in lines if line.startswith(title + " "))
        row: dict[str, Any] = {}
        for label, end in ends.items():
            found = re.search(r"([\d.]+)$", line[:end])
            assert found, (label, line)
            row[label] = number(found[1])
        tail = re.search(r"(\S+)\s*$", line)
        assert tail, line
        row["share"] = share(tail[1])
        rows[title] = row
    return rows


def expected_terminal(area: dict[str, Any]) -> dict[str, Any]:
    counts = area["counts"]
    row: dict[str, Any] = {k: sum(counts[s] for s in v) for k, v in TERMINAL.items()}
    row["share"] = area["percent_done"]
    return row


def status_json(as_of: str, unit: str | None = None) -> dict[str, Any]:
    extra = ["--unit", unit] if unit else []
    data: dict[str, Any] = json.loads(
        invoke("status", str(PROGRESS), "--as-of", as_of, "--json", *extra)
    )
    return data


def hold_json_to_itself(data: dict[str, Any]) -> None:
    """The parts add up: total = every state, cancelled included; the share's base is the
    total less the cancelled; the totals row is the sum of the areas."""
    for area in [*data["areas"], data["totals"]]:
        assert area["total"] == sum(area["counts"].values())
        assert area["cancelled"] == area["counts"]["cancelled"]
        assert area["base"] == area["total"] - area["cancelled"]
        assert area["done"] == area["counts"]["done"] + area["counts"]["done_late"]
        expected = round(area["done"] / area["base"] * 100, 1) if area["base"] else None
        assert area["percent_done"] == expected
    for state in STATES:
        assert data["totals"]["counts"][state] == sum(a["counts"][state] for a in data["areas"])


def hold_page_row(page: Page, key: str, area: dict[str, Any]) -> None:
    for state in STATES:
        assert number(page.cells[(key, state)]) == area["counts"][state], (key, state)
    assert number(page.cells[(key, "total")]) == area["total"], key
    assert share(page.cells[(key, "percent_done")]) == area["percent_done"], key


BY_UNIT = ("due", "done", "done_late", "overdue", "due_soon", "cancelled", "total", "percent_done")


def by_unit_json(as_of: str) -> dict[str, dict[str, Any]]:
    data = json.loads(invoke("status", str(PROGRESS), "--as-of", as_of, "--by-unit", "--json"))
    return {u["id"]: u for u in data["units"]}


def by_unit_terminal(as_of: str) -> dict[str, dict[str, str]]:
    """`status --by-unit`'s table, each unit's figures as printed (read from the right: the
    name may wrap onto a second line, the figures never do)."""
    names = {u: row["name"] for u, row in by_unit_json(as_of).items()}
    lines = invoke("status", str(PROGRESS), "--as-of", as_of, "--by-unit").splitlines()
    out = {}
    for unit, name in names.items():
        first = name.split()[0]
        line = next(ln for ln in lines if ln.startswith(first + " ") and ln.split()[-1][0].isdigit()
                    and name.startswith(" ".join(ln.split()[: -len(BY_UNIT)])))  # fmt: skip
        out[unit] = dict(zip(BY_UNIT, line.split()[-len(BY_UNIT) :], strict=True))
    return out


def expected_by_unit(totals: dict[str, Any]) -> dict[str, Any]:
    """A unit's row of `status --by-unit`, from its own `status --unit` totals."""
    counts = totals["counts"]
    return {
        "id": ANY,
        "name": ANY,
        "due": counts["done"] + counts["done_late"] + counts["overdue"],
        **{s: counts[s] for s in ("done", "done_late", "overdue", "due_soon", "cancelled")},
        "total": totals["total"],
        "percent_done": totals["percent_done"],
    }


def deadline_counts(as_of: str, unit: str | None = None) -> dict[str, int]:
    extra = ["--unit", unit] if unit else []
    rows = json.loads(invoke("deadlines", str(PROGRESS), "--as-of", as_of, "--json", *extra))
    return {s: sum(1 for r in rows if r["state"] == s) for s in STATES}


@pytest.mark.parametrize("as_of", AS_OF)
def test_every_view_gives_the_same_counts(as_of: str, tmp_path: Path) -> None:
    data = status_json(as_of)
    hold_json_to_itself(data)
    areas = [*data["areas"], data["totals"]]
    table = terminal_rows(
        invoke("status", str(PROGRESS), "--as-of", as_of), [a["title"] for a in areas]
    )
    for area in areas:
        assert table[area["title"]] == expected_terminal(area), area["id"]
    assert deadline_counts(as_of) == data["totals"]["counts"]

    site = tmp_path / "site"
    invoke("site", str(PROGRESS), "--as-of", as_of, "-o", str(site))
    front = read_page((site / "index.html").read_text(encoding="utf-8"))
    for area in data["areas"]:
        hold_page_row(front, area["id"], area)
    hold_page_row(front, "total", data["totals"])

    units = sorted({uid for uid, _ in front.unit_cells})
    assert units == sorted(p.stem for p in (site / "don-vi").glob("*.html"))
    side_by_side = by_unit_json(as_of)
    assert sorted(side_by_side) == units  # `status --by-unit` lists the site's units
    by_unit_table = by_unit_terminal(as_of)
    for uid in units:
        mine = status_json(as_of, uid)
        hold_json_to_itself(mine)
        totals = mine["totals"]
        # the unit's row beside the others says what its own view says, in every view
        row = side_by_side[uid]
        assert row == expected_by_unit(totals), uid
        for key in BY_UNIT:
            assert front.unit_cells[(uid, key)] == by_unit_table[uid][key], (uid, key)
            shown = front.unit_cells[(uid, key)]
            assert (share(shown) if key == "percent_done" else number(shown)) == row[key]
        page = read_page((site / "don-vi" / f"{uid}.html").read_text(encoding="utf-8"))
        hold_page_row(page, "total", totals)
        terminal = invoke("status", str(PROGRESS), "--as-of", as_of, "--unit", uid)
        mine_areas = [*mine["areas"], totals]
        rows = terminal_rows(terminal, [a["title"] for a in mine_areas])
        for area in mine_areas:
            assert rows[area["title"]] == expected_terminal(area), (uid, area["id"])
        assert deadline_counts(as_of, uid) == totals["counts"], uid


def cancel_task_3(tmp_path: Path) -> Path:
    """progress.yaml with task 3 cancelled: area 1 holds two tasks done and one cancelled."""
    text = PROGRESS.read_text(encoding="utf-8")
    old = '    progress:\n      status: in_progress\n      note: "Đang xin ý kiến các phòng."'
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, "    progress:\n      status: cancelled"), encoding="utf-8")
    return path


def test_status_shows_cancelled_work_and_says_how_the_share_is_computed(tmp_path: Path) -> None:
    """Issue 23: an area of done and cancelled tasks showed "Xong 2 … 100%" and nothing else,
    as if it held only the two tasks done."""
    plan = cancel_task_3(tmp_path)
    out = invoke("status", str(plan), "--as-of", "2024-06-20")
    row = terminal_rows(out, ["1. Công tác chỉ đạo, điều hành CCHC"])
    assert row["1. Công tác chỉ đạo, điều hành CCHC"] == {
        "Xong": 2,
        "Quá hạn": 0,
        "Sắp hạn": 0,
        "Chưa hạn": 0,
        "Không hạn": 0,
        "Hủy": 1,
        "Tổng": 3,
        "share": 100.0,
    }
    assert "Tỷ lệ hoàn thành = hoàn thành (kể cả muộn) / (tổng − hủy)" in out


def test_a_unit_is_counted_alike_on_the_front_page_and_its_own_page(tmp_path: Path) -> None:
    """Issue 23: the front page counted Thanh tra's cancelled task ("55"), its own page did
    not ("1/54")."""
    site = tmp_path / "site"
    invoke("site", str(PROGRESS), "--as-of", "2024-06-20", "-o", str(site))
    front = read_page((site / "index.html").read_text(encoding="utf-8"))
    page = read_page((site / "don-vi" / "thanh-tra.html").read_text(encoding="utf-8"))
    assert front.unit_cells[("thanh-tra", "cancelled")] == page.cells[("total", "cancelled")] == "1"
    assert front.unit_cells[("thanh-tra", "total")] == page.cells[("total", "total")]
    assert "việc đã hủy không tính là chưa xong" in page.all_text


def test_an_area_with_only_cancelled_work_has_no_share(tmp_path: Path) -> None:
    """Nothing to do and nothing done: no share (not 0%, which reads as "nothing done")."""
    text = PROGRESS.read_text(encoding="utf-8")
    for number_ in (4, 5, 6):
        text = text.replace(
            f"  - number: {number_}\n    area: tthc",
            f"  - number: {number_}\n    area: chi-dao-dieu-hanh",
        )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    data = status_json_of(path)
    tthc = next(a for a in data["areas"] if a["id"] == "tthc")
    assert (tthc["total"], tthc["cancelled"], tthc["percent_done"]) == (1, 1, None)
    out = invoke("status", str(path), "--as-of", "2024-06-20")
    assert (
        terminal_rows(out, ["3. Cải cách thủ tục hành chính"])["3. Cải cách thủ tục hành chính"][
            "share"
        ]
        is None
    )


def status_json_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        invoke("status", str(path), "--as-of", "2024-06-20", "--json")
    )
    return data
