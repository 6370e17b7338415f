"""``python -m pipeline.evaluate dedup [PATH ...]``: precision/recall/F1 of story linking on labelled pairs.

Each PATH is a JSON Lines file or a folder of them (default: the project's gold folder,
``tests/gold/dedup``), one pair per line::

    {"a": {...}, "b": {...}, "label": "same_story" | "different", "kind": "near" | "crosslingual"}

Each article object has ``url``, ``lang``, ``title``, ``body``, ``published_at`` and optionally
``body_translated`` (a DONE machine translation into the other language). A pair is predicted
"same story" when ``link_stories([a, b], None)`` puts both into one story. Cross-lingual pairs are
also reported apart by whether a machine translation is given (``crosslingual_mt`` /
``crosslingual_no_mt``): issue #13's targets differ. For one file the last line printed is a JSON
object with the figures per kind; for several, one object per file name.
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
#: Figures reported: the two kinds, and the cross-lingual pairs split by whether an MT is given.
REPORTED = ("near", "crosslingual", "crosslingual_no_mt", "crosslingual_mt")
DEFAULT_GOLD = Path("tests/gold/dedup")


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


def has_translation(record: dict) -> bool:
    return any(bool(record[side].get("body_translated")) for side in ("a", "b"))


def evaluate(path: Path) -> dict[str, dict[str, float | int]]:
    counts = {kind: Counts() for kind in REPORTED}
    for number, record in read_pairs(path):
        try:
            kind, label = record["kind"], record["label"]
            if kind not in KINDS or label not in LABELS:
                raise PairError(f"kind {kind!r} / label {label!r} not one of {KINDS} / {LABELS}")
            a, b = to_article(record["a"]), to_article(record["b"])
        except (KeyError, PairError, ValidationError, ValueError) as exc:
            log.error("%s:%d skipped: %s", path, number, exc)
            continue
        predicted, actual = predict_same_story(a, b), label == "same_story"
        counts[kind].add(predicted, actual)
        if kind == "crosslingual":
            counts["crosslingual_mt" if has_translation(record) else "crosslingual_no_mt"].add(predicted, actual)
    return {kind: c.figures() for kind, c in counts.items()}


def pair_files(paths: list[Path]) -> list[Path]:
    """The files named, and the ``*.jsonl`` files of the folders named."""
    return [f for p in paths for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]


def print_figures(results: dict[str, dict[str, float | int]]) -> None:
    for kind, figures in results.items():
        print(
            f"{kind:18s} pairs={figures['pairs']:4d} precision={figures['precision']:.3f} "
            f"recall={figures['recall']:.3f} f1={figures['f1']:.3f} (tp={figures['tp']} fp={figures['fp']} "
            f"fn={figures['fn']} tn={figures['tn']})"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate dedup", description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", type=Path, nargs="*", help=f"labelled pairs (JSON Lines) or folders (default {DEFAULT_GOLD})"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    paths = args.paths or [DEFAULT_GOLD]
    if missing := [p for p in paths if not p.exists()]:
        print(f"no such file: {missing[0]}", file=sys.stderr)
        return 2
    files = pair_files(paths)
    if not files:
        print(f"no *.jsonl pair files in {', '.join(map(str, paths))}", file=sys.stderr)
        return 2
    if len(files) == 1:
        results = evaluate(files[0])
        print_figures(results)
        print(json.dumps(results, sort_keys=True))
        return 0
    everything = {}
    for path in files:
        print(f"== {path}")
        everything[path.name] = evaluate(path)
        print_figures(everything[path.name])
    print(json.dumps(everything, sort_keys=True))
    return 0
