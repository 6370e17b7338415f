"""End-to-end fixtures: the invented ANTARA behind a local proxy, tiny models, a fresh data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from support.antara_site import serve_antara, write_registry
from support.fake_site import FakeSite
from support.s3 import S3Server, s3_server


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSite]:
    """The invented ANTARA; all HTTP goes through it as a proxy (nothing leaves 127.0.0.1)."""
    with FakeSite() as fake:
        serve_antara(fake, failing_feed=True)
        for name, value in fake.proxy_env.items():
            monkeypatch.setenv(name, value)
        yield fake


@pytest.fixture
def antara_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, tiny_models: dict[str, Path]) -> Path:
    """ANTARA_* settings for a run: fresh data dir, tiny models, no politeness delay, no task retries."""
    data = tmp_path / "data"
    values = {
        "ANTARA_DATA_DIR": str(data),
        "ANTARA_FEEDS": str(write_registry(tmp_path / "feeds.yaml", failing_feed=True)),
        "ANTARA_MIN_DELAY_S": "0",
        "ANTARA_TASK_RETRIES": "0",
        "ANTARA_MT_MODEL_ID_EN": str(tiny_models["id-en"]),
        "ANTARA_MT_MODEL_EN_ID": str(tiny_models["en-id"]),
        "ANTARA_MT_LOCAL_FILES_ONLY": "true",
        "ANTARA_MT_BEAM_SIZE": "1",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return data


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    """A real S3-compatible server on 127.0.0.1 with its credentials and Airflow connection in the environment."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the fake ANTARA proxies http://; S3 is reached directly
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    with s3_server() as server:
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        yield server
