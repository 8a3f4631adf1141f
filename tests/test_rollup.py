"""`parplan rollup`: 12 agencies' plans in four states of progress, each row equal to that
plan's own `status --json`; a broken plan listed, not counted; the files it writes open."""

from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan.cli import app
from parplan.document.change import Change, edit_plan
from parplan.document.loader import load_plan
from parplan.editing.record import record_task

from .conftest import DATA, PLAN_2024
from .sitecheck import read_page

runner = CliRunner()
AS_OF = "30/06/2024"
ISSUER = 'issuer: "Sở Văn hóa và Thể thao"'
TODAY = date(2025, 1, 10)
AGENCIES = 12


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
    """12 agencies' plans (3 of each state, 12 being past rollup's PARALLEL_FROM: they are
    read on worker processes), each with its own issuer."""
    work = tmp_path_factory.mktemp("states")
    folder = tmp_path_factory.mktemp("agencies")
    states = _states(work)
    for i in range(AGENCIES):
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
    assert len(rows) == AGENCIES
    kinds = set()
    statuses: dict[str, dict[str, Any]] = {}  # plans alike but for their issuer: status once
    for path in sorted(agencies.glob("*.yaml")):
        body = re.sub(r'issuer: "Cơ quan \d+"', "", path.read_text("utf-8"))
        if body not in statuses:
            statuses[body] = _expected(_status(path))
        expected = statuses[body]
        got = {k: v for k, v in rows[path.name].items() if k in expected}
        assert got == expected, path.name
        kinds.add(json.dumps(expected, sort_keys=True))
    assert len(kinds) == len(statuses) == 4  # four states of progress, four different rows
    totals = data["totals"]
    for key in ("tasks_due", "tasks_overdue", "obligations_due", "indicators_no_data"):
        assert totals[key] == sum(r[key] for r in rows.values())
    assert totals["plans"] == AGENCIES and totals["left_out"] == 0


def test_sorted_most_overdue_first_then_by_column(agencies: Path) -> None:
    overdue = [r["tasks_overdue"] for r in _rollup_json(str(agencies))["plans"]]
    assert overdue == sorted(overdue, reverse=True) and overdue[0] > overdue[-1]
    by_issuer = _rollup_json(str(agencies), "--sort", "issuer")["plans"]
    assert [r["issuer"] for r in by_issuer] == [f"Cơ quan {i:02d}" for i in range(AGENCIES)]
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
    assert ws.freeze_panes == "C3" and ws.auto_filter.ref == f"A2:O{AGENCIES + 2}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert [ws.cell(3 + i, 1).value for i in range(AGENCIES)] == [
        r["issuer"] for r in data["plans"]
    ]
    assert ws.cell(AGENCIES + 3, 3).value == data["totals"]["tasks_due"]
    share = 3 + list(data["totals"]).index("percent_on_time") - 2
    assert ws.cell(2, share).value == "Tỷ lệ đúng hạn" and ws.cell(3, share).number_format == "0.0%"
    assert ws.cell(3, share).value == data["plans"][0]["percent_on_time"] / 100
    assert load_workbook(out).sheetnames == ["Tổng hợp"]  # no parent plan among them


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


# --- units' plans under their department's ----------------------------------------------------

PROGRESS = DATA / "plans" / "valid" / "progress.yaml"


def _child(path: Path, issuer: str, parent: str, implements: dict[int, str]) -> Path:
    """The progress fixture as a unit's plan: ``parent`` named, ``implements`` on tasks."""
    text = PROGRESS.read_text("utf-8")
    text = text.replace("  year: 2024\n", f'  year: 2024\n  parent: "{parent}"\n', 1)
    text = text.replace('issuer: "Sở Thử nghiệm"', f'issuer: "{issuer}"', 1)
    for number, numbers in implements.items():
        line = f"  - number: {number}\n"
        assert line in text
        text = text.replace(line, f"{line}    implements: {numbers}\n", 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _check(path: Path) -> list[dict[str, Any]]:
    """check's errors (the fixture's records written before per-unit occurrences add a
    warning, PP129, which leaves the plan valid)."""
    result = _invoke("check", str(path), "--format", "json")
    found: list[dict[str, Any]] = json.loads(result.stdout)
    problems = [p for p in found if p["severity"] == "error"]
    assert result.exit_code == (1 if problems else 0), result.output
    return problems


def test_check_locates_implements_and_a_parent_of_another_year(tmp_path: Path) -> None:
    (tmp_path / "2024.yaml").write_bytes(PLAN_2024.read_bytes())
    good = _child(tmp_path / "units" / "a.yaml", "Phòng A", "../2024.yaml", {1: "[1, 2]"})
    assert _check(good) == []
    unknown = _child(tmp_path / "units" / "b.yaml", "Phòng B", "../2024.yaml", {2: "[3, 99]"})
    (problem,) = _check(unknown)
    lines = unknown.read_text("utf-8").splitlines()
    assert problem["code"] == "PP123" and problem["path"] == "tasks[1].implements[1]"
    assert lines[problem["line"] - 1] == "    implements: [3, 99]"
    assert lines[problem["line"] - 1][problem["column"] - 1 :].startswith("99")
    (tmp_path / "2025.yaml").write_bytes(
        (DATA / "plans" / "valid" / "calendar-2025.yaml").read_bytes()
    )
    other = _child(tmp_path / "units" / "c.yaml", "Phòng C", "../2025.yaml", {})
    (problem,) = _check(other)
    assert problem["code"] == "PP122" and problem["path"] == "plan.parent"
    assert "2025" in problem["message"] and "2024" in problem["message"]
    orphan = tmp_path / "d.yaml"
    orphan.write_text(
        PROGRESS.read_text("utf-8").replace(
            "  - number: 1\n", "  - number: 1\n    implements: [1]\n", 1
        ),
        "utf-8",
    )
    (problem,) = _check(orphan)
    assert problem["code"] == "PP123" and problem["path"] == "tasks[0].implements"
    missing = _child(tmp_path / "units" / "e.yaml", "Phòng E", "../khong-co.yaml", {})
    (problem,) = _check(missing)
    assert problem["code"] == "PP122"


def test_rollup_shows_each_parent_task_with_its_units_tasks(tmp_path: Path) -> None:
    parent = tmp_path / "2024.yaml"
    parent.write_bytes(PLAN_2024.read_bytes())
    a = _child(tmp_path / "units" / "a.yaml", "Phòng A", "../2024.yaml", {1: "[1, 2]", 3: "[2]"})
    b = _child(tmp_path / "units" / "b.yaml", "Phòng B", "../2024.yaml", {2: "[2]"})
    bad = _child(tmp_path / "units" / "c.yaml", "Phòng C", "../2024.yaml", {2: "[99]"})
    data = _rollup_json(str(parent), str(tmp_path / "units"), code=1)
    assert [r["problems"] > 0 for r in data["plans"] if r["file"] == str(bad)] == [True]
    (family,) = data["families"]
    assert family["file"] == str(parent)

    def states(path: Path) -> dict[int, str]:
        rows = json.loads(_invoke("deadlines", str(path), "--as-of", AS_OF, "--json").stdout)
        return {r["number"]: r["state"] for r in rows if r["kind"] == "task"}

    own, of_a, of_b = states(parent), states(a), states(b)
    tasks = {t["number"]: t for t in family["tasks"]}
    assert sorted(tasks) == sorted(own) and all(tasks[n]["state"] == own[n] for n in own)
    assert tasks[1]["children"] == [
        {"file": str(a), "issuer": "Phòng A", "number": 1, "state": of_a[1]}
    ]
    children = sorted(tasks[2]["children"], key=lambda c: (c["file"], c["number"]))
    assert children == [
        {"file": str(a), "issuer": "Phòng A", "number": 1, "state": of_a[1]},
        {"file": str(a), "issuer": "Phòng A", "number": 3, "state": of_a[3]},
        {"file": str(b), "issuer": "Phòng B", "number": 2, "state": of_b[2]},
    ]
    assert tasks[3]["children"] == []
    table = runner.invoke(
        app, ["rollup", str(parent), str(a), "--as-of", AS_OF], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0 and "Phòng A: NV 3" in table.stdout
    page, md = tmp_path / "r.html", tmp_path / "r.md"
    for out in (page, md):
        result = _invoke("rollup", str(parent), str(a), str(b), "--as-of", AS_OF, "-o", str(out))
        assert result.exit_code == 0, result.output
    parsed = _Cells()
    parsed.feed(page.read_text("utf-8"))
    by_number = {row[0]: [c.strip() for c in row] for row in parsed.rows if len(row) == 5}
    assert by_number["3"][3:] == ["—", "—"] and "Phòng B: NV 2" in by_number["2"][4]
    lines = md.read_text("utf-8").splitlines()
    (row_2,) = [line for line in lines if line.startswith("| 2 | ")]
    assert "Phòng A: NV 3" in row_2 and "Phòng B: NV 2" in row_2
    xlsx = tmp_path / "r.xlsx"
    result = _invoke("rollup", str(parent), str(a), str(b), "--as-of", AS_OF, "-o", str(xlsx))
    assert result.exit_code == 0, result.output
    ws = load_workbook(xlsx)["Nhiệm vụ cấp trên"]
    assert ws.freeze_panes == "D3" and ws.auto_filter.ref == f"A2:G{2 + len(tasks)}"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$2:$2"
    rows = {r[2]: r for r in ws.iter_rows(min_row=3, max_row=2 + len(tasks), values_only=True)}
    assert sorted(rows) == sorted(tasks) and rows[2][:2] == ("Sở Văn hóa và Thể thao", str(parent))
    assert rows[2][5] == "1/2 kế hoạch đơn vị đã hoàn thành" == by_number["2"][3]
    assert len(str(rows[2][6]).split("\n")) == 3  # a unit's task a line, as on the page
    assert [str(rows[2][6]).count(u) for u in ("Phòng A: NV 3", "Phòng B: NV 2")] == [1, 1]
    assert rows[3][5:] == ("—", "—") and rows[3][4] == tasks[3]["title"]


def test_a_parent_named_by_many_plans_is_read_once_until_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan.document import loader

    parent = tmp_path / "2024.yaml"
    parent.write_bytes(PLAN_2024.read_bytes())
    kids = [_child(tmp_path / "u" / f"{i}.yaml", f"P{i}", "../2024.yaml", {}) for i in range(3)]
    read: list[Path] = []
    real = loader.load_plan

    def counting(path: Path, **kwargs: Any) -> Any:
        read.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(loader, "load_plan", counting)
    assert all(loader.check_file(k).ok for k in kids)
    assert read == [parent.resolve()]
    parent.write_text(PLAN_2024.read_text("utf-8").replace("year: 2024", "year: 2024 ", 1), "utf-8")
    assert loader.check_file(kids[0]).ok and len(read) == 2


def test_an_empty_folder_is_refused_saying_what_was_looked_for(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("không phải kế hoạch", encoding="utf-8")
    result = runner.invoke(app, ["rollup", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path}: thư mục không có tệp kế hoạch *.yaml nào" in result.stderr


def test_status_children_says_how_many_units_plans_finished_each_task(tmp_path: Path) -> None:
    """Of the plans given, those naming the plan as their parent count; a unit's plan has
    finished a task when each of its tasks for it (cancelled ones aside) is done."""
    parent = tmp_path / "2024.yaml"
    parent.write_bytes(PLAN_2024.read_bytes())
    (tmp_path / "khac.yaml").write_bytes(PLAN_2024.read_bytes())
    units = tmp_path / "units"
    a = _child(units / "a.yaml", "Phòng A", "../2024.yaml", {1: "[5]", 2: "[5]", 7: "[6]"})
    b = _child(units / "b.yaml", "Phòng B", "../2024.yaml", {1: "[5]", 3: "[5, 6]"})
    bad = _child(units / "c.yaml", "Phòng C", "../2024.yaml", {2: "[99]"})
    _child(units / "d.yaml", "Phòng D", "../khac.yaml", {1: "[5]", 2: "[6]"})

    def run(*extra: str) -> Any:
        return runner.invoke(
            app,
            ["status", str(parent), "--as-of", AS_OF, "--children", str(units), *extra],
            env={"COLUMNS": "200"},
        )

    result = run("--json")
    assert result.exit_code == 1 and "1 kế hoạch đơn vị có lỗi" in result.stderr
    data = json.loads(result.stdout)["children"]
    assert data["plans"] == [str(a), str(b)]
    assert data["left_out"] == [{"file": str(bad), "problems": 1}]
    figures = {t["number"]: (t["plans_done"], t["plans"]) for t in data["tasks"]}
    assert figures == {5: (1, 2), 6: (0, 1)}
    table = run()
    (row_5,) = [line for line in table.stdout.splitlines() if line.lstrip().startswith("5 ")]
    assert "1/2 kế hoạch đơn vị đã hoàn thành" in row_5
    site = tmp_path / "site"
    args = ["site", str(parent), "--as-of", AS_OF, "--children", str(units), "-o", str(site)]
    made = runner.invoke(app, args)
    assert made.exit_code == 1 and "1 kế hoạch đơn vị có lỗi" in made.stderr
    html = (site / "ke-hoach-don-vi.html").read_text("utf-8")
    page = read_page(html)
    assert page.problems == [] and "Phòng B: NV 3" in page.all_text
    (row_5,) = [r for r in html.split("<tr>") if r.startswith('<th scope="row">5</th>')]
    assert '<td data-figure="plans-done">1/2 kế hoạch đơn vị đã hoàn thành</td>' in row_5
    assert f"{bad}: 1 lỗi, không tính" in page.all_text
    front = read_page((site / "index.html").read_text("utf-8"))
    assert {"href": "ke-hoach-don-vi.html"} in front.attrs
    _record(b, {3: "20/06/2024"})
    data = json.loads(run("--json").stdout)["children"]
    assert {t["number"]: (t["plans_done"], t["plans"]) for t in data["tasks"]} == {
        5: (2, 2),
        6: (1, 1),
    }
    rolled = _rollup_json(str(parent), str(a), str(b), code=0)
    (family,) = rolled["families"]
    assert {t["number"]: (t["plans_done"], t["plans"]) for t in family["tasks"]}[5] == (2, 2)
    plain = _invoke("status", str(parent), "--as-of", AS_OF, "--json")
    assert plain.exit_code == 0 and "children" not in json.loads(plain.stdout)


def test_plans_read_in_parallel_roll_up_as_plans_read_in_turn(agencies: Path) -> None:
    from parplan.rollup.output import rollup_json
    from parplan.rollup.table import PARALLEL_FROM, plan_paths, rollup

    paths = plan_paths([agencies])
    assert len(paths) >= PARALLEL_FROM  # enough plans to be read on workers
    in_turn = rollup(paths, date(2024, 6, 30), TODAY, jobs=1)
    in_parallel = rollup(paths, date(2024, 6, 30), TODAY, jobs=2)
    assert rollup_json(in_parallel) == rollup_json(in_turn)
    assert len(in_turn.rows) == AGENCIES


def test_an_error_in_a_worker_reaches_the_user_as_its_message_and_code(
    agencies: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forked workers run the patched ``plan_row``: the error they raise has a constructor of
    its own, and still comes back as a message and an exit code, not a hang or a traceback."""
    from parplan.core.errors import ExitCode, NotAPlan
    from parplan.rollup import table as module

    real = module.plan_row

    def failing(path: Path, *args: Any) -> Any:
        if path.name == "co-quan-07.yaml":
            raise NotAPlan(path, "thử")
        return real(path, *args)

    monkeypatch.setattr(module, "plan_row", failing)
    result = runner.invoke(app, ["rollup", str(agencies), "--jobs", "2", "--as-of", AS_OF])
    assert result.exit_code == int(ExitCode.PLAN_INVALID)
    assert "co-quan-07.yaml: không phải kế hoạch CCHC (thử)" in result.stderr
    assert "Traceback" not in result.output


def _joined(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The rows of separate roll-ups joined as docs/ci.md says a city's CI job joins them."""
    rows = [row for part in parts for row in part["plans"]]
    counted = [r for r in rows if r["problems"] == 0 and r["note"] is None]
    counts = [k for k in parts[0]["totals"] if k not in ("plans", "left_out", "percent_on_time")]
    totals: dict[str, Any] = {k: sum(r[k] for r in counted) for k in counts}
    due = totals["tasks_due"]
    totals["percent_on_time"] = round(100 * totals["tasks_done"] / due, 1) if due else None
    totals |= {"plans": len(counted), "left_out": len(rows) - len(counted)}
    return {"plans": rows, "totals": totals}


def test_rows_joined_give_the_totals_of_one_rollup(agencies: Path, tmp_path: Path) -> None:
    files = sorted(agencies.glob("*.yaml"))
    broken = tmp_path / "co-quan-loi.yaml"
    broken.write_bytes((DATA / "plans" / "invalid" / "bad-deadline-form.yaml").read_bytes())
    groups = [files[i : i + 3] for i in range(0, AGENCIES, 3)]
    parts = [_rollup_json(*map(str, group)) for group in groups[:3]]
    parts.append(_rollup_json(*map(str, groups[3]), str(broken), code=1))
    whole = _rollup_json(*map(str, files), str(broken), code=1)
    joined = _joined(parts)
    assert joined["totals"] == whole["totals"]
    assert joined["totals"]["left_out"] == 1 and joined["totals"]["plans"] == AGENCIES
    key = lambda r: (r["problems"] > 0, -(r["tasks_overdue"] or 0), r["file"])  # noqa: E731
    assert sorted(joined["plans"], key=key) == whole["plans"]


def test_a_plan_named_twice_is_counted_once(agencies: Path) -> None:
    """`rollup a.yaml ./a.yaml` (or a folder and a file in it, or a link and its target)
    added that agency's figures to the total twice ('Tổng (2 kế hoạch)')."""
    one = sorted(agencies.glob("*.yaml"))[0]
    link = agencies.parent / f"{agencies.name}-link.yaml"
    link.unlink(missing_ok=True)
    link.symlink_to(one)
    alone = _rollup_json(str(one))
    data = _rollup_json(str(one), str(agencies / ".." / agencies.name / one.name), str(link))
    assert [r["file"] for r in data["plans"]] == [str(one)]
    assert data["totals"] == alone["totals"]
    both = _rollup_json(str(agencies), str(one))
    assert both["totals"]["plans"] == AGENCIES
