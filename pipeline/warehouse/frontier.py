"""The article frontier and the quarantine (migration 0005): nothing discovered is lost.

Every article key a feed announces gets a ``frontier`` row. A run fetches its new keys plus every row whose retry is
due (:meth:`Frontier.due`); what each fetch did is written back by :meth:`Frontier.record_run`, inside the run's load
transaction, together with the articles and the feed state (so a kill -9 anywhere leaves both as they were, and the
rerun converges). Transient faults back off exponentially across runs within a budget, then give up; permanent ones
end at once. The state machine is :func:`after_attempt`, a pure function.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from pipeline.models import (
    TRANSIENT_OUTCOMES,
    ArticleRef,
    FetchAttempt,
    FrontierState,
    Quarantined,
)
from pipeline.urls import parse_article_url
from pipeline.warehouse.articles import as_utc

if TYPE_CHECKING:
    from pipeline.config import Settings
    from pipeline.warehouse.core import Warehouse

Source = Literal["feed", "backfill", "recheck"]
FRONTIER_COLUMNS = (
    "key",
    "url",
    "source",
    "source_name",
    "state",
    "attempts",
    "next_attempt_at",
    "last_error",
    "last_error_at",
    "retry_since",
    "first_seen_at",
    "updated_at",
    "ref",
)
QUARANTINE_COLUMNS = ("id", "run_id", "stage", "key", "url", "reason", "detail", "quarantined_at")
#: Rows a run picks up again: new ones not fetched yet (e.g. past the per-run cap) and transient failures.
PENDING_STATES = (FrontierState.DISCOVERED, FrontierState.FAILED)
#: Rows that ended without an article: a feed announcing them again does not bring them back.
ENDED_STATES = (FrontierState.GIVEN_UP, FrontierState.QUARANTINED)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential back-off from ``base`` (doubling per failed attempt) until ``budget`` has passed."""

    base: timedelta
    budget: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        base = timedelta(seconds=settings.frontier_retry_base_s)
        return cls(base, timedelta(hours=settings.frontier_retry_budget_hours))


@dataclass(frozen=True)
class Row:
    key: str
    url: str
    source: str
    source_name: str | None
    state: FrontierState
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    retry_since: datetime | None
    first_seen_at: datetime
    updated_at: datetime
    ref: str | None

    def values(self) -> list[Any]:
        return [_db(getattr(self, c)) for c in FRONTIER_COLUMNS]


def _db(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value)
    return value.value if isinstance(value, FrontierState) else value


def discovered(ref: ArticleRef, now: datetime, source: Source, current: Row | None) -> Row:
    """A key announced in this run: a new row, a refreshed pending one, or a loaded one due for a re-check."""
    source_name = ref.feeds[0] if ref.feeds else None
    if current is None:
        return Row(
            key=ref.key,
            url=ref.url,
            source=source,
            source_name=source_name,
            state=FrontierState.DISCOVERED,
            attempts=0,
            next_attempt_at=None,
            last_error=None,
            last_error_at=None,
            retry_since=None,
            first_seen_at=now,
            updated_at=now,
            ref=ref.model_dump_json(),
        )
    if current.state in PENDING_STATES or current.state in ENDED_STATES:
        return replace(current, ref=ref.model_dump_json(), updated_at=now)
    return replace(  # loaded or retracted, announced again after the re-check interval
        current,
        source="recheck",
        state=FrontierState.DISCOVERED,
        attempts=0,
        next_attempt_at=None,
        retry_since=None,
        ref=ref.model_dump_json(),
        updated_at=now,
    )


def after_attempt(row: Row, attempt: FetchAttempt, policy: RetryPolicy) -> Row:
    """The frontier's state machine for one failed attempt: retry later (within the budget) or give up."""
    now = attempt.at
    attempts = row.attempts + 1
    common = {"attempts": attempts, "last_error": attempt.reason, "last_error_at": now, "updated_at": now}
    if attempt.outcome not in TRANSIENT_OUTCOMES:
        return replace(row, state=FrontierState.GIVEN_UP, next_attempt_at=None, **common)
    since = row.retry_since or now
    deadline = since + policy.budget
    if now >= deadline:
        return replace(row, state=FrontierState.GIVEN_UP, next_attempt_at=None, retry_since=since, **common)
    failures = attempts if row.retry_since else 1
    next_at = min(now + policy.base * 2 ** (failures - 1), deadline)
    if attempt.retry_at is not None:  # the server named a time: never come back earlier than that
        next_at = max(next_at, attempt.retry_at)
    return replace(row, state=FrontierState.FAILED, next_attempt_at=next_at, retry_since=since, **common)


def ended(row: Row, state: FrontierState, now: datetime, reason: str | None = None) -> Row:
    """Loaded, quarantined or retracted: no further attempt."""
    return replace(
        row,
        state=state,
        attempts=row.attempts + 1,
        next_attempt_at=None,
        retry_since=None,
        last_error=reason if reason is not None else row.last_error,
        last_error_at=now if reason is not None else row.last_error_at,
        updated_at=now,
    )


@dataclass
class RunOutcome:
    """Everything one run learnt about its article keys, applied to the frontier in one go."""

    discovered: list[ArticleRef] = field(default_factory=list)
    attempts: list[FetchAttempt] = field(default_factory=list)
    loaded: list[str] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    retracted: list[str] = field(default_factory=list)
    source: Source = "feed"
    #: announced here but leased and fetched by another run: recorded only if no row exists (that run never loaded)
    elsewhere: list[ArticleRef] = field(default_factory=list)


class Frontier:
    """The ``frontier`` table of one open warehouse."""

    def __init__(self, wh: Warehouse) -> None:
        self.wh = wh

    def rows(self, keys: Iterable[str]) -> dict[str, Row]:
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        found = self.wh.fetchall(f"SELECT {', '.join(FRONTIER_COLUMNS)} FROM frontier WHERE key = ANY(?)", [wanted])
        return {r[0]: _row(r) for r in found}

    def due(self, now: datetime, *, limit: int, exclude: Iterable[str] = ()) -> list[ArticleRef]:
        """Pending rows whose next attempt is due, oldest wait first (what a run fetches besides its new items)."""
        skip = set(exclude)
        found = self.wh.fetchall(
            "SELECT key, url, source_name, ref FROM frontier WHERE state = ANY(?)"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
            " ORDER BY COALESCE(next_attempt_at, first_seen_at), key LIMIT ?",
            [[s.value for s in PENDING_STATES], as_utc(now), int(limit) + len(skip)],
        )
        return [_as_ref(*row) for row in found if row[0] not in skip][:limit]

    def ended_keys(self, keys: Iterable[str]) -> set[str]:
        """Keys that already ended without an article (given up, quarantined): not fetched again."""
        return {key for key, row in self.rows(keys).items() if row.state in ENDED_STATES}

    def waiting_keys(self, keys: Iterable[str], now: datetime) -> set[str]:
        """Failing keys whose next attempt is not due yet: a feed announcing them again does not undercut the
        back-off (or the server's Retry-After)."""
        return {
            key
            for key, row in self.rows(keys).items()
            if row.state is FrontierState.FAILED and row.next_attempt_at is not None and row.next_attempt_at > now
        }

    def record_run(self, outcome: RunOutcome, now: datetime, policy: RetryPolicy) -> dict[str, int]:
        """Apply one run's discoveries and results; returns how many rows ended in each state."""
        affected = {
            *(r.key for r in outcome.discovered),
            *(a.key for a in outcome.attempts),
            *outcome.loaded,
            *(q.key for q in outcome.quarantined if q.key),
            *outcome.retracted,
            *(r.key for r in outcome.elsewhere),
        }
        current = self.rows(affected)
        rows = dict(current)
        for ref in outcome.discovered:
            rows[ref.key] = discovered(ref, now, outcome.source, rows.get(ref.key))
        for ref in outcome.elsewhere:
            if ref.key not in rows:
                rows[ref.key] = discovered(ref, now, outcome.source, None)
        for attempt in outcome.attempts:
            if attempt.key in rows:
                rows[attempt.key] = after_attempt(rows[attempt.key], attempt, policy)
        for key in outcome.loaded:
            if key in rows:
                rows[key] = ended(rows[key], FrontierState.LOADED, now)
        for held in outcome.quarantined:
            if held.key in rows:
                rows[held.key] = ended(rows[held.key], FrontierState.QUARANTINED, now, held.reason)
        for key in outcome.retracted:
            if key in rows:
                rows[key] = replace(rows[key], state=FrontierState.RETRACTED, next_attempt_at=None, updated_at=now)
        changed = [row for key, row in rows.items() if row != current.get(key)]
        self.wh._bulk_write(
            "frontier", FRONTIER_COLUMNS, [r.values() for r in changed], conflict=["key"], update=FRONTIER_COLUMNS[1:]
        )
        counts: dict[str, int] = {}
        for row in changed:
            counts[row.state.value] = counts.get(row.state.value, 0) + 1
        return counts

    def status(self) -> dict[str, int]:
        """Rows per state (the ``frontier_status`` view)."""
        return {state: int(n) for state, n, *_ in self.wh.fetchall("SELECT * FROM frontier_status ORDER BY state")}


def _as_ref(key: str, url: str, source_name: str | None, ref: str | None) -> ArticleRef:
    """The stored reference; a row another tool wrote without one gets the minimal reference its URL allows."""
    if ref:
        return ArticleRef.model_validate_json(ref)
    ident = parse_article_url(url)
    lang = "en" if ident is not None and ident.content_type == "news" else "id"  # /news/ is the English edition
    return ArticleRef(key=key, url=url, lang=lang, feeds=[source_name] if source_name else [])


def _row(values: tuple) -> Row:
    data = dict(zip(FRONTIER_COLUMNS, values, strict=True))
    data["state"] = FrontierState(data["state"])
    return Row(**data)


def quarantine_id(run_id: str, held: Quarantined) -> str:
    """Stable per run and item, so reloading a run's quarantine is idempotent."""
    identity = "\x1f".join([run_id, held.stage, held.key or "", held.url or "", held.reason])
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def save_quarantine(wh: Warehouse, run_id: str, held: list[Quarantined], now: datetime) -> int:
    rows = {
        quarantine_id(run_id, q): [quarantine_id(run_id, q), run_id, q.stage, q.key, q.url, q.reason, q.detail]
        for q in held
    }
    rows = {key: [*values, as_utc(now)] for key, values in rows.items()}
    wh._bulk_write("quarantine", QUARANTINE_COLUMNS, list(rows.values()), conflict=["id"], update=None)
    return len(rows)
