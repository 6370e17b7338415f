"""The two fetch stages: poll one feed (conditional GET, health, back-off) and fetch article pages."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pipeline.config import Settings
from pipeline.feeds import parse_feed
from pipeline.fetch.progress import PageProgress
from pipeline.fetch.types import FetchError, Source
from pipeline.models import ArticleRef, Feed, FeedItem, FeedState, FetchAttempt, FetchOutcome, Page, Skipped
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)

#: First back-off once a feed has failed ``feed_backoff_after_failures`` times; doubles per further failure.
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(hours=24)
STAGE_FEEDS = "feeds"  # the same stage name pipeline.feeds uses for its skips
STAGE_PAGES = "fetch"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class FeedResult:
    """One feed poll: the items (empty when unchanged or failed), what was skipped, the new state."""

    state: FeedState
    items: list[FeedItem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    unchanged: bool = False
    error: str | None = None


# --- feeds ----------------------------------------------------------------------------------------


def fetch_feed(feed: Feed, source: Source, state: FeedState | None, *, now: datetime, settings: Settings) -> FeedResult:
    """Poll one feed; never raises for a fetch or parse problem (one failing feed never fails the others)."""
    state = state or FeedState(feed=feed.name, url=feed.url)
    if state.backoff_until is not None and now < state.backoff_until:
        log.info(
            "feed %s: backed off until %s after %d failures", feed.name, state.backoff_until, state.consecutive_failures
        )
        skip = Skipped(stage=STAGE_FEEDS, feed=feed.name, url=feed.url, reason="backed_off")
        return FeedResult(skipped=[skip], state=state, unchanged=True)
    first_event = len(source.events)
    try:
        result = _poll(feed, source, state, now=now, settings=settings)
    except FetchError as exc:
        result = _failed(feed, state, now, settings, exc.reason, exc.status, retry_at=exc.retry_at)
    except Exception as exc:  # a bug or an unforeseen input must still not take the other feeds down
        log.exception("feed %s: unexpected failure", feed.name)
        result = _failed(feed, state, now, settings, f"unexpected:{type(exc).__name__}: {exc}", None)
    source.events[first_event:] = [
        event.model_copy(update={"feed": feed.name}) for event in source.events[first_event:]
    ]
    return result


def _poll(feed: Feed, source: Source, state: FeedState, *, now: datetime, settings: Settings) -> FeedResult:
    response = source.get(feed.url, kind="feed", etag=state.etag, last_modified=state.last_modified)
    validators = {
        "etag": response.headers.get("etag") or (state.etag if response.not_modified else None),
        "last_modified": response.headers.get("last-modified")
        or (state.last_modified if response.not_modified else None),
    }
    healthy = {
        **validators,
        "last_status": response.status,
        "last_error": None,
        "last_checked_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
        "backoff_until": None,
        "new_items": 0,
    }
    digest = hashlib.sha256(response.body).hexdigest()
    if response.not_modified or digest == state.body_sha256:
        log.info("feed %s: unchanged (%s)", feed.name, "304" if response.not_modified else "same body")
        return FeedResult(state=state.model_copy(update=healthy), unchanged=True)
    items, skipped = parse_feed(feed, response.body)
    if not items and any(s.reason.startswith("malformed_feed") for s in skipped):
        return FeedResult(
            skipped=skipped,
            state=_failed(feed, state, now, settings, "malformed_feed", response.status).state,
            error="malformed_feed",
        )
    previous = set(state.last_links)
    new_items = sum(1 for item in items if item.url not in previous)
    healthy.update(
        new_items=new_items,
        items_seen=state.items_seen + new_items,
        body_sha256=digest,
        last_links=[item.url for item in items],
    )
    log.info("feed %s: %d items (%d new), %d skipped", feed.name, len(items), new_items, len(skipped))
    return FeedResult(items=items, skipped=skipped, state=state.model_copy(update=healthy))


def _failed(
    feed: Feed,
    state: FeedState,
    now: datetime,
    settings: Settings,
    reason: str,
    status: int | None,
    *,
    retry_at: datetime | None = None,
) -> FeedResult:
    """The feed's state after a failed poll; a server's ``Retry-After`` beyond the request budget backs it off
    until then, whatever the failure count."""
    failures = state.consecutive_failures + 1
    backoff_until = None
    if failures >= settings.feed_backoff_after_failures:
        backoff_until = now + min(BACKOFF_BASE * 2 ** (failures - settings.feed_backoff_after_failures), BACKOFF_MAX)
    if retry_at is not None:
        backoff_until = max(backoff_until or retry_at, retry_at)
    log.warning(
        "feed %s: failed (%s), %d consecutive failure(s)%s",
        feed.name,
        reason,
        failures,
        f", backing off until {backoff_until.isoformat()}" if backoff_until else "",
    )
    new_state = state.model_copy(
        update={
            "last_status": status,
            "last_error": reason,
            "last_checked_at": now,
            "consecutive_failures": failures,
            "backoff_until": backoff_until,
            "new_items": 0,
        }
    )
    skip = Skipped(stage=STAGE_FEEDS, feed=feed.name, url=feed.url, reason=reason)
    return FeedResult(skipped=[skip], state=new_state, error=reason)


# --- pages ----------------------------------------------------------------------------------------


def page_file_name(ref: ArticleRef) -> str:
    """``www.antaranews.com/berita/123`` → ``www.antaranews.com_berita_123.html``."""
    return _UNSAFE.sub("_", ref.key) + ".html"


def write_page(ref: ArticleRef, out_dir: Path, *, final_url: str, status: int, at: datetime, text: str) -> Page:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / page_file_name(ref)
    path.write_text(text, encoding="utf-8")
    return Page(ref=ref, final_url=final_url, status=status, fetched_at=at, html_path=str(path))


@dataclass
class PagesResult:
    """One fetch_pages pass: pages kept, what was skipped (for the report), each failure's typed outcome
    (for the frontier), and how many pages needed undecodable bytes replaced."""

    pages: list[Page] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    attempts: list[FetchAttempt] = field(default_factory=list)
    replaced_bytes_pages: int = 0

    def fail(self, ref: ArticleRef, error: FetchError, at: datetime) -> None:
        self.skipped.append(Skipped(stage=STAGE_PAGES, url=ref.url, reason=error.reason))
        self.attempts.append(
            FetchAttempt(
                key=ref.key,
                url=ref.url,
                outcome=error.outcome,
                reason=error.reason,
                status=error.status,
                at=at,
                retry_at=error.retry_at,
            )
        )


def fetch_pages(
    refs: list[ArticleRef], source: Source, out_dir: Path, progress: PageProgress | None = None
) -> PagesResult:
    """Fetch each article page and store its decoded HTML; faults are skipped with their reason and outcome.

    A transport or parsing bug on one URL is recorded as ``unexpected`` (transient) and the others carry on.
    ``progress`` (default: log lines) says how far the fetch is and when it will end.
    """
    result = PagesResult()
    pages, skipped = result.pages, result.skipped
    progress = progress or PageProgress(len(refs))
    try:
        for ref in refs:
            _fetch_page(ref, source, out_dir, result)
            progress.advance()
    finally:
        progress.close()
    log.info("pages: %d fetched, %d skipped", len(pages), len(skipped))
    return result


def _fetch_page(ref: ArticleRef, source: Source, out_dir: Path, result: PagesResult) -> None:
    """One page into ``result``: stored, or failed with its typed outcome."""
    try:
        response = source.get(ref.url, kind="page")
    except FetchError as exc:
        result.fail(ref, exc, datetime.now(UTC))
        return
    except Exception as exc:  # never let one URL take the whole stage down
        log.exception("page %s: unexpected failure", ref.url)
        result.fail(ref, FetchError(ref.url, FetchOutcome.UNEXPECTED, detail=type(exc).__name__), datetime.now(UTC))
        return
    if response.final_url != ref.url and parse_article_url(response.final_url) is None:
        # ANTARA answers a taken-down article with a redirect to its home page or a section index: gone, not moved.
        log.warning("page %s: redirected to %s (no article): treated as taken down", ref.url, response.final_url)
        detail = f"redirected to {response.final_url}"
        result.fail(ref, FetchError(ref.url, FetchOutcome.GONE, response.status, detail=detail), response.fetched_at)
        return
    if not response.text.strip():
        log.warning("page %s: empty body, skipped", ref.url)
        result.fail(ref, FetchError(ref.url, FetchOutcome.EMPTY_BODY, response.status), response.fetched_at)
        return
    result.replaced_bytes_pages += 1 if response.replaced_bytes else 0
    result.pages.append(
        write_page(
            ref,
            out_dir,
            final_url=response.final_url,
            status=response.status,
            at=response.fetched_at,
            text=response.text,
        )
    )
