"""The calibration-pair builder: edits on each side and the gold links they imply (on an invented parallel set)."""

from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate import alignment_set
from pipeline.evaluate.alignment import evaluate, parse_document, read_documents
from pipeline.evaluate.alignment_set import (
    Edits,
    ParallelSet,
    Sentence,
    StandinNoise,
    build_set,
    degrade,
    gold_links,
    language_of,
    runs,
)

LINES = 300


def _parallel_set() -> ParallelSet:
    """An invented line-parallel set: line k says k in both languages."""
    a = [f"Kalimat nomor {k} tentang desa ke-{k}." for k in range(LINES)]
    b = [f"Sentence number {k} about village no. {k}." for k in range(LINES)]
    return ParallelSet(a, b, "id", "en")


def _line_of(text: str) -> int:
    return int(text.split()[2])


def test_without_edits_every_line_links_to_itself() -> None:
    documents = build_set(_parallel_set(), seed=3, edits=Edits(drop=0, merge=0, swap=0, strays=0))
    start, stop = documents[0]["source_lines"]
    assert [_line_of(s) for s in documents[0]["a"]["sentences"]] == list(range(start, stop))
    assert all(doc["links"] == [[[k], [k]] for k in range(len(doc["a"]["sentences"]))] for doc in documents)


def test_runs_cover_the_set_with_documents_of_five_to_forty_lines() -> None:
    found = runs(LINES, random.Random(1))
    assert all(5 <= len(run) <= 40 for run in found)
    assert all(earlier.stop == later.start for earlier, later in itertools.pairwise(found))
    assert found[-1].stop > LINES - 5


def test_merges_on_one_side_become_one_to_two_links() -> None:
    [document, *_] = build_set(_parallel_set(), seed=5, edits=Edits(drop=0, merge=1.0, swap=0, strays=0))
    a, b = document["a"]["sentences"], document["b"]["sentences"]
    assert all(len(s.split(". ")) == 2 or "; " in s or ", dan " in s for s in a[:-1])  # every a-sentence holds two
    assert len(b) == len(document["links"]) * 2 - (len(b) % 2)
    first_a, first_b = document["links"][0]
    assert (len(first_a), len(first_b)) == (1, 2)
    assert [_line_of(b[j]) for j in first_b] == [document["source_lines"][0], document["source_lines"][0] + 1]


def test_strays_come_from_far_away_and_link_to_nothing() -> None:
    documents = build_set(_parallel_set(), seed=7, edits=Edits(drop=0, merge=0, swap=0, strays=1))
    for doc in documents:
        start, stop = doc["source_lines"]
        linked_a = {i for link in doc["links"] for i in link[0]}
        [stray] = [s for i, s in enumerate(doc["a"]["sentences"]) if i not in linked_a]
        assert not start - 40 <= _line_of(stray) < stop + 40
        assert len(doc["b"]["sentences"]) == stop - start + 1


def test_gold_links_follow_swaps_drops_and_merges() -> None:
    a = [Sentence("a0", (10,)), Sentence("a12", (11, 12)), Sentence("stray", (99,), stray=True), Sentence("a14", (14,))]
    b = [Sentence("b11", (11,)), Sentence("b10", (10,)), Sentence("b12", (12,)), Sentence("b13", (13,))]
    assert gold_links(a, b) == [[[0], [1]], [[1], [0, 2]]]


def test_a_seed_fixes_the_documents_and_another_changes_them() -> None:
    parallel = _parallel_set()
    assert build_set(parallel, seed=11) == build_set(parallel, seed=11)
    assert build_set(parallel, seed=11) != build_set(parallel, seed=12)


def test_language_from_the_test_set_file_names() -> None:
    names = ["ind_Latn.devtest", "eng_Latn.devtest", "newstest2019-ref.ind.txt", "newstest2019-src.eng.txt", "test.id"]
    assert [language_of(Path(name)) for name in names] == ["id", "en", "id", "en", "id"]
    with pytest.raises(ValueError, match="--langs"):
        language_of(Path("zsm_Latn.devtest"))


def test_standin_degrades_words_and_keeps_the_rest() -> None:
    sentence = "The Bogor city government planted 12,000 trees along the Ciliwung River on Monday."
    assert degrade(sentence, random.Random(1), ["x"], StandinNoise(0, 0, 0)) == sentence
    noisy = degrade(sentence, random.Random(1), ["x"], StandinNoise(drop=0.3, substitute=0.3, swap=0))
    assert noisy != sentence and set(noisy.split()) <= set(sentence.split()) | {"x"}


def test_command_line_writes_documents_the_evaluator_reads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parallel = _parallel_set()
    src, tgt, out = tmp_path / "set.id", tmp_path / "set.en", tmp_path / "docs.jsonl"
    src.write_text("\n".join(parallel.a) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(parallel.b) + "\n", encoding="utf-8")
    argv = ["--pairs", str(src), str(tgt), "--out", str(out), "--seed", "2", "--mt-standin", "--limit", "4"]
    assert alignment_set.main(argv) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert summary["documents"] == len(records) == 4 and summary["mt"] == "standin"
    assert summary["links"] == sum(len(r["links"]) for r in records)
    for record in records:
        document = parse_document(record)
        assert len(document.a_translated or []) == len(document.a)
    assert evaluate(read_documents(out))["documents"] == 4


def test_unequal_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x.id").write_text("satu\ndua\n", encoding="utf-8")
    (tmp_path / "x.en").write_text("one\n", encoding="utf-8")
    argv = ["--pairs", str(tmp_path / "x.id"), str(tmp_path / "x.en"), "--out", str(tmp_path / "o.jsonl")]
    assert alignment_set.main(argv) == 2
    assert "line-parallel" in capsys.readouterr().err


def test_the_hyphenated_kind_runs_from_the_evaluate_entry_point(tmp_path: Path) -> None:
    parallel = _parallel_set()
    src, tgt, out = tmp_path / "set.id", tmp_path / "set.en", tmp_path / "docs.jsonl"
    src.write_text("\n".join(parallel.a[:60]) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(parallel.b[:60]) + "\n", encoding="utf-8")
    argv = ["alignment-set", "--pairs", str(src), str(tgt), "--out", str(out), "--seed", "4"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-m", "pipeline.evaluate", *argv], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["documents"] == len(out.read_text().splitlines()) > 0
