"""Ops tests: the dashboard plugin is imported the way the API server imports it (plugins/ on sys.path), and the
session-wide ``airflow standalone`` run shared by the standalone and browser tests."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
if str(PLUGINS) not in sys.path:
    sys.path.insert(0, str(PLUGINS))


@pytest.fixture(scope="session")
def standalone_run(tiny_models: dict[str, Path]) -> Iterator[object]:
    """``airflow standalone`` (SQLite, LocalExecutor) in a temp home; antara_ingest triggered once on the demo archive.

    Shared by the standalone and browser tests; everything it started is stopped at the end of the session.
    """
    from stack import DEMO_ARCHIVE, AirflowStack, translation_env

    if not DEMO_ARCHIVE.is_file():
        pytest.fail(f"the demo archive {DEMO_ARCHIVE} is missing: the stack tests replay it")
    root = Path(tempfile.mkdtemp(prefix="antara-standalone-"))
    stack = AirflowStack(root, extra_env=translation_env(tiny_models))
    try:
        stack.prepare()
        stack.start("standalone", "standalone")
        yield stack.run_demo()
    finally:
        stack.stop()
        if os.environ.get("ANTARA_KEEP_STACK_DIRS") != "1":
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"stack directory kept: {root}")
