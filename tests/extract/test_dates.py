"""Page dates → aware datetimes; reconciliation of feed, meta, JSON-LD and printed dates."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.extract.dates import DateSource, feed_candidate, parse_any, reconcile

WIB, WITA, WIT = (timezone(timedelta(hours=h)) for h in (7, 8, 9))
TEXT, META, LD = DateSource.PAGE_TEXT, DateSource.META, DateSource.JSON_LD


@pytest.mark.parametrize(
    ("text", "expected", "seconds"),
    [
        ("Kamis, 5 November 2015 14:56 WIB | 1.229 Views", datetime(2015, 11, 5, 14, 56, tzinfo=WIB), False),
        ("Rabu, 25 November 2026 09:30 WITA", datetime(2026, 11, 25, 9, 30, tzinfo=WITA), False),
        ("Jum'at, 27 November 2026 08:00 WIT", datetime(2026, 11, 27, 8, 0, tzinfo=WIT), False),
        ("Senin, 15 Mei 2017 18:43 WIB", datetime(2017, 5, 15, 18, 43, tzinfo=WIB), False),
        ("November 24, 2026 16:08 GMT+700", datetime(2026, 11, 24, 16, 8, tzinfo=WIB), False),
        ("Thursday, November 26, 2026 11:10 GMT+7", datetime(2026, 11, 26, 11, 10, tzinfo=WIB), False),
        ("2017-05-15T18:43:56+07:00", datetime(2017, 5, 15, 18, 43, 56, tzinfo=WIB), True),
    ],
)
def test_page_dates_are_aware_and_exact(text: str, expected: datetime, seconds: bool) -> None:
    parsed = parse_any(text, META)
    assert parsed is not None
    assert parsed.value == expected and parsed.value.utcoffset() == expected.utcoffset() and parsed.explicit_zone
    assert parsed.has_seconds is seconds and parsed.source is (META if seconds else TEXT)


def test_unparseable_dates_give_none() -> None:
    assert parse_any("5 menit baca", TEXT) is None
    assert parse_any("31 Februari 2026 10:00 WIB", TEXT) is None


def candidates(*items: tuple[str, DateSource]) -> list:
    return [c for text, source in items if (c := parse_any(text, source))]


def test_the_feed_gives_the_seconds_the_printed_minute_confirms() -> None:
    found = candidates(("Selasa, 24 November 2026 10:15 WIB", TEXT), ("2026-11-24T10:15:00+07:00", LD))
    chosen = reconcile([*found, feed_candidate(datetime(2026, 11, 24, 10, 15, 38, tzinfo=WIB))], "u")
    assert chosen is not None
    assert (chosen.value, chosen.source, chosen.disagreement_s) == (datetime(2026, 11, 24, 10, 15, 38, tzinfo=WIB),
                                                                     "feed", None)  # fmt: skip


def test_a_source_outside_the_printed_minute_is_passed_over_and_recorded(caplog: pytest.LogCaptureFixture) -> None:
    """The feed says 10:25:13 (an update), the page prints 10:15 and its meta says 10:15:42."""
    found = candidates(("Selasa, 24 November 2026 10:15 WIB", TEXT), ("2026-11-24T10:15:42+07:00", META))
    with caplog.at_level(logging.WARNING):
        chosen = reconcile([*found, feed_candidate(datetime(2026, 11, 24, 10, 25, 13, tzinfo=WIB))], "u")
    assert chosen is not None and chosen.source == "meta" and chosen.value.second == 42
    assert chosen.disagreement_s == 571 and "disagree by up to 571s" in caplog.text


def test_printed_zone_corrects_a_feed_that_stamped_jakarta_time() -> None:
    found = candidates(("Kamis, 26 November 2026 13:45 WITA", TEXT))
    chosen = reconcile([*found, feed_candidate(datetime(2026, 11, 26, 13, 45, 27, tzinfo=WIB))], "u")
    assert chosen is not None and chosen.value == datetime(2026, 11, 26, 13, 45, 27, tzinfo=WITA)
    assert chosen.value.utcoffset() == timedelta(hours=8)
    assert (chosen.source, chosen.disagreement_s) == ("feed+page-zone", 3600)


def test_a_feed_in_another_zone_that_agrees_is_the_same_instant() -> None:
    found = candidates(("Jumat, 27 November 2026 09:00 WIT", TEXT), ("2026-11-27T09:00:33+09:00", META))
    chosen = reconcile([*found, feed_candidate(datetime(2026, 11, 27, 7, 0, 33, tzinfo=WIB))], "u")
    assert chosen is not None and chosen.value == datetime(2026, 11, 27, 9, 0, 33, tzinfo=WIT)
    assert chosen.disagreement_s is None


def test_zone_less_page_date_defers_to_the_feed(caplog: pytest.LogCaptureFixture) -> None:
    feed = datetime(2026, 11, 23, 9, 0, 5, tzinfo=WIB)
    with caplog.at_level(logging.WARNING):
        chosen = reconcile([*candidates(("Senin, 23 November 2026 10:00", TEXT)), feed_candidate(feed)], "u")
    assert chosen is not None and chosen.value == feed and chosen.source == "feed"
    assert "disagree" in caplog.text


def test_only_a_printed_date_or_only_the_feed() -> None:
    printed = reconcile(candidates(("Rabu, 25 November 2026 09:30 WITA", TEXT)), "u")
    assert printed is not None and printed.source == "page-text" and printed.value.utcoffset() == timedelta(hours=8)
    fed = reconcile([feed_candidate(datetime(2026, 11, 23, 9, 0))], "u")  # naive: read as WIB
    assert fed is not None and fed.value.utcoffset() == timedelta(hours=7) and fed.source == "feed"
    assert reconcile([], "u") is None
