"""Response checks and decoding shared by the live client and the archive replay.

Both sources hand the stages the same :class:`~pipeline.fetch.types.Response` or raise the same
:class:`~pipeline.fetch.types.FetchError`, so a replayed run behaves exactly like the live one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from pipeline.charset import decode_logged
from pipeline.fetch.types import FetchError
from pipeline.models import FetchOutcome

#: Media types accepted per request kind (parameters such as ``charset`` are ignored).
ACCEPTED_TYPES: dict[str, frozenset[str]] = {
    "feed": frozenset(
        {"application/rss+xml", "application/xml", "text/xml", "application/atom+xml", "application/rdf+xml"}
    ),
    "page": frozenset({"text/html", "application/xhtml+xml"}),
    "robots": frozenset({"text/plain"}),
}
#: What a sitemap (or sitemap index) may be served as: XML, or gzip — ``sitemap.xml.gz`` files come as
#: ``application/gzip``, ``application/x-gzip`` or plain ``application/octet-stream``. Fetched as kind ``feed``.
SITEMAP_TYPES: frozenset[str] = ACCEPTED_TYPES["feed"] | {
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
}
#: Media types whose body is bytes, not text: not decoded (a decoder would only count "undecodable" bytes).
BINARY_TYPES: frozenset[str] = frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"})
#: The outcome of HTTP statuses that are not a usable answer (5xx: SERVER_ERROR, other 4xx: HTTP_ERROR).
STATUS_OUTCOMES: dict[int, FetchOutcome] = {
    400: FetchOutcome.BAD_REQUEST,
    401: FetchOutcome.UNAUTHORIZED,
    403: FetchOutcome.FORBIDDEN,
    404: FetchOutcome.NOT_FOUND,
    410: FetchOutcome.GONE,
    429: FetchOutcome.RATE_LIMITED,
}


def status_outcome(status: int) -> FetchOutcome | None:
    """None for a usable status (2xx, 304), otherwise why the response is a fault."""
    if 200 <= status < 300 or status == 304:
        return None
    if status >= 500:
        return FetchOutcome.SERVER_ERROR
    return STATUS_OUTCOMES.get(status, FetchOutcome.HTTP_ERROR)


def media_type(headers: dict[str, str]) -> str | None:
    value = headers.get("content-type", "").split(";")[0].strip().lower()
    return value or None


def check_status(url: str, status: int, headers: dict[str, str] | None = None) -> None:
    """Raise for a fault status; a ``Retry-After`` on it tells the frontier when to come back."""
    outcome = status_outcome(status)
    if outcome is not None:
        detail = str(status) if outcome is FetchOutcome.HTTP_ERROR else None
        retry_at = retry_after_at((headers or {}).get("retry-after"))
        raise FetchError(url, outcome, status, detail=detail, retry_at=retry_at)


def retry_after_at(value: str | None, now: datetime | None = None) -> datetime | None:
    """A ``Retry-After`` header (seconds or an HTTP date) as a moment, or None when absent or unreadable."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_content_type(
    url: str, kind: str, headers: dict[str, str], status: int, accepted: frozenset[str] | None = None
) -> None:
    """A missing Content-Type is tolerated (the parser decides); a wrong one is a fault. ``accepted`` replaces the
    kind's own types (a sitemap is fetched as a feed, but may be gzip)."""
    found = media_type(headers)
    if found is not None and found not in (accepted or ACCEPTED_TYPES[kind]):
        raise FetchError(url, FetchOutcome.CONTENT_TYPE, status, detail=found)


def check_size(url: str, size: int, limit: int, status: int | None = None) -> None:
    if size > limit:
        raise FetchError(url, FetchOutcome.TOO_LARGE, status, detail=f">{limit}B")


def is_binary(headers: dict[str, str]) -> bool:
    return media_type(headers) in BINARY_TYPES


def decode_body(body: bytes, headers: dict[str, str], url: str = "response") -> str:
    """Text of a response, by the one decoder the extractor uses too (:mod:`pipeline.charset`)."""
    return decode_logged(body, headers.get("content-type"), url).text
