"""What every DAG task needs first: the settings with the run's params applied, and the run's directory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.config import Settings
from pipeline.run.storage import RunPath, run_location


@dataclass(frozen=True)
class TaskRun:
    settings: Settings
    run_dir: RunPath
    run_id: str
    params: dict[str, Any]


def settings_for(params: dict[str, Any], **extra: Any) -> Settings:
    """The environment's settings, overridden by the run params named like a Settings field (e.g. ``source``)."""
    overrides = {name: value for name, value in params.items() if name in Settings.model_fields and value}
    return Settings(**overrides, **extra)


def current_run(*, dir_prefix: str = "") -> TaskRun:
    """For the task running now; the warehouse is opened through the Airflow connection when one is defined."""
    from airflow.sdk import get_current_context

    context = get_current_context()
    params = dict(context["params"])
    settings = settings_for(params, warehouse_from_airflow=True)
    run_id = context["run_id"]
    return TaskRun(settings, run_location(settings, dir_prefix + run_id), run_id, params)
