"""ANTARA's sitemaps as a backfill source: sitemap index → dated sitemaps → article URLs.

Fetched through the live client (:class:`pipeline.fetch.live.LiveSource`): the same allowlist, robots.txt, per-host
delay shared across processes, retries and WARC archiving as the feeds. The sitemaps protocol
(https://www.sitemaps.org/protocol.html) and Google's news extension give each URL a ``<lastmod>`` and/or a
``<news:publication_date>``; the latter wins as the publication date.

* A sitemap whose own ``<lastmod>`` (in the index) is before ``since`` is not fetched: nothing in it can be newer.
* URLs that are not text articles of an allowlisted host are skipped; so are undated ones when a range is asked.
* Articles already in the warehouse are not fetched again, so a resumed backfill fetches each article once.
* Partitions are publication days.
* Served as XML (``application/xml``, ``text/xml``) or gzip (``sitemap.xml.gz`` as ``application/gzip``,
  ``application/x-gzip`` or ``application/octet-stream``): a gzip body is recognised by its magic bytes and
  inflated up to the protocol's 50 MiB, so a gzip bomb is one logged, skipped sitemap, never a full memory.
* The sitemap named on the command line must answer: if it cannot be used the backfill stops with
  :class:`SitemapUnavailable`; a child sitemap that fails is logged, counted and skipped.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from lxml import etree

from pipeline.backfill.dates import DateRange, day_of
from pipeline.backfill.warc import FetchedPage, text_article
from pipeline.config import Settings
from pipeline.extract.page import lang_for_url
from pipeline.fetch.checks import SITEMAP_TYPES
from pipeline.fetch.types import FetchError
from pipeline.models import ArticleRef, FetchEvent, FetchOutcome
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}
#: At most this many sitemap documents are followed from one index (nested indexes included).
MAX_SITEMAPS = 10_000
#: A sitemap inflates to at most this (the sitemaps protocol's limit for one file, uncompressed).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class SitemapError(ValueError):
    """A sitemap that cannot be used (not XML, not a sitemap, too large)."""


class SitemapUnavailable(RuntimeError):
    """The sitemap a backfill was asked to read could not be fetched or used: nothing to plan from."""


def inflate(body: bytes, limit: int = MAX_UNCOMPRESSED_BYTES) -> bytes:
    """A gzip body inflated, at most ``limit`` bytes of it (more is a :class:`SitemapError`: a bomb, or not a
    sitemap); a body without gzip's magic bytes is returned as it is."""
    if body[:2] != GZIP_MAGIC:
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
            inflated = unzipped.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(f"broken gzip: {exc}") from exc
    if len(inflated) > limit:
        raise SitemapError(f"gzip inflates past {limit} bytes ({len(body)} compressed): refused as a gzip bomb")
    return inflated


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    published_at: datetime | None


@dataclass(frozen=True)
class SitemapItem:
    ref: ArticleRef


def describe(exc: FetchError | SitemapError) -> str:
    """Why a sitemap could not be used, in a few words (the typed reason, its HTTP status, the parser's message)."""
    if isinstance(exc, SitemapError):
        return f"bad_sitemap: {exc}"
    return exc.reason + (f" (HTTP {exc.status})" if exc.status is not None else "")


def parse_when(text: str | None) -> datetime | None:
    """W3C datetime (``2026-03-01``, ``2026-03-01T10:15:00+07:00``); None when missing or unreadable."""
    if not text or not text.strip():
        return None
    value = text.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # a bare date means UTC, as everywhere here


def parse_sitemap(body: bytes, max_urls: int) -> tuple[list[SitemapEntry], list[SitemapEntry]]:
    """(child sitemaps, article entries) of one document — an index has the first, a urlset the second."""
    body = inflate(body)
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from exc
    tag = etree.QName(root).localname
    if tag not in ("sitemapindex", "urlset"):
        raise SitemapError(f"not a sitemap: root element <{tag}>")
    nodes = root.findall("sm:sitemap" if tag == "sitemapindex" else "sm:url", NS)
    if len(nodes) > max_urls:
        raise SitemapError(f"{len(nodes)} entries, more than the limit of {max_urls}")
    entries = []
    for node in nodes:
        loc = node.findtext("sm:loc", namespaces=NS)
        if not loc or not loc.strip():
            continue
        published = parse_when(node.findtext("news:news/news:publication_date", namespaces=NS))
        entries.append(SitemapEntry(loc.strip(), published or parse_when(node.findtext("sm:lastmod", namespaces=NS))))
    return (entries, []) if tag == "sitemapindex" else ([], entries)


@dataclass
class SitemapBackfill:
    """Backfill source over a sitemap (index) URL (``--sitemap URL``)."""

    url: str
    settings: Settings
    skipped: Counter[str] = field(default_factory=Counter)
    _source: Any = field(default=None, repr=False, compare=False)

    @property
    def name(self) -> str:
        return "sitemap-" + hashlib.sha256(self.url.encode()).hexdigest()[:10]

    def __getstate__(self) -> dict[str, Any]:  # worker processes open their own HTTP client
        return {**self.__dict__, "_source": None}

    def client(self) -> Any:
        if self._source is None:
            from pipeline.fetch.archive import WarcArchive, archive_location
            from pipeline.fetch.live import LiveSource

            archive = WarcArchive(archive_location(self.settings), f"backfill-{self.name}")
            self._source = LiveSource(self.settings, archive)
        return self._source

    def partitions(self, dates: DateRange) -> dict[date, list[SitemapItem]]:
        entries = self._article_entries(dates)
        known = self._known([entry for entry, _ in entries])
        days: dict[date, list[SitemapItem]] = {}
        for entry, ident in entries:
            if ident.key in known:
                self.skipped["already_loaded"] += 1
                continue
            ref = ArticleRef(
                key=ident.key, url=entry.url, lang=lang_for_url(entry.url), feed_published_at=entry.published_at
            )
            days.setdefault(day_of(entry.published_at), []).append(SitemapItem(ref))
        log.info(
            "sitemap %s: %d articles to fetch, skipped %s", self.url, sum(map(len, days.values())), dict(self.skipped)
        )
        return days

    def release(self) -> None:
        """Close the HTTP client and its WARC file (each partition's fetches end up archived and flushed)."""
        if self._source is not None:
            self._source.close()
            self._source.archive.close()
            self._source = None

    def page(self, item: SitemapItem) -> FetchedPage:
        response = self.client().get(item.ref.url, kind="page")
        if not response.text.strip():
            raise FetchError(item.ref.url, FetchOutcome.EMPTY_BODY, response.status)
        return FetchedPage(response.final_url, response.status, response.fetched_at, response.text)

    def fetch_events(self) -> list[FetchEvent]:
        """The HTTP exchanges of this client (sitemaps and pages) since it opened: one partition's, as the client is
        released after each."""
        return list(self._source.events) if self._source is not None else []

    def dump_item(self, item: SitemapItem) -> dict[str, Any]:
        return {"ref": item.ref.model_dump(mode="json")}

    def load_item(self, data: dict[str, Any]) -> SitemapItem:
        return SitemapItem(ArticleRef.model_validate(data["ref"]))

    # --- walking the sitemaps -------------------------------------------------------------------------------------

    def _article_entries(self, dates: DateRange) -> list[tuple[SitemapEntry, Any]]:
        found: dict[str, tuple[SitemapEntry, Any]] = {}
        children, articles = self._fetch(self.url, root=True)
        self._keep(articles, dates, found)
        pending, seen = list(children), {self.url}
        while pending and len(seen) < MAX_SITEMAPS:
            sitemap = pending.pop(0)
            if sitemap.url in seen:
                continue
            seen.add(sitemap.url)
            if dates.since and sitemap.published_at and day_of(sitemap.published_at) < dates.since:
                self.skipped["sitemap_older_than_range"] += 1
                continue
            children, articles = self._fetch(sitemap.url)
            pending.extend(children)
            self._keep(articles, dates, found)
        return list(found.values())

    def _keep(self, articles: list[SitemapEntry], dates: DateRange, found: dict[str, tuple[SitemapEntry, Any]]) -> None:
        """Add a sitemap's article entries in range to ``found`` (the first listing of a key wins)."""
        for entry in articles:
            ident = self._article(entry, dates)
            if ident is not None:
                found.setdefault(ident.key, (entry, ident))

    def _fetch(self, url: str, *, root: bool = False) -> tuple[list[SitemapEntry], list[SitemapEntry]]:
        """One sitemap's entries; a failure is logged once and skipped — or, for the sitemap the backfill was
        given (``root``), raised as :class:`SitemapUnavailable`."""
        try:
            response = self.client().get(url, kind="feed", accepted=SITEMAP_TYPES)
            return parse_sitemap(response.body, self.settings.backfill_sitemap_max_urls)
        except (FetchError, SitemapError) as exc:
            reason = exc.reason if isinstance(exc, FetchError) else "bad_sitemap"
            if root:
                raise SitemapUnavailable(f"sitemap {url} cannot be used: {describe(exc)}") from exc
            log.warning("sitemap %s skipped: %s", url, exc)
            self.skipped[f"sitemap_{reason}"] += 1
            return [], []

    def _article(self, entry: SitemapEntry, dates: DateRange) -> Any:
        ident = text_article(entry.url, self.settings.allowed_hosts, self.skipped)
        if ident is None:
            return None
        if entry.published_at is None:
            self.skipped["undated"] += 1
            return None
        if not dates.contains(entry.published_at):
            self.skipped["out_of_range"] += 1
            return None
        return ident

    def _known(self, entries: list[SitemapEntry]) -> set[str]:
        from pipeline.stages import open_warehouse

        keys = sorted({ident.key for entry in entries if (ident := parse_article_url(entry.url))})
        if not keys:
            return set()
        with open_warehouse(self.settings) as wh:
            return set(wh.known_articles(keys))
