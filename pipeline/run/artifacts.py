"""Run files: where each stage writes what it adds, and the per-stage summaries the run report reads.

Each run (DAG run or CLI run) owns a directory; each stage writes its output there as JSON Lines and returns only
paths and counts (what XCom carries). Only the load writes to the warehouse; every other stage at most reads it.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from pipeline.config import WAREHOUSE_CONN_ID, Settings
from pipeline.models import FetchAttempt, Quarantined, Skipped
from pipeline.run.storage import RunPath, location
from pipeline.runfiles import read_jsonl, write_jsonl

if TYPE_CHECKING:
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

# File names inside a run directory: one place, so the DAG, the CLI and the tests agree.
FEEDS_DIR = "feeds"
EVENTS_DIR = "events"
PAGES_DIR = "pages"
REFS = "refs.jsonl"  # what fetch_pages fetches: this run's new keys (up to the cap) plus the frontier's due ones
DISCOVERED = "frontier.discovered.jsonl"  # every key this run's feeds announced (the frontier records them all)
LEASED_ELSEWHERE = "frontier.elsewhere.jsonl"  # new keys another live run has leased (recorded if it never does)
ATTEMPTS = "frontier.attempts.jsonl"  # failed fetches and non-articles, with their typed outcome
QUARANTINE = "quarantine.jsonl"
PAGES = "pages.jsonl"
FEED_STATES = "feed_states.jsonl"  # every feed's new state, gathered by collect for the load
FEED_EVENTS = "events.feeds.jsonl"  # every feed's fetch events, gathered by collect for the load
EXTRACTED = "articles.extracted.jsonl"  # extracted and language-identified
IDENTIFIED = EXTRACTED
TRANSLATED = "translations.jsonl"  # what translate adds: key + translation, not another copy of every article
NEW_CACHE = "translation_cache.new.jsonl"
CACHE_SNAPSHOT = "translation_cache.snapshot.jsonl"  # the cache hits the translate task may use (read in the pool)
SKIPPED = "skipped.jsonl"
BACKLOG = "articles.backlog.jsonl"
RETRANSLATED = "retranslations.jsonl"
PLAN = "plan.json"


def open_warehouse(settings: Settings, *, migrate: bool = False) -> Warehouse:
    """The configured warehouse. Only planning (and ``pipeline migrate``) migrates the schema; other opens never
    issue DDL. Inside Airflow, PostgreSQL goes through the provider's hook (so OpenLineage sees the load) when the
    ``antara_warehouse`` connection exists; otherwise by URI."""
    from pipeline.warehouse import Warehouse

    if settings.warehouse_from_airflow:
        from airflow.sdk.exceptions import AirflowNotFoundException

        try:
            return Warehouse.from_airflow(WAREHOUSE_CONN_ID, auto_migrate=migrate or None)
        except AirflowNotFoundException:
            log.info("no Airflow connection %r: using %s", WAREHOUSE_CONN_ID, settings.resolved_warehouse_uri)
    return Warehouse.open(
        settings.resolved_warehouse_uri, auto_migrate=migrate or None, duckdb_memory_limit=settings.duckdb_memory_limit
    )


def migrate_warehouse(settings: Settings) -> None:
    """Bring the schema up to date: the first step of a run's planning (and of ``pipeline replay``)."""
    open_warehouse(settings, migrate=True).close()


def now() -> datetime:
    return datetime.now(UTC)


def part_path(run_dir: RunPath, name: str, stage: str) -> RunPath:
    """``quarantine.jsonl`` written by ``collect`` → ``quarantine.collect.jsonl``: each stage writes what it adds,
    in its own file (object storage cannot append), and readers gather the parts."""
    stem = name.removesuffix(".jsonl")
    return run_dir / f"{stem}.{stage}.jsonl"


def write_part(run_dir: RunPath, name: str, stage: str, records: list[BaseModel]) -> int:
    return write_jsonl(part_path(run_dir, name, stage), records)


def read_parts(run_dir: RunPath, name: str, model: type[M]) -> list[M]:
    """Every stage's part of a run file (plus a whole file of that name, as ``pipeline replay`` writes it)."""
    stem = name.removesuffix(".jsonl")
    paths = sorted(run_dir.glob(f"{stem}.*.jsonl"), key=str)
    whole = run_dir / name
    return [record for path in [*paths, *([whole] if whole.exists() else [])] for record in read_jsonl(path, model)]


def read_optional(path: RunPath, model: type[M]) -> list[M]:
    return list(read_jsonl(path, model)) if path.exists() else []


def write_skipped(run_dir: RunPath, stage: str, skipped: list[Skipped]) -> None:
    write_part(run_dir, SKIPPED, stage, skipped)


def write_quarantine(run_dir: RunPath, stage: str, held: list[Quarantined]) -> None:
    for q in held:
        log.warning("quarantined %s (%s): %s", q.url or q.key, q.reason, q.detail)
    write_part(run_dir, QUARANTINE, stage, held)


def write_attempts(run_dir: RunPath, stage: str, attempts: list[FetchAttempt]) -> None:
    write_part(run_dir, ATTEMPTS, stage, attempts)


#: What a stage hands the next one: artifact name -> path or object URL (``str``, small enough for XCom).
Artifacts = dict[str, str]


def artifact(inputs: Artifacts | None, name: str, default: RunPath) -> RunPath:
    """The artifact handed over as an argument (a task's upstream output), else the run's default file."""
    return location(inputs[name]) if inputs and name in inputs else default


def handed(**paths: RunPath) -> Artifacts:
    return {name: str(path) for name, path in paths.items()}


def passed_on(inputs: Artifacts | None, **paths: RunPath) -> Artifacts:
    """What a stage hands on: everything it was handed (the load needs the fetch's parts too) plus what it wrote."""
    return {**(inputs or {}), **handed(**paths)}


def handed_parts(inputs: Artifacts | None, name: str) -> list[RunPath] | None:
    """Every part of run file ``name`` handed over (keys ``quarantine.collect`` …); ``None`` when none was handed
    (a caller without hand-offs, such as ``pipeline replay``, then reads the run directory)."""
    if not inputs:
        return None
    stem = name.removesuffix(".jsonl")
    return [location(path) for key, path in sorted(inputs.items()) if key.startswith(stem + ".")]


def part_key(name: str, stage: str) -> str:
    return f"{name.removesuffix('.jsonl')}.{stage}"


def record_summary(run_dir: RunPath, stage: str, summary: dict[str, Any]) -> dict[str, Any]:
    """Keep each stage's summary in the run directory too, for the run report, run health and post-mortems."""
    out = run_dir / "summaries"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stage}.json").write_text(json.dumps(summary, sort_keys=True, default=str), encoding="utf-8")
    log.info("%s: %s", stage, json.dumps(summary, sort_keys=True, default=str))
    return summary


def read_summaries(run_dir: RunPath) -> dict[str, dict[str, Any]]:
    out = run_dir / "summaries"
    return (
        {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))} if out.exists() else {}
    )


def feed_summaries(run_dir: RunPath) -> list[dict[str, Any]]:
    return [s for name, s in read_summaries(run_dir).items() if name.startswith("fetch_feed.")]


def failed_feeds(run_dir: RunPath) -> list[dict[str, Any]]:
    """Summaries of the feeds whose fetch failed in this run (each names the feed, its URL and the cause)."""
    return [s for s in feed_summaries(run_dir) if s.get("error")]


def reasons(skipped: list[Skipped]) -> dict[str, int]:
    return dict(Counter(s.reason.split(":")[0] if s.reason.startswith("media:") else s.reason for s in skipped))
