"""EDTF dates into bounds and a precision that says what the bounds span, never more than the words allow."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline_kg.temporal import DateError, Precision, parse_partial_date, parse_timespan

D = dt.date


@pytest.mark.parametrize(
    ("text", "lower", "upper", "precision"),
    [
        ("2022-11", D(2022, 11, 1), D(2022, 11, 30), Precision.MONTH),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH),  # a leap year's February
        ("2023", D(2023, 1, 1), D(2023, 12, 31), Precision.YEAR),
        ("2024-04-04", D(2024, 4, 4), D(2024, 4, 4), Precision.DAY),
        ("../2022-11", None, D(2022, 11, 30), Precision.BEFORE),
        ("2024-04-03/..", D(2024, 4, 3), None, Precision.AFTER),
        ("2022-11/2023-12", D(2022, 11, 1), D(2023, 12, 31), Precision.INTERVAL),
        ("2022-11?", D(2022, 11, 1), D(2022, 11, 30), Precision.MONTH),  # uncertain, still a month
        ("2022-11-XX", D(2022, 11, 1), D(2022, 11, 30), Precision.MONTH),  # some day in November: not a day
        ("2022-XX-XX", D(2022, 1, 1), D(2022, 12, 31), Precision.YEAR),
        ("2023-21", D(2023, 3, 1), D(2023, 5, 31), Precision.INTERVAL),  # a season
    ],
)
def test_bounds_and_precision(text: str, lower: D | None, upper: D | None, precision: Precision) -> None:
    span = parse_timespan(text)
    assert (span.lower, span.upper, span.precision) == (lower, upper, precision)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("November 2022", "not an EDTF date"),
        ("2023-02-30", "EDTF"),
        ("2023/2022", "ends before"),
        ("../..", "open at both ends"),
        ("/2022-11", "unknown end"),  # the library would invent a start ten years earlier
        ("2022-11/", "unknown end"),
        ("[..2022-11]", "set"),
        ("2022-1X", "EDTF"),  # the library fails with an AttributeError here
    ],
)
def test_refused_dates_say_why(text: str, words: str) -> None:
    with pytest.raises(DateError, match=words):
        parse_timespan(text)


@pytest.mark.parametrize("text", ["2023", "2023-11", "2023-11-15"])
def test_partial_dates_are_years_months_or_days(text: str) -> None:
    assert parse_partial_date(text).edtf == text


@pytest.mark.parametrize("text", ["2023-21", "202X", "2023~", "2023?", "2023-11/2023-12", "../2023", "23", "2023-1"])
def test_anything_else_is_not_a_partial_date(text: str) -> None:
    with pytest.raises(DateError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        parse_partial_date(text)
