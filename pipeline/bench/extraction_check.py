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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: Differences printed in full before the count (enough to see what changed without flooding the terminal).
SHOWN_DIFFS = 5


def read_pages(warc: Path, limit: int) -> list[tuple[str, str]]:
    """(url, decoded HTML) of the first ``limit`` 200 responses, decoded as the backfill does before writing pages."""
    from warcio.archiveiterator import ArchiveIterator

    from pipeline.fetch.checks import decode_body

    pages: list[tuple[str, str]] = []
    with warc.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers.get_statuscode() != "200":
                continue
            headers = {name.lower(): value for name, value in record.http_headers.headers}
            body = record.content_stream().read()
            pages.append((record.rec_headers.get_header("WARC-Target-URI"), decode_body(body, headers)))
            if len(pages) >= limit:
                break
    return pages


def extract_all(pages: list[tuple[str, str]]) -> tuple[list[dict[str, Any]], float, float]:
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


def dump(warc: Path, out: Path, pages: int) -> dict[str, Any]:
    """Write the records as JSON Lines; return the timings (CPU ms per page)."""
    loaded = read_pages(warc, pages)
    extract_all(loaded[:20])  # warm-up: imports, compiled XPaths, the language model
    records, extract_s, language_s = extract_all(loaded)
    out.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in records), encoding="utf-8")
    return {
        "pages": len(records),
        "extract_ms": round(extract_s / len(records) * 1000, 3),
        "language_ms": round(language_s / len(records) * 1000, 3),
    }


def differences(before: Path, after: Path) -> Iterator[str]:
    """One line per page whose record differs, naming the fields."""
    old = before.read_text(encoding="utf-8").splitlines()
    new = after.read_text(encoding="utf-8").splitlines()
    if len(old) != len(new):
        yield f"record counts differ: {len(old)} before, {len(new)} after"
    for line_old, line_new in zip(old, new, strict=False):
        if line_old == line_new:
            continue
        a, b = json.loads(line_old), json.loads(line_new)
        fields = {key: (a.get(key), b.get(key)) for key in sorted(a.keys() | b.keys()) if a.get(key) != b.get(key)}
        yield f"{a.get('url')}: {json.dumps(fields, ensure_ascii=False)[:600]}"


def _run_side(pipeline_root: Path, warc: Path, out: Path, pages: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pipeline_root), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, str(Path(__file__).resolve()), "dump", str(warc), str(out), "--pages", str(pages)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"extraction with {pipeline_root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_by_side(warc: Path, baseline: Path, pages: int, rounds: int) -> int:
    current = Path(__file__).resolve().parents[2]
    sides = {"before": baseline.resolve(), "after": current}
    best: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="antara-extract-check-") as tmp:
        for _ in range(rounds):  # alternate, so a noisy neighbour weighs on both sides alike
            for name, root in sides.items():
                figures = _run_side(root, warc, Path(tmp) / f"{name}.jsonl", pages)
                kept = best.setdefault(name, figures)
                for key in ("extract_ms", "language_ms"):
                    kept[key] = min(kept[key], figures[key])
        diffs = list(differences(Path(tmp) / "before.jsonl", Path(tmp) / "after.jsonl"))
    for line in diffs[:SHOWN_DIFFS]:
        print(line)
    before, after = best["before"], best["after"]
    print(f"pages: {after['pages']} from {warc} (best of {rounds} rounds, CPU time)")
    print(f"{'':<22}{'before':>10}{'after':>10}{'ratio':>8}")
    for key, label in (("extract_ms", "extract_page ms/page"), ("language_ms", "language ID ms/page")):
        print(f"{label:<22}{before[key]:>10.3f}{after[key]:>10.3f}{after[key] / before[key]:>8.2f}")
    print(f"records that differ: {len(diffs)}")
    summary = {"pages": after["pages"], "before": before, "after": after, "differences": len(diffs)}
    print(json.dumps(summary))
    return 1 if diffs else 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "dump":
        parser = argparse.ArgumentParser(prog="extraction_check dump")
        parser.add_argument("warc", type=Path)
        parser.add_argument("out", type=Path)
        parser.add_argument("--pages", type=int, default=600)
        args = parser.parse_args(argv[1:])
        print(json.dumps(dump(args.warc, args.out, args.pages)))
        return 0
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.bench.extraction_check", description=__doc__.split("\n")[0]
    )
    parser.add_argument("warc", type=Path)
    parser.add_argument("--baseline", type=Path, required=True, help="a folder holding the older `pipeline` package")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    return side_by_side(args.warc, args.baseline, args.pages, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
