"""The dashboard site in a real browser (Debian's Chromium, headless, driven by Playwright).

Each page is loaded from disk at a desktop and a phone size with every request outside the
site's folder blocked; the tests read what a person would see. Screenshots are saved under
build/test-output/site/. Skipped, with the reason shown, where Chromium is not installed
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

from .conftest import PLAN_2024, ROOT
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
def test_every_page_loads_offline_without_errors_or_overflow(
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
        if DEEP:  # for a person to look at; ~2.5 CPU-s for the 24: make test-deep (CI) takes them
            shot = SHOTS / f"{name.replace('/', '-').removesuffix('.html')}-{viewport}.png"
            page.screenshot(path=str(shot), full_page=name == "index.html")


def test_text_contrast_is_aa_on_every_page(tabs: Tabs, site: Path) -> None:
    for page_file in pages_of(site):
        seen = tabs.open(site, page_file)
        assert seen["page"].evaluate(CONTRAST_JS) == [], page_file.name


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
