"""What every source returns or raises, whether it fetched live or replayed the archive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from pipeline.models import FetchEvent, FetchOutcome

Kind = Literal["feed", "page"]


class FetchError(Exception):
    """One URL could not be fetched usefully.

    ``outcome`` is the typed cause the frontier acts on (retry or not); ``reason`` is the same plus an optional
    detail (``content_type:application/pdf``), short and countable, for reports and logs. ``retry_at`` is when the
    server asked us to come back (``Retry-After``), when it asked for longer than one request may wait.
    """

    def __init__(
        self,
        url: str,
        outcome: FetchOutcome | str,
        status: int | None = None,
        *,
        detail: str | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        self.outcome = FetchOutcome(outcome)
        self.reason = self.outcome.value + (f":{detail}" if detail else "")
        super().__init__(f"{url}: {self.reason}" + (f" (HTTP {status})" if status is not None else ""))
        self.url = url
        self.status = status
        self.retry_at = retry_at


@dataclass(frozen=True)
class Response:
    """A usable answer (2xx, or 304 with ``not_modified``). ``headers`` keys are lower-case."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    text: str
    fetched_at: datetime
    not_modified: bool = False
    replaced_bytes: int = 0  # undecodable bytes the decoder replaced (see pipeline.charset)


class Source(Protocol):
    """Live HTTP or archive replay: the stages only ever see this."""

    events: list[FetchEvent]

    def get(self, url: str, *, kind: Kind, etag: str | None = None, last_modified: str | None = None) -> Response: ...


@dataclass
class Exchange:
    """One raw HTTP exchange as the archive stores it (headers as sent and received)."""

    url: str
    kind: Literal["feed", "page", "robots"]
    fetched_at: datetime
    request_headers: dict[str, str]
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes = b""
    extra: dict[str, str] = field(default_factory=dict)
