"""Deadline resolution and periods, as tables (see docs/plan-format.md)."""

from __future__ import annotations

from datetime import date

import pytest

from parplan.core.periods import (
    Period,
    decree30_date,
    format_date,
    parse_deadline,
    parse_period,
    parse_user_date,
    year_named,
)


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("2024-02-21", date(2024, 2, 21)),  # a date
        ("before 2024-02-22", date(2024, 2, 21)),  # "Trước ngày 22/02/2024"
        ("before 2024-03-01", date(2024, 2, 29)),  # leap year
        ("before 2023-03-01", date(2023, 2, 28)),  # not a leap year
        ("before 2024-01-01", date(2023, 12, 31)),  # across the year end
        ("2024-02", date(2024, 2, 29)),  # "Tháng 02/2024"
        ("2023-02", date(2023, 2, 28)),
        ("2100-02", date(2100, 2, 28)),  # century, not a leap year
        ("2000-02", date(2000, 2, 29)),  # 400-year rule
        ("2024-04", date(2024, 4, 30)),
        ("2024-12", date(2024, 12, 31)),
        ("2024-Q1", date(2024, 3, 31)),  # "Quý I/2024"
        ("2024-Q2", date(2024, 6, 30)),
        ("2024-Q3", date(2024, 9, 30)),
        ("2024-Q4", date(2024, 12, 31)),
        ("2024-H1", date(2024, 6, 30)),  # "6 tháng đầu năm 2024"
        ("2024-H2", date(2024, 12, 31)),
        ("2024-9M", date(2024, 9, 30)),
        ("2024", date(2024, 12, 31)),  # "Năm 2024", "Trong năm 2024"
        (2024, date(2024, 12, 31)),  # unquoted YAML integer
        (date(2024, 5, 6), date(2024, 5, 6)),
        ("none", None),  # "Theo yêu cầu"
    ],
)
def test_deadline_resolves_to_last_day_on_time(written: object, due: date | None) -> None:
    assert parse_deadline(written).due == due


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", "tháng 02/2024 chỉ có 29 ngày"),
        ("2023-02-29", "tháng 02/2023 chỉ có 28 ngày"),
        ("2024-13", "tháng phải từ 01 đến 12"),
        ("2024-00-10", "tháng phải từ 01 đến 12"),
        ("before 2024-04-31", "chỉ có 30 ngày"),
        ("Q2 2024", "thời hạn không hợp lệ"),
        ("2024-Q5", "thời hạn không hợp lệ"),
        ("soon", "thời hạn không hợp lệ"),
        ("", "thời hạn không hợp lệ"),
    ],
)
def test_bad_deadlines_are_explained(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_deadline(written)


@pytest.mark.parametrize(
    "code", ["2024", "2024-01", "2024-12", "2024-Q1", "2024-Q4", "2024-H1", "2024-H2", "2024-9M"]
)
def test_period_code_round_trips(code: str) -> None:
    assert parse_period(code).code == code


@pytest.mark.parametrize(
    ("code", "label", "start", "end"),
    [
        ("2024-Q1", "Quý I/2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-Q4", "Quý IV/2024", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-H1", "6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024-H2", "6 tháng cuối năm 2024", date(2024, 7, 1), date(2024, 12, 31)),
        ("2024-9M", "9 tháng năm 2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("2024", "Năm 2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-02", "Tháng 02/2024", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_period_labels_and_bounds(code: str, label: str, start: date, end: date) -> None:
    period = parse_period(code)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    ("code", "window"),
    [
        # Decree 09/2019/NĐ-CP data cut-off windows
        ("2024-Q1", (date(2023, 12, 15), date(2024, 3, 14))),
        ("2024-Q2", (date(2024, 3, 15), date(2024, 6, 14))),
        ("2024-Q4", (date(2024, 9, 15), date(2024, 12, 14))),
        ("2024-H1", (date(2023, 12, 15), date(2024, 6, 14))),
        ("2024-9M", (date(2023, 12, 15), date(2024, 9, 14))),
        ("2024", (date(2023, 12, 15), date(2024, 12, 14))),
    ],
)
def test_decree_09_data_windows(code: str, window: tuple[date, date]) -> None:
    assert parse_period(code).data_window() == window


def test_data_window_days_are_configurable() -> None:
    assert Period(2024, "quarter", 1).data_window(start_day=1, end_day=31) == (
        date(2023, 12, 1),
        date(2024, 3, 31),
    )


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (date(2024, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2024"),
        (date(2024, 1, 15), "Hà Nội, ngày 15 tháng 01 năm 2024"),
        (date(2024, 2, 9), "Hà Nội, ngày 09 tháng 02 năm 2024"),
        (date(2024, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2024"),
        (date(2024, 10, 10), "Hà Nội, ngày 10 tháng 10 năm 2024"),
    ],
)
def test_decree_30_date_line(day: date, line: str) -> None:
    assert decree30_date(day, "Hà Nội") == line


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2024-04-15", date(2024, 4, 15)),
        ("15/04/2024", date(2024, 4, 15)),
        ("5/4/2024", date(2024, 4, 5)),
        (" 2024-12-31 ", date(2024, 12, 31)),
    ],
)
def test_user_dates(typed: str, day: date) -> None:
    assert parse_user_date(typed) == day


@pytest.mark.parametrize("typed", ["2024/04/15", "tomorrow", "15-04-2024", "0/0/0"])
def test_bad_user_dates(typed: str) -> None:
    with pytest.raises(ValueError, match="cần dạng 2024-04-15 hoặc 15/04/2024"):
        parse_user_date(typed)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2024", "'31/02/2024': tháng 02/2024 chỉ có 29 ngày"),
        ("29/02/2023", "'29/02/2023': tháng 02/2023 chỉ có 28 ngày"),
        ("2023-02-29", "'2023-02-29': tháng 02/2023 chỉ có 28 ngày"),
        ("15/13/2024", "'15/13/2024': tháng phải từ 01 đến 12"),
        ("01/01/0000", "'01/01/0000': năm phải từ 0001 trở đi"),
    ],
)
def test_a_typed_day_that_does_not_exist_says_why_as_typed(typed: str, said: str) -> None:
    """`--as-of 31/02/2024` said "ngày không hợp lệ '2024-02-31': cần dạng 2024-04-15 hoặc
    15/04/2024": another spelling than the one typed, and a form it already had."""
    with pytest.raises(ValueError) as caught:
        parse_user_date(typed)
    assert str(caught.value) == f"ngày không hợp lệ {said}"


def test_a_year_before_1000_keeps_four_digits() -> None:
    """`status --as-of 01/01/0001` printed 'Ngày xét: 01/01/1' (strftime's %Y)."""
    assert format_date(date(1, 1, 1)) == "01/01/0001"


def test_format_date() -> None:
    assert format_date(date(2024, 2, 5)) == "05/02/2024"
    assert format_date(None) == "—"


# --- the grammar is defined once: patterns, hints and the README derive from it ------------


def test_every_example_of_the_grammar_parses_and_matches_its_patterns() -> None:
    import re

    from parplan.core import periods

    for example in periods.DEADLINE_EXAMPLES:
        periods.parse_deadline(example)
        assert re.match(periods.DEADLINE_PATTERN, example)
        assert re.match(periods.SCHEMA_DEADLINE_PATTERN, example)
        assert example in periods.DEADLINE_HINT
    for example in periods.PERIOD_EXAMPLES:
        periods.parse_period(example)
        assert re.match(periods.PERIOD_PATTERN, example) and example in periods.PERIOD_HINT
    assert not re.match(periods.SCHEMA_DEADLINE_PATTERN, "2024-13")  # the schema is stricter
    assert re.match(periods.DEADLINE_PATTERN, "2024-13")  # the parser words the problem
    with pytest.raises(periods.BadMonth):
        periods.parse_deadline("2024-13")


def test_the_readme_deadline_table_agrees_with_the_grammar() -> None:
    """Every form of the grammar has a row in the README's deadline table, and each row's due
    date is the one the parser computes."""
    from pathlib import Path

    from parplan.core import periods

    readme = (Path(__file__).parent.parent / "docs" / "writing-a-plan.md").read_text(
        encoding="utf-8"
    )
    rows = [
        line.split("|")[1:4]
        for line in readme.split("| `by:` | written as | due |")[1].split("\n\n")[0].splitlines()
        if line.startswith("| `")
    ]
    kinds = set()
    for code, _, due in rows:
        deadline = periods.parse_deadline(code.strip().strip("`").strip('"'))
        expected = periods.format_date(deadline.due) if deadline.due else "no fixed date"
        assert due.strip() == expected, code
        kinds.add(deadline.kind if deadline.kind != "period" else deadline.period.kind)  # type: ignore[union-attr]
    assert kinds == {"date", "before", "none", "month", "quarter", "half", "9m", "year"}


@pytest.mark.parametrize(
    ("code", "phrase", "ahead"),
    [
        ("2024-Q1", "quý I năm 2024", "2024-Q2"),
        ("2024-Q4", "quý IV năm 2024", None),
        ("2024-H1", "6 tháng đầu năm 2024", "2024-H2"),
        ("2024-H2", "6 tháng cuối năm 2024", None),
        ("2024-9M", "9 tháng năm 2024", "2024-Q4"),
        ("2024", "năm 2024", None),
        ("2024-02", "tháng 02 năm 2024", "2024-03"),
        ("2024-12", "tháng 12 năm 2024", None),
    ],
)
def test_period_phrases(code: str, phrase: str, ahead: str | None) -> None:
    period = parse_period(code)
    assert period.phrase == phrase
    following = period.following
    assert (following.code if following else None) == ahead


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2024-Q1", 2024),
        (" 2025", 2025),
        ("2024-03-20", 2024),
        ("20/03/2026", 2026),
        ("Q1", None),
        ("", None),
        (None, None),
    ],
)
def test_the_year_a_typed_period_or_date_names(text: str | None, year: int | None) -> None:
    assert year_named(text) == year


def test_a_plan_without_a_data_window_keeps_decree_09s_days() -> None:
    from parplan.core.sections import DataWindow

    window = DataWindow()
    quarter = Period(2024, "quarter", 1)
    assert quarter.data_window(window.start_day, window.end_day) == quarter.data_window()


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("2024-06-30", "30/06/2024"),
        ("before 2024-02-22", "trước ngày 22/02/2024"),
        ("2024-Q2", "Quý II/2024"),
        ("2024-H1", "6 tháng đầu năm 2024"),
        ("none", "không có hạn"),
    ],
)
def test_a_deadline_as_a_reader_writes_it(code: str, label: str) -> None:
    assert parse_deadline(code).label == label
