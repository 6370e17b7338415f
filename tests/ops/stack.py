"""Real Airflow components for the stack tests: started on 127.0.0.1 with free ports and a temp AIRFLOW_HOME,
driven through the REST API v2, always torn down (each component runs in its own process group)."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import requests

from support.paths import DEMO_DIR, REPO

log = logging.getLogger(__name__)

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
DEMO_ARCHIVE = DEMO_DIR / "antara-demo.warc.gz"
DEMO_FEEDS = DEMO_DIR / "feeds.yaml"
DAG_ID = "antara_ingest"
ASSET_URI = "antara://warehouse/articles"
#: A schedule that never fires while the tests run (the next 29 February after the DAG's start date is in 2028),
#: so the only run is the one a test triggers.
NEVER = "0 0 29 2 *"
T = TypeVar("T")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, probe: Callable[[], T | None], timeout_s: float, interval_s: float = 1.0) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except (requests.RequestException, OSError, ValueError) as exc:
            last_error = exc
        time.sleep(interval_s)
    detail = f" (last: {last_error})" if last_error else ""
    raise TimeoutError(f"timed out after {timeout_s:g}s waiting for {what}{detail}")


@dataclass
class Component:
    name: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


@dataclass
class AirflowStack:
    """One temp Airflow installation; ``start`` components, call the API, ``stop`` everything it started."""

    root: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    api_port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    components: list[Component] = field(default_factory=list)
    warehouse_uri: str | None = None  # where the DAG loads (None: DuckDB under data_dir)
    _token: str | None = None

    def __post_init__(self) -> None:
        self.home = self.root / "airflow_home"
        self.data_dir = self.root / "data"
        self.logs_dir = self.root / "component-logs"
        for directory in (self.home, self.data_dir, self.logs_dir):
            directory.mkdir(parents=True, exist_ok=True)
        self._secrets = {"api": secrets.token_hex(16), "jwt": secrets.token_hex(40)}
        self._ports = {"worker_logs": free_port(), "trigger_logs": free_port()}
        (self.home / "passwords.json").write_text(json.dumps({"admin": self.password}), encoding="utf-8")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("ANTARA_", "AIRFLOW"))}
        base.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
                "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
                "AIRFLOW__CORE__PARALLELISM": "2",
                "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG": "2",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(self.home / "passwords.json"),
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.url}/execution/",
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.api_port),
                "AIRFLOW__API__BASE_URL": self.url,
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__API__SECRET_KEY": self._secrets["api"],
                "AIRFLOW__API_AUTH__JWT_SECRET": self._secrets["jwt"],  # the same in every component
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(self._ports["worker_logs"]),
                "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(self._ports["trigger_logs"]),
                "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
                "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
                "ANTARA_DATA_DIR": str(self.data_dir),
                "ANTARA_SCHEDULE": NEVER,
                "ANTARA_SOURCE": "replay",  # any run this stack makes stays offline
                "ANTARA_TASK_RETRIES": "0",
                "HF_HUB_OFFLINE": "1",
                "TRANSFORMERS_OFFLINE": "1",
                "PYTHONUNBUFFERED": "1",
                # airflow standalone starts its components as `airflow …` from PATH: this venv's first.
                "PATH": f"{Path(AIRFLOW).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            }
        )
        base.update(self.extra_env)
        return base

    # -- processes ---------------------------------------------------------------------------------------------
    def run(self, *args: str, timeout_s: float = 240, env: dict[str, str] | None = None) -> str:
        """Run one airflow CLI command to completion (db migrate, pools import)."""
        done = subprocess.run(
            [AIRFLOW, *args], env=env or self.env, capture_output=True, text=True, timeout=timeout_s, check=False
        )
        if done.returncode:
            raise RuntimeError(f"airflow {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> Component:
        log_path = self.logs_dir / f"{name}.log"
        with log_path.open("wb") as out:
            process = subprocess.Popen(  # its own session: stop() ends it and every child it spawned, nothing else
                [AIRFLOW, *args], env=env or self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        component = Component(name, process, log_path)
        self.components.append(component)
        return component

    def stop(self, grace_s: float = 20) -> None:
        for component in reversed(self.components):
            _signal_group(component.process, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for component in reversed(self.components):
            try:
                component.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in %ss: killing it", component.name, grace_s)
            _signal_group(component.process, signal.SIGKILL)  # leftovers of the group (task processes)
            component.process.wait(timeout=10)
        self.components.clear()

    def diagnostics(self) -> str:
        return "\n".join(f"----- {c.name} (exit {c.process.poll()}) -----\n{c.tail()}" for c in self.components)

    def assert_alive(self) -> None:
        dead = [c for c in self.components if c.process.poll() is not None]
        if dead:
            raise RuntimeError("component(s) exited: " + ", ".join(c.name for c in dead) + "\n" + self.diagnostics())

    # -- REST API v2 -------------------------------------------------------------------------------------------
    def token(self) -> str:
        if self._token is None:
            response = requests.post(
                f"{self.url}/auth/token", json={"username": "admin", "password": self.password}, timeout=30
            )
            response.raise_for_status()
            self._token = response.json()["access_token"]
        return self._token

    def api(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token()}", **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=30, **kwargs)

    def prepare(self) -> None:
        """The metadata database and the pools the DAG uses, before any component starts."""
        self.run("db", "migrate")
        self.run("pools", "import", str(REPO / "docker" / "pools.json"))

    def run_demo(self, timeout_s: float = 300) -> FinishedRun:
        """Once the started components serve and have parsed the DAG: trigger the demo replay and wait for its end."""
        self.wait_until_serving(timeout_s=180)
        self.wait_for_dag(timeout_s=180)
        run_id = self.trigger(demo_conf())
        return FinishedRun(self, run_id, self.wait_for_run(run_id, timeout_s=timeout_s))

    def wait_until_serving(self, timeout_s: float = 180) -> None:
        def ready() -> bool:
            self.assert_alive()
            return requests.get(f"{self.url}/api/v2/version", timeout=5).status_code == 200

        wait_for("the API server", ready, timeout_s)

    def wait_for_dag(self, timeout_s: float = 180) -> dict[str, Any]:
        def parsed() -> dict[str, Any] | None:
            self.assert_alive()
            errors = self.api("GET", "/api/v2/importErrors").json().get("import_errors", [])
            if errors:
                raise AssertionError(f"DAG import errors: {errors}")
            response = self.api("GET", f"/api/v2/dags/{DAG_ID}")
            return response.json() if response.status_code == 200 else None

        return wait_for(f"{DAG_ID} to be parsed", parsed, timeout_s, interval_s=2)

    def trigger(self, conf: dict[str, Any]) -> str:
        response = self.api("PATCH", f"/api/v2/dags/{DAG_ID}", json={"is_paused": False})
        assert response.status_code == 200, response.text
        response = self.api("POST", f"/api/v2/dags/{DAG_ID}/dagRuns", json={"logical_date": None, "conf": conf})
        assert response.status_code == 200, response.text
        return response.json()["dag_run_id"]

    def wait_for_run(self, run_id: str, timeout_s: float) -> str:
        def finished() -> str | None:
            self.assert_alive()
            state = self.api("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}").json()["state"]
            return state if state in ("success", "failed") else None

        return wait_for(f"run {run_id} to finish", finished, timeout_s, interval_s=3)

    def task_instances(self, run_id: str) -> list[dict[str, Any]]:
        response = self.api("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances", params={"limit": 100})
        response.raise_for_status()
        return response.json()["task_instances"]

    def asset_events(self) -> list[dict[str, Any]]:
        assets = self.api("GET", "/api/v2/assets", params={"uri_pattern": ASSET_URI}).json()["assets"]
        asset = next(a for a in assets if a["uri"] == ASSET_URI)
        response = self.api("GET", "/api/v2/assets/events", params={"asset_id": asset["id"]})
        response.raise_for_status()
        return response.json()["asset_events"]

    def run_report(self, run_id: str) -> str:
        rows = [
            f"{ti['task_id']}[{ti.get('rendered_map_index') or ti['map_index']}]: {ti['state']} on {ti.get('hostname')}"
            for ti in self.task_instances(run_id)
        ]
        return "\n".join(rows)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)  # the group this harness created for the component (start_new_session)


@dataclass
class FinishedRun:
    stack: AirflowStack
    run_id: str
    state: str


def translation_env(tiny_models: dict[str, Path]) -> dict[str, str]:
    """Translate offline with the suite's tiny Marian models (no model hub here), on the CPU."""
    return {
        "ANTARA_MT_MODEL_ID_EN": str(tiny_models["id-en"]),
        "ANTARA_MT_MODEL_EN_ID": str(tiny_models["en-id"]),
        "ANTARA_MT_LOCAL_FILES_ONLY": "true",
        "ANTARA_MT_DEVICE": "cpu",
    }


def demo_conf() -> dict[str, str]:
    """The DAG run conf of the offline demo: the recorded archive and the feeds recorded into it."""
    return {"source": "replay", "replay_archive": str(DEMO_ARCHIVE), "feeds_file": str(DEMO_FEEDS)}
