"""Page-fetch progress: how far, and when it will end, from the mean pace so far."""

from __future__ import annotations

import logging

import pytest

from pipeline.fetch.progress import PageProgress, eta_seconds


class SteppingClock:
    """Each page takes ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.t, self.step = 0.0, step

    def __call__(self) -> float:
        return self.t

    def tick(self) -> None:
        self.t += self.step


def test_eta_is_the_mean_pace_times_the_pages_left() -> None:
    assert eta_seconds(3, 10, 6.0) == pytest.approx(14.0)
    assert eta_seconds(0, 10, 6.0) is None
    assert eta_seconds(10, 10, 20.0) == 0.0


def test_task_log_gets_a_line_every_interval_and_at_the_end(caplog: pytest.LogCaptureFixture) -> None:
    clock = SteppingClock(step=2.0)
    progress = PageProgress(10, every_s=5.0, clock=clock)
    with caplog.at_level(logging.INFO, logger="pipeline.fetch.progress"):
        for _ in range(10):
            clock.tick()
            progress.advance()
        progress.close()
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "3/10 pages, elapsed 00:06, ETA 00:14",
        "6/10 pages, elapsed 00:12, ETA 00:08",
        "9/10 pages, elapsed 00:18, ETA 00:02",
        "10/10 pages, elapsed 00:20, ETA 00:00",
    ]


def test_no_bar_when_stderr_is_no_terminal() -> None:
    """A CLI whose stderr goes to a file or pipe gets log lines, not carriage-return noise."""
    assert PageProgress(5, bar=True).bar is None
