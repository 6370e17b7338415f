"""The real stack: ``airflow standalone`` runs antara_ingest on the demo archive, triggered through REST API v2."""

from __future__ import annotations

import pytest
import requests
from stack import ASSET_URI

from pipeline.warehouse import Warehouse

pytestmark = pytest.mark.stack


def test_the_triggered_run_succeeds(standalone_run) -> None:
    stack = standalone_run.stack
    assert standalone_run.state == "success", stack.run_report(standalone_run.run_id) + "\n" + stack.diagnostics()
    tasks = stack.task_instances(standalone_run.run_id)
    names = {ti["task_id"] for ti in tasks}
    assert {"plan_feeds", "fetch_feed", "collect", "translate", "load", "quality_checks"} <= names
    assert all(ti["state"] == "success" for ti in tasks), stack.run_report(standalone_run.run_id)
    feed_labels = [ti["rendered_map_index"] for ti in tasks if ti["task_id"] == "fetch_feed"]
    assert feed_labels and all(label and not label.isdigit() for label in feed_labels)  # labelled by feed name


def test_the_warehouse_holds_the_replayed_articles(standalone_run) -> None:
    uri = f"duckdb:///{standalone_run.stack.data_dir / 'warehouse.duckdb'}"
    with Warehouse.open(uri, lock_timeout_s=30) as wh:
        by_edition = dict(wh.fetchall("SELECT lang, COUNT(*) FROM articles GROUP BY lang"))
        runs = {row[0] for row in wh.fetchall("SELECT DISTINCT run_id FROM articles")}
        statuses = dict(wh.fetchall("SELECT translation_status, COUNT(*) FROM articles GROUP BY 1"))
        feeds = wh.count("feed_state")
    assert by_edition.get("id", 0) > 0 and by_edition.get("en", 0) > 0, by_edition
    assert runs == {standalone_run.run_id}
    assert feeds == 0  # a replay neither reads nor writes the live feeds' state (issue #11)
    assert statuses.get("done", 0) == sum(by_edition.values()), statuses  # every article translated


def test_the_load_emitted_the_warehouse_asset_event(standalone_run) -> None:
    """Exactly one event from the demo run's load; other tests may trigger more runs in the shared stack, and each
    run that loads emits its own single event."""
    events = standalone_run.stack.asset_events()
    sources = [e["source_run_id"] for e in events]
    assert len(sources) == len(set(sources)), sources  # one event per run, never two from one load
    ours = [e for e in events if e["source_run_id"] == standalone_run.run_id]
    assert [(e["uri"], e["source_task_id"]) for e in ours] == [(ASSET_URI, "load")], events


def test_the_dashboard_needs_airflow_authentication(standalone_run) -> None:
    stack = standalone_run.stack
    url = f"{stack.url}/antara/api/snapshot"
    assert requests.get(url, timeout=30).status_code == 401
    forged = requests.get(url, headers={"Authorization": "Bearer not.a.token"}, timeout=30)
    assert forged.status_code == 403
    response = stack.api("GET", "/antara/api/snapshot")
    assert response.status_code == 200, response.text
    snapshot = response.json()
    with Warehouse.open(f"duckdb:///{stack.data_dir / 'warehouse.duckdb'}", lock_timeout_s=30) as wh:
        assert snapshot["totals"]["articles"] == wh.count("articles")
    assert snapshot["latest"], "no latest articles on the dashboard"
