"""Numbers typed the way Vietnamese write them, and numbers printed that way."""

from __future__ import annotations

import pytest

from parplan.core.errors import UsageError
from parplan.core.numbers import format_number, parse_count, parse_value


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("1245", 1245),
        ("1.245", 1245),
        ("1 245", 1245),
        ("1\u00a0245", 1245),
        ("1.250", 1250),  # a count has no decimals: the dot can only group thousands
        ("1.245.000", 1245000),
        (" 430 ", 430),
        ("0", 0),
    ],
)
def test_counts(text: str, count: int) -> None:
    assert parse_count(text, "--numerator") == count


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2,5", "phải là số nguyên"),
        ("1,250", "không rõ nghĩa: viết 1250 hoặc 1.250"),
        ("12.45", "phải là số nguyên"),
        ("nan", "không phải là số nguyên"),
        ("inf", "không phải là số nguyên"),
        ("1e400", "không phải là số nguyên"),
        ("", "không phải là số nguyên"),
        ("1.2345", "phải là số nguyên"),
    ],
)
def test_counts_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_count(text, "--numerator")
    assert caught.value.message.startswith(f"--numerator: '{text}'")
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("86,2", 86.2),
        ("86.2", 86.2),
        ("100", 100.0),
        ("0,5", 0.5),
        ("1.245,5", 1245.5),
        ("1 245,5", 1245.5),
        ("1.245.000", 1245000.0),
        ("99,65", 99.65),
        ("1,2345", 1.2345),
    ],
)
def test_values(text: str, value: float) -> None:
    assert parse_value(text, "--value") == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.250", "không rõ nghĩa: viết 1250 nếu là số nguyên, hoặc 1,25 nếu là số thập phân"),
        ("1,250", "không rõ nghĩa: viết 1250 nếu là số nguyên, hoặc 1,25 nếu là số thập phân"),
        ("99,125", "không rõ nghĩa: viết 99125 nếu là số nguyên, hoặc 99,1250 nếu là số thập phân"),
        ("2,000", "hoặc 2,0 nếu là số thập phân"),
        ("nan", "không phải là số"),
        ("NaN", "không phải là số"),
        ("inf", "không phải là số"),
        ("-inf", "không phải là số"),
        ("1e400", "không phải là số"),
        ("1e2", "không phải là số"),
        ("0x10", "không phải là số"),
        ("1,245.5", "không phải là số"),
        ("tám mươi", "không phải là số"),
        ("1" * 20, "quá lớn"),
    ],
)
def test_values_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_value(text, "--value")
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (86.2, "86,2"),
        (100.0, "100"),
        (0.125, "0,12"),
        (5, "5"),
        (1245, "1.245"),
        (1245.5, "1.245,5"),
        (1250000, "1.250.000"),
        (-3.5, "-3,5"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text
