"""Outputs held to each other: a figure shown by several commands (terminal, report, site) is
the same text in each, as "one answer, one home" asks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import PROGRESS_REL
from .golden import run_ok as run

pytestmark = pytest.mark.usefixtures("in_repo")


class _IndicatorShares(HTMLParser):
    """The site's "So với kế hoạch" cell of each indicator row (``data-indicator``)."""

    def __init__(self) -> None:
        super().__init__()
        self.shares: dict[str, str] = {}
        self._row: str | None = None
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr":
            self._row = a.get("data-indicator")
        elif tag == "td":
            self._label = a.get("data-label")

    def handle_data(self, data: str) -> None:
        if self._row and self._label == "So với kế hoạch" and data.strip():
            self.shares[self._row] = self.shares.get(self._row, "") + data.strip()


def _report_shares(report: str) -> dict[str, str]:
    """Appendix II of a Markdown report: indicator text -> its "Tỷ lệ" cell."""
    appendix = report.split("## Phụ lục II", 1)[1]
    rows = [
        line.strip("|").split("|") for line in appendix.splitlines() if re.match(r"\| \d", line)
    ]
    return {cells[1].strip(): cells[4].strip() for cells in rows}


def test_percent_of_target_is_the_same_text_in_terminal_report_and_site(tmp_path: Path) -> None:
    # as of 01/07/2024 the indicators view takes the values of 2024-H1 and earlier, as the
    # H1 report does: 86,2 of >= 85 (101,41%), 412/430 of 100% (95,81%), a 6% cut of 5%
    plan, as_of = str(PROGRESS_REL), "2024-07-01"
    rows = json.loads(run("indicators", plan, "--as-of", as_of, "--json"))
    measured = [r for r in rows if r["percent_of_target"] is not None]
    assert len(measured) >= 3
    report = _report_shares(run("report", plan, "--period", "2024-H1", "-o", "-"))
    terminal = run("indicators", plan, "--as-of", as_of)
    run("site", plan, "--as-of", as_of, "-o", str(tmp_path / "site"))
    site = _IndicatorShares()
    site.feed((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    for r in measured:
        shown = report[r["text"]]
        assert site.shares[r["id"]] == shown, r["id"]
        row = next(line for line in terminal.splitlines() if line.startswith(f"[{r['id']}]"))
        assert f" {shown} " in f"{row} ", (r["id"], shown, row)
