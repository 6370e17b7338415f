"""Where run artifacts live: a local directory by default, object storage when ``ANTARA_RUNS_URL`` says so.

``ANTARA_RUNS_URL`` is an fsspec URL read through Airflow's ``ObjectStoragePath``, e.g.
``s3://antara_runs@my-bucket/antara/runs`` (the part before ``@`` names the Airflow connection holding the
credentials and endpoint). Unset, runs go to ``<data_dir>/runs`` on the local disk. Either way a run's location is
one value every task can reconstruct or receive, so workers on different machines share no filesystem.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from pipeline.config import Settings

#: A local ``Path`` or an ``airflow.sdk.ObjectStoragePath``: both offer ``/``, ``open``, ``read_text``, ``glob``.
RunPath = Path | Any
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def location(value: str | Path) -> RunPath:
    """A stored path string (``s3://…`` or a local path) as a path object again."""
    text = str(value)
    if not _URL.match(text):
        return Path(text)
    from airflow.sdk import ObjectStoragePath

    return ObjectStoragePath(text)


def is_local(path: RunPath) -> bool:
    return isinstance(path, Path)


def runs_root(settings: Settings) -> RunPath:
    return location(settings.runs_url) if settings.runs_url else settings.runs_dir


def run_location(settings: Settings, run_id: str) -> RunPath:
    """The directory (or object prefix) of one run; run ids like ``scheduled__2026-…+00:00`` become safe names."""
    path = runs_root(settings) / _UNSAFE.sub("_", run_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def remove_tree(path: RunPath) -> None:
    """Delete a directory (or every object under a prefix) and what it holds; nothing there is fine."""
    if is_local(path):
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.rmdir(recursive=True)
