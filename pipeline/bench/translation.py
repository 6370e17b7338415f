"""``python -m pipeline.bench translation``: transformers vs CTranslate2 on the exact opus-mt-id-en shape.

No weights are downloaded: a random-weight MarianMTModel with the architecture of Helsinki-NLP/opus-mt-id-en
(d_model 512, 6+6 layers, 8 heads, FFN 2048, vocabulary 54,796) and a real SentencePiece/Marian tokenizer
are built offline. Random weights would stop at arbitrary lengths, so decoding is forced to exactly
``--target-tokens`` per sentence. Both engines translate the same 25-sentence articles with the same beam
size, threads and token-bounded batches, each in its own process (so peak RSS is its own). A table is
printed, then, as the last line, a JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ENGINES = ("transformers", "ctranslate2")
OPUS_MT_ID_EN = {"vocab_size": 54_796, "d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "positions": 512}
TARGETS = {"speedup": 3.0, "articles_per_min": 40.0}
# Invented Indonesian-like vocabulary for the synthetic corpus (the tokenizer only needs realistic pieces).
_WORD_TEXT = (
    "pemerintah provinsi kabupaten kota presiden menteri gubernur bupati warga masyarakat harga beras minyak "
    "gula pasar tradisional bank indonesia suku bunga acuan inflasi ekonomi pertumbuhan investasi ekspor impor "
    "banjir gempa bumi longsor bencana bantuan korban pengungsi jalan tol bendungan pelabuhan bandara kereta "
    "sekolah guru siswa rumah sakit dokter pasien kesehatan vaksin program nasional daerah desa kecamatan "
    "mengatakan menyampaikan meresmikan membangun meningkatkan menurunkan melaporkan mengimbau mendukung "
    "pada hari senin selasa rabu kamis jumat sabtu minggu pagi siang sore malam tahun bulan pekan lalu "
    "yang dan di ke dari untuk dengan dalam akan telah sudah belum tidak juga serta oleh kepada bahwa "
    "besar kecil baru lama tinggi rendah cepat lambat penting utama khusus umum sejumlah beberapa banyak"
)
WORDS = _WORD_TEXT.split()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench translation", description=__doc__)
    parser.add_argument("--articles", type=int, default=4, help="25-sentence articles per timed run")
    parser.add_argument("--repeats", type=int, default=2, help="timed runs per engine (best is reported)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-tokens", type=int, default=4096, help="padded source tokens per batch")
    parser.add_argument("--source-tokens", type=int, default=22, help="per sentence, </s> included")
    parser.add_argument("--target-tokens", type=int, default=24, help="forced output length per sentence")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--work-dir", type=Path, default=None, help="keep the built model here (default: temp)")
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument("--in-process", action="store_true", help="run engines in this process (RSS then shared)")
    shape = parser.add_argument_group("model shape (default: opus-mt-id-en)")
    for name, value in OPUS_MT_ID_EN.items():
        shape.add_argument(f"--{name.replace('_', '-')}", type=int, default=value)
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--model-dir", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def synthetic_sentences(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS, k=rng.randint(24, 32))).capitalize() + "." for _ in range(count)]


def build_model(out_dir: Path, shape: dict[str, int]) -> Path:
    """A random-weight MarianMTModel of ``shape`` with a SentencePiece tokenizer trained on synthetic text."""
    import sentencepiece as spm
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    torch.manual_seed(0)
    out_dir.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(synthetic_sentences(3000, seed=1)),
        model_prefix=str(out_dir / "source"),
        vocab_size=min(1000, shape["vocab_size"] - 3),
        model_type="unigram",
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
    )
    (out_dir / "source.model").replace(out_dir / "source.spm")
    (out_dir / "source.vocab").unlink()
    (out_dir / "target.spm").write_bytes((out_dir / "source.spm").read_bytes())
    processor = spm.SentencePieceProcessor(model_file=str(out_dir / "source.spm"))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pieces = [piece for piece in pieces if piece not in ("<unk>", "<s>", "</s>")]
    fillers = [f"▁x{i}" for i in range(shape["vocab_size"] - 3 - len(pieces))]  # pad the vocabulary to full size
    vocab = {"</s>": 0, "<unk>": 1, **{piece: i + 2 for i, piece in enumerate(pieces + fillers)}}
    vocab["<pad>"] = len(vocab)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(
        str(out_dir / "source.spm"), str(out_dir / "target.spm"), str(out_dir / "vocab.json"),
        source_lang="id", target_lang="en", model_max_length=shape["positions"],
    )  # fmt: skip
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), decoder_vocab_size=len(vocab), d_model=shape["d_model"],
        encoder_layers=shape["layers"], decoder_layers=shape["layers"],
        encoder_attention_heads=shape["heads"], decoder_attention_heads=shape["heads"],
        encoder_ffn_dim=shape["ffn"], decoder_ffn_dim=shape["ffn"], max_position_embeddings=shape["positions"],
        pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad, forced_eos_token_id=0,
        share_encoder_decoder_embeddings=True,
    )  # fmt: skip
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()  # as in real OPUS-MT checkpoints
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def convert_once(model_dir: Path, device: str) -> Path:
    from pipeline.translate.engines import CT2_COMPUTE_TYPE, ResolvedModel, convert_to_ctranslate2, weights_digest

    model = ResolvedModel(str(model_dir), model_dir, weights_digest(model_dir))
    return convert_to_ctranslate2(model, model_dir / "ct2", CT2_COMPUTE_TYPE[device])


def article_batches(engine: Any, args: argparse.Namespace) -> list[list[list[int]]]:
    """All sentences of all articles, each cut to exactly ``source_tokens`` ids, in token-bounded batches."""
    sentences = synthetic_sentences(25 * args.articles, seed=2)  # 24+ words: every sentence reaches the cut
    ids = [[*row[: args.source_tokens - 1], row[-1]] for row in engine.encode(sentences)]
    per_batch = max(1, args.batch_tokens // args.source_tokens)
    return [ids[start : start + per_batch] for start in range(0, len(ids), per_batch)]


def run_worker(args: argparse.Namespace) -> dict[str, float]:
    """Load one engine, warm it up, time ``repeats`` runs over the articles; returns its figures."""
    from pipeline.translate.engines import CTranslate2Engine, ResolvedModel, TransformersEngine, weights_digest

    model = ResolvedModel(str(args.model_dir), args.model_dir, weights_digest(args.model_dir))
    started = time.perf_counter()
    if args.worker == "ctranslate2":
        engine: Any = CTranslate2Engine(model, args.model_dir / "ct2", args.device, args.threads)
    else:
        engine = TransformersEngine(model, args.device, args.threads)
    load_s = time.perf_counter() - started
    batches = article_batches(engine, args)
    options = {"beam_size": args.beam, "max_new_tokens": args.target_tokens, "min_new_tokens": args.target_tokens}
    engine.translate(batches[0][:25], **options)  # warm-up
    best = float("inf")
    for _ in range(args.repeats):
        started = time.perf_counter()
        for batch in batches:
            engine.translate(batch, **options)
        best = min(best, time.perf_counter() - started)
    sentences = 25 * args.articles
    return {
        "seconds": round(best, 3),
        "load_s": round(load_s, 2),
        "sentences_per_s": round(sentences / best, 2),
        "tokens_per_s": round(sentences * args.target_tokens / best, 1),
        "articles_per_min": round(args.articles * 60 / best, 1),
        "s_per_article": round(best / args.articles, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def run_engine(engine: str, model_dir: Path, argv: list[str], args: argparse.Namespace) -> dict[str, float]:
    if args.in_process:
        return run_worker(argparse.Namespace(**{**vars(args), "worker": engine, "model_dir": model_dir}))
    command = [sys.executable, "-m", "pipeline.bench", "translation", *argv, "--worker", engine]
    completed = subprocess.run([*command, "--model-dir", str(model_dir)], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{engine} worker failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(args)))
        return 0
    shape = {name: getattr(args, name) for name in OPUS_MT_ID_EN}
    with tempfile.TemporaryDirectory(prefix="mt-bench-") as scratch:
        model_dir = (args.work_dir or Path(scratch)) / "marian-random"
        started = time.perf_counter()
        if not (model_dir / "config.json").is_file():
            build_model(model_dir, shape)
        print(f"built {shape} in {time.perf_counter() - started:.1f}s: {model_dir}", file=sys.stderr)
        if "ctranslate2" in args.engines:
            convert_once(model_dir, args.device)  # here, so the worker's peak RSS is translation only
        results = {engine: run_engine(engine, model_dir, argv, args) for engine in args.engines}
    print(table(results, args))
    summary = {
        "engines": results,
        "speedup": speedup(results),
        "shape": shape,
        "articles": args.articles,
        "sentences_per_article": 25,
        "source_tokens": args.source_tokens,
        "target_tokens": args.target_tokens,
        "beam_size": args.beam,
        "threads": args.threads,
        "device": args.device,
        "targets": TARGETS,
    }
    print(json.dumps(summary))
    return 0


def speedup(results: dict[str, dict[str, float]]) -> float | None:
    if not all(engine in results for engine in ENGINES):
        return None
    return round(results["ctranslate2"]["sentences_per_s"] / results["transformers"]["sentences_per_s"], 2)


def table(results: dict[str, dict[str, float]], args: argparse.Namespace) -> str:
    columns = ("s_per_article", "articles_per_min", "sentences_per_s", "tokens_per_s", "peak_rss_mb", "load_s")
    header = f"beam {args.beam}, {args.threads} threads, {args.articles}x25 sentences, {args.device}"
    lines = [header, f"{'engine':<14}" + "".join(f"{column:>18}" for column in columns)]
    for engine, figures in results.items():
        lines.append(f"{engine:<14}" + "".join(f"{figures[column]:>18}" for column in columns))
    return "\n".join(lines)
