"""The evaluation and benchmark commands (``python -m pipeline.evaluate|bench translation``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.bench import translation as bench
from pipeline.evaluate import translation as evaluate
from support.tiny_marian import ID_EN_PAIRS


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_evaluate_scores_a_perfect_translation_100(
    engine: str, tiny_models: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the CTranslate2 conversion cache goes under ./data
    monkeypatch.setenv("ANTARA_MT_COMPUTE_TYPE", "float32")  # exact outputs (int8 kernels differ between CPUs)
    src = write_lines(tmp_path / "src.txt", [source for source, _ in ID_EN_PAIRS])
    ref = write_lines(tmp_path / "ref.txt", [target for _, target in ID_EN_PAIRS])
    argv = ["--model", str(tiny_models["id-en"]), "--src", str(src), "--ref", str(ref), "--engine", engine]
    assert evaluate.main([*argv, "--hyp-out", str(tmp_path / "hyp.txt")]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (result["bleu"], result["chrf"], result["sentences"], result["engine"]) == (100.0, 100.0, 8, engine)
    assert (tmp_path / "hyp.txt").read_text(encoding="utf-8").splitlines() == [t for _, t in ID_EN_PAIRS]


def test_evaluate_scores_a_wrong_translation_low(
    tiny_models: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_lines(tmp_path / "src.txt", [source for source, _ in ID_EN_PAIRS])
    ref = write_lines(tmp_path / "ref.txt", [target for _, target in reversed(ID_EN_PAIRS)])
    assert evaluate.main(["--model", str(tiny_models["id-en"]), "--src", str(src), "--ref", str(ref)]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["bleu"] < 20


def test_evaluate_rejects_misaligned_files_and_missing_models(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    src = write_lines(tmp_path / "src.txt", ["a", "b"])
    ref = write_lines(tmp_path / "ref.txt", ["a"])
    assert evaluate.main(["--model", str(tiny_models["id-en"]), "--src", str(src), "--ref", str(ref)]) == 2
    assert evaluate.main(["--model", str(tmp_path / "missing"), "--src", str(src), "--ref", str(src)]) == 1


def test_bench_prints_both_engines_and_speedup_as_last_json_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny_shape = ["--vocab-size", "600", "--d-model", "32", "--layers", "1", "--heads", "2", "--ffn", "64"]
    argv = [*tiny_shape, "--positions", "64", "--articles", "1", "--repeats", "1", "--threads", "1", "--in-process"]
    assert bench.main([*argv, "--work-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert set(result["engines"]) == {"transformers", "ctranslate2"}
    for figures in result["engines"].values():
        assert {"sentences_per_s", "tokens_per_s", "articles_per_min", "peak_rss_mb"} <= set(figures)
        assert figures["tokens_per_s"] == pytest.approx(figures["sentences_per_s"] * 24, rel=0.01)
    assert result["speedup"] > 0 and result["shape"]["vocab_size"] == 600
    assert lines[0].startswith("beam 4, 1 threads")
    config = json.loads((tmp_path / "marian-random" / "config.json").read_text())
    assert (config["vocab_size"], config["d_model"]) == (600, 32)
