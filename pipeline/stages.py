"""The pipeline's stages, shared by the Airflow DAGs and the CLI: one import for the wiring.

The stages live in :mod:`pipeline.run`, one module per stage family; this module only gathers them (and the run
file names) so the DAG files and the CLI import one light module. Each stage reads its inputs from the run
directory, writes what it adds as JSON Lines and returns a small JSON-serialisable summary — what XCom carries.
Only ``load`` writes to the warehouse; only ``plan_feeds`` migrates it.
"""

from __future__ import annotations

from pipeline.run.artifacts import (
    ATTEMPTS,
    BACKLOG,
    DISCOVERED,
    EVENTS_DIR,
    EXTRACTED,
    FEEDS_DIR,
    IDENTIFIED,
    NEW_CACHE,
    PAGES,
    PAGES_DIR,
    QUARANTINE,
    REFS,
    RETRANSLATED,
    SKIPPED,
    TRANSLATED,
    failed_feeds,
    feed_summaries,
    open_warehouse,
    read_summaries,
    record_summary,
)
from pipeline.run.feeds import ReplayArchiveMissing, check_replay_archive, collect_stage, fetch_feed_stage, plan_feeds
from pipeline.run.health import RunFailed, RunHealth, run_health
from pipeline.run.load import DataQualityError, checks_stage, load_stage, release_leases
from pipeline.run.pages import article_from_page, extract_stage, fetch_pages_stage
from pipeline.run.translate import StagedCache, backlog_stage, cache_snapshot_stage, translate_stage

__all__ = [
    "ATTEMPTS",
    "BACKLOG",
    "DISCOVERED",
    "EVENTS_DIR",
    "EXTRACTED",
    "FEEDS_DIR",
    "IDENTIFIED",
    "NEW_CACHE",
    "PAGES",
    "PAGES_DIR",
    "QUARANTINE",
    "REFS",
    "RETRANSLATED",
    "SKIPPED",
    "TRANSLATED",
    "DataQualityError",
    "ReplayArchiveMissing",
    "RunFailed",
    "RunHealth",
    "StagedCache",
    "article_from_page",
    "backlog_stage",
    "cache_snapshot_stage",
    "check_replay_archive",
    "checks_stage",
    "collect_stage",
    "extract_stage",
    "failed_feeds",
    "feed_summaries",
    "fetch_feed_stage",
    "fetch_pages_stage",
    "load_stage",
    "open_warehouse",
    "plan_feeds",
    "read_summaries",
    "record_summary",
    "release_leases",
    "run_health",
    "translate_stage",
]
