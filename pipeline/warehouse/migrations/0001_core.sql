-- 0001: the core warehouse — articles and their revisions, feeds, fetch log, translation cache, story links,
-- and the consumer views. Portable SQL: the same text runs on DuckDB and PostgreSQL (see pipeline/warehouse/migrate.py
-- for the `-- dialect:` convention used when an engine needs its own variant).
-- No foreign keys: DuckDB cannot update a referenced row, so referential integrity is a data-quality check instead
-- (pipeline.warehouse.checks: no_orphans).

CREATE TABLE articles (
    key                  TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    host                 TEXT NOT NULL,
    content_type         TEXT NOT NULL,
    antara_id            BIGINT NOT NULL,
    lang                 TEXT NOT NULL CHECK (lang IN ('id', 'en')),
    detected_lang        TEXT,
    lang_confidence      DOUBLE PRECISION,
    categories           TEXT[] NOT NULL,
    feeds                TEXT[] NOT NULL,
    title_id             TEXT,
    body_id              TEXT,
    title_en             TEXT,
    body_en              TEXT,
    published_at         TIMESTAMPTZ,
    fetched_at           TIMESTAMPTZ NOT NULL,
    first_seen           TIMESTAMPTZ NOT NULL,
    last_seen            TIMESTAMPTZ NOT NULL,
    content_hash         TEXT NOT NULL,
    reporter             TEXT,
    editor               TEXT,
    translator           TEXT,
    tags                 TEXT[] NOT NULL,
    image_url            TEXT,
    image_caption        TEXT,
    word_count           INTEGER NOT NULL,
    translation_status   TEXT NOT NULL CHECK (translation_status IN ('done', 'pending', 'failed')),
    translation_model    TEXT,
    translation_engine   TEXT,
    translation_revision TEXT,
    translation_error    TEXT,
    story_id             TEXT,
    is_canonical         BOOLEAN NOT NULL,
    revision             INTEGER NOT NULL CHECK (revision >= 1),
    run_id               TEXT NOT NULL,
    UNIQUE (host, content_type, antara_id)
);

CREATE TABLE article_revisions (
    key                TEXT NOT NULL,
    revision           INTEGER NOT NULL,
    content_hash       TEXT NOT NULL,
    title_id           TEXT,
    body_id            TEXT,
    title_en           TEXT,
    body_en            TEXT,
    published_at       TIMESTAMPTZ,
    fetched_at         TIMESTAMPTZ NOT NULL,
    translation_status TEXT NOT NULL,
    translation_model  TEXT,
    changed            TEXT[] NOT NULL,
    superseded_at      TIMESTAMPTZ NOT NULL,
    run_id             TEXT NOT NULL,
    PRIMARY KEY (key, revision)
);

CREATE TABLE feeds (
    name     TEXT PRIMARY KEY,
    url      TEXT NOT NULL,
    lang     TEXT CHECK (lang IN ('id', 'en')),
    category TEXT
);

CREATE TABLE feed_state (
    feed                 TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    etag                 TEXT,
    last_modified        TEXT,
    last_status          INTEGER,
    last_error           TEXT,
    last_checked_at      TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    consecutive_failures INTEGER NOT NULL,
    items_seen           INTEGER NOT NULL,
    new_items            INTEGER NOT NULL,
    backoff_until        TIMESTAMPTZ
);

CREATE TABLE fetch_log (
    url        TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('feed', 'page', 'robots')),
    fetched_at TIMESTAMPTZ NOT NULL,
    status     INTEGER,
    outcome    TEXT NOT NULL,
    bytes      BIGINT NOT NULL,
    feed       TEXT,
    error      TEXT,
    PRIMARY KEY (url, kind, fetched_at)
);

CREATE TABLE translation_cache (
    model_key     TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    source        TEXT NOT NULL,
    translation   TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (model_key, source_sha256)
);

CREATE TABLE story_links (
    a_key    TEXT NOT NULL,
    b_key    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('near_duplicate', 'crosslingual')),
    score    DOUBLE PRECISION NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (a_key, b_key, kind),
    CHECK (a_key < b_key)
);

-- Consumer views --------------------------------------------------------------------------------------------------

CREATE VIEW articles_en AS
SELECT key, story_id, is_canonical, lang AS edition, lang <> 'en' AS is_translated,
       title_en AS title, body_en AS body, published_at, categories, tags, url, reporter, editor,
       CASE WHEN lang <> 'en' THEN translation_model END AS translation_model
FROM articles
WHERE lang = 'en' OR (translation_status = 'done' AND body_en IS NOT NULL);

CREATE VIEW articles_id AS
SELECT key, story_id, is_canonical, lang AS edition, lang <> 'id' AS is_translated,
       title_id AS title, body_id AS body, published_at, categories, tags, url, reporter, editor,
       CASE WHEN lang <> 'id' THEN translation_model END AS translation_model
FROM articles
WHERE lang = 'id' OR (translation_status = 'done' AND body_id IS NOT NULL);

CREATE VIEW stories AS
WITH ranked AS (
    SELECT COALESCE(story_id, key) AS story, key, lang, title_id, body_id, title_en, body_en, published_at,
           ROW_NUMBER() OVER (
               PARTITION BY COALESCE(story_id, key), lang
               ORDER BY is_canonical DESC, published_at NULLS LAST, key
           ) AS rank_in_edition
    FROM articles
),
story_sizes AS (
    SELECT story, COUNT(*) AS articles, MIN(published_at) AS first_published_at
    FROM ranked
    GROUP BY story
)
SELECT s.story AS story_id,
       i.key AS id_key,
       e.key AS en_key,
       COALESCE(i.title_id, e.title_id) AS title_id,
       COALESCE(i.body_id, e.body_id) AS body_id,
       COALESCE(e.title_en, i.title_en) AS title_en,
       COALESCE(e.body_en, i.body_en) AS body_en,
       i.key IS NULL AS id_is_translation,
       e.key IS NULL AS en_is_translation,
       s.articles,
       s.first_published_at
FROM story_sizes s
LEFT JOIN ranked i ON i.story = s.story AND i.lang = 'id' AND i.rank_in_edition = 1
LEFT JOIN ranked e ON e.story = s.story AND e.lang = 'en' AND e.rank_in_edition = 1;

CREATE VIEW daily_counts AS
SELECT CAST(published_local AS DATE) AS day, edition, category,
       COUNT(*) AS articles,
       COUNT(*) FILTER (WHERE is_canonical) AS canonical_articles,
       COUNT(*) FILTER (WHERE translation_status = 'done') AS translated_articles
FROM (
    SELECT COALESCE(published_at, fetched_at) AT TIME ZONE 'Asia/Jakarta' AS published_local,
           lang AS edition, is_canonical, translation_status,
           UNNEST(CASE WHEN CARDINALITY(categories) = 0 THEN ARRAY['(none)'] ELSE categories END) AS category
    FROM articles
) per_category
GROUP BY CAST(published_local AS DATE), edition, category;
