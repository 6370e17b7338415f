"""Frontier leases: two runs sharing one warehouse (here with different data dirs, so no file lock keeps them apart)
never fetch the same article URL twice, on both engines. Fails on a main without leases: run B fetches A's pages.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline import stages
from pipeline.cli import process_pages, run_pipeline
from pipeline.config import Settings
from pipeline.models import ArticleRef
from pipeline.run.storage import RunPath, run_location
from pipeline.warehouse import Warehouse
from pipeline.warehouse.leases import lease, leases
from support.fake_site import RSS, FakeItem, FakeSite, Route, article_html, rss_feed
from support.run_settings import fast_run_settings

FEED_URL = "http://www.antaranews.com/rss/terkini.xml"
PAGES = {f"http://www.antaranews.com/berita/{6200000 + n}/sewa-{n}": f"Berita sewaan nomor {n}" for n in range(1, 4)}
KEYS = sorted(url.split("://", 1)[1].rsplit("/", 1)[0] for url in PAGES)


@pytest.fixture
def feed(site: FakeSite, tmp_path: Path) -> Path:
    site.route(FEED_URL, Route(body=rss_feed([FakeItem(t, u) for u, t in PAGES.items()]), content_type=RSS))
    site.robots("www.antaranews.com", "User-agent: *\nDisallow: /search\n")
    for url, title in PAGES.items():
        body = [f"Jakarta (ANTARA) - {title} menjadi kalimat pertama.", "Paragraf kedua menambah rincian berita."]
        site.route(url, Route(body=article_html(title, body)))
    registry = tmp_path / "feeds.yaml"
    entry = {"name": "id-terkini", "url": FEED_URL, "lang": "id", "category": "terkini"}
    registry.write_text(yaml.safe_dump({"feeds": [entry]}), encoding="utf-8")
    return registry


def settings_for(tmp_path: Path, name: str, feed: Path, uri: str, **overrides: Any) -> Settings:
    """One run's settings: its own data dir, the shared warehouse."""
    return fast_run_settings(tmp_path / name, feed, uri, **overrides)


def collect(settings: Settings, run_id: str) -> tuple[RunPath, dict[str, Any]]:
    directory = run_location(settings, run_id)
    for planned in stages.plan_feeds(settings, directory):
        stages.fetch_feed_stage(settings, directory, run_id, planned)
    return directory, stages.collect_stage(settings, directory, run_id)


def finish(settings: Settings, directory: RunPath, run_id: str, collected: dict[str, Any]) -> None:
    fetched = stages.fetch_pages_stage(settings, directory, run_id, collected["artifacts"])
    process_pages(settings, directory, run_id, fetched["artifacts"])


def page_fetches(site: FakeSite) -> list[str]:
    return sorted(r.url.split("://", 1)[1] for r in site.page_requests())


def table(uri: str, sql: str) -> dict[str, Any]:
    with Warehouse.open(uri) as wh:
        return {row[0]: row[1] for row in wh.fetchall(sql)}


def test_interleaved_runs_fetch_each_page_once(
    site: FakeSite, feed: Path, tmp_path: Path, warehouse_uri: str, caplog: pytest.LogCaptureFixture
) -> None:
    a = settings_for(tmp_path, "a", feed, warehouse_uri)
    b = settings_for(tmp_path, "b", feed, warehouse_uri)
    dir_a, collected_a = collect(a, "run_a")
    assert collected_a["articles"] == 3
    with Warehouse.open(warehouse_uri) as wh:
        assert leases(wh) == dict.fromkeys(KEYS, "run_a")

    with caplog.at_level(logging.WARNING, logger="pipeline.warehouse.leases"):
        dir_b, collected_b = collect(b, "run_b")  # starts while A sits between collect and load
    assert (collected_b["articles"], collected_b["leased_elsewhere"]) == (0, 3)
    assert "3 articles are being fetched by run run_a; skipped" in caplog.messages
    finish(b, dir_b, "run_b", collected_b)
    assert page_fetches(site) == []  # B fetched none of A's pages
    # B recorded the keys it saw (so nothing is lost should A die), without loading them or taking A's leases
    assert table(warehouse_uri, "SELECT key, state FROM frontier") == dict.fromkeys(KEYS, "discovered")
    with Warehouse.open(warehouse_uri) as wh:
        assert leases(wh) == dict.fromkeys(KEYS, "run_a")

    finish(a, dir_a, "run_a", collected_a)
    assert page_fetches(site) == sorted(url.split("://", 1)[1] for url in PAGES)  # each page exactly once
    assert table(warehouse_uri, "SELECT key, state FROM frontier") == dict.fromkeys(KEYS, "loaded")
    assert set(table(warehouse_uri, "SELECT key, run_id FROM articles")) == set(KEYS)
    with Warehouse.open(warehouse_uri) as wh:
        assert leases(wh) == {}  # A's load released them


def test_an_expired_lease_is_taken_over(
    site: FakeSite, feed: Path, tmp_path: Path, warehouse_uri: str, caplog: pytest.LogCaptureFixture
) -> None:
    crashed = settings_for(tmp_path, "a", feed, warehouse_uri, lease_minutes=0.0)
    collect(crashed, "run_a")  # and never gets further: its lease lapses at once
    b = settings_for(tmp_path, "b", feed, warehouse_uri)
    with caplog.at_level(logging.WARNING, logger="pipeline.warehouse.leases"):
        dir_b, collected_b = collect(b, "run_b")
    assert (collected_b["articles"], collected_b["leased_elsewhere"]) == (3, 0)
    assert "run run_a's lease on 3 articles lapsed (crashed or killed); taking them over" in caplog.messages
    with Warehouse.open(warehouse_uri) as wh:
        assert leases(wh) == dict.fromkeys(KEYS, "run_b")
    finish(b, dir_b, "run_b", collected_b)
    assert set(table(warehouse_uri, "SELECT key, run_id FROM articles")) == set(KEYS)
    assert table(warehouse_uri, "SELECT key, run_id FROM frontier_leases") == {}


def test_a_failed_cli_run_releases_its_leases(
    site: FakeSite, feed: Path, tmp_path: Path, warehouse_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fetch_then_die(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ConnectionResetError("worker lost")

    monkeypatch.setattr(stages, "fetch_pages_stage", fetch_then_die)
    with pytest.raises(ConnectionResetError):
        run_pipeline(settings_for(tmp_path, "a", feed, warehouse_uri), run_id="cli_dies")
    assert table(warehouse_uri, "SELECT key, run_id FROM frontier_leases") == {}  # the next run need not wait


def ref(n: int) -> ArticleRef:
    return ArticleRef(key=f"www.antaranews.com/berita/{n}", url=f"http://www.antaranews.com/berita/{n}/x", lang="id")


def test_lease_respects_the_cap_and_a_run_keeps_its_own(warehouse_uri: str) -> None:
    now, ttl = datetime(2026, 3, 1, tzinfo=UTC), timedelta(hours=1)
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        first = lease(wh, [ref(1), ref(2), ref(3)], "r1", now, ttl, limit=2)
        assert [r.key for r in first.mine] == [ref(1).key, ref(2).key]  # the third waits (the per-run cap)
        again = lease(wh, [ref(1), ref(2)], "r1", now + timedelta(minutes=5), ttl, limit=2)  # a retried collect
        assert [r.key for r in again.mine] == [ref(1).key, ref(2).key]
        other = lease(wh, [ref(1), ref(2), ref(3)], "r2", now + timedelta(minutes=10), ttl, limit=5)
        assert [r.key for r in other.mine] == [ref(3).key]
        assert {run: [r.key for r in refs] for run, refs in other.elsewhere.items()} == {"r1": [ref(1).key, ref(2).key]}
        late = lease(wh, [ref(1)], "r2", now + timedelta(hours=2), ttl, limit=5)  # r1's lease has lapsed
        assert [r.key for r in late.mine] == [ref(1).key]
        assert leases(wh) == {ref(1).key: "r2", ref(2).key: "r1", ref(3).key: "r2"}


def test_a_lease_taken_under_a_run_lock_passes_to_the_next_holder_of_that_lock(warehouse_uri: str) -> None:
    """The CLI holds ``run.lock`` for its whole run: a run holding it now knows the earlier lessee is dead."""
    now, ttl = datetime(2026, 3, 1, tzinfo=UTC), timedelta(hours=1)
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        lease(wh, [ref(1)], "killed", now, ttl, limit=5, run_lock="/data/a/run.lock")
        dag = lease(wh, [ref(1)], "dag_run", now, ttl, limit=5)  # no lock held: the lease is live to it
        other_dir = lease(wh, [ref(1)], "cli_b", now, ttl, limit=5, run_lock="/data/b/run.lock")
        assert (dag.mine, other_dir.mine) == ([], [])
        rerun = lease(wh, [ref(1)], "rerun", now + timedelta(seconds=5), ttl, limit=5, run_lock="/data/a/run.lock")
        assert [r.key for r in rerun.mine] == [ref(1).key]
        assert leases(wh) == {ref(1).key: "rerun"}
