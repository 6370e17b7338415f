"""The feed registry, RSS parsing with ANTARA's quirks, and merging items into article refs."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.config import packaged_feeds_file
from pipeline.feeds import RegistryError, collect_refs, load_registry, parse_feed
from pipeline.models import Feed, FeedItem
from support.fake_site import FakeItem, rss_feed

TERKINI = Feed(name="id-terkini", url="https://www.antaranews.com/rss/terkini.xml", lang="id", category="terkini")
POLITIK = Feed(name="id-politik", url="https://www.antaranews.com/rss/politik.xml", lang="id", category="politik")
NOW = datetime(2026, 3, 8, tzinfo=UTC)


def refs_of(items: list[FeedItem], known: dict[str, datetime] | None = None):
    return collect_refs(
        items, allowed_hosts=["antaranews.com"], known=known or {}, recheck_after=timedelta(hours=48), now=NOW
    )


# --- registry ---------------------------------------------------------------------------------------


def test_packaged_registry_lists_the_id_kanal_and_en_feeds() -> None:
    feeds = load_registry(packaged_feeds_file())
    by_name = {feed.name: feed for feed in feeds}
    assert len(feeds) == 18
    assert by_name["id-warta-bumi"].url == "https://www.antaranews.com/rss/warta-bumi.xml"
    assert by_name["id-warta-bumi"].category == "warta-bumi"
    assert by_name["en-news"] == Feed(
        name="en-news", url="https://en.antaranews.com/rss/news.xml", lang="en", category="news"
    )
    assert {feed.lang for feed in feeds} == {"id", "en"}
    assert sum(feed.lang == "en" for feed in feeds) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("feeds: []\n", "non-empty top-level 'feeds:' list"),
        ("feeds:\n  - name: x\n    url: u\n    lang: fr\n    category: c\n", "feeds[0] (x): lang"),
        ("feeds:\n  - name: x\n    url: u\n    lang: id\n", "feeds[0] (x): category: Field required"),
        ("feeds:\n  - just a string\n", "feeds[0]: expected a mapping"),
        ("feeds: [ {name: a\n", "cannot read the feed registry"),
        (
            "feeds:\n  - {name: a, url: u1, lang: id, category: c}\n  - {name: a, url: u2, lang: id, category: c}\n",
            "duplicate feed name(s): a",
        ),
    ],
)
def test_invalid_registry_names_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_missing_registry_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="cannot read the feed registry"):
        load_registry(tmp_path / "nope.yaml")


# --- parsing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["cdata", "escaped"])
def test_parse_handles_blank_line_html_descriptions_and_plus_0700(style: str) -> None:
    body = rss_feed(
        [
            FakeItem(
                "Banjir  rekaan di Kota Contoh",
                "https://www.antaranews.com/berita/5000001/banjir",
                lead="Air naik\n lagi ...",
            )
        ],
        style=style,
    )
    assert body.startswith(b"\n<?xml")  # ANTARA's quirk reproduced
    items, skipped = parse_feed(TERKINI, body)
    assert skipped == []
    [item] = items
    assert item.title == "Banjir rekaan di Kota Contoh"
    assert item.summary == "Air naik lagi ..."  # img dropped, &#13;/newlines collapsed
    assert item.published_at == datetime(2026, 3, 7, 14, 56, 43, tzinfo=UTC) + timedelta(hours=-7)
    assert item.published_at.utcoffset() == timedelta(hours=7)
    assert (item.feed, item.category, item.lang) == ("id-terkini", "terkini", "id")
    assert item.guid == "https://www.antaranews.com/berita/5000001/banjir"


def test_items_without_link_and_duplicate_guids_are_skipped_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    body = rss_feed(
        [
            FakeItem("Satu", "https://www.antaranews.com/berita/1/satu", guid="g-1"),
            FakeItem("Satu lagi", "https://www.antaranews.com/berita/1/satu-lagi", guid="g-1"),
            FakeItem("Tanpa tautan", "", guid="g-2"),
            FakeItem("Dua", "https://www.antaranews.com/berita/2/dua", guid="g-3"),
        ]
    )
    with caplog.at_level(logging.WARNING, logger="pipeline.feeds"):
        items, skipped = parse_feed(TERKINI, body)
    assert [item.title for item in items] == ["Satu", "Dua"]
    assert sorted(s.reason for s in skipped) == ["duplicate_guid", "no_link"]
    assert "skipped item 'https://www.antaranews.com/berita/1/satu-lagi' (duplicate_guid)" in caplog.text
    assert "skipped item 'Tanpa tautan' (no_link)" in caplog.text


@pytest.mark.parametrize(
    "pub_date",
    [
        "Tue, 31 Feb 2026 10:00:00 +0700",
        "kemarin sore",
        "Mon, 01 Jan 1900 00:00:00 +0700",
        "Fri, 01 Jan 2999 00:00:00 +0700",
    ],
)
def test_impossible_dates_are_dropped_with_a_log_line_and_the_item_kept(
    pub_date: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = rss_feed([FakeItem("Tanggal aneh", "https://www.antaranews.com/berita/3/aneh", pub_date=pub_date)])
    with caplog.at_level(logging.WARNING, logger="pipeline.feeds"):
        [item], skipped = parse_feed(TERKINI, body)
    assert item.published_at is None
    assert skipped == []
    assert f"impossible date {pub_date!r}" in caplog.text


def test_malformed_xml_keeps_the_items_feedparser_recovered(caplog: pytest.LogCaptureFixture) -> None:
    good = rss_feed([FakeItem("Utuh", "https://www.antaranews.com/berita/7/utuh")])
    broken = good.replace(b"</channel>", b"<item><title>Rusak & tak tertutup</title></channel>")
    with caplog.at_level(logging.WARNING, logger="pipeline.feeds"):
        items, skipped = parse_feed(TERKINI, broken)
    assert [item.title for item in items] == ["Utuh"]
    assert "malformed XML, using the" in caplog.text
    assert [s.reason for s in skipped] == ["no_link"]  # the broken item had no link


def test_unreadable_and_empty_feeds_are_reported() -> None:
    items, skipped = parse_feed(TERKINI, b"<html><body>Service unavailable")
    assert items == []
    assert skipped[0].reason.startswith("malformed_feed:")
    items, skipped = parse_feed(TERKINI, rss_feed([]))
    assert items == []
    assert [s.reason for s in skipped] == ["empty_feed"]


# --- refs -------------------------------------------------------------------------------------------


def item(feed: Feed, url: str, title: str = "t") -> FeedItem:
    return FeedItem(feed=feed.name, category=feed.category, lang=feed.lang, url=url, title=title)


def test_refs_merge_the_same_article_across_feeds_and_schemes() -> None:
    refs, skipped = refs_of(
        [
            item(TERKINI, "https://www.antaranews.com/berita/100/slug", "Judul"),
            item(POLITIK, "http://m.antaranews.com/berita/100/slug?utm_source=x"),
            item(POLITIK, "https://otomotif.antaranews.com/berita/9/mobil"),
        ]
    )
    assert skipped == []
    assert [ref.key for ref in refs] == ["otomotif.antaranews.com/berita/9", "www.antaranews.com/berita/100"]
    merged = refs[1]
    assert merged.categories == ["politik", "terkini"]
    assert merged.feeds == ["id-politik", "id-terkini"]
    assert merged.url == "https://www.antaranews.com/berita/100/slug"
    assert merged.feed_title == "Judul"


def test_refs_skip_media_foreign_hosts_non_articles_and_fresh_known_keys(caplog: pytest.LogCaptureFixture) -> None:
    known = {
        "www.antaranews.com/berita/1": NOW - timedelta(hours=1),  # fresh: skipped
        "www.antaranews.com/berita/2": NOW - timedelta(hours=49),  # due for a re-check: kept
    }
    items = [
        item(TERKINI, "https://www.antaranews.com/video/10/v"),
        item(POLITIK, "https://www.antaranews.com/video/10/v"),  # same link, counted once
        item(TERKINI, "https://www.antaranews.com/foto/11/f"),
        item(TERKINI, "https://www.antaranews.com/infografik/12/i"),
        item(TERKINI, "https://evil.example.com/berita/13/x"),
        item(TERKINI, "https://www.antaranews.com/terkini"),
        item(TERKINI, "https://www.antaranews.com/berita/1/lama"),
        item(TERKINI, "https://www.antaranews.com/berita/2/cek-ulang"),
    ]
    with caplog.at_level(logging.INFO, logger="pipeline.feeds"):
        refs, skipped = refs_of(items, known)
    assert [ref.key for ref in refs] == ["www.antaranews.com/berita/2"]
    assert sorted(s.reason for s in skipped) == [
        "already_stored",
        "media:foto",
        "media:infografik",
        "media:video",
        "not_an_article",
        "off_allowlist",
    ]
    assert "https://evil.example.com/berita/13/x not fetched (off_allowlist)" in caplog.text
    assert "media:video=1" in caplog.text
