"""A small invented ANTARA, served by :class:`FakeSite`: feeds built over the extraction gold pages.

Used by the end-to-end tests and to record the demo archive (``pipeline/demo/``). Feed URLs are
``http://`` so the fake site can serve them as an HTTP proxy; their names and paths match the
packaged registry, so an archive recorded here replays under the real ``https://`` URLs too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

import yaml

from support.fake_site import RSS, FakeItem, FakeSite, Route, rss_feed

GOLD = Path(__file__).resolve().parent.parent / "gold" / "extraction"
ROBOTS = "User-agent: *\nDisallow: /search\nDisallow: /cari\n"
OFF_SITE_LINK = "http://news.example.org/berita/991/bukan-antara"
FAILING_FEED_URL = "http://www.antaranews.com/rss/hukum.xml"


@dataclass(frozen=True)
class SiteFeed:
    name: str
    path: str
    host: str
    lang: str
    category: str
    files: tuple[str, ...]
    extra_links: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return f"http://{self.host}{self.path}"


FEEDS = (
    SiteFeed(
        "id-terkini",
        "/rss/terkini.xml",
        "www.antaranews.com",
        "id",
        "terkini",
        (
            "c_id_bendungan.html",
            "c_id_suku_bunga.html",
            "c_id_gempa_poso.html",
            "c_id_bali_wita.html",
            "c_id_papua_wit.html",
            "c_id_otomotif.html",
            "video.html",
            "photo.html",
            "soft_404.html",
            "empty_shell.html",
        ),
        extra_links=(OFF_SITE_LINK,),
    ),
    SiteFeed(
        "id-ekonomi",
        "/rss/ekonomi.xml",
        "www.antaranews.com",
        "id",
        "ekonomi",
        ("c_id_bendungan.html", "c_id_suku_bunga.html", "c_id_papua_wit.html"),
    ),
    SiteFeed(
        "id-warta-bumi", "/rss/warta-bumi.xml", "www.antaranews.com", "id", "warta-bumi", ("c_id_gempa_poso.html",)
    ),
    SiteFeed(
        "en-news",
        "/rss/news.xml",
        "en.antaranews.com",
        "en",
        "news",
        ("c_en_quake_poso.html", "c_en_toll_road.html", "c_en_dengue.html"),
    ),
    SiteFeed(
        "en-business-investment",
        "/rss/business-investment.xml",
        "en.antaranews.com",
        "en",
        "business-investment",
        ("c_en_toll_road.html",),
    ),
)
#: What a run over this site must load: the text articles of all feeds (each once).
ARTICLE_FILES = sorted({f for feed in FEEDS for f in feed.files if f.startswith("c_")})


def gold_entries() -> dict[str, dict]:
    return {entry["file"]: entry for entry in json.loads((GOLD / "expected.json").read_text(encoding="utf-8"))}


def http_url(url: str) -> str:
    return "http://" + url.split("://", 1)[1]


def _pub_date(entry: dict) -> str | None:
    stamp = entry.get("feed_published_at") or entry.get("published_at")
    return format_datetime(datetime.fromisoformat(stamp)) if stamp else None


def feed_document(feed: SiteFeed, entries: dict[str, dict]) -> bytes:
    items = [
        FakeItem(
            title=entries[name].get("title") or name,
            link=http_url(entries[name]["url"]),
            pub_date=_pub_date(entries[name]) or "Fri, 27 Nov 2026 08:00:00 +0700",
            lead=((entries[name].get("body") or "").split("\n\n")[0][:160] + " ..."),
        )
        for name in feed.files
    ]
    items += [FakeItem(title="Tautan luar", link=link) for link in feed.extra_links]
    title = "Berita Terkini - ANTARA News" if feed.lang == "id" else "ANTARA News - Latest News"
    return rss_feed(items, channel_title=title)


def serve_antara(site: FakeSite, *, failing_feed: bool = False) -> None:
    """Route every feed, page and robots.txt of the invented ANTARA onto ``site``."""
    entries = gold_entries()
    for feed in FEEDS:
        validators = {"etag": f'"{feed.name}-1"', "last_modified": "Fri, 27 Nov 2026 08:00:00 GMT"}
        site.route(feed.url, Route(body=feed_document(feed, entries), content_type=RSS, **validators))
    for name in {f for feed in FEEDS for f in feed.files}:
        site.route(http_url(entries[name]["url"]), Route(body=(GOLD / name).read_bytes()))
    for host in {http_url(e["url"]).split("/")[2] for e in entries.values()}:
        site.robots(host, ROBOTS)
    if failing_feed:
        site.route(FAILING_FEED_URL, Route(status=500, body="Internal Server Error"))


def write_registry(path: Path, *, failing_feed: bool = False) -> Path:
    """A feed registry for this site (what ``ANTARA_FEEDS`` points at in tests)."""
    feeds = [{"name": f.name, "url": f.url, "lang": f.lang, "category": f.category} for f in FEEDS]
    if failing_feed:
        feeds.append({"name": "id-hukum", "url": FAILING_FEED_URL, "lang": "id", "category": "hukum"})
    path.write_text(yaml.safe_dump({"feeds": feeds}, sort_keys=False), encoding="utf-8")
    return path
