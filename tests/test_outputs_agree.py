"""Outputs held to each other: a figure shown by several commands (terminal, report, site) is
the same text in each, as "one answer, one home" asks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import PROGRESS_REL, ROOT
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


@pytest.mark.parametrize("calendar", [False, True])
def test_days_late_are_counted_alike_in_deadlines_and_report(
    tmp_path: Path, calendar: bool
) -> None:
    # NV 2 due 29/02/2024 (Thursday) done 05/03 (Tuesday): 5 days, 3 working days; NV 3 due
    # 31/03 (a Sunday, so 01/04 with the working calendar) still open on 20/06
    plan = tmp_path / "progress.yaml"
    text = (ROOT / PROGRESS_REL).read_text(encoding="utf-8")
    plan.write_text(text + ("working_calendar:\n  roll_forward: true\n" if calendar else ""))
    as_of = "2024-06-20"
    view = run("deadlines", str(plan), "--as-of", as_of, "--state", "done_late", "-s", "overdue")
    report = run("report", str(plan), "--period", "2024-H1", "-o", "-", "--as-of", as_of)
    late = {}
    for number in (2, 3):
        line = next(x for x in view.splitlines() if re.search(rf"\bNV {number}\b", x))
        found = re.search(r"trễ (\d+ ngày(?: làm việc)?)", line)
        assert found, line
        late[number] = found[1]
    assert late[2] == ("3 ngày làm việc" if calendar else "5 ngày")
    assert f"chậm {late[2]} so với thời hạn" in report
    assert f"chưa hoàn thành, quá hạn {late[3]}." in report


def test_export_gives_each_task_the_due_date_deadlines_gives(tmp_path: Path) -> None:
    # with a working calendar NV 3, due Sunday 31/03/2024, is due Monday 01/04 in deadlines,
    # status, the site and the calendar: the export says so too, beside the written date
    plan = tmp_path / "progress.yaml"
    text = (ROOT / PROGRESS_REL).read_text(encoding="utf-8")
    plan.write_text(text + "working_calendar:\n  roll_forward: true\n", encoding="utf-8")
    rows = json.loads(run("deadlines", str(plan), "--as-of", "2024-06-20", "--json"))
    listed = {r["number"]: r["effective_due"] for r in rows if r["kind"] == "task"}
    exported = json.loads(run("export", str(plan), "-o", "-", "--format", "json"))
    assert {t["number"]: t["effective_due"] for t in exported["tasks"]} == listed
    assert listed[3] == "2024-04-01"
    plain = json.loads(run("export", str(ROOT / PROGRESS_REL), "-o", "-", "--format", "json"))
    assert all("effective_due" not in t for t in plain["tasks"])  # no calendar: as before


def test_a_units_site_page_gives_each_item_the_role_deadlines_gives(tmp_path: Path) -> None:
    # a second group whose one member, Thanh tra, owes the first group's monthly occurrences:
    # `deadlines --unit nhom-2` has them as Chủ trì (its member owes them), as the site must
    plan = tmp_path / "progress.yaml"
    text = (
        (ROOT / PROGRESS_REL)
        .read_text(encoding="utf-8")
        .replace(
            "  - id: so-noi-vu\n",
            '  - id: nhom-2\n    name: "Nhóm 2"\n    kind: group\n    members: [thanh-tra]\n'
            "  - id: so-noi-vu\n",
        )
    )
    plan.write_text(text, encoding="utf-8")
    as_of = "2024-07-01"
    run("site", str(plan), "--as-of", as_of, "-o", str(tmp_path / "site"))
    for page in sorted((tmp_path / "site" / "don-vi").glob("*.html")):
        shown = dict(re.findall(r"Việc (chủ trì|phối hợp) \((\d+)\)", page.read_text("utf-8")))
        rows = json.loads(
            run("deadlines", str(plan), "--as-of", as_of, "--unit", page.stem, "--json")
        )
        roles = [r["role"] for r in rows]
        assert shown == {
            "chủ trì": str(roles.count("lead")),
            "phối hợp": str(roles.count("coordinate")),
        }, page.stem
