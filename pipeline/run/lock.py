"""One run at a time per data directory: two runs on one data dir and warehouse never fetch a URL twice.

The frontier only changes when a run's load commits, so two overlapping runs would both see the same keys as new.
The CLI therefore holds ``<data_dir>/run.lock`` for the whole run; a second run waits (saying so, and for whom) and
then finds the first run's work in the warehouse. The DAG's fetch tasks take the same lock around their fetching
(``max_active_runs=1`` keeps DAG runs apart), so a CLI run and a DAG task never fetch at the same time. A run that
starts between another's ``collect`` and its load, or one on another data dir sharing the warehouse, is kept off
the other's keys by the frontier leases (:mod:`pipeline.warehouse.leases`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)


@contextmanager
def run_lock(data_dir: Path, *, timeout_s: float = -1) -> Iterator[Path]:
    """Hold the data directory's run lock; ``timeout_s`` < 0 waits for as long as it takes."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "run.lock"
    owner = data_dir / "run.lock.owner"
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("another pipeline run (%s) holds %s: waiting for it to finish before fetching", holder(owner), path)
        lock.acquire(timeout=timeout_s)
        log.info("run lock %s acquired after waiting", path)
    try:
        owner.write_text(f"pid {os.getpid()}", encoding="utf-8")
        yield path
    finally:
        owner.unlink(missing_ok=True)  # before the release: a waiter must never name a run that has ended
        lock.release()


def holder(owner: Path) -> str:
    """Who holds the lock, as its owner file says; the holder may not have written it yet (or be writing it)."""
    try:
        return owner.read_text(encoding="utf-8").strip() or "another process"
    except FileNotFoundError:
        return "another process"
