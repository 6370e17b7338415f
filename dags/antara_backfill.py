"""ANTARA backfill: a date range from WARC archives or the sitemaps, one mapped task per day, same stages as ingest.

Thin wiring over :mod:`pipeline.backfill.run`: ``plan`` partitions the source by day and keeps each day's items in
its run directory as JSON Lines — in the run storage (``ANTARA_RUNS_URL``, local or object storage), so the mapped
tasks may run on different workers with no shared disk — handing each day and its items file on; ``prepare``
(mapped, in the ``antara_backfill`` pool so live ingestion keeps its slots) runs pages → extract (language ID
included) → translate and hands on its artifacts; ``load`` (mapped, one at a time, in the warehouse pool shared
with ingest) runs the ingest's load — dedup, articles and frontier (``source='backfill'``) in one transaction — in
day order.
Every day already loaded is skipped, so a rerun — of the DAG or of one mapped task — changes nothing, and a
failed run resumes where it stopped; a loaded day whose failed pages are due in the frontier runs again with those.
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import Param, dag, task

from pipeline.config import Settings
from pipeline.notify import on_failure

_settings = Settings()
WAREHOUSE_POOL = "antara_warehouse"  # shared with antara_ingest: one warehouse writer at a time

DOC = """
### antara_backfill
Backfills ANTARA articles published between `since` and `until` (inclusive, UTC days) from WARC files
(`archive`: paths, CC-NEWS included) or from ANTARA's sitemaps (`sitemap`: a sitemap index URL, fetched politely).
One mapped task per day; reruns skip the days already loaded (and retry the failed pages that are due).
Day folders live in the run storage (`ANTARA_RUNS_URL`); workers share no disk.
"""


def _run(params: dict[str, Any]) -> tuple[Settings, Any, Any]:
    from pipeline.backfill.dates import DateRange, parse_day
    from pipeline.backfill.run import source_from
    from pipeline.taskrun import settings_for

    settings = settings_for(params, warehouse_from_airflow=True)
    archives = [a.strip() for a in (params.get("archive") or "").split(",") if a.strip()]
    source = source_from(settings, archives, params.get("sitemap") or None)
    since, until = (parse_day(params[k]) if params.get(k) else None for k in ("since", "until"))
    return settings, source, DateRange(since, until)


def _params() -> dict[str, Any]:
    from airflow.sdk import get_current_context

    return dict(get_current_context()["params"])


@dag(
    dag_id="antara_backfill",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["antara", "news", "backfill"],
    doc_md=DOC,
    params={
        "archive": Param("", type="string", description="comma-separated WARC files or directories"),
        "sitemap": Param("", type="string", description="sitemap (index) URL, instead of archives"),
        "since": Param("", type="string", description="first publication date (YYYY-MM-DD), empty: open"),
        "until": Param("", type="string", description="last publication date, inclusive; empty: open"),
        "translate": Param(_settings.translate, type="boolean", description="machine-translate the backfill"),
    },
    default_args={"owner": "antara-pipeline", "on_failure_callback": on_failure},
)
def antara_backfill() -> None:
    @task(pool=WAREHOUSE_POOL)
    def plan() -> list[dict[str, str]]:
        from pipeline.backfill.run import plan_days

        settings, source, dates = _run(_params())
        return plan_days(settings, source, dates)

    @task(pool=_settings.backfill_pool, map_index_template="{{ day }}")
    def prepare(planned: dict[str, str]) -> dict[str, Any]:
        from airflow.sdk import get_current_context

        from pipeline.backfill.run import prepare_day

        get_current_context()["day"] = planned["day"]  # type: ignore[typeddict-unknown-key]
        settings, source, dates = _run(_params())
        return prepare_day(settings, source, planned, dates)

    @task(pool=WAREHOUSE_POOL, max_active_tis_per_dagrun=1, map_index_template="{{ day }}")
    def load(prepared: dict[str, Any]) -> dict[str, Any]:
        from airflow.sdk import get_current_context

        from pipeline.backfill.run import finish_day

        get_current_context()["day"] = prepared["day"]  # type: ignore[typeddict-unknown-key]
        settings, source, _ = _run(_params())
        return finish_day(settings, source, prepared)

    load.expand(prepared=prepare.expand(planned=plan()))


backfill_dag = antara_backfill()
