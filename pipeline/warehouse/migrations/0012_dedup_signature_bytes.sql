-- 0012: MinHash signatures stored as their low 8 bits (128 bytes) instead of 16 (256): b-bit minwise hashing with
-- the chance agreements removed by the estimator (pipeline.dedup.signatures.jaccard_from_agreement), an estimate
-- as sharp to 1-2 %. 256 bytes less per article with two signatures, 384 with a translation's third — what brings
-- PostgreSQL's index under 2 KB per article (0011: ~2.2 KB after VACUUM at 100,000 articles). The layout and the
-- indexes are 0011's. The old rows are set aside here and converted by this migration's Python step
-- (pipeline.dedup.store.convert_0011_index: the low byte of each stored value) in the same transaction, which
-- drops the copy.
CREATE TABLE dedup_documents_0011 AS SELECT * FROM dedup_documents;
DROP TABLE dedup_documents;

CREATE TABLE dedup_documents (
    published_ts BIGINT,
    shingle_count INTEGER NOT NULL,
    is_canonical BOOLEAN NOT NULL,
    article_key TEXT PRIMARY KEY,
    lang TEXT NOT NULL,
    story_id TEXT NOT NULL,
    content_hash BYTEA NOT NULL,
    signature BYTEA NOT NULL,
    anchors BYTEA NOT NULL,
    text_en_signature BYTEA,
    text_id_signature BYTEA,
    band_keys INTEGER[] NOT NULL
);

-- dialect: postgres
CREATE INDEX dedup_documents_story ON dedup_documents (story_id);
CREATE INDEX dedup_documents_published ON dedup_documents USING brin (published_ts);
CREATE INDEX dedup_documents_band_1 ON dedup_documents ((band_keys[1]));
CREATE INDEX dedup_documents_band_2 ON dedup_documents ((band_keys[2]));
CREATE INDEX dedup_documents_band_3 ON dedup_documents ((band_keys[3]));
CREATE INDEX dedup_documents_band_4 ON dedup_documents ((band_keys[4]));
CREATE INDEX dedup_documents_band_5 ON dedup_documents ((band_keys[5]));
CREATE INDEX dedup_documents_band_6 ON dedup_documents ((band_keys[6]));
CREATE INDEX dedup_documents_band_7 ON dedup_documents ((band_keys[7]));
CREATE INDEX dedup_documents_band_8 ON dedup_documents ((band_keys[8]));
CREATE INDEX dedup_documents_band_9 ON dedup_documents ((band_keys[9]));
CREATE INDEX dedup_documents_band_10 ON dedup_documents ((band_keys[10]));
CREATE INDEX dedup_documents_band_11 ON dedup_documents ((band_keys[11]));
CREATE INDEX dedup_documents_band_12 ON dedup_documents ((band_keys[12]));
CREATE INDEX dedup_documents_band_13 ON dedup_documents ((band_keys[13]));
CREATE INDEX dedup_documents_band_14 ON dedup_documents ((band_keys[14]));
CREATE INDEX dedup_documents_band_15 ON dedup_documents ((band_keys[15]));
CREATE INDEX dedup_documents_band_16 ON dedup_documents ((band_keys[16]));
CREATE INDEX dedup_documents_band_17 ON dedup_documents ((band_keys[17]));
CREATE INDEX dedup_documents_band_18 ON dedup_documents ((band_keys[18]));
CREATE INDEX dedup_documents_band_19 ON dedup_documents ((band_keys[19]));
CREATE INDEX dedup_documents_band_20 ON dedup_documents ((band_keys[20]));
CREATE INDEX dedup_documents_band_21 ON dedup_documents ((band_keys[21]));
CREATE INDEX dedup_documents_band_22 ON dedup_documents ((band_keys[22]));
CREATE INDEX dedup_documents_band_23 ON dedup_documents ((band_keys[23]));
CREATE INDEX dedup_documents_band_24 ON dedup_documents ((band_keys[24]));
CREATE INDEX dedup_documents_band_25 ON dedup_documents ((band_keys[25]));
CREATE INDEX dedup_documents_band_26 ON dedup_documents ((band_keys[26]));
CREATE INDEX dedup_documents_band_27 ON dedup_documents ((band_keys[27]));
CREATE INDEX dedup_documents_band_28 ON dedup_documents ((band_keys[28]));
CREATE INDEX dedup_documents_band_29 ON dedup_documents ((band_keys[29]));
CREATE INDEX dedup_documents_band_30 ON dedup_documents ((band_keys[30]));
CREATE INDEX dedup_documents_band_31 ON dedup_documents ((band_keys[31]));
CREATE INDEX dedup_documents_band_32 ON dedup_documents ((band_keys[32]));
-- Small statistics targets: the load ANALYZEs this table as it grows (pipeline.warehouse.core.refresh_statistics,
-- autovacuum's rule) so that the planner answers band, story and window lookups from the indexes; a 3,000-row
-- sample tells it what matters here — the keys are nearly unique — in 40 ms, where the default 30,000-row one
-- took 0.95 s at 100,000 articles (32 expression indexes).
ALTER TABLE dedup_documents ALTER COLUMN published_ts SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN shingle_count SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN is_canonical SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN article_key SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN lang SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN story_id SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN content_hash SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN signature SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN anchors SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN text_en_signature SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN text_id_signature SET STATISTICS 10;
ALTER TABLE dedup_documents ALTER COLUMN band_keys SET STATISTICS 10;
ALTER INDEX dedup_documents_band_1 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_2 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_3 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_4 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_5 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_6 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_7 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_8 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_9 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_10 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_11 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_12 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_13 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_14 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_15 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_16 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_17 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_18 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_19 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_20 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_21 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_22 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_23 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_24 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_25 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_26 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_27 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_28 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_29 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_30 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_31 ALTER COLUMN 1 SET STATISTICS 10;
ALTER INDEX dedup_documents_band_32 ALTER COLUMN 1 SET STATISTICS 10;
