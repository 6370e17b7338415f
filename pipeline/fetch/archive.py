"""The raw archive: every HTTP exchange as gzip WARC request/response records.

One file per run and process (``antara-<run>-<utc>-<pid>.warc.gz``) so parallel tasks never share
a writer. The location is a local directory or an ``ObjectStoragePath`` URL (``s3://…``,
``file://…``) when Airflow is importable. Bodies are stored decoded (Content-Encoding removed), so
the archive can be re-served without knowing how the server compressed them.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from pipeline import __version__
from pipeline.config import Settings
from pipeline.fetch.types import Exchange

log = logging.getLogger(__name__)

KIND_HEADER = "X-Antara-Kind"
#: Hop-by-hop and encoding headers that would misdescribe the decoded body we store.
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):/+(?P<rest>.*)$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
ArchiveLocation = Path | Any  # a local Path or an airflow.sdk.ObjectStoragePath


def location_from(value: Path | str | None, settings: Settings) -> ArchiveLocation:
    """A configured archive location; URLs (also as ``Path`` mangles them, ``s3:/b``) become ObjectStoragePaths."""
    text = str(settings.resolved_archive_dir if value is None else value)
    match = _URL.match(text)
    if not match:
        return Path(text).expanduser().resolve()
    scheme, rest = match["scheme"].lower(), match["rest"]
    url = f"file:///{rest}" if scheme == "file" else f"{scheme}://{rest}"
    try:
        from airflow.sdk import ObjectStoragePath
    except ImportError as exc:  # pragma: no cover - airflow is a declared dependency
        raise RuntimeError(f"archive location {url} needs airflow.sdk.ObjectStoragePath (apache-airflow)") from exc
    return ObjectStoragePath(url)


def archive_location(settings: Settings) -> ArchiveLocation:
    """Where this run writes its WARC file (``ANTARA_ARCHIVE_DIR``, default ``<data_dir>/archive``)."""
    return location_from(settings.archive_dir, settings)


def replay_location(settings: Settings) -> ArchiveLocation:
    """What ``source=replay`` reads: ``ANTARA_REPLAY_ARCHIVE`` (file or directory), else the archive dir."""
    return location_from(settings.replay_archive, settings) if settings.replay_archive else archive_location(settings)


def warc_date(moment: datetime) -> str:
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def parse_warc_date(value: str) -> datetime:
    return iso_date_to_datetime(value, tz_aware=True)


def _stored_headers(headers: dict[str, str], body: bytes) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in headers.items() if name.lower() not in _DROPPED_HEADERS]
    return [*kept, ("Content-Length", str(len(body)))]


class WarcArchive:
    """Writes one gzip WARC file for this run/process, created on the first exchange."""

    def __init__(self, location: ArchiveLocation, run_id: str) -> None:
        self.location = location
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        # pid + a random tag: two sources opened by one process in the same second (dag.test(),
        # the CLI) must never overwrite each other's file
        self.name = f"antara-{_UNSAFE.sub('_', run_id)}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}.warc.gz"
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None

    @property
    def path(self) -> ArchiveLocation:
        return self.location / self.name

    def write(self, exchange: Exchange, *, truncated: bool = False) -> None:
        with self._lock:
            writer = self._writer or self._open()
            response = self._response_record(writer, exchange, truncated)
            request = self._request_record(writer, exchange, response.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(request)
            writer.write_record(response)

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = self._writer = None

    def _open(self) -> WARCWriter:
        self.location.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("wb")
        self._writer = WARCWriter(self._file, gzip=True)
        info = {"software": f"antara-pipeline/{__version__} (warcio)", "format": "WARC File Format 1.1"}
        self._writer.write_record(self._writer.create_warcinfo_record(self.name, info))
        return self._writer

    @staticmethod
    def _response_record(writer: WARCWriter, exchange: Exchange, truncated: bool) -> Any:
        warc_headers = {"WARC-Date": warc_date(exchange.fetched_at), KIND_HEADER: exchange.kind, **exchange.extra}
        if truncated:
            warc_headers["WARC-Truncated"] = "length"
        http = StatusAndHeaders(
            f"{exchange.status} {exchange.reason}".strip(),
            _stored_headers(exchange.headers, exchange.body),
            protocol="HTTP/1.1",
        )
        return writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            warc_headers_dict=warc_headers,
            http_headers=http,
        )

    @staticmethod
    def _request_record(writer: WARCWriter, exchange: Exchange, response_id: str) -> Any:
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = [("Host", parts.netloc), *exchange.request_headers.items()]
        http = StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)
        warc_headers = {
            "WARC-Date": warc_date(exchange.fetched_at),
            "WARC-Concurrent-To": response_id,
            KIND_HEADER: exchange.kind,
        }
        return writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), warc_headers_dict=warc_headers, http_headers=http
        )


# --- reading ---------------------------------------------------------------------------------------
#
# Every WARC file gets a CDXJ index (``<file>.cdxj``, one line per response/revisit record: the scheme-insensitive URL
# key, the 14-digit capture time, then a JSON object with url, status, mime, digest, offset, …), built once with
# warcio and kept beside the file, so replays and backfills look records up instead of re-reading the archive.
# A corrupted record is skipped — the reader re-synchronises on the next gzip member (or ``WARC/`` line) — and a
# truncated file is reported; both name the file and the offset, and every intact record stays usable.

INDEX_SUFFIX = ".cdxj"
INDEX_FORMAT = "antara-cdxj/1"
INDEXED_TYPES = frozenset({"response", "revisit"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_RESYNC_CHUNK = 1 << 20


class ArchiveNotFound(FileNotFoundError):
    """A configured archive path that does not exist, or holds no WARC file."""


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where one archived response (or revisit) lives, plus what is needed to choose it without reading it."""

    url: str
    kind: str
    status: int
    fetched_at: datetime
    file: Any
    offset: int
    truncated: bool
    rec_type: str = "response"
    digest: str | None = None
    refers_to_url: str | None = None
    refers_to_date: datetime | None = None
    mime: str = ""


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    kind: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    truncated: bool = False


@dataclass
class IndexProblems:
    """What reading a WARC file found wrong (each also logged with file and offset)."""

    corrupted: list[tuple[int, str]] = field(default_factory=list)
    truncated_at: int | None = None

    def truncated(self, file: Any, offset: int, why: str) -> None:
        """The file ends inside the record at ``offset``: noted and logged (the one wording of it)."""
        self.truncated_at = offset
        log.warning("WARC %s is truncated: the record at offset %d is incomplete (%s)", file, offset, why)


def warc_files(location: ArchiveLocation) -> list[Any]:
    """The WARC files at a location: the file itself, or every ``*.warc[.gz]`` below a directory."""
    if location.is_file():
        return [location]
    if not location.exists():
        return []
    found = [*location.rglob("*.warc.gz"), *location.rglob("*.warc")]
    return sorted(found, key=str)


def require_archive(location: ArchiveLocation) -> list[Any]:
    """The WARC files at ``location``, or :class:`ArchiveNotFound` naming the path — before anything runs."""
    if not location.exists():
        raise ArchiveNotFound(f"archive not found: {location} does not exist")
    files = warc_files(location)
    if not files:
        raise ArchiveNotFound(f"archive not found: {location} holds no *.warc or *.warc.gz file")
    return files


def index_path(file: Any) -> Any:
    return file.parent / (file.name + INDEX_SUFFIX)


def _ref_from_record(file: Any, offset: int, record: Any) -> RecordRef | None:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    if record.rec_type not in INDEXED_TYPES or not url:
        return None
    http = record.http_headers
    status = int(http.get_statuscode()) if http is not None and http.get_statuscode() else 0
    refers_date = headers.get_header("WARC-Refers-To-Date")
    return RecordRef(
        url=url,
        kind=headers.get_header(KIND_HEADER) or "page",
        status=status,
        fetched_at=parse_warc_date(headers.get_header("WARC-Date")),
        file=file,
        offset=offset,
        truncated=headers.get_header("WARC-Truncated") is not None,
        rec_type=record.rec_type,
        digest=headers.get_header("WARC-Payload-Digest"),
        refers_to_url=headers.get_header("WARC-Refers-To-Target-URI"),
        refers_to_date=parse_warc_date(refers_date) if refers_date else None,
        mime=(http.get_header("Content-Type") or "") if http is not None else "",
    )


def _next_record_start(fh: IO[bytes], after: int) -> int | None:
    """The offset of the next gzip member or ``WARC/`` header after ``after`` (re-synchronising past damage)."""
    position = after + 1
    while True:
        fh.seek(position)
        chunk = fh.read(_RESYNC_CHUNK + len(_WARC_MAGIC))
        if not chunk:
            return None
        hits = [i for magic in (_GZIP_MAGIC, b"\n" + _WARC_MAGIC) if (i := chunk.find(magic)) >= 0]
        if hits:
            hit = min(hits)
            return position + hit + (1 if chunk[hit : hit + 1] == b"\n" else 0)
        position += _RESYNC_CHUNK


def read_index_records(file: Any, problems: IndexProblems | None = None) -> list[RecordRef]:
    """Read a WARC file header by header (bodies skipped); damaged records are skipped and reported.

    An intact file is read by FastWARC (:func:`fast_index_records`, five times warcio's speed: gzip and header
    parsing in native code); a damaged one, or one FastWARC cannot read as warcio would, by warcio, record by record.
    """
    fast = fast_index_records(file)
    return fast if fast is not None else warcio_index_records(file, problems)


def warcio_index_records(file: Any, problems: IndexProblems | None = None) -> list[RecordRef]:
    """warcio's reading of :func:`read_index_records`: re-synchronises past damaged records and reports them."""
    problems = problems if problems is not None else IndexProblems()
    refs: list[RecordRef] = []
    with file.open("rb") as fh:
        start = 0
        while start is not None:
            fh.seek(start)
            records = ArchiveIterator(fh)
            last: int | None = None
            try:
                for record in records:
                    last = records.get_record_offset()
                    ref = _ref_from_record(file, last, record)
                    if ref is not None:
                        refs.append(ref)
                start = None
            except Exception as exc:  # warcio raises several types for damage: ArchiveLoadFailed, zlib/EOF errors
                start = _skip_damage(file, fh, refs, start, last, exc, problems)
            else:
                cut = _incomplete_tail(fh, records)
                if cut is not None:
                    problems.truncated(file, cut, "the file ends in it")
    return refs


_HTTP_SCHEMES = ("http:", "https:")
#: The optional WARC headers an index line keeps (lower-cased).
_USED_OPTIONAL = (KIND_HEADER.lower(), "warc-payload-digest", "warc-refers-to-target-uri", "warc-refers-to-date")


def fast_index_records(file: Any) -> list[RecordRef] | None:
    """The file's response/revisit records read by FastWARC, or None where warcio must read it instead.

    None when FastWARC is not installed or reports damage, and wherever warcio would read a record differently:
    a target URI warcio rewrites (``<…>``, spaces), a missing or malformed length, a non-ASCII header value (the two
    decode them differently). FastWARC stops quietly at a truncated record, so the file must also read cleanly to
    its end from the last record it gave (checked with warcio on that tail alone)."""
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    refs: list[RecordRef] = []
    try:
        with file.open("rb") as fh:
            indexed = WarcRecordType.response | WarcRecordType.revisit
            for record in FastIterator(fh, record_types=indexed, parse_http=False):
                ref = _ref_from_fast_record(file, record)
                if ref is None:
                    return None
                refs.append(ref)
    except (OSError, ValueError) as exc:
        log.info("%s: not read by FastWARC (%s); reading it with warcio", file, exc)
        return None
    if not refs or not _reads_to_the_end(file, refs[-1].offset):
        return None
    return [ref for ref in refs if ref.rec_type in INDEXED_TYPES]


def _header_fields(headers: Any) -> dict[str, str]:
    """Header names (lower-cased) to their first value, as warcio's ``get_header`` finds them — one call into
    FastWARC per record instead of one per header (``HeaderMap.get`` is a slow lookup)."""
    fields: dict[str, str] = {}
    for name, value in headers.astuples():
        fields.setdefault(name.lower(), value)
    return fields


def _ref_from_fast_record(file: Any, record: Any) -> RecordRef | None:
    """What :func:`_ref_from_record` makes of the record, or None if warcio might read it otherwise."""
    fields = _header_fields(record.headers)
    rec_type, url = fields.get("warc-type", ""), fields.get("warc-target-uri")
    if not url or url.startswith("<") or " " in url:
        return None
    length = fields.get("content-length", "")
    if not (length.isascii() and length.isdigit()):  # warcio reads a record with a missing or bad length its own way
        return None
    status, mime = 0, ""
    if url.startswith(_HTTP_SCHEMES) and int(length) > 0:
        record.parse_http()
        http = record.http_headers
        if http is None or http.status_code is None:
            if rec_type != "revisit":  # warcio: a response must have HTTP headers; a revisit need not
                return None
        else:
            status, mime = int(http.status_code), _header_fields(http).get("content-type", "")
    date, refers_to_date = fields.get("warc-date"), fields.get("warc-refers-to-date")
    used = (rec_type, url, date, mime, *(fields.get(name, "") for name in _USED_OPTIONAL))
    if not date or not all(value.isascii() for value in used):
        return None
    return RecordRef(
        url=url,
        kind=fields.get(KIND_HEADER.lower()) or "page",
        status=status,
        fetched_at=parse_warc_date(date),
        file=file,
        offset=record.stream_pos,
        truncated="warc-truncated" in fields,
        rec_type=rec_type,
        digest=fields.get("warc-payload-digest"),
        refers_to_url=fields.get("warc-refers-to-target-uri"),
        refers_to_date=parse_warc_date(refers_to_date) if refers_to_date else None,
        mime=mime,
    )


def _reads_to_the_end(file: Any, offset: int) -> bool:
    """From the record at ``offset`` on, warcio reads every record whole, to the end of the file."""
    try:
        with file.open("rb") as fh:
            fh.seek(offset)
            count = 0
            records = ArchiveIterator(fh)
            for record in records:
                record.content_stream().read()
                count += 1
            return count >= 1 and _incomplete_tail(fh, records) is None
    except Exception:  # any failure to read the tail: let warcio read the whole file and report
        return False


def _incomplete_tail(fh: IO[bytes], records: ArchiveIterator) -> int | None:
    """Where a record starts that the file ends inside, after warcio's iteration ended without an error — or None.

    A gzip member cut within its first compressed block inflates to nothing, so warcio (and FastWARC) end there
    quietly, as at the end of the file: the bytes after the last whole record tell the two apart."""
    try:
        end = records.get_record_offset() + records.get_record_length()
    except Exception:  # no record was read at all: nothing to compare
        return None
    fh.seek(0, os.SEEK_END)
    if end >= fh.tell():
        return None
    fh.seek(end)
    head = fh.read(len(_WARC_MAGIC))  # a record's first bytes, however few of them the file still has
    starts_a_record = any(head.startswith(magic) or magic.startswith(head) for magic in (_GZIP_MAGIC, _WARC_MAGIC))
    return end if head and starts_a_record else None


def _readable(ref: RecordRef) -> bool:
    try:
        load(ref)
    except Exception:  # any failure to read the body back means the record is damaged
        return False
    return True


def _skip_damage(
    file: Any,
    fh: IO[bytes],
    refs: list[RecordRef],
    start: int,
    last: int | None,
    exc: Exception,
    problems: IndexProblems,
) -> int | None:
    """Locate the damaged record (where reading started when nothing was read; the last record read, when its body
    does not read back; else the one after it), log it with file and offset, and return where reading resumes
    (None: the file ends inside it — truncated)."""
    if last is None:
        damaged = start
    elif refs and refs[-1].offset == last and not _readable(refs[-1]):
        refs.pop()
        damaged = last
    else:
        damaged = _next_record_start(fh, last) or last
    resume = _next_record_start(fh, damaged)
    if resume is None:
        problems.truncated(file, damaged, str(exc))
    else:
        problems.corrupted.append((damaged, str(exc)))
        log.warning("WARC %s: corrupted record at offset %d skipped (%s)", file, damaged, exc)
    return resume


def index_line(ref: RecordRef) -> str:
    fields = {
        "url": ref.url,
        "type": ref.rec_type,
        "status": ref.status,
        "date": warc_date(ref.fetched_at),
        "offset": ref.offset,
        "kind": ref.kind,
        "mime": ref.mime,
    }
    optional = {"truncated": ref.truncated or None, "digest": ref.digest, "refers_to_url": ref.refers_to_url}
    optional["refers_to_date"] = warc_date(ref.refers_to_date) if ref.refers_to_date else None
    fields.update({k: v for k, v in optional.items() if v is not None})
    return f"{url_key(ref.url)} {ref.fetched_at:%Y%m%d%H%M%S} {json.dumps(fields, sort_keys=True)}"


def ref_from_line(file: Any, line: str) -> RecordRef:
    fields = json.loads(line.split(" ", 2)[2])
    refers_date = fields.get("refers_to_date")
    return RecordRef(
        url=fields["url"],
        kind=fields["kind"],
        status=int(fields["status"]),
        fetched_at=parse_warc_date(fields["date"]),
        file=file,
        offset=int(fields["offset"]),
        truncated=bool(fields.get("truncated")),
        rec_type=fields["type"],
        digest=fields.get("digest"),
        refers_to_url=fields.get("refers_to_url"),
        refers_to_date=parse_warc_date(refers_date) if refers_date else None,
        mime=fields.get("mime", ""),
    )


def _file_size(file: Any) -> int:
    return int(file.stat().st_size)


#: Bytes read from each end of a file for its fingerprint.
FINGERPRINT_BYTES = 1 << 16


def file_fingerprint(file: Any) -> str:
    """Size and a hash of the first and last 64 KiB: enough to tell a kept index's file from a *replaced* one of
    the same size (a rewritten archive: every record ID, and so every offset after the first record, differs) without
    reading the whole file — on object storage, two ranged reads."""
    size = _file_size(file)
    digest = hashlib.sha256(str(size).encode())
    with file.open("rb") as fh:
        digest.update(fh.read(FINGERPRINT_BYTES))
        if size > FINGERPRINT_BYTES:
            fh.seek(max(FINGERPRINT_BYTES, size - FINGERPRINT_BYTES))
            digest.update(fh.read(FINGERPRINT_BYTES))
    return f"{size}:{digest.hexdigest()[:32]}"


def _load_index(file: Any, fingerprint: str) -> list[RecordRef] | None:
    """The kept index, when it exists and was built from this very file (its :func:`file_fingerprint`)."""
    path = index_path(file)
    try:
        with path.open("r", encoding="utf-8") as fh:
            meta = json.loads(fh.readline().split(" ", 2)[2])
            if meta.get("format") != INDEX_FORMAT or meta.get("fingerprint") != fingerprint:
                return None
            return [ref_from_line(file, line) for line in fh if line.strip()]
    except (OSError, ValueError, IndexError, KeyError):
        return None


def _save_index(file: Any, refs: list[RecordRef], fingerprint: str) -> None:
    path = index_path(file)
    meta = {"format": INDEX_FORMAT, "fingerprint": fingerprint, "records": len(refs)}
    lines = [f"!meta 0 {json.dumps(meta, sort_keys=True)}", *sorted(index_line(ref) for ref in refs)]
    try:
        tmp = path.parent / (path.name + f".tmp-{os.getpid()}")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        tmp.rename(path)
    except OSError as exc:  # a read-only archive still replays; it is just indexed again next time
        log.info("could not keep the index of %s beside it (%s); using it in memory", file, exc)


_INDEX_CACHE: dict[tuple[str, str], list[RecordRef]] = {}


def file_index(file: Any) -> list[RecordRef]:
    """The file's response/revisit records: from memory, from the kept ``.cdxj``, or built once and kept."""
    fingerprint = file_fingerprint(file)  # taken before reading: a file that grows meanwhile is indexed again
    cache_key = (str(file), fingerprint)
    if cache_key in _INDEX_CACHE:
        return _INDEX_CACHE[cache_key]
    refs = _load_index(file, fingerprint)
    if refs is None:
        refs = read_index_records(file)
        _save_index(file, refs, fingerprint)
        log.info("indexed %s: %d records", file, len(refs))
    refs.sort(key=lambda ref: ref.offset)  # file order, however the index lines are sorted
    _INDEX_CACHE.clear()  # one archive at a time is plenty; keeps a long-lived worker's memory flat
    _INDEX_CACHE[cache_key] = refs
    return refs


def forget_indexes() -> None:
    """Drop the index kept in memory (a backfill's planner, once it has chosen its records: the rest of a CC-NEWS
    file's index — other hosts, requests — need not stay resident for the hours the backfill runs)."""
    _INDEX_CACHE.clear()


def scan(location: ArchiveLocation) -> Iterator[RecordRef]:
    """Every response record at a location, from the files' CDXJ indexes (revisits: see :func:`scan_all`)."""
    for ref in scan_all(location):
        if ref.rec_type == "response":
            yield ref


def scan_all(location: ArchiveLocation) -> Iterator[RecordRef]:
    for file in warc_files(location):
        yield from file_index(file)


def load(ref: RecordRef) -> ArchivedResponse:
    """Read one response record (status, headers, body) back from its file offset."""
    with ref.file.open("rb") as fh:
        fh.seek(ref.offset)
        record = next(iter(ArchiveIterator(fh)))
        body = record.content_stream().read()
        headers = {name.lower(): value for name, value in record.http_headers.headers}
    return ArchivedResponse(ref.url, ref.kind, ref.status, headers, body, ref.fetched_at, ref.truncated)


def url_key(url: str) -> str:
    """Scheme-insensitive identity of a URL: an archive recorded over http serves the https URL."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")
    return f"{host}{parts.path or '/'}" + (f"?{parts.query}" if parts.query else "")
