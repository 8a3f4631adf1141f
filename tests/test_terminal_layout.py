"""The terminal views at any width: nothing cut, headers readable at 80 columns, ids whole,
COLUMNS that is not a number, hints that repeat the user's filters, a unit's role."""

from __future__ import annotations

import json
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.cli.board import AREA_COUNTS, SHARE_HEADER
from parplan.cli.screen import columns
from parplan.core.numbers import format_percent
from parplan.document.loader import load_plan
from parplan.tracking.progress import (
    STATUS_LABELS,
    actual_text,
    evaluate,
    percent_of_target_text,
    target_text,
)

from .conftest import DATA, PLAN_2024, PROGRESS_REL

runner = CliRunner()
PLAN = str(PLAN_2024.relative_to(PLAN_2024.parent.parent))
WIDTHS = [80, 100, 200]


def run(args: list[str], width: int = 100) -> str:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("value", ["abc", "", "0", "-5", "1e3", "٣٠"])
def test_columns_that_is_not_a_width(value: str) -> None:
    assert columns(value) in (100, 40)


def test_columns_abc_does_not_crash(in_repo: None) -> None:
    result = runner.invoke(app, ["status", PLAN, "--as-of", "2024-06-20"], env={"COLUMNS": "abc"})
    assert result.exit_code == 0 and result.exception is None, result.output


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "args",
    [
        ["status", PLAN, "--as-of", "2024-06-20"],
        ["status", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"],
        ["deadlines", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"],
        ["indicators", PLAN, "--as-of", "2024-06-20"],
    ],
    ids=["status", "status-unit", "deadlines-unit", "indicators"],
)
def test_nothing_is_cut_and_lines_fit(args: list[str], width: int, in_repo: None) -> None:
    out = run(args, width)
    lines = [x for x in out.splitlines() if not x.startswith("… và")]  # a hint is one line
    assert max(len(line.rstrip()) for line in lines) <= width
    plan_ellipses = PLAN_2024.read_text(encoding="utf-8").count("…")
    assert out.count("…") <= plan_ellipses + 2  # the plan's own, and the "… và N mục khác"


@pytest.mark.parametrize("width", [57, 62, 70, 74, *WIDTHS])
def test_status_headers_are_whole_words(width: int, in_repo: None) -> None:
    """Down to 57 columns: headers a word a line if need be, the share then without its bar,
    and each area's row whole (its percent on the row's line, every line within the width)."""
    out = run(["status", PLAN, "--as-of", "2024-06-20"], width)
    header = out[: out.index("1. Công")]
    for label in ("Lĩnh vực", *AREA_COUNTS, SHARE_HEADER):
        for word in label.split():
            assert re.search(rf"(^|\s){word}(\s|$)", header), (label, header)
    rows = [line for line in out.splitlines() if re.match(r"\d\. |Tổng ", line)]
    assert len(rows) == 8 and all(re.search(r" \d+(,\d)?%$", line) for line in rows), out
    lines = [line for line in out.splitlines() if not line.startswith("… và")]  # one line
    assert max(len(line.rstrip()) for line in lines) <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_indicator_ids_are_never_cut(width: int, in_repo: None) -> None:
    out = run(["indicators", PLAN, "--as-of", "2024-06-20"], width)
    lines = out.splitlines()
    for indicator in load_plan(PLAN_2024).indicators:
        assert any(line.startswith(f"[{indicator.id}]") for line in lines), indicator.id


def test_titles_wrap_rather_than_being_cut_at_200(in_repo: None) -> None:
    out = run(["deadlines", PLAN, "--as-of", "2024-06-20"], 200)
    flat = " ".join(out.split())
    rows = json.loads(run(["deadlines", PLAN, "--as-of", "2024-06-20", "--json"]))
    for row in rows:
        words = row["title"].split()
        assert " ".join(words[:12]) in flat, row["title"]


def hint(out: str, state_line: str) -> list[str]:
    line = next(x for x in out.splitlines() if x.startswith("… và") and state_line in x)
    return shlex.split(line.split(": ", 1)[1])


@pytest.mark.parametrize(
    "extra",
    [[], ["--unit", "van phong"], ["--unit", "van phong", "--role", "chủ trì"], ["--within", "30"]],
    ids=["plain", "unit", "unit-role", "within"],
)
def test_the_hint_lists_the_same_items(extra: list[str], in_repo: None) -> None:
    args = ["status", PLAN, "--as-of", "2024-06-20", *extra]
    out = run(args)
    board = json.loads(run([*args, "--json"]))
    for state, key in (("--state overdue", "overdue"), ("--state due_soon", "due_soon")):
        if len(board[key]) <= 8:
            continue
        words = hint(out, state)
        assert words[:3] == ["parplan", "deadlines", PLAN], words
        listed = json.loads(run([*words[1:], "--json"]))
        assert [r["title"] for r in listed] == [r["title"] for r in board[key]]


def test_the_hint_is_one_line_even_when_narrow(in_repo: None) -> None:
    out = run(["status", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"], 80)
    assert "--unit van-phong --state overdue" in out


def test_a_units_view_shows_its_role_and_filters_by_it(in_repo: None) -> None:
    base = ["deadlines", PLAN, "--as-of", "2024-06-20", "--unit", "van phong", "--json"]
    every = json.loads(run(base))
    lead = json.loads(run([*base, "--role", "lead"]))
    coordinate = json.loads(run([*base, "--role", "phối hợp"]))
    assert {r["role"] for r in every} == {"lead", "coordinate"}
    assert {r["role"] for r in lead} == {"lead"} and {r["role"] for r in coordinate} == {
        "coordinate"
    }
    assert len(lead) + len(coordinate) == len(every)
    table = run(base[:-1])
    assert "Vai trò" in table and "Chủ trì" in table and "Phối hợp" in table


def test_role_needs_a_unit(in_repo: None) -> None:
    result = runner.invoke(app, ["status", PLAN, "--role", "lead"])
    assert result.exit_code == 2 and "--role cần --unit" in result.stderr
    result = runner.invoke(app, ["status", PLAN, "--unit", "van phong", "--role", "x"])
    assert result.exit_code == 2 and "Chủ trì (lead)" in result.stderr


@pytest.mark.parametrize("width", [80, 90])
def test_indicator_figures_and_periods_are_never_cut(tmp_path: Path, width: int) -> None:
    # "1.245/1.250" cut as "1.245/1.25" + "0" reads as another number; "6 tháng/2024" as
    # "tháng/20" + "24" as another year: the figures' column is as wide as its longest word,
    # even when a long indicator id (on a line of its own, never cut) leaves little room
    plan = tmp_path / "plan.yaml"
    text = (DATA / "plans" / "valid" / "progress.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "numerator: 412\n        denominator: 430", "numerator: 1245\n        denominator: 1250"
    )
    # as long as the longest id of plans/2024.yaml
    plan.write_text(text.replace("id: ho-so-dung-han", "id: thanh-tra-chuyen-co-quan-dieu-tra"))
    out = run(["indicators", str(plan), "--as-of", "2024-07-01"], width)
    words = [w.strip("()") for w in out.split()]  # a block says "… (6 tháng/2024)"
    assert "1.245/1.250" in words and "tháng/2024" in words, out


NARROW = [40, 45, 50, 56]  # below 57 columns: a block of lines per area and per item


def _flat(text: str) -> str:
    """The words of ``text``, the separators " · " left out (a line may end where one was)."""
    return " ".join(w for w in text.split() if w != "·")


@pytest.mark.parametrize("width", NARROW)
@pytest.mark.parametrize("unit", [[], ["--unit", "van phong"]], ids=["plan", "unit"])
def test_status_on_a_narrow_screen_keeps_each_count_by_its_label(
    width: int, unit: list[str], in_repo: None
) -> None:
    """Each area's title whole, then its counts, each beside its label, and its share; each
    listed item's due date, days and title's words whole; no line past the width, nothing
    cut."""
    args = ["status", PLAN, "--as-of", "2024-06-20", *unit]
    out = run(args, width)
    board = json.loads(run([*args, "--json"]))
    lines = [x for x in out.splitlines() if not x.startswith("… và")]  # a hint is one line
    assert max(len(line.rstrip()) for line in lines) <= width
    assert out.count("…") <= PLAN_2024.read_text(encoding="utf-8").count("…") + 2
    flat = _flat(out)
    for area in [*board["areas"], board["totals"]]:
        c = area["counts"]
        figures = (
            f"Xong {area['done']} Quá hạn {c['overdue']} Sắp hạn {c['due_soon']} "
            f"Chưa hạn {c['upcoming']} Không hạn {c['no_deadline']} Hủy {area['cancelled']} "
            f"Tổng {area['total']} {SHARE_HEADER} "
        )
        assert f"{_flat(area['title'])} {figures}" in flat, area["title"]
    for row in board["overdue"][:8] + board["due_soon"][:8]:
        day = "/".join(reversed(row["due"].split("-")))
        when = f"trễ {-row['days']} ngày" if row["days"] < 0 else f"còn {row['days']} ngày"
        # whole, in a block or in a table (whose columns then fit: nothing cut)
        assert day in out and when in out, row["title"]
        assert set(row["title"].split()) <= set(out.split()), row["title"]


@pytest.mark.parametrize("width", NARROW)
def test_deadlines_on_a_narrow_screen_keep_each_item_whole(width: int, in_repo: None) -> None:
    args = ["deadlines", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"]
    out = run(args, width)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    assert out.count("…") <= PLAN_2024.read_text(encoding="utf-8").count("…")
    flat = _flat(out)
    for row in json.loads(run([*args, "--json"])):
        day = "/".join(reversed(row["due"].split("-"))) if row["due"] else "—"
        assert f"{day} " in flat and _flat(row["title"]) in flat, row["title"]
    assert "Chủ trì" in flat and "Phối hợp" in flat


@pytest.mark.parametrize("width", [40, 57, 73])
def test_by_unit_too_narrow_for_its_table_gives_each_unit_its_figures(
    width: int, in_repo: None
) -> None:
    """Below the table's width (74 columns for plans/2024.yaml) the last figures were cut off
    ("0%" as "0", or whole columns): each unit's name, then each figure beside its label."""
    args = ["status", PLAN, "--by-unit", "--as-of", "2024-06-20"]
    out = run(args, width)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    flat = _flat(out)
    for unit in json.loads(run([*args, "--json"]))["units"]:
        share = format_percent(unit["percent_done"])
        figures = (
            f"Đến hạn {unit['due']} Xong đúng hạn {unit['done']} Xong muộn {unit['done_late']} "
            f"Quá hạn {unit['overdue']} Sắp đến hạn {unit['due_soon']} "
            f"Đã hủy {unit['cancelled']} Tổng {unit['total']} {SHARE_HEADER} {share}"
        )
        assert f"{_flat(unit['name'])} {figures}" in flat, unit["name"]


@pytest.mark.parametrize("width", [40, 50, 57, 62, 66, 70, 74, 80])
@pytest.mark.parametrize(
    "args",
    [
        ["status", PLAN, "--as-of", "2024-06-20"],
        ["status", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"],
        ["deadlines", PLAN, "--as-of", "2024-06-20"],
        ["deadlines", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"],
    ],
    ids=["status", "status-unit", "deadlines", "deadlines-unit"],
)
def test_an_item_list_is_a_table_only_when_nothing_in_it_is_cut(
    args: list[str], width: int, in_repo: None
) -> None:
    """A table whose columns do not fit cut labels and dates ("6 tháng cu…" at 80 columns,
    "Tháng …" at 57-71, "30/06/2…" at 40): the items are then blocks, nothing cut."""
    out = run(args, width)
    lines = [x for x in out.splitlines() if not x.startswith("… và")]  # a hint is one line
    assert max(len(line.rstrip()) for line in lines) <= width
    plan = PLAN_2024.read_text(encoding="utf-8")
    cut = [w for line in lines for w in re.findall(r"\S*…", line) if w not in plan]
    assert cut == []


@pytest.mark.parametrize("width", [40, 50, 57])
def test_a_rollup_too_narrow_for_its_tables_gives_each_plan_its_figures(
    width: int, in_repo: None
) -> None:
    """Below the tables' width their figures were folded a digit a line ("1" over "1" for 11)
    and their headers a letter a line: each plan's name, then its figures beside their labels."""
    args = ["rollup", PLAN, str(PROGRESS_REL), "--as-of", "30/06/2024"]
    out = run(args, width)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    flat = _flat(out)
    for plan in json.loads(run([*args, "--json"]))["plans"]:
        tasks = (
            f"{plan['issuer']} NV đến hạn {plan['tasks_due']} Xong đúng hạn {plan['tasks_done']} "
            f"Xong muộn {plan['tasks_done_late']} Quá hạn {plan['tasks_overdue']}"
        )
        rest = (
            f"{plan['issuer']} Nghĩa vụ đến hạn {plan['obligations_due']} "
            f"Nghĩa vụ đã làm {plan['obligations_met']} Chỉ tiêu đạt {plan['indicators_met']}"
        )
        assert tasks in flat, plan["issuer"]
        assert rest in flat or width > 40, plan["issuer"]  # that table still fits at 50


@pytest.mark.parametrize("width", [40, 57, 70])
def test_status_children_too_narrow_for_its_table_gives_each_task_whole(
    width: int, tmp_path: Path
) -> None:
    """The parent's tasks with the units' plans carrying them out: a block a task (its number
    and state, its title, the units' progress and tasks) where the table would cut them."""
    parent = tmp_path / "2024.yaml"
    parent.write_bytes(PLAN_2024.read_bytes())
    text = (DATA / "plans" / "valid" / "progress.yaml").read_text("utf-8")
    text = text.replace("  year: 2024\n", '  year: 2024\n  parent: "../2024.yaml"\n', 1)
    text = text.replace("  - number: 1\n", "  - number: 1\n    implements: [5]\n", 1)
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "a.yaml").write_text(text, "utf-8")
    args = ["status", str(parent), "--as-of", "30/06/2024", "--children", str(tmp_path / "units")]
    out = run(args, width)
    lines = [x for x in out.splitlines() if not x.startswith("… và")]  # a hint is one line
    assert max(len(line.rstrip()) for line in lines) <= width
    assert [w for line in lines for w in re.findall(r"\S*…", line)] == []
    flat = _flat(out)
    for task in json.loads(run([*args, "--json"]))["children"]["tasks"]:
        assert f"NV {task['number']}" in flat and _flat(task["title"]) in flat, task["title"]
    assert "Sở Thử nghiệm: NV 1" in flat


def test_a_table_whose_titles_only_wrap_more_stays_a_table(in_repo: None) -> None:
    """At 80 columns `status --unit`'s item table has its title column narrowed a little, its
    words whole and nothing cut: a table still, not blocks."""
    out = run(["status", PLAN, "--as-of", "2024-06-20", "--unit", "van phong"], 80)
    assert "Nội dung" in out and "Chủ trì" in out


@pytest.mark.parametrize("width", [40, 45, 50, 56, 60, 64, 70, 80, 100])
@pytest.mark.parametrize(
    ("plan", "as_of"),
    [(PLAN, "2024-06-20"), (str(PROGRESS_REL), "2024-07-01")],
    ids=["plan-2024", "progress"],
)
def test_indicators_too_narrow_for_their_table_give_each_indicator_its_figures(
    plan: str, as_of: str, width: int, in_repo: None
) -> None:
    """Below the table's width ids were parted ("[thanh-tra-…-dieu-tr" over "a]"), targets
    ("≥" over "100%") and headers a letter a line: each indicator's id whole at the start of
    a line, its text, then its target, figure, period and percent each whole on one line."""
    out = run(["indicators", plan, "--as-of", as_of], width)
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert [w for line in lines for w in re.findall(r"\S*…", line)] == []
    words = set(out.split())
    for indicator in load_plan(Path(plan)).indicators:
        p = evaluate(indicator, date.fromisoformat(as_of))
        assert any(line.startswith(f"[{indicator.id}]") for line in lines), indicator.id
        assert set(indicator.text.split()) <= words, indicator.id
        assert set(STATUS_LABELS[p.status].split()) <= words, indicator.id
        period = p.measurement.parsed_period.short_label if p.measurement else ""
        # a target's baseline year ("giảm 10% so với 2021") may go below it, as at 100
        target = target_text(indicator).split(" so với ")[0]
        figures = [target, actual_text(p), period, percent_of_target_text(p)]
        for figure in filter(None, figures):
            assert any(figure in line for line in lines), (indicator.id, figure)
