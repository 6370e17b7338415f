from __future__ import annotations

import json

from pipeline.bench.dedup import main


def test_bench_reports_each_size_and_finds_the_planted_copies(capsys) -> None:
    assert main(["--n", "1200"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(lines[-1])
    assert [p["articles"] for p in summary["points"]] == [1000, 1200]
    assert summary["points"][-1]["band_keys"] == 1200 * 32
    assert all(p["build_rate_per_s"] > 0 and p["query_p99_ms"] >= p["query_p50_ms"] > 0 for p in summary["points"])
    assert summary["self_matches"] > 0  # every tenth article is a light edit of an earlier one
    assert len(lines) == 3


def test_the_load_bench_prints_each_size_and_a_digest_of_its_decisions(capsys) -> None:
    assert main(["--load", "300", "--load", "200"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(lines[-1])
    assert [r["articles"] for r in summary["runs"]] == [200, 300]
    assert all(r["links"] > 0 and len(r["digest"]) == 16 for r in summary["runs"])  # republications and twins
    assert summary["runs"][0]["digest"] != summary["runs"][1]["digest"]
    assert lines[0].split()[-3:] == ["200", "300", "ratio"]
