"""Per-item validation before load: every record is checked against the warehouse schema's limits.

An item that breaks one is quarantined with a short reason code (and a detail for people) and the rest of the run
loads, so no single record's content can fail a load transaction. The limits are declarative tables; the size
limits come from settings (``ANTARA_MAX_BODY_CHARS``, ``ANTARA_MAX_LINE_CHARS``, ``ANTARA_MAX_ITEMS_PER_FEED``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.config import Settings
from pipeline.models import Article, ArticleRef, FeedItem, Quarantined
from pipeline.urls import parse_article_url

#: The signed 64-bit range of ``articles.antara_id`` (BIGINT) on both engines.
BIGINT_MAX = 2**63 - 1
#: Longest value per text column (characters); generous for real ANTARA, fatal for garbage.
FIELD_LIMITS: dict[str, int] = {
    "key": 300,
    "url": 2048,
    "title": 1000,
    "reporter": 300,
    "editor": 300,
    "translator": 300,
    "image_url": 2048,
    "image_caption": 2000,
}
MAX_TAGS = 100
MAX_TAG_CHARS = 200
#: C0/C1 control characters other than tab, newline and carriage return (PostgreSQL rejects NUL outright).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Limits:
    max_body_chars: int
    max_line_chars: int
    max_items_per_feed: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(settings.max_body_chars, settings.max_line_chars, settings.max_items_per_feed)


def _held(stage: str, key: str | None, url: str | None, reason: str, detail: str) -> Quarantined:
    return Quarantined(stage=stage, key=key, url=url, reason=reason, detail=detail[:500])


def ref_problem(ref: ArticleRef) -> tuple[str, str] | None:
    """(reason, detail) when an article reference cannot be stored, before anything is fetched for it."""
    ident = parse_article_url(ref.url)
    if ident is not None and not 0 < ident.antara_id <= BIGINT_MAX:
        return "id_out_of_range", f"ANTARA id {ident.antara_id} does not fit a BIGINT"
    for name in ("key", "url"):
        value = getattr(ref, name)
        if len(value) > FIELD_LIMITS[name]:
            return f"{name}_too_long", f"{name} has {len(value)} characters (limit {FIELD_LIMITS[name]})"
    return None


def split_refs(refs: Iterable[ArticleRef], stage: str) -> tuple[list[ArticleRef], list[Quarantined]]:
    kept, held = [], []
    for ref in refs:
        problem = ref_problem(ref)
        if problem is None:
            kept.append(ref)
        else:
            held.append(_held(stage, ref.key, ref.url, *problem))
    return kept, held


def cap_items(items: list[FeedItem], limit: int, stage: str) -> tuple[list[FeedItem], list[Quarantined]]:
    """At most ``limit`` items per feed (in feed order, newest first on ANTARA); the excess is quarantined."""
    per_feed: dict[str, int] = defaultdict(int)
    kept, held = [], []
    for item in items:
        per_feed[item.feed] += 1
        if per_feed[item.feed] <= limit:
            kept.append(item)
        else:
            detail = f"feed {item.feed} announced more than {limit} items in one poll"
            ident = parse_article_url(item.url)
            held.append(_held(stage, ident.key if ident else None, item.url, "feed_item_cap", detail))
    return kept, held


def article_problem(article: Article, limits: Limits) -> tuple[str, str] | None:
    """(reason, detail) for the first schema limit an article breaks, or None when it can be loaded."""
    if not 0 < article.antara_id <= BIGINT_MAX:
        return "id_out_of_range", f"ANTARA id {article.antara_id} does not fit a BIGINT"
    for name, limit in FIELD_LIMITS.items():
        value = getattr(article, name)
        if value is not None and len(value) > limit:
            return f"{name}_too_long", f"{name} has {len(value)} characters (limit {limit})"
    if len(article.body) > limits.max_body_chars:
        return "body_too_large", f"body has {len(article.body)} characters (limit {limits.max_body_chars})"
    longest = max((len(line) for line in article.body.splitlines()), default=0)
    if longest > limits.max_line_chars:
        return "line_too_long", f"a body line has {longest} characters (limit {limits.max_line_chars})"
    if len(article.tags) > MAX_TAGS or any(len(tag) > MAX_TAG_CHARS for tag in article.tags):
        return "tags_too_long", f"{len(article.tags)} tags, longest {max(map(len, article.tags), default=0)}"
    for name in ("title", "body", *FIELD_LIMITS):
        value = getattr(article, name, None)
        if isinstance(value, str) and (found := _CONTROL.search(value)):
            return "control_characters", f"{name} contains U+{ord(found.group()):04X}"
    return None


def split_articles(articles: Iterable[Article], limits: Limits, stage: str) -> tuple[list[Article], list[Quarantined]]:
    kept, held = [], []
    for article in articles:
        problem = article_problem(article, limits)
        if problem is None:
            kept.append(article)
        else:
            held.append(_held(stage, article.key, article.url, *problem))
    return kept, held
