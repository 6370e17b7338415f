"""Freshness: per feed and per edition, time since the last new article and the last good fetch, judged against
day/night allowances, and a notification to a local receiver when something is stale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from receivers import webhook_receiver
from seed import FEEDS, NOW, T0, arrive, mark_feeds_fetched, seed_warehouse

from pipeline.config import Settings
from pipeline.freshness import (
    ALERT_VARIABLE,
    Allowance,
    FileAlertMemory,
    FreshnessRules,
    Level,
    Rhythm,
    StaleReason,
    check_freshness,
    format_minutes,
    read_freshness,
)
from pipeline.models import Feed
from pipeline.warehouse import Warehouse

WIB_NIGHT_START = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 22:00 WIB
FEED = Allowance(day_minutes=180, night_minutes=600)


def _report(uri: str, now: datetime, **settings: object):
    with Warehouse.open(uri, auto_migrate=False) as wh:
        return read_freshness(wh, FreshnessRules.from_settings(Settings(**settings)), now)


def test_a_quiet_night_uses_less_of_the_allowance_than_the_same_gap_by_day() -> None:
    rhythm = Rhythm(night_start_hour=22, night_end_hour=6)
    night = rhythm.share_used(WIB_NIGHT_START, WIB_NIGHT_START + timedelta(hours=8), FEED)  # 22:00 → 06:00 WIB
    day = rhythm.share_used(WIB_NIGHT_START - timedelta(hours=10), WIB_NIGHT_START - timedelta(hours=2), FEED)
    assert night == pytest.approx(480 / 600)
    assert day == pytest.approx(480 / 180)
    # 21:00 → 23:00 WIB: one day hour and one night hour.
    mixed = rhythm.share_used(WIB_NIGHT_START - timedelta(hours=1), WIB_NIGHT_START + timedelta(hours=1), FEED)
    assert mixed == pytest.approx(60 / 180 + 60 / 600)
    assert rhythm.share_used(None, WIB_NIGHT_START, FEED) == float("inf")


def test_minutes_read_like_a_person_says_them() -> None:
    assert format_minutes(7) == "7 min"
    assert format_minutes(95) == "1 h 35 min"
    assert format_minutes(3 * 1440 + 75) == "3 d 1 h"


def test_three_days_after_the_last_article_every_feed_and_edition_is_stale(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    report = _report(warehouse_uri, T0 + timedelta(days=3))
    assert {f.name for f in report.feeds} == {f.name for f in FEEDS}
    assert all(f.stale for f in report.feeds), [(f.name, f.level) for f in report.feeds]
    assert [(e.name, e.stale) for e in report.editions] == [("id", True), ("en", True)]
    politik = report.feed("id-politik")
    assert politik.last_new_article_at == T0
    assert politik.minutes_since_new_article == pytest.approx(3 * 1440)
    assert StaleReason.NO_NEW_ARTICLES in politik.reasons
    assert report.feed("id-ekonomi").reasons == [StaleReason.NO_NEW_ARTICLES, StaleReason.NEVER_FETCHED]
    assert report.summary() == "2 of 2 editions and 4 of 4 feeds stale"


def test_fresh_data_reads_fresh(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    mark_feeds_fetched(warehouse_uri, NOW - timedelta(minutes=10))
    report = _report(warehouse_uri, NOW)
    assert report.ok, report.render()
    assert {f.name: f.level for f in report.feeds} == dict.fromkeys((f.name for f in FEEDS), Level.FRESH)
    assert report.edition("id").minutes_since_new_article == pytest.approx(30)
    assert report.edition("id").minutes_since_success == pytest.approx(10)


def test_a_feed_answering_304_for_days_is_stale_though_every_fetch_succeeds(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    now = T0 + timedelta(days=2)
    mark_feeds_fetched(warehouse_uri, now - timedelta(minutes=5))  # every poll: 304, nothing new
    politik = _report(warehouse_uri, now).feed("id-politik")
    assert politik.minutes_since_success == pytest.approx(5)
    assert politik.stale
    assert politik.reasons == [StaleReason.NO_NEW_ARTICLES]


def test_an_empty_feed_is_stale_and_says_it_never_had_an_article(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    empty = Feed(name="id-kosong", url="https://www.antaranews.com/rss/kosong.xml", lang="id", category="kosong")
    with Warehouse.open(warehouse_uri) as wh:
        wh.save_feeds([empty])
    mark_feeds_fetched(warehouse_uri, NOW - timedelta(minutes=5), (*FEEDS, empty))
    report = _report(warehouse_uri, NOW)
    assert report.feed("id-kosong").reasons == [StaleReason.NO_ARTICLES_YET]
    assert report.feed("id-kosong").stale
    assert not report.feed("id-politik").stale


def test_thresholds_are_configurable_per_feed(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    now = T0 + timedelta(hours=4)  # 13:15 UTC = 20:15 WIB: a day gap of 4 h
    mark_feeds_fetched(warehouse_uri, now - timedelta(minutes=5))
    assert _report(warehouse_uri, now).feed("id-politik").stale
    relaxed = _report(warehouse_uri, now, freshness_feed_factors={"id-politik": 2.0})
    assert relaxed.feed("id-politik").level is Level.FRESH
    assert relaxed.feed("id-ekonomi").stale


def test_the_check_notifies_a_local_receiver_when_stale_and_not_when_fresh(
    duckdb_uri: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_warehouse(duckdb_uri)
    settings = Settings(warehouse_uri=duckdb_uri, data_dir=tmp_path)
    with webhook_receiver() as (url, received):
        monkeypatch.setenv("ANTARA_NOTIFY_URL", url)
        report = check_freshness(settings, now=T0 + timedelta(days=3))
        assert not report.ok
        assert len(received) == 1
        body = received[0]
        assert body["title"] == "ANTARA pipeline stale: 2 of 2 editions and 4 of 4 feeds stale"
        assert "feed id-politik: last new article 3 d 0 h ago" in body["body"]
        stale = {row["name"]: row for row in body["stale"]}
        assert stale["id-politik"]["last_new_article_at"] == T0.isoformat()
        assert stale["id-politik"]["stale"] is True

        mark_feeds_fetched(duckdb_uri, NOW - timedelta(minutes=10))
        assert check_freshness(settings, now=NOW).ok
        assert len(received) == 1  # nothing sent for fresh data


def test_one_stale_episode_notifies_once_and_a_recovered_feed_going_stale_again_notifies_again(
    duckdb_uri: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_warehouse(duckdb_uri)
    settings = Settings(warehouse_uri=duckdb_uri, data_dir=tmp_path)
    politik = next(f for f in FEEDS if f.name == "id-politik")
    stalled = T0 + timedelta(days=3)
    with webhook_receiver() as (url, received):
        monkeypatch.setenv("ANTARA_NOTIFY_URL", url)
        assert not check_freshness(settings, now=stalled).ok
        assert len(received) == 1
        assert len(received[0]["newly_stale"]) == 6  # 2 editions + 4 feeds

        # The watchdog's next rounds: the same episode, nothing new to say.
        for minutes in (30, 60):
            assert not check_freshness(settings, now=stalled + timedelta(minutes=minutes)).ok
        assert len(received) == 1

        # id-politik comes back (and with it the Indonesian edition) while the rest stay silent: nothing is sent.
        back = stalled + timedelta(minutes=80)
        arrive(duckdb_uri, 50, politik, back)
        report = check_freshness(settings, now=back + timedelta(minutes=5))
        assert not report.feed("id-politik").stale and not report.edition("id").stale
        assert len(received) == 1
        assert FileAlertMemory(tmp_path / "freshness-alerted.json").recall() == {
            "edition:en",
            "feed:en-business",
            "feed:en-national",
            "feed:id-ekonomi",
        }

        # A day later id-politik is silent again: a new episode, notified, naming only what is newly stale.
        assert not check_freshness(settings, now=back + timedelta(days=1)).ok
        assert len(received) == 2
        assert received[1]["newly_stale"] == ["edition:id", "feed:id-politik"]
        assert received[1]["title"] == "ANTARA pipeline stale: 2 of 2 editions and 4 of 4 feeds stale"


def test_a_stale_alarm_no_channel_accepted_is_sent_again_next_check(
    duckdb_uri: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_warehouse(duckdb_uri)
    settings = Settings(warehouse_uri=duckdb_uri, data_dir=tmp_path)
    stalled = T0 + timedelta(days=3)
    with webhook_receiver(status=503) as (url, refused):
        monkeypatch.setenv("ANTARA_NOTIFY_URL", url)
        check_freshness(settings, now=stalled)
    assert len(refused) == 1
    with webhook_receiver() as (url, received):
        monkeypatch.setenv("ANTARA_NOTIFY_URL", url)
        check_freshness(settings, now=stalled + timedelta(minutes=30))
        check_freshness(settings, now=stalled + timedelta(minutes=60))
    assert len(received) == 1  # the refused alarm, delivered once at the next check
    assert len(received[0]["newly_stale"]) == 6


def test_an_unreadable_alert_memory_counts_every_stale_row_as_new(tmp_path) -> None:
    path = tmp_path / "freshness-alerted.json"
    path.write_text("{not json", encoding="utf-8")
    assert FileAlertMemory(path).recall() == frozenset()
    FileAlertMemory(path).remember(frozenset({"feed:b", "edition:a"}))
    assert path.read_text(encoding="utf-8") == '["edition:a", "feed:b"]'
    assert FileAlertMemory(path).recall() == {"edition:a", "feed:b"}


def test_the_watchdog_dag_fails_and_notifies_when_stale(
    airflow_db, duckdb_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real antara_freshness DAG (dag.test()), on a warehouse whose newest article is days old; its next run is
    red again but sends nothing: the alert memory (an Airflow Variable) says this episode was already notified."""
    import importlib.util
    import json

    from airflow.models import Variable

    from support.paths import REPO

    Variable.delete(ALERT_VARIABLE)  # the session's metadata database may hold an earlier test's memory

    seed_warehouse(duckdb_uri)  # T0 is in the past: with the real clock, every feed is days stale
    monkeypatch.setenv("ANTARA_WAREHOUSE_URI", duckdb_uri)
    spec = importlib.util.spec_from_file_location("antara_freshness_dag", REPO / "dags" / "antara_freshness.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with webhook_receiver() as (url, received):
        monkeypatch.setenv("ANTARA_NOTIFY_URL", url)
        dagrun = module.freshness_dag.test()
        assert str(getattr(dagrun.state, "value", dagrun.state)) == "failed"
        assert len(received) == 1, received  # the staleness alarm, and no second "task failed" message
        assert received[0]["title"].startswith("ANTARA pipeline stale: 2 of 2 editions and 4 of 4 feeds stale")
        again = module.freshness_dag.test()
    assert str(getattr(again.state, "value", again.state)) == "failed"  # still red in the UI
    assert len(received) == 1, received  # the same episode: not notified twice
    assert len(json.loads(Variable.get(ALERT_VARIABLE))) == 6
