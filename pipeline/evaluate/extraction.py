"""Evaluate extraction against a gold directory: ``python -m pipeline.evaluate extraction DIR``.

DIR holds HTML files plus ``expected.json``, a list of objects with ``file``, ``url``, ``kind``,
``lang``, ``title``, ``published_at``, ``reporter``, ``editor``, ``translator``, ``tags``,
``category``, ``image_url``, ``published_at_source``, ``published_at_disagreement_s``, ``body`` (paragraphs
joined by a blank line; null for non-articles),
``must_not_contain`` and ``must_contain``; optional ``feed_published_at`` and ``feed_category``
are passed to the extractor as the feed would. Prints a table, then one JSON summary line; exits 1
when a page fails (wrong kind or field, a leak, a required sentence not intact, a paragraph with a
soft line break or a run of spaces inside).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pipeline.extract import extract_page
from pipeline.models import Extracted

#: Metadata fields scored per article (exact match; dates compared as instants).
FIELDS = (
    "title",
    "published_at",
    "published_at_source",
    "published_at_disagreement_s",
    "reporter",
    "editor",
    "translator",
    "tags",
    "category",
    "subcategory",
    "image_url",
    "lang",
)
#: A soft line break inside a paragraph, or a run of spaces: a sentence is not intact.
BROKEN_TEXT = re.compile(r"(?<!\n)\n(?!\n)| {2,}")


@dataclass
class PageResult:
    file: str
    expected_kind: str
    kind: str
    f1: float | None = None
    leaks: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    field_ok: dict[str, bool] = field(default_factory=dict)
    #: Paragraphs of the extracted body with a soft line break or a run of spaces inside.
    broken: list[str] = field(default_factory=list)

    @property
    def wrong_fields(self) -> list[str]:
        return [name for name, ok in self.field_ok.items() if not ok]

    @property
    def failed(self) -> bool:
        """Wrong kind, leaked boilerplate, a required sentence not intact, a broken paragraph or a wrong field."""
        return self.kind != self.expected_kind or bool(self.leaks or self.missing or self.broken or self.wrong_fields)


def token_f1(predicted: str | None, gold: str | None) -> float:
    """Bag-of-words F1 over whitespace tokens."""
    pred, ref = Counter((predicted or "").split()), Counter((gold or "").split())
    overlap = sum((pred & ref).values())
    if not overlap:
        return 1.0 if not pred and not ref else 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * precision * recall / (precision + recall)


def parse_when(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def field_matches(name: str, got: Any, want: Any) -> bool:
    if name == "published_at":
        got_dt, want_dt = parse_when(got), parse_when(want)
        if got_dt is None or want_dt is None:
            return got_dt is want_dt
        return got_dt.tzinfo is not None and got_dt == want_dt
    return (list(got or []) == list(want or [])) if name == "tags" else got == want


def evaluate_page(directory: Path, gold: dict[str, Any]) -> PageResult:
    html = (directory / gold["file"]).read_bytes()
    extracted: Extracted = extract_page(
        html,
        gold["url"],
        feed_published_at=parse_when(gold.get("feed_published_at")),
        category=gold.get("feed_category"),
    )
    result = PageResult(file=gold["file"], expected_kind=gold["kind"], kind=extracted.kind.value)
    if gold["kind"] != "article":
        return result
    body = extracted.body or ""
    result.f1 = token_f1(body, gold.get("body"))
    result.leaks = [s for s in gold.get("must_not_contain", []) if s in body]
    result.missing = [s for s in gold.get("must_contain", []) if s not in body]
    result.broken = [p for p in body.split("\n\n") if BROKEN_TEXT.search(p)]
    result.field_ok = {name: field_matches(name, getattr(extracted, name), gold.get(name)) for name in FIELDS}
    return result


def summarise(results: list[PageResult]) -> dict[str, Any]:
    articles = [r for r in results if r.expected_kind == "article"]
    f1s = [r.f1 for r in articles if r.f1 is not None]
    return {
        "pages": len(results),
        "articles": len(articles),
        "kind_accuracy": round(sum(r.kind == r.expected_kind for r in results) / max(len(results), 1), 4),
        "body_f1_mean": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "body_f1_min": round(min(f1s), 4) if f1s else None,
        "leaks": sum(len(r.leaks) for r in articles),
        "missing": sum(len(r.missing) for r in articles),
        "broken_paragraphs": sum(len(r.broken) for r in articles),
        "failed_pages": sorted(r.file for r in results if r.failed),
        "fields": {
            name: round(sum(r.field_ok.get(name, False) for r in articles) / max(len(articles), 1), 4)
            for name in FIELDS
        },
    }


def render_table(results: list[PageResult]) -> str:
    header = f"{'file':<28} {'kind (expected)':<26} {'body F1':>7}  {'leaks':>5} {'miss':>4}  wrong fields"
    lines = [header, "-" * len(header)]
    for r in results:
        kind = r.kind if r.kind == r.expected_kind else f"{r.kind} ({r.expected_kind})!"
        f1 = f"{r.f1:.3f}" if r.f1 is not None else "-"
        wrong = ", ".join(r.wrong_fields) or "-"
        lines.append(f"{r.file:<28} {kind:<26} {f1:>7}  {len(r.leaks):>5} {len(r.missing):>4}  {wrong}")
        lines.extend(f"{'':<30}leak: {s!r}" for s in r.leaks)
        lines.extend(f"{'':<30}missing: {s!r}" for s in r.missing)
        lines.extend(f"{'':<30}broken: {s[:80]!r}" for s in r.broken)
    return "\n".join(lines)


def evaluate_directory(directory: Path) -> tuple[list[PageResult], dict[str, Any]]:
    gold = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    results = [evaluate_page(directory, entry) for entry in gold]
    return results, summarise(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate extraction", description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, help="directory with HTML files and expected.json")
    parser.add_argument("-v", "--verbose", action="store_true", help="show the extractor's log lines")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s"
    )
    if not (args.directory / "expected.json").is_file():
        print(f"error: {args.directory / 'expected.json'} not found", file=sys.stderr)
        return 2
    results, summary = evaluate_directory(args.directory)
    print(render_table(results))
    print(json.dumps(summary, sort_keys=False))
    return 1 if summary["failed_pages"] else 0
