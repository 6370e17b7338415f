"""``python -m pipeline.bench backfill`` prints its table, then the JSON the issue asks for (no timing asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.bench.backfill import main
from pipeline.bench.corpus import REPUBLISH_EVERY, Corpus


def test_the_bench_backfills_its_own_archive_and_reports_each_size(tmp_path: Path, capsys) -> None:
    assert main(["--articles", "120", "--articles", "60", "--workdir", str(tmp_path), "--incremental", "5"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["engine"] == "duckdb"
    assert [run["articles"] for run in summary["runs"]] == [60, 120]
    for run in summary["runs"]:
        assert set(run) == {"articles", "seconds", "articles_per_s", "peak_rss_mb", "index_bytes_per_article"}
        # (DuckDB allocates 256 KiB blocks: at 60 articles the per-article index size is coarse, so only > 0 here)
        assert run["seconds"] > 0 and run["peak_rss_mb"] > 0 and run["index_bytes_per_article"] > 0
    assert summary["per_article_time_ratio"] > 0
    assert summary["incremental"]["articles"] == 5
    assert lines[0].split()[1:] == ["60", "120", "ratio"]


def test_the_corpus_mixes_editions_republications_and_twins() -> None:
    corpus = Corpus(1)
    articles = [corpus.article(n) for n in range(600)]
    langs = [a.lang for a in articles]
    assert langs.count("id") == 400 and langs.count("en") == 200
    bodies = [a.body_paragraphs for a in articles]
    republished = [n for n in range(600) if bodies[n] in bodies[:n]]
    assert all(n % REPUBLISH_EVERY == REPUBLISH_EVERY - 1 for n in republished) and len(republished) >= 25
    assert len({a.url for a in articles}) == 600
    words = [len(" ".join(a.body_paragraphs).split()) for a in articles]
    assert min(words) >= 250 and max(words) <= 800
