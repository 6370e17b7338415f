"""Shared fixtures: warehouse URIs for both engines (DuckDB embedded, the local PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.paths import REPO

# Airflow reads its configuration when first imported: give the whole test session its own
# AIRFLOW_HOME (SQLite metadata) before anything imports airflow.
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="antara-airflow-home-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__API_AUTH__JWT_SECRET": uuid.uuid4().hex + uuid.uuid4().hex[:8],
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
)

PG_ADMIN_DSN = os.environ.get("ANTARA_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may pick up the developer's ANTARA_* or warehouse settings by accident."""
    for name in list(os.environ):
        if name.startswith("ANTARA_") and name != "ANTARA_TEST_PG_DSN":
            monkeypatch.delenv(name)
    monkeypatch.delenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", raising=False)


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Airflow's metadata database (SQLite) for in-process DAG runs, created once per session."""
    airflow = Path(sys.executable).with_name("airflow")
    done = subprocess.run([str(airflow), "db", "migrate"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return _AIRFLOW_HOME


@pytest.fixture
def duckdb_uri(tmp_path) -> str:
    return f"duckdb:///{tmp_path / 'warehouse.duckdb'}"


@pytest.fixture
def pg_uri() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg

    name = f"antara_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:  # a clear failure, not a skip: CI must run these
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["duckdb", "postgres"])
def warehouse_uri(request) -> str:
    """Parametrises a test over both warehouse engines."""
    return request.getfixturevalue("duckdb_uri" if request.param == "duckdb" else "pg_uri")


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny memorising MarianMT models, one per direction, built offline once per session."""
    from support.tiny_marian import EN_ID_PAIRS, ID_EN_PAIRS, build_tiny_marian

    root = tmp_path_factory.mktemp("tiny-marian")
    return {
        "id-en": build_tiny_marian(root / "id-en", ID_EN_PAIRS, "id", "en"),
        "en-id": build_tiny_marian(root / "en-id", EN_ID_PAIRS, "en", "id"),
    }
