"""``make standalone`` from a shell whose PATH does not hold the venv: metadata DB and pools prepared, the UI up on
loopback, the dashboard mounted. (The README's old ``.venv/bin/airflow standalone`` crashed here with
``FileNotFoundError: 'airflow'`` because standalone starts its components from PATH.)"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from stack import free_port, wait_for

from support.paths import REPO

pytestmark = pytest.mark.stack

VENV = Path(sys.executable).parent.parent


def _listens_beyond_loopback(port: int) -> bool:
    """Can another interface of this machine reach the port? (False when bound to 127.0.0.1 only.)"""
    try:
        address = socket.gethostbyname(socket.gethostname())
    except OSError:
        return False
    if address.startswith("127."):
        return False
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex((address, port)) == 0


def test_make_standalone_brings_the_ui_up_on_loopback(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port = free_port()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",  # no venv here: the Makefile must find airflow itself
        "HOME": str(tmp_path),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "AIRFLOW_HOME": str(tmp_path / "airflow_home"),
        "ANTARA_DATA_DIR": str(tmp_path / "data"),
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
        "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
    }
    log_path = tmp_path / "standalone.log"
    installed = VENV / ".installed"  # the suite's venv is ready: make must not reinstall it
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            ["make", "-C", str(REPO), f"VENV={VENV}", "-o", str(installed), "standalone"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:

        def serving() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"make standalone exited {process.returncode}:\n{log_path.read_text()[-4000:]}")
            return requests.get(f"http://127.0.0.1:{port}/api/v2/version", timeout=5).status_code == 200

        wait_for("make standalone to serve the API", serving, timeout_s=240, interval_s=2)
        log = log_path.read_text(errors="replace")
        assert "FileNotFoundError" not in log
        passwords = json.loads((tmp_path / "airflow_home" / "simple_auth_manager_passwords.json.generated").read_text())
        token = requests.post(
            f"http://127.0.0.1:{port}/auth/token",
            json={"username": "admin", "password": passwords["admin"]},
            timeout=30,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        pools = requests.get(f"http://127.0.0.1:{port}/api/v2/pools", headers=headers, timeout=30).json()
        assert {"antara_warehouse", "antara_http", "translation"} <= {p["name"] for p in pools["pools"]}, pools
        dashboard = requests.get(f"http://127.0.0.1:{port}/antara/api/snapshot", headers=headers, timeout=30)
        # airflow-init migrated the (still empty) warehouse: the dashboard answers with an empty snapshot
        assert dashboard.status_code == 200, dashboard.text
        assert dashboard.json()["warehouse"].endswith("warehouse.duckdb")
        assert (tmp_path / "data" / "warehouse.duckdb").exists()
        assert not _listens_beyond_loopback(port)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
