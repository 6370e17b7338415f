"""ANTARA articles inside any WARC file or directory of WARCs: the project's own archive, ``wget --warc-file``,
other crawlers, Common Crawl's CC-NEWS.

Such files mix request, response, revisit, metadata and warcinfo records, and — CC-NEWS — mostly other publishers'
hosts. Everything is chosen from the files' CDXJ indexes (:func:`pipeline.fetch.archive.file_index`, built once per
file and kept beside it), so a backfill never re-reads an archive to plan: only the chosen records' bodies are read.

* Kept: response (or revisit) records of an allowlisted host whose URL is a text article (``/berita/``,
  ``/news/``), status 200; the latest capture of each article key wins.
* A revisit record ("identical payload", a later capture of an unchanged page) carries no body: it is served from
  the response it refers to — by ``WARC-Refers-To-Target-URI`` + ``WARC-Refers-To-Date``, else by payload digest.
  One whose original is not in the archive is skipped as ``revisit_without_original``.
* Files may be local paths or object-storage URLs (``s3://conn@bucket/cc-news/``), read through the same
  ``ObjectStoragePath`` as the run storage, so the DAG's workers need no shared disk for the archives either.
* Partitions are capture days: an article is published no later than it is captured, so captures before
  ``since`` are dropped here and the publication-date filter proper runs after extraction.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from pipeline.backfill.dates import DateRange, day_of
from pipeline.extract.page import lang_for_url
from pipeline.fetch.archive import (
    ArchivedResponse,
    RecordRef,
    file_index,
    index_line,
    load,
    parse_warc_date,
    ref_from_line,
    require_archive,
    url_key,
    warc_date,
)
from pipeline.fetch.checks import check_content_type, check_status, decode_body
from pipeline.fetch.types import FetchError
from pipeline.models import ArticleRef, FetchEvent, FetchOutcome
from pipeline.run.storage import RunPath, is_local, location
from pipeline.urls import host_allowed, parse_article_url

log = logging.getLogger(__name__)


def text_article(url: str, allowed_hosts: Sequence[str], skipped: Counter[str]) -> Any:  # -> ArticleId | None
    """The text article a backfill source's URL names, or None with the reason counted: every source (archives,
    sitemaps) keeps only allowlisted hosts and ANTARA's text-article URLs."""
    if not host_allowed(url, allowed_hosts):
        skipped["off_allowlist"] += 1
        return None
    ident = parse_article_url(url)
    if ident is None or not ident.is_text:
        skipped["not_an_article_url"] += 1
        return None
    return ident


@dataclass(frozen=True)
class Capture:
    """One article to backfill: what to call it, and the archived response that holds its page."""

    ref: ArticleRef
    record: RecordRef
    captured_at: datetime  # the chosen capture's time (the revisit's own date when it was a revisit)


@dataclass
class FetchedPage:
    final_url: str
    status: int
    fetched_at: object
    text: str


@dataclass
class WarcBackfill:
    """Backfill source over WARC files (``--archive PATH …``)."""

    paths: Sequence[RunPath]
    allowed_hosts: list[str]
    skipped: Counter[str] = field(default_factory=Counter)
    #: The archive files this process has open for reading records (one open per file and partition, not per page).
    _open_files: dict[str, IO[bytes]] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:  # worker processes open their own files
        return {**self.__dict__, "_open_files": {}}

    def release(self) -> None:
        """Close the archive files a partition read (called after each partition is prepared)."""
        for handle in self._open_files.values():
            handle.close()
        self._open_files.clear()

    @property
    def name(self) -> str:
        """Stable per set of archives, so a rerun finds its partitions' run directories again."""
        joined = "\n".join(sorted(str(Path(p).resolve() if is_local(p) else p) for p in self.paths))
        return "warc-" + hashlib.sha256(joined.encode()).hexdigest()[:10]

    def partitions(self, dates: DateRange) -> dict[date, list[Capture]]:
        chosen = self._captures(dates)
        days: dict[date, list[Capture]] = {}
        for capture in sorted(chosen, key=lambda c: (c.captured_at, c.ref.key)):
            days.setdefault(day_of(capture.captured_at), []).append(capture)
        return days

    def page(self, capture: Capture) -> FetchedPage:
        """The capture's page as the live client would have kept it (same status and content-type checks)."""
        record = self._read(capture.record)
        if record.truncated:
            raise FetchError(capture.ref.url, FetchOutcome.TOO_LARGE, record.status)
        check_status(capture.ref.url, record.status)
        check_content_type(capture.ref.url, "page", record.headers, record.status)
        text = decode_body(record.body, record.headers)
        return FetchedPage(record.url, record.status, capture.captured_at, text)

    def _read(self, ref: RecordRef) -> ArchivedResponse:
        """The record by FastWARC where it reads it as warcio does (a third of the time), else by warcio."""
        handle = self._open_files.get(str(ref.file))
        if handle is None:
            handle = self._open_files[str(ref.file)] = ref.file.open("rb")
        return fast_load(ref, handle) or load(ref)

    def fetch_events(self) -> list[FetchEvent]:
        """None: an archive is read, nothing is fetched (its exchanges were logged, if at all, when they were)."""
        return []

    def dump_item(self, capture: Capture) -> dict[str, Any]:
        """A planned capture as JSON: its reference, its record as the CDXJ index line names it, and its file."""
        return {
            "ref": capture.ref.model_dump(mode="json"),
            "file": str(capture.record.file),
            "record": index_line(capture.record),
            "captured_at": warc_date(capture.captured_at),
        }

    def load_item(self, data: dict[str, Any]) -> Capture:
        record = ref_from_line(location(data["file"]), data["record"])
        return Capture(ArticleRef.model_validate(data["ref"]), record, parse_warc_date(data["captured_at"]))

    # --- choosing records -----------------------------------------------------------------------------------------

    def _captures(self, dates: DateRange) -> list[Capture]:
        files = [file for path in self.paths for file in require_archive(path)]
        refs = [ref for file in files for ref in file_index(file)]
        originals: dict[tuple[str, object], RecordRef] = {}
        by_digest: dict[str, RecordRef] = {}
        if any(r.rec_type == "revisit" for r in refs):  # only then are originals looked up (url_key is not free)
            originals = {(url_key(r.url), r.fetched_at): r for r in refs if r.rec_type == "response"}
            by_digest = {r.digest: r for r in refs if r.rec_type == "response" and r.digest}
        latest: dict[str, Capture] = {}
        for ref in refs:
            ident = self._article(ref)
            if ident is None or (dates.start is not None and ref.fetched_at < dates.start):
                continue
            record = ref if ref.rec_type == "response" else self._original(ref, originals, by_digest)
            if record is None:
                self.skipped["revisit_without_original"] += 1
                continue
            current = latest.get(ident.key)
            if current is None or ref.fetched_at >= current.captured_at:
                article_ref = ArticleRef(key=ident.key, url=ref.url, lang=lang_for_url(ref.url))
                latest[ident.key] = Capture(article_ref, record, ref.fetched_at)
        log.info(
            "archive: %d records in %d files, %d ANTARA articles chosen, skipped %s",
            len(refs),
            len(files),
            len(latest),
            dict(self.skipped),
        )
        return list(latest.values())

    def _article(self, ref: RecordRef):  # -> ArticleId | None
        ident = text_article(ref.url, self.allowed_hosts, self.skipped)
        if ident is None:
            return None
        if ref.status != 200 and not (ref.rec_type == "revisit" and ref.status in (0, 200)):
            self.skipped[f"status_{ref.status}"] += 1
            return None
        return ident

    @staticmethod
    def _original(
        revisit: RecordRef, originals: dict[tuple[str, object], RecordRef], by_digest: dict[str, RecordRef]
    ) -> RecordRef | None:
        if revisit.refers_to_url and revisit.refers_to_date:
            found = originals.get((url_key(revisit.refers_to_url), revisit.refers_to_date))
            if found is not None:
                return found
        return by_digest.get(revisit.digest) if revisit.digest else None


#: HTTP headers whose payload warcio's ``content_stream`` decodes (chunks, compression) and FastWARC hands over raw.
_DECODED_BY_WARCIO = ("transfer-encoding", "content-encoding")


def fast_load(ref: RecordRef, handle: IO[bytes]) -> ArchivedResponse | None:
    """The response record at ``ref.offset`` read by FastWARC from the open ``handle``, or None where warcio must
    read it: FastWARC not installed, nothing readable there (damage, an offset inside one whole-file gzip stream), a
    record not the indexed response, non-ASCII HTTP headers (the two decode them differently), or a payload warcio
    would decode (chunked, compressed)."""
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        handle.seek(ref.offset)
        record = next(iter(FastIterator(handle, parse_http=True)), None)
        if record is None or record.headers.get("WARC-Target-URI") != ref.url or record.http_headers is None:
            return None
        if record.http_headers.status_code != ref.status:
            return None
        pairs = record.http_headers.astuples()
        body = record.reader.read()
    except Exception:  # any failure to read it: warcio reads it, and reports what is wrong
        return None
    if not all(name.isascii() and value.isascii() for name, value in pairs):
        return None
    headers = {name.lower(): value for name, value in pairs}  # the last of repeated headers, as load() keeps
    if any(name in headers for name in _DECODED_BY_WARCIO):
        return None
    return ArchivedResponse(ref.url, ref.kind, ref.status, headers, body, ref.fetched_at, ref.truncated)
