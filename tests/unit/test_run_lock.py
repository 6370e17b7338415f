"""One fetching run per data dir: a DAG fetch task waits for a CLI run holding the lock, and says for whom."""

from __future__ import annotations

import inspect
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline.run.lock import holder, run_lock

HOLDER = """
import sys
import threading
from pathlib import Path
from pipeline.run.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()  # until the test has seen the second holder wait
"""


def test_second_holder_waits_for_the_first_and_logs_who_holds_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The first holder lets go only once the second has said it waits: no timing decides the outcome."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdin is not None and holder.stdout is not None and holder.stdout.readline().strip() == "held"
    waiting = threading.Event()

    class Waiting(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "waiting for it to finish" in record.getMessage():
                waiting.set()

    lock_log = logging.getLogger("pipeline.run.lock")
    lock_log.addHandler(signal := Waiting())
    try:
        with caplog.at_level(logging.INFO, logger="pipeline.run.lock"):
            acquired = threading.Event()

            def take_it() -> None:
                with run_lock(tmp_path):
                    acquired.set()

            second = threading.Thread(target=take_it)
            second.start()
            assert waiting.wait(timeout=60), "the second holder never said it waits"
            assert not acquired.is_set()
            holder.stdin.write("release\n")
            holder.stdin.flush()
            second.join(timeout=60)
            assert acquired.is_set()
    finally:
        lock_log.removeHandler(signal)
    assert holder.wait(timeout=60) == 0
    lock = tmp_path / "run.lock"
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        f"another pipeline run (pid {holder.pid}) holds {lock}: waiting for it to finish before fetching",
        f"run lock {lock} acquired after waiting",
    ]


def test_the_dag_fetch_tasks_take_the_run_lock() -> None:
    """The CLI holds the lock for its whole run; the DAG's fetching tasks take the same one."""
    source = inspect.getsource(__import__("dags.antara_ingest", fromlist=["antara_ingest"]))
    for task in ("def fetch_feed(", "def fetch_pages("):
        body = source.split(task, 1)[1].split("@task", 1)[0]
        assert "with run_lock(run.settings.resolved_data_dir)" in body, task


def test_the_owner_file_goes_with_the_lock_so_a_waiter_never_names_an_ended_run(tmp_path: Path) -> None:
    owner = tmp_path / "run.lock.owner"
    with run_lock(tmp_path):
        assert owner.read_text(encoding="utf-8") == f"pid {os.getpid()}"
    assert not owner.exists()
    assert holder(owner) == "another process"  # taken, but not yet written by its new holder
    owner.write_text("", encoding="utf-8")  # being written right now
    assert holder(owner) == "another process"
