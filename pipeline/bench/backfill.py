"""``python -m pipeline.bench backfill --articles N [--articles N2 …] [--pg ADMIN_DSN]``: a backfill at scale.

For each N, writes an invented ANTARA archive (:mod:`pipeline.bench.corpus`: both editions, ~2/3 Indonesian,
~25 KB pages, every 20th article a republication, half the English articles twins of Indonesian ones) and backfills
it end to end in a fresh process — the real path: CDXJ index → day partitions → pages → ``extract_stage``
(language ID included) → ``translate_stage`` (translation off) → ``load_stage`` (dedup, articles and frontier in
one transaction) — into an empty warehouse (DuckDB file; with ``--pg`` also a temporary PostgreSQL database).
Prints per-stage seconds, articles/s, peak RSS and index bytes per article side by side for every N, with the
ratio of the last N to the first, and as its last line one JSON object::

    {"engine": "duckdb", "runs": [{"articles": N, "seconds": …, "articles_per_s": …, "peak_rss_mb": …,
      "index_bytes_per_article": …}, …], "per_article_time_ratio": …, "postgres": {…same shape…}}
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from pipeline.backfill.run import STAGES

log = logging.getLogger(__name__)

#: DuckDB keeps the index in the warehouse file; to measure it alone it is copied into an empty database.
INDEX_TABLES = ("dedup_documents",)


def index_bytes_per_article(uri: str) -> float:
    """Storage of the dedup index per indexed article, as the engine stores it (indexes included).

    On PostgreSQL the table is VACUUMed (not FULL) first: the stable size a long backfill reaches once autovacuum
    has run (merged GIN pending lists, dead rows of re-assigned stories made reusable), not the size right after
    the load."""
    from pipeline.warehouse import Warehouse

    with Warehouse.open(uri) as wh:
        count = wh.count("dedup_documents")
        if not count:
            return 0.0
        if wh.dialect == "postgres":
            wh.execute("VACUUM dedup_documents")  # the connection is autocommit outside explicit transactions
            size = sum(int(wh.fetchall(f"SELECT pg_total_relation_size('{t}')")[0][0]) for t in INDEX_TABLES)
            return round(size / count, 1)
    return round(_duckdb_index_bytes(uri) / count, 1)


def _duckdb_index_bytes(uri: str) -> int:
    """Copy the index table (with its key) into an empty DuckDB file, checkpoint, and measure the growth."""
    import duckdb

    from pipeline.warehouse.migrate import MIGRATIONS_DIR, Migration

    source = uri.removeprefix("duckdb:///")
    with tempfile.TemporaryDirectory(prefix="antara-index-size-") as tmp:
        target = Path(tmp) / "index.duckdb"
        con = duckdb.connect(str(target))
        con.execute("CHECKPOINT")
        empty = target.stat().st_size
        ddl = Migration("0012", "dedup_signature_bytes", MIGRATIONS_DIR / "0012_dedup_signature_bytes.sql")
        create = ddl.sql_for("duckdb").split("CREATE TABLE dedup_documents (", 1)[1].split(");", 1)[0]
        con.execute(f"CREATE TABLE dedup_documents ({create})")
        con.execute(f"ATTACH '{source}' AS wh (READ_ONLY)")
        con.execute("INSERT INTO dedup_documents SELECT * FROM wh.dedup_documents")
        con.execute("DETACH wh")
        con.execute("CHECKPOINT")
        con.close()
        return target.stat().st_size - empty


class TreeMemory:
    """The peak of the summed resident memory of this process and all its descendants (the backfill's workers),
    sampled every ``interval`` seconds on a thread: what the machine really had to hold at once. (``ru_maxrss``
    gives each process's own peak, not when they happened; their sum is the upper bound printed beside it.)"""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-memory", daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += process.memory_info().rss
            self.peak_bytes = max(self.peak_bytes, total)
            self._stop.wait(self.interval)


def child(archive: Path, uri: str, data_dir: Path) -> dict[str, Any]:
    """One measured backfill (this process does nothing else, so its peak RSS is the backfill's)."""
    from pipeline.backfill import DateRange, WarcBackfill, run_backfill
    from pipeline.config import Settings

    settings = Settings(data_dir=data_dir, warehouse_uri=uri, translate=False)
    source = WarcBackfill([archive], settings.allowed_hosts)
    started = time.perf_counter()
    with TreeMemory() as memory:
        report = run_backfill(settings, source, DateRange(), progress=False)
    seconds = time.perf_counter() - started
    # the bound: main process + each worker at the largest worker's peak (as if all peaked at once)
    main_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    bound_kib = main_kib + max(1, settings.backfill_workers) * children.ru_maxrss if children.ru_maxrss else main_kib
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {
        "articles": report.articles,
        "pages": report.pages,
        "seconds": round(seconds, 2),
        "articles_per_s": round(report.articles / seconds, 1) if seconds else 0.0,
        "peak_rss_mb": round(max(memory.peak_bytes / 2**20, main_kib / 1024), 1),
        "peak_rss_bound_mb": round(bound_kib / 1024, 1),
        "cpu_s": round(cpu_s, 1),
        "index_bytes_per_article": index_bytes_per_article(uri),
        "stage_seconds": {k: round(v, 2) for k, v in report.stage_seconds.items()},
        "load": dict(report.load),
    }


def measure(count: int, engine: str, workdir: Path, pg_admin: str | None) -> dict[str, Any]:
    from pipeline.bench.corpus import write_archive

    archive = workdir / f"bench-{count}.warc.gz"
    if not archive.exists():
        started = time.perf_counter()
        written = write_archive(archive, count)
        print(f"  wrote {archive.name}: {written} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    data_dir = fresh(workdir / f"data-{engine}-{count}")
    if engine == "duckdb":
        return _spawn(archive, f"duckdb:///{data_dir / 'warehouse.duckdb'}", data_dir)
    from pipeline.bench.warehouse import temp_postgres

    assert pg_admin is not None
    with temp_postgres(pg_admin) as uri:
        return _spawn(archive, uri, data_dir)


#: Ids of the incremental run's articles start this far above the big archive's, so they are new articles.
INCREMENTAL_ID_OFFSET = 5_000_000


def incremental(count: int, base_uri: str, workdir: Path) -> dict[str, float]:
    """``count`` new articles backfilled onto the largest run's warehouse and onto an empty one (seconds each)."""
    from pipeline.bench.corpus import write_archive

    archive = workdir / f"incremental-{count}.warc.gz"
    write_archive(archive, count, seed=99, id_offset=INCREMENTAL_ID_OFFSET)
    full = _spawn(archive, base_uri, fresh(workdir / "data-incremental-full"))
    empty_dir = fresh(workdir / "data-incremental-empty")
    empty = _spawn(archive, f"duckdb:///{empty_dir / 'warehouse.duckdb'}", empty_dir)
    return {"articles": count, "onto_full_s": full["seconds"], "onto_empty_s": empty["seconds"]}


def fresh(data_dir: Path) -> Path:
    """An empty data directory: a kept ``--workdir`` must not hand a measured run the partitions (resume markers)
    and warehouse of an earlier one, which it would skip as done."""
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    return data_dir


def _spawn(archive: Path, uri: str, data_dir: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "pipeline.bench.backfill", "--child", str(archive), uri, str(data_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"backfill of {archive} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def ratio(runs: list[dict[str, Any]]) -> float | None:
    """Seconds per article of the largest run over that of the smallest (1.0 = perfectly linear)."""
    if len(runs) < 2 or not runs[0]["articles"] or not runs[-1]["articles"]:
        return None
    per = [r["seconds"] / r["articles"] for r in (runs[0], runs[-1])]
    return round(per[1] / per[0], 3)


def print_table(engine: str, runs: list[dict[str, Any]]) -> None:
    sizes = [f"{r['articles']:,}" for r in runs]
    header = f"{engine:<26}" + "".join(f"{s:>14}" for s in sizes) + (f"{'ratio':>10}" if len(runs) > 1 else "")
    print(header)
    rows: list[tuple[str, list[float], bool]] = [
        ("wall s", [r["seconds"] for r in runs], True),
        ("articles/s", [r["articles_per_s"] for r in runs], False),
        ("cpu s (all processes)", [r["cpu_s"] for r in runs], True),
        ("peak RSS MiB (sampled)", [r["peak_rss_mb"] for r in runs], False),
        ("  bound: sum of peaks", [r["peak_rss_bound_mb"] for r in runs], False),
        ("index bytes/article", [r["index_bytes_per_article"] for r in runs], False),
    ]
    rows += [(f"  {stage} s (summed)", [r["stage_seconds"][stage] for r in runs], True) for stage in STAGES]
    for label, values, per_article in rows:
        line = f"{label:<26}" + "".join(f"{v:>14,.1f}" for v in values)
        if len(runs) > 1 and values[0]:
            if per_article:  # time per article, largest run over smallest
                scale = (values[-1] / runs[-1]["articles"]) / (values[0] / runs[0]["articles"])
            else:
                scale = values[-1] / values[0]
            line += f"{scale:>10.2f}"
        print(line)
    if engine == "postgres":
        print("(index bytes: PostgreSQL measured after a VACUUM of the table, its steady size)")


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--child":
        archive, uri, data_dir = argv[1:4]
        logging.basicConfig(level=logging.WARNING)
        print(json.dumps(child(Path(archive), uri, Path(data_dir))))
        return 0
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench backfill", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, action="append", help="archive size; repeat for several (10000)")
    parser.add_argument("--pg", help="admin DSN of a PostgreSQL server: also backfill into a temporary database")
    parser.add_argument("--workdir", type=Path, help="keep archives and warehouses here (default: a temp dir)")
    parser.add_argument(
        "--incremental", type=int, metavar="N", help="then backfill N new articles onto the largest DuckDB warehouse"
    )
    args = parser.parse_args(argv)
    sizes = sorted(args.articles or [10_000])
    engines = ["duckdb", *(["postgres"] if args.pg else [])]
    results: dict[str, list[dict[str, Any]]] = {engine: [] for engine in engines}
    with tempfile.TemporaryDirectory(prefix="antara-bench-backfill-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for engine in engines:
            for count in sizes:
                results[engine].append(measure(count, engine, workdir, args.pg))
                print(f"  {engine} {count:,}: {results[engine][-1]['seconds']} s", file=sys.stderr, flush=True)
        if args.incremental:
            largest = workdir / f"data-duckdb-{sizes[-1]}" / "warehouse.duckdb"
            step = incremental(args.incremental, f"duckdb:///{largest}", workdir)
    for engine in engines:
        print_table(engine, results[engine])
    summary: dict[str, Any] = {"engine": "duckdb", "runs": _public(results["duckdb"])}
    summary["per_article_time_ratio"] = ratio(results["duckdb"])
    if args.incremental:
        on_full = f"{step['onto_full_s']:.2f} s onto the {sizes[-1]:,}-article warehouse"
        print(f"incremental {args.incremental} articles: {on_full}, {step['onto_empty_s']:.2f} s onto an empty one")
        summary["incremental"] = step | {"ratio": round(step["onto_full_s"] / step["onto_empty_s"], 3)}
    if args.pg:
        summary["postgres"] = {
            "runs": _public(results["postgres"]),
            "per_article_time_ratio": ratio(results["postgres"]),
        }
    print(json.dumps(summary))
    return 0


def _public(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("articles", "seconds", "articles_per_s", "peak_rss_mb", "index_bytes_per_article")
    return [{key: run[key] for key in keys} for run in runs]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
