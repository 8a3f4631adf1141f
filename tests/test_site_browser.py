"""The dashboard site in a real browser (Debian's Chromium, headless, driven by Playwright).

Each page is loaded from disk at a desktop and a phone size with every request outside the
site's folder blocked; the tests read what a person would see. Screenshots are saved under
build/test-output/site/ (make test-deep). The roll-up's page, which links the plans' sites, is
opened in the same browser. Skipped, with the reason shown, where Chromium is not installed
(`.ci/run` installs it).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from parplan.cli import app

from .conftest import DATA, PLAN_2024, ROOT
from .depth import DEEP, deep

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed here")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

SHOTS = ROOT / "build" / "test-output" / "site"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# every element with text of its own: its colour against the first opaque background behind it
CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const bad = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(background(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) bad.push(`${el.tagName} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}"""

WIDER_JS = """() => {
  const limit = document.documentElement.clientWidth + 0.5;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit) wide.push(`${el.tagName}.${el.className.baseVal ?? el.className} ${Math.round(r.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(
        app, ["site", str(PLAN_2024), "--as-of", "20/06/2024", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Tabs:
    """One browser page per viewport, loading one file after another: each load is a new
    document, seen from its first request (a route sees every request: routing turns the
    HTTP cache off). A new page per load would start a renderer process each time, about a
    CPU-second, the most of what these tests cost."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.contexts: list[Any] = []
        self.pages: dict[str, Any] = {}
        self.root = ""
        self.seen: dict[str, Any] = {}

    def _route(self, r: Any) -> None:
        self.seen["requests"].append(r.request.url)
        if r.request.url.startswith(self.root + "/"):
            r.continue_()
        else:
            self.seen["blocked"].append(r.request.url)
            r.abort()

    def _errors(self, text: str) -> None:
        self.seen["errors"].append(text)

    def _page(self, viewport: str) -> Any:
        if viewport not in self.pages:
            width, height = VIEWPORTS[viewport]
            context = self.browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.on("console", lambda m: self._errors(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: self._errors(str(e)))
            page.route("**/*", self._route)
            self.contexts.append(context)
            self.pages[viewport] = page
        return self.pages[viewport]

    def open(self, site: Path, page_file: Path, viewport: str = "desktop") -> dict[str, Any]:
        """Load one page offline (nothing outside ``site`` is let through): what it logged,
        what it asked for, what was blocked, and the page itself."""
        page = self._page(viewport)
        self.root = site.resolve().as_uri()
        self.seen = {"errors": [], "requests": [], "blocked": [], "page": page}
        page.goto(page_file.resolve().as_uri(), wait_until="load")
        return self.seen

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture(scope="module")
def tabs(browser: Any) -> Iterator[Tabs]:
    opened = Tabs(browser)
    yield opened
    opened.close()


@deep  # the screenshots are taken in make test-deep
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_loads_offline_without_errors_or_overflow_and_its_text_contrast_is_aa(
    tabs: Tabs, site: Path, viewport: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for page_file in pages_of(site):
        seen = tabs.open(site, page_file, viewport)
        page = seen["page"]
        name = page_file.relative_to(site).as_posix()
        assert seen["errors"] == [], name
        assert seen["blocked"] == [], name
        assert seen["requests"] == [page_file.resolve().as_uri()], name  # nothing else asked
        width = page.evaluate(WIDER_JS)
        assert width["scroll"] <= VIEWPORTS[viewport][0] and width["wide"] == [], (name, width)
        assert page.evaluate("document.documentElement.lang") == "vi"
        if viewport == "desktop":  # text contrast AA, on the load above (a load ~0.2 CPU-s)
            assert page.evaluate(CONTRAST_JS) == [], name
        if DEEP:  # for a person to look at; ~2.5 CPU-s for the 24: make test-deep (CI) takes them
            shot = SHOTS / f"{name.replace('/', '-').removesuffix('.html')}-{viewport}.png"
            page.screenshot(path=str(shot), full_page=name == "index.html")


def test_totals_shown_equal_status_json(tabs: Tabs, site: Path) -> None:
    status = CliRunner().invoke(app, ["status", str(PLAN_2024), "--as-of", "2024-06-20", "--json"])
    expected = json.loads(status.stdout)
    page = tabs.open(site, site / "index.html")["page"]
    for area in expected["areas"]:
        for state, count in area["counts"].items():
            if state == "cancelled":
                continue
            cell = page.locator(f'tr[data-area="{area["id"]}"] td[data-state="{state}"]')
            assert cell.inner_text() == str(count), (area["id"], state)
    overdue = page.locator('.card [data-figure="overdue"]').inner_text()
    assert overdue == str(len(expected["overdue"]))
    assert page.locator('.card [data-figure="due_soon"]').inner_text() == str(
        len(expected["due_soon"])
    )
    counts = expected["indicators"]
    line = page.locator('[data-figure="indicators"]').inner_text()
    assert line.startswith(f"{counts['met']} đạt · {counts['not_met']} chưa đạt")


def test_prints_on_a4(tabs: Tabs, site: Path) -> None:
    pdf = tabs.open(site, site / "index.html")["page"].pdf(prefer_css_page_size=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "index.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    # A4 is 595 x 842 points: the CSS @page size reached the printer
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf
    pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page/")
    assert pages >= 2


# --- the roll-up's page (`parplan rollup -o x.html --sites DIR`), in the same browser: its table
# has a row per plan and the total row, and each plan's link opens that plan's own site (here,
# not in a file of its own: each test file that opens a browser starts its own Chromium) -------

ROLLUP_AS_OF = "30/06/2024"
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
        made = CliRunner().invoke(
            app, ["site", str(plans / f"{name}.yaml"), "--as-of", ROLLUP_AS_OF, "-o", str(site)]
        )
        assert made.exit_code == 0, made.output
    broken = DATA / "plans" / "invalid" / "bad-deadline-form.yaml"
    (plans / "so-loi.yaml").write_bytes(broken.read_bytes())
    page = work / "out" / "tong-hop.html"
    page.parent.mkdir()
    args = [str(plans), "--as-of", ROLLUP_AS_OF]
    result = CliRunner().invoke(
        app, ["rollup", *args, "-o", str(page), "--sites", str(work / "sites")]
    )
    assert result.exit_code == 1, result.output  # a plan with problems, listed
    data = json.loads(CliRunner().invoke(app, ["rollup", *args, "--json"]).stdout)
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
    args = ["site", str(parent), "--as-of", ROLLUP_AS_OF, "--children", str(units), "-o", str(site)]
    made = CliRunner().invoke(app, args)
    assert made.exit_code == 0, made.output
    page_file = site / "ke-hoach-don-vi.html"
    for viewport, size in VIEWPORTS.items():
        seen = tabs.open(site, page_file, viewport)
        page = seen["page"]
        assert seen["errors"] == [] and seen["blocked"] == []
        width = page.evaluate(WIDER_JS)
        assert width["scroll"] <= size[0] and width["wide"] == [], (size, width)
        assert page.locator('td[data-figure="plans-done"]').count() == 2  # tasks 5 and 6
