"""The command line: one-off runs without a scheduler, and a clear message when ANTARA is unreachable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.warehouse import Warehouse
from pipeline.warehouse.checks import CHECK_NAMES
from support.antara_site import ARTICLE_FILES
from support.paths import DEMO_DIR

pytestmark = pytest.mark.e2e


def run_cli(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipeline", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=os.environ.copy())


def test_run_command_prints_stage_counts_and_loads(site, antara_env: Path, duckdb_uri: str) -> None:
    done = run_cli("run", "--feeds", os.environ["ANTARA_FEEDS"], "--warehouse", duckdb_uri, "--run-id", "cli-test")
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "fetch_feeds  feeds=6" in out and "failed=1" in out
    assert "collect" in out and "skipped_reasons[media=2, off_allowlist=1]" in out
    assert "extract      articles=9" in out
    assert "load" in out and "inserted=9" in out
    assert "could not fetch feed id-hukum (http://www.antaranews.com/rss/hukum.xml): server_error" in done.stderr
    with Warehouse.open(duckdb_uri) as wh:
        assert wh.count("articles") == len(ARTICLE_FILES)
        checks = dict(wh.fetchall("SELECT check_name, ok FROM check_results WHERE run_id = 'cli-test'"))
    assert set(checks) == set(CHECK_NAMES) and all(checks.values())


def test_unreachable_antara_ends_with_a_clear_message(antara_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`make run` offline: a message naming what could not be reached, not a traceback."""
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there: every request fails at once
    monkeypatch.setenv("NO_PROXY", "")
    monkeypatch.delenv("ANTARA_FEEDS")  # the packaged registry: the real ANTARA hosts
    done = run_cli("dag", "--preflight")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "ANTARA could not be reached" in done.stderr
    assert "unreachable: https://www.antaranews.com/robots.txt" in done.stderr
    assert "unreachable: https://en.antaranews.com/robots.txt" in done.stderr


def test_bundled_demo_archive_is_what_the_recorder_produces(tmp_path: Path) -> None:
    """pipeline/demo/ must be re-recorded (tests/support/record_demo.py) when the fixtures change."""
    from support.record_demo import record

    fresh = record(tmp_path)

    def payloads(path: Path) -> dict[str, bytes]:
        from warcio.archiveiterator import ArchiveIterator

        out: dict[str, bytes] = {}
        with path.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type == "response":
                    out[rec.rec_headers.get_header("WARC-Target-URI")] = rec.content_stream().read()
        return out

    bundled = DEMO_DIR
    assert payloads(fresh) == payloads(bundled / "antara-demo.warc.gz")
    assert (tmp_path / "feeds.yaml").read_text() == (bundled / "feeds.yaml").read_text()


def test_replay_backfills_a_date_range_from_the_archive(antara_env: Path, duckdb_uri: str) -> None:
    """No network: archived feeds and pages of a date range go through extraction → load."""
    common = ["--archive", str(DEMO_DIR / "antara-demo.warc.gz"), "--feeds", str(DEMO_DIR / "feeds.yaml")]
    empty = run_cli("replay", *common, "--warehouse", duckdb_uri, "--until", "2000-01-01", "--quiet")
    assert empty.returncode == 0, empty.stderr[-3000:]
    assert '"records": 0' in empty.stdout
    done = run_cli("replay", *common, "--warehouse", duckdb_uri, "--since", "2026-01-01", "--quiet")
    assert done.returncode == 0, done.stderr[-3000:]
    assert '"articles": 11' in done.stdout and "inserted=9" in done.stdout
    with Warehouse.open(duckdb_uri) as wh:
        assert wh.count("articles") == len(ARTICLE_FILES)
        assert wh.count("feed_state") == 0  # a replay is not a poll: feed state is left alone


def test_migrate_is_idempotent(duckdb_uri: str) -> None:
    first = run_cli("migrate", "--warehouse", duckdb_uri)
    again = run_cli("migrate", "--warehouse", duckdb_uri)
    assert first.returncode == again.returncode == 0
    assert "applied 0 migration(s)" not in first.stdout and "applied 0 migration(s)" in again.stdout
