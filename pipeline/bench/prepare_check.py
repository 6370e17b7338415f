"""The backfill's prepare step before/after on a bench archive: the same run files, and the CPU each side spends.

``python pipeline/bench/prepare_check.py WARC --baseline DIR [--rounds R]`` runs
:func:`pipeline.backfill.run.prepare_partition` — what a backfill worker does per day partition: pages written from
the archive → ``extract_stage`` (language ID included) → date filter → ``translate_stage`` (translation off) — over
every day partition of a WARC file (e.g. one written by :func:`pipeline.bench.corpus.write_archive`), with this
checkout's ``pipeline`` package and with the one in ``DIR`` (``git archive main pipeline | tar -x -C DIR``), each in
its own process, alternating R rounds, and prints

* whether the partitions' article records (``extracted.jsonl``, content hashes included) are identical (they must
  be), and
* CPU milliseconds per article of the prepare step (best round; the planning from the archive's index apart), with
  the ratio.

Each side runs the prepare twice and times the second (imports, the language model and the archive's index are
loaded by the first). Only what both sides have is used, so it works against any checkout that has the backfill.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def prepare_all(source_path: Path, data_dir: Path) -> dict[str, Any]:
    """Prepare every day partition of the archive twice (the second timed); CPU ms per article and a digest."""
    from pipeline.backfill import DateRange, WarcBackfill
    from pipeline.backfill.run import partition_dir, prepare_partition
    from pipeline.config import Settings
    from pipeline.run.artifacts import EXTRACTED

    settings = Settings(data_dir=data_dir, warehouse_uri=f"duckdb:///{data_dir}/warehouse.duckdb", translate=False)
    source = WarcBackfill([source_path], settings.allowed_hosts)
    started = time.process_time()
    partitions = source.partitions(DateRange())
    plan_s = time.process_time() - started
    articles = sum(len(items) for items in partitions.values())
    for timed in (False, True):
        for day in partitions:  # a partition's pages would be resumed, not written again
            shutil.rmtree(str(partition_dir(settings, source, day)), ignore_errors=True)
        started = time.process_time()
        for day, items in sorted(partitions.items()):
            prepare_partition(settings, source, day, items, DateRange())
        prepare_s = time.process_time() - started
        if not timed:
            digest = hashlib.sha256()
            for day in sorted(partitions):
                digest.update((partition_dir(settings, source, day) / EXTRACTED).read_bytes())
    return {
        "articles": articles,
        "plan_ms": round(plan_s / articles * 1000, 3),
        "prepare_ms": round(prepare_s / articles * 1000, 3),
        "records_sha256": digest.hexdigest(),
    }


def _run_side(pipeline_root: Path, source: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(pipeline_root), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory(prefix="antara-prepare-check-") as tmp:
        command = [sys.executable, str(Path(__file__).resolve()), str(source), "--run", tmp]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"prepare with {pipeline_root} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def side_by_side(source: Path, baseline: Path, rounds: int) -> int:
    sides = {"before": baseline.resolve(), "after": Path(__file__).resolve().parents[2]}
    best: dict[str, dict[str, Any]] = {}
    for _ in range(rounds):  # alternate, so a noisy neighbour weighs on both sides alike
        for name, root in sides.items():
            figures = _run_side(root, source)
            kept = best.setdefault(name, figures)
            for key in ("plan_ms", "prepare_ms"):
                kept[key] = min(kept[key], figures[key])
    before, after = best["before"], best["after"]
    same = before["records_sha256"] == after["records_sha256"]
    print(f"articles: {after['articles']} from {source} (best of {rounds} rounds, CPU time)")
    print(f"{'':26}{'before':>9}{'after':>10}{'ratio':>8}")
    for key, label in (("prepare_ms", "prepare ms/article"), ("plan_ms", "plan ms/article")):
        ratio = after[key] / before[key] if before[key] else float("nan")
        print(f"{label:24}{before[key]:>11.3f}{after[key]:>10.3f}{ratio:>8.2f}")
    print(f"article records identical: {same}")
    print(json.dumps({"before": before, "after": after, "identical": same}))
    return 0 if same else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("warc", type=Path)
    parser.add_argument("--baseline", type=Path, help="the older checkout's root (holding its pipeline/)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--run", type=Path, metavar="DATA_DIR", help=argparse.SUPPRESS)  # one side, in a child
    args = parser.parse_args(argv)
    if args.run is not None:
        print(json.dumps(prepare_all(args.warc, args.run)))
        return 0
    if args.baseline is None:
        parser.error("give --baseline DIR")
    return side_by_side(args.warc, args.baseline, args.rounds)


if __name__ == "__main__":
    sys.exit(main())
