"""docs/warehouse.md documents every table, view and column of the real schema, and its example queries run."""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.conftest import make_article, translated

from pipeline.warehouse import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "warehouse.md"
_HEADING = re.compile(r"^### (?P<name>\w+)(?: \(view\))?$")
_ROW = re.compile(r"^\| `(?P<column>\w+)` \|")
_SQL_BLOCK = re.compile(r"```sql\n(?P<sql>.*?)```", re.DOTALL)


def documented_columns() -> dict[str, set[str]]:
    objects: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if heading := _HEADING.match(line):
            current = objects.setdefault(heading["name"], set())
        elif (row := _ROW.match(line)) and current is not None:
            current.add(row["column"])
    return objects


def schema_columns(wh: Warehouse) -> dict[str, set[str]]:
    schema = "main" if wh.dialect == "duckdb" else "public"
    objects: dict[str, set[str]] = {}
    sql = "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?"
    rows = wh.fetchall(sql, [schema])
    for table, column in rows:
        objects.setdefault(table, set()).add(column)
    return objects


def test_the_dictionary_matches_the_schema(wh: Warehouse) -> None:
    documented, actual = documented_columns(), schema_columns(wh)
    assert set(actual) == set(documented), "tables/views missing from (or stale in) docs/warehouse.md"
    for name, columns in actual.items():
        assert columns == documented[name], f"{name}: undocumented {columns - documented[name]}, " \
            f"stale {documented[name] - columns}"  # fmt: skip


def test_the_example_queries_run(wh: Warehouse) -> None:
    wh.load_articles([translated(make_article(1, categories=["ekonomi"])), make_article(2, lang="en")], run_id="r1")
    queries = [m["sql"] for m in _SQL_BLOCK.finditer(DOC.read_text(encoding="utf-8"))]
    assert len(queries) >= 5
    for sql in queries:
        wh.fetchall(sql)
    assert wh.fetchall(queries[-2]) == [("www.antaranews.com/berita/1", "[en] Taman baca nomor 1 dibuka")]
