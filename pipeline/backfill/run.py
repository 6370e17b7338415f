"""One backfill, day partition by day partition, through the very stages (and load) of the ingest run.

A partition is a run directory ``<runs>/backfill__<source>__<day>`` in the run storage (``ANTARA_RUNS_URL``: a local
folder by default, object storage for workers on separate machines — the DAG's mapped tasks hand each other only
references into it). Its pages are written there as the live ``fetch_pages`` writes them (``pages/*.html``, and the
``pages.jsonl`` listing), with its references (``frontier.discovered.jsonl``) and failed fetches
(``frontier.attempts.backfill.jsonl``); then ``pipeline.stages`` runs ``extract_stage`` (language ID included) →
(publication-date filter) → ``translate_stage`` → ``load_stage``, whose one transaction decides dedup, writes the
articles and records every reference in the frontier with ``source='backfill'``.

* Resumable: a partition whose load summary exists is done and skipped; inside an interrupted partition, pages
  already written are not fetched again (:class:`PageLog` keeps each page's record once its HTML is complete).
* Idempotent: the load is the ingest's idempotent load, so re-running a partition changes nothing.
* Failed pages wait in the frontier: a transient fault (5xx, timeout, 429) is retried by the ingest run's due retries
  and by the next backfill of that range (a done day whose frontier rows are due again is planned again, with only
  those items); a permanent one (404, 410) ends at once.
* The data-quality checks are not run per partition (a backfill with translation off would fail the translation
  coverage check by design); run ``python -m pipeline.warehouse check`` (or the ingest's checks) afterwards.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from pipeline.backfill.dates import DateRange
from pipeline.config import Settings
from pipeline.fetch.archive import forget_indexes
from pipeline.fetch.stages import PagesResult, write_page
from pipeline.fetch.types import FetchError
from pipeline.models import Article, ArticleRef, FetchEvent, Page
from pipeline.run.artifacts import (
    DISCOVERED,
    EXTRACTED,
    NEW_CACHE,
    PAGES,
    TRANSLATED,
    Artifacts,
    handed,
    migrate_warehouse,
    open_warehouse,
    write_attempts,
    write_skipped,
)
from pipeline.run.load import DEDUP_FEATURES, prepare_features
from pipeline.run.storage import RunPath, is_local, location, remove_tree, run_location
from pipeline.runfiles import read_jsonl, write_jsonl

log = logging.getLogger(__name__)

#: The stage functions of ``pipeline.stages`` a partition runs, in order (the names the report uses).
STAGES = ("plan", "pages", "extract", "translate", "features", "load")
#: A planned day's items (JSON Lines, one per item, as the source dumps them): what the DAG hands ``prepare``.
ITEMS_FILE = "backfill.items.jsonl"
#: The partition's HTTP exchanges, for ``fetch_log`` (the load records them, as the ingest's ``fetch_pages`` events).
PAGE_EVENTS = "events/pages.jsonl"
#: The records of the pages written so far (local disk: one listing, appended) …
PAGES_LOG = "pages.written.jsonl"
#: … or, on object storage, one record beside each page's HTML (written after the HTML: one page's resume marker).
PAGE_RECORD_SUFFIX = ".page.json"
#: What a loaded partition deletes (besides its pages): everything but its summaries, the resume marker.
SCRATCH_FILES = (
    PAGE_EVENTS,
    PAGES,
    PAGES_LOG,
    EXTRACTED,
    TRANSLATED,
    NEW_CACHE,
    DEDUP_FEATURES,
    DISCOVERED,
    ITEMS_FILE,
)


class Source(Protocol):
    """A backfill source: day partitions of items, and each item's page."""

    @property
    def name(self) -> str: ...
    def partitions(self, dates: DateRange) -> dict[date, list[Any]]: ...
    def page(self, item: Any) -> Any: ...  # .final_url, .status, .fetched_at, .text; raises FetchError
    def dump_item(self, item: Any) -> dict[str, Any]: ...  # JSON-ready: planned items travel as JSON Lines
    def load_item(self, data: dict[str, Any]) -> Any: ...
    def fetch_events(self) -> list[FetchEvent]: ...  # HTTP exchanges since the client opened (none from a WARC)


@dataclass
class BackfillReport:
    """What a backfill did, per partition and in total, with each stage's wall time."""

    partitions: int = 0
    partitions_skipped: int = 0
    partitions_retried: int = 0  # days loaded before, planned again for the frontier's due retries
    pages: int = 0
    articles: int = 0
    out_of_range: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    load: Counter[str] = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    def merge(self, other: BackfillReport) -> None:
        """Add a worker's counts and stage times to this report."""
        self.pages += other.pages
        self.articles += other.articles
        self.out_of_range += other.out_of_range
        self.skipped.update(other.skipped)
        self.load.update(other.load)
        for stage, seconds in other.stage_seconds.items():
            self.stage_seconds[stage] += seconds

    def as_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "partitions_skipped": self.partitions_skipped,
            "partitions_retried": self.partitions_retried,
            "pages": self.pages,
            "articles": self.articles,
            "out_of_range": self.out_of_range,
            "skipped": dict(sorted(self.skipped.items())),
            "load": dict(sorted(self.load.items())),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


def partition_dir(settings: Settings, source: Source, day: date) -> RunPath:
    """The day's run directory in the run storage (``ANTARA_RUNS_URL``), the same for every worker."""
    return run_location(settings, f"backfill__{source.name}__{day.isoformat()}")


def is_done(directory: RunPath) -> bool:
    return (directory / "summaries" / "load.json").exists()


def write_pages(source: Source, items: list[Any], directory: RunPath, report: BackfillReport) -> list[Page]:
    """Each item's page into the partition, page by page, so an interrupted partition resumes where it stopped.

    Every item's reference is written as the partition's discoveries, and each failed page as a typed attempt, for
    the load to record in the frontier (a transient failure is retried there like a feed's)."""
    from pipeline import stages

    log_of_pages = PageLog(directory)
    done = {page.ref.key: page for page in log_of_pages.written()}
    pages: list[Page] = []
    failed = PagesResult()
    with log_of_pages:
        for item in items:
            if item.ref.key in done:
                pages.append(done[item.ref.key])
                continue
            try:
                fetched = source.page(item)
            except FetchError as exc:
                failed.fail(item.ref, exc, datetime.now(UTC))
                continue
            page = write_page(
                item.ref,
                directory / stages.PAGES_DIR,
                final_url=fetched.final_url,
                status=fetched.status,
                at=fetched.fetched_at,
                text=fetched.text,
            )
            log_of_pages.add(page)
            pages.append(page)
    report.skipped.update(s.reason for s in failed.skipped)
    write_jsonl(directory / PAGE_EVENTS, source.fetch_events())
    write_jsonl(directory / stages.PAGES, pages)
    write_skipped(directory, "backfill", failed.skipped)
    write_attempts(directory, "backfill", failed.attempts)
    write_jsonl(directory / DISCOVERED, [item.ref for item in items])
    return pages


class PageLog:
    """The record of each page a partition has written, kept as it goes (after the page's HTML is complete), so an
    interrupted partition knows what it need not fetch again.

    On a local disk one listing, appended and flushed per page (a file per record would double the file creations,
    the costliest part of writing pages); on object storage, which cannot append, one small object beside each page.
    """

    def __init__(self, directory: RunPath) -> None:
        from pipeline import stages

        self.pages_dir = directory / stages.PAGES_DIR
        self.listing = directory / PAGES_LOG
        self.appends = is_local(directory)
        self._out: Any = None

    def __enter__(self) -> PageLog:
        if self.appends:
            self._out = self.listing.open("a", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None

    def add(self, page: Page) -> None:
        if self._out is not None:
            self._out.write(page.model_dump_json() + "\n")
            self._out.flush()
        else:
            record_path(location(page.html_path)).write_text(page.model_dump_json(), encoding="utf-8")

    def written(self) -> list[Page]:
        """The pages written before an interruption. A record cut short by the kill is dropped (that page is fetched
        again); a page whose HTML was cut short has no record yet."""
        texts = self._listing_lines() if self.appends else self._record_texts()
        pages = []
        for where, text in texts:
            try:
                pages.append(Page.model_validate_json(text))
            except ValueError:
                log.warning("%s: an incomplete page record from an interrupted run, fetched again", where)
        if self.appends and texts:  # rewritten whole, so the next append does not continue a cut line
            self.listing.write_text("".join(p.model_dump_json() + "\n" for p in pages), encoding="utf-8")
        return pages

    def _listing_lines(self) -> list[tuple[str, str]]:
        if not self.listing.exists():
            return []
        lines = self.listing.read_text(encoding="utf-8").splitlines()
        return [(f"{self.listing}:{n}", line) for n, line in enumerate(lines, start=1) if line.strip()]

    def _record_texts(self) -> list[tuple[str, str]]:
        if not self.pages_dir.exists():
            return []
        paths = sorted(self.pages_dir.glob("*" + PAGE_RECORD_SUFFIX), key=str)
        return [(str(path), path.read_text(encoding="utf-8")) for path in paths]


def record_path(html: RunPath) -> RunPath:
    return html.parent / (html.name + PAGE_RECORD_SUFFIX)


def keep_in_range(directory: RunPath, dates: DateRange, report: BackfillReport) -> None:
    """Drop extracted articles published outside the range (partitions are chosen before dates are known), and
    their references from the partition's discoveries: they belong to another range, not to the frontier's wait."""
    from pipeline import stages

    path = directory / stages.EXTRACTED
    articles = list(read_jsonl(path, Article))
    kept = [a for a in articles if dates.contains(a.published_at)]
    report.out_of_range += len(articles) - len(kept)
    if len(kept) != len(articles):
        write_jsonl(path, kept)
        dropped = {a.key for a in articles} - {a.key for a in kept}
        refs = [r for r in read_jsonl(directory / DISCOVERED, ArticleRef) if r.key not in dropped]
        write_jsonl(directory / DISCOVERED, refs)


def plan_partitions(
    settings: Settings, source: Source, partitions: dict[date, list[Any]], report: BackfillReport
) -> dict[date, list[Any]]:
    """The days to run and their items: every day not loaded yet, and every loaded day whose items wait in the
    frontier with a retry due (a page that answered 503, say) — planned again with only those items. Days loaded
    with nothing due are skipped (counted in ``report``)."""
    done = {day for day in partitions if is_done(partition_dir(settings, source, day))}
    due = retries_due(settings, [item.ref.key for day in done for item in partitions[day]])
    todo: dict[date, list[Any]] = {}
    for day in sorted(partitions):
        report.partitions += 1
        items = partitions[day] if day not in done else [i for i in partitions[day] if i.ref.key in due]
        if day in done and not items:
            report.partitions_skipped += 1
            continue
        if day in done:
            log.info("backfill %s: %d page(s) of %s due for a retry; the day runs again", source.name, len(items), day)
            (partition_dir(settings, source, day) / "summaries" / "load.json").unlink()
            report.partitions_retried += 1
        todo[day] = items
    return todo


def retries_due(settings: Settings, keys: list[str]) -> set[str]:
    """Of ``keys``, those waiting in the frontier (failed transiently, or not fetched yet) whose attempt is due."""
    from pipeline.warehouse.frontier import PENDING_STATES, Frontier

    if not keys:
        return set()
    at = datetime.now(UTC)
    with open_warehouse(settings) as wh:
        rows = Frontier(wh).rows(keys)
    return {
        key
        for key, row in rows.items()
        if row.state in PENDING_STATES and (row.next_attempt_at is None or row.next_attempt_at <= at)
    }


def _timed(report: BackfillReport, stage: str, call: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = call()
    report.stage_seconds[stage] += time.perf_counter() - started
    return result


def prepare_partition(
    settings: Settings, source: Source, day: date, items: list[Any], dates: DateRange
) -> BackfillReport:
    """Everything of a partition that needs no warehouse write: pages → extract (language ID included; + date
    filter) → translate. Runs in a worker process while the main one loads earlier partitions."""
    report, _ = _prepare(settings, source, day, items, dates)
    return report


def _prepare(
    settings: Settings, source: Source, day: date, items: list[Any], dates: DateRange
) -> tuple[BackfillReport, Artifacts]:
    from pipeline import stages

    report = BackfillReport()
    directory = partition_dir(settings, source, day)
    pages = _timed(report, "pages", lambda: write_pages(source, items, directory, report))
    report.pages += len(pages)
    _timed(
        report, "extract", lambda: (stages.extract_stage(settings, directory), keep_in_range(directory, dates, report))
    )
    translated = _timed(report, "translate", lambda: stages.translate_stage(settings, directory))
    # the load's dedup features, computed here in the worker so that the single writer only reads them
    features = _timed(report, "features", lambda: prepare_features(directory, translated["artifacts"]))
    release = getattr(source, "release", None)
    if release is not None:  # e.g. the sitemap source's HTTP client and WARC file
        release()
    handed_on = {
        **translated["artifacts"],
        **features,
        **handed(
            pages=directory / stages.PAGES, discovered=directory / DISCOVERED, page_events=directory / PAGE_EVENTS
        ),
    }
    return report, handed_on


def finish_partition(
    settings: Settings, source: Source, day: date, report: BackfillReport, inputs: Artifacts | None = None
) -> None:
    """Dedup and load in the ingest's one transaction, frontier included — in day order, in one process (the
    warehouse has one writer)."""
    from pipeline import stages

    directory = partition_dir(settings, source, day)
    summary = _timed(
        report,
        "load",
        lambda: stages.load_stage(
            settings,
            directory,
            directory.name,
            inputs=inputs,
            frontier_source="backfill",
            align_pairs=settings.backfill_align,
            totals=False,  # per day, a scan of two whole tables on PostgreSQL; the backfill reports its own counts
        ),
    )
    counts = {k: summary.get(k, 0) for k in ("inserted", "updated", "revised", "unchanged")}
    report.articles += sum(counts.values())
    report.load.update(counts)
    clear_scratch(directory)


def clear_scratch(directory: RunPath) -> None:
    """A loaded partition keeps only its summaries (the resume marker): its pages and records are in the warehouse
    now, and a 100,000-article backfill would otherwise leave gigabytes of HTML behind."""
    from pipeline import stages

    remove_tree(directory / stages.PAGES_DIR)
    for name in SCRATCH_FILES:
        (directory / name).unlink(missing_ok=True)


def run_partition(
    settings: Settings, source: Source, day: date, items: list[Any], dates: DateRange, report: BackfillReport
) -> None:
    """The ingest's stages over one day partition, in this process (what one mapped DAG task does)."""
    report.merge(prepare_partition(settings, source, day, items, dates))
    finish_partition(settings, source, day, report)


def run_backfill(
    settings: Settings, source: Source, dates: DateRange, *, progress: bool = True, workers: int | None = None
) -> BackfillReport:
    """Plan the partitions, then run each not yet done, oldest first, with a progress bar and an ETA.

    With ``workers`` > 1 (default ``settings.backfill_workers``), that many processes prepare upcoming partitions
    while this one deduplicates and loads, in day order, the ones ready — so the CPU-bound extraction of day d+1
    overlaps the dedup and load of day d, and every result is the same as a sequential run's.
    """
    report = BackfillReport()
    started = time.perf_counter()
    migrate_warehouse(settings)  # planning migrates, as the ingest's plan_feeds does; the load never issues DDL
    partitions = plan_partitions(settings, source, source.partitions(dates), report)
    forget_indexes()  # the chosen items hold what the run needs of the archives' indexes
    report.stage_seconds["plan"] = time.perf_counter() - started
    todo = sorted(partitions)
    workers = settings.backfill_workers if workers is None else workers
    total = sum(len(partitions[day]) for day in todo)
    with tqdm(total=total, desc="backfill", unit="page", disable=not progress, smoothing=0.1) as bar:
        if workers <= 1 or len(todo) <= 1:
            for day in todo:
                bar.set_postfix_str(day.isoformat())
                run_partition(settings, source, day, partitions[day], dates, report)
                bar.update(len(partitions[day]))
        else:
            _run_overlapped(settings, source, dates, partitions, todo, workers, report, bar)
    log.info("backfill %s: %s", source.name, report.as_dict())
    return report


def _run_overlapped(
    settings: Settings,
    source: Source,
    dates: DateRange,
    partitions: dict[date, list[Any]],
    todo: list[date],
    workers: int,
    report: BackfillReport,
    bar: tqdm,
) -> None:
    # spawn, not fork: the parent may hold threads (tqdm) and engine handles that a forked child must not inherit
    context = multiprocessing.get_context("spawn")
    ahead = workers + 1  # partitions prepared ahead of the one being loaded: bounds memory and scratch disk
    sizes = {day: len(partitions[day]) for day in todo}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[date, Future[BackfillReport]] = {}
        for index, day in enumerate(todo):
            for upcoming in todo[index : index + ahead]:
                if upcoming in partitions:  # not handed to a worker yet
                    # handed over, the day's items are the worker's: this process keeps no copy for the run's hours
                    items = partitions.pop(upcoming)
                    futures[upcoming] = pool.submit(prepare_partition, settings, source, upcoming, items, dates)
            bar.set_postfix_str(day.isoformat())
            report.merge(futures.pop(day).result())
            finish_partition(settings, source, day, report)
            bar.update(sizes[day])


# --- the DAG's view: plan once, then one mapped task per day (pipeline.backfill.dag_tasks wraps these) ----------


def source_from(settings: Settings, archives: list[str] | list[Path] | None, sitemap: str | None) -> Source:
    """The source a CLI call or a DAG run names (exactly one of ``archives`` / ``sitemap``)."""
    from pipeline.backfill.sitemap import SitemapBackfill
    from pipeline.backfill.warc import WarcBackfill

    if bool(archives) == bool(sitemap):
        raise ValueError("name exactly one backfill source: archive path(s) or a sitemap URL")
    if archives:
        return WarcBackfill([location(a) for a in archives], settings.allowed_hosts)
    return SitemapBackfill(str(sitemap), settings)


def plan_days(settings: Settings, source: Source, dates: DateRange) -> list[dict[str, str]]:
    """Partition the source and write each day's items as JSON Lines in its directory; returns, per day still to do,
    the day (ISO) and its items file — what the mapped ``prepare`` task is handed. Migrates first (the DAG's one
    task that may, like the ingest's ``plan_feeds``)."""
    migrate_warehouse(settings)
    todo = []
    for day, items in sorted(plan_partitions(settings, source, source.partitions(dates), BackfillReport()).items()):
        path = partition_dir(settings, source, day) / ITEMS_FILE
        path.write_text("".join(json.dumps(source.dump_item(i)) + "\n" for i in items), encoding="utf-8")
        todo.append({"day": day.isoformat(), "items": str(path)})
    return todo


def read_items(source: Source, path: RunPath) -> list[Any]:
    return [source.load_item(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]


def prepare_day(settings: Settings, source: Source, planned: dict[str, str], dates: DateRange) -> dict[str, Any]:
    """One mapped task: the planned day's pages → extract → translate (no warehouse writes). Returns the day, its
    counts and the artifacts the ``load`` task is handed."""
    day = planned["day"]
    directory = partition_dir(settings, source, date.fromisoformat(day))
    if is_done(directory):
        return {"day": day, "done_before": True}
    items = read_items(source, location(planned["items"]))
    report, artifacts = _prepare(settings, source, date.fromisoformat(day), items, dates)
    return {"day": day, **report.as_dict(), "artifacts": artifacts}


def finish_day(settings: Settings, source: Source, prepared: dict[str, Any]) -> dict[str, Any]:
    """One mapped task: dedup + load of a prepared day (idempotent; a day already loaded is left as it is)."""
    day = prepared["day"]
    directory = partition_dir(settings, source, date.fromisoformat(day))
    if is_done(directory):
        return {"day": day, "done_before": True}
    report = BackfillReport()
    finish_partition(settings, source, date.fromisoformat(day), report, prepared.get("artifacts"))
    return {"day": day, **report.as_dict()}
