"""Versioned schema migrations: every ``migrations/NNNN_name.sql`` applied once, in order, recorded in a table.

Conventions (for everyone who adds a migration):

* File name ``NNNN_snake_name.sql``; ``NNNN`` is the version, unique and applied in ascending order. ``0002`` belongs
  to the dedup helper, the warehouse owns the others.
* Each file runs in one transaction together with its ``schema_migrations`` row, so a migration is applied entirely
  or not at all. Never edit a migration that has shipped — add a new one (a changed checksum is logged as a warning).
* Portable SQL is the default. Where an engine needs its own variant, a line ``-- dialect: duckdb`` or
  ``-- dialect: postgres`` starts a block that only that engine runs; ``-- dialect: all`` returns to shared SQL.
  A block lasts until the next ``-- dialect:`` line or the end of the file.
* Several statements per block are fine (each block is sent as one script; do not use parameters in migrations).
* On PostgreSQL concurrent migrators serialise on an advisory lock; on DuckDB the warehouse file lock does it.
* A migration that must transform data SQL cannot (e.g. recompute hashes) names a Python step in
  :data:`DATA_STEPS` (``"module:function"``, called with the connection after the file's SQL, in its transaction).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pipeline.warehouse.connection import Connection, Dialect, WarehouseError

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_FILE_NAME = re.compile(r"^(?P<version>\d{4})_(?P<name>[a-z0-9_]+)\.sql$")
_DIALECT_LINE = re.compile(r"^\s*--\s*dialect:\s*(?P<dialect>\w+)\s*$", re.IGNORECASE)
_DIALECTS = {"all", "duckdb", "postgres"}
_PG_LOCK_KEY = 727_001  # advisory lock id shared by every migrator of this schema
#: version -> "module:function" run after that migration's SQL, inside its transaction.
DATA_STEPS: dict[str, str] = {
    "0007": "pipeline.dedup.store:convert_legacy_index",
    "0011": "pipeline.dedup.store:convert_0007_index",
    "0012": "pipeline.dedup.store:convert_0011_index",
}

BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
)
"""


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    path: Path

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def sql_for(self, dialect: Dialect) -> str:
        """The file's SQL as one engine sees it: shared lines plus that engine's ``-- dialect:`` blocks."""
        current = "all"
        kept: list[str] = []
        for number, line in enumerate(self.text.splitlines(), start=1):
            marker = _DIALECT_LINE.match(line)
            if marker:
                current = marker["dialect"].lower()
                if current not in _DIALECTS:
                    raise WarehouseError(f"{self.path.name}:{number}: unknown dialect {current!r} (use {_DIALECTS})")
                continue
            if current in ("all", dialect):
                kept.append(line)
        return "\n".join(kept)


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration file in version order; a stray or duplicate file name is an error, not a silent skip."""
    migrations: dict[str, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise WarehouseError(f"migration file {path.name!r} does not follow NNNN_snake_name.sql")
        version = match["version"]
        if version in migrations:
            clash = f"{migrations[version].path.name}, {path.name}"
            raise WarehouseError(f"two migrations share version {version}: {clash}")
        migrations[version] = Migration(version, match["name"], path)
    return [migrations[v] for v in sorted(migrations)]


def applied_versions(conn: Connection) -> dict[str, str]:
    """version -> checksum of every migration already applied (none on a schema never migrated)."""
    if not conn.fetchall("SELECT 1 FROM information_schema.tables WHERE table_name = 'schema_migrations'"):
        return {}
    return dict(conn.fetchall("SELECT version, checksum FROM schema_migrations"))


class SchemaNotMigrated(WarehouseError):
    """A non-migrating open found migrations this code needs but the warehouse lacks."""


def require_migrated(conn: Connection, directory: Path = MIGRATIONS_DIR) -> None:
    """Raise one clear line when a migration is pending: only the migrators (planning, ``pipeline migrate``,
    ``make airflow-init``) issue DDL, so any other task finding an old schema must say who to run, not guess."""
    done = applied_versions(conn)
    pending = [m.version for m in discover(directory) if m.version not in done]
    if pending:
        raise SchemaNotMigrated(
            f"warehouse schema is not migrated (pending: {', '.join(pending)}): run `python -m pipeline migrate`"
        )


def migrate(conn: Connection, directory: Path = MIGRATIONS_DIR, *, upto: str | None = None) -> list[str]:
    """Apply every pending migration (up to and including ``upto``); returns the versions applied now."""
    _in_transaction(conn, lambda: conn.execute(BOOTSTRAP))
    done = applied_versions(conn)
    newly: list[str] = []
    for migration in discover(directory):
        if upto is not None and migration.version > upto:
            break
        if migration.version in done:
            if done[migration.version] != migration.checksum:
                log.warning("migration %s changed after it was applied; add a new migration instead", migration.path)
            continue
        if _apply(conn, migration):
            newly.append(migration.version)
    return newly


def _apply(conn: Connection, migration: Migration) -> bool:
    def body() -> bool:
        if conn.fetchall("SELECT 1 FROM schema_migrations WHERE version = ?", [migration.version]):
            return False  # a concurrent migrator got here first
        try:
            conn.execute(migration.sql_for(conn.dialect))
            _run_data_step(conn, migration.version)
        except Exception as exc:
            raise WarehouseError(f"migration {migration.path.name} failed on {conn.dialect}: {exc}") from exc
        conn.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)",
            [migration.version, migration.name, migration.checksum],
        )
        log.info("applied migration %s_%s on %s", migration.version, migration.name, conn.dialect)
        return True

    return _in_transaction(conn, body)


def _run_data_step(conn: Connection, version: str) -> None:
    if version not in DATA_STEPS:
        return
    module, function = DATA_STEPS[version].split(":")
    getattr(importlib.import_module(module), function)(conn)


def _in_transaction(conn: Connection, body: Callable[[], T]) -> T:
    """Run ``body`` in its own transaction; on PostgreSQL first take the migrators' advisory lock."""
    conn.execute("BEGIN")
    try:
        if conn.dialect == "postgres":
            conn.fetchall("SELECT pg_advisory_xact_lock(?)", [_PG_LOCK_KEY])
        result = body()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result
