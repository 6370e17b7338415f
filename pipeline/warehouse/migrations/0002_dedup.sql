-- 0002: persistent state of the near-duplicate / story index (owned by pipeline.dedup).
-- Portable SQL: the same statements run on DuckDB and PostgreSQL.
-- dedup_documents: one row per indexed article (its MinHash signature, anchor tokens and story).
-- Timestamps are epoch seconds so that window queries compare plain integers on both engines.
CREATE TABLE IF NOT EXISTS dedup_documents (
    article_key TEXT PRIMARY KEY,
    lang TEXT NOT NULL,
    published_ts BIGINT,
    story_id TEXT NOT NULL,
    is_canonical BOOLEAN NOT NULL,
    content_hash TEXT NOT NULL,
    shingle_count INTEGER NOT NULL,
    signature TEXT NOT NULL,
    anchors TEXT NOT NULL,
    text_en_signature TEXT,
    text_id_signature TEXT
);

CREATE INDEX IF NOT EXISTS dedup_documents_story ON dedup_documents (story_id);

CREATE INDEX IF NOT EXISTS dedup_documents_published ON dedup_documents (lang, published_ts);

-- dedup_lsh_bands: the LSH buckets, one row per (band key, article), band keys hash band number and edition.
CREATE TABLE IF NOT EXISTS dedup_lsh_bands (
    band_key BIGINT NOT NULL,
    article_key TEXT NOT NULL,
    PRIMARY KEY (band_key, article_key)
);

-- A single-column index for the band lookup: DuckDB only uses it (not the composite key) for band_key IN (...),
-- which keeps a query at about 1-2 ms instead of a scan that grows with the index.
CREATE INDEX IF NOT EXISTS dedup_lsh_bands_band ON dedup_lsh_bands (band_key);

CREATE INDEX IF NOT EXISTS dedup_lsh_bands_article ON dedup_lsh_bands (article_key);
