"""The working calendar: days off, the next working day (BLDS 2015 Điều 148), working days
between dates, and deadlines judged by it through the plan and the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan.cli import app
from parplan.core.workdays import (
    SATURDAY,
    Within,
    WorkingCalendar,
    announced,
    parse_within,
    year_days,
)
from parplan.document.loader import load_plan
from parplan.tracking.items import days_text, plan_items, snapshot

from .conftest import DATA

D = date
runner = CliRunner()
CALENDAR_2025 = DATA / "plans" / "valid" / "calendar-2025.yaml"
NATIONAL = WorkingCalendar()


@pytest.mark.parametrize(
    ("due", "effective"),
    [
        (D(2025, 1, 31), D(2025, 2, 3)),  # Fri in Tết 2025 (25/01–02/02)
        (D(2025, 1, 25), D(2025, 2, 3)),  # the Saturday Tết starts
        (D(2025, 5, 31), D(2025, 6, 2)),  # a Saturday
        (D(2025, 6, 1), D(2025, 6, 2)),  # a Sunday
        (D(2025, 8, 31), D(2025, 9, 3)),  # Sunday before Quốc khánh 01–02/09
        (D(2025, 4, 26), D(2025, 4, 26)),  # the Saturday worked for Fri 02/05
        (D(2025, 5, 2), D(2025, 5, 5)),  # that Friday, off
        (D(2024, 4, 29), D(2024, 5, 2)),  # 2024: Mon 29/4 off, swapped to Sat 4/5
        (D(2024, 5, 4), D(2024, 5, 4)),
        (D(2026, 1, 2), D(2026, 1, 5)),  # 2026 New Year: Fri 2/1 off ...
        (D(2026, 1, 10), D(2026, 1, 10)),  # ... made up on Sat 10/1
        (D(2026, 2, 14), D(2026, 2, 23)),  # Tết 2026: Sat 14/2 to Sun 22/2
        (D(2025, 3, 14), D(2025, 3, 14)),  # an ordinary Friday
    ],
)
def test_a_deadline_on_a_day_off_is_due_the_next_working_day(due: date, effective: date) -> None:
    assert NATIONAL.effective_due(due) == effective


def test_a_plans_own_days_roll_and_work() -> None:
    own = WorkingCalendar(own_days_off=frozenset({D(2025, 6, 2)}))
    assert own.effective_due(D(2025, 5, 31)) == D(2025, 6, 3)
    worked = WorkingCalendar(own_working_days=frozenset({D(2025, 6, 7)}))
    assert worked.effective_due(D(2025, 6, 7)) == D(2025, 6, 7)
    assert not WorkingCalendar(roll_forward=False).effective_due(D(2025, 5, 31)).weekday() < 5


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2025, 1, 24), D(2025, 2, 3), 1),  # over Tết: only Mon 03/02
        (D(2025, 9, 3), D(2025, 8, 29), -1),  # Fri 29/08 back to Wed 03/09
        (D(2026, 1, 9), D(2026, 1, 12), 2),  # Sat 10/01 worked, Mon 12/01
        (D(2025, 3, 10), D(2025, 3, 10), 0),
    ],
)
def test_working_days_between(start: date, end: date, count: int) -> None:
    assert NATIONAL.working_days_between(start, end) == count


def test_the_shipped_schedule_misses_no_day_the_package_knows() -> None:
    """Every weekday the `holidays` package gives off in 2024–2026 is in the shipped schedule
    (which adds what the package misses: Fri 02/01/2026 off, Sat 10/01/2026 worked)."""
    import holidays

    years, notices = announced()
    assert years == {2024, 2025, 2026}
    assert all(n.source for n in notices)
    package = holidays.country_holidays("VN", years=sorted(years))
    weekdays = {d for d in package if d.weekday() < SATURDAY}
    assert weekdays <= set().union(*(year_days(y).off for y in years))
    assert D(2026, 1, 2) in year_days(2026).off and D(2026, 1, 10) in year_days(2026).worked


def test_a_year_outside_the_schedule_comes_from_the_package() -> None:
    assert D(2027, 9, 2) in year_days(2027).off
    assert NATIONAL.effective_due(D(2027, 9, 2)) == D(2027, 9, 6)  # Thu, Fri off, weekend


def test_the_plan_judges_deadlines_by_its_calendar() -> None:
    plan = load_plan(CALENDAR_2025)
    rows = {r.item.number: r for r in snapshot(plan_items(plan), D(2025, 9, 3)).rows}
    assert rows[1].state == "done" and rows[1].item.effective_due == D(2025, 2, 3)
    assert rows[2].state == "done"  # due Sat 31/05, done Mon 02/06
    assert rows[6].state == "done"  # due on the plan's own day off Fri 13/06, done Mon 16/06
    assert rows[4].state == "done_late"  # due on a Saturday the plan works
    assert rows[3].state == "due_soon" and rows[3].days == 0
    later = {r.item.number: r for r in snapshot(plan_items(plan), D(2025, 9, 4)).rows}
    assert later[3].state == "overdue" and later[3].days == -1
    assert rows[1].item.due == D(2025, 1, 31)  # the written deadline stays


def test_without_the_key_deadlines_count_calendar_days() -> None:
    plan = load_plan(CALENDAR_2025)
    plan.working_calendar = None
    rows = {r.item.number: r for r in snapshot(plan_items(plan), D(2025, 9, 3)).rows}
    assert rows[1].state == "done_late" and rows[1].days == -3
    assert rows[3].state == "overdue"
    assert all(r.item.rolled_due is None for r in rows.values())


def test_cli_deadlines_show_both_dates() -> None:
    runner = CliRunner()
    args = ["deadlines", str(CALENDAR_2025), "--as-of", "2025-09-04"]
    out = runner.invoke(app, [*args, "--json"])
    assert out.exit_code == 0, out.output
    rows = {r["number"]: r for r in json.loads(out.stdout)}
    assert rows[1]["due"] == "2025-01-31" and rows[1]["effective_due"] == "2025-02-03"
    assert rows[1]["state"] == "done" and rows[2]["state"] == "done"
    assert rows[3]["effective_due"] == "2025-09-03" and rows[3]["state"] == "overdue"
    assert rows[5]["effective_due"] == rows[5]["due"] == "2025-10-15"
    text = runner.invoke(app, args)
    assert text.exit_code == 0
    assert "→ 03/02/2025" in text.stdout
    assert "→ 03/09/2025" in text.stdout and "→ 15/10/2025" not in text.stdout


def test_cli_json_without_the_key_has_no_effective_due() -> None:
    out = CliRunner().invoke(
        app, ["deadlines", str(DATA / "plans" / "valid" / "minimal.yaml"), "--json"]
    )
    assert "effective_due" not in out.stdout


@pytest.mark.parametrize(
    ("days", "state", "workdays", "text"),
    [
        (-2, "overdue", None, "trễ 2 ngày"),  # a plan without the calendar: as before
        (-2, "overdue", -2, "trễ 2 ngày làm việc"),
        (7, "due_soon", 3, "còn 3 ngày làm việc"),
        (0, "due_soon", 0, "hôm nay"),
        (-1, "done_late", 0, "trễ 1 ngày"),  # done Saturday for Friday: no working day late
        (0, "done", 0, "đúng hạn"),
    ],
)
def test_days_in_working_days(days: int, state: str, workdays: int | None, text: str) -> None:
    assert days_text(days, state, workdays) == text


@pytest.mark.parametrize(
    ("typed", "within"),
    [
        ("14", Within(14)),
        ("5nlv", Within(5, True)),
        ("5 NLV", Within(5, True)),
        ("3 ngày làm việc", Within(3, True)),
    ],
)
def test_within_reads_working_days(typed: str, within: Within) -> None:
    assert parse_within(typed) == within


def test_within_refuses_other_words() -> None:
    with pytest.raises(ValueError, match="5nlv"):
        parse_within("5 tuần")


def test_cli_counts_working_days_when_the_plan_opts_in() -> None:
    runner = CliRunner()
    base = ["status", str(CALENDAR_2025), "--as-of", "2025-08-27"]
    # due Sun 31/08 -> Wed 03/09: 7 calendar days, 3 working days (28, 29/08, 03/09)
    soon = runner.invoke(app, [*base, "--within", "3nlv"])
    assert soon.exit_code == 0, soon.output
    assert "Sắp đến hạn trong 3 ngày làm việc (1)" in soon.stdout
    assert "còn 3 ngày làm việc" in soon.stdout
    assert (
        "Sắp đến hạn trong 2 ngày làm việc (0)"
        in runner.invoke(app, [*base, "--within", "2nlv"]).stdout
    )
    data = json.loads(runner.invoke(app, [*base, "--within", "3nlv", "--json"]).stdout)
    assert data["within"] == 3 and data["within_working_days"] is True


def test_cli_calendar_writes_the_days_off() -> None:
    out = CliRunner().invoke(app, ["calendar", str(CALENDAR_2025), "--days-off", "-o", "-"])
    assert out.exit_code == 0, out.output
    text = out.stdout.replace("\r\n ", "")
    assert "UID:2025-kh-stn-ngay-2025-01-31@parplan" in text  # Tết
    assert "UID:2025-kh-stn-ngay-2025-04-26@parplan" in text  # the Saturday worked
    assert "UID:2025-kh-stn-ngay-2025-06-13@parplan" in text  # the plan's own day off
    assert "UID:2025-kh-stn-ngay-2025-05-31" not in text  # an ordinary Saturday
    assert "DTSTART;VALUE=DATE:20250903" in text  # task 3 on its effective date
    plain = CliRunner().invoke(app, ["calendar", str(CALENDAR_2025), "-o", "-"]).stdout
    assert "-ngay-" not in plain


@given(st.dates(date(2023, 12, 1), date(2027, 2, 1)), st.dates(date(2023, 12, 1), date(2027, 2, 1)))
def test_working_days_between_counts_each_working_day(start: date, end: date) -> None:
    """The look-up count equals walking the days one by one, across years, either way."""
    own = WorkingCalendar(
        own_days_off=frozenset({D(2025, 6, 2)}), own_working_days=frozenset({D(2025, 6, 7)})
    )
    low, high = min(start, end), max(start, end)
    walk = sum(own.is_working_day(low + timedelta(days=i)) for i in range(1, (high - low).days + 1))
    assert own.working_days_between(start, end) == (walk if start <= end else -walk)


def test_report_counts_by_the_working_calendar() -> None:
    args = ["report", str(CALENDAR_2025), "--period", "2025-9M", "--as-of", "2025-09-04"]
    out = CliRunner().invoke(app, [*args, "-o", "-"])
    assert out.exit_code == 0, out.output
    assert "hoàn thành đúng hạn: 3; hoàn thành muộn: 1; quá hạn chưa hoàn thành: 1" in out.stdout
    assert (
        "thời hạn: 31/01/2025 → 03/02/2025): đã hoàn thành ngày 03/02/2025, đúng thời hạn"
        in out.stdout
    )


def test_site_shows_the_effective_date() -> None:
    from parplan.documents.site import draft_site

    plan = load_plan(CALENDAR_2025)
    pages = draft_site(plan, CALENDAR_2025, D(2025, 8, 27), within=Within(3, working=True))
    html = pages["index.html"].decode()
    assert "31/08/2025 → 03/09/2025" in html and "còn 3 ngày làm việc" in html
    assert "trong 3 ngày làm việc tới" in html


def test_a_form_asks_for_the_effective_date_and_collects_unchanged(tmp_path: Path) -> None:
    """The unit's form gives the day the work is due (Tết 2025: Mon 03/02, not Fri 31/01) in
    its "Hạn" column; the deadline as written stays in "Thời hạn (như kế hoạch)"; the form,
    unchanged, collects without a problem."""
    from datetime import datetime

    from openpyxl import load_workbook

    plan = tmp_path / "calendar-2025.yaml"
    plan.write_bytes(CALENDAR_2025.read_bytes())
    out = tmp_path / "forms"
    made = runner.invoke(app, ["form", str(plan), "-p", "2025-Q1", "-o", str(out)])
    assert made.exit_code == 0, made.output
    tasks = load_workbook(out / "van-phong.xlsx")["Nhiệm vụ"]
    header = [c.value for c in tasks[3]]
    row = next(r for r in tasks.iter_rows(min_row=4, values_only=True) if r[0] == 1)
    assert row[header.index("Thời hạn (như kế hoạch)")] == "Ngày 31/01/2025"
    assert row[header.index("Hạn")] == datetime(2025, 2, 3)
    collected = runner.invoke(app, ["collect", str(out / "van-phong.xlsx"), "--plan", str(plan)])
    assert collected.exit_code == 0, collected.output
