"""ANTARA ingest: feeds → collect → pages → extract (+ language) → translate → load (+ dedup) → checks → health.

Thin wiring only: every task calls one function of :mod:`pipeline.stages`, which does the work
on files in a run-scoped directory. Heavy imports (torch, transformers, trafilatura) happen inside
those functions, never at parse time.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task

from pipeline import stages  # light: each stage imports its heavy libraries when it runs
from pipeline.config import WAREHOUSE_ASSET as ASSET_NAME_URI
from pipeline.config import Settings
from pipeline.notify import on_failure
from pipeline.run.lock import run_lock
from pipeline.taskrun import current_run

#: Downstream DAGs can schedule on this: it is updated by every successful load.
WAREHOUSE_ASSET = Asset(name=ASSET_NAME_URI[0], uri=ASSET_NAME_URI[1], group="antara")
#: One slot: tasks that open the warehouse run one at a time (DuckDB has a single writer).
WAREHOUSE_POOL = "antara_warehouse"
#: One slot: all fetching tasks of all runs share ANTARA's hosts politely, across workers.
HTTP_POOL = "antara_http"
TRANSLATION_POOL = "translation"

_settings = Settings()

DOC = """
### antara_ingest
Fetches ANTARA's Indonesian and English RSS feeds (the registry in `ANTARA_FEEDS`), fetches new
article pages politely (robots.txt, rate limit, identifying User-Agent), extracts clean bodies and
metadata, identifies the language, translates Indonesian↔English, links duplicates and stories,
and loads everything into the warehouse (`antara_warehouse` connection; embedded DuckDB when unset)
in one transaction, then runs data-quality checks.

**Params**: `source` = `live` (HTTP) or `replay` (a WARC archive, no network); `replay_archive`
(a WARC file or directory); `feeds_file` (another registry).

Operators must hold ANTARA's written permission before crawling it for AI use (machine translation
is AI): see the README.
"""


#: Tasks that talk to ANTARA retry with exponential backoff (the HTTP client retries each request too).
NETWORK_RETRIES: dict[str, Any] = {
    "retries": _settings.task_retries,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}


class FeedFailed(RuntimeError):
    """A feed could not be fetched or parsed; other feeds carry on."""


@dag(
    dag_id="antara_ingest",
    schedule=_settings.schedule,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["antara", "news", "ingest"],
    doc_md=DOC,
    params={
        "source": Param(_settings.source, enum=["live", "replay"], description="live HTTP or replay a WARC archive"),
        "replay_archive": Param(None, type=["null", "string"], description="WARC file or directory for replay"),
        "feeds_file": Param(None, type=["null", "string"], description="feed registry YAML (default: configured)"),
    },
    default_args={"owner": "antara-pipeline", "on_failure_callback": on_failure},
)
def antara_ingest() -> None:
    @task(pool=WAREHOUSE_POOL)
    def plan_feeds() -> list[dict[str, Any]]:
        run = current_run()
        return stages.plan_feeds(run.settings, run.run_dir)

    @task(pool=HTTP_POOL, map_index_template="{{ feed_name }}", **NETWORK_RETRIES)
    def fetch_feed(planned: dict[str, Any]) -> dict[str, Any]:
        get_current_context()["feed_name"] = planned["feed"]["name"]  # type: ignore[typeddict-unknown-key]
        run = current_run()
        with run_lock(run.settings.resolved_data_dir):  # a CLI run on this data dir fetches first; we wait, saying so
            summary = stages.fetch_feed_stage(run.settings, run.run_dir, run.run_id, planned)
        if summary["error"]:
            raise FeedFailed(f"feed {summary['feed']} ({planned['feed']['url']}) failed: {summary['error']}")
        return summary

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def collect() -> dict[str, Any]:
        """Runs even when some feeds failed: their failure is already visible on their own task."""
        run = current_run()
        return stages.collect_stage(run.settings, run.run_dir, run.run_id)

    @task(pool=HTTP_POOL, **NETWORK_RETRIES)
    def fetch_pages(collected: dict[str, Any]) -> dict[str, Any]:
        run = current_run()
        with run_lock(run.settings.resolved_data_dir):
            return stages.fetch_pages_stage(run.settings, run.run_dir, run.run_id, collected["artifacts"])

    @task
    def extract(fetched_pages: dict[str, Any]) -> dict[str, Any]:
        """Extraction and language identification (two fields: no task of their own)."""
        run = current_run()
        return stages.extract_stage(run.settings, run.run_dir, fetched_pages["artifacts"])

    @task(pool=WAREHOUSE_POOL)
    def cache_snapshot(extracted: dict[str, Any]) -> dict[str, Any]:
        """The translation cache's hits for these articles, read here so the translate task never opens the
        warehouse outside its pool."""
        run = current_run()
        return stages.cache_snapshot_stage(run.settings, run.run_dir, extracted["artifacts"])

    @task(pool=TRANSLATION_POOL, queue=_settings.translation_queue, execution_timeout=timedelta(hours=2))
    def translate(snapshot: dict[str, Any]) -> dict[str, Any]:
        """No warehouse here: cache hits come from ``cache_snapshot``, new entries are staged for the load."""
        run = current_run()
        return stages.translate_stage(run.settings, run.run_dir, inputs=snapshot["artifacts"])

    @task(pool=WAREHOUSE_POOL, outlets=[WAREHOUSE_ASSET])
    def load(translated: dict[str, Any]) -> dict[str, Any]:
        """Validation, story linking and every write of the run, in one transaction."""
        run = current_run()
        return stages.load_stage(run.settings, run.run_dir, run.run_id, inputs=translated["artifacts"])

    @task(pool=WAREHOUSE_POOL)
    def quality_checks(loaded: dict[str, Any]) -> dict[str, Any]:
        run = current_run()
        return stages.checks_stage(run.settings, run.run_dir, run.run_id)

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def run_health() -> dict[str, Any]:
        """The run's verdict (the DAG's only leaf, so the run's state): failed when planning failed, when all or
        too many feeds failed, when the run never loaded, or when the checks failed. Whatever happened, the run's
        frontier leases end here (a load already released them; a failed run frees them for the next one at once)."""
        run = current_run()
        stages.release_leases(run.settings, run.run_id)
        health = stages.run_health(run.run_dir, run.settings)
        if not health.ok:
            raise stages.RunFailed(health.render())
        return {"ok": True}

    planned = plan_feeds()
    fetched = fetch_feed.expand(planned=planned)
    collected = collect()
    fetched >> collected  # no data flows here: a failed feed has no output, and collect runs anyway
    checked = quality_checks(load(translate(cache_snapshot(extract(fetch_pages(collected))))))
    [planned, fetched, checked] >> run_health()


ingest_dag = antara_ingest()
