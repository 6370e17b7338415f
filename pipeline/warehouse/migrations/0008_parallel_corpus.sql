-- 0008: ANTARA's two editions as a parallel corpus (pipeline.align), and our translation scored against ANTARA's.
-- sentence_pairs: one row per sentence link of a cross-lingual story pair (story_links kind 'crosslingual'),
-- for the current revision of both articles; a re-load with unchanged content hashes keeps the rows, a new revision
-- of either article replaces the pair's rows. Sentence indexes are positions in pipeline.align.segment's split.
-- sentence_pair_scores: chrF/BLEU (sacrebleu, 0-100) of our MT of the source sentences against ANTARA's human
-- translation, one row per link, direction and model revision, so revisions can be compared on the same pairs.
-- Portable SQL: the same statements run on DuckDB and PostgreSQL.
CREATE TABLE sentence_pairs (
    id_key            TEXT NOT NULL,
    en_key            TEXT NOT NULL,
    link_index        INTEGER NOT NULL,
    story_id          TEXT,
    story_link_score  DOUBLE PRECISION,
    id_revision       INTEGER NOT NULL,
    en_revision       INTEGER NOT NULL,
    id_content_hash   TEXT NOT NULL,
    en_content_hash   TEXT NOT NULL,
    id_sentences      TEXT NOT NULL,
    en_sentences      TEXT NOT NULL,
    id_text           TEXT NOT NULL,
    en_text           TEXT NOT NULL,
    link_type         TEXT NOT NULL CHECK (link_type IN ('1-1', '1-2', '2-1')),
    score             DOUBLE PRECISION NOT NULL,
    method            TEXT NOT NULL,
    day               DATE,
    aligned_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id_key, en_key, link_index)
);

CREATE INDEX sentence_pairs_day ON sentence_pairs (day);

CREATE TABLE sentence_pair_scores (
    id_key       TEXT NOT NULL,
    en_key       TEXT NOT NULL,
    link_index   INTEGER NOT NULL,
    direction    TEXT NOT NULL CHECK (direction IN ('id-en', 'en-id')),
    model        TEXT NOT NULL,
    revision     TEXT NOT NULL,
    hypothesis   TEXT NOT NULL,
    chrf         DOUBLE PRECISION NOT NULL,
    bleu         DOUBLE PRECISION NOT NULL,
    day          DATE,
    scored_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (id_key, en_key, link_index, direction, model, revision)
);

-- Mean sentence-level chrF and BLEU per day (Asia/Jakarta publication day of the pair), direction and model
-- revision: the live quality of our translation against ANTARA's translators.
CREATE VIEW translation_quality_daily AS
SELECT day, direction, model, revision, COUNT(*) AS pairs,
       ROUND(CAST(AVG(chrf) AS NUMERIC), 2) AS chrf,
       ROUND(CAST(AVG(bleu) AS NUMERIC), 2) AS bleu
FROM sentence_pair_scores
GROUP BY day, direction, model, revision;
