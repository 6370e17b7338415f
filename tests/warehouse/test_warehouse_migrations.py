"""Migrations: applied once, in order, per dialect; an older warehouse upgrades in place; the CLI does the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from warehouse.conftest import make_article

from pipeline.warehouse import Warehouse, WarehouseError
from pipeline.warehouse.articles import ARTICLE_COLUMNS, article_row
from pipeline.warehouse.connection import connect, parse_uri, to_pyformat
from pipeline.warehouse.migrate import Migration, discover, migrate

ALL_VERSIONS = [m.version for m in discover()]


def test_open_applies_every_migration_once(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri) as wh:
        assert [v for (v,) in wh.fetchall("SELECT version FROM schema_migrations ORDER BY version")] == ALL_VERSIONS
    conn = connect(warehouse_uri)
    try:
        assert migrate(conn) == []  # idempotent
    finally:
        conn.close()
    assert ALL_VERSIONS[:3] == ["0001", "0002", "0003"]


def test_an_older_warehouse_upgrades_in_place(warehouse_uri: str) -> None:
    conn = connect(warehouse_uri)
    migrate(conn, upto="0001")
    old = Warehouse(conn)
    columns = ARTICLE_COLUMNS[: ARTICLE_COLUMNS.index("updated_at")]  # what 0001 knows
    rows = [article_row(make_article(n), "r1") for n in range(1, 4)]
    old.executemany(
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
        [[row[c] for c in columns] for row in rows],
    )
    old.close()

    with Warehouse.open(warehouse_uri) as wh:
        assert [v for (v,) in wh.fetchall("SELECT version FROM schema_migrations ORDER BY version")] == ALL_VERSIONS
        assert wh.count("articles") == 3
        assert wh.count("dedup_documents") == 0  # 0002's tables arrived
        # 0006: old rows are live, stamped with their last sighting, and in both language views
        assert wh.fetchall("SELECT DISTINCT status, updated_at = last_seen FROM articles") == [("live", True)]
        assert wh.count("articles_en") == wh.count("articles_id") == 3


def test_postgres_only_block_runs_only_on_postgres(warehouse_uri: str) -> None:
    with Warehouse.open(warehouse_uri) as wh:
        if wh.dialect == "postgres":
            indexes = wh.fetchall("SELECT indexname FROM pg_indexes WHERE indexname = 'articles_story_id'")
        else:
            indexes = wh.fetchall("SELECT index_name FROM duckdb_indexes() WHERE index_name = 'articles_story_id'")
    assert len(indexes) == (1 if wh.dialect == "postgres" else 0)


def test_dialect_blocks_split_one_file(tmp_path: Path) -> None:
    path = tmp_path / "0009_mixed.sql"
    path.write_text("CREATE TABLE a (x INT);\n-- dialect: postgres\nPG ONLY;\n-- dialect: duckdb\nDUCK ONLY;\n"
                    "-- dialect: all\nSHARED;\n")  # fmt: skip
    migration = Migration("0009", "mixed", path)
    assert migration.sql_for("postgres").split("\n") == ["CREATE TABLE a (x INT);", "PG ONLY;", "SHARED;"]
    assert migration.sql_for("duckdb").split("\n") == ["CREATE TABLE a (x INT);", "DUCK ONLY;", "SHARED;"]
    path.write_text("-- dialect: oracle\nX;\n")
    with pytest.raises(WarehouseError, match="unknown dialect 'oracle'"):
        migration.sql_for("duckdb")


def test_misnamed_or_duplicate_migration_files_are_errors(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("SELECT 1;")
    (tmp_path / "0001_b.sql").write_text("SELECT 1;")
    with pytest.raises(WarehouseError, match="two migrations share version 0001"):
        discover(tmp_path)
    (tmp_path / "0001_b.sql").unlink()
    (tmp_path / "1_bad.sql").write_text("SELECT 1;")
    with pytest.raises(WarehouseError, match=r"does not follow NNNN_snake_name\.sql"):
        discover(tmp_path)


def test_a_failing_migration_applies_nothing(duckdb_uri: str, tmp_path: Path) -> None:
    (tmp_path / "0001_ok.sql").write_text("CREATE TABLE first_table (x INTEGER);")
    (tmp_path / "0002_broken.sql").write_text("CREATE TABLE half (x INTEGER);\nCREATE TABLE nonsense (;")
    conn = connect(duckdb_uri)
    try:
        with pytest.raises(WarehouseError, match=r"0002_broken\.sql failed on duckdb"):
            migrate(conn, tmp_path)
        assert conn.fetchall("SELECT version FROM schema_migrations") == [("0001",)]
        assert conn.fetchall("SELECT table_name FROM information_schema.tables WHERE table_name = 'half'") == []
    finally:
        conn.close()


def test_cli_migrate_and_status(warehouse_uri: str) -> None:
    def cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "pipeline.warehouse", *args, "--warehouse", warehouse_uri],
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "0001_core: pending" in cli("status")
    assert f"applied {len(ALL_VERSIONS)} migration(s)" in cli("migrate")
    assert "applied 0 migration(s)" in cli("migrate")
    assert "0003_postgres_indexes: applied" in cli("status")


def test_uri_forms() -> None:
    assert parse_uri("duckdb:////abs/w.duckdb").dsn == "/abs/w.duckdb"
    assert parse_uri("duckdb:///data/w.duckdb").dsn == "data/w.duckdb"
    assert parse_uri("postgres://u@h:5432/db") == parse_uri("postgresql://u@h:5432/db")
    with pytest.raises(WarehouseError, match="unsupported warehouse URI 'sqlite:///x'"):
        parse_uri("sqlite:///x")
    assert to_pyformat("SELECT '?', x FROM t WHERE a = ? AND b LIKE '50%' AND c % 2 = ?") == (
        "SELECT '?', x FROM t WHERE a = %s AND b LIKE '50%' AND c %% 2 = %s"
    )


def test_connection_factory_and_airflow_connection(pg_uri: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with Warehouse.open("postgresql://", connection_factory=lambda: psycopg.connect(pg_uri)) as wh:
        wh.load_articles([make_article(1)], run_id="r1")
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", pg_uri.replace("postgresql://", "postgres://"))
    with Warehouse.from_airflow("antara_warehouse") as wh:
        assert wh.dialect == "postgres" and wh.count("articles") == 1
    with pytest.raises(WarehouseError, match="psycopg 3 connection"):
        Warehouse.open("postgresql://", connection_factory=lambda: object())


def test_airflow_connection_may_name_a_duckdb_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", f"duckdb:///{tmp_path / 'af.duckdb'}")
    with Warehouse.from_airflow() as wh:
        assert wh.dialect == "duckdb"
    assert (tmp_path / "af.duckdb").exists() and (tmp_path / "af.duckdb.lock").exists()
