"""A load killed with SIGKILL mid-transaction leaves the previous state, and a re-run converges to a clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from warehouse.conftest import dump

from pipeline.warehouse import Warehouse

CHILD = r"""
import sys, time
from datetime import timedelta
from warehouse.conftest import make_article, translated
from pipeline.models import StoryLink
from pipeline.warehouse import Warehouse

uri, run, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
batch = [translated(make_article(n, fetched=run, content_hash=f"v{run}-{n % 7}")) for n in range(1, 301)]
batch += [make_article(n, lang="en", fetched=run) for n in range(1, 101)]
links = [StoryLink(a_key=f"www.antaranews.com/berita/{n}", b_key=f"en.antaranews.com/news/{n}", kind="crosslingual",
                   score=0.5 + run / 10) for n in range(1, 101)]
with Warehouse.open(uri, auto_migrate=True) as wh, wh.transaction():
    wh.load_articles(batch, run_id=f"run-{run}")
    wh.save_story_links(links)
    if mode == "hang":
        print("LOADED", flush=True)
        time.sleep(120)
print("COMMITTED", flush=True)
"""


def _child(uri: str, run: int, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}  # tests/: the warehouse.conftest helpers
    args = [sys.executable, "-c", CHILD, uri, str(run), mode]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _run_clean(uri: str, run: int) -> None:
    child = _child(uri, run, "commit")
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0 and "COMMITTED" in out, err


def _snapshot(uri: str) -> tuple[list[tuple], ...]:
    with Warehouse.open(uri, auto_migrate=True) as wh:
        return tuple(dump(wh, table) for table in ("articles", "article_revisions", "story_links"))


def test_sigkill_mid_load_then_rerun_converges(warehouse_uri: str, tmp_path: Path) -> None:
    _run_clean(warehouse_uri, 0)
    before = _snapshot(warehouse_uri)

    child = _child(warehouse_uri, 1, "hang")
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "LOADED", child.stderr.read() if child.stderr else ""
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    assert _snapshot(warehouse_uri) == before  # nothing of the killed run is visible
    _run_clean(warehouse_uri, 1)

    reference = f"duckdb:///{tmp_path / 'reference.duckdb'}"
    _run_clean(reference, 0)
    _run_clean(reference, 1)
    after = _snapshot(warehouse_uri)
    assert after == _snapshot(reference)
    assert len(after[0]) == 400 and len(after[1]) > 0 and len(after[2]) == 100
