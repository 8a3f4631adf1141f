"""The roll-up's page (`parplan rollup -o x.html --sites DIR`) in headless Chromium, as
tests/test_site_browser.py opens the dashboard site: it loads offline without errors, its
table has a row per plan and the total row, and each plan's link opens that plan's own site.
Skipped, with the reason shown, where Chromium or Playwright is not installed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import DATA, PLAN_2024
from .test_site_browser import CHROMIUM, VIEWPORTS, WIDER_JS, Tabs, browser, tabs

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed here")
__all__ = ["browser", "tabs"]  # the fixtures, shared with the site's tests

runner = CliRunner()
AS_OF = "30/06/2024"
ISSUER = "Sở Văn hóa và Thể thao"  # in the issuer and the title of plans/2024.yaml


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Two agencies' plans, each with its own site, and a plan with problems (no site):
    the page and the roll-up's JSON."""
    work = tmp_path_factory.mktemp("rollup-page")
    plans = work / "plans"
    plans.mkdir()
    text = PLAN_2024.read_text("utf-8")
    for name, issuer in (("so-a", "Sở A"), ("so-b", "Sở B")):
        (plans / f"{name}.yaml").write_text(text.replace(ISSUER, issuer), "utf-8")
        site = work / "sites" / name
        made = runner.invoke(
            app, ["site", str(plans / f"{name}.yaml"), "--as-of", AS_OF, "-o", str(site)]
        )
        assert made.exit_code == 0, made.output
    broken = DATA / "plans" / "invalid" / "bad-deadline-form.yaml"
    (plans / "so-loi.yaml").write_bytes(broken.read_bytes())
    page = work / "out" / "tong-hop.html"
    page.parent.mkdir()
    args = [str(plans), "--as-of", AS_OF]
    result = runner.invoke(app, ["rollup", *args, "-o", str(page), "--sites", str(work / "sites")])
    assert result.exit_code == 1, result.output  # a plan with problems, listed
    data = json.loads(runner.invoke(app, ["rollup", *args, "--json"]).stdout)
    return page, data


def test_the_page_opens_with_a_row_per_plan_and_the_total_row(
    tabs: Tabs, rolled: tuple[Path, dict[str, Any]]
) -> None:
    page_file, data = rolled
    seen = tabs.open(page_file.parent.parent, page_file)
    page = seen["page"]
    assert seen["errors"] == [] and seen["blocked"] == []
    assert seen["requests"] == [page_file.resolve().as_uri()]  # nothing else asked for
    first = page.locator("main table").first
    names = first.locator("tbody tr th").all_inner_texts()
    assert names == [p["issuer"] for p in data["plans"]]
    assert first.locator("tbody tr.problem").count() == 1
    (total,) = first.locator("tfoot tr").all_inner_texts()
    assert total.startswith(f"Tổng ({data['totals']['plans']} kế hoạch)")


def test_each_link_opens_that_plans_site(tabs: Tabs, rolled: tuple[Path, dict[str, Any]]) -> None:
    page_file, _ = rolled
    seen = tabs.open(page_file.parent.parent, page_file)
    page = seen["page"]
    links = page.locator("main table").first.locator("tbody a")
    targets = {
        links.nth(i).inner_text(): links.nth(i).evaluate("a => a.href")
        for i in range(links.count())
    }
    assert sorted(targets) == ["Sở A", "Sở B"]  # the plan with problems has no site
    for issuer, url in targets.items():
        response = page.goto(url, wait_until="load")
        assert response is not None and response.ok, url
        assert issuer in page.locator("h1").first.inner_text()
    assert seen["errors"] == [] and seen["blocked"] == []


def test_the_sites_page_of_units_plans_fits_a_phone_and_a_desktop(
    tabs: Tabs, tmp_path: Path
) -> None:
    """``site --children``: the page opens offline without errors and nothing is wider than
    the screen, as every page of the site (tests/test_site_browser.py)."""
    parent = tmp_path / "2024.yaml"
    parent.write_bytes(PLAN_2024.read_bytes())
    units = tmp_path / "units"
    units.mkdir()
    progress = (DATA / "plans" / "valid" / "progress.yaml").read_text("utf-8")
    child = progress.replace("  year: 2024\n", '  year: 2024\n  parent: "../2024.yaml"\n', 1)
    child = child.replace("  - number: 1\n", "  - number: 1\n    implements: [5, 6]\n", 1)
    (units / "a.yaml").write_text(child, "utf-8")
    site = tmp_path / "site"
    args = ["site", str(parent), "--as-of", AS_OF, "--children", str(units), "-o", str(site)]
    made = runner.invoke(app, args)
    assert made.exit_code == 0, made.output
    page_file = site / "ke-hoach-don-vi.html"
    for viewport, size in VIEWPORTS.items():
        seen = tabs.open(site, page_file, viewport)
        page = seen["page"]
        assert seen["errors"] == [] and seen["blocked"] == []
        width = page.evaluate(WIDER_JS)
        assert width["scroll"] <= size[0] and width["wide"] == [], (size, width)
        assert page.locator('td[data-figure="plans-done"]').count() == 2  # tasks 5 and 6
