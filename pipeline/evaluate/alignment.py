"""``python -m pipeline.evaluate alignment FILE``: precision/recall/F1 of sentence links on gold document pairs.

FILE is JSON Lines, one document pair a line, sentences already split::

    {"a": {"lang": "id", "sentences": [...], "translated": [...]},   # translated: optional MT of a into b's language
     "b": {"lang": "en", "sentences": [...]},
     "links": [[[0], [0]], [[1, 2], [1]], ...]}                        # a-indexes, b-indexes; the rest is unaligned

Precision and recall are over the (a-index, b-index) pairs the links expand to, summed over all documents.
``b`` may carry ``translated`` too (MT of b into a's language). The last line printed is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.align import align

log = logging.getLogger(__name__)


class DocumentError(ValueError):
    """A line of the gold file that cannot be evaluated."""


@dataclass
class GoldDocument:
    a: list[str]
    b: list[str]
    a_lang: str
    b_lang: str
    a_translated: list[str] | None
    b_translated: list[str] | None
    pairs: set[tuple[int, int]]


def _side(record: dict, name: str) -> tuple[list[str], str, list[str] | None]:
    side = record.get(name)
    if not isinstance(side, dict) or not isinstance(side.get("sentences"), list):
        raise DocumentError(f"{name!r} must be an object with a 'sentences' list")
    sentences = [str(s) for s in side["sentences"]]
    translated = side.get("translated")
    if translated is not None and len(translated) != len(sentences):
        raise DocumentError(f"{name}.translated has {len(translated)} entries for {len(sentences)} sentences")
    return sentences, str(side.get("lang", "id" if name == "a" else "en")), translated


def parse_document(record: dict) -> GoldDocument:
    a, a_lang, a_translated = _side(record, "a")
    b, b_lang, b_translated = _side(record, "b")
    pairs: set[tuple[int, int]] = set()
    for link in record.get("links", []):
        if len(link) != 2:
            raise DocumentError(f"a link is [a-indexes, b-indexes], got {link!r}")
        for i in link[0]:
            for j in link[1]:
                if not (0 <= i < len(a) and 0 <= j < len(b)):
                    raise DocumentError(f"link {link!r} points outside the document ({len(a)}x{len(b)} sentences)")
                pairs.add((i, j))
    return GoldDocument(a, b, a_lang, b_lang, a_translated, b_translated, pairs)


def read_documents(path: Path) -> list[GoldDocument]:
    documents = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                documents.append(parse_document(json.loads(line)))
            except (json.JSONDecodeError, DocumentError, TypeError) as exc:
                log.error("%s:%d skipped: %s", path, number, exc)
    return documents


def evaluate(documents: list[GoldDocument]) -> dict[str, float | int | dict[str, int]]:
    tp = fp = fn = 0
    methods: Counter[str] = Counter()
    link_types: Counter[str] = Counter()
    started = time.perf_counter()
    for doc in documents:
        result = align(
            doc.a,
            doc.b,
            a_lang=doc.a_lang,
            b_lang=doc.b_lang,
            a_translated=doc.a_translated,
            b_translated=doc.b_translated,
        )
        predicted = result.pairs()
        tp += len(predicted & doc.pairs)
        fp += len(predicted - doc.pairs)
        fn += len(doc.pairs - predicted)
        methods[result.method.value] += 1
        link_types.update(link.type.value for link in result.links)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(documents),
        "pairs": tp + fn,
        "predicted": tp + fp,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "methods": dict(methods),
        "link_types": dict(link_types),
        "seconds": round(time.perf_counter() - started, 2),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate alignment", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="gold document pairs (JSON Lines)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    documents = read_documents(args.file)
    if not documents:
        print(f"no usable document pairs in {args.file}", file=sys.stderr)
        return 2
    figures = evaluate(documents)
    print(
        f"documents={figures['documents']} gold pairs={figures['pairs']} predicted={figures['predicted']} "
        f"precision={figures['precision']:.3f} recall={figures['recall']:.3f} f1={figures['f1']:.3f} "
        f"(tp={figures['tp']} fp={figures['fp']} fn={figures['fn']}; {figures['seconds']} s)"
    )
    print(json.dumps(figures, sort_keys=True))
    return 0
