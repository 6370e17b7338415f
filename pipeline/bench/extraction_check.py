"""Extraction before/after on a bench archive: the same records, and the CPU each side spends per page.

``python -m pipeline.bench.extraction_check WARC --baseline DIR [--pages N] [--rounds R]`` extracts the first N
article pages of a WARC file (e.g. one written by :func:`pipeline.bench.corpus.write_archive`) twice — with this
checkout's ``pipeline`` package and with the one in ``DIR`` (an older checkout, e.g. ``git archive main pipeline |
tar -x -C DIR``) — each in its own process, alternating R rounds, and prints

* the number of pages whose :class:`~pipeline.models.Extracted` record or language verdict differ (must be 0), with
  the first differences;
* CPU milliseconds per page of ``extract_page`` and of language ID on each side (best round), and their ratio.

The side that runs is whatever ``pipeline`` the child process imports, so this file only uses what both sides have
(``extract_page``, ``pipeline.language.detect``): run as a script it works against any older checkout. ``dump``
mode (``… dump WARC OUT``) writes the records and timings of the current ``pipeline`` only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: Differences printed in full before the count (enough to see what changed without flooding the terminal).
SHOWN_DIFFS = 5


def read_pages(source: Path, limit: int) -> list[tuple[str, str | bytes]]:
    """(url, HTML) of the first ``limit`` pages: 200 page responses of a WARC file, decoded as the backfill does
    before writing pages, or every HTML file of a gold-set folder (raw bytes, URLs from its ``expected.json``)."""
    if source.is_dir():
        return gold_pages(source)[:limit]
    from warcio.archiveiterator import ArchiveIterator

    from pipeline.fetch.checks import decode_body

    pages: list[tuple[str, str | bytes]] = []
    with source.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers.get_statuscode() != "200":
                continue
            if record.rec_headers.get_header("X-Antara-Kind", "page") != "page":  # the project's feeds, robots.txt
                continue
            headers = {name.lower(): value for name, value in record.http_headers.headers}
            body = record.content_stream().read()
            pages.append((record.rec_headers.get_header("WARC-Target-URI"), decode_body(body, headers)))
            if len(pages) >= limit:
                break
    return pages


def gold_pages(directory: Path) -> list[tuple[str, str | bytes]]:
    """Every page of a gold folder, media and error pages included (their verdicts must not change either)."""
    expected = directory / "expected.json"
    urls = {e["file"]: e["url"] for e in json.loads(expected.read_text(encoding="utf-8"))} if expected.is_file() else {}
    files = sorted(directory.glob("*.htm*"))
    fallback = "https://www.antaranews.com/berita/{}/page"
    return [(urls.get(f.name, fallback.format(i)), f.read_bytes()) for i, f in enumerate(files, start=1)]


def extract_all(pages: list[tuple[str, str | bytes]]) -> tuple[list[dict[str, Any]], float, float]:
    """Each page's record (with its language verdict) and the CPU seconds of extraction and language ID."""
    from pipeline.extract import extract_page
    from pipeline.language import detect

    extract_s = language_s = 0.0
    records = []
    for url, html in pages:
        started = time.process_time()
        extracted = extract_page(html, url)
        middle = time.process_time()
        verdict = detect(f"{extracted.title}\n{extracted.body}") if extracted.body else (None, None)
        language_s += time.process_time() - middle
        extract_s += middle - started
        records.append({**extracted.model_dump(mode="json"), "detected": list(verdict)})
    return records, extract_s, language_s


def dump(source: Path, out: Path, pages: int) -> dict[str, Any]:
    """Write the records as JSON Lines; return the timings (CPU ms per page)."""
    loaded = read_pages(source, pages)
    extract_all(loaded[:20])  # warm-up: imports, compiled XPaths, the language model
    records, extract_s, language_s = extract_all(loaded)
    out.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in records), encoding="utf-8")
    return {
        "pages": len(records),
        "extract_ms": round(extract_s / len(records) * 1000, 3),
        "language_ms": round(language_s / len(records) * 1000, 3),
    }


def differences(before: Path, after: Path) -> tuple[list[str], dict[str, float]]:
    """One line per page whose extracted record differs (naming the fields), and how the language verdicts moved:
    pages whose detected language changed, whose confidence changed, and the largest confidence change."""
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    lines = [f"record counts differ: {len(old)} before, {len(new)} after"] if len(old) != len(new) else []
    language = {"languages_changed": 0, "confidences_changed": 0, "largest_confidence_change": 0.0}
    for line_old, line_new in zip(old, new, strict=False):
        a, b = json.loads(line_old), json.loads(line_new)
        (lang_a, conf_a), (lang_b, conf_b) = a.pop("detected"), b.pop("detected")
        language["languages_changed"] += lang_a != lang_b
        language["confidences_changed"] += conf_a != conf_b
        if conf_a is not None and conf_b is not None:
            change = round(abs(conf_a - conf_b), 4)
            language["largest_confidence_change"] = max(language["largest_confidence_change"], change)
        if a != b:
            fields = {key: (a.get(key), b.get(key)) for key in sorted(a.keys() | b.keys()) if a.get(key) != b.get(key)}
            lines.append(f"{a.get('url')}: {json.dumps(fields, ensure_ascii=False)[:600]}")
    return lines, language


def _run_side(pipeline_root: Path, source: Path, out: Path, pages: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pipeline_root), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, str(Path(__file__).resolve()), "dump", str(source), str(out), "--pages", str(pages)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"extraction with {pipeline_root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_by_side(source: Path, baseline: Path, pages: int, rounds: int) -> int:
    current = Path(__file__).resolve().parents[2]
    sides = {"before": baseline.resolve(), "after": current}
    best: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="antara-extract-check-") as tmp:
        for _ in range(rounds):  # alternate, so a noisy neighbour weighs on both sides alike
            for name, root in sides.items():
                figures = _run_side(root, source, Path(tmp) / f"{name}.jsonl", pages)
                kept = best.setdefault(name, figures)
                for key in ("extract_ms", "language_ms"):
                    kept[key] = min(kept[key], figures[key])
        diffs, language = differences(Path(tmp) / "before.jsonl", Path(tmp) / "after.jsonl")
    for line in diffs[:SHOWN_DIFFS]:
        print(line)
    before, after = best["before"], best["after"]
    print(f"pages: {after['pages']} from {source} (best of {rounds} rounds, CPU time)")
    print(f"{'':<22}{'before':>10}{'after':>10}{'ratio':>8}")
    for key, label in (("extract_ms", "extract_page ms/page"), ("language_ms", "language ID ms/page")):
        print(f"{label:<22}{before[key]:>10.3f}{after[key]:>10.3f}{after[key] / before[key]:>8.2f}")
    print(f"extracted records that differ: {len(diffs)}")
    print(
        f"language verdicts: {language['languages_changed']} languages changed, {language['confidences_changed']} "
        f"confidences changed (largest change {language['largest_confidence_change']})"
    )
    summary = {"pages": after["pages"], "before": before, "after": after, "differences": len(diffs), **language}
    print(json.dumps(summary))
    return 1 if diffs or language["languages_changed"] else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "dump":
        parser = argparse.ArgumentParser(prog="extraction_check dump")
        parser.add_argument("source", type=Path)
        parser.add_argument("out", type=Path)
        parser.add_argument("--pages", type=int, default=600)
        args = parser.parse_args(argv[1:])
        print(json.dumps(dump(args.source, args.out, args.pages)))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.extraction_check", description=__doc__.split("\n")[0]
    )
    parser.add_argument("source", type=Path, help="a WARC file, or a gold folder of HTML files")
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding the older `pipeline` package")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    return side_by_side(args.source, args.baseline, args.pages, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
