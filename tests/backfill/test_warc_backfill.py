"""Backfilling from WARC files: exactly the ANTARA articles of a CC-NEWS-style file, through the ingest stages."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from backfill.ccnews import write_ccnews
from pipeline.backfill import DateRange, WarcBackfill, run_backfill
from pipeline.cli import main as cli_main
from pipeline.config import Settings
from pipeline.fetch import archive
from pipeline.warehouse import Warehouse

STATE = (
    "SELECT key, url, lang, title_id, title_en, published_at, content_hash, story_id, is_canonical, revision "
    "FROM articles ORDER BY key",
    "SELECT article_key, story_id, is_canonical, signature, band_keys FROM dedup_documents ORDER BY article_key",
    "SELECT a_key, b_key, kind, score FROM story_links ORDER BY a_key, b_key, kind",
)


def settings_for(tmp_path: Path, uri: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", warehouse_uri=uri, translate=False, backfill_workers=1)


def state(uri: str) -> list[list[tuple]]:
    with Warehouse.open(uri) as wh:
        return [wh.fetchall(sql) for sql in STATE]


def test_a_cc_news_file_backfills_exactly_its_antara_articles(tmp_path: Path, warehouse_uri: str, caplog) -> None:
    warc = write_ccnews(tmp_path / "CC-NEWS-20250106.warc.gz")
    settings = settings_for(tmp_path, warehouse_uri)
    source = WarcBackfill([tmp_path], settings.allowed_hosts)
    with caplog.at_level(logging.INFO):
        report = run_backfill(settings, source, DateRange(), progress=False)

    with Warehouse.open(warehouse_uri) as wh:
        keys = {key for (key,) in wh.fetchall("SELECT key FROM articles")}
        langs = dict(wh.fetchall("SELECT lang, COUNT(*) FROM articles GROUP BY lang"))
        frontier = {
            key: (source, state) for key, source, state in wh.fetchall("SELECT key, source, state FROM frontier")
        }
    assert keys == warc.expected_keys
    assert frontier == dict.fromkeys(warc.expected_keys, ("backfill", "loaded"))  # the backfill fed the frontier
    assert langs == {"id": 8, "en": 4}
    assert report.articles == 12 and report.load["inserted"] == 12
    assert source.skipped["revisit_without_original"] == 1
    assert source.skipped["off_allowlist"] == 24 and source.skipped["not_an_article_url"] == 2
    assert source.skipped["status_404"] == 1
    assert (tmp_path / "CC-NEWS-20250106.warc.gz.cdxj").is_file()  # the index is kept beside the file
    markers = list((tmp_path / "data" / "runs").glob("*/summaries/load.json"))
    assert markers and all(  # a day's load skips the warehouse-wide counts (a whole-table scan each on PostgreSQL)
        {"articles_total", "frontier_total"}.isdisjoint(json.loads(m.read_text())) and "inserted" in m.read_text()
        for m in markers
    )


def test_the_index_is_built_once_and_a_rerun_changes_nothing(tmp_path: Path, duckdb_uri: str, monkeypatch) -> None:
    write_ccnews(tmp_path / "a.warc.gz")
    settings = settings_for(tmp_path, duckdb_uri)
    run_backfill(settings, WarcBackfill([tmp_path / "a.warc.gz"], settings.allowed_hosts), DateRange(), progress=False)
    before = state(duckdb_uri)

    archive._INDEX_CACHE.clear()
    monkeypatch.setattr(archive, "read_index_records", lambda *a, **k: pytest.fail("the archive was re-scanned"))
    for marker in (tmp_path / "data" / "runs").glob("*/summaries/load.json"):
        marker.unlink()  # forget that the partitions were done: they run again
    again = run_backfill(
        settings, WarcBackfill([tmp_path / "a.warc.gz"], settings.allowed_hosts), DateRange(), progress=False
    )
    assert again.load["unchanged"] == 12 and again.load["inserted"] == 0
    assert state(duckdb_uri) == before

    done = run_backfill(
        settings, WarcBackfill([tmp_path / "a.warc.gz"], settings.allowed_hosts), DateRange(), progress=False
    )
    assert done.partitions_skipped == done.partitions and done.articles == 0


def test_a_date_range_keeps_publication_dates_inside_it_until_inclusive(tmp_path: Path, duckdb_uri: str) -> None:
    warc = write_ccnews(tmp_path / "a.warc.gz", antara_count=1300 // 100)  # 13 articles over ~30 minutes
    day = warc.antara[0].published_at.date()
    settings = settings_for(tmp_path, duckdb_uri)
    source = WarcBackfill([tmp_path], settings.allowed_hosts)
    report = run_backfill(settings, source, DateRange(since=day, until=day), progress=False)
    assert report.articles == 13
    outside = run_backfill(
        settings_for(tmp_path / "other", duckdb_uri.replace("warehouse.duckdb", "other.duckdb")),
        WarcBackfill([tmp_path], settings.allowed_hosts),
        DateRange(since=date(2025, 1, 7)),
        progress=False,
    )
    assert outside.articles == 0


def test_two_workers_give_the_same_warehouse_as_one(tmp_path: Path) -> None:
    write_ccnews(tmp_path / "a.warc.gz", antara_count=24, foreign_count=24)
    uris = []
    for workers in (1, 2):
        uri = f"duckdb:///{tmp_path / f'w{workers}.duckdb'}"
        settings = Settings(data_dir=tmp_path / f"data{workers}", warehouse_uri=uri, translate=False)
        report = run_backfill(
            settings, WarcBackfill([tmp_path / "a.warc.gz"], settings.allowed_hosts), DateRange(), progress=False,
            workers=workers,
        )  # fmt: skip
        assert report.articles == 24
        uris.append(uri)
    assert state(uris[0]) == state(uris[1])


def test_cli_backfill_names_a_missing_archive(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere"
    assert cli_main(["backfill", "--archive", str(missing), "--warehouse", f"duckdb:///{tmp_path / 'w.duckdb'}"]) == 2
    assert f"archive not found: {missing} does not exist" in capsys.readouterr().err
