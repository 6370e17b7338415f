-- 0009: every run's data-quality checks, so the dashboard can show observed vs allowed values, their trend over
-- runs and the sample offending articles (written by pipeline.warehouse.check_results.save_check_report).
-- sample_keys is a JSON text array of article keys (portable: no JSON type needed on either engine).
CREATE TABLE check_results (
    run_id      TEXT NOT NULL,
    checked_at  TIMESTAMPTZ NOT NULL,
    check_name  TEXT NOT NULL,
    ok          BOOLEAN NOT NULL,
    observed    BIGINT NOT NULL,
    allowed     BIGINT NOT NULL,
    checked     BIGINT NOT NULL,
    detail      TEXT,
    sample_keys TEXT NOT NULL,
    PRIMARY KEY (run_id, check_name)
);

CREATE INDEX check_results_by_time ON check_results (checked_at);

-- When a row reached the warehouse, apart from when it was fetched: a replayed archive's fetched_at is the archive's
-- time, and the dashboard plots activity by ingest time (it is filled by the default, so no writer changes).
ALTER TABLE fetch_log ADD COLUMN ingested_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE articles ADD COLUMN ingested_at TIMESTAMPTZ DEFAULT CURRENT_TIMESTAMP;
