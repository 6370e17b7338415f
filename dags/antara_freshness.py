"""ANTARA freshness watchdog: is news still arriving? Judges every feed and edition (pipeline.freshness) and sends
one notification (ANTARA_NOTIFY_URL / ANTARA_NOTIFY_EMAIL) when something goes stale: once per stale episode, the
rows already notified kept in the Airflow Variable ``antara_freshness_alerted``.

A DAG of its own, not a task of antara_ingest: when ingestion stalls (scheduler paused, every run failing early,
feeds answering 304 for days) the watchdog still runs. It fails when something is stale, so the UI shows it red too.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task

from pipeline.config import Settings

WAREHOUSE_POOL = "antara_warehouse"

_settings = Settings()


@dag(
    dag_id="antara_freshness",
    schedule=_settings.freshness_schedule,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["antara", "monitoring"],
    doc_md=__doc__,
    default_args={"owner": "antara-pipeline"},
)
def antara_freshness() -> None:
    @task(pool=WAREHOUSE_POOL, retries=0)
    def check() -> dict[str, object]:
        from pipeline.freshness import VariableAlertMemory, check_freshness

        report = check_freshness(Settings(warehouse_from_airflow=True), memory=VariableAlertMemory())
        if not report.ok:
            from airflow.sdk.exceptions import AirflowFailException

            raise AirflowFailException(report.render())  # already notified: no second, failure notification
        return {"stale": 0, "feeds": len(report.feeds)}

    check()


freshness_dag = antara_freshness()
