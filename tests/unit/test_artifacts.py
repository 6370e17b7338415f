"""Stages read what they are handed (a task's upstream output), and each stage writes its own part files."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from pipeline.config import Settings
from pipeline.models import ArticleRef, Page, Skipped
from pipeline.run.artifacts import EXTRACTED, SKIPPED, read_parts, write_skipped
from pipeline.run.pages import extract_stage
from pipeline.runfiles import write_jsonl
from support.antara_site import GOLD, gold_entries


def test_extract_reads_the_pages_it_is_handed_not_a_file_it_guesses(tmp_path: Path) -> None:
    entry = gold_entries()["c_id_bendungan.html"]
    elsewhere = tmp_path / "upstream-worker"
    page_file = elsewhere / "pages" / "bendungan.html"
    page_file.parent.mkdir(parents=True)
    page_file.write_bytes((GOLD / "c_id_bendungan.html").read_bytes())
    ref = ArticleRef(key="www.antaranews.com/berita/5312345", url=entry["url"], lang="id", categories=["terkini"])
    page = Page(ref=ref, final_url=entry["url"], status=200, fetched_at=datetime.now(UTC), html_path=str(page_file))
    write_jsonl(elsewhere / "pages.jsonl", [page])
    run_dir = tmp_path / "run"
    run_dir.mkdir()

    summary = extract_stage(Settings(data_dir=tmp_path / "data"), run_dir, {"pages": str(elsewhere / "pages.jsonl")})
    assert summary["articles"] == 1 and summary["detected"] == {"id": 1}  # language ID folded into extract
    assert summary["artifacts"] == {"articles": str(run_dir / EXTRACTED)}
    (article,) = [json.loads(line) for line in (run_dir / EXTRACTED).read_text().splitlines()]
    assert article["body"] == entry["body"] and article["detected_lang"] == "id"
    assert json.dumps(summary)  # small and JSON: what XCom carries


def test_each_stage_writes_its_own_part_and_readers_gather_them(tmp_path: Path) -> None:
    write_skipped(tmp_path, "collect", [Skipped(stage="collect", url="u1", reason="off_allowlist")])
    write_skipped(tmp_path, "extract", [Skipped(stage="extract", url="u2", reason="not_article:video")])
    write_skipped(tmp_path, "collect", [Skipped(stage="collect", url="u3", reason="media:video")])  # a retry rewrites
    assert sorted(p.name for p in tmp_path.iterdir()) == ["skipped.collect.jsonl", "skipped.extract.jsonl"]
    assert [s.url for s in read_parts(tmp_path, SKIPPED, Skipped)] == ["u3", "u2"]
