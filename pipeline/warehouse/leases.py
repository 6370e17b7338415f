"""Frontier leases (migration 0010): two runs on one warehouse never fetch the same article URL twice.

The frontier itself changes only in a run's load transaction, so a run that collects while another is between its
own collect and load would see the same keys as new. ``collect`` (in the warehouse pool, so DuckDB's single writer
is respected; the fetching tasks never open the warehouse) therefore leases the keys it hands to ``fetch_pages`` in
a short committed transaction, skipping keys another run holds; the load releases the run's leases inside its own
transaction. A lease past ``lease_until`` belongs to a run that crashed or was killed, and is taken over. A lease
taken under a data dir's whole-run lock (the CLI's ``run.lock``) is taken over at once by the next run holding that
lock: the lessee would still hold it if it were alive, so a rerun after kill -9 need not wait for the expiry.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from pipeline.models import ArticleRef
from pipeline.warehouse.articles import as_utc

if TYPE_CHECKING:
    from pipeline.warehouse.core import Warehouse

log = logging.getLogger(__name__)
LEASE_COLUMNS = ("key", "run_id", "leased_at", "lease_until", "run_lock")
#: A conflicting lease is taken when it is this run's own (a retried task), has expired, or its run is known dead
#: (it was taken under the run lock this run holds now; NULL never equals NULL, so lock-less leases stay).
_TAKE_OVER = (
    "frontier_leases.run_id = excluded.run_id OR frontier_leases.lease_until <= excluded.leased_at"
    " OR frontier_leases.run_lock = excluded.run_lock"
)


@dataclass(frozen=True)
class Leased:
    """What :func:`lease` got: the refs this run may fetch, and the refs other live runs are fetching (by run)."""

    mine: list[ArticleRef]
    elsewhere: dict[str, list[ArticleRef]] = field(default_factory=dict)

    @property
    def elsewhere_refs(self) -> list[ArticleRef]:
        return [ref for refs in self.elsewhere.values() for ref in refs]


@dataclass(frozen=True)
class Holder:
    run_id: str
    lease_until: datetime
    run_lock: str | None

    def lapsed(self, now: datetime, run_lock: str | None) -> bool:
        """Expired, or taken under the run lock we hold now (so its run is gone)."""
        return self.lease_until <= now or (run_lock is not None and self.run_lock == run_lock)


def _holders(wh: Warehouse, keys: Sequence[str], run_id: str) -> dict[str, Holder]:
    """Leases other runs hold on ``keys``, lapsed ones included."""
    if not keys:
        return {}
    rows = wh.fetchall(
        "SELECT key, run_id, lease_until, run_lock FROM frontier_leases WHERE key = ANY(?) AND run_id <> ?",
        [list(keys), run_id],
    )
    return {key: Holder(holder, as_utc(until), lock) for key, holder, until, lock in rows}


def lease(
    wh: Warehouse,
    refs: Sequence[ArticleRef],
    run_id: str,
    now: datetime,
    ttl: timedelta,
    *,
    limit: int,
    run_lock: str | None = None,
) -> Leased:
    """Lease up to ``limit`` of ``refs`` (in their order) for ``run_id``, committed before it returns.

    ``run_lock``: the run lock this run holds for its whole run, if any (see the module docstring).

    Keys leased by another live run are left out and named in one log line per run; expired leases are taken over
    (logged too). The conditional upsert makes a race between two collects safe: a key ends with one holder, and
    the loser reads it back as held elsewhere.
    """
    at = as_utc(now)
    with wh.transaction():
        held = _holders(wh, [r.key for r in refs], run_id)
        live = {key for key, holder in held.items() if not holder.lapsed(at, run_lock)}
        wanted = [r for r in refs if r.key not in live][:limit]
        expired = defaultdict(int)
        for ref in wanted:
            if ref.key in held:
                expired[held[ref.key].run_id] += 1
        rows = [[r.key, run_id, at, as_utc(now + ttl), run_lock] for r in wanted]
        wh._bulk_write(
            "frontier_leases", LEASE_COLUMNS, rows, conflict=["key"], update=LEASE_COLUMNS[1:], update_where=_TAKE_OVER
        )
        lost = _holders(wh, [r.key for r in wanted], run_id)  # a concurrent collect leased them first
    elsewhere: dict[str, list[ArticleRef]] = defaultdict(list)
    for ref in refs:
        if ref.key in live or ref.key in lost:
            elsewhere[(lost.get(ref.key) or held[ref.key]).run_id].append(ref)
    for holder, n in sorted(expired.items()):
        log.warning("run %s's lease on %d articles lapsed (crashed or killed); taking them over", holder, n)
    for holder, taken in sorted(elsewhere.items()):
        log.warning("%d articles are being fetched by run %s; skipped", len(taken), holder)
    return Leased([r for r in wanted if r.key not in lost], dict(elsewhere))


def release(wh: Warehouse, run_id: str) -> None:
    """Drop the run's leases (inside its load transaction: what it fetched is now in the frontier)."""
    wh.execute("DELETE FROM frontier_leases WHERE run_id = ?", [run_id])


def leases(wh: Warehouse) -> dict[str, str]:
    """Every lease held: key -> run (for tests and operators)."""
    return dict(wh.fetchall("SELECT key, run_id FROM frontier_leases ORDER BY key"))
