"""Warehouse test helpers: invented articles in ANTARA's shapes, and a full-table dump for byte-level comparisons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pipeline.models import Article, Translation, TranslationStatus
from pipeline.warehouse import Warehouse
from pipeline.warehouse.articles import STAMP_COLUMN

T0 = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
ID_BODY = (
    "Jakarta (ANTARA) - Pemerintah kota meresmikan taman baca baru di kawasan pasar lama pada Senin pagi.\n\n"
    "Wali kota mengatakan taman itu dibuka untuk umum setiap hari tanpa biaya."
)
EN_BODY = (
    "Jakarta (ANTARA) - The city government opened a new reading park in the old market area on Monday morning.\n\n"
    "The mayor said the park is open to the public every day free of charge."
)


def make_article(number: int, *, lang: str = "id", fetched: int = 0, **changes: Any) -> Article:
    """Article ``number`` of an edition, fetched ``fetched`` hours after T0."""
    host, kind = ("www.antaranews.com", "berita") if lang == "id" else ("en.antaranews.com", "news")
    fields: dict[str, Any] = {
        "key": f"{host}/{kind}/{number}",
        "url": f"https://{host}/{kind}/{number}/judul-{number}",
        "host": host,
        "content_type": kind,
        "antara_id": number,
        "lang": lang,
        "detected_lang": lang,
        "lang_confidence": 0.99,
        "categories": ["nasional"] if lang == "id" else ["national"],
        "feeds": ["terkini"] if lang == "id" else ["latest"],
        "title": f"Taman baca nomor {number} dibuka" if lang == "id" else f"Reading park number {number} opens",
        "body": ID_BODY if lang == "id" else EN_BODY,
        "published_at": T0 - timedelta(hours=1),
        "fetched_at": T0 + timedelta(hours=fetched),
        "reporter": "Rina Wijaya",
        "editor": "Budi Santoso",
        "tags": ["taman", "literasi"],
        "word_count": 30,
        "content_hash": f"hash-{lang}-{number}",
    }
    fields.update(changes)
    return Article(**fields)


def translated(article: Article, *, model: str = "opus-mt", status: str = "done", **changes: Any) -> Article:
    """The article with a translation into the other edition language."""
    done = status == TranslationStatus.DONE
    translation = Translation(
        target_lang=article.other_lang,
        status=TranslationStatus(status),
        title=f"[{article.other_lang}] {article.title}" if done else None,
        body=f"[{article.other_lang}] {article.body}" if done else None,
        model=model,
        engine="ctranslate2",
        revision="abc123",
        error=None if done else "model unavailable",
        **changes,
    )
    return article.model_copy(update={"translation": translation})


#: Columns that say when a row reached or last changed in this database (wall clock: `ingested_at` by a default,
#: `updated_at` by the load), not what it holds: two warehouses loaded with the same runs differ there by design,
#: so byte-identical comparisons leave them out.
INGEST_CLOCK_COLUMNS = frozenset({"ingested_at", STAMP_COLUMN})


def dump(wh: Warehouse, table: str) -> list[tuple]:
    """Every row of a table in key order, without the ingest clock (the comparison unit for 'byte-identical')."""
    schema = "main" if wh.dialect == "duckdb" else "public"
    rows = wh.fetchall(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
        " ORDER BY ordinal_position",
        [schema, table],
    )
    columns = ", ".join(name for (name,) in rows if name not in INGEST_CLOCK_COLUMNS)
    return wh.fetchall(f"SELECT {columns} FROM {table} ORDER BY 1, 2")


@pytest.fixture
def wh(warehouse_uri: str):
    with Warehouse.open(warehouse_uri) as warehouse:
        yield warehouse
