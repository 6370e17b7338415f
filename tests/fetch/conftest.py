"""Fixtures for the fetch tests: a fake ANTARA behind an HTTP proxy, and fast, isolated settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import Settings
from support.fake_site import FakeSite


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSite]:
    with FakeSite() as fake:
        for name, value in fake.proxy_env.items():
            monkeypatch.setenv(name, value)
        yield fake


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Tiny delays and timeouts so fault tests stay fast; one retry so retry paths are exercised."""
    return Settings(
        data_dir=tmp_path / "data",
        min_delay_s=0.01,
        connect_timeout_s=2.0,
        read_timeout_s=0.5,
        max_retries=1,
        max_response_bytes=50_000,
        contact="tests@example.invalid",
    )
