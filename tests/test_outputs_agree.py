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


MERGE_REL = (ROOT / "tests" / "data" / "plans" / "valid" / "merge-2025.yaml").relative_to(ROOT)


def _word_text(path: Path) -> str:
    """Every paragraph of a .docx, table cells included, one line each, spaces collapsed."""
    from docx import Document

    doc = Document(str(path))
    cells = [p for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(" ".join(p.text.split()) for p in [*doc.paragraphs, *cells])


@pytest.mark.parametrize(
    ("plan", "period", "unit", "cutoff"),
    [
        pytest.param(PROGRESS_REL, "2024-H1", None, "2024-06-14", id="the plan"),
        pytest.param(PROGRESS_REL, "2024-Q1", None, "2024-03-14", id="the plan, Q1"),
        pytest.param(PROGRESS_REL, "2024-H1", "cac-phong-don-vi", "2024-06-14", id="a group"),
        pytest.param(PROGRESS_REL, "2024-H1", "thanh-tra", "2024-06-14", id="a member"),
        pytest.param(MERGE_REL, "2025", "quan-ly-bao-chi", "2025-12-14", id="ended 30/06"),
        # (a period the unit works no day of, Q3 for quan-ly-bao-chi, has no report:
        # test_handover.py)
        pytest.param(
            MERGE_REL, "2025-Q3", "bao-chi-xuat-ban", "2025-09-14", id="its successor, Q3"
        ),
        pytest.param(MERGE_REL, "2025", "bao-chi-xuat-ban", "2025-12-14", id="its successor"),
    ],
)
def test_a_report_says_in_markdown_and_word_what_deadlines_says(
    tmp_path: Path, plan: Path, period: str, unit: str | None, cutoff: str
) -> None:
    # section I's counts and the tasks of Phụ lục I are those of `deadlines` (`--unit`) as of
    # the report's cut-off (the end of the Decree 09/2019 window); every line of sections I-II
    # of the Markdown report is a paragraph of the Word one
    from parplan.core.periods import parse_period

    when = parse_period(period)
    start, end = when.start.isoformat(), when.end.isoformat()
    whose = ["-u", unit] if unit else []
    markdown = run("report", str(plan), "-p", period, *whose, "-o", "-")
    run("report", str(plan), "-p", period, *whose, "-o", str(tmp_path / "r.docx"))
    word = _word_text(tmp_path / "r.docx").splitlines()
    body = markdown.split("### I.", 1)[1].split("### III.", 1)[0]
    lines = [re.sub(r"\\(.)", r"\1", x) for x in body.splitlines() if x.startswith("- ")]
    assert lines and [x for x in lines if " ".join(x.split()) not in word] == []
    bullets = [x[2:] for x in lines]
    rows = json.loads(run("deadlines", str(plan), *whose, "--as-of", cutoff, "--json"))
    due = [r for r in rows if r["due"] and start <= r["due"] <= end]
    tasks = [r["state"] for r in due if r["kind"] == "task"]
    owed = [r["state"] for r in due if r["kind"] == "obligation"]
    day = "/".join(reversed(cutoff.split("-")))
    assert (
        f"Nhiệm vụ đến hạn trong kỳ: {len(tasks)}; hoàn thành đúng hạn: {tasks.count('done')}; "
        f"hoàn thành muộn: {tasks.count('done_late')}; quá hạn chưa hoàn thành: "
        f"{tasks.count('overdue')}; chưa đến hạn tại ngày {day}: "
        f"{tasks.count('upcoming') + tasks.count('due_soon')}."
    ) in bullets
    # the occurrences due in the period: done (of which late), overdue, not yet due
    late, overdue, ahead = (owed.count(s) for s in ("done_late", "overdue", "upcoming"))
    ahead += owed.count("due_soon")
    assert (
        f"Nghĩa vụ định kỳ đến hạn trong kỳ: {len(owed)}; đã thực hiện: "
        f"{owed.count('done') + late} (trong đó thực hiện muộn: {late}); quá hạn chưa thực "
        f"hiện: {overdue}; chưa đến hạn tại ngày {day}: {ahead}."
    ) in bullets
    # Phụ lục I: the tasks due by the period's end, done by then, or without a date
    appendix = markdown.split("## Phụ lục I\n", 1)[1].split("## Phụ lục II", 1)[0]
    listed = sorted(int(n) for n in re.findall(r"^\| (\d+) \|", appendix, flags=re.MULTILINE))
    spoken = sorted(
        r["number"]
        for r in rows
        if r["kind"] == "task"
        and (r["due"] is None or r["due"] <= end or (r["completed"] or "9") <= end)
    )
    assert listed == spoken
