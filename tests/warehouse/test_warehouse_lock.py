"""DuckDB allows one writing process: a second one waits on the lock file, and gives up with a clear error."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from pipeline.warehouse import Warehouse, WarehouseLockTimeout

HOLDER = r"""
import sys, time
from pipeline.warehouse import Warehouse
with Warehouse.open(sys.argv[1], auto_migrate=True) as wh:
    print("HOLDING", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold(uri: str, seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", HOLDER, uri, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "HOLDING"
    return child


def test_second_process_times_out_with_a_clear_error(duckdb_uri: str) -> None:
    child = _hold(duckdb_uri, 30)
    try:
        with pytest.raises(WarehouseLockTimeout, match=r"warehouse\.duckdb\.lock.*pid \d+.*one writing process"):
            Warehouse.open(duckdb_uri, lock_timeout_s=0.5, auto_migrate=True)
    finally:
        child.kill()
        child.wait()


def test_second_process_waits_for_the_first(duckdb_uri: str) -> None:
    child = _hold(duckdb_uri, 1.5)
    started = time.monotonic()
    with Warehouse.open(duckdb_uri, lock_timeout_s=60, auto_migrate=True) as wh:
        waited = time.monotonic() - started
        wh.execute("INSERT INTO feeds (name, url) VALUES (?, ?)", ["terkini", "https://x/rss"])
        assert wh.count("feeds") == 1
    assert child.wait(timeout=30) == 0
    assert waited > 0.5
