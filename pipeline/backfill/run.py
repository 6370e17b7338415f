"""One backfill, day partition by day partition, through the very stages (and load) of the ingest run.

A partition is a run directory ``<runs>/backfill__<source>__<day>``: its pages are written there exactly as the live
``fetch_pages`` writes them (``pages.jsonl`` + ``pages/*.html``), then ``pipeline.stages`` runs ``extract_stage`` →
(publication-date filter) → ``language_stage`` → ``translate_stage`` → ``dedup_stage`` → ``load_stage`` on it.

* Resumable: a partition whose load summary exists is done and skipped; inside an interrupted partition, pages
  already written (``pages.jsonl`` is appended page by page) are not fetched again.
* Idempotent: the load is the ingest's idempotent load, so re-running a partition changes nothing.
* The data-quality checks are not run per partition (a backfill with translation off would fail the translation
  coverage check by design); run ``python -m pipeline.warehouse check`` (or the ingest's checks) afterwards.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

from pipeline.backfill.dates import DateRange
from pipeline.config import Settings
from pipeline.fetch.stages import write_page
from pipeline.fetch.types import FetchError
from pipeline.models import Article, Page, Skipped
from pipeline.runfiles import read_jsonl, run_dir, write_jsonl

log = logging.getLogger(__name__)

#: The stage functions of ``pipeline.stages`` a partition runs, in order (the names the report uses).
STAGES = ("plan", "pages", "extract", "language", "translate", "dedup", "load")


class Source(Protocol):
    """A backfill source: day partitions of items, and each item's page."""

    @property
    def name(self) -> str: ...
    def partitions(self, dates: DateRange) -> dict[date, list[Any]]: ...
    def page(self, item: Any) -> Any: ...  # .final_url, .status, .fetched_at, .text; raises FetchError


@dataclass
class BackfillReport:
    """What a backfill did, per partition and in total, with each stage's wall time."""

    partitions: int = 0
    partitions_skipped: int = 0
    pages: int = 0
    articles: int = 0
    out_of_range: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    load: Counter[str] = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "partitions": self.partitions,
            "partitions_skipped": self.partitions_skipped,
            "pages": self.pages,
            "articles": self.articles,
            "out_of_range": self.out_of_range,
            "skipped": dict(sorted(self.skipped.items())),
            "load": dict(sorted(self.load.items())),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
        }


def partition_dir(settings: Settings, source: Source, day: date) -> Path:
    return run_dir(settings.runs_dir, f"backfill__{source.name}__{day.isoformat()}")


def is_done(directory: Path) -> bool:
    return (directory / "summaries" / "load.json").exists()


def write_pages(source: Source, items: list[Any], directory: Path, report: BackfillReport) -> list[Page]:
    """Each item's page into the partition (appending, so an interrupted partition resumes where it stopped)."""
    from pipeline import stages

    listing = directory / stages.PAGES
    done = {page.ref.key: page for page in read_jsonl(listing, Page)} if listing.exists() else {}
    pages: list[Page] = []
    skipped: list[Skipped] = []
    with listing.open("a", encoding="utf-8") as out:
        for item in items:
            if item.ref.key in done:
                pages.append(done[item.ref.key])
                continue
            try:
                fetched = source.page(item)
            except FetchError as exc:
                skipped.append(Skipped(stage="backfill", url=item.ref.url, reason=exc.reason))
                continue
            page = write_page(
                item.ref,
                directory / stages.PAGES_DIR,
                final_url=fetched.final_url,
                status=fetched.status,
                at=fetched.fetched_at,
                text=fetched.text,
            )
            out.write(page.model_dump_json() + "\n")
            out.flush()
            pages.append(page)
    report.skipped.update(s.reason for s in skipped)
    if skipped:
        write_jsonl(directory / "backfill.skipped.jsonl", skipped)
    return pages


def keep_in_range(directory: Path, dates: DateRange, report: BackfillReport) -> None:
    """Drop extracted articles published outside the range (partitions are chosen before dates are known)."""
    from pipeline import stages

    path = directory / stages.EXTRACTED
    articles = list(read_jsonl(path, Article))
    kept = [a for a in articles if dates.contains(a.published_at)]
    report.out_of_range += len(articles) - len(kept)
    if len(kept) != len(articles):
        write_jsonl(path, kept)


def run_partition(
    settings: Settings, source: Source, day: date, items: list[Any], dates: DateRange, report: BackfillReport
) -> None:
    """The ingest's stages over one day partition."""
    from pipeline import stages

    directory = partition_dir(settings, source, day)
    run_id = directory.name

    def timed(stage: str, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        result = call()
        report.stage_seconds[stage] += time.perf_counter() - started
        return result

    pages = timed("pages", lambda: write_pages(source, items, directory, report))
    report.pages += len(pages)
    timed("extract", lambda: (stages.extract_stage(settings, directory), keep_in_range(directory, dates, report)))
    timed("language", lambda: stages.language_stage(settings, directory))
    timed("translate", lambda: stages.translate_stage(settings, directory))
    timed("dedup", lambda: stages.dedup_stage(settings, directory))
    summary = timed("load", lambda: stages.load_stage(settings, directory, run_id))
    report.articles += sum(summary.get(k, 0) for k in ("inserted", "updated", "revised", "unchanged"))
    report.load.update({k: summary.get(k, 0) for k in ("inserted", "updated", "revised", "unchanged")})


def run_backfill(settings: Settings, source: Source, dates: DateRange, *, progress: bool = True) -> BackfillReport:
    """Plan the partitions, then run each not yet done, oldest first, with a progress bar and an ETA."""
    report = BackfillReport()
    started = time.perf_counter()
    partitions = source.partitions(dates)
    report.stage_seconds["plan"] = time.perf_counter() - started
    total = sum(len(items) for items in partitions.values())
    with tqdm(total=total, desc="backfill", unit="page", disable=not progress, smoothing=0.1) as bar:
        for day in sorted(partitions):
            items = partitions[day]
            report.partitions += 1
            if is_done(partition_dir(settings, source, day)):
                report.partitions_skipped += 1
                bar.update(len(items))
                continue
            bar.set_postfix_str(day.isoformat())
            run_partition(settings, source, day, items, dates, report)
            bar.update(len(items))
    log.info("backfill %s: %s", source.name, report.as_dict())
    return report
