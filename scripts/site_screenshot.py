"""Screenshot of the site's front page for the README (`make site` runs it).

Opens SITE/index.html in headless Chromium offline (every request outside the folder is
refused) and saves the top of the page, at a desktop and a phone width, under docs/.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("site_screenshot: Chromium is not installed; no screenshot", file=sys.stderr)
        return 0
    root = args.site.resolve().as_uri() + "/"

    def offline(route: Route) -> None:
        if route.request.url.startswith(root):
            route.continue_()
        else:
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
        for name, (width, height) in {
            "site.png": (1280, 1100),
            "site-phone.png": (390, 844),
        }.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", offline)
            page.goto((args.site / "index.html").resolve().as_uri())
            page.screenshot(path=str(args.out / name))
            print(f"site_screenshot: wrote {args.out / name}", file=sys.stderr)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
