"""Backfilling from ANTARA's sitemaps over the fake ANTARA proxy: a date range, each article fetched once, resume."""

from __future__ import annotations

import gzip
import logging
import random
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline import stages
from pipeline.backfill import DateRange, run_backfill
from pipeline.backfill import sitemap as sitemaps
from pipeline.backfill.sitemap import SitemapBackfill, SitemapUnavailable, parse_sitemap
from pipeline.bench.corpus import Corpus, page_html
from pipeline.config import Settings
from pipeline.warehouse import Warehouse
from support.fake_site import FakeSite, Route

INDEX_URL = "http://www.antaranews.com/sitemap.xml"
XML = "application/xml; charset=utf-8"
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def http(url: str) -> str:
    return "http://" + url.split("://", 1)[1]


def plain_xml(url: str, xml: str) -> tuple[str, Route]:
    return url, Route(body=xml, content_type=XML)


def serve(
    site: FakeSite, days: int = 3, per_day: int = 4, sitemap: Callable[[str, str], tuple[str, Route]] = plain_xml
) -> dict[date, list[str]]:
    """A sitemap index with one dated sitemap per day (news dates), plus non-article and foreign URLs.
    ``sitemap(url, xml)`` says how each sitemap document (the index too) is served: its URL and its route."""
    corpus, rng = Corpus(5), random.Random(5)
    by_day: dict[date, list[str]] = {}
    sitemaps = []
    for number in range(days * per_day):
        article = corpus.article(number)
        article = article.__class__(
            **{**article.__dict__, "published_at": article.published_at + timedelta(days=number // per_day)}
        )
        url = http(article.url)
        site.route(url, Route(body=page_html(article, rng)))
        by_day.setdefault(article.published_at.date(), []).append(url)
    for day, urls in sorted(by_day.items()):
        entries = "".join(
            f"<url><loc>{u}</loc><news:news><news:publication_date>{day}T10:00:00+00:00</news:publication_date>"
            "</news:news></url>"
            for u in urls
        )
        extra = f"<url><loc>http://www.antaranews.com/foto/1/x</loc><lastmod>{day}</lastmod></url>"
        extra += f"<url><loc>http://news.example.org/berita/5/x</loc><lastmod>{day}</lastmod></url>"
        urlset = f'<?xml version="1.0"?><urlset {SM}>{entries}{extra}</urlset>'
        path, route = sitemap(f"http://www.antaranews.com/sitemap-{day}.xml", urlset)
        site.route(path, route)
        sitemaps.append(f"<sitemap><loc>{path}</loc><lastmod>{day}T23:59:00+00:00</lastmod></sitemap>")
    index_url, index = sitemap(INDEX_URL, f'<?xml version="1.0"?><sitemapindex {SM}>{"".join(sitemaps)}</sitemapindex>')
    site.route(index_url, index)
    site.robots("www.antaranews.com", "User-agent: *\nDisallow: /search\n")
    return by_day


def settings_for(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        warehouse_uri=f"duckdb:///{tmp_path / 'wh.duckdb'}",
        translate=False,
        min_delay_s=0.0,
        backfill_workers=1,
        contact="tests@example.invalid",
    )


def loaded_keys(settings: Settings) -> set[str]:
    with Warehouse.open(settings.resolved_warehouse_uri) as wh:
        return {key for (key,) in wh.fetchall("SELECT key FROM articles")}


def key_of(url: str) -> str:
    host, kind, number = url.split("/")[2:5]
    return f"{host}/{kind}/{number}"


def test_parse_sitemap_reads_index_and_news_dates() -> None:
    children, _ = parse_sitemap(
        f"<sitemapindex {SM}><sitemap><loc>http://x/s1.xml</loc><lastmod>2025-01-06</lastmod></sitemap></sitemapindex>".encode(),
        10,
    )
    assert [(c.url, c.published_at.isoformat()) for c in children] == [("http://x/s1.xml", "2025-01-06T00:00:00+00:00")]
    _, urls = parse_sitemap(
        f"<urlset {SM}><url><loc> http://a/berita/1/x </loc><lastmod>2025-01-01</lastmod><news:news>"
        "<news:publication_date>2025-01-06T10:00:00+07:00</news:publication_date></news:news></url></urlset>".encode(),
        10,
    )
    assert [(u.url, u.published_at.isoformat()) for u in urls] == [("http://a/berita/1/x", "2025-01-06T10:00:00+07:00")]


def test_a_date_range_fetches_each_article_in_it_once(site: FakeSite, tmp_path: Path) -> None:
    by_day = serve(site)
    days = sorted(by_day)
    settings = settings_for(tmp_path)
    dates = DateRange(since=days[1], until=days[2])  # --until is inclusive
    report = run_backfill(settings, SitemapBackfill(INDEX_URL, settings), dates, progress=False)

    wanted = [u for day in days[1:] for u in by_day[day]]
    assert loaded_keys(settings) == {key_of(u) for u in wanted}
    assert report.articles == len(wanted)
    assert all(len(site.requests_for(u)) == 1 for u in wanted)
    assert not any(site.requests_for(u) for u in by_day[days[0]])
    assert not site.requests_for(f"http://www.antaranews.com/sitemap-{days[0]}.xml")  # older than the range

    again = run_backfill(settings, SitemapBackfill(INDEX_URL, settings), dates, progress=False)
    assert again.articles == 0 and all(len(site.requests_for(u)) == 1 for u in wanted)


def test_a_killed_backfill_resumes_without_fetching_anything_twice(
    site: FakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_day = serve(site)
    settings = settings_for(tmp_path)
    real_load, calls = stages.load_stage, []

    def killed_on_the_second_partition(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies after fetching the second day's pages, before its load
        return real_load(*args, **kwargs)

    monkeypatch.setattr(stages, "load_stage", killed_on_the_second_partition)
    with pytest.raises(KeyboardInterrupt):
        run_backfill(settings, SitemapBackfill(INDEX_URL, settings), DateRange(), progress=False)
    days = sorted(by_day)
    assert loaded_keys(settings) == {key_of(u) for u in by_day[days[0]]}

    monkeypatch.setattr(stages, "load_stage", real_load)
    report = run_backfill(settings, SitemapBackfill(INDEX_URL, settings), DateRange(), progress=False)
    every = [u for day in days for u in by_day[day]]
    assert loaded_keys(settings) == {key_of(u) for u in every}
    assert report.articles == len(every) - len(by_day[days[0]])
    assert [len(site.requests_for(u)) for u in every] == [1] * len(every)


def gzipped(content_type: str | None, suffix: str = ".gz") -> Callable[[str, str], tuple[str, Route]]:
    """Sitemaps as ``.xml.gz`` files served with ``content_type`` (the index names them by their ``.gz`` URLs)."""

    def serve_one(url: str, xml: str) -> tuple[str, Route]:
        return url + suffix, Route(body=gzip.compress(xml.encode()), content_type=content_type)

    return serve_one


def served_as(content_type: str) -> Callable[[str, str], tuple[str, Route]]:
    return lambda url, xml: (url, Route(body=xml, content_type=content_type))


SERVED = {
    "application/gzip": gzipped("application/gzip"),
    "application/x-gzip": gzipped("application/x-gzip"),
    ".xml.gz as application/octet-stream": gzipped("application/octet-stream"),
    ".xml.gz without a content type": gzipped(None),
    "text/xml": served_as("text/xml"),
    "application/xml": served_as("application/xml; charset=utf-8"),
    "gzip under a .xml URL": gzipped("application/x-gzip", suffix=""),
}


@pytest.mark.parametrize("how", SERVED, ids=list(SERVED))
def test_sitemaps_served_as_gzip_or_xml_are_read(site: FakeSite, tmp_path: Path, how: str) -> None:
    by_day = serve(site, days=2, per_day=2, sitemap=SERVED[how])
    settings = settings_for(tmp_path)
    index, _ = SERVED[how](INDEX_URL, "")  # the index's own URL, as it is served
    report = run_backfill(settings, SitemapBackfill(index, settings), DateRange(), progress=False)
    every = [u for day in sorted(by_day) for u in by_day[day]]
    assert loaded_keys(settings) == {key_of(u) for u in every}
    assert report.articles == 4


def test_a_gzip_bomb_sitemap_is_skipped_with_one_log_line(site: FakeSite, tmp_path: Path, caplog) -> None:
    by_day = serve(site, days=2, per_day=2)
    days = sorted(by_day)
    bomb = f"http://www.antaranews.com/sitemap-{days[0]}.xml"
    xml = f'<?xml version="1.0"?><urlset {SM}>'.encode() + b" " * (sitemaps.MAX_UNCOMPRESSED_BYTES + 1) + b"</urlset>"
    packed = gzip.compress(xml, compresslevel=9)
    assert len(packed) < 100_000  # ~50 KiB on the wire, over 50 MiB inflated
    site.route(bomb, Route(body=packed, content_type="application/gzip"))
    settings = settings_for(tmp_path)
    with caplog.at_level(logging.WARNING, logger="pipeline.backfill.sitemap"):
        source = SitemapBackfill(INDEX_URL, settings)
        report = run_backfill(settings, source, DateRange(), progress=False)
    assert loaded_keys(settings) == {key_of(u) for u in by_day[days[1]]}  # the other day still loads
    assert report.articles == 2 and source.skipped["sitemap_bad_sitemap"] == 1
    about_the_bomb = [r.getMessage() for r in caplog.records if bomb in r.getMessage()]
    assert len(about_the_bomb) == 1 and "gzip bomb" in about_the_bomb[0]


@pytest.mark.parametrize(
    "route",
    [Route(status=404, body="gone", content_type="text/plain"), Route(body="<html>not a sitemap</html>")],
    ids=["404", "html"],
)
def test_an_unusable_sitemap_url_stops_the_backfill_naming_it(site: FakeSite, tmp_path: Path, route: Route) -> None:
    site.route(INDEX_URL, route)
    site.robots("www.antaranews.com", "User-agent: *\nDisallow:\n")
    settings = settings_for(tmp_path)
    with pytest.raises(SitemapUnavailable, match=f"sitemap {INDEX_URL} cannot be used"):
        run_backfill(settings, SitemapBackfill(INDEX_URL, settings), DateRange(), progress=False)
