"""Run artifacts on object storage: ANTARA_RUNS_URL=s3://… against a real S3-compatible server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.warehouse import Warehouse
from support.antara_site import ARTICLE_FILES
from support.s3 import S3Server

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("airflow_db")]


def test_runs_write_their_artifacts_to_s3_and_load_the_same_rows(
    site, s3: S3Server, antara_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.cli import load_ingest_dag, run_pipeline
    from pipeline.config import Settings

    monkeypatch.setenv("ANTARA_RUNS_URL", s3.url("antara/runs"))
    monkeypatch.setenv("ANTARA_CHECK_MIN_TRANSLATION_COVERAGE", "0")
    settings = Settings()
    directory = run_pipeline(settings, "s3-cli")
    assert str(directory) == f"{s3.url('antara/runs')}/s3-cli"
    keys = s3.keys("antara/runs/s3-cli/")
    for expected in ("summaries/load.json", "articles.extracted.jsonl", "translations.jsonl", "refs.jsonl"):
        assert f"antara/runs/s3-cli/{expected}" in keys
    assert sum(1 for k in keys if k.startswith("antara/runs/s3-cli/pages/") and k.endswith(".html")) == 11
    assert not (antara_env / "runs").exists()  # nothing of the run on the local disk
    with Warehouse.open(settings.resolved_warehouse_uri) as wh:
        assert wh.count("articles") == len(ARTICLE_FILES)

    dagrun = load_ingest_dag().test(run_conf={})  # the DAG's tasks hand off through the bucket too
    assert str(getattr(dagrun.state, "value", dagrun.state)) == "success"
    assert any(k.endswith("/summaries/checks.json") and "s3-cli" not in k for k in s3.keys("antara/runs/"))
    assert not (antara_env / "runs").exists()
