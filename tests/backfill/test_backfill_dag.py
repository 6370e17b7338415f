"""The real ``antara_backfill`` DAG in-process (``dag.test()``): mapped days load; a rerun changes nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from backfill.ccnews import write_ccnews
from pipeline.warehouse import Warehouse
from support.paths import REPO
from support.s3 import S3Server

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("airflow_db")]


def load_backfill_dag():
    spec = importlib.util.spec_from_file_location("antara_backfill_dag", REPO / "dags" / "antara_backfill.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.backfill_dag


def state(obj) -> str:
    return str(getattr(obj.state, "value", obj.state))


def backfill_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    uri = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    for name, value in {"ANTARA_DATA_DIR": str(tmp_path / "data"), "ANTARA_WAREHOUSE_URI": uri}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", raising=False)
    return uri


def test_backfill_dag_maps_days_and_a_rerun_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    uri = backfill_env(tmp_path, monkeypatch)
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


def test_backfill_dag_hands_its_partitions_over_s3_not_a_shared_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, s3: S3Server
) -> None:
    """Run storage and the archive on object storage: no task leaves or reads a file on the local disk."""
    import boto3

    warc = write_ccnews(tmp_path / "cc.warc.gz")
    client = boto3.client("s3", endpoint_url=s3.endpoint, region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")  # fmt: skip
    client.put_object(Bucket=s3.bucket, Key="cc-news/CC-NEWS-20250106.warc.gz", Body=warc.path.read_bytes())
    warc.path.unlink()  # only the bucket has it now
    uri = backfill_env(tmp_path, monkeypatch)
    monkeypatch.setenv("ANTARA_RUNS_URL", s3.url("antara/runs"))
    conf = {"archive": s3.url("cc-news/"), "translate": False, "since": "2025-01-06", "until": "2025-01-06"}

    first = load_backfill_dag().test(run_conf=conf)
    assert state(first) == "success"
    with Warehouse.open(uri) as wh:
        assert {key for (key,) in wh.fetchall("SELECT key FROM articles")} == warc.expected_keys
        assert dict(wh.fetchall("SELECT source, COUNT(*) FROM frontier GROUP BY source")) == {"backfill": 12}
        before = wh.fetchall("SELECT * FROM articles ORDER BY key")
    keys = s3.keys("antara/runs/")
    partitions = {k.split("/")[2] for k in keys}
    assert len(partitions) == 1 and next(iter(partitions)).startswith("backfill__warc-")
    (partition,) = partitions
    assert f"antara/runs/{partition}/summaries/load.json" in keys  # the resume marker, in the bucket
    assert not any("/pages/" in k for k in keys)  # a loaded day's scratch is cleared there too
    assert "cc-news/CC-NEWS-20250106.warc.gz.cdxj" in s3.keys("cc-news/")  # the index is kept beside the file
    assert not (tmp_path / "data" / "runs").exists()  # nothing of the partitions on the local disk

    second = load_backfill_dag().test(run_conf=conf)  # the marker in the bucket says the day is done
    assert state(second) == "success"
    with Warehouse.open(uri) as wh:
        assert wh.fetchall("SELECT * FROM articles ORDER BY key") == before
    assert not (tmp_path / "data" / "runs").exists()
