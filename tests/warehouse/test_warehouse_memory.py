"""DuckDB's buffer pool is capped (its own default is 80 % of the machine's memory, which a long backfill's single
writer fills with every block it touched): the default cap, and the operator's ``ANTARA_DUCKDB_MEMORY_LIMIT``."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import DEFAULT_DUCKDB_MEMORY_LIMIT, Settings
from pipeline.run.artifacts import open_warehouse
from pipeline.warehouse import Warehouse


def memory_limit(wh: Warehouse) -> str:
    return str(wh.fetchall("SELECT current_setting('memory_limit')")[0][0])


def test_a_duckdb_warehouse_opens_with_the_default_cap(duckdb_uri: str) -> None:
    assert DEFAULT_DUCKDB_MEMORY_LIMIT == "512MB"
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh:
        assert memory_limit(wh) == "488.2 MiB"  # DuckDB prints it in MiB: 512 MB


def test_the_operator_sets_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTARA_DUCKDB_MEMORY_LIMIT", "2GB")
    settings = Settings(data_dir=tmp_path)
    assert settings.duckdb_memory_limit == "2GB"
    with open_warehouse(settings, migrate=True) as wh:
        assert memory_limit(wh) == "1.8 GiB"  # 2 GB
