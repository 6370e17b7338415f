"""The WARC archive on object storage: a live run archives to s3://…, a replay of that URL loads the same articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.warehouse import Warehouse
from support.antara_site import ARTICLE_FILES
from support.s3 import S3Server

pytestmark = [pytest.mark.e2e]

ARCHIVE_PREFIX = "antara/archive"


def article_hashes(uri: str) -> dict[str, str]:
    with Warehouse.open(uri) as wh:
        return dict(wh.fetchall("SELECT key, content_hash FROM articles"))


def test_a_live_run_archives_to_s3_and_a_replay_of_that_url_loads_the_same_articles(
    site, s3: S3Server, antara_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.cli import run_pipeline
    from pipeline.config import Settings

    monkeypatch.setenv("ANTARA_ARCHIVE_DIR", s3.url(ARCHIVE_PREFIX))
    monkeypatch.setenv("ANTARA_TRANSLATE", "false")  # translation is not what this test is about
    monkeypatch.setenv("ANTARA_CHECK_MIN_TRANSLATION_COVERAGE", "0")
    live = Settings()
    run_pipeline(live, "archive-live")

    keys = s3.keys(f"{ARCHIVE_PREFIX}/")
    warcs = [key for key in keys if key.endswith(".warc.gz")]
    assert warcs and all(key.startswith(f"{ARCHIVE_PREFIX}/antara-archive-live-") for key in warcs)
    assert not (antara_env / "archive").exists()  # nothing of the archive on the local disk
    loaded = article_hashes(live.resolved_warehouse_uri)
    assert len(loaded) == len(ARTICLE_FILES)

    assert live.resolved_archive_dir == s3.url(ARCHIVE_PREFIX)  # the URL as configured, not a folded local path
    fresh = antara_env.parent / "replayed.duckdb"
    replay = live.model_copy(
        update={"source": "replay", "replay_archive": live.resolved_archive_dir, "warehouse_uri": f"duckdb:///{fresh}"}
    )
    requests_before = len(site.log)
    run_pipeline(replay, "archive-replay")
    assert len(site.log) == requests_before  # the replay never touched the site
    assert article_hashes(replay.resolved_warehouse_uri) == loaded
    assert {f"{key}.cdxj" for key in warcs} <= set(s3.keys(f"{ARCHIVE_PREFIX}/"))  # the index is kept beside it
