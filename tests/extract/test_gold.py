"""The project's gold set: format, coverage, and the evaluation command's thresholds."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.bench import extraction as bench
from pipeline.evaluate import extraction as evaluation
from pipeline.extract import extract_page

GOLD = Path(__file__).parents[1] / "gold" / "extraction"
REPO = Path(__file__).parents[2]
ENTRIES = json.loads((GOLD / "expected.json").read_text(encoding="utf-8"))
KEYS = {"file", "url", "kind", "lang", "title", "published_at", "reporter", "editor", "translator", "tags", "category",
        "image_url", "body", "must_not_contain", "must_contain"}  # fmt: skip
ARTICLE_KEYS = {"subcategory", "published_at_source", "published_at_disagreement_s"}


def test_gold_entries_have_the_documented_shape() -> None:
    assert len(ENTRIES) >= 12
    for entry in ENTRIES:
        assert entry.keys() >= KEYS, entry["file"]
        assert (GOLD / entry["file"]).is_file()
        assert (entry["body"] is None) == (entry["kind"] != "article")
        if entry["published_at"]:
            assert datetime.fromisoformat(entry["published_at"]).tzinfo is not None
        if entry["body"]:
            assert entry.keys() >= ARTICLE_KEYS, entry["file"]


def test_gold_publication_times_are_exact_to_the_second() -> None:
    """Issue #13: every page offers a machine-readable time (feed, meta or JSON-LD) and the gold says its seconds."""
    times = [datetime.fromisoformat(e["published_at"]) for e in ENTRIES if e["body"]]
    assert sum(t.second != 0 for t in times) >= len(times) - 1  # one may fall on :00 by chance, not all
    sources = Counter(e["published_at_source"] for e in ENTRIES if e["body"])
    assert {"feed", "meta", "json-ld", "feed+page-zone"} <= sources.keys()
    assert any(e["published_at_disagreement_s"] for e in ENTRIES if e["body"]), "a recorded disagreement"


def test_gold_has_press_release_and_glued_break_pages_with_intact_sentences() -> None:
    pages = {e["file"]: e for e in ENTRIES}
    release, glued = pages["c_en_press_release.html"], pages["c_id_glued_br.html"]
    assert "/PRNewswire/ --" in release["body"] and "| Malaysia | 221.400 |" in glued["body"]
    for entry in (release, glued):
        assert len(entry["must_contain"]) >= 3 and all(s in entry["body"] for s in entry["must_contain"])
        assert "  " not in entry["body"] and all("\n" not in p for p in entry["body"].split("\n\n"))


def test_gold_covers_every_layout_both_editions_and_every_non_article_kind() -> None:
    layouts = Counter(extract_page((GOLD / e["file"]).read_bytes(), e["url"]).layout for e in ENTRIES if e["body"])
    assert {"antara-2022", "antara-2018", "antara-2015"} <= layouts.keys()
    assert {e["lang"] for e in ENTRIES if e["body"]} == {"id", "en"}
    assert {"video", "photo", "not_found", "empty"} <= {e["kind"] for e in ENTRIES}


def test_gold_has_the_demo_pages_the_pipeline_needs() -> None:
    demo = [e for e in ENTRIES if e["body"] and "2026-11-20" <= e["published_at"][:10] <= "2026-11-27"]
    ids = [e for e in demo if e["lang"] == "id"]
    assert len(demo) >= 8 and len(ids) >= 5 and len(demo) - len(ids) >= 3
    assert any(not e["url"].startswith("https://www.") for e in ids), "a regional page"


def test_evaluation_command_meets_the_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    assert evaluation.main([str(GOLD)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert "body F1" in out[0]
    summary = json.loads(out[-1])
    assert summary["pages"] == len(ENTRIES) and summary["kind_accuracy"] == 1.0
    assert summary["body_f1_mean"] >= 0.97 and summary["leaks"] == 0 and summary["missing"] == 0
    assert summary["broken_paragraphs"] == 0 and summary["failed_pages"] == []
    assert summary["fields"]["published_at"] == 1.0 and summary["fields"]["published_at_source"] == 1.0
    assert all(score >= 0.95 for score in summary["fields"].values()), summary["fields"]


def test_evaluation_counts_leaks_and_wrong_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = dict(next(e for e in ENTRIES if e["file"] == "c_id_suku_bunga.html"))
    (tmp_path / entry["file"]).write_bytes((GOLD / entry["file"]).read_bytes())
    entry |= {"must_not_contain": ["Bank Indonesia"], "must_contain": ["tidak ada di teks"], "editor": "Orang Lain"}
    entry["body"] = entry["body"].split("\n\n", 1)[0]
    (tmp_path / "expected.json").write_text(json.dumps([entry]), encoding="utf-8")
    assert evaluation.main([str(tmp_path)]) == 1
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["leaks"] == 1 and summary["missing"] == 1 and summary["failed_pages"] == [entry["file"]]
    assert summary["fields"]["editor"] == 0.0 and summary["fields"]["reporter"] == 1.0
    assert summary["body_f1_mean"] < 0.5


def test_a_page_with_a_soft_break_inside_a_sentence_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entry = dict(next(e for e in ENTRIES if e["file"] == "c_en_press_release.html"))
    html = (GOLD / entry["file"]).read_bytes().replace(b"<br>\ntoday launched", b"<br><br>\ntoday launched")
    (tmp_path / entry["file"]).write_bytes(html)
    (tmp_path / "expected.json").write_text(json.dumps([entry]), encoding="utf-8")
    assert evaluation.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "missing: 'Meridia Systems, a regional provider" in out
    assert json.loads(out.strip().splitlines()[-1])["failed_pages"] == [entry["file"]]


def test_broken_paragraphs_are_counted() -> None:
    result = evaluation.PageResult(file="x", expected_kind="article", kind="article")
    result.broken = [p for p in ["one\nwrapped line", "fine", "two  spaces"] if evaluation.BROKEN_TEXT.search(p)]
    assert result.broken == ["one\nwrapped line", "two  spaces"] and result.failed


def test_token_f1() -> None:
    assert evaluation.token_f1("a b c d", "a b c d") == 1.0
    assert evaluation.token_f1("a b", "a b c d") == pytest.approx(2 / 3)
    assert evaluation.token_f1(None, "a") == 0.0


def test_module_entry_points_print_json_last(tmp_path: Path) -> None:
    for name in ("c_en_toll_road.html", "video.html"):
        (tmp_path / name).write_bytes((GOLD / name).read_bytes())
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.bench", "extraction", str(tmp_path), "--rounds", "1"],
        capture_output=True, text=True, cwd=REPO, check=True, timeout=120,
    )  # fmt: skip
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["pages"] == 2 and summary["ours_pages_per_s"] > 0 and summary["trafilatura_pages_per_s"] > 0
    assert Path("tests/gold/extraction") == bench.DEFAULT_DIR


def test_the_bench_times_a_warc_files_article_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.bench.corpus import write_archive

    write_archive(tmp_path / "bench.warc.gz", 4)
    pages = bench.archive_pages(tmp_path / "bench.warc.gz", 3)
    assert len(pages) == 3 and all("/berita/" in url or "/news/" in url for url, _ in pages)
    assert bench.main(["--archive", str(tmp_path / "bench.warc.gz"), "--pages", "4", "--rounds", "1"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["pages"] == 4
