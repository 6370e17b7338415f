"""The persistent near-duplicate / story index in the warehouse (table ``dedup_documents``, migrations 0007, 0011,
0012).

One row per indexed article holds everything the linker compares — the 8-bit MinHash signatures as bytes
(BLOB / ``bytea``), the content hash as its 32 bytes, the anchors as raw-DEFLATE bytes, and the article's 32 LSH
band keys as an ``INTEGER[]`` — so the index costs one row per article instead of 33 (migration 0002 kept 32 band
rows per article keyed by its text key, with three indexes: 6.5-7.3 KB per article). Band lookups unnest the
arrays (DuckDB: one vectorised scan and hash join) or join the probe keys with 32 per-band btree expression
indexes (PostgreSQL: ``band_keys[i] = k``; a GIN index cost twice the bytes once VACUUM had merged its pending
list, and its ``&&`` recheck is quadratic in the probe size).

Reads are plain SELECTs (``link_stories`` is read-only); writes happen in :func:`write_documents` and
:func:`apply_assignments` inside the load transaction, as staged bulk copies (PostgreSQL ``COPY``, DuckDB Arrow)
merged by one set-based statement each.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from pipeline.dedup import signatures
from pipeline.dedup.features import DocumentFeatures
from pipeline.dedup.lexicon import BRIDGE_PREFIXES, is_bridge_token

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
    "band_keys",
)
#: Anchors are stored as one text, joined by the ASCII unit separator (anchors are words and numbers, never it),
#: compressed with raw DEFLATE (579 → 293 bytes on the bench corpus; PostgreSQL compresses inline values only in
#: rows over ~2 KB, so it never would).
ANCHOR_SEPARATOR = "\x1f"
#: The bridge tokens of a stored anchors text (``lexicon.is_bridge_token``, found in one pass: rows are read by the
#: thousand for the cross-lingual window).
BRIDGE_TOKEN = re.compile(
    f"(?:^|(?<={ANCHOR_SEPARATOR}))(?:{'|'.join(map(re.escape, BRIDGE_PREFIXES))})[^{ANCHOR_SEPARATOR}]*"
)
#: Rows read per query by the one-off conversion of a 0002 index.
MIGRATION_CHUNK = 5000
#: Keys per ``= ANY(?)`` lookup elsewhere (the sentence-pair store reads in chunks of this size).
LOOKUP_CHUNK = 1000
#: The two editions (each has its own band-key namespace and cross-lingual window).
EDITIONS = ("en", "id")

#: A band probe: (band position 1..BANDS, band key). LSH candidates share a band *at the same position* — each
#: position's keys are hashed under their own personalisation, so a key found at another position is a chance
#: 32-bit collision, not a shared band.
BandProbe = tuple[int, int]


def band_probes(doc: DocumentFeatures) -> list[BandProbe]:
    return list(enumerate(doc.band_keys, start=1))


#: Band lookup per engine: which stored articles carry a probe key at the probe's position — one row (article key,
#: position, key) per hit. DuckDB: the stored arrays unnested with their positions, hash-joined with the probes (one
#: vectorised scan). PostgreSQL: one ``band_keys[i] = ANY(…)`` per position, each answered by that position's
#: expression index (``dedup_documents_band_<i>``, migration 0011) — a handful of keys per index, where joining all
#: of a partition's keys with every position let the planner pick 32 sequential scans (50–70 ms each, 98,000 rows).
def _duckdb_band_lookup(probes: Sequence[BandProbe]) -> tuple[str, list[Any]]:
    sql = (
        "SELECT article_key, band, k FROM (SELECT article_key, UNNEST(band_keys) AS k, "
        "generate_subscripts(band_keys, 1) AS band FROM dedup_documents) "
        "WHERE (band, k) IN (SELECT UNNEST(CAST(? AS INTEGER[])), UNNEST(CAST(? AS INTEGER[])))"
    )
    return sql, [[band for band, _ in probes], [key for _, key in probes]]


def _postgres_band_lookup(probes: Sequence[BandProbe]) -> tuple[str, list[Any]]:
    by_position: dict[int, list[int]] = defaultdict(list)
    for band, key in probes:
        by_position[band].append(key)
    positions = sorted(by_position)
    sql = " UNION ALL ".join(
        f"SELECT article_key, {band}, band_keys[{band}] FROM dedup_documents "
        f"WHERE band_keys[{band}] = ANY(CAST(? AS INTEGER[]))"
        for band in positions
    )
    return sql, [by_position[band] for band in positions]


BAND_LOOKUP: dict[str, Callable[[Sequence[BandProbe]], tuple[str, list[Any]]]] = {
    "duckdb": _duckdb_band_lookup,
    "postgres": _postgres_band_lookup,
}


class SqlConnection(Protocol):
    """What the index needs from a warehouse (``pipeline.warehouse.Warehouse`` provides it)."""

    @property
    def dialect(self) -> str: ...
    def execute(self, sql: str, params: Sequence = ()) -> None: ...
    def fetchall(self, sql: str, params: Sequence = ()) -> list[tuple]: ...
    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None: ...


# --- row codec ----------------------------------------------------------------------------------------------------


def _blob(sig: np.ndarray | None, encode: Callable[[np.ndarray], bytes] = signatures.encode) -> bytes | None:
    return None if sig is None else encode(sig)


#: 0007's and 0011's signature form: the low 16 bits of each value, little-endian (0012 keeps 8).
U16 = np.dtype("<u2")


def _encode_u16(sig: np.ndarray) -> bytes:
    return sig.astype(U16).tobytes()


def _decode_u16(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=U16)


def _deflate(text: str) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw DEFLATE: no zlib header or checksum (6 bytes a row)
    return packer.compress(text.encode("utf-8")) + packer.flush()


def _inflate(blob: bytes | memoryview) -> str:
    return zlib.decompress(bytes(blob), -15).decode("utf-8")


#: A SHA-256 content hash (64 hex digits) is stored as its 32 bytes.
DIGEST_BYTES = 32
HEX_DIGEST = re.compile(f"[0-9a-f]{{{2 * DIGEST_BYTES}}}")


def encode_content_hash(value: str) -> bytes:
    """32 bytes for a SHA-256 hex digest (what ``hash_normalised`` makes); any other value (the tests' placeholders)
    as its UTF-8 bytes, which must then not be 32 bytes long (they would read back as a digest)."""
    if HEX_DIGEST.fullmatch(value):
        return bytes.fromhex(value)
    raw = value.encode("utf-8")
    if len(raw) == DIGEST_BYTES:
        raise ValueError(f"a content hash that is not a hex SHA-256 digest cannot be {DIGEST_BYTES} bytes: {value!r}")
    return raw


def decode_content_hash(stored: bytes | memoryview) -> str:
    raw = bytes(stored)
    return raw.hex() if len(raw) == DIGEST_BYTES else raw.decode("utf-8")


def anchors_text(doc: DocumentFeatures) -> str:
    return ANCHOR_SEPARATOR.join(sorted(doc.anchors | doc.bridge))  # bridge tokens are told apart when read


def document_row(doc: DocumentFeatures, encode: Callable[[np.ndarray], bytes] = signatures.encode) -> tuple:
    """Values in :data:`DOCUMENT_COLUMNS` order, in 0012's stored forms (``encode``: an older signature form)."""
    return (
        doc.key,
        doc.lang,
        doc.published_ts,
        doc.story_id,
        doc.is_canonical,
        encode_content_hash(doc.content_hash),
        doc.shingle_count,
        encode(doc.signature),
        _deflate(anchors_text(doc)),
        _blob(doc.text_signatures.get("en"), encode),
        _blob(doc.text_signatures.get("id"), encode),
        doc.band_keys,
    )


def decode_anchors(text: str) -> frozenset[str]:
    return frozenset(text.split(ANCHOR_SEPARATOR)) if text else frozenset()


def _same(value: Any) -> Any:
    return value


def document_from_row(
    row: Sequence,
    signature: Callable[[Any], np.ndarray] = signatures.decode,
    anchors: Callable[[str], frozenset[str]] = decode_anchors,
    anchor_text: Callable[[Any], str] = _inflate,
    content_hash: Callable[[Any], str] = decode_content_hash,
) -> DocumentFeatures:
    """The features of a stored row. The callables decode the stored forms: the defaults read 0012's, 0007's
    kept the hash as hex and the anchors as plain text, 0002's also the signatures as base64 and anchors as JSON."""
    key, lang, published_ts, story_id, is_canonical, chash, count, sig, stored_anchors, text_en, text_id = row[:11]
    texts = {lang_: signature(t) for lang_, t in (("en", text_en), ("id", text_id)) if t is not None}
    text = anchor_text(stored_anchors)
    tokens = anchors(text)
    bridge = frozenset(BRIDGE_TOKEN.findall(text)) if anchors is decode_anchors else None
    if bridge is None:
        bridge = frozenset(t for t in tokens if is_bridge_token(t))
    return DocumentFeatures(
        key=key,
        lang=lang,
        published_ts=None if published_ts is None else int(published_ts),
        content_hash=content_hash(chash),
        shingle_count=int(count),
        signature=signature(sig),
        anchors=tokens - bridge,
        bridge=bridge,
        text_signatures=texts,
        story_id=story_id,
        is_canonical=bool(is_canonical),
    )


# --- reads --------------------------------------------------------------------------------------------------------

READ_COLUMNS = ", ".join(DOCUMENT_COLUMNS[:-1])


class IndexReader:
    """Read-only view of the stored index; ``IndexReader(None)`` is an empty history."""

    def __init__(self, wh: SqlConnection | Warehouse | None) -> None:
        self.wh = wh

    def _select(self, sql: str, params: Sequence) -> list[tuple]:
        return [] if self.wh is None else self.wh.fetchall(sql, params)

    def articles_sharing_bands(self, probes: Iterable[BandProbe]) -> dict[BandProbe, set[str]]:
        """(band position, key) → the stored article keys carrying that key at that position."""
        found: dict[BandProbe, set[str]] = defaultdict(set)
        unique = sorted(set(probes))
        if self.wh is None or not unique:
            return found
        sql, params = BAND_LOOKUP[self.wh.dialect](unique)
        for article_key, band, band_key in self._select(sql, params):
            found[(int(band), int(band_key))].add(article_key)
        return found

    def documents(self, keys: Iterable[str]) -> dict[str, DocumentFeatures]:
        unique = sorted(set(keys))
        if not unique:
            return {}
        sql = f"SELECT {READ_COLUMNS} FROM dedup_documents WHERE article_key = ANY(?)"
        return {row[0]: document_from_row(row) for row in self._select(sql, [unique])}

    def documents_between(self, lang: str, start_ts: int, end_ts: int) -> dict[str, DocumentFeatures]:
        """One edition's stored documents published in ``[start_ts, end_ts]`` (the cross-lingual window)."""
        sql = f"SELECT {READ_COLUMNS} FROM dedup_documents WHERE lang = ? AND published_ts BETWEEN ? AND ?"
        return {row[0]: document_from_row(row) for row in self._select(sql, (lang, start_ts, end_ts))}

    def documents_in_window(self, batch: Sequence[DocumentFeatures], window_s: int) -> dict[str, DocumentFeatures]:
        """The stored documents of each edition published within ``window_s`` of the other edition's dated batch
        articles (batch keys excluded): every stored partner a cross-lingual link could have."""
        in_batch = {doc.key for doc in batch}
        found: dict[str, DocumentFeatures] = {}
        for lang in sorted({*EDITIONS, *(doc.lang for doc in batch)}):
            dated = [doc.published_ts for doc in batch if doc.lang != lang and doc.published_ts is not None]
            if dated:
                stored = self.documents_between(lang, min(dated) - window_s, max(dated) + window_s)
                found.update((key, doc) for key, doc in stored.items() if key not in in_batch)
        return found

    def story_members(self, story_ids: Iterable[str]) -> list[DocumentFeatures]:
        unique = sorted(set(story_ids))
        if not unique:
            return []
        sql = f"SELECT {READ_COLUMNS} FROM dedup_documents WHERE story_id = ANY(?)"
        return [document_from_row(row) for row in self._select(sql, [unique])]


# --- writes -------------------------------------------------------------------------------------------------------


def _stage(wh: SqlConnection, stage: str, like_sql: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """An empty temporary table shaped by ``like_sql``, filled by the engine's bulk copy."""
    wh.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS {like_sql}")
    wh.execute(f"DELETE FROM {stage}")
    wh.copy_rows(stage, columns, rows)


def insert_rows(wh: SqlConnection, table: str, columns: Sequence[str], rows: Sequence[tuple], suffix: str = "") -> None:
    """Bulk INSERT through a staged copy (the engine's COPY / Arrow path) and one ``INSERT … SELECT``; ``suffix``
    is appended to it (``ON CONFLICT DO NOTHING``). Multi-row ``VALUES`` were the slow path this replaces."""
    if not rows:
        return
    cols = ", ".join(columns)
    stage = f"stage_insert_{table}"
    _stage(wh, stage, f"SELECT {cols} FROM {table} WHERE 1 = 0", columns, rows)
    wh.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} {suffix}")
    wh.execute(f"DELETE FROM {stage}")


def write_documents(wh: SqlConnection, docs: Sequence[DocumentFeatures]) -> None:
    """Upsert the index rows of ``docs``: re-writing the same rows changes nothing."""
    if not docs:
        return
    columns = ", ".join(DOCUMENT_COLUMNS)
    rows = list({doc.key: document_row(doc) for doc in docs}.values())
    _stage(wh, "stage_dedup_documents", f"SELECT {columns} FROM dedup_documents WHERE 1 = 0", DOCUMENT_COLUMNS, rows)
    updates = ", ".join(f"{c} = excluded.{c}" for c in DOCUMENT_COLUMNS[1:])
    wh.execute(
        f"INSERT INTO dedup_documents ({columns}) SELECT {columns} FROM stage_dedup_documents "
        f"ON CONFLICT (article_key) DO UPDATE SET {updates}"
    )
    wh.execute("DELETE FROM stage_dedup_documents")


ASSIGNMENT_STAGE = "stage_story_assignments"
ASSIGNMENT_CHANGED = "({t}.story_id IS DISTINCT FROM s.story_id OR {t}.is_canonical IS DISTINCT FROM s.is_canonical)"


def apply_assignments(
    wh: SqlConnection, stored: Sequence[tuple[str, str, bool]], batch: Sequence[tuple[str, str, bool]]
) -> None:
    """Bring ``dedup_documents`` (stored re-assignments) and ``articles`` (those plus the batch) up to date.

    One staged copy and one set-based UPDATE per table, touching only rows whose story or canonical flag differs —
    the batch's ``articles`` rows normally already carry their assignment (``load_articles`` wrote it). An article
    whose story really changes gets a new change stamp (``updated_at``, the incremental-sync watermark).
    """
    rows = list({key: (key, story_id, bool(canonical)) for key, story_id, canonical in [*batch, *stored]}.values())
    if not rows:
        return
    like = "SELECT article_key AS key, story_id, is_canonical, FALSE AS stored FROM dedup_documents WHERE 1 = 0"
    stored_keys = {key for key, _, _ in stored}
    staged = [(*row, row[0] in stored_keys) for row in rows]
    _stage(wh, ASSIGNMENT_STAGE, like, ("key", "story_id", "is_canonical", "stored"), staged)
    wh.execute(
        f"UPDATE dedup_documents SET story_id = s.story_id, is_canonical = s.is_canonical FROM {ASSIGNMENT_STAGE} s "
        f"WHERE s.stored AND dedup_documents.article_key = s.key AND {ASSIGNMENT_CHANGED.format(t='dedup_documents')}"
    )
    wh.execute(
        f"UPDATE articles SET story_id = s.story_id, is_canonical = s.is_canonical, updated_at = ? "
        f"FROM {ASSIGNMENT_STAGE} s WHERE articles.key = s.key AND {ASSIGNMENT_CHANGED.format(t='articles')}",
        [datetime.now(UTC)],
    )
    wh.execute(f"DELETE FROM {ASSIGNMENT_STAGE}")


# --- the one-off conversion of a 0002 index (called by migration 0007) -------------------------------------------

LEGACY_COLUMNS = DOCUMENT_COLUMNS[:-1]


def _legacy_signature(text: str) -> np.ndarray:
    """0002 stored base64 of 128 little-endian uint32."""
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)


def _legacy_anchors(text: str) -> frozenset[str]:
    return frozenset(json.loads(text))  # 0002 stored a JSON list


def legacy_document(row: Sequence) -> DocumentFeatures:
    return document_from_row(row, _legacy_signature, _legacy_anchors, _same, _same)


def document_0007(row: Sequence) -> DocumentFeatures:
    return document_from_row(row, signature=_decode_u16, anchor_text=_same, content_hash=_same)


def row_0007(doc: DocumentFeatures) -> tuple:
    """A row in 0007's stored forms (hex hash, plain anchors text, 16-bit signatures): what 0007's own step
    writes, before 0011."""
    row = document_row(doc, _encode_u16)
    return (*row[:5], doc.content_hash, *row[6:8], anchors_text(doc), *row[9:])


def row_0011(doc: DocumentFeatures) -> tuple:
    """A row in 0011's stored forms (16-bit signatures): what 0011's own step writes, before 0012."""
    return document_row(doc, _encode_u16)


def _move_rows(conn: SqlConnection, source: str, columns: Sequence[str], convert: Callable[[Sequence], tuple]) -> int:
    """Copy every row of ``source`` (a table a migration set aside) into ``dedup_documents`` through ``convert``,
    in key order and chunks, then drop ``source``."""
    moved, after = 0, ""
    while True:
        rows = conn.fetchall(
            f"SELECT {', '.join(columns)} FROM {source} WHERE article_key > ? ORDER BY article_key LIMIT ?",
            [after, MIGRATION_CHUNK],
        )
        if not rows:
            break
        conn.copy_rows("dedup_documents", DOCUMENT_COLUMNS, [convert(row) for row in rows])
        moved += len(rows)
        after = rows[-1][0]
    conn.execute(f"DROP TABLE {source}")
    if moved:
        log.info("dedup index: converted %d documents from %s", moved, source)
    return moved


def convert_legacy_index(conn: SqlConnection) -> int:
    """Move every row of the 0002 index (set aside as ``dedup_documents_0002`` by migration 0007) into 0007's
    compact table.

    Band keys are recomputed from the full 32-bit signatures the old rows still have, so history stays searchable.
    """
    return _move_rows(conn, "dedup_documents_0002", LEGACY_COLUMNS, lambda row: row_0007(legacy_document(row)))


def convert_0007_index(conn: SqlConnection) -> int:
    """Move every row of 0007's index (set aside as ``dedup_documents_0007`` by migration 0011) into 0011's layout
    (stored band keys are kept as they are: only the hash and anchors change form)."""
    return _move_rows(
        conn, "dedup_documents_0007", DOCUMENT_COLUMNS, lambda row: (*row_0011(document_0007(row))[:11], row[11])
    )


#: The signature columns of a stored row (:data:`DOCUMENT_COLUMNS` positions).
SIGNATURE_COLUMNS = tuple(DOCUMENT_COLUMNS.index(c) for c in ("signature", "text_en_signature", "text_id_signature"))


def low_bytes_of_0011(blob: bytes | memoryview | None) -> bytes | None:
    """An 0011 signature (128 little-endian 16-bit values) as 0012 stores it: the low byte of each value — exactly
    what :func:`signatures.encode` keeps of the full values."""
    return None if blob is None else bytes(blob)[::2]


def row_0012_from_0011(row: Sequence) -> tuple:
    return tuple(low_bytes_of_0011(v) if i in SIGNATURE_COLUMNS else v for i, v in enumerate(row))


def convert_0011_index(conn: SqlConnection) -> int:
    """Move every row of 0011's index (set aside as ``dedup_documents_0011`` by migration 0012) into 0012's table:
    the signatures keep their low 8 bits; everything else is copied as it is."""
    return _move_rows(conn, "dedup_documents_0011", DOCUMENT_COLUMNS, row_0012_from_0011)
