"""Load a DAG written by a test, in a DAG bundle of its own (``dag.test()`` needs the file to belong to a bundle)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

LOCAL_BUNDLE = "airflow.dag_processing.bundles.local.LocalDagBundle"


def load_test_dag(folder: Path, name: str, source: str, attribute: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Write ``source`` to ``folder/name.py``, register ``folder`` as a bundle, import it, return ``attribute``."""
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    bundles = [
        {"name": "dags-folder", "classpath": LOCAL_BUNDLE, "kwargs": {}},
        {"name": f"ops-{name}", "classpath": LOCAL_BUNDLE, "kwargs": {"path": str(folder), "refresh_interval": 0}},
    ]
    monkeypatch.setenv("AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST", json.dumps(bundles))
    spec = importlib.util.spec_from_file_location(f"{name}_dag", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, attribute)
