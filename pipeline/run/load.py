"""The load: one transaction that validates, decides and writes everything a run learnt; then the checks.

Story linking reads the dedup index and writes it inside the same transaction as the articles, the translation
cache, the feed state, the frontier and the quarantine (nothing decided earlier is carried over: no pickle, no stale
window). A record that breaks a schema limit is quarantined first, so no single record can fail the transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from pipeline.config import Settings
from pipeline.models import (
    GONE_OUTCOMES,
    Article,
    ArticleRef,
    ArticleTranslation,
    FeedState,
    FetchAttempt,
    FetchEvent,
    Page,
    Quarantined,
)
from pipeline.run.artifacts import (
    ATTEMPTS,
    DISCOVERED,
    EVENTS_DIR,
    EXTRACTED,
    FEEDS_DIR,
    LEASED_ELSEWHERE,
    PAGES,
    QUARANTINE,
    TRANSLATED,
    Artifacts,
    artifact,
    handed,
    handed_parts,
    now,
    open_warehouse,
    read_optional,
    read_parts,
    record_summary,
    write_quarantine,
)
from pipeline.run.storage import RunPath, location
from pipeline.run.translate import staged_cache
from pipeline.run.validate import Limits, split_articles
from pipeline.runfiles import write_jsonl

if TYPE_CHECKING:
    from pipeline.dedup.features import DocumentFeatures
    from pipeline.warehouse import Warehouse
    from pipeline.warehouse.frontier import Source

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

#: The run file of precomputed dedup features (:class:`pipeline.dedup.features.FeatureRecord`), handed to the load
#: as the artifact ``dedup_features``; without it (the ingest DAG) the load computes them itself.
DEDUP_FEATURES = "dedup.features.jsonl"


class DataQualityError(RuntimeError):
    """A data-quality check failed; the message is the readable report."""


def _feed_states(run_dir: RunPath, inputs: Artifacts | None) -> list[FeedState]:
    if inputs and "feed_states" in inputs:
        return read_optional(location(inputs["feed_states"]), FeedState)
    return [
        FeedState.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted((run_dir / FEEDS_DIR).glob("*.state.json"))
    ]


def _events(run_dir: RunPath, inputs: Artifacts | None) -> list[FetchEvent]:
    handed_over = [location(inputs[k]) for k in ("feed_events", "page_events") if inputs and k in inputs]
    paths = handed_over or sorted((run_dir / EVENTS_DIR).glob("*.jsonl"))
    return [e for p in paths for e in read_optional(p, FetchEvent)]


def _parts(run_dir: RunPath, inputs: Artifacts | None, name: str, model: type[M]) -> list[M]:
    """A run file's parts as handed over by the upstream tasks; without hand-offs, the run directory's parts."""
    paths = handed_parts(inputs, name)
    if not paths:
        return read_parts(run_dir, name, model)
    return [record for path in paths for record in read_optional(path, model)]


def with_translations(articles: list[Article], translations: list[ArticleTranslation]) -> list[Article]:
    """The extracted articles with what the translate stage added (an article it did not reach keeps none)."""
    by_key = {t.key: t.translation for t in translations}
    return [a.model_copy(update={"translation": by_key[a.key]}) if a.key in by_key else a for a in articles]


def _articles(
    run_dir: RunPath, inputs: Artifacts | None, articles_file: str = EXTRACTED, translations_file: str = TRANSLATED
) -> list[Article]:
    """The articles the load loads: the extracted ones with their translations."""
    articles = read_optional(artifact(inputs, "articles", run_dir / articles_file), Article)
    translations = read_optional(artifact(inputs, "translations", run_dir / translations_file), ArticleTranslation)
    return with_translations(articles, translations)


def prepare_features(run_dir: RunPath, inputs: Artifacts | None = None) -> Artifacts:
    """Compute the dedup features of the articles the load will load and write them as a run file (a backfill's
    worker processes do this after translate, so the single-writer load only reads them). Returns the artifact."""
    from pipeline.dedup.features import FeatureRecord, article_features

    path = run_dir / DEDUP_FEATURES
    write_jsonl(path, [FeatureRecord.of(article_features(a)) for a in _articles(run_dir, inputs) if a.body.strip()])
    return handed(dedup_features=path)


def _precomputed_features(run_dir: RunPath, inputs: Artifacts | None) -> dict[str, DocumentFeatures]:
    """The features the prepare step computed (handed over, else in the run directory); none for the ingest."""
    from pipeline.dedup.features import FeatureRecord

    records = read_optional(artifact(inputs, "dedup_features", run_dir / DEDUP_FEATURES), FeatureRecord)
    return {record.key: record.features() for record in records}


#: The table whose lookups need planner statistics (band keys behind expression indexes, story ids, the window);
#: the load's other lookups go by primary key, which the planner answers by index without them.
LOOKUP_TABLES = ("dedup_documents",)


@contextmanager
def load_transaction(settings: Settings) -> Iterator[Warehouse]:
    """The warehouse, its planner statistics brought up to date (``Warehouse.refresh_statistics``: autovacuum's
    rule, in case autovacuum is off or behind), then the load's one transaction."""
    with open_warehouse(settings) as wh:
        wh.refresh_statistics(LOOKUP_TABLES)
        with wh.transaction():
            yield wh


def load_stage(
    settings: Settings,
    run_dir: RunPath,
    run_id: str,
    articles_file: str = EXTRACTED,
    inputs: Artifacts | None = None,
    translations_file: str = TRANSLATED,
    frontier_source: Source | None = None,
    rescore_translations: bool = False,
    align_pairs: bool = True,
    totals: bool = True,
) -> dict[str, Any]:
    """Everything the run learnt, committed in one transaction: all of it or nothing.

    A replay writes no feed state and no frontier rows (the live feeds' memory is not a replay's business); a live
    run records its feeds' references as ``source='feed'``, a backfill partition (``frontier_source='backfill'``)
    records its own from the same run files (discoveries, attempts, pages).
    Known articles whose re-check answered 404/410 end as ``retracted`` in the frontier; the summary lists them.
    ``totals=False`` leaves the warehouse-wide counts (``articles_total``, ``frontier_total``) out of the summary:
    on PostgreSQL each is a scan of a whole table, which a backfill's hundreds of day partitions would repeat.
    """
    from pipeline.align import align_linked_pairs
    from pipeline.dedup import link_stories, persist_dedup
    from pipeline.warehouse.frontier import Frontier, RetryPolicy, RunOutcome, save_quarantine
    from pipeline.warehouse.leases import release

    articles = _articles(run_dir, inputs, articles_file, translations_file)
    features = _precomputed_features(run_dir, inputs)
    articles, held_now = split_articles(articles, Limits.from_settings(settings), "load")
    write_quarantine(run_dir, "load", held_now)
    # handed over: upstream's parts plus the load's own; otherwise the run directory's parts (the load's included)
    held = (
        [*_parts(run_dir, inputs, QUARANTINE, Quarantined), *held_now]
        if handed_parts(inputs, QUARANTINE)
        else (read_parts(run_dir, QUARANTINE, Quarantined))
    )
    source = frontier_source or ("feed" if settings.source == "live" else None)
    tracked = source is not None
    states = _feed_states(run_dir, inputs) if source == "feed" else []
    discovered = read_optional(artifact(inputs, "discovered", run_dir / DISCOVERED), ArticleRef) if tracked else []
    elsewhere = read_optional(artifact(inputs, "elsewhere", run_dir / LEASED_ELSEWHERE), ArticleRef) if tracked else []
    attempts = _parts(run_dir, inputs, ATTEMPTS, FetchAttempt) if tracked else []
    fetched = (
        {page.ref.key for page in read_optional(artifact(inputs, "pages", run_dir / PAGES), Page)} if tracked else set()
    )
    events, cache = _events(run_dir, inputs), staged_cache(run_dir, inputs)
    at = now()
    with load_transaction(settings) as wh:
        dedup = link_stories(articles, wh, features=features)
        stats = wh.load_articles(articles, run_id=run_id)
        persist_dedup(wh, dedup)
        # Sentence alignment of the run's linked id/en pairs (the parallel corpus); a backfill may leave it out.
        aligned = align_linked_pairs(wh, [a.key for a in articles]) if articles and align_pairs else None
        if rescore_translations:  # a retranslation: score the new model revision on the pairs already aligned
            from pipeline.align import rescore

            rescore(wh)
        if states:
            from pipeline.feeds import load_registry

            wh.save_feeds(load_registry(settings.feeds_file))
            wh.save_feed_states(states)
        wh.log_fetches(events)
        store = wh.translation_cache()
        for model_key, pairs in cache.items():
            store.put_many(model_key, pairs)
        quarantined = save_quarantine(wh, run_id, held, at)
        retracted: list[str] = []
        frontier: dict[str, int] = {}
        if tracked:
            gone = [a.key for a in attempts if a.outcome in GONE_OUTCOMES]
            retracted = sorted(wh.known_articles(gone))
            if retracted:
                wh.mark_retracted(retracted, at, run_id)
            loaded = [a.key for a in articles if a.key in fetched]  # a retranslation is no fetch
            outcome = RunOutcome(discovered, attempts, loaded, held, retracted, source, elsewhere)
            frontier = Frontier(wh).record_run(outcome, at, RetryPolicy.from_settings(settings))
        release(wh, run_id)  # what this run fetched is in the frontier now: no other run is kept from it
        totals_now = {"frontier_total": Frontier(wh).status(), "articles_total": wh.count("articles")} if totals else {}
    log.info("%s", dedup.summary())
    summary = {
        **stats.as_dict(),
        "near_duplicates": dedup.near_duplicates,
        "crosslingual": dedup.crosslingual,
        "stories_new": dedup.stories_new,
        "sentence_pairs": aligned.links if aligned else 0,
        "feed_states": len(states),
        "fetch_events": len(events),
        "cache_entries": sum(len(p) for p in cache.values()),
        "quarantined": quarantined,
        "retracted": retracted,
        "frontier": frontier,
        **totals_now,
    }
    return record_summary(run_dir, "load", summary)


def release_leases(settings: Settings, run_id: str) -> None:
    """A run that failed before its load frees the keys it leased at once, so the next run need not wait for the
    leases to expire; when even that fails (the warehouse is down) they expire after ``ANTARA_LEASE_MINUTES``."""
    from pipeline.warehouse.leases import release

    try:
        with open_warehouse(settings) as wh, wh.transaction():
            release(wh, run_id)
    except Exception as exc:  # the run's own error is the one to report
        log.warning("could not release run %s's frontier leases (%s); they expire on their own", run_id, exc)


def checks_stage(settings: Settings, run_dir: RunPath, run_id: str) -> dict[str, Any]:
    """Data-quality checks over the warehouse; raises with a readable report when one fails.

    The report is kept in ``check_results`` first (a failed run's checks are the ones the dashboard must show).
    """
    from pipeline.align import revision_regression
    from pipeline.warehouse.check_results import save_check_report
    from pipeline.warehouse.checks import CheckThresholds, run_checks

    with open_warehouse(settings) as wh:
        thresholds = CheckThresholds(min_translation_coverage=settings.check_min_translation_coverage)
        report = run_checks(wh, thresholds, run_id=run_id)
        # Our MT against ANTARA's own translators (the parallel corpus): a new model revision must not score worse.
        report.results.append(revision_regression(wh))
        with wh.transaction():
            save_check_report(wh, report, run_id)
    log.info("checks:\n%s", report.render())
    record_summary(run_dir, "checks", {"ok": report.ok})
    if not report.ok:
        raise DataQualityError(report.render())
    return {"ok": True}
