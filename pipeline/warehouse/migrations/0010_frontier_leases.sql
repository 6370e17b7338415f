-- 0010: frontier leases. collect leases the keys its run will fetch in a short committed transaction, so two runs on
-- one warehouse (any data dir, CLI or DAG) never fetch the same URL twice; the run's load releases them in its own
-- transaction. A lease past lease_until (a crashed run) is taken over by the next run that wants the key.
-- run_lock: the data dir's run lock the leasing run held for its whole run (the CLI); a run holding that lock now knows
-- the lessee is gone (killed) and takes its leases over at once, so a rerun after kill -9 converges.
CREATE TABLE frontier_leases (
    key         TEXT PRIMARY KEY,
    run_id      TEXT NOT NULL,
    leased_at   TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    run_lock    TEXT
);

CREATE INDEX frontier_leases_by_run ON frontier_leases (run_id);
