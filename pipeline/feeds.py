"""The feed registry and RSS parsing: from feed bytes to article references.

ANTARA's feeds carry no ``<category>``, so each item's category is the category of the feed it came
from; one article appears in several kanal feeds and is merged on its canonical key
(:mod:`pipeline.urls`). Parsing is tolerant of the real quirks (a blank line before ``<?xml``,
entity-escaped or CDATA HTML descriptions, ``&#13;``, ``+0700`` dates); whatever cannot be used is
logged and returned as :class:`~pipeline.models.Skipped`, never silently dropped.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
import yaml
from pydantic import ValidationError

from pipeline.models import ArticleRef, Feed, FeedItem, Skipped
from pipeline.urls import host_allowed, parse_article_url

log = logging.getLogger(__name__)

STAGE = "feeds"
#: Dates before this are typos or epoch defaults, not ANTARA news.
EARLIEST_PLAUSIBLE = datetime(1990, 1, 1, tzinfo=UTC)
#: A pubDate further in the future than this is a wrong clock or a wrong zone, not news.
FUTURE_TOLERANCE = timedelta(days=1)
_WHITESPACE = re.compile(r"\s+")


class RegistryError(ValueError):
    """The feed registry file is missing, unreadable or has an invalid entry."""


# --- registry -------------------------------------------------------------------------------------


def load_registry(path: Path) -> list[Feed]:
    """Read ``feeds.yaml`` (top-level ``feeds:`` list); errors name the file and the entry."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read the feed registry: {exc}") from exc
    entries = document.get("feeds") if isinstance(document, dict) else None
    if not isinstance(entries, list) or not entries:
        raise RegistryError(f"{path}: expected a non-empty top-level 'feeds:' list")
    feeds = [_registry_entry(path, index, entry) for index, entry in enumerate(entries)]
    _reject_duplicates(path, feeds)
    return feeds


def _registry_entry(path: Path, index: int, entry: Any) -> Feed:
    label = f"{path}: feeds[{index}]"
    if not isinstance(entry, dict):
        raise RegistryError(f"{label}: expected a mapping with name, url, lang, category, got {entry!r}")
    label += f" ({entry.get('name', '?')})"
    try:
        return Feed.model_validate(entry)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
        raise RegistryError(f"{label}: {problems}") from exc


def _reject_duplicates(path: Path, feeds: list[Feed]) -> None:
    for field in ("name", "url"):
        counts = Counter(getattr(feed, field) for feed in feeds)
        duplicates = sorted(value for value, n in counts.items() if n > 1)
        if duplicates:
            raise RegistryError(f"{path}: duplicate feed {field}(s): {', '.join(duplicates)}")


# --- parsing --------------------------------------------------------------------------------------


def parse_feed(feed: Feed, body: bytes) -> tuple[list[FeedItem], list[Skipped]]:
    """Items announced by one feed response; malformed XML still yields what feedparser recovered."""
    parsed = feedparser.parse(body.lstrip())  # ANTARA's blank line before <?xml trips strict parsers
    problem = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}" if parsed.bozo else None
    if problem and parsed.entries:
        log.warning(
            "feed %s: malformed XML, using the %d items recovered (%s)", feed.name, len(parsed.entries), problem
        )
    items, skipped = _items(feed, parsed.entries)
    if problem and not items:
        log.warning("feed %s: unreadable XML, no usable items recovered (%s)", feed.name, problem)
        skipped.insert(0, Skipped(stage=STAGE, feed=feed.name, url=feed.url, reason=f"malformed_feed: {problem}"))
    elif not parsed.entries:
        log.warning("feed %s: no items", feed.name)
        skipped.append(Skipped(stage=STAGE, feed=feed.name, url=feed.url, reason="empty_feed"))
    return items, skipped


def _items(feed: Feed, entries: list[Any]) -> tuple[list[FeedItem], list[Skipped]]:
    items: list[FeedItem] = []
    skipped: list[Skipped] = []
    seen_ids: set[str] = set()
    for entry in entries:
        item, reason = _item_from_entry(feed, entry)
        if item is not None:
            identity = item.guid or item.url
            if identity in seen_ids:
                item, reason = None, "duplicate_guid"
            seen_ids.add(identity)
        if item is None:
            url = (entry.get("link") or "").strip() or None
            log.warning("feed %s: skipped item %r (%s)", feed.name, url or entry.get("title"), reason)
            skipped.append(Skipped(stage=STAGE, feed=feed.name, url=url, reason=reason))
        else:
            items.append(item)
    return items, skipped


def _item_from_entry(feed: Feed, entry: Any) -> tuple[FeedItem | None, str]:
    link = (entry.get("link") or "").strip()
    if not link:
        return None, "no_link"
    return (
        FeedItem(
            feed=feed.name,
            category=feed.category,
            lang=feed.lang,
            url=urljoin(feed.url, link),
            title=_plain_text(entry.get("title")),
            summary=_plain_text(entry.get("summary")),
            guid=(entry.get("id") or "").strip() or None,
            published_at=_published_at(feed, entry),
        ),
        "",
    )


def _plain_text(html: str | None) -> str | None:
    """Description HTML (``<img>`` + lead, entity-escaped or CDATA) → one line of text."""
    if not html or not html.strip():
        return None
    text = lxml.html.fragment_fromstring(html, create_parent="div").text_content() if "<" in html else html
    text = _WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()
    return text or None


def _published_at(feed: Feed, entry: Any) -> datetime | None:
    """``pubDate`` with its own offset (``+0700``); impossible dates are logged and dropped."""
    raw = (entry.get("published") or entry.get("updated") or "").strip()
    if not raw:
        return None
    value = _parse_date(raw)
    now = datetime.now(UTC)
    if value is None or not EARLIEST_PLAUSIBLE <= value <= now + FUTURE_TOLERANCE:
        log.warning("feed %s: impossible date %r on %s, date dropped", feed.name, raw, entry.get("link"))
        return None
    return value


def _parse_date(raw: str) -> datetime | None:
    for parse in (parsedate_to_datetime, datetime.fromisoformat):
        try:
            value = parse(raw)
        except (TypeError, ValueError, IndexError, OverflowError):
            continue
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return None


# --- references -----------------------------------------------------------------------------------


def collect_refs(
    items: list[FeedItem],
    *,
    allowed_hosts: list[str],
    known: dict[str, datetime],
    recheck_after: timedelta,
    now: datetime,
) -> tuple[list[ArticleRef], list[Skipped]]:
    """Merge items on the article key; skip media, foreign hosts, non-articles and fresh known keys."""
    refs: dict[str, ArticleRef] = {}
    skipped: dict[tuple[str, str], Skipped] = {}
    for item in items:
        reason = _skip_reason(item, allowed_hosts, known, recheck_after, now)
        if reason:
            skipped.setdefault((item.url, reason), Skipped(stage=STAGE, feed=item.feed, url=item.url, reason=reason))
            continue
        key = parse_article_url(item.url).key  # type: ignore[union-attr]  # _skip_reason checked it
        refs[key] = _merge(refs.get(key), key, item)
    _log_skips(list(skipped.values()))
    return sorted(refs.values(), key=lambda ref: ref.key), list(skipped.values())


def _skip_reason(
    item: FeedItem, allowed_hosts: list[str], known: dict[str, datetime], recheck_after: timedelta, now: datetime
) -> str | None:
    if not host_allowed(item.url, allowed_hosts):
        return "off_allowlist"
    article = parse_article_url(item.url)
    if article is None:
        return "not_an_article"
    if not article.is_text:
        return f"media:{article.content_type}"
    stored_at = known.get(article.key)
    if stored_at is not None and now - stored_at < recheck_after:
        return "already_stored"
    return None


def _merge(ref: ArticleRef | None, key: str, item: FeedItem) -> ArticleRef:
    if ref is None:
        return ArticleRef(
            key=key,
            url=item.url,
            lang=item.lang,
            categories=[item.category],
            feeds=[item.feed],
            feed_title=item.title,
            feed_published_at=item.published_at,
        )
    return ref.model_copy(
        update={
            "categories": sorted({*ref.categories, item.category}),
            "feeds": sorted({*ref.feeds, item.feed}),
            "feed_title": ref.feed_title or item.title,
            "feed_published_at": ref.feed_published_at or item.published_at,
        }
    )


def _log_skips(skipped: list[Skipped]) -> None:
    counts = Counter(s.reason for s in skipped)
    for s in skipped:
        if s.reason == "off_allowlist" or s.reason == "not_an_article":
            log.warning("feed %s: %s not fetched (%s)", s.feed, s.url, s.reason)
    if counts:
        log.info("skipped feed links: %s", ", ".join(f"{reason}={n}" for reason, n in sorted(counts.items())))
