"""The raw archive: every HTTP exchange as gzip WARC request/response records.

One file per run and process (``antara-<run>-<utc>-<pid>.warc.gz``) so parallel tasks never share
a writer. The location is a local directory or an ``ObjectStoragePath`` URL (``s3://…``,
``file://…``) when Airflow is importable. Bodies are stored decoded (Content-Encoding removed), so
the archive can be re-served without knowing how the server compressed them.
"""

from __future__ import annotations

import io
import os
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
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

KIND_HEADER = "X-Antara-Kind"
#: Hop-by-hop and encoding headers that would misdescribe the decoded body we store.
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length", "connection"})
_URL = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]+):/+(?P<rest>.*)$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
ArchiveLocation = Path | Any  # a local Path or an airflow.sdk.ObjectStoragePath


def location_from(value: Path | str | None, settings: Settings) -> ArchiveLocation:
    """A configured archive location; URLs (mangled by ``Path`` into ``s3:/b``) become ObjectStoragePaths."""
    if value is None:
        return settings.resolved_archive_dir
    match = _URL.match(str(value))
    if not match:
        return Path(value).expanduser().resolve()
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


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordRef:
    """Where one archived response lives, plus what is needed to choose it without reading it."""

    url: str
    kind: str
    status: int
    fetched_at: datetime
    file: Any
    offset: int
    truncated: bool


@dataclass(frozen=True)
class ArchivedResponse:
    url: str
    kind: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    truncated: bool = False


def warc_files(location: ArchiveLocation) -> list[Any]:
    """The WARC files at a location: the file itself, or every ``*.warc[.gz]`` below a directory."""
    if location.is_file():
        return [location]
    if not location.exists():
        return []
    found = [*location.rglob("*.warc.gz"), *location.rglob("*.warc")]
    return sorted(found, key=str)


def scan(location: ArchiveLocation) -> Iterator[RecordRef]:
    """Every response record at a location, read header-only (bodies are skipped)."""
    for file in warc_files(location):
        with file.open("rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                headers = record.rec_headers
                yield RecordRef(
                    url=headers.get_header("WARC-Target-URI"),
                    kind=headers.get_header(KIND_HEADER) or "page",
                    status=int(record.http_headers.get_statuscode()),
                    fetched_at=parse_warc_date(headers.get_header("WARC-Date")),
                    file=file,
                    offset=records.get_record_offset(),
                    truncated=headers.get_header("WARC-Truncated") is not None,
                )


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
