"""``python -m pipeline.evaluate dedup FILE``: precision/recall/F1 of story linking on labelled pairs.

FILE is JSON Lines, one pair per line::

    {"a": {...}, "b": {...}, "label": "same_story" | "different", "kind": "near" | "crosslingual"}

Each article object has ``url``, ``lang``, ``title``, ``body``, ``published_at`` and optionally
``body_translated`` (a DONE machine translation into the other language). A pair is predicted
"same story" when ``link_stories([a, b], None)`` puts both into one story. The last line printed
is a JSON object with the figures per kind.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from pipeline.dedup import link_stories
from pipeline.models import Article, Translation, TranslationStatus
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)

KINDS = ("near", "crosslingual")
LABELS = ("same_story", "different")


class PairError(ValueError):
    """A line of the pairs file that cannot be evaluated."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    def figures(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "pairs": self.tp + self.fp + self.fn + self.tn,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


def to_article(record: dict) -> Article:
    """An ``Article`` from a gold article object (the key comes from the URL, as in the pipeline)."""
    ident = parse_article_url(record["url"])
    if ident is None:
        raise PairError(f"not an ANTARA article URL: {record['url']!r}")
    published = datetime.fromisoformat(record["published_at"]) if record.get("published_at") else None
    lang = record["lang"]
    translation = None
    if record.get("body_translated"):
        target = "en" if lang == "id" else "id"
        translation = Translation(target_lang=target, status=TranslationStatus.DONE, body=record["body_translated"])
    return Article(
        **ident.article_fields,
        lang=lang,
        title=record.get("title") or "",
        body=record["body"],
        published_at=published,
        fetched_at=published or datetime.fromtimestamp(0).astimezone(),
        translation=translation,
    )


def read_pairs(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield number, json.loads(line)


def predict_same_story(a: Article, b: Article) -> bool:
    link_stories([a, b], None)
    return a.story_id == b.story_id


def evaluate(path: Path) -> dict[str, dict[str, float | int]]:
    counts = {kind: Counts() for kind in KINDS}
    for number, record in read_pairs(path):
        try:
            kind, label = record["kind"], record["label"]
            if kind not in KINDS or label not in LABELS:
                raise PairError(f"kind {kind!r} / label {label!r} not one of {KINDS} / {LABELS}")
            a, b = to_article(record["a"]), to_article(record["b"])
        except (KeyError, PairError, ValidationError, ValueError) as exc:
            log.error("%s:%d skipped: %s", path, number, exc)
            continue
        counts[kind].add(predict_same_story(a, b), label == "same_story")
    return {kind: c.figures() for kind, c in counts.items()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate dedup", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="labelled pairs (JSON Lines)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not args.file.is_file():
        print(f"no such file: {args.file}", file=sys.stderr)
        return 2
    results = evaluate(args.file)
    for kind, figures in results.items():
        print(
            f"{kind:13s} pairs={figures['pairs']:4d} precision={figures['precision']:.3f} "
            f"recall={figures['recall']:.3f} f1={figures['f1']:.3f} (tp={figures['tp']} fp={figures['fp']} "
            f"fn={figures['fn']} tn={figures['tn']})"
        )
    print(json.dumps(results, sort_keys=True))
    return 0
