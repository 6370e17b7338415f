"""Translation within a run: the staged cache, the retranslate backlog and the translate stage."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.models import Article, ArticleTranslation
from pipeline.run.artifacts import (
    BACKLOG,
    EXTRACTED,
    NEW_CACHE,
    TRANSLATED,
    Artifacts,
    artifact,
    handed,
    open_warehouse,
    record_summary,
)
from pipeline.run.storage import RunPath
from pipeline.runfiles import read_jsonl, write_jsonl

log = logging.getLogger(__name__)


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


def staged_cache(run_dir: RunPath, inputs: Artifacts | None = None) -> dict[str, dict[str, str]]:
    """What the translate stage staged, by model (the load writes it)."""
    by_model: dict[str, dict[str, str]] = {}
    path = artifact(inputs, "cache", run_dir / NEW_CACHE)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            by_model.setdefault(row["model_key"], {})[row["source"]] = row["target"]
    return by_model


def backlog_stage(settings: Settings, run_dir: RunPath, limit: int) -> dict[str, Any]:
    """Articles whose translation is pending, failed or by another model than the configured one.

    The retranslate DAG's first task, so it is the one that migrates (like ``plan_feeds`` for ingest)."""
    current = {"id-en": settings.mt_model("id", "en"), "en-id": settings.mt_model("en", "id")}
    with open_warehouse(settings, migrate=True) as wh:
        articles = wh.articles_needing_translation(current, limit, include_flagged=settings.retranslate_flagged)
    write_jsonl(run_dir / BACKLOG, articles)
    summary = {
        "articles": len(articles),
        "limit": limit,
        "by_status": dict(Counter(_status(a) for a in articles)),
        "artifacts": handed(articles=run_dir / BACKLOG),
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
    cache = StagedCache(settings, run_dir / NEW_CACHE)
    report = translate_articles(articles, settings, cache)
    staged = cache.flush()
    write_jsonl(
        run_dir / target, [ArticleTranslation(key=a.key, translation=a.translation) for a in articles if a.translation]
    )
    log.info("translate: %s", report.summary())
    summary = {
        **report.model_dump(),
        "cache_entries_staged": staged,
        "artifacts": handed(articles=articles_path, translations=run_dir / target, cache=run_dir / NEW_CACHE),
    }
    return record_summary(run_dir, "translate", summary)
