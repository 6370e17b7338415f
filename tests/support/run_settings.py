"""Settings for whole in-process runs against the fake ANTARA: no delays, short timeouts, no translation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.config import Settings


def fast_run_settings(data_dir: Path, feeds_file: Path, warehouse_uri: str, **overrides: Any) -> Settings:
    """One run's settings (its own data dir); tests pass the knobs their scenario turns as ``overrides``."""
    return Settings(
        data_dir=data_dir,
        feeds_file=feeds_file,
        warehouse_uri=warehouse_uri,
        min_delay_s=0.0,
        connect_timeout_s=2.0,
        read_timeout_s=2.0,
        max_retries=1,
        translate=False,
        check_min_translation_coverage=0.0,
        contact="tests@example.invalid",
        **overrides,
    )
