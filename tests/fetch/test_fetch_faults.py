"""Each fault injected at the fake site: what is kept, what is skipped with which reason, what is logged."""

from __future__ import annotations

import itertools
import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.fetch import FetchError, fetch_feed, fetch_pages, open_source
from pipeline.models import TRANSIENT_OUTCOMES, ArticleRef, Feed, FeedState, FetchOutcome
from support.fake_site import HTML, RSS, FakeItem, FakeSite, Route, article_html, rss_feed

NOW = datetime(2026, 3, 8, 12, tzinfo=UTC)
PAGE = "http://www.antaranews.com/berita/4100001/rekaan"
GOOD_HTML = article_html("Rekaan", ["Paragraf pertama rekaan.", "Paragraf kedua."])
TERKINI = Feed(name="id-terkini", url="http://www.antaranews.com/rss/terkini.xml", lang="id", category="terkini")
EKONOMI = Feed(name="id-ekonomi", url="http://www.antaranews.com/rss/ekonomi.xml", lang="id", category="ekonomi")


def ref(url: str = PAGE, key: str = "www.antaranews.com/berita/4100001") -> ArticleRef:
    return ArticleRef(key=key, url=url, lang="id", categories=["terkini"], feeds=["id-terkini"])


def fetch_one(settings: Settings, tmp_path: Path, url: str = PAGE):
    with open_source(settings, "faults") as source:
        fetched = fetch_pages([ref(url)], source, tmp_path / "pages")
        pages, skipped = fetched.pages, fetched.skipped
    return pages, skipped, source.events


PAGE_FAULTS = [
    # (id, routes for PAGE, expected reason, expected status, log fragment)
    ("404", [Route(status=404, body="hilang")], "not_found", 404, "failed: not_found"),
    ("410", [Route(status=410, body="dihapus")], "gone", 410, "failed: gone"),
    ("500-persistent", [Route(status=500, body="rusak")], "server_error", 500, "failed: server_error"),
    ("slow-timeout", [Route(body=GOOD_HTML, delay_s=1.2)], "timeout", None, "failed: timeout"),
    ("oversized-declared", [Route(body=b"x" * 60_000)], "too_large:>50000B", 200, "failed: too_large"),
    ("oversized-streamed", [Route(body=b"y" * 60_000, send_length=False)], "too_large:>50000B", 200, "too_large"),
    (
        "not-html",
        [Route(body=b"%PDF-1.7", content_type="application/pdf")],
        "content_type:application/pdf",
        200,
        "content_type",
    ),
    ("connection-drop", [Route(drop=True)], "connection_error", None, "failed: connection_error"),
    (
        "redirect-off-allowlist",
        [Route(status=302, location="http://mirror.example.org/copy")],
        "redirect_off_allowlist",
        None,
        "failed: redirect_off_allowlist",
    ),
    ("empty-body", [Route(body=b"   ")], "empty_body", None, "empty body, skipped"),
]


@pytest.mark.parametrize(
    ("routes", "reason", "status", "logged"), [case[1:] for case in PAGE_FAULTS], ids=[c[0] for c in PAGE_FAULTS]
)
def test_page_fault_is_skipped_with_reason_and_log(
    site: FakeSite,
    settings: Settings,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    routes: list[Route],
    reason: str,
    status: int | None,
    logged: str,
) -> None:
    site.route(PAGE, *routes)
    site.route("http://www.antaranews.com/berita/4100002/baik", Route(body=GOOD_HTML))
    with caplog.at_level(logging.WARNING, logger="pipeline.fetch"), open_source(settings, "faults") as source:
        fetched = fetch_pages(
            [ref(), ref("http://www.antaranews.com/berita/4100002/baik", "www.antaranews.com/berita/4100002")],
            source,
            tmp_path / "pages",
        )
        pages, skipped = fetched.pages, fetched.skipped
    # the faulty page is skipped with its reason; the good one next to it is kept
    assert [(s.url, s.reason) for s in skipped] == [(PAGE, reason)]
    assert [p.ref.key for p in pages] == ["www.antaranews.com/berita/4100002"]
    assert Path(pages[0].html_path).read_text(encoding="utf-8").count("Paragraf pertama rekaan.") == 1
    assert logged in caplog.text
    assert PAGE in caplog.text or reason == "empty_body"
    if status is not None:
        assert [e.status for e in source.events if e.url == PAGE][-1] == status
    assert not site.requests_for("mirror.example.org/copy")  # never followed off the allowlist


def test_transient_503_is_retried_honouring_retry_after(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    site.route(PAGE, Route(status=503, retry_after="1"), Route(body=GOOD_HTML))
    pages, skipped, _ = fetch_one(settings, tmp_path)
    assert skipped == []
    assert len(pages) == 1
    first, second = site.requests_for(PAGE)
    assert second.at - first.at >= 0.95  # Retry-After: 1 was honoured


def test_429_exhausting_retries_is_rate_limited(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    site.route(PAGE, Route(status=429, retry_after="0"))
    pages, skipped, events = fetch_one(settings, tmp_path)
    assert pages == []
    assert [s.reason for s in skipped] == ["rate_limited"]
    assert len(site.requests_for(PAGE)) == 1 + settings.max_retries
    assert events[-1].status == 429


def test_redirect_on_the_allowlist_is_followed(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    site.route(PAGE, Route(status=301, location="/berita/4100001/judul-baru"))
    site.route("http://www.antaranews.com/berita/4100001/judul-baru", Route(body=GOOD_HTML))
    pages, skipped, events = fetch_one(settings, tmp_path)
    assert skipped == []
    assert pages[0].final_url == "http://www.antaranews.com/berita/4100001/judul-baru"
    assert [e.outcome for e in events if e.kind == "page"] == ["redirect", "ok"]


def test_off_allowlist_url_is_never_requested(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    site.route("http://news.example.com/berita/1/x", Route(body=GOOD_HTML))
    _pages, skipped, events = fetch_one(settings, tmp_path, "http://news.example.com/berita/1/x")
    assert [s.reason for s in skipped] == ["off_allowlist"]
    assert site.log == []
    assert events[0].outcome == "refused"


def test_robots_disallow_is_obeyed_and_robots_fetched_once(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    site.robots("www.antaranews.com", "User-agent: *\nDisallow: /berita/4100001\n")
    site.route(PAGE, Route(body=GOOD_HTML))
    site.route("http://www.antaranews.com/berita/4100002/baik", Route(body=GOOD_HTML))
    with open_source(settings, "robots") as source:
        fetched = fetch_pages(
            [ref(), ref("http://www.antaranews.com/berita/4100002/baik", "www.antaranews.com/berita/4100002")],
            source,
            tmp_path / "pages",
        )
        pages, skipped = fetched.pages, fetched.skipped
    assert [s.reason for s in skipped] == ["robots_disallowed"]
    assert len(pages) == 1
    assert site.requests_for(PAGE) == []
    assert len(site.requests_for("/robots.txt")) == 1


def test_robots_5xx_is_robots_unreachable_a_transient_fault(site: FakeSite, settings: Settings, tmp_path: Path) -> None:
    site.route("http://www.antaranews.com/robots.txt", Route(status=500))
    site.route(PAGE, Route(body=GOOD_HTML))
    with open_source(settings, "faults") as source:
        fetched = fetch_pages([ref()], source, tmp_path / "pages")
    assert [s.reason for s in fetched.skipped] == ["robots_unreachable"]
    assert [a.outcome for a in fetched.attempts] == [FetchOutcome.ROBOTS_UNREACHABLE]
    assert FetchOutcome.ROBOTS_UNREACHABLE in TRANSIENT_OUTCOMES
    assert site.requests_for(PAGE) == []


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (
            Route(
                body=article_html("Café olahraga", ["Rp 5.000 — «harga»"], charset="windows-1252"),
                content_type="text/html",
            ),
            "Rp 5.000 — «harga»",
        ),
        (Route(body=article_html("Café salah label", ["Kopi — «enak»"], charset="windows-1252")), "Kopi — «enak»"),
        (
            Route(
                body=article_html("Jalan ke Ciamis", ["Hadiah ¥ dan ½"], charset="iso-8859-1", meta_charset=False),
                content_type="text/html; charset=ISO-8859-1",
            ),
            "½",
        ),
        (
            Route(
                body=article_html("Kota Bogor é", ["naïve"], charset="latin-1", meta_charset=False),
                content_type="text/html",
            ),
            "naïve",
        ),
    ],
    ids=["meta-windows-1252", "mislabelled-utf8-header", "header-latin1", "undeclared-latin1"],
)
def test_non_utf8_pages_are_decoded(
    site: FakeSite, settings: Settings, tmp_path: Path, route: Route, expected: str
) -> None:
    site.route(PAGE, route)
    pages, skipped, _ = fetch_one(settings, tmp_path)
    assert skipped == []
    text = Path(pages[0].html_path).read_text(encoding="utf-8")
    assert expected in text
    assert "\ufffd" not in text


# --- feeds ------------------------------------------------------------------------------------------


def test_failing_feed_does_not_fail_the_others_and_backs_off(
    site: FakeSite, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    site.route(TERKINI.url, Route(status=500))
    site.route(
        EKONOMI.url,
        Route(body=rss_feed([FakeItem("Harga", "http://www.antaranews.com/berita/9/harga")]), content_type=RSS),
    )
    state: FeedState | None = None
    with caplog.at_level(logging.WARNING), open_source(settings, "feeds") as source:
        for attempt in range(settings.feed_backoff_after_failures):
            bad = fetch_feed(TERKINI, source, state, now=NOW + timedelta(minutes=attempt), settings=settings)
            state = bad.state
        good = fetch_feed(EKONOMI, source, None, now=NOW, settings=settings)
    assert good.error is None
    assert [i.title for i in good.items] == ["Harga"]
    assert bad.error == "server_error"
    assert bad.items == []
    assert bad.state.consecutive_failures == 3
    assert bad.state.last_status == 500
    assert bad.state.backoff_until == NOW + timedelta(minutes=2) + timedelta(minutes=15)
    assert "feed id-terkini: failed (server_error), 3 consecutive failure(s), backing off until" in caplog.text
    requests_before = len(site.requests_for(TERKINI.url))
    with open_source(settings, "feeds") as source:
        skipped = fetch_feed(TERKINI, source, bad.state, now=NOW + timedelta(minutes=5), settings=settings)
        retried = fetch_feed(TERKINI, source, bad.state, now=NOW + timedelta(minutes=20), settings=settings)
    assert [s.reason for s in skipped.skipped] == ["backed_off"]
    assert skipped.state == bad.state
    assert retried.state.consecutive_failures == 4
    assert retried.state.backoff_until == NOW + timedelta(minutes=20) + timedelta(minutes=30)
    assert len(site.requests_for(TERKINI.url)) == requests_before + 1 + settings.max_retries


def test_feed_wrong_content_type_and_unreadable_xml_are_feed_errors(site: FakeSite, settings: Settings) -> None:
    site.route(TERKINI.url, Route(body="<html>portal</html>", content_type=HTML))
    site.route(EKONOMI.url, Route(body=b"\n\n<?xml version='1.0'?><rss><channel><item><titl", content_type=RSS))
    with open_source(settings, "feeds") as source:
        html_feed = fetch_feed(TERKINI, source, None, now=NOW, settings=settings)
        broken = fetch_feed(EKONOMI, source, None, now=NOW, settings=settings)
    assert html_feed.error == "content_type:text/html"
    assert broken.error == "malformed_feed"
    assert broken.state.consecutive_failures == 1
    assert broken.skipped[0].reason.startswith("malformed_feed:")


def test_feed_timeout_is_a_feed_error_with_state(site: FakeSite, settings: Settings) -> None:
    site.route(TERKINI.url, Route(body=rss_feed([]), content_type=RSS, delay_s=1.2))
    with open_source(settings, "feeds") as source:
        result = fetch_feed(TERKINI, source, None, now=NOW, settings=settings)
        assert source.events[-1].feed == "id-terkini"
    assert result.error == "timeout"
    assert result.state.last_error == "timeout"
    assert result.state.last_checked_at == NOW
    assert result.state.last_success_at is None


def test_fetch_error_carries_url_reason_and_status(site: FakeSite, settings: Settings) -> None:
    site.route(PAGE, Route(status=404))
    with open_source(settings, "direct") as source, pytest.raises(FetchError) as info:
        source.get(PAGE, kind="page")
    assert (info.value.url, info.value.reason, info.value.status) == (PAGE, "not_found", 404)


def test_min_delay_is_enforced_between_requests_to_one_host(site: FakeSite, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", min_delay_s=0.4, respect_robots=False)
    for n in range(3):
        site.route(f"http://www.antaranews.com/berita/{n}/x", Route(body=GOOD_HTML))
    start = time.time()
    with open_source(settings, "delay") as source:
        for n in range(3):
            source.get(f"http://www.antaranews.com/berita/{n}/x", kind="page")
    times = [r.at for r in site.log]
    assert len(times) == 3
    assert all(b - a >= 0.39 for a, b in itertools.pairwise(times))
    assert time.time() - start >= 0.8
