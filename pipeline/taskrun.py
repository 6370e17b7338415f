"""What every DAG task needs first: the settings with the run's params applied, and the run's directory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.runfiles import run_dir


@dataclass(frozen=True)
class TaskRun:
    settings: Settings
    run_dir: Path
    run_id: str
    params: dict[str, Any]


def current_run(setting_params: tuple[str, ...] = (), *, dir_prefix: str = "") -> TaskRun:
    """For the task running now: ``setting_params`` (DAG params named like Settings fields) override the
    environment; the warehouse is opened through the Airflow connection when one is defined."""
    from airflow.sdk import get_current_context

    context = get_current_context()
    params = dict(context["params"])
    overrides = {name: params[name] for name in setting_params if params.get(name)}
    settings = Settings(**overrides, warehouse_from_airflow=True)
    run_id = context["run_id"]
    return TaskRun(settings, run_dir(settings.runs_dir, dir_prefix + run_id), run_id, params)
