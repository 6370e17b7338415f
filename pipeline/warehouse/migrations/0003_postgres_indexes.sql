-- 0003: lookup indexes for PostgreSQL. DuckDB answers these scans from its min/max zone maps, and an ART index would
-- only slow its upserts down, so the block is PostgreSQL-only (see the dialect convention in migrate.py).
-- dialect: postgres
CREATE INDEX articles_story_id ON articles (story_id);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_translation_todo ON articles (lang, published_at) WHERE translation_status <> 'done';
CREATE INDEX fetch_log_fetched_at ON fetch_log (fetched_at);
CREATE INDEX story_links_b_key ON story_links (b_key);
