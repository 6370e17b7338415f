"""Run health from Airflow's metadata database: a real DAG run with a failed mapped feed task shows with its log link,
and the feed links to its latest fetch_feed task instance."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from antara_dashboard.runs import read_run_health
from dagfiles import load_test_dag

FAILING_DAG = """
from datetime import datetime

from airflow.sdk import dag, get_current_context, task


@dag(dag_id="antara_health_test", schedule="0 * * * *", start_date=datetime(2026, 1, 1), catchup=False)
def health():
    @task(map_index_template="{{ feed_name }}")
    def fetch_feed(feed: str) -> str:
        get_current_context()["feed_name"] = feed
        if feed == "id-ekonomi":
            raise RuntimeError(f"feed {feed} answered HTTP 503")
        return feed

    fetch_feed.expand(feed=["id-politik", "id-ekonomi"])


health_dag = health()
"""


@pytest.fixture(scope="module")
def failed_run(airflow_db: Path, tmp_path_factory: pytest.TempPathFactory):
    with pytest.MonkeyPatch.context() as mp:
        dag = load_test_dag(tmp_path_factory.mktemp("health-dag"), "antara_health_test", FAILING_DAG, "health_dag", mp)
        return dag.test()


def test_a_failed_feed_task_is_listed_with_a_link_to_its_log(failed_run) -> None:
    assert str(getattr(failed_run.state, "value", failed_run.state)) == "failed"
    health = read_run_health(datetime.now(UTC), feed_dag="antara_health_test")
    assert health.problem is None
    failed = [t for t in health.failed_tasks if t.run_id == failed_run.run_id]
    assert [t.label for t in failed] == ["fetch_feed[id-ekonomi]"]
    run_path = f"/dags/antara_health_test/runs/{quote(failed_run.run_id)}"  # as the Airflow 3 UI routes it
    assert failed[0].log_url.startswith(f"{run_path}/tasks/fetch_feed/mapped/1")
    dag = next(d for d in health.dags if d.dag_id == "antara_health_test")
    assert dag.last_run is not None and dag.last_run.state == "failed"
    assert (
        dag.last_run.url == f"/dags/antara_health_test/runs/{failed_run.run_id.replace('+', '%2B').replace(':', '%3A')}"
    )
    assert set(health.feed_tasks) == {"id-politik", "id-ekonomi"}
    assert health.feed_tasks["id-politik"].split("?")[0].endswith("/tasks/fetch_feed/mapped/0")


def test_the_cli_names_the_failed_task_and_its_log(failed_run) -> None:
    from pipeline.cli import failed_task_lines

    lines = failed_task_lines(failed_run)
    assert len(lines) == 1, lines
    assert lines[0].startswith("  failed task fetch_feed[id-ekonomi]; log: ")
    log_target = lines[0].split("log: ", 1)[1]
    if log_target.startswith("/dags/") or "://" in log_target:
        assert "/tasks/fetch_feed/mapped/1" in log_target
    else:
        assert "feed id-ekonomi answered HTTP 503" in Path(log_target).read_text(encoding="utf-8")
