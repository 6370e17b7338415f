"""Whole runs: conditional GET on the second run, the WARC archive, replay, backfill, cross-process politeness."""

from __future__ import annotations

import gzip
import itertools
import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from pipeline.config import Settings
from pipeline.feeds import collect_refs
from pipeline.fetch import FetchError, fetch_feed, fetch_pages, open_source
from pipeline.fetch.replay import backfill, iter_records
from pipeline.models import ArticleRef, Feed, FeedItem, FeedState, Page
from pipeline.runfiles import read_jsonl
from support.fake_site import RSS, FakeItem, FakeSite, Route, article_html, rss_feed

NOW = datetime(2026, 3, 8, 12, tzinfo=UTC)
TERKINI = Feed(name="id-terkini", url="http://www.antaranews.com/rss/terkini.xml", lang="id", category="terkini")
ARTICLES = {
    "http://www.antaranews.com/berita/5100001/panen-raya": "Panen raya rekaan",
    "http://www.antaranews.com/berita/5100002/kereta-baru": "Kereta baru rekaan",
    "http://jatim.antaranews.com/berita/88001/pasar-rekaan": "Pasar rekaan",
}


def serve_antara(site: FakeSite, *, etag: str | None = '"feed-v1"', last_modified: str | None = None) -> None:
    items = [FakeItem(title, url) for url, title in ARTICLES.items()]
    items.append(FakeItem("Video rekaan", "http://www.antaranews.com/video/5100003/video"))
    site.route(TERKINI.url, Route(body=rss_feed(items), content_type=RSS, etag=etag, last_modified=last_modified))
    for url, title in ARTICLES.items():
        site.route(url, Route(body=article_html(title, [f"Isi {title}."])))


def run_once(settings: Settings, run_id: str, state: FeedState | None, known: dict[str, datetime], out: Path, now=NOW):
    """One pipeline fetch run the way the DAG does it: feed → refs → pages."""
    with open_source(settings, run_id) as source:
        result = fetch_feed(TERKINI, source, state, now=now, settings=settings)
        refs, _ = collect_refs(
            result.items,
            allowed_hosts=settings.allowed_hosts,
            known=known,
            recheck_after=timedelta(hours=settings.recheck_after_hours),
            now=now,
        )
        fetched = fetch_pages(refs, source, out)
        pages, skipped = fetched.pages, fetched.skipped
    return result, pages, skipped, source.events


@pytest.mark.parametrize(
    ("etag", "last_modified", "header", "value"),
    [
        ('"feed-v1"', None, "If-None-Match", '"feed-v1"'),
        (None, "Sat, 07 Mar 2026 08:00:00 GMT", "If-Modified-Since", "Sat, 07 Mar 2026 08:00:00 GMT"),
    ],
)
def test_second_run_sends_conditional_headers_and_fetches_zero_pages(
    site: FakeSite, settings: Settings, tmp_path: Path, etag, last_modified, header: str, value: str
) -> None:
    serve_antara(site, etag=etag, last_modified=last_modified)
    first, pages, skipped, _ = run_once(settings, "run-1", None, {}, tmp_path / "r1")
    assert len(pages) == 3
    assert skipped == []
    assert first.state.items_seen == 4
    assert first.state.new_items == 4
    known = {page.ref.key: page.fetched_at for page in pages}
    page_requests_before = len(site.page_requests())

    second, pages2, _, events = run_once(
        settings, "run-2", first.state, known, tmp_path / "r2", NOW + timedelta(minutes=15)
    )
    feed_requests = site.requests_for(TERKINI.url)
    assert feed_requests[0].headers.get(header) is None
    assert feed_requests[-1].headers.get(header) == value
    assert second.unchanged is True
    assert second.items == []
    assert second.state.last_status == 304
    assert second.state.new_items == 0
    assert second.state.items_seen == 4
    assert second.state.last_success_at == NOW + timedelta(minutes=15)
    assert pages2 == []
    assert len(site.page_requests()) == page_requests_before
    assert [e.outcome for e in events if e.kind == "feed"] == ["not_modified"]


def test_unchanged_body_without_validators_means_no_further_work(
    site: FakeSite, settings: Settings, tmp_path: Path
) -> None:
    serve_antara(site, etag=None)
    first, pages, _, _ = run_once(settings, "run-1", None, {}, tmp_path / "r1")
    assert len(pages) == 3
    second, pages2, _, _ = run_once(settings, "run-2", first.state, {}, tmp_path / "r2")
    assert second.unchanged is True
    assert second.state.last_status == 200
    assert pages2 == []


def test_known_articles_are_refetched_only_when_a_recheck_is_due(
    site: FakeSite, settings: Settings, tmp_path: Path
) -> None:
    serve_antara(site, etag=None)
    known = {
        "www.antaranews.com/berita/5100001": NOW - timedelta(hours=1),
        "www.antaranews.com/berita/5100002": NOW - timedelta(hours=settings.recheck_after_hours + 1),
    }
    _, pages, _, _ = run_once(settings, "run-1", None, known, tmp_path / "r1")
    assert sorted(p.ref.key for p in pages) == [
        "jatim.antaranews.com/berita/88001",
        "www.antaranews.com/berita/5100002",
    ]
    assert site.requests_for("/berita/5100001/panen-raya") == []


def test_user_agent_names_the_project_and_contact(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    serve_antara(site)
    run_once(settings, "ua", None, {}, tmp_path / "r")
    agents = {r.headers["User-Agent"] for r in site.log}
    assert agents == {"antara-pipeline/0.1.0 (+tests@example.invalid)"}


# --- archive ----------------------------------------------------------------------------------------


def warc_records(directory: Path) -> list[tuple[str, str, str, int | None]]:
    rows = []
    for path in sorted(directory.glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                status = int(record.http_headers.get_statuscode()) if record.rec_type == "response" else None
                rows.append(
                    (
                        record.rec_type,
                        record.rec_headers.get_header("WARC-Target-URI"),
                        record.rec_headers.get_header("WARC-Date"),
                        status,
                    )
                )
    return rows


def test_every_exchange_is_archived_as_request_and_response(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    serve_antara(site)
    site.route("http://www.antaranews.com/berita/5100002/kereta-baru", Route(status=404, body="hilang"))
    _, pages, skipped, _ = run_once(settings, "scheduled__2026-03-08T12:00:00+00:00", None, {}, tmp_path / "r")
    archive_dir = settings.resolved_archive_dir
    [warc] = list(archive_dir.glob("*.warc.gz"))
    assert warc.name.startswith("antara-scheduled__2026-03-08T12_00_00_00_00-")
    with gzip.open(warc) as fh:
        assert fh.read(4) == b"WARC"
    rows = warc_records(archive_dir)
    responses = {(uri, status) for kind, uri, _, status in rows if kind == "response"}
    assert responses == {
        ("http://www.antaranews.com/robots.txt", 404),
        ("http://jatim.antaranews.com/robots.txt", 404),
        (TERKINI.url, 200),
        ("http://www.antaranews.com/berita/5100001/panen-raya", 200),
        ("http://www.antaranews.com/berita/5100002/kereta-baru", 404),
        ("http://jatim.antaranews.com/berita/88001/pasar-rekaan", 200),
    }
    assert sum(kind == "request" for kind, *_ in rows) == len(responses)
    assert rows[0][0] == "warcinfo"
    page_dates = [datetime.fromisoformat(date.rstrip("Z")) for kind, uri, date, _ in rows if kind == "response"]
    assert all(abs((d.replace(tzinfo=UTC) - datetime.now(UTC)).total_seconds()) < 120 for d in page_dates)
    assert len(pages) == 2
    assert [s.reason for s in skipped] == ["not_found"]


def test_replay_serves_the_archive_without_network_and_ignores_the_scheme(
    site: FakeSite, settings: Settings, tmp_path: Path
) -> None:
    serve_antara(site)
    _, live_pages, _, _ = run_once(settings, "live", None, {}, tmp_path / "live")
    site.route(TERKINI.url, Route(status=500))  # the live site breaks; replay must not notice
    requests_before = len(site.log)
    replay = settings.model_copy(update={"source": "replay"})
    # a fresh data dir (new Settings: model_copy would keep the cached resolved_data_dir), so the feed is new
    fresh = Settings(**{**replay.model_dump(), "data_dir": tmp_path / "fresh"})
    https_feed = TERKINI.model_copy(update={"url": "https://www.antaranews.com/rss/terkini.xml"})
    with open_source(replay, "replay") as source:
        result = fetch_feed(https_feed, source, None, now=NOW, settings=fresh)
        refs, _ = collect_refs(
            result.items, allowed_hosts=["antaranews.com"], known={}, recheck_after=timedelta(0), now=NOW
        )
        fetched = fetch_pages(refs, source, tmp_path / "replayed")
        pages, skipped = fetched.pages, fetched.skipped
        with pytest.raises(FetchError) as missing:
            source.get("https://www.antaranews.com/berita/1/never-archived", kind="page")
    assert len(site.log) == requests_before
    assert result.error is None
    assert sorted(p.ref.key for p in pages) == sorted(p.ref.key for p in live_pages)
    assert skipped == []
    for live, replayed in zip(
        sorted(live_pages, key=lambda p: p.ref.key), sorted(pages, key=lambda p: p.ref.key), strict=True
    ):
        assert Path(live.html_path).read_text(encoding="utf-8") == Path(replayed.html_path).read_text(encoding="utf-8")
    assert missing.value.reason == "not_in_archive"
    assert {e.outcome for e in source.events} == {"replayed", "error"}


def test_replay_serves_the_latest_record_for_a_url(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    url = "http://www.antaranews.com/berita/5100001/panen-raya"
    site.route(url, Route(body=article_html("Versi satu", ["Lama."])), Route(body=article_html("Versi dua", ["Baru."])))
    for run in ("a", "b"):
        with open_source(settings, run) as source:
            source.get(url, kind="page")
    with open_source(settings.model_copy(update={"source": "replay"}), "replay") as source:
        response = source.get(url.replace("http://", "https://"), kind="page")
    assert "Versi dua" in response.text
    assert response.url == "https://www.antaranews.com/berita/5100001/panen-raya"
    assert response.final_url == url


def test_archive_location_may_be_a_file_url(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "object-store" / "warc"
    # validated like ANTARA_ARCHIVE_DIR=file:///…: pydantic's Path turns it into "file:/…", which must still work
    via_url = Settings(**{**settings.model_dump(), "archive_dir": f"file://{target}"})
    assert str(via_url.archive_dir).startswith("file:/")
    serve_antara(site)
    with open_source(via_url, "url-run") as source:
        source.get(TERKINI.url, kind="feed")
    assert len(list(target.glob("antara-url-run-*.warc.gz"))) == 1
    replay = Settings(**{**via_url.model_dump(), "source": "replay", "replay_archive": f"file://{target}"})
    with open_source(replay, "replay") as source:
        assert b"Panen raya rekaan" in source.get(TERKINI.url, kind="feed").body


def test_iter_records_and_backfill_cover_a_date_range(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    serve_antara(site)
    before = datetime.now(UTC)
    run_once(settings, "day", None, {}, tmp_path / "r")
    after = datetime.now(UTC) + timedelta(seconds=1)
    records = list(iter_records(settings.resolved_archive_dir, before - timedelta(seconds=1), after))
    assert [r.kind for r in records].count("feed") == 1
    assert [r.kind for r in records].count("page") == 3
    assert all(r.kind != "robots" for r in records)
    assert records == sorted(records, key=lambda r: r.fetched_at)
    assert list(iter_records(settings.resolved_archive_dir, after, after + timedelta(days=1))) == []

    registry = tmp_path / "feeds.yaml"
    registry.write_text(
        "feeds:\n  - {name: id-terkini, lang: id, category: terkini,\n"
        "     url: 'https://www.antaranews.com/rss/terkini.xml'}\n",
        encoding="utf-8",
    )
    configured = settings.model_copy(update={"feeds_file": registry})
    naive_since = (before - timedelta(seconds=1)).replace(tzinfo=None)  # what the CLI parses: UTC by convention
    summary = backfill(configured, since=naive_since, until=after, out_dir=tmp_path / "bf", progress=False)
    assert summary["records"] == 4
    assert (summary["items"], summary["articles"], summary["pages"]) == (4, 3, 3)
    assert summary["skipped_reasons"] == {"media:video": 1}
    json.dumps(summary)  # the CLI prints it
    refs = list(read_jsonl(tmp_path / "bf" / "refs.jsonl", ArticleRef))
    assert sorted(r.key for r in refs) == sorted(
        ["www.antaranews.com/berita/5100001", "www.antaranews.com/berita/5100002", "jatim.antaranews.com/berita/88001"]
    )
    pages = list(read_jsonl(tmp_path / "bf" / "pages.jsonl", Page))
    jatim = next(p for p in pages if "jatim" in p.ref.key)
    assert "Isi Pasar rekaan." in Path(jatim.html_path).read_text(encoding="utf-8")
    assert Path(jatim.html_path).parent == tmp_path / "bf" / "pages"
    assert len(list(read_jsonl(tmp_path / "bf" / "feeds" / "backfill.items.jsonl", FeedItem))) == 4


def test_backfill_outside_the_range_finds_nothing(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    serve_antara(site)
    run_once(settings, "day", None, {}, tmp_path / "r")
    summary = backfill(settings, since=datetime(2020, 1, 1), until=datetime(2020, 1, 2), out_dir=tmp_path / "bf")
    assert (summary["records"], summary["pages"]) == (0, 0)
    assert summary["since"] == "2020-01-01T00:00:00+00:00"


# --- politeness across processes --------------------------------------------------------------------


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from pipeline.config import Settings
    from pipeline.fetch import open_source
    settings = Settings(data_dir=Path(sys.argv[1]), min_delay_s=0.5, respect_robots=False)
    with open_source(settings, "child") as source:
        for n in range(2):
            source.get(f"http://www.antaranews.com/berita/{sys.argv[2]}{n}/x", kind="page")
    """
)


def test_min_delay_holds_across_parallel_processes(site: FakeSite, tmp_path: Path) -> None:
    for worker in "12":
        for n in range(2):
            site.route(f"http://www.antaranews.com/berita/{worker}{n}/x", Route(body=article_html("x", ["y"])))
    env = {**site.proxy_env, "PATH": "/usr/bin:/bin"}
    children = [
        subprocess.Popen([sys.executable, "-c", CHILD, str(tmp_path / "data"), worker], env=env) for worker in "12"
    ]
    assert [child.wait(timeout=60) for child in children] == [0, 0]
    times = sorted(r.at for r in site.log)
    assert len(times) == 4
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.45, gaps


def test_sources_opened_twice_in_one_process_write_separate_archives(
    site: FakeSite, settings: Settings, tmp_path: Path
) -> None:
    serve_antara(site)
    for _ in range(2):  # like dag.test(): every task of one run in one process, within a second
        with open_source(settings, "same-run") as source:
            source.get(TERKINI.url, kind="feed")
    files = sorted(settings.resolved_archive_dir.glob("antara-same-run-*.warc.gz"))
    assert len(files) == 2
    uris = sorted(uri for kind, uri, _, _ in warc_records(settings.resolved_archive_dir) if kind == "response")
    robots = "http://www.antaranews.com/robots.txt"
    assert uris == sorted([TERKINI.url, TERKINI.url, robots])  # robots.txt is cached across sources
