"""The one HTTP client for all fetching: polite, bounded, archived.

``requests`` with urllib3's ``Retry`` (exponential backoff with jitter, ``Retry-After`` honoured on
429/503 up to ``max_retry_after_s``; a longer one fails the request at once and tells the frontier when to
come back), per-host politeness across processes (:mod:`pipeline.fetch.politeness`), robots.txt,
the host allowlist checked on every redirect hop, a streamed size cap, a content-type check and
charset-aware decoding. ``trust_env`` stays on, so HTTP(S)_PROXY/NO_PROXY are honoured.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.client import RemoteDisconnected
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from pipeline.charset import decode_logged
from pipeline.config import Settings
from pipeline.fetch.archive import WarcArchive
from pipeline.fetch.checks import (
    check_content_type,
    check_size,
    check_status,
    decode_body,
    is_binary,
    status_outcome,
)
from pipeline.fetch.politeness import HostGate
from pipeline.fetch.robots import RobotsCache, Verdict
from pipeline.fetch.types import Exchange, FetchError, Kind, Response
from pipeline.models import FetchEvent, FetchOutcome
from pipeline.urls import host_allowed

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
#: urllib3 clamps Retry-After to this; we want the server's real value, to compare it with our own budget.
_UNCLAMPED_RETRY_AFTER_S = 10 * 365 * 86_400
CHUNK_BYTES = 64 * 1024
ACCEPT = {
    "feed": "application/rss+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1",
    "robots": "text/plain, */*;q=0.1",
}


class RetryAfterTooLong(Exception):
    """The server asked us to wait longer than one request may (raised from inside urllib3's retry loop)."""

    def __init__(self, seconds: float, status: int) -> None:
        super().__init__(f"Retry-After {seconds:g}s on HTTP {status}")
        self.seconds = seconds
        self.status = status


#: What a robots.txt verdict means for the URL: nothing (allowed), a policy refusal, or a network fault.
ROBOTS_OUTCOMES: dict[Verdict, FetchOutcome | None] = {
    Verdict.ALLOWED: None,
    Verdict.DISALLOWED: FetchOutcome.ROBOTS_DISALLOWED,
    Verdict.UNREACHABLE: FetchOutcome.ROBOTS_UNREACHABLE,
}


class PoliteRetry(Retry):
    """urllib3 Retry whose backoff never undercuts the per-host minimum delay and that never sleeps past
    ``max_wait_s`` for a ``Retry-After`` (it raises :class:`RetryAfterTooLong` instead of sleeping)."""

    min_backoff_s: float = 0.0
    max_wait_s: float = 300.0

    def new(self, **kw: Any) -> PoliteRetry:
        retry = super().new(**kw)
        retry.min_backoff_s = self.min_backoff_s
        retry.max_wait_s = self.max_wait_s
        return retry

    def get_backoff_time(self) -> float:
        return max(super().get_backoff_time(), self.min_backoff_s)

    def sleep_for_retry(self, response: Any) -> bool:
        seconds = self.get_retry_after(response)
        if seconds is not None and seconds > self.max_wait_s:
            raise RetryAfterTooLong(seconds, response.status)
        return super().sleep_for_retry(response)


def build_session(settings: Settings) -> requests.Session:
    retry = PoliteRetry(
        total=settings.max_retries,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        backoff_factor=max(settings.min_delay_s, 0.01),
        backoff_jitter=max(settings.min_delay_s, 0.01),
        respect_retry_after_header=True,
        retry_after_max=_UNCLAMPED_RETRY_AFTER_S,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    retry.min_backoff_s = settings.min_delay_s
    retry.max_wait_s = settings.max_retry_after_s
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
FAILURE_OUTCOMES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], FetchOutcome], ...] = (
    ((requests.Timeout, ReadTimeoutError, ConnectTimeoutError, TimeoutError), FetchOutcome.TIMEOUT),
    (
        (RemoteDisconnected, ProtocolError, ConnectionResetError, requests.exceptions.ChunkedEncodingError),
        FetchOutcome.CONNECTION_ERROR,
    ),
    (requests.exceptions.ProxyError, FetchOutcome.PROXY_ERROR),
    (requests.ConnectionError, FetchOutcome.CONNECTION_ERROR),
)


def _failure(url: str, exc: requests.RequestException, status: int | None = None) -> FetchError:
    causes = list(_causes(exc))
    for types, outcome in FAILURE_OUTCOMES:
        if any(isinstance(cause, types) for cause in causes):
            return FetchError(url, outcome, status)
    return FetchError(url, FetchOutcome.REQUEST_ERROR, status, detail=type(exc).__name__)


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

    def get(
        self,
        url: str,
        *,
        kind: Kind,
        etag: str | None = None,
        last_modified: str | None = None,
        accepted: frozenset[str] | None = None,
    ) -> Response:
        """``accepted``: media types allowed instead of the kind's own (a sitemap may be gzip: see
        :data:`pipeline.fetch.checks.SITEMAP_TYPES`); a binary one is handed on as bytes, ``text`` left empty."""
        conditional = {"If-None-Match": etag, "If-Modified-Since": last_modified}
        try:
            exchange = self._follow(url, kind, {k: v for k, v in conditional.items() if v})
            return self._response(url, kind, exchange, accepted)
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
        raise FetchError(url, FetchOutcome.TOO_MANY_REDIRECTS)

    def _admit(self, url: str, target: str, kind: str) -> None:
        """Refuse, without any request, a URL off the allowlist, disallowed by robots.txt, or whose robots.txt
        could not be read (a transient fault, retried on a later run)."""
        outcome = None
        if urlsplit(target).scheme not in ("http", "https"):
            outcome = FetchOutcome.UNSUPPORTED_SCHEME
        elif not host_allowed(target, self.settings.allowed_hosts):
            outcome = FetchOutcome.OFF_ALLOWLIST if target == url else FetchOutcome.REDIRECT_OFF_ALLOWLIST
        elif kind != "robots" and self.robots is not None:
            outcome = ROBOTS_OUTCOMES[self.robots.verdict(target)]
        if outcome is not None:
            self._event(url, kind, None, "refused", error=f"{outcome.value}: {target}")
            raise FetchError(url, outcome)

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
                failure = _failure(url, exc)
                self._event(url, kind, None, "error", fetched_at, error=f"{failure.reason}: {exc}")
                raise failure from exc
            except RetryAfterTooLong as exc:
                raise self._retry_after_too_long(url, kind, fetched_at, exc) from exc
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
            failure = _failure(url, exc, exchange.status)
            self._event(url, kind, exchange.status, "error", exchange.fetched_at, error=f"{failure.reason}: {exc}")  # type: ignore[arg-type]
            raise failure from exc
        return b"".join(chunks)

    def _retry_after_too_long(self, url: str, kind: str, at: datetime, exc: RetryAfterTooLong) -> FetchError:
        """Fail now rather than sleep; the frontier (or the feed's back-off) comes back when the server asked."""
        outcome = status_outcome(exc.status) or FetchOutcome.RATE_LIMITED
        retry_at = datetime.now(UTC) + timedelta(seconds=exc.seconds)
        log.warning(
            "fetch %s %s: HTTP %d asks to retry after %gs, more than the %gs one request may wait; "
            "failing it now, next attempt at %s",
            kind,
            url,
            exc.status,
            exc.seconds,
            self.settings.max_retry_after_s,
            retry_at.isoformat(timespec="seconds"),
        )
        self._event(url, kind, exc.status, "error", at, error=f"{outcome.value}: {exc}")
        return FetchError(url, outcome, exc.status, detail="retry_after", retry_at=retry_at)

    def _response(self, url: str, kind: Kind, exchange: Exchange, accepted: frozenset[str] | None = None) -> Response:
        if exchange.status == 304:
            return Response(url, exchange.url, 304, exchange.headers, b"", "", exchange.fetched_at, not_modified=True)
        check_status(url, exchange.status, exchange.headers)
        check_content_type(url, kind, exchange.headers, exchange.status, accepted)
        if is_binary(exchange.headers):
            body = exchange.body
            return Response(url, exchange.url, exchange.status, exchange.headers, body, "", exchange.fetched_at)
        decoded = decode_logged(exchange.body, exchange.headers.get("content-type"), url)
        return Response(
            url,
            exchange.url,
            exchange.status,
            exchange.headers,
            exchange.body,
            decoded.text,
            exchange.fetched_at,
            replaced_bytes=decoded.replaced,
        )

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
