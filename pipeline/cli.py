"""Command line: one-off runs and backfills without a scheduler, and the Airflow DAG run once in-process.

``python -m pipeline run`` calls the same stage functions as the DAG, in order, in this process.
``python -m pipeline dag`` runs the real ``antara_ingest`` DAG once with ``dag.test()`` (what
``make run`` and ``make demo`` do). Both print per-stage counts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pipeline.config import Settings
from pipeline.run.storage import run_location
from pipeline.taskrun import settings_for

log = logging.getLogger("pipeline")
REPO_DAGS = Path(__file__).resolve().parent.parent / "dags"


# --------------------------------------------------------------------------------------------- reporting
def _format_counts(summary: dict[str, Any]) -> str:
    parts = []
    for key, value in summary.items():
        if key == "artifacts":  # paths handed to the next stage: the run directory line names where they are
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items()) or "-"
            parts.append(f"{key}[{value}]")
        elif value not in (None, "", [], {}):
            parts.append(f"{key}={value}")
    return "  ".join(parts)


def print_report(directory: Path) -> list[dict[str, Any]]:
    """Print each stage's counts; return the feeds that failed (they are reported last)."""
    from pipeline import stages

    summaries = stages.read_summaries(directory)
    feed_rows = {k: v for k, v in summaries.items() if k.startswith("fetch_feed.")}
    print(f"\nrun directory: {directory}")
    if feed_rows:
        totals = {
            "feeds": len(feed_rows),
            "items": sum(v.get("items", 0) for v in feed_rows.values()),
            "unchanged": sum(1 for v in feed_rows.values() if v.get("unchanged")),
            "failed": sum(1 for v in feed_rows.values() if v.get("error")),
        }
        print(f"  {'fetch_feeds':<12} {_format_counts(totals)}")
    for stage in ("collect", "fetch_pages", "extract", "translate", "load", "checks"):
        if stage in summaries:
            print(f"  {stage:<12} {_format_counts(summaries[stage])}")
    failed = stages.failed_feeds(directory)
    for feed in failed:
        print(f"  could not fetch feed {feed['feed']} ({feed['url']}): {feed['error']}", file=sys.stderr)
    return failed


# --------------------------------------------------------------------------------------------- run (no Airflow)
def run_pipeline(settings: Settings, run_id: str | None = None) -> Path:
    """Run every stage once, in this process, exactly as the DAG would, holding the data dir's run lock (a second
    run on the same data dir waits, so no URL is fetched twice)."""
    from pipeline import stages
    from pipeline.run.lock import run_lock

    run_id = run_id or f"cli__{datetime.now(UTC):%Y%m%dT%H%M%S}"
    with run_lock(settings.resolved_data_dir) as lock:
        directory = run_location(settings, run_id)
        for planned in stages.plan_feeds(settings, directory):
            stages.fetch_feed_stage(settings, directory, run_id, planned)
        collected = stages.collect_stage(settings, directory, run_id, run_lock=lock)
        try:
            fetched = stages.fetch_pages_stage(settings, directory, run_id, collected["artifacts"], progress_bar=True)
            process_pages(settings, directory, run_id, fetched["artifacts"])
        except BaseException:
            stages.release_leases(settings, run_id)
            raise
    return directory


def process_pages(settings: Settings, directory: Path, run_id: str, pages: dict[str, str] | None = None) -> None:
    """Everything after fetching: extract (+ language) → translate → load (+ dedup) → checks, each stage handed
    what the previous one wrote, exactly as the DAG's tasks are."""
    from pipeline import stages

    extracted = stages.extract_stage(settings, directory, pages)
    snapshot = stages.cache_snapshot_stage(settings, directory, extracted["artifacts"])
    translated = stages.translate_stage(settings, directory, inputs=snapshot["artifacts"])
    stages.load_stage(settings, directory, run_id, inputs=translated["artifacts"])
    stages.checks_stage(settings, directory, run_id)


def _settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {
        "feeds_file": getattr(args, "feeds", None),
        "warehouse_uri": getattr(args, "warehouse", None),
        "source": getattr(args, "source", None),
        "replay_archive": getattr(args, "archive", None),
    }
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def cmd_run(args: argparse.Namespace) -> int:
    """Exit 0 for a healthy run, 1 for a failed one (pipeline.run.health), 2 when it could not start."""
    settings = _settings_from_args(args)
    from pipeline.stages import DataQualityError, ReplayArchiveMissing, check_replay_archive, run_health

    try:
        check_replay_archive(settings)
    except ReplayArchiveMissing as exc:
        print(f"Cannot run: {exc}", file=sys.stderr)
        return 2
    from pipeline.feeds import load_registry
    from pipeline.warehouse.connection import parse_uri

    parse_uri(settings.resolved_warehouse_uri)  # configuration errors first, one line each (main()), then the network
    load_registry(settings.feeds_file)
    if settings.source == "live" and not args.no_preflight and not _preflight_ok(settings):
        return 2
    try:
        directory = run_pipeline(settings, args.run_id)
    except DataQualityError as exc:
        print(f"data-quality checks failed:\n{exc}", file=sys.stderr)
        return 1
    print_report(directory)
    health = run_health(directory, settings)
    if not health.ok:
        print(f"run failed: {health.render()}", file=sys.stderr)
        return 1
    return 0


def _feed_summaries(directory: Path) -> list[dict[str, Any]]:
    from pipeline import stages

    return stages.feed_summaries(directory)


# --------------------------------------------------------------------------------------------- dag (Airflow)
def load_ingest_dag(dags_folder: Path | None = None):
    """Import ``antara_ingest`` from the DAGs folder the way Airflow's parser would see it."""
    folder = dags_folder or Path(os.environ.get("AIRFLOW__CORE__DAGS_FOLDER", REPO_DAGS))
    path = folder / "antara_ingest.py"
    spec = importlib.util.spec_from_file_location("antara_ingest_dag", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no DAG file at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ingest_dag


def preflight(settings: Settings) -> list[str]:
    """Reach every feed origin once (robots.txt) before a live run; return what could not be reached."""
    import requests

    from pipeline.feeds import load_registry

    problems: list[str] = []
    feed_urls = [urlsplit(feed.url) for feed in load_registry(settings.feeds_file)]
    origins = sorted({f"{parts.scheme}://{parts.netloc}" for parts in feed_urls})
    for origin in origins:
        url = f"{origin}/robots.txt"
        try:
            requests.get(url, timeout=(5, 10), headers={"User-Agent": settings.user_agent})
        except requests.RequestException as exc:
            problems.append(f"{url}: {type(exc).__name__}: {exc}")
    return problems


def _preflight_ok(settings: Settings) -> bool:
    """The one message for an unreachable ANTARA, shared by ``run`` and ``dag --preflight`` (``make run``)."""
    problems = preflight(settings)
    if problems:
        print("Cannot run antara_ingest: ANTARA could not be reached.", file=sys.stderr)
        for problem in problems:
            print(f"  unreachable: {problem}", file=sys.stderr)
        print("Check the network or proxy settings (HTTP_PROXY/HTTPS_PROXY), or try `make demo`.", file=sys.stderr)
    return not problems


def cmd_dag(args: argparse.Namespace) -> int:
    conf = dict(item.split("=", 1) for item in args.conf)
    settings = settings_for(conf)  # as the DAG's tasks will see them
    from pipeline.stages import ReplayArchiveMissing, check_replay_archive

    try:
        check_replay_archive(settings)
    except ReplayArchiveMissing as exc:
        print(f"Cannot run antara_ingest: {exc}", file=sys.stderr)
        return 2
    if args.preflight and settings.source == "live" and not _preflight_ok(settings):
        return 2
    dag = load_ingest_dag()
    dagrun = dag.test(run_conf=conf)
    directory = run_location(settings, dagrun.run_id)
    failed = print_report(directory)
    state = str(getattr(dagrun.state, "value", dagrun.state))
    print(f"\nantara_ingest run {dagrun.run_id}: {state}; warehouse: {settings.resolved_warehouse_uri}")
    if state != "success":
        for line in failed_task_lines(dagrun):
            print(line, file=sys.stderr)
        return 1
    return 1 if failed and len(failed) == len(_feed_summaries(directory)) else 0


def failed_task_lines(dagrun: Any) -> list[str]:
    """One line per failed task instance of the run: which task (feed label for mapped ones) and where its log is."""
    from pipeline.notify import failure_from_context

    lines = []
    for ti in dagrun.get_task_instances(state=["failed", "upstream_failed"]):
        failure = failure_from_context({"ti": ti, "run_id": dagrun.run_id})
        state = str(getattr(ti.state, "value", ti.state))
        log_file = _task_log_file(ti)
        where = f"log: {log_file}" if log_file else f"log: {failure.log_url}"
        lines.append(f"  {state} task {failure.task_label}; {where}")
    return lines


def _task_log_file(ti: Any) -> Path | None:
    """The task's local log file (``dag.test()`` writes under ``[logging] base_log_folder``), if there is one."""
    try:
        from airflow.configuration import conf

        base = Path(conf.get("logging", "base_log_folder"))
    except Exception:  # no Airflow configuration: only the UI link can be given
        return None
    folder = base / f"dag_id={ti.dag_id}" / f"run_id={ti.run_id}" / f"task_id={ti.task_id}"
    if ti.map_index >= 0:
        folder /= f"map_index={ti.map_index}"
    logs = sorted(folder.glob("attempt=*.log"))
    return logs[-1] if logs else None


# --------------------------------------------------------------------------------------------- other commands
def cmd_migrate(args: argparse.Namespace) -> int:
    """Same as ``python -m pipeline.warehouse migrate``."""
    from pipeline.warehouse.__main__ import main as warehouse_main

    return warehouse_main(["migrate", "--warehouse", _settings_from_args(args).resolved_warehouse_uri])


def cmd_replay(args: argparse.Namespace) -> int:
    """Re-process archived responses (a date range) through extraction → load, with no network."""
    from pipeline.fetch.replay import backfill
    from pipeline.stages import DataQualityError

    # A replay is no poll: it must not read or move the live feeds' state or the frontier.
    settings = _settings_from_args(args).model_copy(update={"source": "replay"})
    from pipeline.stages import ReplayArchiveMissing, check_replay_archive

    try:
        check_replay_archive(settings)
    except ReplayArchiveMissing as exc:
        print(f"Cannot replay: {exc}", file=sys.stderr)
        return 2
    from pipeline.run.artifacts import migrate_warehouse

    migrate_warehouse(settings)
    summary = backfill(settings, since=args.since, until=args.until, progress=not args.quiet)
    print(json.dumps(summary, default=str, sort_keys=True))
    directory = Path(summary["run_dir"])
    try:
        process_pages(settings, directory, directory.name)
    except DataQualityError as exc:
        print(f"data-quality checks failed:\n{exc}", file=sys.stderr)
        return 1
    print_report(directory)
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    """Backfill a date range from WARC archives or ANTARA's sitemaps through the ingest stages (pipeline.backfill).
    Exit 2, with one line, when it cannot start: an impossible range, a missing archive, an unusable sitemap."""
    from pipeline.backfill import DateRange, run_backfill
    from pipeline.backfill.run import source_from
    from pipeline.backfill.sitemap import SitemapUnavailable
    from pipeline.fetch.archive import ArchiveNotFound
    from pipeline.warehouse.connection import parse_uri

    settings = _settings_from_args(args)
    parse_uri(settings.resolved_warehouse_uri)  # a bad URI is a configuration error (main()), before any fetch
    try:
        dates = DateRange(args.since, args.until)
        source = source_from(settings, args.archives, args.sitemap)
    except ValueError as exc:  # --since after --until
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        report = run_backfill(settings, source, dates, progress=not args.quiet, workers=args.workers)
    except (ArchiveNotFound, SitemapUnavailable) as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.as_dict(), sort_keys=True))
    return 0


def _day_argument(text: str) -> Any:
    from pipeline.backfill.dates import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_backfill_parser(sub: Any) -> None:
    backfill = sub.add_parser("backfill", help="backfill a date range from WARC files or ANTARA's sitemaps")
    source = backfill.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--archive", dest="archives", nargs="+", action="extend", help="WARC file(s) or directories (or s3://… URLs)"
    )
    source.add_argument("--sitemap", help="sitemap or sitemap index URL (fetched politely, like the feeds)")
    backfill.add_argument("--since", type=_day_argument, help="first publication date to include (YYYY-MM-DD, UTC)")
    backfill.add_argument("--until", type=_day_argument, help="last publication date to include (inclusive)")
    backfill.add_argument("--warehouse", help="warehouse URI (default: configured)")
    backfill.add_argument(
        "--workers", type=int, help="processes preparing partitions (default ANTARA_BACKFILL_WORKERS)"
    )
    backfill.add_argument("--quiet", action="store_true", help="no progress bar")
    backfill.set_defaults(func=cmd_backfill)


def cmd_export_corpus(args: argparse.Namespace) -> int:
    """The aligned sentence pairs as a parallel corpus file (needs ANTARA's permission to use; see README)."""
    from pipeline.corpus import CorpusFormat, export_corpus
    from pipeline.warehouse import Warehouse

    fmt = CorpusFormat(args.format)
    out = args.out or Path(f"antara-corpus.{fmt.value}")
    with Warehouse.open(_settings_from_args(args).resolved_warehouse_uri) as wh:
        report = export_corpus(
            wh, out, fmt, since=args.since, until=args.until, min_score=args.min_score, progress=not args.quiet
        )
    print(json.dumps({"path": str(report.path), "format": fmt.value, "pairs": report.pairs}))
    return 0


def _add_export(sub: Any) -> None:
    from datetime import date

    export = sub.add_parser("export", help="export warehouse data sets")
    what = export.add_subparsers(dest="export_what", required=True)
    corpus = what.add_parser("corpus", help="aligned id/en sentence pairs with provenance and ANTARA's notice")
    corpus.add_argument("--since", type=date.fromisoformat, help="first publication day (YYYY-MM-DD, Asia/Jakarta)")
    corpus.add_argument("--until", type=date.fromisoformat, help="last publication day (YYYY-MM-DD, Asia/Jakarta)")
    corpus.add_argument("--format", choices=["jsonl", "tmx", "parquet"], default="jsonl")
    corpus.add_argument("--min-score", type=float, default=0.0, help="lowest alignment score kept (0-1)")
    corpus.add_argument("--out", type=Path, help="output file (default: antara-corpus.FORMAT)")
    corpus.add_argument("--warehouse", help="warehouse URI (default: configured)")
    corpus.add_argument("--quiet", action="store_true", help="no progress bar")
    corpus.set_defaults(func=cmd_export_corpus)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="antara-pipeline", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of configuration errors")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run every stage once in this process (no scheduler)")
    run.add_argument("--feeds", type=Path, help="feed registry YAML (default: the packaged one)")
    run.add_argument("--warehouse", help="warehouse URI: postgresql://… or duckdb:///path")
    run.add_argument("--source", choices=["live", "replay"], help="live HTTP (default) or replay a WARC archive")
    run.add_argument("--archive", type=Path, help="WARC file or directory for --source replay")
    run.add_argument("--run-id", help="name of the run directory (default: cli__<timestamp>)")
    run.add_argument("--no-preflight", action="store_true", help="skip the reachability check of a live run")
    run.set_defaults(func=cmd_run)

    dag = sub.add_parser("dag", help="run the antara_ingest Airflow DAG once in-process (dag.test())")
    dag.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="DAG run param, repeatable")
    dag.add_argument("--preflight", action="store_true", help="check that ANTARA is reachable first (live runs)")
    dag.set_defaults(func=cmd_dag)

    migrate = sub.add_parser("migrate", help="create or upgrade the warehouse schema")
    migrate.add_argument("--warehouse", help="warehouse URI (default: configured)")
    migrate.set_defaults(func=cmd_migrate)

    replay = sub.add_parser("replay", help="re-process a date range from the WARC archive (no network)")
    replay.add_argument("--archive", type=Path, help="WARC file or directory (default: the configured archive)")
    replay.add_argument("--warehouse", help="warehouse URI (default: configured)")
    replay.add_argument("--feeds", type=Path, help="feed registry the archived feeds belong to (default: packaged)")
    replay.add_argument("--since", type=datetime.fromisoformat, help="first fetch time to include (ISO 8601)")
    replay.add_argument("--until", type=datetime.fromisoformat, help="last fetch time to include (ISO 8601)")
    replay.add_argument("--quiet", action="store_true", help="no progress bar")
    replay.set_defaults(func=cmd_replay)
    _add_backfill_parser(sub)
    _add_export(sub)
    return parser


def _configuration_errors() -> tuple[type[Exception], ...]:
    """What a user fixes in their configuration (feeds file, warehouse URI, ANTARA_* settings), not a bug."""
    from pydantic import ValidationError

    from pipeline.feeds import RegistryError
    from pipeline.warehouse import WarehouseError

    return (RegistryError, WarehouseError, ValidationError, FileNotFoundError)


def describe_configuration_error(exc: Exception) -> str:
    """One line a person can act on: the error's own message, pydantic's list folded into one line."""
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors())
        return f"invalid setting: {problems}"
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return f"file not found: {exc.filename}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose or args.debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except _configuration_errors() as exc:
        if args.debug:
            raise
        print(f"error: {describe_configuration_error(exc)}  (run with --debug for the traceback)", file=sys.stderr)
        return 2
