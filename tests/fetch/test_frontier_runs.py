"""Issue #11's fault scenarios, whole runs (every stage, in process) against the fake ANTARA, on both engines.

Each test fails on the pre-frontier pipeline: a page that fails once is never fetched again, one poison item fails
every load, a replay moves the live feeds' state, robots.txt unreachable reads as policy, a long Retry-After stalls.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from pipeline.cli import run_pipeline
from pipeline.config import Settings
from pipeline.run.artifacts import read_summaries
from pipeline.warehouse import Warehouse
from support.fake_site import RSS, FakeItem, FakeSite, Route, article_html, rss_feed
from support.run_settings import fast_run_settings

FEED_URL = "http://www.antaranews.com/rss/terkini.xml"
GOOD = {f"http://www.antaranews.com/berita/{6100000 + n}/rekaan-{n}": f"Berita rekaan nomor {n}" for n in range(1, 4)}
FLAKY = "http://www.antaranews.com/berita/6100009/halaman-rapuh"
POISON = "http://www.antaranews.com/berita/89999999999999999999999/x"
HUGE = "http://www.antaranews.com/berita/6100010/satu-baris-raksasa"


def paragraphs(title: str) -> list[str]:
    return [
        f"Jakarta (ANTARA) - {title} menjadi kalimat pertama berita rekaan ini.",
        "Paragraf kedua menambah rincian agar halaman dikenali sebagai artikel.",
    ]


def serve(site: FakeSite, links: list[str], *, etag: str = '"v1"') -> None:
    items = [FakeItem(GOOD.get(link, link.rsplit("/", 1)[-1]), link) for link in links]
    site.route(FEED_URL, Route(body=rss_feed(items), content_type=RSS, etag=etag))
    site.robots("www.antaranews.com", "User-agent: *\nDisallow: /search\n")
    for url, title in GOOD.items():
        site.route(url, Route(body=article_html(title, paragraphs(title))))


@pytest.fixture
def settings(tmp_path: Path, warehouse_uri: str) -> Settings:
    registry = tmp_path / "feeds.yaml"
    feed = {"name": "id-terkini", "url": FEED_URL, "lang": "id", "category": "terkini"}
    registry.write_text(yaml.safe_dump({"feeds": [feed]}), encoding="utf-8")
    # a failed page is due again on the very next run
    return fast_run_settings(tmp_path / "data", registry, warehouse_uri, frontier_retry_base_s=0.0)


def frontier(uri: str) -> dict[str, tuple]:
    with Warehouse.open(uri) as wh:
        rows = wh.fetchall("SELECT key, state, attempts, last_error, next_attempt_at FROM frontier ORDER BY key")
    return {r[0]: r[1:] for r in rows}


def article_keys(uri: str) -> set[str]:
    with Warehouse.open(uri) as wh:
        return {r[0] for r in wh.fetchall("SELECT key FROM articles")}


def key(url: str) -> str:
    return url.split("://", 1)[1].rsplit("/", 1)[0]


def test_flaky_page_arrives_on_a_later_run_without_the_feed_changing(site: FakeSite, settings: Settings) -> None:
    serve(site, [*GOOD, FLAKY])
    failing = [Route(status=503, body="sibuk")] * (1 + settings.max_retries)
    site.route(FLAKY, *failing, Route(body=article_html("Halaman rapuh", paragraphs("Halaman rapuh"))))
    uri = settings.resolved_warehouse_uri

    first = run_pipeline(settings, "run-1")
    assert article_keys(uri) == {key(u) for u in GOOD}
    state, attempts, error, next_at = frontier(uri)[key(FLAKY)]
    assert (state, attempts, error) == ("failed", 1, "server_error")
    assert next_at is not None
    assert read_summaries(first)["load"]["frontier_total"] == {"failed": 1, "loaded": 3}

    second = run_pipeline(settings, "run-2")
    assert site.requests_for(FEED_URL)[-1].headers.get("If-None-Match") == '"v1"'  # the feed answered 304
    assert read_summaries(second)["collect"]["retries_due"] == 1
    assert key(FLAKY) in article_keys(uri)
    assert frontier(uri)[key(FLAKY)][:2] == ("loaded", 2)
    assert len(site.requests_for(FLAKY)) == 2 + settings.max_retries  # run 1: 1 + retries, run 2: once

    run_pipeline(settings, "run-3")  # nothing left to do: no page is fetched again
    assert len(site.requests_for(FLAKY)) == 2 + settings.max_retries


def test_permanent_404_ends_at_once_and_is_not_fetched_again(site: FakeSite, settings: Settings) -> None:
    missing = "http://www.antaranews.com/berita/6100011/hilang"
    serve(site, [*GOOD, missing])
    site.route(missing, Route(status=404, body="hilang"))
    run_pipeline(settings, "run-1")
    assert frontier(settings.resolved_warehouse_uri)[key(missing)][:3] == ("given_up", 1, "not_found")
    serve(site, [missing, *GOOD], etag='"v2"')  # the feed changes and still announces it
    second = run_pipeline(settings, "run-2")
    assert len(site.requests_for(missing)) == 1
    assert read_summaries(second)["collect"]["skipped_reasons"] == {"frontier_ended": 1, "already_stored": 3}


def test_poison_items_are_quarantined_and_every_good_article_loads(site: FakeSite, settings: Settings) -> None:
    settings = settings.model_copy(update={"max_response_bytes": 6_000_000})
    serve(site, [POISON, *GOOD, HUGE])
    site.route(HUGE, Route(body=article_html("Satu baris", ["kata " * 940_000])))  # a 4.7 MB single line
    uri = settings.resolved_warehouse_uri

    directory = run_pipeline(settings, "poison")
    assert article_keys(uri) == {key(u) for u in GOOD}
    with Warehouse.open(uri) as wh:
        held = wh.fetchall("SELECT stage, key, reason, detail FROM quarantine ORDER BY reason")
        problems = wh.fetchall("SELECT key, state, reason FROM frontier_problems ORDER BY key")
    assert [(s, k, r) for s, k, r, _ in held] == [
        ("load", key(HUGE), "body_too_large"),
        ("collect", "www.antaranews.com/berita/89999999999999999999999", "id_out_of_range"),
    ]
    assert "does not fit a BIGINT" in held[1][3]
    assert sorted(problems) == [
        (key(HUGE), "quarantined", "body_too_large"),
        ("www.antaranews.com/berita/89999999999999999999999", "quarantined", "id_out_of_range"),
    ]
    assert site.requests_for("/berita/89999999999999999999999/x") == []  # never fetched
    assert read_summaries(directory)["load"]["quarantined"] == 2

    again = run_pipeline(settings.model_copy(update={"warehouse_uri": uri}), "poison-again")
    assert read_summaries(again)["load"]["inserted"] == 0  # idempotent, and the poison blocks nothing


def test_feed_item_cap_quarantines_the_excess(site: FakeSite, settings: Settings) -> None:
    serve(site, list(GOOD))
    directory = run_pipeline(settings.model_copy(update={"max_items_per_feed": 2}), "capped")
    with Warehouse.open(settings.resolved_warehouse_uri) as wh:
        held = wh.fetchall("SELECT reason, url FROM quarantine")
    assert held == [("feed_item_cap", list(GOOD)[2])]
    assert read_summaries(directory)["collect"]["quarantined"] == 1


def test_run_cap_defers_the_rest_to_the_next_run(site: FakeSite, settings: Settings) -> None:
    serve(site, list(GOOD))
    capped = settings.model_copy(update={"max_items_per_run": 2})
    first = run_pipeline(capped, "cap-1")
    assert read_summaries(first)["collect"]["deferred"] == 1
    assert len(article_keys(settings.resolved_warehouse_uri)) == 2
    run_pipeline(capped, "cap-2")  # feed unchanged (304): the deferred key comes from the frontier
    assert article_keys(settings.resolved_warehouse_uri) == {key(u) for u in GOOD}


def test_robots_unreachable_is_transient_asked_once_per_run_and_retried(site: FakeSite, settings: Settings) -> None:
    regional = {f"http://jatim.antaranews.com/berita/{7100 + n}/daerah-{n}": f"Berita daerah {n}" for n in range(3)}
    serve(site, list(regional))
    for url, title in regional.items():
        site.route(url, Route(body=article_html(title, paragraphs(title))))
    robots = Route(body="User-agent: *\nDisallow: /search\n", content_type="text/plain")
    site.route("http://jatim.antaranews.com/robots.txt", Route(status=503), robots)
    settings = settings.model_copy(update={"max_retries": 0})

    first = run_pipeline(settings, "robots-1")
    rows = frontier(settings.resolved_warehouse_uri)
    assert {row[:3] for row in rows.values()} == {("failed", 1, "robots_unreachable")}
    assert read_summaries(first)["fetch_pages"]["skipped_reasons"] == {"robots_unreachable": 3}
    assert len(site.requests_for("jatim.antaranews.com/robots.txt")) == 1  # asked once for 3 pages, not 3 x retries
    assert site.page_requests() == []

    run_pipeline(settings, "robots-2")  # robots.txt answers again: the pages arrive, the feed unchanged (304)
    assert article_keys(settings.resolved_warehouse_uri) == {key(u) for u in regional}
    assert {row[0] for row in frontier(settings.resolved_warehouse_uri).values()} == {"loaded"}


def test_long_retry_after_fails_the_page_at_once_and_sets_its_next_attempt(
    site: FakeSite, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    slow = "http://www.antaranews.com/berita/6100012/tunggu-sehari"
    serve(site, [*GOOD, slow])
    site.route(slow, Route(status=429, retry_after="86400"))
    settings = settings.model_copy(update={"max_retries": 3})
    before = datetime.now(UTC)
    with caplog.at_level(logging.WARNING, logger="pipeline.fetch"):
        run_pipeline(settings, "retry-after")
    state, attempts, error, next_at = frontier(settings.resolved_warehouse_uri)[key(slow)]
    assert (state, attempts, error) == ("failed", 1, "rate_limited:retry_after")
    assert before + timedelta(seconds=86400) <= next_at <= datetime.now(UTC) + timedelta(seconds=86400)
    assert len(site.requests_for(slow)) == 1  # no retry slept through
    assert "asks to retry after 86400s, more than the 300s one request may wait" in caplog.text
    run_pipeline(settings, "retry-after-2")  # not due yet
    assert len(site.requests_for(slow)) == 1
    serve(site, [slow, *GOOD], etag='"v2"')  # the feed changes and announces it again: still not before its time
    third = run_pipeline(settings, "retry-after-3")
    assert len(site.requests_for(slow)) == 1
    assert read_summaries(third)["collect"]["retries_waiting"] == 1


def test_long_retry_after_on_a_feed_backs_it_off_until_then(site: FakeSite, settings: Settings) -> None:
    site.route(FEED_URL, Route(status=503, retry_after="86400"))
    site.robots("www.antaranews.com", "User-agent: *\nDisallow: /search\n")
    before = datetime.now(UTC)
    run_pipeline(settings, "feed-retry-after")
    with Warehouse.open(settings.resolved_warehouse_uri) as wh:
        ((backoff, failures),) = wh.fetchall("SELECT backoff_until, consecutive_failures FROM feed_state")
    assert failures == 1
    assert backoff >= before + timedelta(seconds=86400)
    assert len(site.requests_for(FEED_URL)) == 1


def test_replay_neither_reads_nor_writes_the_live_feed_state(site: FakeSite, settings: Settings) -> None:
    serve(site, list(GOOD))
    run_pipeline(settings, "live-1")
    uri = settings.resolved_warehouse_uri

    def live_state() -> tuple[list, list]:
        with Warehouse.open(uri) as wh:
            return wh.fetchall("SELECT * FROM feed_state ORDER BY feed"), wh.fetchall(
                "SELECT * FROM frontier ORDER BY 1"
            )

    before = live_state()
    replay = settings.model_copy(update={"source": "replay", "replay_archive": settings.resolved_archive_dir})
    for n in range(3):
        run_pipeline(replay, f"replay-{n}")
    assert live_state() == before
    requests_before = len(site.log)
    run_pipeline(settings, "live-2")  # the live feed is polled as if no replay happened: conditional, no back-off
    assert len(site.log) == requests_before + 1
    assert site.requests_for(FEED_URL)[-1].headers.get("If-None-Match") == '"v1"'


def test_a_known_article_answering_404_on_its_recheck_ends_retracted(site: FakeSite, settings: Settings) -> None:
    serve(site, list(GOOD))
    run_pipeline(settings, "first")
    taken_down = next(iter(GOOD))
    serve(site, list(reversed(GOOD)), etag='"v2"')  # the feed changes (its digest too) and still announces it
    site.route(taken_down, Route(status=404, body="hilang"))
    recheck = settings.model_copy(update={"recheck_after_hours": 0.0})
    directory = run_pipeline(recheck, "recheck")
    summaries = read_summaries(directory)
    assert summaries["load"]["retracted"] == [key(taken_down)], summaries
    state, *_ = frontier(settings.resolved_warehouse_uri)[key(taken_down)]
    assert state == "retracted"
    assert key(taken_down) in article_keys(settings.resolved_warehouse_uri)  # the row stays; h2 marks it retracted


def test_a_known_article_redirected_to_the_home_page_ends_retracted(site: FakeSite, settings: Settings) -> None:
    serve(site, list(GOOD))
    run_pipeline(settings, "first")
    taken_down = next(iter(GOOD))
    serve(site, list(reversed(GOOD)), etag='"v2"')
    site.route(taken_down, Route(status=301, location="http://www.antaranews.com/"))
    site.route("http://www.antaranews.com/", Route(body="<html><body><h1>ANTARA News</h1></body></html>"))
    recheck = settings.model_copy(update={"recheck_after_hours": 0.0})
    summaries = read_summaries(run_pipeline(recheck, "recheck"))
    assert summaries["load"]["retracted"] == [key(taken_down)], summaries
    with Warehouse.open(settings.resolved_warehouse_uri) as wh:
        status = dict(wh.fetchall("SELECT key, status FROM articles"))
    assert status[key(taken_down)] == "retracted"
    assert {status[key(url)] for url in GOOD if url != taken_down} == {"live"}


KILLER = """
import os, signal
from pipeline.warehouse import frontier

_record_run = frontier.Frontier.record_run


def record_run_then_die(self, *args, **kwargs):
    result = _record_run(self, *args, **kwargs)  # the frontier rows are written, the transaction is still open
    os.kill(os.getpid(), signal.SIGKILL)
    return result


frontier.Frontier.record_run = record_run_then_die
"""


def test_kill_9_inside_the_load_leaves_feed_state_and_frontier_as_they_were(
    site: FakeSite, settings: Settings, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    serve(site, [*GOOD, FLAKY])
    failing = [Route(status=503, body="sibuk")] * (1 + settings.max_retries)
    site.route(FLAKY, *failing, Route(body=article_html("Halaman rapuh", paragraphs("Halaman rapuh"))))
    run_pipeline(settings, "before")
    uri = settings.resolved_warehouse_uri

    def everything() -> list[list[tuple]]:
        with Warehouse.open(uri) as wh:
            return [wh.fetchall(f"SELECT * FROM {t} ORDER BY 1") for t in ("feed_state", "frontier", "articles")]

    before = everything()
    hook = tmp_path / "killer"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]),
        "ANTARA_DATA_DIR": str(settings.data_dir),
        "ANTARA_MIN_DELAY_S": "0",
        "ANTARA_MAX_RETRIES": str(settings.max_retries),
        "ANTARA_TRANSLATE": "false",
        "ANTARA_CHECK_MIN_TRANSLATION_COVERAGE": "0",
        "ANTARA_FRONTIER_RETRY_BASE_S": "0",
    }
    command = [sys.executable, "-m", "pipeline", "run", "--feeds", str(settings.feeds_file), "--warehouse", uri]
    killed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert len(site.requests_for(FLAKY)) == 2 + settings.max_retries  # the killed run did fetch it ...
    assert everything() == before  # ... but committed nothing: the same feed state, frontier and articles

    run_pipeline(settings, "after")  # the rerun converges
    assert key(FLAKY) in article_keys(uri)
    assert frontier(uri)[key(FLAKY)][0] == "loaded"
