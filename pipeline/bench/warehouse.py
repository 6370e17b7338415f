"""``python -m pipeline.bench warehouse [--articles N] [--pg postgresql://…/postgres]``.

Loads N synthetic articles into each engine (DuckDB: a temp file; PostgreSQL: a temp database created through the
given admin DSN and dropped afterwards) together with their dedup writes (``persist_dedup``: index rows, story
assignments, links — what the load stage writes in the same transaction), then loads the same N again: the re-load
must change nothing and must not be slower than the first load. Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pipeline.dedup import link_stories, persist_dedup
from pipeline.models import Article, Translation, TranslationStatus
from pipeline.warehouse import Warehouse
from pipeline.warehouse.core import LoadStats

_VOCABULARY = (
    "pemerintah kota warga jalan pasar harga beras cabai naik turun menteri presiden rapat banjir hujan sekolah "
    "rumah sakit pelabuhan kapal ekspor impor rupiah bank investasi desa petani nelayan festival budaya tim"
)
WORDS = tuple(_VOCABULARY.split())
CATEGORIES = ("nasional", "ekonomi", "politik", "olahraga", "hiburan", "daerah")


def synthetic_articles(count: int, seed: int = 7) -> list[Article]:
    """Deterministic articles of realistic size (a ~250-word body and its translation)."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    articles = []
    for number in range(1, count + 1):
        lang = "id" if number % 3 else "en"
        host, kind = ("www.antaranews.com", "berita") if lang == "id" else ("en.antaranews.com", "news")
        body = "\n\n".join(" ".join(rng.choices(WORDS, k=50)).capitalize() + "." for _ in range(5))
        published = start + timedelta(minutes=7 * number)
        articles.append(
            Article(
                key=f"{host}/{kind}/{number}",
                url=f"https://{host}/{kind}/{number}/artikel-{number}",
                host=host,
                content_type=kind,
                antara_id=number,
                lang=lang,
                detected_lang=lang,
                lang_confidence=0.98,
                categories=rng.sample(CATEGORIES, k=rng.randint(1, 2)),
                feeds=["terkini"],
                title=" ".join(rng.choices(WORDS, k=8)).capitalize(),
                body=body,
                published_at=published,
                fetched_at=published + timedelta(minutes=20),
                reporter="Pewarta Contoh",
                editor="Editor Contoh",
                tags=rng.sample(WORDS, k=3),
                word_count=250,
                content_hash=hashlib.sha256(body.encode()).hexdigest()[:16],
                translation=Translation(
                    target_lang="en" if lang == "id" else "id",
                    status=TranslationStatus.DONE,
                    title="Translated title",
                    body=body.upper(),
                    model="Helsinki-NLP/opus-mt-id-en",
                    engine="ctranslate2",
                    revision="bench",
                ),
            )
        )
    return articles


def table_digest(wh: Warehouse) -> str:
    rows = [
        wh.fetchall(sql)
        for sql in (
            "SELECT * FROM articles ORDER BY key",
            "SELECT * FROM dedup_documents ORDER BY article_key",
            "SELECT * FROM story_links ORDER BY a_key, b_key, kind",
        )
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def load_with_dedup(wh: Warehouse, articles: list[Article], run_id: str) -> tuple[LoadStats, float, float]:
    """What the load stage does: articles, then the dedup writes, in one transaction; (stats, load s, dedup s)."""
    decided = link_stories(articles, wh)  # read-only; the writes are what is measured
    with wh.transaction():
        started = time.perf_counter()
        stats = wh.load_articles(articles, run_id=run_id)
        loaded = time.perf_counter()
        persist_dedup(wh, decided)
        written = time.perf_counter()
    return stats, loaded - started, written - loaded


def measure(uri: str, articles: list[Article]) -> dict[str, Any]:
    with Warehouse.open(uri, auto_migrate=True) as wh:
        first, load_s, dedup_s = load_with_dedup(wh, articles, "bench-1")
        digest = table_digest(wh)
        again, reload_articles_s, reload_dedup_s = load_with_dedup(wh, articles, "bench-2")
        reload_s = reload_articles_s + reload_dedup_s
        identical = table_digest(wh) == digest and wh.count("article_revisions") == 0
    load_s += dedup_s
    return {
        "load_s": round(load_s, 3),
        "dedup_write_s": round(dedup_s, 3),
        "rows_per_s": round(len(articles) / load_s, 1),
        "inserted": first.inserted,
        "reload_s": round(reload_s, 3),
        "reload_rows_per_s": round(len(articles) / reload_s, 1),
        "reload_unchanged": again.unchanged,
        "reload_identical": identical,
        "reload_not_slower": reload_s <= load_s,
    }


@contextmanager
def temp_postgres(admin_dsn: str) -> Iterator[str]:
    import psycopg

    name = f"antara_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_dsn.rsplit('/', 1)[0]}/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench warehouse")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--pg", help="admin DSN of a PostgreSQL server, e.g. postgresql://postgres@127.0.0.1:5432/postgres"
    )
    args = parser.parse_args(argv)
    articles = synthetic_articles(args.articles)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="antara-bench-") as tmp:
        results["duckdb"] = measure(f"duckdb:///{Path(tmp) / 'bench.duckdb'}", articles)
    if args.pg:
        with temp_postgres(args.pg) as uri:
            results["postgres"] = measure(uri, articles)
    header = ("engine", "load s", "of it dedup", "rows/s", "reload s", "reload rows/s", "unchanged", "identical")
    print("{:<10} {:>8} {:>12} {:>9} {:>9} {:>14} {:>10} {}".format(*header))
    for engine, r in results.items():
        print(
            f"{engine:<10} {r['load_s']:>8.2f} {r['dedup_write_s']:>12.2f} {r['rows_per_s']:>9.0f} "
            f"{r['reload_s']:>9.2f} {r['reload_rows_per_s']:>14.0f} {r['reload_unchanged']:>10} {r['reload_identical']}"
        )
    ok = all(
        r["reload_identical"] and r["reload_not_slower"] and r["reload_unchanged"] == len(articles)
        for r in results.values()
    )
    print(json.dumps({"articles": len(articles), "engines": results, "ok": ok}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
