"""The persistent near-duplicate / story index in the warehouse (tables of migration ``0002_dedup.sql``).

Reads are plain SELECTs (``link_stories`` is read-only); writes happen in :func:`write_index`,
which the lead calls inside the load transaction. Rows go in as multi-row ``INSERT … VALUES``
chunks — one round trip per few hundred rows on both engines.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from pipeline.dedup.features import DocumentFeatures

if TYPE_CHECKING:  # the warehouse helper's class; only its small SQL surface is used here
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)

DOCUMENT_COLUMNS = (
    "article_key",
    "lang",
    "published_ts",
    "story_id",
    "is_canonical",
    "content_hash",
    "shingle_count",
    "signature",
    "anchors",
    "text_en_signature",
    "text_id_signature",
)
#: Parameters per statement stay well below both engines' limits (PostgreSQL: 65,535).
INSERT_CHUNK_PARAMS = 6000
LOOKUP_CHUNK = 1000


class SqlConnection(Protocol):
    """What the index needs from a warehouse (``pipeline.warehouse.Warehouse`` provides it)."""

    def execute(self, sql: str, params: Sequence = ()) -> None: ...
    def fetchall(self, sql: str, params: Sequence = ()) -> list[tuple]: ...
    def executemany(self, sql: str, rows: Iterable[Sequence]) -> None: ...


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _placeholders(count: int) -> str:
    return ", ".join("?" * count)


def insert_rows(wh: SqlConnection, table: str, columns: Sequence[str], rows: Sequence[tuple], suffix: str = "") -> None:
    """Multi-row INSERT in chunks (DuckDB's ``executemany`` is one statement per row, far too slow for bands)."""
    row_sql = f"({_placeholders(len(columns))})"
    per_chunk = max(1, INSERT_CHUNK_PARAMS // len(columns))
    for chunk in _chunks(rows, per_chunk):
        values = ", ".join([row_sql] * len(chunk))
        params = [value for row in chunk for value in row]
        wh.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} {suffix}", params)


class IndexReader:
    """Read-only view of the stored index; ``IndexReader(None)`` is an empty history."""

    def __init__(self, wh: SqlConnection | Warehouse | None) -> None:
        self.wh = wh

    def _select(self, sql: str, params: Sequence) -> list[tuple]:
        return [] if self.wh is None else self.wh.fetchall(sql, params)

    def articles_sharing_bands(self, keys: Sequence[int]) -> dict[int, set[str]]:
        """band key → article keys stored under it."""
        found: dict[int, set[str]] = defaultdict(set)
        unique = sorted(set(keys))
        for chunk in _chunks(unique, LOOKUP_CHUNK):
            sql = f"SELECT band_key, article_key FROM dedup_lsh_bands WHERE band_key IN ({_placeholders(len(chunk))})"
            for band_key, article_key in self._select(sql, chunk):
                found[int(band_key)].add(article_key)
        return found

    def documents(self, keys: Iterable[str]) -> dict[str, DocumentFeatures]:
        unique = sorted(set(keys))
        docs: dict[str, DocumentFeatures] = {}
        for chunk in _chunks(unique, LOOKUP_CHUNK):
            sql = (
                f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM dedup_documents "
                f"WHERE article_key IN ({_placeholders(len(chunk))})"
            )
            docs.update((row[0], DocumentFeatures.from_row(row)) for row in self._select(sql, chunk))
        return docs

    def published_between(self, lang: str, start_ts: int, end_ts: int) -> list[DocumentFeatures]:
        """Stored articles of one edition published in ``[start_ts, end_ts]`` (cross-lingual candidates)."""
        sql = (
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM dedup_documents WHERE lang = ? AND published_ts BETWEEN ? AND ?"
        )
        return [DocumentFeatures.from_row(row) for row in self._select(sql, (lang, start_ts, end_ts))]

    def story_members(self, story_ids: Iterable[str]) -> list[DocumentFeatures]:
        unique = sorted(set(story_ids))
        members: list[DocumentFeatures] = []
        for chunk in _chunks(unique, LOOKUP_CHUNK):
            sql = (
                f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM dedup_documents "
                f"WHERE story_id IN ({_placeholders(len(chunk))})"
            )
            members.extend(DocumentFeatures.from_row(row) for row in self._select(sql, chunk))
        return members


def write_documents(wh: SqlConnection, docs: Sequence[DocumentFeatures]) -> None:
    """Replace the index rows (document + band keys) of ``docs``: re-writing the same rows changes nothing."""
    if not docs:
        return
    keys = [doc.key for doc in docs]
    for chunk in _chunks(keys, LOOKUP_CHUNK):
        marks = _placeholders(len(chunk))
        wh.execute(f"DELETE FROM dedup_lsh_bands WHERE article_key IN ({marks})", chunk)
        wh.execute(f"DELETE FROM dedup_documents WHERE article_key IN ({marks})", chunk)
    insert_rows(wh, "dedup_documents", DOCUMENT_COLUMNS, [doc.to_row() for doc in docs])
    bands = sorted({(band_key, doc.key) for doc in docs for band_key in doc.band_keys})
    insert_rows(wh, "dedup_lsh_bands", ("band_key", "article_key"), bands)


def update_story_assignments(wh: SqlConnection, assignments: Sequence[tuple[str, str, bool]]) -> None:
    """Set story id and canonical flag of already-indexed articles and of their ``articles`` rows."""
    rows = [(story_id, canonical, key) for key, story_id, canonical in assignments]
    if not rows:
        return
    wh.executemany("UPDATE dedup_documents SET story_id = ?, is_canonical = ? WHERE article_key = ?", rows)
    wh.executemany("UPDATE articles SET story_id = ?, is_canonical = ? WHERE key = ?", rows)
