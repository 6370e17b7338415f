"""DuckDB's buffer pool is capped (its own default is 80 % of the machine's memory, which a long backfill's single
writer fills with every block it touched): the default cap, and the operator's ``ANTARA_DUCKDB_MEMORY_LIMIT``."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.mark.parametrize("form", ["512MB", "1.5 GB", "2GiB", "300 mib", "50%"])
def test_every_form_the_setting_accepts_duckdb_accepts_too(form: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, duckdb_memory_limit=form)
    with open_warehouse(settings, migrate=True) as wh:
        assert memory_limit(wh)


def test_a_mistyped_cap_is_one_line_naming_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTARA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ANTARA_DUCKDB_MEMORY_LIMIT", "512")  # no unit: DuckDB's parser would stop the run mid-way
    done = subprocess.run([sys.executable, "-m", "pipeline", "migrate"], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert "invalid setting: duckdb_memory_limit: Value error, not a DuckDB memory size: '512'" in done.stderr
    assert "Traceback" not in done.stderr
