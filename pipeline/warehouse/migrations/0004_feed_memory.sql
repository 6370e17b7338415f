-- 0004: a feed's last body digest and item links live with its state, so they advance only when a run's load
-- commits (a failed run re-reads the same items next time) and every worker, on any machine, sees the same memory.
ALTER TABLE feed_state ADD COLUMN body_sha256 TEXT;
ALTER TABLE feed_state ADD COLUMN last_links TEXT[];
