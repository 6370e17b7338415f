"""Each run's data-quality checks, kept in the warehouse (table ``check_results``, migration 0009).

The checks themselves live in :mod:`pipeline.warehouse.checks`; this module only records a report and reads the
history back, so the dashboard can show observed against allowed values, the trend over runs and sample articles.
Saving a run twice replaces its rows (a retried checks task does not double its history).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.warehouse.checks import CheckReport
    from pipeline.warehouse.core import Warehouse

COLUMNS = ("run_id", "checked_at", "check_name", "ok", "observed", "allowed", "checked", "detail", "sample_keys")


@dataclass(frozen=True)
class StoredCheck:
    """One check of one run, as read back from ``check_results``."""

    run_id: str
    checked_at: datetime
    check_name: str
    ok: bool
    observed: int
    allowed: int
    checked: int
    detail: str | None
    sample_keys: list[str]

    @property
    def relaxed(self) -> bool:
        return self.checked > 0 and self.allowed >= self.checked


def save_check_report(wh: Warehouse, report: CheckReport, run_id: str, *, at: datetime | None = None) -> int:
    """Record every result of ``report`` for ``run_id``; return the number of rows written."""
    at = at or datetime.now(UTC)
    rows = [
        [
            run_id,
            at,
            result.name,
            result.ok,
            result.observed,
            result.allowed,
            result.checked,
            result.description,
            json.dumps(result.sample_keys),
        ]
        for result in report.results
    ]
    placeholders = ", ".join("?" for _ in COLUMNS)
    with wh.transaction():
        wh.execute("DELETE FROM check_results WHERE run_id = ?", [run_id])
        wh.executemany(f"INSERT INTO check_results ({', '.join(COLUMNS)}) VALUES ({placeholders})", rows)
    return len(rows)


def recent_check_results(wh: Warehouse, runs: int = 20) -> list[StoredCheck]:
    """The checks of the last ``runs`` runs, oldest run first (the order a trend is drawn in)."""
    rows = wh.fetchall(
        f"SELECT {', '.join(COLUMNS)} FROM check_results WHERE run_id IN"
        " (SELECT run_id FROM check_results GROUP BY run_id ORDER BY MAX(checked_at) DESC LIMIT ?)"
        " ORDER BY checked_at, run_id, check_name",
        [runs],
    )
    return [
        StoredCheck(
            run_id=run_id,
            checked_at=checked_at,
            check_name=name,
            ok=bool(ok),
            observed=int(observed),
            allowed=int(allowed),
            checked=int(checked),
            detail=detail,
            sample_keys=list(json.loads(samples or "[]")),
        )
        for run_id, checked_at, name, ok, observed, allowed, checked, detail, samples in rows
    ]
