"""The pipeline's stages, shared by the Airflow DAG and the CLI.

Each stage reads its inputs from the run directory, writes its outputs there as JSON Lines and
returns a small JSON-serialisable summary (paths and counts) — exactly what XCom carries. Only
``load`` writes to the warehouse; every other stage at most reads from it briefly, so an embedded
DuckDB file never has two writers (the warehouse also holds a file lock while open).
"""

from __future__ import annotations

import json
import logging
import pickle
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import WAREHOUSE_CONN_ID, Settings
from pipeline.models import (
    Article,
    ArticleRef,
    Extracted,
    Feed,
    FeedItem,
    FeedState,
    FetchEvent,
    Page,
    PageKind,
    Skipped,
)
from pipeline.runfiles import prune_runs, read_jsonl, write_jsonl
from pipeline.urls import parse_article_url

if TYPE_CHECKING:
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)

# File names inside a run directory: one place, so the DAG, the CLI and the tests agree.
FEEDS_DIR = "feeds"
EVENTS_DIR = "events"
PAGES_DIR = "pages"
REFS = "refs.jsonl"
PAGES = "pages.jsonl"
EXTRACTED = "articles.extracted.jsonl"
IDENTIFIED = "articles.lang.jsonl"
TRANSLATED = "articles.translated.jsonl"
DEDUPED = "articles.dedup.jsonl"
DEDUP_RESULT = "dedup.pickle"
NEW_CACHE = "translation_cache.new.jsonl"
SKIPPED = "skipped.jsonl"
BACKLOG = "articles.backlog.jsonl"
RETRANSLATED = "articles.retranslated.jsonl"


def open_warehouse(settings: Settings) -> Warehouse:
    """The configured warehouse. Inside Airflow, PostgreSQL goes through the provider's hook (so
    OpenLineage sees the load) when the ``antara_warehouse`` connection exists; otherwise by URI."""
    from pipeline.warehouse import Warehouse

    if settings.warehouse_from_airflow:
        from airflow.sdk.exceptions import AirflowNotFoundException

        try:
            return Warehouse.from_airflow(WAREHOUSE_CONN_ID)
        except AirflowNotFoundException:
            log.info("no Airflow connection %r: using %s", WAREHOUSE_CONN_ID, settings.resolved_warehouse_uri)
    return Warehouse.open(settings.resolved_warehouse_uri)


def _now() -> datetime:
    return datetime.now(UTC)


def _append_skipped(run_dir: Path, skipped: list[Skipped]) -> None:
    """Skipped records from every stage accumulate in one file for the run report."""
    if not skipped:
        return
    with (run_dir / SKIPPED).open("a", encoding="utf-8") as fh:
        for record in skipped:
            fh.write(record.model_dump_json() + "\n")


def record_summary(run_dir: Path, stage: str, summary: dict[str, Any]) -> dict[str, Any]:
    """Keep each stage's summary in the run directory too, for the CLI's report and post-mortems."""
    out = run_dir / "summaries"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{stage}.json").write_text(json.dumps(summary, sort_keys=True, default=str), encoding="utf-8")
    log.info("%s: %s", stage, json.dumps(summary, sort_keys=True, default=str))
    return summary


def read_summaries(run_dir: Path) -> dict[str, dict[str, Any]]:
    out = run_dir / "summaries"
    return (
        {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.json"))} if out.exists() else {}
    )


def failed_feeds(run_dir: Path) -> list[dict[str, Any]]:
    """Summaries of the feeds whose fetch failed in this run (each names the feed, its URL and the cause)."""
    return [s for name, s in read_summaries(run_dir).items() if name.startswith("fetch_feed.") and s.get("error")]


def _reasons(skipped: list[Skipped]) -> dict[str, int]:
    return dict(Counter(s.reason.split(":")[0] if s.reason.startswith("media:") else s.reason for s in skipped))


# --------------------------------------------------------------------------------------------- feeds
def plan_feeds(settings: Settings, run_dir: Path) -> list[dict[str, Any]]:
    """The registry's feeds, one small dict each for the mapped fetches (what XCom carries).

    Each feed's remembered state (validators, body digest, health) goes to the run directory, so
    the mapped fetches need no warehouse. Each run starts here, so old run directories are pruned here.
    """
    from pipeline.feeds import load_registry

    prune_runs(settings.runs_dir, settings.keep_runs_days, keep=run_dir)
    feeds = load_registry(settings.feeds_file)
    with open_warehouse(settings) as wh:
        states = wh.feed_states()
    out = run_dir / FEEDS_DIR
    out.mkdir(parents=True, exist_ok=True)
    for feed in feeds:
        if feed.name in states:
            (out / f"{feed.name}.previous.json").write_text(states[feed.name].model_dump_json(), encoding="utf-8")
    log.info("%d feeds in %s (%d with a remembered state)", len(feeds), settings.feeds_file, len(states))
    return [{"feed": feed.model_dump(mode="json")} for feed in feeds]


def fetch_feed_stage(settings: Settings, run_dir: Path, run_id: str, planned: dict[str, Any]) -> dict[str, Any]:
    """Fetch and parse one feed; its items and new state go to ``feeds/<name>.*`` in the run dir.

    The state file is written even when the feed failed, so the load records the failure; the
    caller turns ``error`` into a failed mapped task instance that names the feed.
    """
    from pipeline.fetch import fetch_feed, open_source

    feed = Feed.model_validate(planned["feed"])
    previous = run_dir / FEEDS_DIR / f"{feed.name}.previous.json"
    state = FeedState.model_validate_json(previous.read_text(encoding="utf-8")) if previous.exists() else None
    with open_source(settings, run_id) as source:
        result = fetch_feed(feed, source, state, now=_now(), settings=settings)
        events = list(source.events)
    out = run_dir / FEEDS_DIR
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / f"{feed.name}.items.jsonl", result.items)
    (out / f"{feed.name}.state.json").write_text(result.state.model_dump_json(), encoding="utf-8")
    write_jsonl(run_dir / EVENTS_DIR / f"feed-{feed.name}.jsonl", events)
    _append_skipped(run_dir, result.skipped)
    summary = {
        "feed": feed.name,
        "url": feed.url,
        "items": len(result.items),
        "skipped": len(result.skipped),
        "skipped_reasons": _reasons(result.skipped),
        "unchanged": result.unchanged,
        "error": result.error,
    }
    return record_summary(run_dir, f"fetch_feed.{feed.name}", summary)


def collect_stage(settings: Settings, run_dir: Path) -> dict[str, Any]:
    """Merge all feeds' items on the article key and drop what needs no fetching."""
    from pipeline.feeds import collect_refs

    items: list[FeedItem] = []
    for path in sorted((run_dir / FEEDS_DIR).glob("*.items.jsonl")):
        items.extend(read_jsonl(path, FeedItem))
    keys = sorted({ident.key for item in items if (ident := parse_article_url(item.url))})
    with open_warehouse(settings) as wh:
        known = wh.known_articles(keys)
    refs, skipped = collect_refs(
        items,
        allowed_hosts=settings.allowed_hosts,
        known=known,
        recheck_after=timedelta(hours=settings.recheck_after_hours),
        now=_now(),
    )
    write_jsonl(run_dir / REFS, refs)
    _append_skipped(run_dir, skipped)
    summary = {
        "items": len(items),
        "articles": len(refs),
        "skipped": len(skipped),
        "skipped_reasons": _reasons(skipped),
    }
    return record_summary(run_dir, "collect", summary)


# --------------------------------------------------------------------------------------------- pages
def fetch_pages_stage(settings: Settings, run_dir: Path, run_id: str) -> dict[str, Any]:
    from pipeline.fetch import fetch_pages, open_source

    refs = list(read_jsonl(run_dir / REFS, ArticleRef))
    with open_source(settings, run_id) as source:
        pages, skipped = fetch_pages(refs, source, run_dir / PAGES_DIR)
        events = list(source.events)
    write_jsonl(run_dir / PAGES, pages)
    write_jsonl(run_dir / EVENTS_DIR / "pages.jsonl", events)
    _append_skipped(run_dir, skipped)
    summary = {
        "requested": len(refs),
        "fetched": len(pages),
        "skipped": len(skipped),
        "skipped_reasons": _reasons(skipped),
    }
    return record_summary(run_dir, "fetch_pages", summary)


def article_from_page(page: Page, extracted: Extracted) -> Article:
    """Combine what the feed said, what the fetch saw and what extraction found into one record."""
    from pipeline.dedup import content_hash

    ident = parse_article_url(page.ref.url)
    if ident is None:  # collect_refs only passes article URLs; a failure here is a bug, not bad input
        raise ValueError(f"not an article URL: {page.ref.url}")
    categories = sorted({*page.ref.categories, *([extracted.category] if extracted.category else [])})
    body = extracted.body or ""
    return Article(
        **ident.article_fields,
        lang=page.ref.lang,
        categories=categories,
        category=extracted.category or (page.ref.categories[0] if page.ref.categories else None),
        subcategory=extracted.subcategory,
        feeds=page.ref.feeds,
        title=extracted.title or page.ref.feed_title or "",
        body=body,
        published_at=extracted.published_at or page.ref.feed_published_at,
        published_at_source=extracted.published_at_source or ("feed" if page.ref.feed_published_at else None),
        published_at_disagreement_s=extracted.published_at_disagreement_s,
        fetched_at=page.fetched_at,
        reporter=extracted.reporter,
        editor=extracted.editor,
        translator=extracted.translator,
        tags=extracted.tags,
        image_url=extracted.image_url,
        image_caption=extracted.image_caption,
        word_count=extracted.word_count,
        content_hash=content_hash(body),
    )


def extract_stage(settings: Settings, run_dir: Path) -> dict[str, Any]:
    from pipeline.extract import extract_page

    articles: list[Article] = []
    skipped: list[Skipped] = []
    kinds: Counter[str] = Counter()
    for page in read_jsonl(run_dir / PAGES, Page):
        html = Path(page.html_path).read_text(encoding="utf-8")
        category = page.ref.categories[0] if page.ref.categories else None
        extracted = extract_page(html, page.final_url, feed_published_at=page.ref.feed_published_at, category=category)
        kinds[extracted.kind.value] += 1
        if extracted.kind is not PageKind.ARTICLE or not extracted.body:
            reason = f"not_article:{extracted.kind.value}" + (
                f" ({extracted.skip_reason})" if extracted.skip_reason else ""
            )
            log.info("skipping %s: %s", page.ref.url, reason)
            skipped.append(Skipped(stage="extract", url=page.ref.url, reason=reason))
            continue
        articles.append(article_from_page(page, extracted))
    write_jsonl(run_dir / EXTRACTED, articles)
    _append_skipped(run_dir, skipped)
    summary = {"pages": sum(kinds.values()), "articles": len(articles), "kinds": dict(kinds), "skipped": len(skipped)}
    return record_summary(run_dir, "extract", summary)


# --------------------------------------------------------------------------------------------- language
def language_stage(settings: Settings, run_dir: Path) -> dict[str, Any]:
    from pipeline.language import identify_articles

    articles = list(read_jsonl(run_dir / EXTRACTED, Article))
    mismatches = identify_articles(articles)
    write_jsonl(run_dir / IDENTIFIED, articles)
    summary = {
        "articles": len(articles),
        "detected": dict(Counter(a.detected_lang or "unknown" for a in articles)),
        "edition_mismatches": mismatches,
    }
    return record_summary(run_dir, "language", summary)


# --------------------------------------------------------------------------------------------- translate
class StagedCache:
    """Translation cache that reads the warehouse but stages new entries in the run directory.

    New translations reach the warehouse with the run's load, in the same transaction as the
    articles, so the translate task never needs to write to (and lock) the warehouse.
    """

    def __init__(self, settings: Settings, staged: Path) -> None:
        self.settings = settings
        self.staged = staged
        self.new: dict[str, dict[str, str]] = {}

    def get_many(self, model_key: str, sources: list[str]) -> dict[str, str]:
        staged = self.new.get(model_key, {})
        found = {s: staged[s] for s in sources if s in staged}
        missing = [s for s in sources if s not in found]
        if missing:
            with open_warehouse(self.settings) as wh:
                found.update(wh.translation_cache().get_many(model_key, missing))
        return found

    def put_many(self, model_key: str, pairs: dict[str, str]) -> None:
        self.new.setdefault(model_key, {}).update(pairs)

    def flush(self) -> int:
        rows = [{"model_key": m, "source": s, "target": t} for m, pairs in self.new.items() for s, t in pairs.items()]
        with self.staged.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return len(rows)


def backlog_stage(settings: Settings, run_dir: Path, limit: int) -> dict[str, Any]:
    """Articles whose translation is pending, failed or by another model than the configured one."""

    current = {"id-en": settings.mt_model("id", "en"), "en-id": settings.mt_model("en", "id")}
    with open_warehouse(settings) as wh:
        articles = wh.articles_needing_translation(current, limit)
    write_jsonl(run_dir / BACKLOG, articles)
    summary = {"articles": len(articles), "limit": limit, "by_status": dict(Counter(_status(a) for a in articles))}
    return record_summary(run_dir, "backlog", summary)


def _status(article: Article) -> str:
    return article.translation.status.value if article.translation else "none"


def translate_stage(
    settings: Settings, run_dir: Path, source: str = IDENTIFIED, target: str = TRANSLATED
) -> dict[str, Any]:
    """Translate every article of ``source`` (a run file) into its other language, writing ``target``."""
    from pipeline.translate import translate_articles

    articles = list(read_jsonl(run_dir / source, Article))
    cache = StagedCache(settings, run_dir / NEW_CACHE)
    report = translate_articles(articles, settings, cache)
    staged = cache.flush()
    write_jsonl(run_dir / target, articles)
    log.info("translate: %s", report.summary())
    return record_summary(run_dir, "translate", {**report.model_dump(), "cache_entries_staged": staged})


# --------------------------------------------------------------------------------------------- dedup
def dedup_stage(settings: Settings, run_dir: Path, source: str = TRANSLATED, target: str = DEDUPED) -> dict[str, Any]:
    """Link near duplicates and the other edition's reports (read-only; the load persists the result).

    Re-translated articles pass through here again: their fresh translation can confirm a
    cross-lingual link that anchors alone could not.
    """
    from pipeline.dedup import link_stories

    articles = list(read_jsonl(run_dir / source, Article))
    with open_warehouse(settings) as wh:
        result = link_stories(articles, wh)
    write_jsonl(run_dir / target, articles)
    # The result holds MinHash signatures (numpy arrays): pickled, it reaches the load task intact.
    (run_dir / DEDUP_RESULT).write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    log.info("%s", result.summary())
    counts = {"near_duplicates": result.near_duplicates, "crosslingual": result.crosslingual}
    return record_summary(run_dir, "dedup", {"articles": len(articles), "stories_new": result.stories_new, **counts})


# --------------------------------------------------------------------------------------------- load
def _staged_cache(run_dir: Path) -> dict[str, dict[str, str]]:
    by_model: dict[str, dict[str, str]] = {}
    path = run_dir / NEW_CACHE
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by_model.setdefault(row["model_key"], {})[row["source"]] = row["target"]
    return by_model


def _feed_states(run_dir: Path) -> list[FeedState]:
    return [
        FeedState.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted((run_dir / FEEDS_DIR).glob("*.state.json"))
    ]


def _events(run_dir: Path) -> list[FetchEvent]:
    return [e for p in sorted((run_dir / EVENTS_DIR).glob("*.jsonl")) for e in read_jsonl(p, FetchEvent)]


def load_stage(settings: Settings, run_dir: Path, run_id: str, articles_file: str = DEDUPED) -> dict[str, Any]:
    """Everything the run learnt, committed in one transaction: all of it or nothing."""
    from pipeline.dedup import persist_dedup

    articles_path = run_dir / articles_file
    articles = list(read_jsonl(articles_path, Article)) if articles_path.exists() else []
    result_path = run_dir / DEDUP_RESULT
    dedup = pickle.loads(result_path.read_bytes()) if result_path.exists() else None  # written by dedup_stage
    states, events, cache = _feed_states(run_dir), _events(run_dir), _staged_cache(run_dir)
    with open_warehouse(settings) as wh, wh.transaction():
        stats = wh.load_articles(articles, run_id=run_id)
        if dedup is not None:
            persist_dedup(wh, dedup)
        if states:
            from pipeline.feeds import load_registry

            wh.save_feeds(load_registry(settings.feeds_file))
        wh.save_feed_states(states)
        wh.log_fetches(events)
        store = wh.translation_cache()
        for model_key, pairs in cache.items():
            store.put_many(model_key, pairs)
        total = wh.count("articles")
    summary = {
        **stats.as_dict(),
        "feed_states": len(states),
        "fetch_events": len(events),
        "cache_entries": sum(len(p) for p in cache.values()),
        "articles_total": total,
    }
    return record_summary(run_dir, "load", summary)


def checks_stage(settings: Settings, run_dir: Path, run_id: str) -> dict[str, Any]:
    """Data-quality checks over the warehouse; raises with a readable report when one fails."""
    from pipeline.warehouse.checks import CheckThresholds, run_checks

    with open_warehouse(settings) as wh:
        thresholds = CheckThresholds(min_translation_coverage=settings.check_min_translation_coverage)
        report = run_checks(wh, thresholds, run_id=run_id)
    log.info("checks:\n%s", report.render())
    record_summary(run_dir, "checks", {"ok": report.ok})
    if not report.ok:
        raise DataQualityError(report.render())
    return {"ok": True}


class DataQualityError(RuntimeError):
    """A data-quality check failed; the message is the readable report."""
