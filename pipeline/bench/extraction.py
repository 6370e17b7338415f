"""Extraction speed: ``python -m pipeline.bench extraction [DIR | --archive WARC [--pages N]]``.

Runs the project's :func:`~pipeline.extract.extract_page` and bare ``trafilatura.extract`` over the
same HTML pages — a gold folder's files, or a WARC file's article pages such as a bench archive's — (best
of several rounds each, so a noisy neighbour does not decide the result) and
prints both rates and the time ratio; the last line is JSON.

Like for like: only article pages are timed (``expected.json`` kind ``article``, or article URLs — the project
skips media and error pages before parsing them, trafilatura cannot), and trafilatura gets the very options object the
project's extractor passes it (:data:`pipeline.extract.page.BODY_OPTIONS`, built once in both cases).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from pipeline.extract import extract_page
from pipeline.extract.page import BODY_OPTIONS

DEFAULT_DIR = Path("tests/gold/extraction")
#: The project's extractor may take at most this multiple of bare trafilatura's time.
BUDGET_RATIO = 1.3


def load_pages(directory: Path) -> list[tuple[str, bytes]]:
    """(url, bytes) per article page; URLs and kinds from expected.json when present, else every HTML file with a
    neutral article URL."""
    urls: dict[str, str] = {}
    expected = directory / "expected.json"
    files = sorted(directory.glob("*.htm*"))
    if expected.is_file():
        entries = json.loads(expected.read_text(encoding="utf-8"))
        urls = {e["file"]: e["url"] for e in entries}
        articles = {e["file"] for e in entries if e.get("kind", "article") == "article"}
        files = [f for f in files if f.name in articles or f.name not in urls]
    return [
        (urls.get(f.name, f"https://www.antaranews.com/berita/{i}/page"), f.read_bytes()) for i, f in enumerate(files)
    ]


def archive_pages(archive: Path, limit: int) -> list[tuple[str, bytes]]:
    """(url, bytes) of the first ``limit`` 200 page responses of a WARC file whose URL is a text article."""
    from pipeline.bench.extraction_check import read_pages
    from pipeline.urls import parse_article_url

    pages = []
    for url, html in read_pages(archive, limit):
        ident = parse_article_url(url)
        if ident is not None and ident.is_text:
            pages.append((url, html.encode("utf-8") if isinstance(html, str) else html))
    return pages


def best_time(run: Callable[[str, bytes], object], pages: list[tuple[str, bytes]], rounds: int) -> float:
    """Fastest of ``rounds`` full passes over the pages, in seconds."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for url, html in pages:
            run(url, html)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench extraction", description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument(
        "--archive", type=Path, help="time the article pages of a WARC file instead (e.g. a bench archive)"
    )
    parser.add_argument("--pages", type=int, default=600, help="with --archive: how many pages (600)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    pages = archive_pages(args.archive, args.pages) if args.archive else load_pages(args.directory)
    source = args.archive or args.directory
    if not pages:
        print(f"error: no HTML pages in {source}")
        return 2
    # Warm both paths once (imports, compiled XPaths, trafilatura's lazy set-up).
    best_time(lambda url, html: extract_page(html, url), pages, 1)
    best_time(lambda url, html: trafilatura.extract(html, options=BODY_OPTIONS), pages, 1)
    ours = best_time(lambda url, html: extract_page(html, url), pages, args.rounds)
    bare = best_time(lambda url, html: trafilatura.extract(html, options=BODY_OPTIONS), pages, args.rounds)
    ratio = ours / bare if bare else float("inf")
    print(f"article pages: {len(pages)} from {source} (best of {args.rounds} rounds)")
    print(f"pipeline.extract.extract_page : {len(pages) / ours:8.1f} pages/s  ({ours / len(pages) * 1000:.2f} ms/page)")
    print(
        f"trafilatura.extract (same opts): {len(pages) / bare:7.1f} pages/s  ({bare / len(pages) * 1000:.2f} ms/page)"
    )
    verdict = "OK" if ratio <= BUDGET_RATIO else "OVER BUDGET"
    print(f"time ratio ours/bare: {ratio:.2f} (budget {BUDGET_RATIO}) -> {verdict}")
    summary = {
        "pages": len(pages),
        "ours_pages_per_s": round(len(pages) / ours, 1),
        "trafilatura_pages_per_s": round(len(pages) / bare, 1),
        "ratio": round(ratio, 3),
        "within_budget": ratio <= BUDGET_RATIO,
    }
    print(json.dumps(summary))
    return 0
