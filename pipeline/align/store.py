"""Align the bodies of cross-lingual story pairs and keep the links in ``sentence_pairs`` (migration 0008).

Called by the load (inside its transaction) with the keys it touched, or over the whole warehouse. Idempotent: a
pair whose two content hashes match what its stored rows were aligned from is skipped without reading its bodies
again; a new revision of either article replaces the pair's rows. When our MT translated the source side, its
per-sentence output (the ``translation_cache`` rows of that model revision) is the aligner's extra evidence and is
scored against ANTARA's translation (see :mod:`pipeline.align.quality`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pipeline.align.aligner import Alignment, align
from pipeline.dedup.normalise import strip_boilerplate
from pipeline.dedup.store import LOOKUP_CHUNK, insert_rows
from pipeline.translate.segment import normalise, split_sentences
from pipeline.warehouse.translation_cache import WarehouseTranslationCache

if TYPE_CHECKING:
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)
NEWSROOM_TZ = ZoneInfo("Asia/Jakarta")
PAIR_COLUMNS = (
    "id_key",
    "en_key",
    "link_index",
    "story_id",
    "story_link_score",
    "id_revision",
    "en_revision",
    "id_content_hash",
    "en_content_hash",
    "id_sentences",
    "en_sentences",
    "id_text",
    "en_text",
    "link_type",
    "score",
    "method",
    "day",
    "aligned_at",
)
ARTICLE_FIELDS = (
    "key",
    "lang",
    "body_id",
    "body_en",
    "revision",
    "content_hash",
    "published_at",
    "fetched_at",
    "story_id",
    "translation_status",
    "translation_model",
    "translation_revision",
)


@dataclass(frozen=True)
class Side:
    """One article of a pair as the aligner sees it: its sentences and, if our MT translated it, their MT."""

    key: str
    lang: str
    sentences: list[str]
    revision: int
    content_hash: str
    day: date | None
    story_id: str | None
    model: str | None = None
    model_revision: str | None = None
    translated: list[str | None] | None = None

    @property
    def model_key(self) -> str | None:
        return f"{self.model}@{self.model_revision}" if self.model and self.model_revision else None


@dataclass
class AlignReport:
    """What one :func:`align_linked_pairs` call did."""

    story_pairs: int = 0
    aligned: int = 0
    unchanged: int = 0
    missing_article: int = 0
    links: int = 0
    scored: int = 0


def article_sentences(body: str | None, lang: str) -> list[str]:
    """Story sentences of a body: dateline, credits and related links removed, split as the translator splits."""
    if not body:
        return []
    return [
        normalise(sentence)
        for line in strip_boilerplate(body).splitlines()
        for sentence in split_sentences(line, lang)
        if normalise(sentence)
    ]


def publication_day(published_at: datetime | None, fetched_at: datetime | None) -> date | None:
    moment = published_at or fetched_at
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(NEWSROOM_TZ).date()


def crosslingual_links(wh: Warehouse, keys: Sequence[str] | None) -> list[tuple[str, str, float]]:
    """(a_key, b_key, score) of the cross-lingual story links touching ``keys`` (all when None)."""
    sql = "SELECT a_key, b_key, score FROM story_links WHERE kind = 'crosslingual'"
    if keys is None:
        return [(a, b, float(s)) for a, b, s in wh.fetchall(sql)]
    found: dict[tuple[str, str], float] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), LOOKUP_CHUNK):
        chunk = unique[start : start + LOOKUP_CHUNK]
        rows = wh.fetchall(f"{sql} AND (a_key = ANY(?) OR b_key = ANY(?))", [chunk, chunk])
        found.update(((a, b), float(s)) for a, b, s in rows)
    return [(a, b, s) for (a, b), s in sorted(found.items())]


def _articles(wh: Warehouse, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), LOOKUP_CHUNK):
        chunk = unique[start : start + LOOKUP_CHUNK]
        sql = f"SELECT {', '.join(ARTICLE_FIELDS)} FROM articles WHERE key = ANY(?)"
        for row in wh.fetchall(sql, [chunk]):
            rows[row[0]] = dict(zip(ARTICLE_FIELDS, row, strict=True))
    return rows


def _stored_hashes(wh: Warehouse, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(id_key, en_key) -> the content hashes its stored links were aligned from."""
    id_keys = sorted({id_key for id_key, _ in pairs})
    stored: dict[tuple[str, str], tuple[str, str]] = {}
    for start in range(0, len(id_keys), LOOKUP_CHUNK):
        chunk = id_keys[start : start + LOOKUP_CHUNK]
        rows = wh.fetchall(
            "SELECT DISTINCT id_key, en_key, id_content_hash, en_content_hash FROM sentence_pairs "
            "WHERE id_key = ANY(?)",
            [chunk],
        )
        stored.update(((a, b), (ha, hb)) for a, b, ha, hb in rows)
    return stored


def _side(row: dict[str, Any], cache: WarehouseTranslationCache) -> Side:
    lang = row["lang"]
    sentences = article_sentences(row["body_id"] if lang == "id" else row["body_en"], lang)
    side = Side(
        key=row["key"],
        lang=lang,
        sentences=sentences,
        revision=int(row["revision"]),
        content_hash=row["content_hash"],
        day=publication_day(row["published_at"], row["fetched_at"]),
        story_id=row["story_id"],
    )
    if row["translation_status"] != "done" or not row["translation_model"] or not row["translation_revision"]:
        return side
    model_key = f"{row['translation_model']}@{row['translation_revision']}"
    found = cache.get_many(model_key, sentences) if sentences else {}
    if not found:
        return side
    return replace(
        side,
        model=row["translation_model"],
        model_revision=row["translation_revision"],
        translated=[found.get(sentence) for sentence in sentences],
    )


def align_sides(id_side: Side, en_side: Side) -> Alignment:
    return align(
        id_side.sentences,
        en_side.sentences,
        a_lang="id",
        b_lang="en",
        a_translated=id_side.translated,
        b_translated=en_side.translated,
    )


def pair_rows(id_side: Side, en_side: Side, link_score: float, result: Alignment, now: datetime) -> list[tuple]:
    """``sentence_pairs`` rows of one aligned story pair."""
    day = id_side.day or en_side.day
    if id_side.day and en_side.day:
        day = min(id_side.day, en_side.day)
    return [
        (
            id_side.key,
            en_side.key,
            index,
            id_side.story_id or en_side.story_id,
            link_score,
            id_side.revision,
            en_side.revision,
            id_side.content_hash,
            en_side.content_hash,
            ",".join(map(str, link.a)),
            ",".join(map(str, link.b)),
            " ".join(id_side.sentences[i] for i in link.a),
            " ".join(en_side.sentences[j] for j in link.b),
            link.type.value,
            link.score,
            result.method.value,
            day,
            now,
        )
        for index, link in enumerate(result.links)
    ]


def align_linked_pairs(wh: Warehouse, keys: Sequence[str] | None = None, *, now: datetime | None = None) -> AlignReport:
    """Align every cross-lingual story pair touching ``keys`` (all when None); write links and MT scores."""
    from pipeline.align.quality import score_pairs

    now = now or datetime.now(UTC)
    report = AlignReport()
    links = crosslingual_links(wh, keys)
    report.story_pairs = len(links)
    if not links:
        return report
    articles = _articles(wh, [key for a, b, _ in links for key in (a, b)])
    cache = WarehouseTranslationCache(wh)
    todo: list[tuple[dict[str, Any], dict[str, Any], float]] = []
    for a_key, b_key, score in links:
        a, b = articles.get(a_key), articles.get(b_key)
        if a is None or b is None or {a["lang"], b["lang"]} != {"id", "en"}:
            report.missing_article += 1
            continue
        todo.append((a, b, score) if a["lang"] == "id" else (b, a, score))
    stored = _stored_hashes(wh, [(i["key"], e["key"]) for i, e, _ in todo])
    with wh.transaction():
        for id_row, en_row, score in todo:
            pair = (id_row["key"], en_row["key"])
            if stored.get(pair) == (id_row["content_hash"], en_row["content_hash"]):
                report.unchanged += 1
                continue
            id_side, en_side = _side(id_row, cache), _side(en_row, cache)
            result = align_sides(id_side, en_side)
            wh.execute("DELETE FROM sentence_pair_scores WHERE id_key = ? AND en_key = ?", list(pair))
            wh.execute("DELETE FROM sentence_pairs WHERE id_key = ? AND en_key = ?", list(pair))
            rows = pair_rows(id_side, en_side, score, result, now)
            insert_rows(wh, "sentence_pairs", PAIR_COLUMNS, rows)
            report.aligned += 1
            report.links += len(rows)
            report.scored += score_pairs(wh, id_side, en_side, result, now)
    log.info(
        "sentence alignment: %d story pairs, %d aligned (%d links, %d scored), %d unchanged, %d incomplete",
        report.story_pairs,
        report.aligned,
        report.links,
        report.scored,
        report.unchanged,
        report.missing_article,
    )
    return report
