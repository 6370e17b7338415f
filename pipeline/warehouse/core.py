"""The :class:`Warehouse`: one connection (migrated only by the migrators), with transactional and idempotent loads."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Self

from pipeline.models import Article, FeedState, FetchEvent, StoryLink
from pipeline.models import Feed as FeedConfig
from pipeline.warehouse.articles import (
    ARTICLE_COLUMNS,
    REVISION_COLUMNS,
    Merge,
    Row,
    as_utc,
    merge,
    retract,
    row_to_article,
)
from pipeline.warehouse.connection import (
    DEFAULT_LOCK_TIMEOUT_S,
    Connection,
    Dialect,
    WarehouseError,
    connect,
)
from pipeline.warehouse.migrate import migrate, require_migrated
from pipeline.warehouse.translation_cache import WarehouseTranslationCache

log = logging.getLogger(__name__)
#: PostgreSQL's autovacuum analyze rule (``autovacuum_analyze_threshold``, ``autovacuum_analyze_scale_factor``
#: defaults): a table is re-analyzed once this many rows plus this share of it changed.
ANALYZE_THRESHOLD = 50
ANALYZE_SCALE_FACTOR = 0.1

_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
FEED_STATE_COLUMNS = tuple(FeedState.model_fields)
FETCH_LOG_COLUMNS = ("url", "kind", "fetched_at", "status", "outcome", "bytes", "feed", "error")
STORY_LINK_COLUMNS = ("a_key", "b_key", "kind", "score", "evidence")
DIRECTIONS = {"id": "id-en", "en": "en-id"}


@dataclass
class LoadStats:
    """What one ``load_articles`` call did, per incoming article."""

    inserted: int = 0
    updated: int = 0
    revised: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.revised + self.unchanged

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def summary(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.as_dict().items())


class Warehouse:
    """The bilingual article warehouse on DuckDB or PostgreSQL; use ``with Warehouse.open(uri) as wh``."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._depth = 0

    # -- opening -------------------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        uri: str,
        *,
        connection_factory: Callable[[], Any] | None = None,
        lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
        auto_migrate: bool | None = None,
        duckdb_memory_limit: str | None = None,
    ) -> Self:
        """Connect (DuckDB: take the file lock); ``auto_migrate=True`` brings the schema up to date.

        Migrating is the migrators' job (planning, ``pipeline migrate``, ``make airflow-init``), so by default an open
        issues no DDL and fails with one line (:class:`SchemaNotMigrated`) when a migration is pending;
        ``auto_migrate=False`` neither migrates nor checks (a dashboard that reports an empty warehouse itself).

        ``duckdb_memory_limit`` caps DuckDB's buffer pool (default ``config.DEFAULT_DUCKDB_MEMORY_LIMIT``).
        ``connection_factory`` returns a ready psycopg 3 connection (e.g. ``PostgresHook(...).get_conn``) and then
        wins over ``uri``'s connection details, so Airflow/OpenLineage see the hook's connection.
        """
        conn = connect(
            uri,
            connection_factory=connection_factory,
            lock_timeout_s=lock_timeout_s,
            duckdb_memory_limit=duckdb_memory_limit,
        )
        try:
            if auto_migrate:
                applied = migrate(conn)
                if applied:
                    log.info("warehouse migrated: applied %s", ", ".join(applied))
            elif auto_migrate is None:
                require_migrated(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    @classmethod
    def from_airflow(cls, conn_id: str = "antara_warehouse", **options: Any) -> Self:
        """Open the warehouse an Airflow connection names: PostgreSQL through the provider's hook, DuckDB by URI."""
        from airflow.sdk.bases.hook import BaseHook

        airflow_conn = BaseHook.get_connection(conn_id)
        if airflow_conn.conn_type in ("postgres", "postgresql"):
            from airflow.providers.postgres.hooks.postgres import PostgresHook

            hook = PostgresHook(postgres_conn_id=conn_id)
            return cls.open("postgresql://", connection_factory=hook.get_conn, **options)
        if airflow_conn.conn_type == "duckdb":
            # Airflow parses duckdb:///PATH into an empty host and PATH as the schema.
            return cls.open(f"duckdb:///{airflow_conn.host or ''}{airflow_conn.schema}", **options)
        kind = airflow_conn.conn_type
        raise WarehouseError(f"Airflow connection {conn_id!r} has type {kind!r}: use postgres or duckdb")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plain SQL -----------------------------------------------------------------------------------------------

    @property
    def dialect(self) -> Dialect:
        return self._conn.dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._conn.execute(sql, params)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._conn.fetchall(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Append rows with the engine's bulk path (PostgreSQL ``COPY``, DuckDB Arrow); for staging tables."""
        self._conn.copy_rows(table, columns, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; a nested ``transaction()`` joins the outer one (no savepoints)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._conn.execute("BEGIN")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._conn.execute("COMMIT")

    def refresh_statistics(self, tables: Sequence[str]) -> list[str]:
        """ANALYZE those of ``tables`` (PostgreSQL) that changed by more than autovacuum's own analyze rule since
        their last ANALYZE; returns the ones analyzed. DuckDB keeps its own statistics.

        Why here: a load's lookups (``band_keys[i] = ANY(…)``, ``story_id = ANY(…)``, the publication window) are
        answered by indexes only when the planner knows how few rows match. With no statistics — a server without
        autovacuum, or a backfill outrunning it — it assumes a fixed share of the table per key and picks
        sequential scans (at 100,000 articles 28 ms per band position where the index answers in 2 ms), 32 of them
        per day partition, growing with the warehouse."""
        if self.dialect != "postgres" or not tables:
            return []
        rows = self.fetchall(
            "SELECT c.relname, c.reltuples, s.n_mod_since_analyze "
            "FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.relname = ANY(?)",
            [list(tables)],
        )
        # reltuples is -1 until a table's first VACUUM or ANALYZE: then the threshold alone counts
        stale = [
            name
            for name, tuples, changed in rows
            if changed > ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR * max(float(tuples), 0.0)
        ]
        for name in sorted(stale):
            self.execute(f"ANALYZE {name}")
        return sorted(stale)

    def count(self, table_or_view: str) -> int:
        if not _IDENTIFIER.match(table_or_view):
            raise WarehouseError(f"not a table or view name: {table_or_view!r}")
        return int(self.fetchall(f"SELECT COUNT(*) FROM {table_or_view}")[0][0])

    # -- bulk staging --------------------------------------------------------------------------------------------

    def _bulk_write(
        self,
        table: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        conflict: Sequence[str],
        update: Sequence[str] | None,
        update_where: str | None = None,
    ) -> None:
        """Stage rows in a temp table (PostgreSQL: COPY) and merge them with one set-based upsert.

        ``update_where``: a condition on the existing row (``{table}.col``) and ``excluded`` under which a conflicting
        row is updated; otherwise it is kept (a lease held by another live run)."""
        if not rows:
            return
        stage = f"stage_{table}"
        cols = ", ".join(columns)
        action = "DO NOTHING" if not update else "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in update)
        if update and update_where:
            action += f" WHERE {update_where}"
        with self.transaction():
            self.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {cols} FROM {table} WHERE 1 = 0")
            self.execute(f"DELETE FROM {stage}")
            self._conn.copy_rows(stage, columns, rows)
            self.execute(
                f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} ON CONFLICT ({', '.join(conflict)}) {action}"
            )
            self.execute(f"DELETE FROM {stage}")

    # -- articles ------------------------------------------------------------------------------------------------

    def _current_rows(self, keys: list[str]) -> dict[str, Row]:
        if not keys:
            return {}
        rows = self.fetchall(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE key = ANY(?)", [keys])
        return {row[0]: dict(zip(ARTICLE_COLUMNS, row, strict=True)) for row in rows}

    def load_articles(self, articles: list[Article], *, run_id: str, loaded_at: datetime | None = None) -> LoadStats:
        """Insert new articles, revise changed ones, refresh the rest — one transaction, idempotent.

        ``loaded_at`` (default: now) stamps ``updated_at`` on the rows this load really changes.
        """
        stats = LoadStats()
        loaded_at = loaded_at or datetime.now(UTC)
        ordered = sorted(articles, key=lambda a: (as_utc(a.fetched_at), a.key))
        with self.transaction():
            current = self._current_rows(list(dict.fromkeys(a.key for a in ordered)))
            final: dict[str, Row] = {}
            revisions: list[Row] = []
            for article in ordered:
                result: Merge = merge(final.get(article.key) or current.get(article.key), article, run_id, loaded_at)
                setattr(stats, result.outcome, getattr(stats, result.outcome) + 1)
                if result.revision is not None:
                    revisions.append(result.revision)
                final[article.key] = result.row
            dirty = [row for key, row in final.items() if row != current.get(key)]
            self._bulk_write(
                "articles",
                ARTICLE_COLUMNS,
                [[row[c] for c in ARTICLE_COLUMNS] for row in dirty],
                conflict=["key"],
                update=ARTICLE_COLUMNS[1:],
            )
            self._bulk_write(
                "article_revisions",
                REVISION_COLUMNS,
                [[row[c] for c in REVISION_COLUMNS] for row in revisions],
                conflict=["key", "revision"],
                update=None,
            )
        log.info("loaded %d articles for run %s: %s", len(articles), run_id, stats.summary())
        return stats

    def mark_retracted(self, keys: Iterable[str], at: datetime, run_id: str) -> int:
        """Mark stored articles retracted (a re-check got 404/410 or a redirect home); returns how many changed.

        The text stays; the version before the retraction becomes an ``article_revisions`` row (``changed`` =
        ``['status']``); ``updated_at`` moves. A later load of the page (a 200) makes the row live again.
        Unknown and already retracted keys are left alone.
        """
        wanted = list(dict.fromkeys(keys))
        with self.transaction():
            current = self._current_rows(wanted)
            results = [retract(row, at, run_id) for row in current.values()]
            changed = [r for r in results if r.revision is not None]
            self._bulk_write(
                "articles",
                ARTICLE_COLUMNS,
                [[r.row[c] for c in ARTICLE_COLUMNS] for r in changed],
                conflict=["key"],
                update=ARTICLE_COLUMNS[1:],
            )
            self._bulk_write(
                "article_revisions",
                REVISION_COLUMNS,
                [[r.revision[c] for c in REVISION_COLUMNS] for r in changed if r.revision],
                conflict=["key", "revision"],
                update=None,
            )
        log.info("run %s: %d of %d articles marked retracted", run_id, len(changed), len(wanted))
        return len(changed)

    def known_articles(self, keys: list[str]) -> dict[str, datetime]:
        """key -> last fetched_at, for the keys already in the warehouse."""
        if not keys:
            return {}
        return dict(self.fetchall("SELECT key, fetched_at FROM articles WHERE key = ANY(?)", [list(keys)]))

    def articles_needing_translation(
        self, current_models: dict[str, str], limit: int, *, include_flagged: bool = False
    ) -> list[Article]:
        """Articles whose translation is pending/failed, or was made by another model than the configured one.

        ``current_models`` maps "id-en"/"en-id" to a model key; a stored translation matches when its model name, or
        ``model@revision``, equals it. A direction missing from the mapping only re-queues pending/failed ones.
        ``include_flagged`` also re-queues DONE translations that carry quality flags (``translation_flags``).
        """
        clauses, params = ["translation_status <> 'done'"], []
        if include_flagged:
            clauses.append("COALESCE(CARDINALITY(translation_flags), 0) > 0")
        for lang, direction in DIRECTIONS.items():
            if direction in current_models:
                clauses.append(
                    "(lang = ? AND translation_model IS DISTINCT FROM ? "
                    "AND COALESCE(translation_model || '@' || translation_revision, '') <> ?)"
                )
                params += [lang, current_models[direction], current_models[direction]]
        rows = self.fetchall(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE {' OR '.join(clauses)} "
            "ORDER BY COALESCE(published_at, fetched_at), key LIMIT ?",
            [*params, int(limit)],
        )
        return [row_to_article(dict(zip(ARTICLE_COLUMNS, row, strict=True))) for row in rows]

    # -- feeds, fetch log, story links, translation cache --------------------------------------------------------

    def save_feeds(self, feeds: list[FeedConfig]) -> None:
        """Upsert the feed registry (name, url, edition language, category)."""
        rows = [[f.name, f.url, f.lang, f.category] for f in {f.name: f for f in feeds}.values()]
        self._bulk_write(
            "feeds", ("name", "url", "lang", "category"), rows, conflict=["name"], update=("url", "lang", "category")
        )

    def feed_states(self) -> dict[str, FeedState]:
        rows = self.fetchall(f"SELECT {', '.join(FEED_STATE_COLUMNS)} FROM feed_state ORDER BY feed")
        return {row[0]: FeedState(**dict(zip(FEED_STATE_COLUMNS, row, strict=True))) for row in rows}

    def save_feed_states(self, states: list[FeedState]) -> None:
        """Upsert each feed's state (the last one per feed wins) and register unknown feeds by name and URL."""
        latest = {state.feed: state for state in states}
        rows = [[_db_value(getattr(s, c)) for c in FEED_STATE_COLUMNS] for s in latest.values()]
        with self.transaction():
            self._bulk_write(
                "feeds", ("name", "url"), [[s.feed, s.url] for s in latest.values()], conflict=["name"], update=None
            )
            self._bulk_write("feed_state", FEED_STATE_COLUMNS, rows, conflict=["feed"], update=FEED_STATE_COLUMNS[1:])

    def log_fetches(self, events: list[FetchEvent]) -> None:
        """Append fetch events; one event (url, kind, fetched_at) is stored once however often it is replayed."""
        unique = {(e.url, e.kind, as_utc(e.fetched_at)): e for e in events}
        rows = [[_db_value(getattr(e, c)) for c in FETCH_LOG_COLUMNS] for e in unique.values()]
        self._bulk_write("fetch_log", FETCH_LOG_COLUMNS, rows, conflict=["url", "kind", "fetched_at"], update=None)

    def save_story_links(self, links: list[StoryLink]) -> None:
        """Upsert links; a pair is stored in key order, so (a, b) and (b, a) are the same link."""
        unique: dict[tuple[str, str, str], list[Any]] = {}
        for link in links:
            a, b = sorted((link.a_key, link.b_key))
            if a == b:
                log.warning("skipping a story link from %s to itself", a)
                continue
            evidence = json.dumps(link.evidence, sort_keys=True, ensure_ascii=False)
            unique[(a, b, link.kind)] = [a, b, link.kind, float(link.score), evidence]
        self._bulk_write(
            "story_links",
            STORY_LINK_COLUMNS,
            list(unique.values()),
            conflict=["a_key", "b_key", "kind"],
            update=("score", "evidence"),
        )

    def translation_cache(self) -> WarehouseTranslationCache:
        return WarehouseTranslationCache(self)


def _db_value(value: Any) -> Any:
    return as_utc(value) if isinstance(value, datetime) else value
