"""Re-serving the raw archive: a network-free source, record iteration, and date-range backfill.

The replay source answers ``get`` with the latest archived response for the URL (matched without
the scheme, so an archive recorded over http serves the https URL) and applies exactly the checks
of the live client, so a replayed run keeps and skips the same things.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tqdm import tqdm

from pipeline.config import Settings
from pipeline.feeds import collect_refs, load_registry, parse_feed
from pipeline.fetch.archive import (
    ArchivedResponse,
    ArchiveLocation,
    RecordRef,
    load,
    replay_location,
    require_archive,
    scan,
    url_key,
)
from pipeline.fetch.checks import check_content_type, check_status, decode_body
from pipeline.fetch.types import FetchError, Kind, Response
from pipeline.models import ArticleRef, FeedItem, FetchEvent, Page, Skipped
from pipeline.runfiles import run_dir, write_jsonl
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)


class ReplaySource:
    """Serves archived responses; never touches the network.

    The archive is read through each file's kept CDXJ index (built on first use), so opening a source per feed and
    once for the pages costs an index read, not a re-scan of the archive. A missing archive is an immediate
    :class:`~pipeline.fetch.archive.ArchiveNotFound` naming the path, not a run of ``not_in_archive`` failures.
    """

    def __init__(self, location: ArchiveLocation) -> None:
        require_archive(location)
        self.location = location
        self.events: list[FetchEvent] = []
        self._latest: dict[str, RecordRef] = {}
        for ref in scan(location):
            if ref.status == 304 or ref.kind == "robots":  # a 304 has no body to re-serve
                continue
            current = self._latest.get(url_key(ref.url))
            if current is None or ref.fetched_at >= current.fetched_at:
                self._latest[url_key(ref.url)] = ref
        log.info("replay: %d archived URLs under %s", len(self._latest), location)

    def close(self) -> None:
        """Nothing to release: files are opened per read."""

    def get(self, url: str, *, kind: Kind, etag: str | None = None, last_modified: str | None = None) -> Response:
        ref = self._latest.get(url_key(url))
        if ref is None:
            return self._fail(url, kind, FetchError(url, "not_in_archive"))
        record = load(ref)
        if _unchanged(record, etag, last_modified):
            self._event(url, kind, 304, "not_modified", record)
            return Response(url, record.url, 304, record.headers, b"", "", record.fetched_at, not_modified=True)
        try:
            if record.truncated:
                raise FetchError(url, "too_large", record.status)
            check_status(url, record.status)
            check_content_type(url, kind, record.headers, record.status)
        except FetchError as exc:
            return self._fail(url, kind, exc, record)
        self._event(url, kind, record.status, "replayed", record)
        text = decode_body(record.body, record.headers)
        return Response(url, record.url, record.status, record.headers, record.body, text, record.fetched_at)

    def _fail(self, url: str, kind: Kind, exc: FetchError, record: ArchivedResponse | None = None) -> Response:
        log.warning("replay %s %s failed: %s", kind, url, exc.reason)
        self._event(url, kind, exc.status, "error", record, error=exc.reason)
        raise exc

    def _event(
        self, url: str, kind: Kind, status: int | None, outcome: str, record: ArchivedResponse | None, error: str = ""
    ) -> None:
        fetched_at = record.fetched_at if record else datetime.now(UTC)
        size = len(record.body) if record else 0
        self.events.append(
            FetchEvent(
                url=url,
                kind=kind,
                fetched_at=fetched_at,
                status=status,
                outcome=outcome,
                bytes=size,
                error=error or None,
            )
        )


def _unchanged(record: ArchivedResponse, etag: str | None, last_modified: str | None) -> bool:
    """The archive answers conditional requests like the server did: same validator, no new body."""
    if etag and record.headers.get("etag") == etag:
        return True
    return bool(last_modified and not etag and record.headers.get("last-modified") == last_modified)


# --- date ranges ----------------------------------------------------------------------------------


def iter_records(archive: ArchiveLocation, since: datetime, until: datetime) -> Iterator[ArchivedResponse]:
    """Archived responses with ``since <= WARC-Date < until``, oldest first (robots.txt excluded)."""
    refs = [ref for ref in scan(archive) if since <= ref.fetched_at < until and ref.kind != "robots"]
    for ref in sorted(refs, key=lambda r: r.fetched_at):
        yield load(ref)


@dataclass
class BackfillResult:
    """What a date range of the archive yields, ready for the extract stage."""

    items: list[FeedItem] = field(default_factory=list)
    refs: list[ArticleRef] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    records: int = 0


def as_utc(moment: datetime | None, default: datetime) -> datetime:
    """CLI dates may be naive (``2026-03-01``): they mean UTC, like WARC-Date."""
    if moment is None:
        return default
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def backfill_records(
    settings: Settings,
    *,
    since: datetime,
    until: datetime,
    pages_dir: Path,
    archive: ArchiveLocation | None = None,
    progress: bool = True,
) -> BackfillResult:
    """Rebuild feed items, article refs and page files for ``[since, until)`` from the archive alone.

    Feed responses are parsed against the registry (matched on the feed URL, scheme-insensitively);
    every text article they announce is served from the latest archived copy of its page in the range.
    """
    from pipeline.fetch.stages import write_page

    location = archive if archive is not None else replay_location(settings)
    feeds = {url_key(feed.url): feed for feed in load_registry(settings.feeds_file)}
    result = BackfillResult()
    pages: dict[str, ArchivedResponse] = {}
    records = iter_records(location, since, until)
    for record in tqdm(records, desc="archive records", unit="rec", disable=not progress):
        result.records += 1
        feed = feeds.get(url_key(record.url))
        if feed is not None and record.status == 200:
            items, skipped = parse_feed(feed, record.body)
            result.items += items
            result.skipped += skipped
        elif record.kind == "page" and record.status == 200 and not record.truncated:
            article = parse_article_url(record.url)
            if article is not None:
                pages[article.key] = record  # records come oldest first, so the latest copy wins
    result.refs, skipped = collect_refs(
        result.items,
        allowed_hosts=settings.allowed_hosts,
        known={},  # nothing is "known" in a backfill: every announced article counts
        recheck_after=timedelta(0),
        now=until,
    )
    result.skipped += skipped
    for ref in result.refs:
        record = pages.get(ref.key)
        if record is None:
            log.warning("backfill: no archived page for %s in the range", ref.url)
            result.skipped.append(Skipped(stage="fetch", url=ref.url, reason="not_in_archive"))
            continue
        text = decode_body(record.body, record.headers)
        page = write_page(ref, pages_dir, final_url=record.url, status=record.status, at=record.fetched_at, text=text)
        result.pages.append(page)
    return result


def backfill(
    settings: Settings,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    out_dir: Path | None = None,
    archive: ArchiveLocation | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """The CLI's ``replay``: a date range of the archive written as a run directory.

    The run directory gets the same files the live fetch stages write (``feeds/backfill.items.jsonl``,
    ``refs.jsonl``, ``pages.jsonl`` + ``pages/*.html``, ``skipped.jsonl``), so the extract → load
    stages continue from it unchanged. Returns a JSON-serialisable summary.
    """
    from pipeline import stages as run_files

    since = as_utc(since, datetime.min.replace(tzinfo=UTC))
    until = as_utc(until, datetime.now(UTC))
    if out_dir is None:
        out_dir = run_dir(settings.runs_dir, f"backfill__{since:%Y%m%dT%H%M%S}__{until:%Y%m%dT%H%M%S}")
    result = backfill_records(
        settings, since=since, until=until, pages_dir=out_dir / run_files.PAGES_DIR, archive=archive, progress=progress
    )
    write_jsonl(out_dir / run_files.FEEDS_DIR / "backfill.items.jsonl", result.items)
    write_jsonl(out_dir / run_files.REFS, result.refs)
    write_jsonl(out_dir / run_files.PAGES, result.pages)
    write_jsonl(out_dir / run_files.SKIPPED, result.skipped)
    summary = {
        "run_dir": str(out_dir),
        "since": since.isoformat(),
        "until": until.isoformat(),
        "records": result.records,
        "items": len(result.items),
        "articles": len(result.refs),
        "pages": len(result.pages),
        "skipped": len(result.skipped),
        "skipped_reasons": dict(sorted(Counter(s.reason for s in result.skipped).items())),
    }
    log.info("backfill: %s", summary)
    return summary
