"""Page dates → aware datetimes; page vs feed reconciliation."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.extract.dates import parse_any, reconcile

WIB, WITA, WIT = (timezone(timedelta(hours=h)) for h in (7, 8, 9))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamis, 5 November 2015 14:56 WIB | 1.229 Views", datetime(2015, 11, 5, 14, 56, tzinfo=WIB)),
        ("Rabu, 25 November 2026 09:30 WITA", datetime(2026, 11, 25, 9, 30, tzinfo=WITA)),
        ("Jum'at, 27 November 2026 08:00 WIT", datetime(2026, 11, 27, 8, 0, tzinfo=WIT)),
        ("Senin, 15 Mei 2017 18:43 WIB", datetime(2017, 5, 15, 18, 43, tzinfo=WIB)),
        ("November 24, 2026 16:08 GMT+700", datetime(2026, 11, 24, 16, 8, tzinfo=WIB)),
        ("Thursday, November 26, 2026 11:10 GMT+7", datetime(2026, 11, 26, 11, 10, tzinfo=WIB)),
        ("2017-05-15T18:43:56+07:00", datetime(2017, 5, 15, 18, 43, 56, tzinfo=WIB)),
    ],
)
def test_page_dates_are_aware_and_exact(text: str, expected: datetime) -> None:
    parsed = parse_any(text)
    assert parsed is not None
    value, explicit = parsed
    assert value == expected and value.utcoffset() == expected.utcoffset() and explicit


def test_unparseable_dates_give_none() -> None:
    assert parse_any("5 menit baca") is None
    assert parse_any("31 Februari 2026 10:00 WIB") is None


def test_zone_less_page_date_defers_to_the_feed(caplog: pytest.LogCaptureFixture) -> None:
    page = parse_any("Senin, 23 November 2026 10:00")
    feed = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    with caplog.at_level(logging.WARNING):
        assert reconcile(page, feed, "u") == feed
    assert "disagree" in caplog.text


def test_explicit_page_zone_wins_over_a_mislabelled_feed() -> None:
    page = parse_any("Kamis, 26 November 2026 13:45 WITA")
    feed = datetime(2026, 11, 26, 13, 45, tzinfo=WIB)
    assert reconcile(page, feed, "u") == datetime(2026, 11, 26, 13, 45, tzinfo=WITA)


def test_feed_date_fills_in_and_naive_feed_dates_become_aware() -> None:
    value = reconcile(None, datetime(2026, 11, 23, 9, 0), "u")
    assert value is not None and value.utcoffset() == timedelta(hours=7)
