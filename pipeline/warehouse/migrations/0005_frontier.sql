-- 0005: the article frontier and the quarantine.
-- frontier: one row per discovered article key until it is loaded or given up. Transient faults come back when
-- next_attempt_at is due (exponential back-off within a budget), so a feed's validators can advance without losing a
-- page that failed once. Rows change only in a run's load transaction, together with the articles and feed state.
-- quarantine: items held back before load because they break a schema limit (one row per item and run).

CREATE TABLE frontier (
    key             TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('feed', 'backfill', 'recheck')),
    source_name     TEXT,
    state           TEXT NOT NULL CHECK (
        state IN ('discovered', 'fetched', 'loaded', 'failed', 'given_up', 'quarantined', 'retracted')
    ),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    last_error_at   TIMESTAMPTZ,
    retry_since     TIMESTAMPTZ,
    first_seen_at   TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    ref             TEXT  -- the ArticleRef (JSON) a retry fetches with; NULL for rows written by other tools
);

CREATE INDEX frontier_due ON frontier (state, next_attempt_at);

CREATE TABLE quarantine (
    id             TEXT PRIMARY KEY,
    run_id         TEXT NOT NULL,
    stage          TEXT NOT NULL,
    key            TEXT,
    url            TEXT,
    reason         TEXT NOT NULL,
    detail         TEXT NOT NULL,
    quarantined_at TIMESTAMPTZ NOT NULL
);

CREATE VIEW frontier_status AS
SELECT state, COUNT(*) AS items,
       SUM(CASE WHEN state IN ('discovered', 'failed') THEN 1 ELSE 0 END) AS pending,
       MIN(next_attempt_at) AS next_attempt_at
FROM frontier
GROUP BY state;

CREATE VIEW frontier_problems AS
SELECT f.key, f.url, f.state, f.attempts, f.last_error AS reason, f.last_error_at, f.next_attempt_at,
       f.source, f.source_name, f.first_seen_at, q.detail
FROM frontier f
LEFT JOIN (
    SELECT key, MAX(detail) AS detail FROM quarantine WHERE key IS NOT NULL GROUP BY key
) q ON q.key = f.key
WHERE f.state IN ('failed', 'given_up', 'quarantined');
