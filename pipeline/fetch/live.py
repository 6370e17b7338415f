"""The one HTTP client for all fetching: polite, bounded, archived.

``requests`` with urllib3's ``Retry`` (exponential backoff with jitter, ``Retry-After`` honoured on
429/503), per-host politeness across processes (:mod:`pipeline.fetch.politeness`), robots.txt,
the host allowlist checked on every redirect hop, a streamed size cap, a content-type check and
charset-aware decoding. ``trust_env`` stays on, so HTTP(S)_PROXY/NO_PROXY are honoured.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from http.client import RemoteDisconnected
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from pipeline.config import Settings
from pipeline.fetch.archive import WarcArchive
from pipeline.fetch.checks import check_content_type, check_size, check_status, decode_body
from pipeline.fetch.politeness import HostGate
from pipeline.fetch.robots import RobotsCache
from pipeline.fetch.types import Exchange, FetchError, Kind, Response
from pipeline.models import FetchEvent
from pipeline.urls import host_allowed

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
#: A server asking us to wait longer than this gets a failed fetch and the next run instead.
MAX_RETRY_AFTER_S = 300
CHUNK_BYTES = 64 * 1024
ACCEPT = {
    "feed": "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
    "robots": "text/plain, */*;q=0.1",
}


class PoliteRetry(Retry):
    """urllib3 Retry whose backoff never undercuts the per-host minimum delay."""

    min_backoff_s: float = 0.0

    def new(self, **kw: Any) -> PoliteRetry:
        retry = super().new(**kw)
        retry.min_backoff_s = self.min_backoff_s
        return retry

    def get_backoff_time(self) -> float:
        return max(super().get_backoff_time(), self.min_backoff_s)


def build_session(settings: Settings) -> requests.Session:
    retry = PoliteRetry(
        total=settings.max_retries,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=max(settings.min_delay_s, 0.01),
        backoff_jitter=max(settings.min_delay_s, 0.01),
        respect_retry_after_header=True,
        retry_after_max=MAX_RETRY_AFTER_S,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.min_backoff_s = settings.min_delay_s
    session = requests.Session()  # trust_env stays True: proxies come from the environment
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = settings.user_agent
    return session


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (urllib3 nests reasons inside MaxRetryError/ProxyError)."""
    stack, seen = [exc], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        nested = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        stack += [n for n in nested if isinstance(n, BaseException)]


#: The first matching cause names the failure; order matters (a timeout inside a proxy error is a timeout).
FAILURE_REASONS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((requests.Timeout, ReadTimeoutError, ConnectTimeoutError, TimeoutError), "timeout"),
    (
        (RemoteDisconnected, ProtocolError, ConnectionResetError, requests.exceptions.ChunkedEncodingError),
        "connection_error",
    ),
    (requests.exceptions.ProxyError, "proxy_error"),
    (requests.ConnectionError, "connection_error"),
)


def _failure_reason(exc: requests.RequestException) -> str:
    causes = list(_causes(exc))
    for types, reason in FAILURE_REASONS:
        if any(isinstance(cause, types) for cause in causes):
            return reason
    return f"request_error:{type(exc).__name__}"


class LiveSource:
    """Fetches over HTTP, archives every exchange, and records a :class:`FetchEvent` for each."""

    def __init__(self, settings: Settings, archive: WarcArchive | None) -> None:
        self.settings = settings
        self.archive = archive
        self.events: list[FetchEvent] = []
        self.session = build_session(settings)
        self.gate = HostGate(settings.resolved_data_dir / "hosts", settings.min_delay_s)
        self.robots = (
            RobotsCache(settings.user_agent, self._fetch_robots, settings.resolved_data_dir / "hosts")
            if settings.respect_robots
            else None
        )

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, *, kind: Kind, etag: str | None = None, last_modified: str | None = None) -> Response:
        conditional = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        try:
            exchange = self._follow(url, kind, {k: v for k, v in conditional.items() if v})
            return self._response(url, kind, exchange)
        except FetchError as exc:
            log.warning("fetch %s %s failed: %s", kind, url, exc.reason)
            raise

    # --- request flow ---------------------------------------------------------------------------

    def _follow(self, url: str, kind: Literal["feed", "page", "robots"], headers: dict[str, str]) -> Exchange:
        """GET with redirects followed by hand, so every hop passes the allowlist and robots.txt."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._admit(url, current, kind)
            exchange = self._exchange(current, kind, headers)
            location = exchange.headers.get("location")
            if exchange.status not in REDIRECT_STATUSES or not location:
                return exchange
            current = urljoin(current, location)
        self._event(url, kind, None, "error", error="too_many_redirects")
        raise FetchError(url, "too_many_redirects")

    def _admit(self, url: str, target: str, kind: str) -> None:
        """Refuse, without any request, a URL off the allowlist or disallowed by robots.txt."""
        reason = None
        if urlsplit(target).scheme not in ("http", "https"):
            reason = "unsupported_scheme"
        elif not host_allowed(target, self.settings.allowed_hosts):
            reason = "off_allowlist" if target == url else "redirect_off_allowlist"
        elif kind != "robots" and self.robots is not None and not self.robots.allows(target):
            reason = "robots_disallowed"
        if reason:
            self._event(url, kind, None, "refused", error=f"{reason}: {target}")
            raise FetchError(url, reason)

    def _exchange(self, url: str, kind: Literal["feed", "page", "robots"], headers: dict[str, str]) -> Exchange:
        host = urlsplit(url).hostname or ""
        delay = self.robots.crawl_delay(url) if self.robots is not None and kind != "robots" else None
        request_headers = {**self.session.headers, "Accept": ACCEPT[kind], **headers}
        with self.gate.turn(host, delay):
            fetched_at = datetime.now(UTC)
            try:
                response = self.session.get(
                    url,
                    headers=request_headers,
                    timeout=(self.settings.connect_timeout_s, self.settings.read_timeout_s),
                    stream=True,
                    allow_redirects=False,
                )
            except requests.RequestException as exc:
                reason = _failure_reason(exc)
                self._event(url, kind, None, "error", fetched_at, error=f"{reason}: {exc}")
                raise FetchError(url, reason) from exc
            with response:
                exchange = Exchange(
                    url=url,
                    kind=kind,
                    fetched_at=fetched_at,
                    request_headers={k: str(v) for k, v in request_headers.items()},
                    status=response.status_code,
                    reason=response.reason or "",
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
                exchange.body = self._read_capped(url, kind, response, exchange)
        self._archive(exchange)
        outcome = (
            "not_modified" if exchange.status == 304 else "redirect" if exchange.status in REDIRECT_STATUSES else "ok"
        )
        self._event(url, kind, exchange.status, outcome, fetched_at, size=len(exchange.body))
        return exchange

    def _read_capped(self, url: str, kind: str, response: requests.Response, exchange: Exchange) -> bytes:
        """Stream the body, giving up (and archiving the headers as truncated) past the size cap."""
        limit = self.settings.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        chunks: list[bytes] = []
        size = int(declared) if declared.isdigit() else 0
        try:
            if size <= limit:
                size = 0
                for chunk in response.iter_content(CHUNK_BYTES):
                    size += len(chunk)
                    if size > limit:
                        break
                    chunks.append(chunk)
            check_size(url, size, limit, exchange.status)
        except FetchError as exc:
            self._archive(exchange, truncated=True)
            self._event(url, kind, exchange.status, "error", exchange.fetched_at, error=exc.reason)  # type: ignore[arg-type]
            raise
        except requests.RequestException as exc:
            reason = _failure_reason(exc)
            self._event(url, kind, exchange.status, "error", exchange.fetched_at, error=f"{reason}: {exc}")  # type: ignore[arg-type]
            raise FetchError(url, reason, exchange.status) from exc
        return b"".join(chunks)

    def _response(self, url: str, kind: Kind, exchange: Exchange) -> Response:
        if exchange.status == 304:
            return Response(url, exchange.url, 304, exchange.headers, b"", "", exchange.fetched_at, not_modified=True)
        check_status(url, exchange.status)
        check_content_type(url, kind, exchange.headers, exchange.status)
        text = decode_body(exchange.body, exchange.headers)
        return Response(url, exchange.url, exchange.status, exchange.headers, exchange.body, text, exchange.fetched_at)

    def _fetch_robots(self, robots_url: str) -> tuple[int, str]:
        exchange = self._follow(robots_url, "robots", {})
        return exchange.status, decode_body(exchange.body, exchange.headers)

    # --- bookkeeping ----------------------------------------------------------------------------

    def _archive(self, exchange: Exchange, *, truncated: bool = False) -> None:
        if self.archive is not None:
            self.archive.write(exchange, truncated=truncated)

    def _event(
        self,
        url: str,
        kind: str,
        status: int | None,
        outcome: str,
        fetched_at: datetime | None = None,
        *,
        size: int = 0,
        error: str | None = None,
    ) -> None:
        self.events.append(
            FetchEvent(
                url=url,
                kind=kind,  # type: ignore[arg-type]
                fetched_at=fetched_at or datetime.now(UTC),
                status=status,
                outcome=outcome,
                bytes=size,
                error=error,
            )
        )
