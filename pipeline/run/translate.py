"""Translation within a run: the staged cache, the retranslate backlog and the translate stage."""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from pipeline.config import Settings
from pipeline.models import Article, ArticleTranslation
from pipeline.run.artifacts import (
    BACKLOG,
    CACHE_SNAPSHOT,
    EXTRACTED,
    NEW_CACHE,
    TRANSLATED,
    Artifacts,
    artifact,
    handed,
    open_warehouse,
    passed_on,
    read_optional,
    record_summary,
)
from pipeline.run.storage import RunPath
from pipeline.runfiles import read_jsonl, write_jsonl
from pipeline.warehouse.translation_cache import normalise_source

if TYPE_CHECKING:
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)


class StagedCache:
    """Translation cache over a snapshot handed to the translate task; new entries are staged in the run directory.

    The translate task never opens the warehouse: it runs outside the one-slot warehouse pool (for hours, on a
    translation worker), so its cache hits come from the snapshot a warehouse-pool task wrote
    (:func:`cache_snapshot_stage`), and its new translations reach the warehouse with the run's load.
    """

    def __init__(self, snapshot: dict[str, dict[str, str]], staged: RunPath) -> None:
        self.snapshot = snapshot
        self.staged = staged
        self.new: dict[str, dict[str, str]] = {}

    def get_many(self, model_key: str, sources: list[str]) -> dict[str, str]:
        staged, known = self.new.get(model_key, {}), self.snapshot.get(model_key, {})
        found = {s: staged[s] for s in sources if s in staged}
        for source in sources:
            if source not in found and normalise_source(source) in known:
                found[source] = known[normalise_source(source)]
        return found

    def put_many(self, model_key: str, pairs: dict[str, str]) -> None:
        self.new.setdefault(model_key, {}).update(pairs)

    def flush(self) -> int:
        return write_cache_rows(self.staged, self.new)


def write_cache_rows(path: RunPath, by_model: dict[str, dict[str, str]]) -> int:
    rows = [{"model_key": m, "source": s, "target": t} for m, pairs in by_model.items() for s, t in pairs.items()]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return len(rows)


def read_cache_rows(path: RunPath) -> dict[str, dict[str, str]]:
    """model key -> source -> translation, from a staged or snapshot file (none when the file is absent)."""
    by_model: dict[str, dict[str, str]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by_model.setdefault(row["model_key"], {})[row["source"]] = row["target"]
    return by_model


def staged_cache(run_dir: RunPath, inputs: Artifacts | None = None) -> dict[str, dict[str, str]]:
    """What the translate stage staged, by model (the load writes it)."""
    return read_cache_rows(artifact(inputs, "cache", run_dir / NEW_CACHE))


def candidate_sources(articles: list[Article]) -> list[str]:
    """The sentences the translate stage will look up, as far as they can be known without its tokenizer.

    A sentence too long for the model is split further at translation time; those pieces miss the snapshot and are
    translated again (a miss costs speed, never a translation)."""
    from pipeline.translate.segment import plan_text

    sources: dict[str, None] = {}
    for article in articles:
        for text in (article.title, article.body):
            try:
                sources.update(dict.fromkeys(plan_text(text, article.lang, article.other_lang, lambda _: 0, 1).sources))
            except Exception as exc:  # the translate stage reports this article's failure itself
                log.info("cache snapshot: cannot segment %s: %s", article.key, exc)
    return list(sources)


def write_cache_snapshot(wh: Warehouse, articles: list[Article], path: RunPath) -> int:
    """The cached translations of these articles' sentences, every model, for the translate task to read."""
    return write_cache_rows(path, wh.translation_cache().by_model(candidate_sources(articles)))


def cache_snapshot_stage(settings: Settings, run_dir: RunPath, inputs: Artifacts | None = None) -> dict[str, Any]:
    """A short warehouse-pool task before translate: reads the cache hits so the translate task needs no warehouse."""
    articles_path = artifact(inputs, "articles", run_dir / EXTRACTED)
    articles = read_optional(articles_path, Article)
    with open_warehouse(settings) as wh:
        entries = write_cache_snapshot(wh, articles, run_dir / CACHE_SNAPSHOT)
    summary = {
        "articles": len(articles),
        "cache_entries": entries,
        "artifacts": passed_on(inputs, articles=articles_path, cache_snapshot=run_dir / CACHE_SNAPSHOT),
    }
    return record_summary(run_dir, "cache_snapshot", summary)


def backlog_stage(settings: Settings, run_dir: RunPath, limit: int) -> dict[str, Any]:
    """Articles whose translation is pending, failed or by another model than the configured one.

    The retranslate DAG's first task, so it is the one that migrates (like ``plan_feeds`` for ingest)."""
    current = {"id-en": settings.mt_model("id", "en"), "en-id": settings.mt_model("en", "id")}
    with open_warehouse(settings, migrate=True) as wh:
        articles = wh.articles_needing_translation(current, limit, include_flagged=settings.retranslate_flagged)
        entries = write_cache_snapshot(wh, articles, run_dir / CACHE_SNAPSHOT)
    write_jsonl(run_dir / BACKLOG, articles)
    summary = {
        "articles": len(articles),
        "limit": limit,
        "by_status": dict(Counter(_status(a) for a in articles)),
        "cache_entries": entries,
        "artifacts": handed(articles=run_dir / BACKLOG, cache_snapshot=run_dir / CACHE_SNAPSHOT),
    }
    return record_summary(run_dir, "backlog", summary)


def _status(article: Article) -> str:
    return article.translation.status.value if article.translation else "none"


def translate_stage(
    settings: Settings,
    run_dir: RunPath,
    source: str = EXTRACTED,
    target: str = TRANSLATED,
    inputs: Artifacts | None = None,
) -> dict[str, Any]:
    """Translate every article handed over (``inputs["articles"]``, else the run file ``source``) into its other
    language. Writes only what it adds: ``target`` (key + translation per article) and the staged cache entries;
    it hands on the articles it was given untouched, with its translations, for the load to join."""
    from pipeline.translate import translate_articles

    articles_path = artifact(inputs, "articles", run_dir / source)
    articles = list(read_jsonl(articles_path, Article))
    snapshot = read_cache_rows(artifact(inputs, "cache_snapshot", run_dir / CACHE_SNAPSHOT))
    cache = StagedCache(snapshot, run_dir / NEW_CACHE)
    report = translate_articles(articles, settings, cache)
    staged = cache.flush()
    write_jsonl(
        run_dir / target, [ArticleTranslation(key=a.key, translation=a.translation) for a in articles if a.translation]
    )
    log.info("translate: %s", report.summary())
    summary = {
        **report.model_dump(),
        "cache_entries_staged": staged,
        "artifacts": passed_on(
            inputs, articles=articles_path, translations=run_dir / target, cache=run_dir / NEW_CACHE
        ),
    }
    return record_summary(run_dir, "translate", summary)
