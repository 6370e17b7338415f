"""The page side of a run: fetch the article pages, then extract them (language ID included)."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from pipeline.config import Settings
from pipeline.models import Article, Extracted, FetchAttempt, FetchOutcome, Page, PageKind, Skipped
from pipeline.run.artifacts import (
    EVENTS_DIR,
    EXTRACTED,
    PAGES,
    PAGES_DIR,
    Artifacts,
    artifact,
    handed,
    now,
    reasons,
    record_summary,
    write_attempts,
    write_skipped,
)
from pipeline.run.feeds import refs_of
from pipeline.run.storage import RunPath, location
from pipeline.runfiles import read_jsonl, write_jsonl
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)


def fetch_pages_stage(
    settings: Settings, run_dir: RunPath, run_id: str, inputs: Artifacts | None = None
) -> dict[str, Any]:
    """Fetch the pages of the references handed over (``inputs["refs"]``, collect's output)."""
    from pipeline.fetch import fetch_pages, open_source

    refs = refs_of(run_dir, inputs)
    with open_source(settings, run_id) as source:
        result = fetch_pages(refs, source, run_dir / PAGES_DIR)
        events = list(source.events)
    write_jsonl(run_dir / PAGES, result.pages)
    write_jsonl(run_dir / EVENTS_DIR / "pages.jsonl", events)
    write_skipped(run_dir, "fetch_pages", result.skipped)
    write_attempts(run_dir, "fetch_pages", result.attempts)
    summary = {
        "requested": len(refs),
        "fetched": len(result.pages),
        "skipped": len(result.skipped),
        "skipped_reasons": reasons(result.skipped),
        "pages_with_replaced_bytes": result.replaced_bytes_pages,
        "artifacts": handed(pages=run_dir / PAGES),
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


def extract_stage(settings: Settings, run_dir: RunPath, inputs: Artifacts | None = None) -> dict[str, Any]:
    """Extract every fetched page and identify each article's language (two fields: no task of its own).

    A page that is no article (video, photo, soft 404, empty shell) ends its frontier row: nothing to retry.
    """
    from pipeline.extract import extract_page
    from pipeline.language import identify_articles

    articles: list[Article] = []
    skipped: list[Skipped] = []
    attempts: list[FetchAttempt] = []
    kinds: Counter[str] = Counter()
    for page in read_jsonl(artifact(inputs, "pages", run_dir / PAGES), Page):
        html = location(page.html_path).read_text(encoding="utf-8")
        category = page.ref.categories[0] if page.ref.categories else None
        extracted = extract_page(html, page.final_url, feed_published_at=page.ref.feed_published_at, category=category)
        kinds[extracted.kind.value] += 1
        if extracted.kind is not PageKind.ARTICLE or not extracted.body:
            reason = f"not_article:{extracted.kind.value}" + (
                f" ({extracted.skip_reason})" if extracted.skip_reason else ""
            )
            log.info("skipping %s: %s", page.ref.url, reason)
            skipped.append(Skipped(stage="extract", url=page.ref.url, reason=reason))
            attempts.append(
                FetchAttempt(
                    key=page.ref.key,
                    url=page.ref.url,
                    outcome=FetchOutcome.NOT_ARTICLE,
                    reason=reason,
                    status=page.status,
                    at=now(),
                )
            )
            continue
        articles.append(article_from_page(page, extracted))
    mismatches = identify_articles(articles)
    write_jsonl(run_dir / EXTRACTED, articles)
    write_skipped(run_dir, "extract", skipped)
    write_attempts(run_dir, "extract", attempts)
    summary = {
        "pages": sum(kinds.values()),
        "articles": len(articles),
        "kinds": dict(kinds),
        "skipped": len(skipped),
        "detected": dict(Counter(a.detected_lang or "unknown" for a in articles)),
        "edition_mismatches": mismatches,
        "artifacts": handed(articles=run_dir / EXTRACTED),
    }
    return record_summary(run_dir, "extract", summary)
