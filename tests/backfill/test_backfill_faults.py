"""A backfill's failed pages go to the frontier (``source='backfill'``): a 503 waits for its retry, a 404 ends at once.

The retry comes from either side, as the frontier intends: the next backfill of that range plans the day again with
only its due retries, and the ingest run's ``collect`` takes every due row whatever its source.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from pipeline.backfill import DateRange, run_backfill
from pipeline.backfill.sitemap import SitemapBackfill
from pipeline.cli import run_pipeline
from pipeline.config import Settings
from pipeline.warehouse import Warehouse
from support.fake_site import RSS, FakeItem, FakeSite, Route, article_html, rss_feed
from support.run_settings import fast_run_settings

INDEX = "http://www.antaranews.com/sitemap.xml"
FEED = "http://www.antaranews.com/rss/terkini.xml"
GOOD = "http://www.antaranews.com/berita/6200001/berita-baik"
FLAKY = "http://www.antaranews.com/berita/6200002/halaman-sibuk"
GONE = "http://www.antaranews.com/berita/6200003/halaman-hilang"
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
RETRY_BASE_S = 900.0


def page(title: str) -> bytes:
    lines = [f"Jakarta (ANTARA) - {title} adalah berita rekaan.", "Paragraf kedua menambah rincian."]
    return article_html(title, lines)


def serve(site: FakeSite) -> None:
    """One day's sitemap: a good page, a page that is busy (503) until it is not, a page that is gone (404)."""
    entries = "".join(
        f"<url><loc>{url}</loc><news:news><news:publication_date>2026-03-07T10:00:00+07:00</news:publication_date>"
        "</news:news></url>"
        for url in (GOOD, FLAKY, GONE)
    )
    site.route(INDEX, Route(body=f"<urlset {SM}>{entries}</urlset>", content_type="application/xml"))
    site.route(GOOD, Route(body=page("Berita baik")))
    site.route(FLAKY, Route(status=503, body="sibuk"), Route(body=page("Halaman sibuk")))
    site.route(GONE, Route(status=404, body="tidak ada", content_type="text/plain"))
    site.robots("www.antaranews.com", "User-agent: *\nDisallow: /search\n")


def settings_for(tmp_path: Path, uri: str) -> Settings:
    registry = tmp_path / "feeds.yaml"
    feed = {"name": "id-terkini", "url": FEED, "lang": "id", "category": "terkini"}
    registry.write_text(yaml.safe_dump({"feeds": [feed]}), encoding="utf-8")
    # max_retries=0: one 503 is one failed attempt (the client's own retries are the fetch tests' business)
    settings = fast_run_settings(
        tmp_path / "data", registry, uri, backfill_workers=1, frontier_retry_base_s=RETRY_BASE_S
    )
    return settings.model_copy(update={"max_retries": 0})


def key(url: str) -> str:
    return url.split("://", 1)[1].rsplit("/", 1)[0]


def frontier(uri: str) -> dict[str, tuple]:
    with Warehouse.open(uri) as wh:
        rows = wh.fetchall(
            "SELECT key, source, state, attempts, last_error, last_error_at, next_attempt_at FROM frontier"
        )
    return {r[0]: r[1:] for r in rows}


def loaded(uri: str) -> set[str]:
    with Warehouse.open(uri) as wh:
        return {r[0] for r in wh.fetchall("SELECT key FROM articles")}


def time_passes(uri: str) -> None:
    """The failed page's back-off has run out (instead of waiting 15 minutes)."""
    with Warehouse.open(uri) as wh, wh.transaction():
        wh.execute("UPDATE frontier SET next_attempt_at = ? WHERE key = ?", [datetime.now(UTC) - timedelta(minutes=1),
                                                                            key(FLAKY)])  # fmt: skip


def backfill(settings: Settings):
    return run_backfill(settings, SitemapBackfill(INDEX, settings), DateRange(), progress=False)


def test_a_503_waits_in_the_frontier_and_the_next_backfill_of_the_range_loads_it(
    site: FakeSite, tmp_path: Path, warehouse_uri: str
) -> None:
    serve(site)
    settings = settings_for(tmp_path, warehouse_uri)
    first = backfill(settings)
    assert loaded(warehouse_uri) == {key(GOOD)} and first.articles == 1
    rows = frontier(warehouse_uri)
    source, state, attempts, error, failed_at, next_at = rows[key(FLAKY)]
    assert (source, state, attempts, error) == ("backfill", "failed", 1, "server_error")
    assert next_at - failed_at == timedelta(seconds=RETRY_BASE_S)  # a transient fault: a next attempt, backed off
    assert rows[key(GONE)][:4] == ("backfill", "given_up", 1, "not_found") and rows[key(GONE)][5] is None
    assert rows[key(GOOD)][:2] == ("backfill", "loaded")
    with Warehouse.open(warehouse_uri) as wh:  # every HTTP exchange of the backfill is in fetch_log, as the ingest's
        logged = set(wh.fetchall("SELECT url, kind, status FROM fetch_log"))
    assert {(GOOD, "page", 200), (FLAKY, "page", 503), (GONE, "page", 404), (INDEX, "feed", 200)} <= logged

    not_yet = backfill(settings)  # the back-off is honoured: nothing is due, nothing is fetched
    assert (not_yet.partitions_skipped, not_yet.partitions_retried, not_yet.articles) == (1, 0, 0)
    assert len(site.requests_for(FLAKY)) == 1

    time_passes(warehouse_uri)
    again = backfill(settings)
    assert (again.partitions_retried, again.articles) == (1, 1)
    assert loaded(warehouse_uri) == {key(GOOD), key(FLAKY)}
    assert frontier(warehouse_uri)[key(FLAKY)][:3] == ("backfill", "loaded", 2)
    assert [len(site.requests_for(u)) for u in (GOOD, FLAKY, GONE)] == [1, 2, 1]  # the 404 ended at once

    done = backfill(settings)
    assert (done.partitions_skipped, done.articles) == (1, 0)
    assert [len(site.requests_for(u)) for u in (GOOD, FLAKY, GONE)] == [1, 2, 1]


def test_the_ingest_runs_due_retries_load_a_backfill_page(site: FakeSite, tmp_path: Path, duckdb_uri: str) -> None:
    serve(site)
    site.route(FEED, Route(body=rss_feed([FakeItem("Berita baik", GOOD)]), content_type=RSS))
    settings = settings_for(tmp_path, duckdb_uri)
    backfill(settings)
    assert frontier(duckdb_uri)[key(FLAKY)][1] == "failed"

    time_passes(duckdb_uri)
    run_pipeline(settings, "ingest-after-backfill")
    assert loaded(duckdb_uri) == {key(GOOD), key(FLAKY)}
    assert frontier(duckdb_uri)[key(FLAKY)][1:3] == ("loaded", 2)
    assert [len(site.requests_for(u)) for u in (GOOD, FLAKY, GONE)] == [1, 2, 1]
