"""Engine connections behind one small interface: '?' placeholders, explicit transactions, bulk staging.

Two engines, one behaviour: DuckDB (embedded file, one writing process — guarded by an exclusive ``flock`` on a
sibling ``.lock`` file so parallel task processes queue instead of failing) and PostgreSQL (psycopg 3, autocommit
with explicit ``BEGIN``/``COMMIT`` so both engines share the same transaction code).

Bulk loads (``copy_rows``) take each engine's native path: PostgreSQL ``COPY … FROM STDIN``; DuckDB an Arrow table
(typed from the target table's own schema) scanned by one ``INSERT … SELECT`` — columnar and vectorised, where
multi-row ``VALUES`` statements are parsed and bound value by value (a quarter of PostgreSQL's speed).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from pipeline.config import DEFAULT_DUCKDB_MEMORY_LIMIT

log = logging.getLogger(__name__)

Dialect = Literal["duckdb", "postgres"]
DUCKDB_PREFIX = "duckdb:///"
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://", "postgresql+psycopg2://")
DEFAULT_LOCK_TIMEOUT_S = 600.0
LOCK_POLL_S = 0.2
DUCKDB_ROWS_PER_INSERT = 250

# A '?' placeholder or a literal '%' outside quoted strings, identifiers and comments.
_PLACEHOLDER_SCAN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|(\?)|(%)")


class WarehouseError(RuntimeError):
    """A warehouse that cannot be opened or used as asked."""


class WarehouseLockTimeout(WarehouseError):
    """Another process held the DuckDB warehouse for longer than the lock timeout."""


@dataclass(frozen=True)
class Target:
    """A parsed warehouse URI."""

    dialect: Dialect
    dsn: str  # DuckDB: file path or ':memory:'; PostgreSQL: a libpq URI


def parse_uri(uri: str) -> Target:
    """``duckdb:///relative/path``, ``duckdb:////absolute/path``, ``duckdb:///:memory:``, ``postgres(ql)://…``."""
    uri = uri.strip()
    if uri.startswith(DUCKDB_PREFIX):
        path = uri[len(DUCKDB_PREFIX) :]
        if not path:
            raise WarehouseError(f"DuckDB warehouse URI names no file: {uri!r} (use duckdb:///path/to/file.duckdb)")
        return Target("duckdb", path)
    for scheme in POSTGRES_SCHEMES:
        if uri.startswith(scheme):
            return Target("postgres", "postgresql://" + uri[len(scheme) :])
    raise WarehouseError(f"unsupported warehouse URI {uri!r}: expected duckdb:///PATH or postgresql://…")


def to_pyformat(sql: str) -> str:
    """Rewrite '?' placeholders as psycopg's '%s' and escape literal '%' (quoted text and comments untouched)."""

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return "%s"
        if match.group(2):
            return "%%"
        return match.group(0)

    return _PLACEHOLDER_SCAN.sub(replace, sql)


class FileLock:
    """An exclusive ``flock`` held for the lifetime of a DuckDB warehouse; waits up to ``timeout_s``."""

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path = path
        self.timeout_s = timeout_s
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout_s
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self._holder(fd)
                    os.close(fd)
                    raise WarehouseLockTimeout(
                        f"DuckDB warehouse is busy: {self.path} has been locked by {holder} for more than "
                        f"{self.timeout_s:g}s; DuckDB allows one writing process — wait for it or raise the timeout"
                    ) from None
                if not announced:
                    log.info("waiting for the DuckDB warehouse lock %s (held by %s)", self.path, self._holder(fd))
                    announced = True
                time.sleep(LOCK_POLL_S)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}\n".encode())
        self._fd = fd

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            return os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
        except OSError:
            return "another process"

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Connection(Protocol):
    """What :class:`~pipeline.warehouse.Warehouse` needs from an engine."""

    dialect: Dialect

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...
    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None: ...
    def close(self) -> None: ...


ARROW_VIEW = "antara_copy_rows"


class DuckDBConnection:
    dialect: Dialect = "duckdb"

    def __init__(
        self,
        path: str,
        *,
        lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
        memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT,
    ) -> None:
        import duckdb

        self._lock: FileLock | None = None
        self._arrow_schemas: dict[tuple[str, tuple[str, ...]], Any] = {}
        if path != ":memory:":
            db_path = Path(path).expanduser()
            db_path.parent.mkdir(parents=True, exist_ok=True)
            self._lock = FileLock(db_path.with_name(db_path.name + ".lock"), lock_timeout_s)
            self._lock.acquire()
        try:
            self._con = duckdb.connect(path, config={"memory_limit": memory_limit})
            self._con.execute("SET TimeZone = 'UTC'")
        except Exception:
            self._release_lock()
            raise

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params) if params else None)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._con.execute(sql, list(params) if params else None).fetchall()

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [list(row) for row in rows]
        if batch:
            self._con.executemany(sql, batch)

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Append rows through Arrow; values Arrow cannot type (e.g. an integer beyond BIGINT) take the VALUES path,
        so the engine reports them exactly as it would any INSERT."""
        if not rows:
            return
        import pyarrow as pa

        try:
            data = self._arrow_table(table, tuple(columns), rows)
        except (pa.ArrowException, OverflowError, TypeError, ValueError) as exc:
            log.debug("copy_rows %s: Arrow could not type the rows (%s); inserting them as VALUES", table, exc)
            self._insert_values(table, columns, rows)
            return
        cols = ", ".join(columns)
        self._con.register(ARROW_VIEW, data)
        try:
            self._con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {ARROW_VIEW}")
        finally:
            self._con.unregister(ARROW_VIEW)

    def _arrow_table(self, table: str, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> Any:
        """Rows as an Arrow table typed like the target columns (DuckDB's own Arrow schema for them)."""
        import pyarrow as pa

        schema = self._arrow_schemas.get((table, columns))
        if schema is None:
            schema = self._con.sql(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0").to_arrow_table().schema
            self._arrow_schemas[(table, columns)] = schema
        values = list(zip(*rows, strict=True))
        arrays = [pa.array(column, type=f.type) for column, f in zip(values, schema, strict=True)]
        return pa.Table.from_arrays(arrays, schema=schema)

    def _insert_values(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        # DuckDB's executemany runs one statement per row (~ms each); multi-row VALUES batches are far faster.
        row_sql = "(" + ", ".join("?" for _ in columns) + ")"
        for start in range(0, len(rows), DUCKDB_ROWS_PER_INSERT):
            chunk = rows[start : start + DUCKDB_ROWS_PER_INSERT]
            values = ", ".join(row_sql for _ in chunk)
            params = [value for row in chunk for value in row]
            self._con.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}", params)

    def close(self) -> None:
        try:
            self._con.close()
        finally:
            self._release_lock()

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


class PostgresConnection:
    dialect: Dialect = "postgres"

    def __init__(self, raw: Any) -> None:
        import psycopg

        if not isinstance(raw, psycopg.Connection):
            raise WarehouseError(
                f"PostgreSQL warehouse needs a psycopg 3 connection, got {type(raw).__module__}.{type(raw).__name__}"
            )
        if raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            raw.rollback()
        raw.autocommit = True  # transactions are explicit BEGIN/COMMIT, exactly as on DuckDB
        raw.execute("SET TIME ZONE 'UTC'")
        self._con = raw

    @classmethod
    def connect(cls, dsn: str) -> PostgresConnection:
        import psycopg

        try:
            raw = psycopg.connect(dsn, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise WarehouseError(f"cannot connect to the PostgreSQL warehouse: {exc}") from exc
        return cls(raw)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if params:
            self._con.execute(to_pyformat(sql), list(params))
        else:
            self._con.execute(sql)

    def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cursor = self._con.execute(to_pyformat(sql), list(params)) if params else self._con.execute(sql)
        return cursor.fetchall()

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [list(row) for row in rows]
        if batch:
            with self._con.cursor() as cursor:
                cursor.executemany(to_pyformat(sql), batch)  # psycopg pipelines these: one round trip per batch

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        with self._con.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        self._con.close()


def connect(
    uri: str,
    *,
    connection_factory: Callable[[], Any] | None = None,
    lock_timeout_s: float = DEFAULT_LOCK_TIMEOUT_S,
    duckdb_memory_limit: str | None = None,
) -> Connection:
    """Open the engine a URI names; ``connection_factory`` supplies the PostgreSQL connection (e.g. Airflow's hook)."""
    if connection_factory is not None:
        return PostgresConnection(connection_factory())
    target = parse_uri(uri)
    if target.dialect == "duckdb":
        limit = duckdb_memory_limit or DEFAULT_DUCKDB_MEMORY_LIMIT
        return DuckDBConnection(target.dsn, lock_timeout_s=lock_timeout_s, memory_limit=limit)
    return PostgresConnection.connect(target.dsn)
