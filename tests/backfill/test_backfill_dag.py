"""The real ``antara_backfill`` DAG in-process (``dag.test()``): mapped days load; a rerun changes nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from backfill.ccnews import write_ccnews
from pipeline.warehouse import Warehouse
from support.paths import REPO

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("airflow_db")]


def load_backfill_dag():
    spec = importlib.util.spec_from_file_location("antara_backfill_dag", REPO / "dags" / "antara_backfill.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.backfill_dag


def state(obj) -> str:
    return str(getattr(obj.state, "value", obj.state))


def test_backfill_dag_maps_days_and_a_rerun_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    uri = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    for name, value in {"ANTARA_DATA_DIR": str(tmp_path / "data"), "ANTARA_WAREHOUSE_URI": uri}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", raising=False)
    conf = {"archive": str(warc.path), "translate": False, "since": "2025-01-06", "until": "2025-01-06"}

    first = load_backfill_dag().test(run_conf=conf)
    assert state(first) == "success"
    with Warehouse.open(uri) as wh:
        assert {key for (key,) in wh.fetchall("SELECT key FROM articles")} == warc.expected_keys
        before = wh.fetchall("SELECT * FROM articles ORDER BY key")

    second = load_backfill_dag().test(run_conf=conf)
    assert state(second) == "success"
    with Warehouse.open(uri) as wh:
        assert wh.fetchall("SELECT * FROM articles ORDER BY key") == before
