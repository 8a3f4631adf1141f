"""`parplan rollup`: 40 agencies' plans in four states of progress, each row equal to that
plan's own `status --json`; a broken plan listed, not counted; the files it writes open."""

from __future__ import annotations

import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document import Change, edit_plan
from parplan.document.loader import load_plan
from parplan.record import record_task

from .conftest import DATA, PLAN_2024

runner = CliRunner()
AS_OF = "30/06/2024"
ISSUER = 'issuer: "Sở Văn hóa và Thể thao"'
TODAY = date(2025, 1, 10)


def _record(path: Path, done: dict[int, str], cancelled: tuple[int, ...] = ()) -> None:
    """Record tasks done (number: date) and cancelled, with the library's record functions."""

    def change(plan: Any, _text: str) -> Change:
        parts = [record_task(plan, n, today=TODAY, done=day) for n, day in done.items()]
        parts += [record_task(plan, n, today=TODAY, status="hủy") for n in cancelled]
        return Change(tuple(e for p in parts for e in p.edits), "test")

    edit_plan(path, change, today=TODAY)


def _states(folder: Path) -> list[Path]:
    """Four states of progress of the 2024 plan: nothing recorded, a few tasks done early,
    half done (some late) and one cancelled, every task done by mid-June."""
    numbers = [t.number for t in load_plan(PLAN_2024).tasks]
    states = {
        "none": ({}, ()),
        "early": (dict.fromkeys(numbers[:4], "15/01/2024"), ()),
        "half": ({n: "01/04/2024" for n in numbers[::2]}, (numbers[1],)),
        "all": (dict.fromkeys(numbers, "15/06/2024"), ()),
    }
    made = []
    for name, (done, cancelled) in states.items():
        path = folder / f"{name}.yaml"
        path.write_bytes(PLAN_2024.read_bytes())
        if done or cancelled:
            _record(path, done, cancelled)
        made.append(path)
    return made


@pytest.fixture(scope="module")
def agencies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 agencies' plans (10 of each state), each with its own issuer."""
    work = tmp_path_factory.mktemp("states")
    folder = tmp_path_factory.mktemp("agencies")
    states = _states(work)
    for i in range(40):
        text = states[i % 4].read_text("utf-8")
        assert ISSUER in text
        name = f"co-quan-{i:02d}"
        (folder / f"{name}.yaml").write_text(text.replace(ISSUER, f'issuer: "Cơ quan {i:02d}"'))
    return folder


def _invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def _status(path: Path) -> dict[str, Any]:
    result = _invoke("status", str(path), "--as-of", AS_OF, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _expected(status: dict[str, Any]) -> dict[str, Any]:
    """The roll-up's figures as read from a plan's own `status --json`."""
    tasks = [a for a in status["areas"] if a["id"] != "obligations"]
    (obligations,) = [a for a in status["areas"] if a["id"] == "obligations"]

    def count(state: str) -> int:
        return sum(a["counts"][state] for a in tasks)

    due = count("done") + count("done_late") + count("overdue")
    ob = obligations["counts"]
    return {
        "tasks_due": due,
        "tasks_done": count("done"),
        "tasks_done_late": count("done_late"),
        "tasks_overdue": count("overdue"),
        "tasks_due_soon": count("due_soon"),
        "tasks_cancelled": count("cancelled"),
        "obligations_due": ob["done"] + ob["done_late"] + ob["overdue"],
        "obligations_met": obligations["done"],
        "indicators_met": status["indicators"]["met"],
        "indicators_not_met": status["indicators"]["not_met"],
        "indicators_no_data": status["indicators"]["no_data"],
        "percent_on_time": round(count("done") / due * 100, 1) if due else None,
    }


def _rollup_json(*args: str, code: int = 0) -> dict[str, Any]:
    result = _invoke("rollup", *args, "--as-of", AS_OF, "--json")
    assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_each_agency_equals_its_status(agencies: Path) -> None:
    data = _rollup_json(str(agencies))
    rows = {Path(r["file"]).name: r for r in data["plans"]}
    assert len(rows) == 40
    kinds = set()
    for path in sorted(agencies.glob("*.yaml")):
        expected = _expected(_status(path))
        got = {k: v for k, v in rows[path.name].items() if k in expected}
        assert got == expected, path.name
        kinds.add(json.dumps(expected, sort_keys=True))
    assert len(kinds) == 4  # four states of progress, four different rows
    totals = data["totals"]
    for key in ("tasks_due", "tasks_overdue", "obligations_due", "indicators_no_data"):
        assert totals[key] == sum(r[key] for r in rows.values())
    assert totals["plans"] == 40 and totals["left_out"] == 0


def test_sorted_most_overdue_first_then_by_column(agencies: Path) -> None:
    overdue = [r["tasks_overdue"] for r in _rollup_json(str(agencies))["plans"]]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] > overdue[-1]
    by_issuer = _rollup_json(str(agencies), "--sort", "issuer")["plans"]
    assert [r["issuer"] for r in by_issuer] == [f"Cơ quan {i:02d}" for i in range(40)]
    shares = [
        r["percent_on_time"]
        for r in _rollup_json(str(agencies), "--sort", "percent_on_time")["plans"]
    ]
    known = [s for s in shares if s is not None]
    assert known == sorted(known) and shares[: len(known)] == known


def test_unknown_sort_is_a_usage_error(agencies: Path) -> None:
    result = _invoke("rollup", str(agencies), "--sort", "overdue")
    assert result.exit_code == 2 and "--sort" in result.stderr
    assert "Traceback" not in result.output


def test_broken_plan_listed_not_counted(agencies: Path, tmp_path: Path) -> None:
    broken = DATA / "plans" / "invalid" / "bad-deadline-before-period.yaml"
    good = sorted(agencies.glob("*.yaml"))[:3]
    data = _rollup_json(*map(str, good), str(broken), code=1)
    (row,) = [r for r in data["plans"] if r["file"] == str(broken)]
    assert row["problems"] > 0 and row["tasks_due"] is None
    assert data["plans"][-1] == row  # after every counted plan
    assert data["totals"]["plans"] == 3 and data["totals"]["left_out"] == 1
    alone = _rollup_json(*map(str, good))
    assert data["totals"] == {**alone["totals"], "left_out": 1}
    args = ["rollup", *map(str, good), str(broken), "--as-of", AS_OF]
    table = runner.invoke(app, args, env={"COLUMNS": "400"})
    assert table.exit_code == 1 and broken.stem in table.stdout
    assert "có lỗi" in table.stderr


def test_xlsx_opens_with_frozen_header_filter_and_print_setup(
    agencies: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tong-hop.xlsx"
    result = _invoke("rollup", str(agencies), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = _rollup_json(str(agencies))
    ws = load_workbook(out).active
    assert ws is not None
    assert ws.freeze_panes == "C3" and ws.auto_filter.ref == "A2:O42"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert [ws.cell(3 + i, 1).value for i in range(40)] == [r["issuer"] for r in data["plans"]]
    assert ws.cell(43, 3).value == data["totals"]["tasks_due"]


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.rows[-1].append("")
        elif tag == "a":
            self.links.append(dict(attrs)["href"] or "")

    def handle_data(self, data: str) -> None:
        if self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def test_html_and_markdown(agencies: Path, tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    first = sorted(agencies.glob("*.yaml"))[0]
    (sites / first.stem).mkdir(parents=True)
    (sites / first.stem / "index.html").write_text("<p>site</p>")
    text = (agencies / f"{first.stem}.yaml").read_text("utf-8")
    (agencies.parent / "evil.yaml").write_text(
        text.replace('issuer: "Cơ quan 00"', 'issuer: "<b>&</b>"')
    )
    page = tmp_path / "tong-hop.html"
    args = [str(first), str(agencies.parent / "evil.yaml"), "--as-of", AS_OF]
    result = _invoke("rollup", *args, "-o", str(page), "--sites", str(sites))
    assert result.exit_code == 0, result.output
    html = page.read_text("utf-8")
    assert "<b>&</b>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html
    parsed = _Cells()
    parsed.feed(html)
    assert parsed.links == [f"sites/{first.stem}/index.html"]
    issuers = {row[0] for row in parsed.rows[1:-1]}
    assert issuers == {"Cơ quan 00", "<b>&</b>"}
    md = tmp_path / "tong-hop.md"
    assert _invoke("rollup", *args, "-o", str(md)).exit_code == 0
    lines = md.read_text("utf-8").splitlines()
    assert sum(1 for line in lines if line.startswith("| ")) == 4  # header, 2 plans, total


def test_unit_equals_status_unit_and_a_plan_without_it_is_listed(agencies: Path) -> None:
    plans = sorted(agencies.glob("*.yaml"))[:4]
    minimal = DATA / "plans" / "valid" / "minimal.yaml"
    data = _rollup_json(*map(str, plans), str(minimal), "--unit", "thanh tra")
    rows = {r["file"]: r for r in data["plans"]}
    for path in plans:
        result = _invoke("status", str(path), "--as-of", AS_OF, "--unit", "thanh tra", "--json")
        status = json.loads(result.stdout)
        assert status["unit"] == rows[str(path)]["unit"] == "thanh-tra"
        expected = _expected(status)
        assert {k: rows[str(path)][k] for k in expected} == expected
    missing = rows[str(minimal)]
    assert (
        missing["tasks_due"] is None and missing["problems"] == 0 and "thanh tra" in missing["note"]
    )
    assert data["totals"]["plans"] == 4 and data["totals"]["left_out"] == 1
    whole = _rollup_json(*map(str, plans))
    assert data["totals"]["tasks_due"] < whole["totals"]["tasks_due"]


def test_without_as_of_each_plan_as_its_status_shows_it(agencies: Path) -> None:
    """Today is after 2024: status shows 31/12/2024, and so does the roll-up's row."""
    path = sorted(agencies.glob("*.yaml"))[1]
    result = _invoke("rollup", str(path), "--json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["plans"]
    status = json.loads(_invoke("status", str(path), "--json").stdout)
    assert row["as_of"] == status["as_of"]
    assert {k: row[k] for k in _expected(status)} == _expected(status)
