"""The project's labelled pairs: quality gates of issue #6 and the evaluation command's output."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from pipeline.evaluate.dedup import main

GOLD = Path(__file__).parents[1] / "gold" / "dedup" / "pairs.jsonl"
GATES = {"near": (0.95, 0.9), "crosslingual": (0.9, 0.85)}


def test_gold_set_has_enough_pairs_of_each_kind_and_label() -> None:
    counts = Counter((r["kind"], r["label"]) for r in map(json.loads, GOLD.read_text(encoding="utf-8").splitlines()))
    assert min(counts.values()) >= 35 and len(counts) == 4
    assert counts["near", "same_story"] + counts["near", "different"] >= 40


def test_quality_gates(capsys) -> None:
    assert main([str(GOLD)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    figures = json.loads(lines[-1])
    for kind, (precision, recall) in GATES.items():
        assert figures[kind]["precision"] >= precision, figures[kind]
        assert figures[kind]["recall"] >= recall, figures[kind]
    assert lines[0].startswith("near ") and "precision=" in lines[0]


def test_cli_skips_bad_lines_with_a_clear_message(tmp_path: Path) -> None:
    first = GOLD.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "pairs.jsonl"
    bad.write_text(first + "\n" + json.dumps({"a": {"url": "https://example.com/x"}, "b": {}, "label": "same_story",
                                              "kind": "near"}) + "\n", encoding="utf-8")  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.evaluate", "dedup", str(bad)], capture_output=True, text=True, check=True
    )
    assert "pairs.jsonl:2 skipped" in done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["near"]["pairs"] == 1


HARD = GOLD.with_name("hard_pairs.jsonl")
#: Issue #13: edited translations, same-topic stories and same-day wire updates — (precision, recall) per kind.
HARD_GATES = {"crosslingual_no_mt": (0.95, 0.9), "crosslingual_mt": (0.95, 0.95), "near": (0.95, 0.9)}


def test_hard_set_has_every_kind_of_hard_pair() -> None:
    notes = Counter(json.loads(line)["note"].split(",")[0] for line in HARD.read_text(encoding="utf-8").splitlines())
    assert notes["edited translation"] >= 30
    assert notes["same topic"] >= 8 and notes["same-day wire update"] >= 8


def test_hard_set_quality_gates(capsys) -> None:
    assert main([str(HARD)]) == 0
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    for kind, (precision, recall) in HARD_GATES.items():
        assert figures[kind]["precision"] >= precision, (kind, figures[kind])
        assert figures[kind]["recall"] >= recall, (kind, figures[kind])
    assert (
        figures["crosslingual_mt"]["pairs"] + figures["crosslingual_no_mt"]["pairs"] == figures["crosslingual"]["pairs"]
    )


def test_default_evaluates_every_gold_file(capsys, monkeypatch) -> None:
    monkeypatch.chdir(Path(__file__).parents[2])
    assert main([]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert set(json.loads(out[-1])) == {"pairs.jsonl", "hard_pairs.jsonl"}
    assert out[0] == "== tests/gold/dedup/hard_pairs.jsonl"
