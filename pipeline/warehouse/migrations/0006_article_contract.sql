-- 0006: the article contract consumers build on (issue #13) — a monotonic change stamp for incremental sync,
-- retraction status, kanal and sub-section, where published_at came from, per-article translation flags; language
-- views that hold every live article (and *_all views that also hold retracted ones); daily counts per kanal.
ALTER TABLE articles ADD COLUMN updated_at TIMESTAMPTZ;
ALTER TABLE articles ADD COLUMN status TEXT DEFAULT 'live';
ALTER TABLE articles ADD COLUMN retracted_at TIMESTAMPTZ;
ALTER TABLE articles ADD COLUMN category TEXT;
ALTER TABLE articles ADD COLUMN subcategory TEXT;
ALTER TABLE articles ADD COLUMN published_at_source TEXT;
ALTER TABLE articles ADD COLUMN published_at_disagreement_s INTEGER;
ALTER TABLE articles ADD COLUMN translation_flags TEXT[];
-- Rows loaded before this migration: their last change is at most their last sighting.
UPDATE articles SET updated_at = last_seen, status = 'live';

-- dialect: postgres
-- DuckDB answers the range scan from its zone maps (an ART index would slow its upserts, see 0003).
CREATE INDEX articles_updated_at ON articles (updated_at);
CREATE INDEX articles_retracted ON articles (retracted_at) WHERE status = 'retracted';

-- dialect: all
DROP VIEW articles_en;
DROP VIEW articles_id;
DROP VIEW daily_counts;

CREATE VIEW articles_en_all AS
SELECT key, story_id, is_canonical, lang AS edition, lang <> 'en' AS is_translated,
       CASE WHEN lang = 'en' THEN 'original' ELSE translation_status END AS text_status,
       title_en AS title, body_en AS body, published_at, category, subcategory, categories, tags, url, reporter,
       editor, CASE WHEN lang <> 'en' THEN translation_model END AS translation_model,
       CASE WHEN lang <> 'en' THEN translation_flags END AS translation_flags,
       status, retracted_at, updated_at
FROM articles;

CREATE VIEW articles_id_all AS
SELECT key, story_id, is_canonical, lang AS edition, lang <> 'id' AS is_translated,
       CASE WHEN lang = 'id' THEN 'original' ELSE translation_status END AS text_status,
       title_id AS title, body_id AS body, published_at, category, subcategory, categories, tags, url, reporter,
       editor, CASE WHEN lang <> 'id' THEN translation_model END AS translation_model,
       CASE WHEN lang <> 'id' THEN translation_flags END AS translation_flags,
       status, retracted_at, updated_at
FROM articles;

CREATE VIEW articles_en AS SELECT * FROM articles_en_all WHERE status = 'live';
CREATE VIEW articles_id AS SELECT * FROM articles_id_all WHERE status = 'live';

CREATE VIEW daily_counts AS
SELECT CAST(COALESCE(published_at, fetched_at) AT TIME ZONE 'Asia/Jakarta' AS DATE) AS day,
       lang AS edition,
       COALESCE(category, categories[1], '(none)') AS category,
       COUNT(*) AS articles,
       COUNT(*) FILTER (WHERE is_canonical) AS canonical_articles,
       COUNT(*) FILTER (WHERE translation_status = 'done') AS translated_articles
FROM articles
WHERE status = 'live'
GROUP BY 1, 2, 3;
