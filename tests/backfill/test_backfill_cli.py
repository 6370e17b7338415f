"""``python -m pipeline backfill`` as a user runs it, in a subprocess: a progress bar with an ETA, one line and exit
status 2 when it cannot start, and a sitemap backfill killed with SIGKILL mid-day that resumes fetching nothing twice.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from backfill.ccnews import write_ccnews
from backfill.test_sitemap_backfill import INDEX_URL, key_of, loaded_keys, serve, settings_for
from support.fake_site import FakeSite

#: Kills the process (SIGKILL, no cleanup of any kind) when it is about to fetch its ``ANTARA_TEST_KILL_AT``-th page.
KILLER = """
import os, signal
from pipeline.backfill import sitemap

_page, _calls = sitemap.SitemapBackfill.page, []


def page_or_die(self, item):
    _calls.append(item)
    if len(_calls) == int(os.environ["ANTARA_TEST_KILL_AT"]):
        os.kill(os.getpid(), signal.SIGKILL)
    return _page(self, item)


sitemap.SitemapBackfill.page = page_or_die
"""
#: tqdm's bar with its elapsed<remaining (the ETA) once every page is done
FINISHED_BAR = re.compile(r"backfill: 100%\|[^|]*\| (\d+)/\1 \[\d\d:\d\d<\d\d:\d\d")


def backfill(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    settings = settings_for(tmp_path)
    environment = {
        **os.environ,
        "ANTARA_DATA_DIR": str(settings.data_dir),
        "ANTARA_MIN_DELAY_S": "0",
        "ANTARA_TRANSLATE": "false",
        "ANTARA_CONTACT": settings.contact,
        "ANTARA_MAX_RETRIES": "0",
        **(env or {}),
    }
    command = [sys.executable, "-m", "pipeline", "backfill", *args, "--workers", "1"]
    command += ["--warehouse", settings.resolved_warehouse_uri]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300)


def test_a_backfill_shows_a_progress_bar_with_an_eta(tmp_path: Path) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    done = backfill(tmp_path, "--archive", str(warc.path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(FINISHED_BAR.findall(done.stderr)) == {"12"}, done.stderr[-2000:]  # (tqdm redraws it on close)
    assert json.loads(done.stdout.strip().splitlines()[-1])["articles"] == 12


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sitemap", INDEX_URL], f"error: sitemap {INDEX_URL} cannot be used: robots_unreachable"),
        (["--archive", "nowhere.warc.gz"], "error: archive not found: nowhere.warc.gz does not exist"),
        (["--archive", "a.warc", "--since", "2025-02-30"], "error: argument --since: not a date (YYYY-MM-DD)"),
        (["--archive", "a.warc", "--since", "2025-02-02", "--until", "2025-02-01"], "error: --since 2025-02-02 is"),
        (["--archive", "a.warc", "--sitemap", INDEX_URL], "not allowed with argument"),
    ],
    ids=["unreachable-sitemap", "missing-archive", "bad-date", "empty-range", "two-sources"],
)
def test_a_backfill_that_cannot_start_says_why_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    dead_proxy = {"HTTP_PROXY": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9", "NO_PROXY": ""}
    done = backfill(tmp_path, *args, env=dead_proxy)  # nothing answers: no request leaves 127.0.0.1
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0], done.stderr[-2000:]


def test_a_sitemap_backfill_killed_mid_day_resumes_fetching_each_article_once(site: FakeSite, tmp_path: Path) -> None:
    by_day = serve(site)  # 3 days of 4 articles
    days = sorted(by_day)
    hook = tmp_path / "killer"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILLER, encoding="utf-8")
    killer = {"PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]), "ANTARA_TEST_KILL_AT": "7"}

    killed = backfill(tmp_path, "--sitemap", INDEX_URL, env=killer)  # dies before the 3rd page of day 2
    assert killed.returncode == -9, killed.stderr[-2000:]
    settings = settings_for(tmp_path)
    assert loaded_keys(settings) == {key_of(u) for u in by_day[days[0]]}
    assert [len(site.requests_for(u)) for u in by_day[days[1]]] == [1, 1, 0, 0]

    resumed = backfill(tmp_path, "--sitemap", INDEX_URL)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    every = [u for day in days for u in by_day[day]]
    assert loaded_keys(settings) == {key_of(u) for u in every}
    assert [len(site.requests_for(u)) for u in every] == [1] * len(every)  # nothing fetched twice
    report = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert report["articles"] == len(every) - len(by_day[days[0]])
