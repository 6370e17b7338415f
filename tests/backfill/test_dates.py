"""Backfill ranges are publication dates in UTC days, both ends inclusive."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from pipeline.backfill.dates import DateRange, parse_day

WIB = timezone(timedelta(hours=7))


def test_until_is_inclusive_to_the_last_second_of_its_utc_day() -> None:
    until = DateRange(until=date(2025, 1, 31))
    assert until.contains(datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC))
    assert not until.contains(datetime(2025, 2, 1, 0, 0, 0, tzinfo=UTC))
    assert until.contains(datetime(2025, 2, 1, 6, 59, tzinfo=WIB))  # 23:59 UTC on the 31st
    assert not until.contains(datetime(2025, 2, 1, 7, 0, tzinfo=WIB))


def test_since_is_inclusive_from_the_first_instant_of_its_day() -> None:
    since = DateRange(since=date(2025, 1, 1))
    assert since.contains(datetime(2025, 1, 1, tzinfo=UTC)) and since.start == datetime(2025, 1, 1, tzinfo=UTC)
    assert not since.contains(datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC))
    assert since.contains(None)  # an undated article cannot be placed outside the range


def test_one_day_ranges_and_impossible_ones() -> None:
    day = DateRange(date(2025, 1, 6), date(2025, 1, 6))
    assert day.contains_day(date(2025, 1, 6)) and not day.contains_day(date(2025, 1, 7))
    with pytest.raises(ValueError, match="--since 2025-01-07 is after --until 2025-01-06"):
        DateRange(date(2025, 1, 7), date(2025, 1, 6))


def test_parse_day_takes_dates_or_timestamps_and_names_what_it_expected() -> None:
    assert parse_day("2025-01-06") == date(2025, 1, 6)
    assert parse_day("2025-01-07T03:00:00+07:00") == date(2025, 1, 6)  # its UTC day
    with pytest.raises(ValueError, match=r"not a date \(YYYY-MM-DD\): '2025-02-30'"):
        parse_day("2025-02-30")
