"""Per-host politeness shared by every process on the machine.

Airflow runs tasks as separate processes, so an in-memory rate limiter is not enough: each host
gets a small file under ``<data_dir>/hosts`` holding the time its last request finished, and an
exclusive ``fcntl`` lock on that file serialises requests to the host across processes.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


class HostGate:
    """One request at a time per host, at least ``min_delay_s`` after the previous one ended."""

    def __init__(self, hosts_dir: Path, min_delay_s: float) -> None:
        self.hosts_dir = hosts_dir
        self.min_delay_s = min_delay_s
        hosts_dir.mkdir(parents=True, exist_ok=True)

    def lock_path(self, host: str) -> Path:
        return self.hosts_dir / f"{_UNSAFE.sub('_', host.lower())}.last"

    @contextmanager
    def turn(self, host: str, min_delay_s: float | None = None) -> Iterator[None]:
        """Hold the host's lock, wait out the delay, run the request, then stamp the time."""
        delay = self.min_delay_s if min_delay_s is None else max(min_delay_s, self.min_delay_s)
        fd = os.open(self.lock_path(host), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            wait = _last_request_end(fd) + delay - time.time()
            if wait > 0:
                log.debug("waiting %.2fs before the next request to %s", wait, host)
                time.sleep(wait)
            try:
                yield
            finally:
                stamp = repr(time.time()).encode()
                os.ftruncate(fd, 0)
                os.pwrite(fd, stamp, 0)
        finally:
            os.close(fd)  # closing releases the lock


def _last_request_end(fd: int) -> float:
    raw = os.pread(fd, 64, 0).strip()
    try:
        return float(raw) if raw else 0.0
    except ValueError:  # a torn or foreign file: treat as no previous request
        return 0.0
