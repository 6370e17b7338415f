"""Scale-out on Airflow's own distributed engine: CeleryExecutor, PostgreSQL metadata (and warehouse), Redis broker,
and the translate task routed to its own queue, consumed by a separate worker — the GPU-worker topology.

The two workers share no filesystem: each has its own ``ANTARA_DATA_DIR``, and every run artifact travels through
object storage (``ANTARA_RUNS_URL`` on a real S3-compatible server on 127.0.0.1)."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from stack import ASSET_URI, DEMO_ARCHIVE, AirflowStack, FinishedRun, free_port, translation_env

from pipeline.urls import parse_article_url
from pipeline.warehouse import Warehouse
from support.antara_site import ARTICLE_FILES, gold_entries
from support.s3 import S3Server, s3_server

pytestmark = pytest.mark.stack

PG_ADMIN_DSN = os.environ.get("ANTARA_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("ANTARA_TEST_REDIS_URL", "redis://127.0.0.1:6379")
TRANSLATION_QUEUE = "translation"
#: Each worker reports its own host name (Airflow's hostname_callable), so the test can tell who ran which task.
HOSTNAMES = """
def default_worker() -> str:
    return "antara-default-worker"


def translation_worker() -> str:
    return "antara-translation-worker"
"""


def _create_database(name: str) -> str:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {exc}")
    return f"{PG_ADMIN_DSN.rsplit('/', 1)[0]}/{name}"


def _drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _redis_db() -> int:
    """A Redis database of our own for the broker: chosen at random among 1–15, required empty, flushed after."""
    import redis

    for db in random.sample(range(1, 16), 15):
        client = redis.Redis.from_url(f"{REDIS_URL}/{db}", socket_connect_timeout=5)
        try:
            if client.dbsize() == 0:
                return db
        except redis.ConnectionError as exc:
            pytest.fail(f"Redis is not reachable at {REDIS_URL}: {exc}")
    pytest.fail("no empty Redis database among 1-15 for the Celery broker")


def _worker_env(stack: AirflowStack, callable_name: str, hostnames_dir: Path, data_dir: Path) -> dict[str, str]:
    env = stack.env
    env["ANTARA_DATA_DIR"] = str(data_dir)
    env["AIRFLOW__CORE__HOSTNAME_CALLABLE"] = f"stack_hostnames.{callable_name}"
    env["AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT"] = str(free_port())
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(hostnames_dir), env.get("PYTHONPATH", "")) if p)
    return env


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


@pytest.fixture(scope="module")
def celery_run(tiny_models: dict[str, Path], s3: S3Server) -> Iterator[FinishedRun]:
    import redis

    if not DEMO_ARCHIVE.is_file():
        pytest.fail(f"the demo archive {DEMO_ARCHIVE} is missing: the stack tests replay it")
    suffix = uuid.uuid4().hex[:10]
    metadata_db, warehouse_db = f"antara_airflow_{suffix}", f"antara_wh_{suffix}"
    root = Path(tempfile.mkdtemp(prefix="antara-celery-"))
    (root / "stack_hostnames.py").write_text(HOSTNAMES, encoding="utf-8")
    metadata_uri = _create_database(metadata_db)
    warehouse_uri = _create_database(warehouse_db)
    broker_db = _redis_db()
    stack = AirflowStack(
        root,
        extra_env={
            **translation_env(tiny_models),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata_uri.replace("postgresql://", "postgresql+psycopg2://"),
            "AIRFLOW__CELERY__BROKER_URL": f"{REDIS_URL}/{broker_db}",
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + metadata_uri,
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
            "AIRFLOW_CONN_ANTARA_WAREHOUSE": warehouse_uri,
            "ANTARA_TRANSLATION_QUEUE": TRANSLATION_QUEUE,
            "ANTARA_RUNS_URL": s3.url("antara/runs"),
            **s3.env,
        },
        warehouse_uri=warehouse_uri,
    )
    try:
        stack.prepare()
        stack.start("api-server", "api-server")
        stack.start("scheduler", "scheduler")
        stack.start("dag-processor", "dag-processor")
        stack.start(
            "worker-default",
            "celery",
            "worker",
            "--queues",
            "default",
            "--concurrency",
            "1",
            "--celery-hostname",
            f"default-{suffix}@%h",
            env=_worker_env(stack, "default_worker", root, root / "data-default-worker"),
        )
        stack.start(
            "worker-translation",
            "celery",
            "worker",
            "--queues",
            TRANSLATION_QUEUE,
            "--concurrency",
            "1",
            "--celery-hostname",
            f"translation-{suffix}@%h",
            env=_worker_env(stack, "translation_worker", root, root / "data-translation-worker"),
        )
        yield stack.run_demo()
    finally:
        stack.stop()
        redis.Redis.from_url(f"{REDIS_URL}/{broker_db}").flushdb()
        _drop_database(metadata_db)
        _drop_database(warehouse_db)
        if os.environ.get("ANTARA_KEEP_STACK_DIRS") != "1":
            shutil.rmtree(root, ignore_errors=True)


def test_the_run_succeeds_on_celery_workers(celery_run: FinishedRun) -> None:
    stack = celery_run.stack
    assert celery_run.state == "success", stack.run_report(celery_run.run_id) + "\n" + stack.diagnostics()
    tasks = stack.task_instances(celery_run.run_id)
    assert all(ti["state"] == "success" for ti in tasks), stack.run_report(celery_run.run_id)


def test_translate_ran_on_the_translation_worker_only(celery_run: FinishedRun) -> None:
    tasks = celery_run.stack.task_instances(celery_run.run_id)
    placement = {(ti["task_id"], ti["queue"], ti["hostname"]) for ti in tasks}
    assert ("translate", TRANSLATION_QUEUE, "antara-translation-worker") in placement
    others = {(queue, host) for task, queue, host in placement if task != "translate"}
    assert others == {("default", "antara-default-worker")}, placement


def test_the_postgres_warehouse_was_loaded_and_the_asset_updated(celery_run: FinishedRun) -> None:
    with Warehouse.open(celery_run.stack.warehouse_uri) as wh:
        statuses = dict(wh.fetchall("SELECT translation_status, COUNT(*) FROM articles GROUP BY 1"))
        runs = {row[0] for row in wh.fetchall("SELECT DISTINCT run_id FROM articles")}
    assert statuses.get("done", 0) > 0 and set(statuses) == {"done"}, statuses
    assert runs == {celery_run.run_id}
    events = celery_run.stack.asset_events()
    assert [(e["uri"], e["source_run_id"]) for e in events] == [(ASSET_URI, celery_run.run_id)]


def test_the_workers_shared_no_filesystem_only_the_bucket(celery_run: FinishedRun, s3: S3Server) -> None:
    """Every artifact went through S3; neither worker's data dir holds a run file; the rows are the demo's."""
    root = celery_run.stack.root
    for data_dir in (root / "data", root / "data-default-worker", root / "data-translation-worker"):
        assert not (data_dir / "runs").exists(), data_dir
    run_prefix = "antara/runs/" + "".join(c if c.isalnum() or c in "._-" else "_" for c in celery_run.run_id)
    keys = s3.keys(run_prefix + "/")
    for stage in ("plan", "collect", "fetch_pages", "extract", "translate", "load", "checks"):
        assert f"{run_prefix}/summaries/{stage}.json" in keys, (stage, keys[:20])
    with Warehouse.open(celery_run.stack.warehouse_uri) as wh:
        loaded = {row[0] for row in wh.fetchall("SELECT key FROM articles")}
    entries = gold_entries()
    assert loaded == {parse_article_url(entries[name]["url"]).key for name in ARTICLE_FILES}
