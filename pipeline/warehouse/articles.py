"""How an :class:`~pipeline.models.Article` becomes an ``articles`` row, and how a re-load merges into one.

Shape: the original text goes to the columns of the edition language, the translation to those of the other one
(an Indonesian article fills ``title_id/body_id`` from the page and ``title_en/body_en`` from the translation).
The merge is a pure function of (current row, incoming record) so a replayed load produces the same row, byte for byte:
timestamps come from the records' ``fetched_at``, never from the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pipeline.models import Article, Translation, TranslationStatus

ARTICLE_COLUMNS: tuple[str, ...] = (
    "key",
    "url",
    "host",
    "content_type",
    "antara_id",
    "lang",
    "detected_lang",
    "lang_confidence",
    "categories",
    "feeds",
    "title_id",
    "body_id",
    "title_en",
    "body_en",
    "published_at",
    "fetched_at",
    "first_seen",
    "last_seen",
    "content_hash",
    "reporter",
    "editor",
    "translator",
    "tags",
    "image_url",
    "image_caption",
    "word_count",
    "translation_status",
    "translation_model",
    "translation_engine",
    "translation_revision",
    "translation_error",
    "story_id",
    "is_canonical",
    "revision",
    "run_id",
    "updated_at",
    "status",
    "retracted_at",
    "category",
    "subcategory",
    "published_at_source",
    "published_at_disagreement_s",
    "translation_flags",
)
REVISION_COLUMNS: tuple[str, ...] = (
    "key",
    "revision",
    "content_hash",
    "title_id",
    "body_id",
    "title_en",
    "body_en",
    "published_at",
    "fetched_at",
    "translation_status",
    "translation_model",
    "changed",
    "superseded_at",
    "run_id",
)
TRANSLATION_COLUMNS = ("translation_status", "translation_model", "translation_engine", "translation_revision")
TRANSLATION_COLUMNS += ("translation_error", "translation_flags")
#: Columns whose change, together with ``content_hash``, is listed in a revision's ``changed``.
CONTENT_COLUMNS = ("title_id", "body_id", "title_en", "body_en", "published_at", "reporter", "editor", "tags")
#: Columns that move on every sighting without making the row "updated".
SIGHTING_COLUMNS = frozenset({"fetched_at", "last_seen", "first_seen", "run_id"})
#: The change stamp itself: set by the merge, never a reason for one.
STAMP_COLUMN = "updated_at"
LIVE, RETRACTED = "live", "retracted"
UNION_COLUMNS = ("categories", "feeds")

Row = dict[str, Any]


def as_utc(value: datetime | None) -> datetime | None:
    """Naive datetimes are UTC by convention; aware ones are converted so both engines store the same instant."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def text_columns(lang: str, title: str | None, body: str | None) -> Row:
    return {f"title_{lang}": title, f"body_{lang}": body}


def translation_columns(article: Article) -> Row:
    """The translation into the other language: text columns plus provenance; no translation means pending."""
    tr: Translation | None = article.translation
    other = article.other_lang
    if tr is None or tr.target_lang != other:
        return {**text_columns(other, None, None), "translation_status": TranslationStatus.PENDING.value} | {
            column: None for column in TRANSLATION_COLUMNS[1:]
        }
    done = tr.status == TranslationStatus.DONE
    return {
        **text_columns(other, tr.title if done else None, tr.body if done else None),
        "translation_status": tr.status.value,
        "translation_model": tr.model,
        "translation_engine": tr.engine,
        "translation_revision": tr.revision,
        "translation_error": tr.error,
        "translation_flags": list(tr.flags) if done else None,
    }


def article_row(article: Article, run_id: str, loaded_at: datetime | None = None) -> Row:
    """A brand-new row for an article seen for the first time (``loaded_at``: the load's change stamp)."""
    fetched_at = as_utc(article.fetched_at)
    row: Row = {
        "key": article.key,
        "url": article.url,
        "host": article.host,
        "content_type": article.content_type,
        "antara_id": article.antara_id,
        "lang": article.lang,
        "detected_lang": article.detected_lang,
        "lang_confidence": article.lang_confidence,
        "categories": _union([], article.categories),
        "feeds": _union([], article.feeds),
        **text_columns(article.lang, article.title, article.body),
        **translation_columns(article),
        "published_at": as_utc(article.published_at),
        "fetched_at": fetched_at,
        "first_seen": fetched_at,
        "last_seen": fetched_at,
        "content_hash": article.content_hash,
        "reporter": article.reporter,
        "editor": article.editor,
        "translator": article.translator,
        "tags": list(article.tags),
        "image_url": article.image_url,
        "image_caption": article.image_caption,
        "word_count": article.word_count,
        "story_id": article.story_id,
        "is_canonical": article.canonical,
        "revision": 1,
        "run_id": run_id,
        STAMP_COLUMN: as_utc(loaded_at) if loaded_at else fetched_at,
        "status": LIVE,
        "retracted_at": None,
        "category": article.category,
        "subcategory": article.subcategory,
        "published_at_source": article.published_at_source,
        "published_at_disagreement_s": article.published_at_disagreement_s,
    }
    return {column: row[column] for column in ARTICLE_COLUMNS}


@dataclass
class Merge:
    """The outcome of merging one incoming record into the current row."""

    row: Row
    outcome: str  # "inserted" | "updated" | "revised" | "unchanged"
    revision: Row | None = None
    changed: list[str] = field(default_factory=list)


def merge(current: Row | None, article: Article, run_id: str, loaded_at: datetime | None = None) -> Merge:
    """Decide what one incoming record does to the stored row (see the module docstring for the rules).

    ``updated_at`` moves only when the outcome is not "unchanged" (content, translation, story, status or other
    metadata really changed) and never backwards: it becomes ``loaded_at`` (the load's time; the record's
    ``fetched_at`` when not given, which keeps replays of a pure function byte-identical).
    """
    incoming = article_row(article, run_id, loaded_at)
    if current is None:
        return Merge(incoming, "inserted")
    if incoming["fetched_at"] < current["fetched_at"]:
        result = _merge_older(current, incoming)
    elif incoming["content_hash"] != current["content_hash"]:
        result = _revise(current, incoming, run_id)
    else:
        result = _refresh(current, incoming, article)
    return _stamp(result, current, incoming[STAMP_COLUMN])


def _stamp(result: Merge, current: Row, stamp: datetime) -> Merge:
    """A changed row gets the load's stamp (monotonic); an unchanged one keeps its own."""
    previous = current.get(STAMP_COLUMN)
    if result.outcome == "unchanged":
        result.row[STAMP_COLUMN] = previous
    else:
        result.row[STAMP_COLUMN] = max(stamp, previous) if previous else stamp
    return result


def _merge_older(current: Row, incoming: Row) -> Merge:
    """A record older than the stored one (a late replay) only widens memberships and the first sighting."""
    row = dict(current)
    for column in UNION_COLUMNS:
        row[column] = _union(current[column], incoming[column])
    row["first_seen"] = min(current["first_seen"], incoming["fetched_at"])
    return _settle(current, row)


def _revise(current: Row, incoming: Row, run_id: str) -> Merge:
    """New content: archive the previous values as a revision and take the incoming row."""
    changed = ["content_hash"] + [c for c in CONTENT_COLUMNS if current[c] != incoming[c]]
    revision = {
        **{column: current[column] for column in REVISION_COLUMNS if column in current},
        "changed": changed,
        "superseded_at": incoming["fetched_at"],
        "run_id": run_id,
    }
    row = dict(incoming)
    for column in UNION_COLUMNS:
        row[column] = _union(current[column], incoming[column])
    row["first_seen"] = current["first_seen"]
    row["last_seen"] = max(current["last_seen"], incoming["fetched_at"])
    row["revision"] = current["revision"] + 1
    if incoming["story_id"] is None:
        row["story_id"], row["is_canonical"] = current["story_id"], current["is_canonical"]
    return Merge(row, "revised", {c: revision[c] for c in REVISION_COLUMNS}, changed)


def _refresh(current: Row, incoming: Row, article: Article) -> Merge:
    """Same content seen again: newer metadata wins, memberships grow, a DONE translation is never downgraded."""
    row = dict(incoming)
    for column in UNION_COLUMNS:
        row[column] = _union(current[column], incoming[column])
    row["first_seen"] = current["first_seen"]
    row["last_seen"] = max(current["last_seen"], incoming["fetched_at"])
    row["revision"] = current["revision"]
    if _keeps_current_translation(current, article):
        other = article.other_lang
        for column in (f"title_{other}", f"body_{other}", *TRANSLATION_COLUMNS):
            row[column] = current[column]
    if incoming["story_id"] is None:
        row["story_id"], row["is_canonical"] = current["story_id"], current["is_canonical"]
    return _settle(current, row)


def _keeps_current_translation(current: Row, article: Article) -> bool:
    incoming_done = article.translation is not None and article.translation.status == TranslationStatus.DONE
    if incoming_done:
        return False
    return current["translation_status"] == TranslationStatus.DONE.value or article.translation is None


def _settle(current: Row, row: Row) -> Merge:
    """Classify a same-content merge: only sighting columns moved → unchanged; anything else → updated."""
    changed = [c for c in ARTICLE_COLUMNS if c != STAMP_COLUMN and row[c] != current[c]]
    if not changed:
        return Merge(dict(current), "unchanged")
    meaningful = [c for c in changed if c not in SIGHTING_COLUMNS]
    if not meaningful:
        # Only the sighting moved; keep the run that last changed the row so replays stay byte-identical.
        row["run_id"] = current["run_id"]
        return Merge(row, "unchanged", changed=[c for c in changed if c != "run_id"])
    return Merge(row, "updated", changed=meaningful)


def retract(current: Row, at: datetime, run_id: str) -> Merge:
    """Mark a live row retracted (the page is gone): the text stays; the previous version becomes a revision row."""
    if current["status"] == RETRACTED:
        return Merge(dict(current), "unchanged")
    at = as_utc(at) or at
    revision = {
        **{column: current[column] for column in REVISION_COLUMNS if column in current},
        "changed": ["status"],
        "superseded_at": at,
        "run_id": run_id,
    }
    row = {**current, "status": RETRACTED, "retracted_at": at, "revision": current["revision"] + 1, "run_id": run_id}
    previous = current.get(STAMP_COLUMN)
    row[STAMP_COLUMN] = max(at, previous) if previous else at
    return Merge(row, "retracted", {c: revision[c] for c in REVISION_COLUMNS}, ["status"])


def _union(current: list[str] | None, incoming: list[str]) -> list[str]:
    """Stored members first, then new ones in arrival order; no duplicates."""
    merged = list(current or [])
    merged.extend(value for value in dict.fromkeys(incoming) if value not in merged)
    return merged


def row_to_article(row: Row) -> Article:
    """Rebuild the full Article record from a stored row (the inverse of :func:`article_row`)."""
    lang, other = row["lang"], ("en" if row["lang"] == "id" else "id")
    translation = Translation(
        target_lang=other,
        status=TranslationStatus(row["translation_status"]),
        title=row[f"title_{other}"],
        body=row[f"body_{other}"],
        model=row["translation_model"],
        engine=row["translation_engine"],
        revision=row["translation_revision"],
        error=row["translation_error"],
        flags=list(row.get("translation_flags") or []),
    )
    return Article(
        key=row["key"],
        url=row["url"],
        host=row["host"],
        content_type=row["content_type"],
        antara_id=row["antara_id"],
        lang=lang,
        detected_lang=row["detected_lang"],
        lang_confidence=row["lang_confidence"],
        categories=list(row["categories"] or []),
        category=row.get("category"),
        subcategory=row.get("subcategory"),
        feeds=list(row["feeds"] or []),
        title=row[f"title_{lang}"] or "",
        body=row[f"body_{lang}"] or "",
        published_at=row["published_at"],
        published_at_source=row.get("published_at_source"),
        published_at_disagreement_s=row.get("published_at_disagreement_s"),
        fetched_at=row["fetched_at"],
        reporter=row["reporter"],
        editor=row["editor"],
        translator=row["translator"],
        tags=list(row["tags"] or []),
        image_url=row["image_url"],
        image_caption=row["image_caption"],
        word_count=row["word_count"],
        content_hash=row["content_hash"],
        translation=translation,
        story_id=row["story_id"],
        canonical=row["is_canonical"],
    )
