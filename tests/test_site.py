"""`parplan site`: the pages' HTML (well-formed, escaped, every figure present) and the CLI."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.workdays import Within
from parplan.document.loader import load_plan
from parplan.documents.site import draft_site, segments
from parplan.tracking.dashboard import build
from parplan.tracking.items import STATES, State

from .conftest import DATA, PLAN_2024
from .sitecheck import read_page
from .test_hostile import HOSTILE_PIECES, hostile_plan  # noqa: F401 (a fixture)

runner = CliRunner()
AS_OF = date(2024, 6, 20)
PROGRESS = DATA / "plans" / "valid" / "progress.yaml"
TAGS = set(
    [
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "main",
        "nav",
        "section",
        "footer",
        "ul",
        "li",
        "a",
        "p",
        "span",
        "strong",
        "div",
        "h1",
        "h2",
        "h3",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "svg",
        "rect",
    ]
)


@pytest.fixture(scope="module")
def site_2024() -> dict[str, str]:
    plan = load_plan(PLAN_2024)
    pages = draft_site(plan, PLAN_2024, AS_OF, within=Within(14))
    return {name: data.decode("utf-8") for name, data in pages.items()}


def test_index_and_one_page_per_unit(site_2024: dict[str, str]) -> None:
    plan = load_plan(PLAN_2024)
    units = {n[7:-5] for n in site_2024 if n.startswith("don-vi/")}
    assert "index.html" in site_2024
    assert {"van-phong", "to-chuc-phap-che", "ke-hoach-tai-chinh", "thanh-tra"} <= units
    assert units <= {u.id for u in plan.units}


def test_pages_are_well_formed_vietnamese_and_self_contained(site_2024: dict[str, str]) -> None:
    for name, html in site_2024.items():
        page = read_page(html)
        assert page.problems == [], name
        assert html.startswith('<!DOCTYPE html>\n<html lang="vi">'), name
        assert set(page.tags) <= TAGS, (name, set(page.tags) - TAGS)  # no script, img, link
        for attrs in page.attrs:
            for key in ("href", "src"):
                target = attrs.get(key, "")
                assert "//" not in target and not target.startswith("/"), (name, target)


def test_headings_go_down_one_level_at_a_time(site_2024: dict[str, str]) -> None:
    for name, html in site_2024.items():
        levels = read_page(html).headings
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)


def test_every_figure_of_status_is_on_the_front_page(site_2024: dict[str, str]) -> None:
    board = build(load_plan(PLAN_2024), str(PLAN_2024), AS_OF)
    page = read_page(site_2024["index.html"])
    for row in [*board.areas, board.totals]:
        for state in STATES:
            assert page.cells[(row.key, state)] == str(row.counts[state]), (row.key, state)
    text = page.all_text
    for tracked in [*board.overdue, *board.due_soon]:
        assert tracked.item.title in text
    counts = board.indicator_counts
    assert f"{counts['met']} đạt · {counts['not_met']} chưa đạt" in text
    for indicator in board.plan.indicators:
        assert indicator.text in text


def test_unit_page_lists_what_the_unit_leads_and_coordinates(site_2024: dict[str, str]) -> None:
    plan = load_plan(PLAN_2024)
    text = " ".join(read_page(site_2024["don-vi/thanh-tra.html"]).all_text.split())
    leads, coordinates = text.split("Việc phối hợp (")
    assert "Việc chủ trì (" in leads
    for task in plan.tasks:
        objective = " ".join(task.objective.split())
        if "thanh-tra" in task.lead:
            assert objective in leads, task.number
        elif "thanh-tra" in task.coordinating:
            assert objective in coordinates and objective not in leads, task.number


def test_dates_and_numbers_are_written_the_vietnamese_way(tmp_path: Path) -> None:
    plan = load_plan(PROGRESS)
    html = draft_site(plan, PROGRESS, date(2024, 7, 1), within=Within(14))["index.html"].decode()
    assert "01/07/2024" in html and "2024-07-01" not in html
    assert "86,2%" in html  # SIPAS recorded for 2024-H1 in the fixture


def test_hostile_text_renders_literally(hostile_plan: Path) -> None:  # noqa: F811
    pages = draft_site(load_plan(hostile_plan), hostile_plan, date(2024, 6, 20), within=Within(14))
    for name, data in pages.items():
        page = read_page(data.decode("utf-8"))
        assert page.problems == [], name
        assert set(page.tags) <= TAGS, name
    text = " ".join(read_page(pages["index.html"].decode()).all_text.split())
    for piece in HOSTILE_PIECES:
        assert " ".join(piece.split()) in text


def test_segments_add_up_to_the_whole_bar() -> None:
    counts: dict[State, int] = dict.fromkeys(STATES, 0)
    counts.update(done=3, overdue=1, cancelled=5)
    parts = segments(counts)
    assert [(p.state, p.count) for p in parts] == [("done", 3), ("overdue", 1)]
    assert parts[0].width == 75 and parts[1].x == 75


def test_cli_writes_the_folder_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "site"
    args = ["site", str(PLAN_2024), "--as-of", "20/06/2024", "-o", str(out)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert (out / "index.html").is_file() and (out / "don-vi" / "van-phong.html").is_file()
    before = (out / "index.html").read_bytes()
    (out / "don-vi" / "van-phong.html").unlink()
    again = runner.invoke(app, args)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert not (out / "don-vi" / "van-phong.html").exists()  # a refusal writes nothing
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and (out / "index.html").read_bytes() == before


def test_cli_refuses_a_file_as_the_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(
        app, ["site", str(PLAN_2024), "-o", str(target), "--as-of", "2024-06-20"]
    )
    assert result.exit_code == 2 and "không phải thư mục" in result.stderr
    assert target.read_text(encoding="utf-8") == "x"


def test_a_user_template_overrides_one_piece(tmp_path: Path) -> None:
    own = tmp_path / "mine" / "site"
    own.mkdir(parents=True)
    (own / "style.css").write_text("body { color: #000; } /* của đơn vị */", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "site",
            str(PLAN_2024),
            "--as-of",
            "2024-06-20",
            "-o",
            str(out),
            "--templates",
            str(own.parent),
        ],
    )
    assert result.exit_code == 0, result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "/* của đơn vị */" in html and "Tổng quan" in html


def test_status_json_and_page_agree_on_totals(tmp_path: Path) -> None:
    status = runner.invoke(app, ["status", str(PLAN_2024), "--as-of", "2024-06-20", "--json"])
    data = json.loads(status.stdout)
    out = tmp_path / "s"
    runner.invoke(app, ["site", str(PLAN_2024), "--as-of", "2024-06-20", "-o", str(out)])
    page = read_page((out / "index.html").read_text(encoding="utf-8"))
    for area in data["areas"]:
        for state, n in area["counts"].items():
            assert page.cells[(area["id"], state)] == str(n)


def test_the_plan_items_are_computed_once_for_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each unit page is a view of the same items: computing them per page made the site of a
    10,000-task plan (187 unit pages) take 75 s instead of 7 s."""
    from parplan.documents import site

    calls = []
    real = site.plan_items
    monkeypatch.setattr(site, "plan_items", lambda plan, day: calls.append(1) or real(plan, day))
    pages = site.site_pages(load_plan(PLAN_2024), str(PLAN_2024), date(2024, 6, 20), Within(14))
    assert len(pages) > 10 and len(calls) == 1
