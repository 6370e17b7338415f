"""The DAG files parse cleanly, cheaply, and are wired as documented."""

import itertools
import subprocess
import sys

import pytest

from support.paths import REPO


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(REPO / "dags"))


def test_no_import_errors(dagbag) -> None:
    assert dagbag.import_errors == {}
    assert "antara_ingest" in dagbag.dag_ids


def test_ingest_dag_shape(dagbag) -> None:
    dag = dagbag.dags["antara_ingest"]
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert "antara" in dag.tags and dag.doc_md
    chain = ["plan_feeds", "fetch_feed", "collect", "fetch_pages", "extract", "identify_language", "translate", "dedup"]
    for upstream, downstream in itertools.pairwise(chain):
        assert downstream in dag.get_task(upstream).downstream_task_ids, (upstream, downstream)
    assert "load" in dag.get_task("dedup").downstream_task_ids
    assert "quality_checks" in dag.get_task("load").downstream_task_ids


def test_tasks_carry_pools_retries_and_labels(dagbag) -> None:
    dag = dagbag.dags["antara_ingest"]
    fetch = dag.get_task("fetch_feed")
    assert fetch.map_index_template == "{{ feed_name }}"
    assert fetch.retries >= 1 and fetch.retry_exponential_backoff
    assert fetch.pool == "antara_http"
    assert dag.get_task("translate").pool == "translation"
    assert dag.get_task("collect").trigger_rule == "all_done"
    for task_id in ("plan_feeds", "collect", "dedup", "load", "quality_checks"):
        assert dag.get_task(task_id).pool == "antara_warehouse", task_id
    outlets = dag.get_task("load").outlets
    assert [a.uri for a in outlets] == ["antara://warehouse/articles"]


def test_parsing_imports_no_heavy_libraries() -> None:
    """DAG files are parsed every few seconds: torch/transformers/trafilatura must load only inside tasks."""
    code = (
        "import runpy, sys; runpy.run_path(sys.argv[1]);"
        "heavy = [m for m in ('torch', 'transformers', 'trafilatura', 'ctranslate2', 'datasketch')"
        " if m in sys.modules];"
        "print(','.join(heavy))"
    )
    for dag_file in sorted((REPO / "dags").glob("*.py")):
        done = subprocess.run([sys.executable, "-c", code, str(dag_file)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1:] in ([], [""]), f"{dag_file.name} imports {done.stdout}"


def test_failures_notify(dagbag) -> None:
    """Every task reports its failure to the configured notifier (ANTARA_NOTIFY_URL / _EMAIL)."""
    from pipeline.notify import on_failure

    for dag_id in ("antara_ingest", "antara_retranslate"):
        for task in dagbag.dags[dag_id].tasks:
            callbacks = task.on_failure_callback
            callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
            assert on_failure in callbacks, (dag_id, task.task_id)
