-- 0007: a compact dedup index (owned by pipeline.dedup.store). 0002 kept 32 band rows per article keyed by its text
-- key, with three indexes, and signatures as base64 text: 6.5-7.3 KB per article. Now one row per article:
-- 16-bit MinHash signatures as bytes, anchors as one separator-joined text, the 32 band keys as an INTEGER[].
-- The old rows are set aside here; the Python step of this migration (pipeline.dedup.store.convert_legacy_index)
-- converts them (recomputing band keys from the full signatures) in the same transaction and drops the copy.
-- (A copy, not a rename: DuckDB cannot bind a renamed table that had a key, and PostgreSQL would keep its index names.)
CREATE TABLE dedup_documents_0002 AS SELECT * FROM dedup_documents;
DROP TABLE dedup_lsh_bands;
DROP TABLE dedup_documents;

-- BYTEA is DuckDB's BLOB (an alias), so one definition serves both engines.
CREATE TABLE dedup_documents (
    article_key TEXT PRIMARY KEY,
    lang TEXT NOT NULL,
    published_ts BIGINT,
    story_id TEXT NOT NULL,
    is_canonical BOOLEAN NOT NULL,
    content_hash TEXT NOT NULL,
    shingle_count INTEGER NOT NULL,
    signature BYTEA NOT NULL,
    anchors TEXT NOT NULL,
    text_en_signature BYTEA,
    text_id_signature BYTEA,
    band_keys INTEGER[] NOT NULL
);

-- dialect: postgres
-- Story members and the cross-lingual time window are index lookups; band keys go through one GIN index.
-- (DuckDB answers the window and story scans from zone maps and the band lookup with one vectorised hash join; only
-- the key, needed for the upsert, is indexed there.)
CREATE INDEX dedup_documents_story ON dedup_documents (story_id);
CREATE INDEX dedup_documents_published ON dedup_documents (lang, published_ts);
CREATE INDEX dedup_documents_bands ON dedup_documents USING gin (band_keys);
