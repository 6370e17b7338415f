"""Feed state, fetch log, story links and the translation cache on both engines."""

from __future__ import annotations

from datetime import timedelta

from warehouse.conftest import T0

from pipeline.models import Feed, FeedState, FetchEvent, StoryLink
from pipeline.warehouse import Warehouse
from pipeline.warehouse.translation_cache import source_hash


def test_feed_states_round_trip_and_upsert(wh: Warehouse) -> None:
    wh.save_feeds([Feed(name="terkini", url="https://www.antaranews.com/rss/terkini.xml", lang="id", category="x")])
    terkini, latest = "https://www.antaranews.com/rss/terkini.xml", "https://en.antaranews.com/rss/news.xml"
    first = FeedState(feed="terkini", url=terkini, etag='W/"1"', last_status=200, last_checked_at=T0, items_seen=20)
    backoff = T0 + timedelta(hours=1)
    failing = FeedState(feed="en-latest", url=latest, last_status=503, last_error="HTTP 503", backoff_until=backoff)
    wh.save_feed_states([first, failing])
    later = first.model_copy(update={"etag": 'W/"2"', "new_items": 4, "last_checked_at": T0 + timedelta(minutes=15)})
    wh.save_feed_states([later])

    assert wh.feed_states() == {"en-latest": failing, "terkini": later}
    assert wh.fetchall("SELECT name, lang FROM feeds ORDER BY name") == [("en-latest", None), ("terkini", "id")]


def test_fetch_log_keeps_each_event_once(wh: Warehouse) -> None:
    events = [
        FetchEvent(
            url="https://www.antaranews.com/rss/terkini.xml",
            kind="feed",
            fetched_at=T0,
            status=200,
            outcome="ok",
            bytes=5120,
            feed="terkini",
        ),
        FetchEvent(
            url="https://www.antaranews.com/berita/1/x",
            kind="page",
            fetched_at=T0,
            status=None,
            outcome="error",
            error="timeout",
        ),
    ]
    wh.log_fetches(events)
    wh.log_fetches(events)  # a replayed run

    assert wh.fetchall("SELECT kind, status, outcome, bytes, error FROM fetch_log ORDER BY kind") == [
        ("feed", 200, "ok", 5120, None),
        ("page", None, "error", 0, "timeout"),
    ]


def test_story_links_are_stored_once_per_pair(wh: Warehouse) -> None:
    link = StoryLink(a_key="www.antaranews.com/berita/9", b_key="en.antaranews.com/news/3", kind="crosslingual",
                     score=0.8, evidence={"anchors": ["2026", "Jakarta"], "cosine": 0.71})  # fmt: skip
    wh.save_story_links([link])
    wh.save_story_links([link.model_copy(update={"a_key": link.b_key, "b_key": link.a_key, "score": 0.9})])

    assert wh.fetchall("SELECT a_key, b_key, kind, score, evidence FROM story_links") == [
        ("en.antaranews.com/news/3", "www.antaranews.com/berita/9", "crosslingual", 0.9,
         '{"anchors": ["2026", "Jakarta"], "cosine": 0.71}')
    ]  # fmt: skip


def test_translation_cache_hits_on_normalised_source(wh: Warehouse) -> None:
    cache = wh.translation_cache()
    cache.put_many("opus-mt-id-en@abc", {"Harga  cabai naik.": "Chili prices rose.", "Hujan turun.": "It rained."})
    cache.put_many("opus-mt-id-en@abc", {"Hujan turun.": "Rain fell."})  # first writer wins

    assert cache.get_many("opus-mt-id-en@abc", ["Harga cabai naik.", "Hujan turun.", "Baru."]) == {
        "Harga cabai naik.": "Chili prices rose.",
        "Hujan turun.": "It rained.",
    }
    assert cache.get_many("other-model", ["Hujan turun."]) == {}
    assert wh.fetchall("SELECT source, source_sha256 FROM translation_cache ORDER BY source")[0] == (
        "Harga cabai naik.",
        source_hash("Harga cabai naik."),
    )
