"""Run-scoped files: how stages hand records to each other.

Each DAG run (or CLI run) owns a directory; each stage writes its output as JSON Lines there and
returns only the path and counts. JSON Lines keeps records streamable and human-inspectable.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def run_dir(runs_dir: Path, run_id: str) -> Path:
    """The directory for one run; run ids like ``scheduled__2026-…+00:00`` become safe names."""
    path = runs_dir / _UNSAFE.sub("_", run_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def prune_runs(runs_dir: Path, keep_days: float, *, keep: Path | None = None) -> list[Path]:
    """Delete run directories untouched for ``keep_days`` (the WARC archive keeps what was fetched).

    Run files are scratch space for handing records between tasks; without pruning a 15-minute
    schedule accumulates thousands of them. ``keep`` (the current run) is never deleted.
    """
    if keep_days <= 0 or not runs_dir.is_dir():
        return []
    cutoff = time.time() - keep_days * 86_400
    removed = []
    for path in sorted(runs_dir.iterdir()):
        if path.is_dir() and path != keep and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    if removed:
        log.info("pruned %d run directories older than %g days from %s", len(removed), keep_days, runs_dir)
    return removed


def write_jsonl(path: Path | Any, records: Iterable[BaseModel]) -> int:
    """Write records atomically and return how many were written: on a local disk a temp file and a rename,
    on object storage one upload (an object appears whole or not at all)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.with_suffix(path.suffix + ".tmp") if isinstance(path, Path) else path
    count = 0
    with target.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(record.model_dump_json() + "\n")
            count += 1
    if target is not path:
        target.replace(path)
    return count


def read_jsonl(path: Path | Any, model: type[M]) -> Iterator[M]:
    """Records of a run file (a local ``Path`` or an ``ObjectStoragePath``; a plain string means a local path)."""
    with (Path(path) if isinstance(path, str) else path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield model.model_validate_json(line)
