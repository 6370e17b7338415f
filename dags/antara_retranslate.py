"""ANTARA retranslate: catch up on translations that are pending, failed or by an older model.

Ingestion never waits on translation: when a model is missing, articles are loaded with status
``pending``. This DAG picks them up (oldest first, ``limit`` per run), as it does articles
translated by a model other than the configured one, and loads the new translations.
Trigger it by hand (params) or set ``ANTARA_RETRANSLATE_SCHEDULE``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, task

from pipeline import stages  # light: each stage imports its heavy libraries when it runs
from pipeline.config import WAREHOUSE_ASSET as ASSET_NAME_URI
from pipeline.config import Settings
from pipeline.notify import on_failure
from pipeline.taskrun import current_run

WAREHOUSE_POOL = "antara_warehouse"
TRANSLATION_POOL = "translation"

_settings = Settings()


#: Each retranslate run keeps its files apart from the ingest runs'.
DIR_PREFIX = "retranslate__"


@dag(
    dag_id="antara_retranslate",
    schedule=_settings.retranslate_schedule,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["antara", "translation"],
    doc_md=__doc__,
    params={"limit": Param(_settings.retranslate_limit, type="integer", minimum=1, description="articles per run")},
    default_args={"owner": "antara-pipeline", "on_failure_callback": on_failure},
)
def antara_retranslate() -> None:
    @task(pool=WAREHOUSE_POOL)
    def select_backlog() -> dict[str, Any]:
        run = current_run(dir_prefix=DIR_PREFIX)
        return stages.backlog_stage(run.settings, run.run_dir, int(run.params["limit"]))

    @task(pool=TRANSLATION_POOL, queue=_settings.translation_queue, execution_timeout=timedelta(hours=2))
    def translate(backlog: dict[str, Any]) -> dict[str, Any]:
        run = current_run(dir_prefix=DIR_PREFIX)
        return stages.translate_stage(
            run.settings, run.run_dir, source=stages.BACKLOG, target=stages.RETRANSLATED, inputs=backlog["artifacts"]
        )

    @task(pool=WAREHOUSE_POOL, outlets=[Asset(name=ASSET_NAME_URI[0], uri=ASSET_NAME_URI[1], group="antara")])
    def load(translated: dict[str, Any]) -> dict[str, Any]:
        """Story linking happens here too, in the load's transaction: a fresh translation can confirm a
        cross-lingual link that anchors alone could not."""
        run = current_run(dir_prefix=DIR_PREFIX)
        return stages.load_stage(
            run.settings, run.run_dir, run.run_id, inputs=translated["artifacts"], rescore_translations=True
        )

    load(translate(select_backlog()))


retranslate_dag = antara_retranslate()
