"""How far a page fetch is and when it will end: a tqdm bar on a terminal, periodic log lines in a task's log.

A 15,000-item backlog at ANTARA's polite rate takes hours; without a sign of life an operator cannot tell a slow
crawl from a hung one. Airflow task logs are not terminals (a bar's carriage returns become noise), so there the
same figures are written as one ``N/M pages, ETA`` line every ``every_s`` seconds.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from tqdm import tqdm

log = logging.getLogger(__name__)

#: Seconds between two progress lines in a task log.
LOG_EVERY_S = 30.0


def eta_seconds(done: int, total: int, elapsed_s: float) -> float | None:
    """Remaining time at the mean pace so far; ``None`` before the first page (no pace to go by)."""
    return elapsed_s / done * (total - done) if done else None


class PageProgress:
    """Counts fetched (or skipped) pages; ``bar=True`` draws tqdm on stderr when stderr is a terminal."""

    def __init__(
        self,
        total: int,
        *,
        bar: bool = False,
        every_s: float = LOG_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total, self.every_s, self.clock = total, every_s, clock
        self.done = 0
        self.started = self.last_logged = clock()
        use_bar = bar and sys.stderr.isatty()
        self.bar = tqdm(total=total, unit="page", desc="pages", file=sys.stderr) if use_bar else None

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            return
        at = self.clock()
        if at - self.last_logged >= self.every_s or self.done == self.total:
            self.last_logged = at
            log.info("%s", self.line(at - self.started))

    def line(self, elapsed_s: float) -> str:
        eta = eta_seconds(self.done, self.total, elapsed_s)
        left = tqdm.format_interval(eta) if eta is not None else "unknown"
        return f"{self.done}/{self.total} pages, elapsed {tqdm.format_interval(elapsed_s)}, ETA {left}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
