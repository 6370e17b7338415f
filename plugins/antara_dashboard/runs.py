"""Run health from Airflow's own metadata database: last and next run of each ANTARA DAG, the task instances that
failed in the last day (linked to their logs in the Airflow 3 UI), and each feed's latest ``fetch_feed`` task.

The dashboard runs inside the API server, so it reads the ORM directly (the same session the REST API uses) rather
than calling the API over HTTP with a token it does not have.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

log = logging.getLogger(__name__)

DAG_PREFIX = "antara_"
FEED_DAG, FEED_TASK = "antara_ingest", "fetch_feed"
FAILED_WINDOW = timedelta(hours=24)
MAX_FAILED_SHOWN = 50


@dataclass
class RunInfo:
    run_id: str
    state: str
    start_date: datetime | None
    end_date: datetime | None
    url: str


@dataclass
class DagHealth:
    dag_id: str
    paused: bool
    last_run: RunInfo | None
    next_run_at: datetime | None
    url: str


@dataclass
class FailedTask:
    dag_id: str
    run_id: str
    task_id: str
    label: str
    try_number: int
    end_date: datetime | None
    log_url: str


@dataclass
class RunHealth:
    dags: list[DagHealth] = field(default_factory=list)
    failed_tasks: list[FailedTask] = field(default_factory=list)
    feed_tasks: dict[str, str] = field(default_factory=dict)  # feed name -> its latest fetch_feed task's page
    problem: str | None = None


def ui_path(url: str) -> str:
    """An Airflow UI URL without scheme and host, so a link works whichever address the browser used."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def dag_url(dag_id: str) -> str:
    return f"/dags/{quote(dag_id)}"


def run_url(dag_id: str, run_id: str) -> str:
    return f"/dags/{quote(dag_id)}/runs/{quote(run_id)}"


def task_label(task_id: str, map_index: int, rendered: str | None) -> str:
    return f"{task_id}[{rendered or map_index}]" if map_index >= 0 else task_id


def read_run_health(now: datetime, *, prefix: str = DAG_PREFIX, feed_dag: str = FEED_DAG) -> RunHealth:
    """Everything the run-health section shows; a metadata database that cannot be read is reported, not raised."""
    try:
        from airflow.utils.session import create_session

        with create_session() as session:
            return RunHealth(
                dags=_dags(session, prefix),
                failed_tasks=_failed_tasks(session, prefix, now - FAILED_WINDOW),
                feed_tasks=_feed_tasks(session, feed_dag),
            )
    except Exception as exc:  # no metadata DB outside Airflow, or not migrated: the rest of the page still works
        log.warning("dashboard: cannot read Airflow's run history: %s", exc)
        return RunHealth(problem=f"Airflow's run history is not readable here: {type(exc).__name__}: {exc}")


def _dags(session, prefix: str) -> list[DagHealth]:
    from airflow.models import DagModel, DagRun
    from sqlalchemy import select

    dags = session.scalars(select(DagModel).where(DagModel.dag_id.like(f"{prefix}%")).order_by(DagModel.dag_id)).all()
    out = []
    for dag in dags:
        last = session.scalars(
            select(DagRun)
            .where(DagRun.dag_id == dag.dag_id)
            .order_by(DagRun.run_after.desc(), DagRun.id.desc())
            .limit(1)
        ).first()
        out.append(
            DagHealth(
                dag_id=dag.dag_id,
                paused=bool(dag.is_paused),
                last_run=_run_info(last) if last else None,
                next_run_at=None if dag.is_paused else dag.next_dagrun_create_after,
                url=dag_url(dag.dag_id),
            )
        )
    return out


def _run_info(run) -> RunInfo:
    return RunInfo(
        run_id=run.run_id,
        state=str(getattr(run.state, "value", run.state)),
        start_date=run.start_date,
        end_date=run.end_date,
        url=run_url(run.dag_id, run.run_id),
    )


def _failed_tasks(session, prefix: str, since: datetime) -> list[FailedTask]:
    from airflow.models import TaskInstance
    from airflow.utils.state import TaskInstanceState
    from sqlalchemy import select

    rows = session.scalars(
        select(TaskInstance)
        .where(
            TaskInstance.dag_id.like(f"{prefix}%"),
            TaskInstance.state == TaskInstanceState.FAILED,
            TaskInstance.end_date >= since,
        )
        .order_by(TaskInstance.end_date.desc())
        .limit(MAX_FAILED_SHOWN)
    ).all()
    return [
        FailedTask(
            dag_id=ti.dag_id,
            run_id=ti.run_id,
            task_id=ti.task_id,
            label=task_label(ti.task_id, ti.map_index, ti.rendered_map_index),
            try_number=int(ti.try_number or 0),
            end_date=ti.end_date,
            log_url=ui_path(ti.log_url),
        )
        for ti in rows
    ]


def _feed_tasks(session, feed_dag: str) -> dict[str, str]:
    """Feed name → the page of its most recent ``fetch_feed`` task instance (mapped tasks are labelled by feed)."""
    from airflow.models import TaskInstance
    from sqlalchemy import select

    rows = session.scalars(
        select(TaskInstance)
        .where(TaskInstance.dag_id == feed_dag, TaskInstance.task_id == FEED_TASK)
        .order_by(TaskInstance.start_date.desc().nulls_last())
        .limit(2000)
    ).all()
    latest: dict[str, str] = {}
    for ti in rows:
        if ti.rendered_map_index:
            latest.setdefault(ti.rendered_map_index, ui_path(ti.log_url))
    return latest
