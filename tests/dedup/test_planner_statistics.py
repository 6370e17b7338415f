"""The load keeps the dedup index's planner statistics current itself (autovacuum's rule), so that PostgreSQL answers
a day's band lookup from the 32 per-position indexes even on a server without autovacuum: without statistics it
assumed a fixed share of the table per probe key and scanned the whole table 32 times per partition."""

from __future__ import annotations

import re

from dedup.test_index_size import invented_documents, write_in_batches
from pipeline.dedup import store
from pipeline.warehouse import Warehouse


def estimated_band_matches(wh: Warehouse, docs: list) -> int:
    """The planner's row estimate for the first band position's lookup of ``docs``' keys (none of them stored)."""
    probes = [probe for doc in docs for probe in store.band_probes(doc)]
    sql, params = store.BAND_LOOKUP["postgres"](sorted(set(probes)))
    plan = wh.fetchall("EXPLAIN " + sql.split(" UNION ALL ")[0], params[:1])[0][0]
    return int(re.search(r"rows=(\d+)", plan)[1])


def written(wh: Warehouse, docs: list, size: int) -> None:
    """Rows written, and this session's table counters flushed to the statistics views (a load's own connection
    ends after its partition, which flushes them; within one session PostgreSQL defers that for up to a second)."""
    write_in_batches(wh, docs, size=size)
    wh.fetchall("SELECT pg_stat_force_next_flush()")


def test_the_load_analyzes_a_grown_index_and_its_band_lookup_uses_the_indexes(pg_uri: str) -> None:
    docs = invented_documents(2600)
    stored, probing = docs[:2000], docs[2000:]
    with Warehouse.open(pg_uri, auto_migrate=True) as wh:
        wh.execute("ALTER TABLE dedup_documents SET (autovacuum_enabled = false)")  # as on a server without it
        written(wh, stored, 500)
        # 600 probe keys, each (nearly) unique: without statistics the planner's fixed guess is most of the table,
        # which makes it scan the whole table per band position; with them, about one row per key
        assert estimated_band_matches(wh, probing) > 1500
        assert wh.refresh_statistics(["dedup_documents"]) == ["dedup_documents"]
        assert estimated_band_matches(wh, probing) < 900
        assert wh.refresh_statistics(["dedup_documents"]) == []  # nothing changed since: nothing to do
        written(wh, probing[:100], 100)  # 100 rows: under autovacuum's 50 + 10 % of 2,000
        assert wh.refresh_statistics(["dedup_documents"]) == []
        written(wh, probing[100:], 500)
        assert wh.refresh_statistics(["dedup_documents"]) == ["dedup_documents"]


def test_duckdb_keeps_its_own_statistics(duckdb_uri: str) -> None:
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh:
        assert wh.refresh_statistics(["dedup_documents"]) == []
