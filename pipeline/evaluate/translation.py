"""``python -m pipeline.evaluate translation --model M --src FILE --ref FILE``: BLEU and chrF with sacrebleu.

Each line of ``--src`` is translated exactly as article text would be (same segmentation, batching and
engine), then scored against the line-aligned ``--ref``. The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from pipeline.config import Settings
from pipeline.translate.engines import EnginePool, ModelUnavailable
from pipeline.translate.run import translate_texts

log = logging.getLogger(__name__)
OTHER = {"id": "en", "en": "id"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate translation", description=__doc__)
    parser.add_argument("--model", required=True, help="hub id or local directory of a Marian-style model")
    parser.add_argument("--src", required=True, type=Path, help="source sentences, one per line")
    parser.add_argument("--ref", required=True, type=Path, help="reference translations, line-aligned with --src")
    parser.add_argument("--source-lang", choices=sorted(OTHER), default="id")
    parser.add_argument("--engine", choices=["transformers", "ctranslate2"], default=None, help="default: settings")
    parser.add_argument("--beam", type=int, default=None, help="beam size (default: ANTARA_MT_BEAM_SIZE)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N lines")
    parser.add_argument("--hyp-out", type=Path, default=None, help="also write the translations here")
    parser.add_argument("--local-files-only", action="store_true", help="never download the model")
    return parser.parse_args(argv)


def read_lines(path: Path, limit: int) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:limit] if limit else lines


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    sources, references = read_lines(args.src, args.limit), read_lines(args.ref, args.limit)
    if len(sources) != len(references):
        print(f"error: {len(sources)} source lines but {len(references)} reference lines", file=sys.stderr)
        return 2
    source_lang, target_lang = args.source_lang, OTHER[args.source_lang]
    overrides = {
        "id-en": {"mt_model_id_en": args.model},
        "en-id": {"mt_model_en_id": args.model},
    }[f"{source_lang}-{target_lang}"]
    if args.engine:
        overrides["mt_engine"] = args.engine
    if args.beam:
        overrides["mt_beam_size"] = args.beam
    if args.local_files_only:
        overrides["mt_local_files_only"] = True
    settings = Settings(**overrides)
    try:
        engine = EnginePool(settings).get(source_lang, target_lang)
    except ModelUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    outputs, report = translate_texts(sources, source_lang, target_lang, engine, settings)
    hypotheses = [output if output is not None else "" for output in outputs]
    if args.hyp_out:
        args.hyp_out.write_text("\n".join(hypotheses) + "\n", encoding="utf-8")
    scores = score(hypotheses, references)
    result = {
        **scores,
        "sentences": len(sources),
        "failed": report.failed,
        "seconds": round(report.seconds, 2),
        "model": engine.model.key,
        "engine": engine.engine,
        "beam_size": settings.mt_beam_size,
        "direction": f"{source_lang}-{target_lang}",
    }
    print(f"{result['direction']} {engine.model.key} ({engine.engine}, beam {settings.mt_beam_size})")
    print(
        f"BLEU {scores['bleu']:.2f}  chrF {scores['chrf']:.2f}  chrF++ {scores['chrf_pp']:.2f}  ({len(sources)} lines)"
    )
    print(json.dumps(result))
    return 0


def score(hypotheses: list[str], references: list[str]) -> dict[str, float | str]:
    """Corpus BLEU, chrF and chrF++ (0-100, sacrebleu defaults; chrF++ is NLLB's metric)."""
    from sacrebleu.metrics import BLEU, CHRF

    bleu, chrf, chrf_pp = BLEU(), CHRF(), CHRF(word_order=2)
    return {
        "bleu": round(bleu.corpus_score(hypotheses, [references]).score, 2),
        "chrf": round(chrf.corpus_score(hypotheses, [references]).score, 2),
        "chrf_pp": round(chrf_pp.corpus_score(hypotheses, [references]).score, 2),
        "bleu_signature": str(bleu.get_signature()),
    }
