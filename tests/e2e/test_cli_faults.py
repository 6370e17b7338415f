"""Issue #11 through the command line: replay of a missing archive, run health, no network, two concurrent runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml

from pipeline.run.lock import run_lock
from pipeline.warehouse import Warehouse
from support.antara_site import FEEDS

pytestmark = pytest.mark.e2e


def cli(*args: str, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env or os.environ.copy())


def live_state(uri: str) -> tuple[list, list]:
    with Warehouse.open(uri) as wh:
        return wh.fetchall("SELECT * FROM feed_state ORDER BY 1"), wh.fetchall("SELECT * FROM frontier ORDER BY 1")


def test_replay_of_a_missing_archive_fails_at_once_naming_it_and_leaves_live_state_alone(
    site, antara_env: Path, warehouse_uri: str, tmp_path: Path
) -> None:
    feeds = os.environ["ANTARA_FEEDS"]
    first = cli("run", "--feeds", feeds, "--warehouse", warehouse_uri, "--run-id", "live")
    assert first.returncode == 0, first.stderr[-3000:]
    before = live_state(warehouse_uri)
    requests_before = len(site.log)
    missing = tmp_path / "no-such-archive.warc.gz"
    for _ in range(3):
        done = cli(
            "run", "--source", "replay", "--archive", str(missing), "--feeds", feeds, "--warehouse", warehouse_uri
        )
        assert done.returncode == 2
        assert f"Cannot run: replay archive not found: {missing}" in done.stderr
        assert "Traceback" not in done.stderr and "not_in_archive" not in done.stderr + done.stdout
    dag = cli("dag", "--conf", "source=replay", "--conf", f"replay_archive={missing}")
    assert dag.returncode == 2 and f"replay archive not found: {missing}" in dag.stderr
    assert live_state(warehouse_uri) == before  # byte for byte: validators, digests, health, back-off, frontier
    again = cli("run", "--feeds", feeds, "--warehouse", warehouse_uri, "--run-id", "live-2")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "failed=1" in again.stdout  # only id-hukum, as before: nothing was backed off by the replays
    assert len(site.log) > requests_before


def test_run_fails_when_all_or_too_many_feeds_fail(site, antara_env: Path, duckdb_uri: str, tmp_path: Path) -> None:
    broken = [{"name": f"id-rusak-{n}", "url": f"http://www.antaranews.com/rss/rusak-{n}.xml", "lang": "id",
               "category": "rusak"} for n in range(2)]  # fmt: skip
    one_good = [{"name": FEEDS[2].name, "url": FEEDS[2].url, "lang": "id", "category": FEEDS[2].category}]
    for feeds, expected in [(broken, "all 2 feeds failed"), (broken + one_good, "2 of 3 feeds failed (more than 50%)")]:
        registry = tmp_path / "feeds.yaml"
        registry.write_text(yaml.safe_dump({"feeds": feeds}), encoding="utf-8")
        done = cli("run", "--feeds", str(registry), "--warehouse", duckdb_uri)
        assert done.returncode == 1, done.stderr[-2000:]
        assert f"run failed: {expected}" in done.stderr
    env = {**os.environ, "ANTARA_MAX_FAILED_FEED_SHARE": "0.7"}  # configurable: 2 of 3 is now tolerated
    assert cli("run", "--feeds", str(registry), "--warehouse", duckdb_uri, env=env).returncode == 0


def test_run_without_network_stops_with_the_preflight_message(antara_env: Path, monkeypatch) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there: every request fails at once
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.delenv("ANTARA_FEEDS")  # the packaged registry: the real ANTARA hosts
    done = cli("run")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "Cannot run antara_ingest: ANTARA could not be reached." in done.stderr
    assert "unreachable: https://www.antaranews.com/robots.txt" in done.stderr
    assert not (antara_env / "runs").exists()  # stopped before any stage ran


def test_two_concurrent_runs_never_fetch_a_url_twice(site, antara_env: Path, duckdb_uri: str, tmp_path: Path) -> None:
    """Both runs are started while the data dir's lock is held here, so they certainly overlap: each must say it
    waits and for whom, and once the lock is free they race for it; whichever runs second finds the first's work
    in the warehouse and fetches nothing again. (Left to themselves, one run could end before the other had even
    imported the pipeline, and the test would prove nothing.)"""
    feeds = os.environ["ANTARA_FEEDS"]
    command = [sys.executable, "-m", "pipeline", "run", "--feeds", feeds, "--warehouse", duckdb_uri]
    logs = [tmp_path / f"c{n}.stderr" for n in range(2)]
    with run_lock(antara_env), ExitStack() as files:
        runs = [subprocess.Popen([*command, "--run-id", f"c{n}"], stdout=subprocess.DEVNULL,
                                 stderr=files.enter_context(log.open("w"))) for n, log in enumerate(logs)]  # fmt: skip
        waiting = f"another pipeline run (pid {os.getpid()}) holds {antara_env / 'run.lock'}: waiting for it to finish"
        wait_until(lambda: all(waiting in log.read_text() for log in logs), runs, logs)
    for run in runs:
        run.wait(timeout=300)
    assert [run.returncode for run in runs] == [0, 0], [log.read_text()[-2000:] for log in logs]
    pages = Counter(request.url for request in site.page_requests())
    assert pages and max(pages.values()) == 1, pages
    with Warehouse.open(duckdb_uri) as wh:
        assert wh.count("articles") == 9


def wait_until(done, runs: list[subprocess.Popen], logs: list[Path], deadline_s: float = 120) -> None:
    """Poll ``done`` until it holds; a run that exits meanwhile, or the deadline, fails with what the runs said."""
    give_up = time.monotonic() + deadline_s
    while not done():
        exited = [run.args[-1] for run in runs if run.poll() is not None]
        if exited or time.monotonic() > give_up:
            pytest.fail(f"not both runs waited (exited: {exited}): {[log.read_text()[-2000:] for log in logs]}")
        time.sleep(0.1)
