"""docker/ checked statically (no Docker engine here): the compose file parses and references only what exists,
and the Dockerfile's base image and install steps match pyproject.toml."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DOCKER = REPO / "docker"
COMPOSE = yaml.safe_load((DOCKER / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
DOCKERFILE = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
AIRFLOW_SERVICES = [name for name in SERVICES if name.startswith("airflow-")]


def _airflow_pin() -> str:
    pin = next(d for d in PYPROJECT["project"]["dependencies"] if d.startswith("apache-airflow=="))
    return pin.split("==", 1)[1]


def _dockerfile_args() -> dict[str, str]:
    return dict(re.findall(r"^ARG (\w+)=(\S+)$", DOCKERFILE, flags=re.MULTILINE))


def test_compose_has_the_whole_topology() -> None:
    expected = {
        "postgres",
        "redis",
        "airflow-init",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
        "airflow-worker",
        "airflow-worker-gpu",
    }
    assert expected <= set(SERVICES)
    commands = {name: SERVICES[name].get("command") for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"] == "api-server"
    assert commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor"
    assert commands["airflow-triggerer"] == "triggerer"


def test_every_airflow_service_uses_celery_postgres_and_redis() -> None:
    for name in AIRFLOW_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://"), name
        assert "@postgres:5432/" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"], name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379"), name
        assert env["AIRFLOW_CONN_ANTARA_WAREHOUSE"].startswith("postgresql://"), name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"].startswith("http://airflow-apiserver:8080/"), name


def test_gpu_worker_consumes_only_the_translation_queue_on_a_reserved_gpu() -> None:
    gpu = SERVICES["airflow-worker-gpu"]
    assert gpu["profiles"] == ["gpu"]
    assert re.search(r"--queues translation(\s|$)", gpu["command"])
    device = gpu["deploy"]["resources"]["reservations"]["devices"][0]
    assert device["driver"] == "nvidia" and "gpu" in device["capabilities"]
    assert gpu["environment"]["ANTARA_MT_DEVICE"] == "cuda"
    cpu = SERVICES["airflow-worker"]
    assert "profiles" not in cpu
    assert re.search(r"--queues default(\s|$)", cpu["command"])
    # The DAG routes translate by this variable; unset it must name a queue the CPU worker consumes.
    assert cpu["environment"]["ANTARA_TRANSLATION_QUEUE"] == "${ANTARA_TRANSLATION_QUEUE:-default}"


def test_dependencies_name_existing_services() -> None:
    for name, service in SERVICES.items():
        depends = service.get("depends_on", {})
        for dependency in depends if isinstance(depends, list) else depends.keys():
            assert dependency in SERVICES, f"{name} depends on unknown service {dependency}"


def test_paths_exist() -> None:
    for name, service in SERVICES.items():
        if build := service.get("build"):
            context = (DOCKER / build["context"]).resolve()
            assert context == REPO, name
            assert (context / build["dockerfile"]).is_file(), name
        for env_file in service.get("env_file", []):
            path = env_file["path"] if isinstance(env_file, dict) else env_file
            assert (DOCKER / path).is_file(), f"{name}: env_file {path}"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith((".", "/")):
                assert (DOCKER / source).exists(), f"{name}: bind mount {source}"
            else:
                assert source in COMPOSE["volumes"], f"{name}: named volume {source} is not declared"


@pytest.mark.parametrize("name", ["airflow-init", "airflow-worker", "airflow-worker-gpu", "airflow-scheduler"])
def test_workers_and_control_plane_share_the_run_files_volume(name: str) -> None:
    assert "antara-data:/opt/airflow/data" in SERVICES[name]["volumes"]
    assert "ANTARA_DATA_DIR=/opt/airflow/data" in (DOCKER / "airflow.env").read_text(encoding="utf-8")


def test_init_imports_the_pools_the_dag_uses() -> None:
    script = SERVICES["airflow-init"]["command"][-1]
    assert "airflow db migrate" in script
    assert "airflow pools import /opt/antara/pools.json" in script
    assert "COPY --chown=airflow:0 docker/pools.json /opt/antara/pools.json" in DOCKERFILE
    dag = (REPO / "dags" / "antara_ingest.py").read_text(encoding="utf-8")
    pools = json.loads((DOCKER / "pools.json").read_text(encoding="utf-8"))
    for pool in re.findall(r'_POOL = "(\w+)"', dag):
        assert pool in pools


def test_dockerfile_base_image_matches_pyproject() -> None:
    args = _dockerfile_args()
    assert args["AIRFLOW_VERSION"] == _airflow_pin()
    assert "FROM apache/airflow:${AIRFLOW_VERSION}-python${PYTHON_VERSION}" in DOCKERFILE
    python = tuple(int(p) for p in args["PYTHON_VERSION"].split("."))
    requires = PYPROJECT["project"]["requires-python"]  # ">=3.11,<3.13"
    low, high = (tuple(int(p) for p in v.split(".")) for v in re.findall(r"[\d.]+", requires))
    assert low <= python < high


def test_dockerfile_installs_the_project_with_airflows_constraints() -> None:
    install = re.search(r"RUN pip install(.*?)(?:\n\n|\nRUN|\n#)", DOCKERFILE, flags=re.DOTALL)
    assert install, "no pip install step"
    step = install.group(1)
    assert (
        "https://raw.githubusercontent.com/apache/airflow/constraints-${AIRFLOW_VERSION}/"
        "constraints-${PYTHON_VERSION}.txt" in step
    )
    assert '"apache-airflow==${AIRFLOW_VERSION}" apache-airflow-providers-amazon s3fs /opt/antara' in step
    # The object-storage dependencies pyproject.toml declares (ANTARA_RUNS_URL=s3://…) are in the image.
    declared = {re.split(r"[<>=\[ ]", dep, maxsplit=1)[0] for dep in PYPROJECT["project"]["dependencies"]}
    assert {"apache-airflow-providers-amazon", "s3fs"} <= declared
    # Everything the install and the image need is copied in, from paths that exist.
    for source in re.findall(r"^COPY (?:--\S+ )*(.+) \S+$", DOCKERFILE, flags=re.MULTILINE):
        for path in source.split():
            assert (REPO / path).exists(), path
    assert "COPY --chown=airflow:0 plugins /opt/airflow/plugins" in DOCKERFILE
    assert "COPY --chown=airflow:0 dags /opt/airflow/dags" in DOCKERFILE


def test_models_can_be_baked_at_build_time() -> None:
    args = _dockerfile_args()
    assert {args["MODEL_ID_EN"], args["MODEL_EN_ID"]} == {"Helsinki-NLP/opus-mt-id-en", "Helsinki-NLP/opus-mt-en-id"}
    assert 'if [ -n "${BAKE_MODELS}" ]' in DOCKERFILE
    assert "ANTARA_MT_MODELS_DIR=/opt/antara/models" in DOCKERFILE
    assert SERVICES["airflow-worker-gpu"]["build"]["args"]["BAKE_MODELS"] == "${ANTARA_BAKE_MODELS:-1}"


def test_warehouse_database_is_created_for_postgres() -> None:
    init = (DOCKER / "postgres" / "init-antara.sql").read_text(encoding="utf-8")
    assert "CREATE DATABASE antara OWNER antara" in init
    uri = SERVICES["airflow-worker"]["environment"]["AIRFLOW_CONN_ANTARA_WAREHOUSE"]
    assert uri == "postgresql://antara:antara@postgres:5432/antara"


# --------------------------------------------------------------------------------------------- linting and hardening
VENV_BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = VENV_BIN / name
    if not path.exists():
        pytest.fail(f"{name} is missing from the venv: `make install` installs it (pyproject.toml [dev])")
    return str(path)


def _passes(tool: str, *args: str) -> None:
    done = subprocess.run([_tool(tool), *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hadolint_passes() -> None:
    _passes("hadolint", "--no-color", "--config", str(DOCKER / "hadolint.yaml"), str(DOCKER / "Dockerfile"))


def test_compose_file_matches_the_compose_specification() -> None:
    _passes("check-jsonschema", "--builtin-schema", "vendor.compose-spec", str(DOCKER / "docker-compose.yml"))


def test_the_data_and_cache_directories_exist_in_the_image_owned_by_airflow() -> None:
    """A named volume is seeded from the image directory it mounts: it must exist there, owned by uid 50000."""
    mkdir = re.search(r"RUN mkdir -p ([^\n\\]+)", DOCKERFILE)
    assert mkdir, "no directory created in the image"
    created = set(mkdir.group(1).split())
    assert {"/opt/airflow/data", "/opt/airflow/model-cache", "/opt/airflow/secrets"} <= created
    assert re.search(r"chown -R airflow:0 /opt/airflow/data /opt/airflow/model-cache /opt/airflow/secrets", DOCKERFILE)
    assert DOCKERFILE.index("USER 0") < DOCKERFILE.index("RUN mkdir") < DOCKERFILE.index("USER 50000")
    for name in AIRFLOW_SERVICES:
        volumes = SERVICES[name]["volumes"]
        assert "antara-models:/opt/airflow/model-cache" in volumes, name
        assert "airflow-secrets:/opt/airflow/secrets" in volumes, name


def test_no_secret_is_committed_and_the_api_listens_on_loopback() -> None:
    env = (DOCKER / "airflow.env").read_text(encoding="utf-8")
    settings = dict(line.split("=", 1) for line in env.splitlines() if line and not line.startswith("#"))
    for secret in ("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY", "AIRFLOW__CORE__FERNET_KEY"):
        assert secret not in settings, f"{secret} must not be committed"
        assert settings[f"{secret}_CMD"].startswith("cat /opt/airflow/secrets/"), secret
    assert "change-me" not in env
    ports = SERVICES["airflow-apiserver"]["ports"]
    assert ports == ["${ANTARA_API_BIND:-127.0.0.1}:${ANTARA_API_PORT:-8080}:8080"]
    assert "/opt/antara/init-secrets.sh" in SERVICES["airflow-init"]["command"][-1]


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = set((REPO / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", "data", "airflow_home", "build", "tests", "**/__pycache__"} <= ignored
    needed = re.findall(r"^COPY (?:--\S+ )*(.+) \S+$", DOCKERFILE, flags=re.MULTILINE)
    for path in (p for source in needed for p in source.split()):
        assert path.split("/")[0] not in ignored, f"{path} is copied but ignored"


def test_init_generates_secrets_once_and_airflow_reads_them(tmp_path: Path) -> None:
    secrets_dir = tmp_path / "secrets"
    env = {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "ANTARA_SECRETS_DIR": str(secrets_dir)}
    script = str(DOCKER / "init-secrets.sh")
    first = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert first.stdout.split("\n")[:3] == ["generated jwt_secret", "generated api_secret_key", "generated fernet_key"]
    values = {p.name: p.read_text().strip() for p in secrets_dir.iterdir()}
    assert len(values["jwt_secret"]) >= 64 and values["jwt_secret"] != values["api_secret_key"]
    assert oct(secrets_dir.joinpath("jwt_secret").stat().st_mode & 0o777) == "0o600"
    again = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=60, check=True)
    assert again.stdout == ""  # kept, not regenerated: a restart must not log everyone out or lose the Fernet key
    assert {p.name: p.read_text().strip() for p in secrets_dir.iterdir()} == values
    # Airflow's *_CMD settings (what docker/airflow.env uses) really yield them.
    read = subprocess.run(
        [str(VENV_BIN / "airflow"), "config", "get-value", "api_auth", "jwt_secret"],
        env={
            **{k: v for k, v in os.environ.items() if k != "AIRFLOW__API_AUTH__JWT_SECRET"},  # a plain value wins
            "AIRFLOW__API_AUTH__JWT_SECRET_CMD": f"cat {secrets_dir / 'jwt_secret'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert read.stdout.strip().splitlines()[-1] == values["jwt_secret"], read.stderr[-2000:]
