"""``python -m pipeline.bench dedup [--n 100000] [--load N …]``: the near-duplicate index, and the dedup load.

``--load N`` (repeatable) measures what a backfill's single writer spends on dedup: the backfill bench's invented
archive articles (:mod:`pipeline.bench.corpus`: both editions, republications, twins) in day partitions, each
linked (``link_stories`` with features precomputed, as the backfill's workers hand them over) and written
(``load_articles`` + ``persist_dedup``) in one transaction into an empty DuckDB warehouse. It prints milliseconds
of CPU per article for linking and writing at every N side by side with the ratio of the largest N to the smallest
(flat = 1.0), the links found and a digest of every link and assignment (equal digests = equal decisions), and a
JSON last line.

Without ``--load``:

Inserts N synthetic Indonesian articles (random 250-word texts over a 20,000-word vocabulary; every
tenth one a lightly edited copy of an earlier one) into the persistent index of a temporary DuckDB
warehouse (or ``--warehouse URI``), in batches as the pipeline does, and at several sizes reports
the build rate, the latency of one candidate query (band lookup + signature fetch + Jaccard) at
p50/p99, the process RSS and the warehouse size. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import psutil

from pipeline.dedup import store
from pipeline.dedup.features import DocumentFeatures, article_features
from pipeline.dedup.linker import new_story_id
from pipeline.dedup.signatures import estimate_jaccard
from pipeline.models import Article
from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)

VOCABULARY = 20_000
WORDS_PER_ARTICLE = 250
COPY_EVERY = 10
BATCH = 1_000
QUERIES = 200
START = datetime(2026, 1, 1, tzinfo=UTC)


def letters(number: int) -> str:
    """A made-up word for a vocabulary index (letters only, so it is neither a number nor a name)."""
    word = ""
    while True:
        number, digit = divmod(number, 26)
        word += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not number:
            return word + "an"


class SyntheticCorpus:
    """Deterministic random articles; copies swap a few words of an earlier article."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = np.array([letters(i) for i in range(VOCABULARY)])
        self.bodies: list[np.ndarray] = []

    def body(self, number: int) -> str:
        if number % COPY_EVERY == COPY_EVERY - 1 and self.bodies:
            tokens = self.bodies[int(self.rng.integers(len(self.bodies)))].copy()
            edits = self.rng.integers(0, len(tokens), size=5)
            tokens[edits] = self.rng.integers(0, VOCABULARY, size=5)
        else:
            tokens = self.rng.zipf(1.3, size=WORDS_PER_ARTICLE) % VOCABULARY
        self.bodies.append(tokens)
        return " ".join(self.words[tokens])

    def article(self, number: int) -> Article:
        when = START + timedelta(minutes=number)
        return Article(
            key=f"www.antaranews.com/berita/{number}",
            url=f"https://www.antaranews.com/berita/{number}/bench",
            host="www.antaranews.com",
            content_type="berita",
            antara_id=number,
            lang="id",
            title=f"Bench {number}",
            body=self.body(number),
            published_at=when,
            fetched_at=when,
        )


def query(reader: store.IndexReader, doc: DocumentFeatures) -> int:
    """One near-duplicate lookup as ``link_stories`` does it; returns the candidates above Jaccard 0.5."""
    keys = {k for found in reader.articles_sharing_bands(store.band_probes(doc)).values() for k in found}
    stored = reader.documents(keys - {doc.key})
    return sum(estimate_jaccard(doc.signature, other.signature) >= 0.5 for other in stored.values())


def checkpoints(n: int) -> list[int]:
    sizes = [size for size in (1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000) if size < n]
    return [*sizes, n]


def run(uri: str, n: int, db_path: Path | None) -> dict:
    corpus = SyntheticCorpus()
    process = psutil.Process()
    results: list[dict] = []
    built, build_seconds, matched = 0, 0.0, 0
    with Warehouse.open(uri, auto_migrate=True) as wh:
        reader = store.IndexReader(wh)
        for size in checkpoints(n):
            while built < size:
                count = min(BATCH, size - built)
                started = time.perf_counter()
                docs = [article_features(corpus.article(built + i)) for i in range(count)]
                for doc in docs:  # the bench measures the index, not clustering: one story per article
                    doc.story_id = new_story_id(doc.key)
                with wh.transaction():
                    store.write_documents(wh, docs)
                build_seconds += time.perf_counter() - started
                built += count
            rng = np.random.default_rng(size)
            probes = [article_features(corpus.article(int(i))) for i in rng.integers(0, built, size=QUERIES)]
            latencies = []
            for doc in probes:
                started = time.perf_counter()
                matched += query(reader, doc)
                latencies.append((time.perf_counter() - started) * 1000)
            point = {
                "articles": built,
                "build_rate_per_s": round(built / build_seconds, 1),
                "query_p50_ms": round(statistics.median(latencies), 2),
                "query_p99_ms": round(float(np.percentile(latencies, 99)), 2),
                "rss_mib": round(process.memory_info().rss / 2**20, 1),
                "band_keys": int(wh.fetchall("SELECT SUM(len(band_keys)) FROM dedup_documents")[0][0] or 0),
            }
            if db_path is not None:  # the database file plus its write-ahead log (not yet checkpointed)
                files = (db_path, db_path.with_name(db_path.name + ".wal"))
                point["warehouse_mib"] = round(sum(f.stat().st_size for f in files if f.exists()) / 2**20, 1)
            results.append(point)
            print(
                f"{built:>9,d} articles  build {point['build_rate_per_s']:>8.1f}/s  query p50 "
                f"{point['query_p50_ms']:6.2f} ms  p99 {point['query_p99_ms']:6.2f} ms  RSS {point['rss_mib']:7.1f} MiB"
                + (f"  warehouse {point['warehouse_mib']:.1f} MiB" if "warehouse_mib" in point else ""),
                flush=True,
            )
    return {"bench": "dedup", "n": n, "engine": uri.split(":", 1)[0], "points": results, "self_matches": matched}


def bench_articles(count: int) -> dict[object, list[Article]]:
    """The backfill bench's articles as the extraction would give them, by publication day."""
    from pipeline.bench.corpus import Corpus, iter_articles

    days: dict[object, list[Article]] = {}
    for bench in iter_articles(Corpus(), count):
        host, kind = ("www.antaranews.com", "berita") if bench.lang == "id" else ("en.antaranews.com", "news")
        antara_id = int(bench.url.split("/")[4])
        days.setdefault(bench.published_at.date(), []).append(
            Article(
                key=f"{host}/{kind}/{antara_id}",
                url=bench.url,
                host=host,
                content_type=kind,
                antara_id=antara_id,
                lang=bench.lang,
                title=bench.title,
                body="\n\n".join(bench.body_paragraphs),
                published_at=bench.published_at,
                fetched_at=bench.fetched_at,
            )
        )
    return days


def load_run(count: int, directory: Path) -> dict:
    """One dedup load of ``count`` articles, partition by partition (CPU seconds of this process)."""
    import hashlib

    from pipeline.dedup import link_stories, persist_dedup

    days = bench_articles(count)
    features = {day: {a.key: article_features(a) for a in articles} for day, articles in days.items()}
    uri = f"duckdb:///{directory / f'load-{count}.duckdb'}"
    Warehouse.open(uri, auto_migrate=True).close()
    digest, links, link_s, write_s = hashlib.sha256(), 0, 0.0, 0.0
    with Warehouse.open(uri) as wh:
        for day in sorted(days):
            articles = days[day]
            with wh.transaction():
                started = time.process_time()
                result = link_stories(articles, wh, features=features[day])
                linked = time.process_time()
                wh.load_articles(articles, run_id=str(day))
                persist_dedup(wh, result)
                write_s += time.process_time() - linked
                link_s += linked - started
            for link in sorted(result.links, key=lambda link: (link.a_key, link.b_key)):
                digest.update(json.dumps([link.a_key, link.b_key, link.kind, link.score], sort_keys=True).encode())
            digest.update(repr(sorted(result.assignments)).encode())
            links += len(result.links)
    return {
        "articles": count,
        "link_ms_per_article": round(1000 * link_s / count, 3),
        "write_ms_per_article": round(1000 * write_s / count, 3),
        "links": links,
        "digest": digest.hexdigest()[:16],
    }


def load_main(sizes: list[int]) -> dict:
    with tempfile.TemporaryDirectory(prefix="antara-bench-dedup-load-") as tmp:
        runs = [load_run(count, Path(tmp)) for count in sorted(sizes)]
    print(f"{'dedup load (CPU)':<26}" + "".join(f"{r['articles']:>14,}" for r in runs) + f"{'ratio':>10}")
    for label, field in (("link ms/article", "link_ms_per_article"), ("write ms/article", "write_ms_per_article")):
        values = [r[field] for r in runs]
        ratio = values[-1] / values[0] if values[0] else float("nan")
        print(f"{label:<26}" + "".join(f"{v:>14.3f}" for v in values) + f"{ratio:>10.2f}")
    print(f"{'links':<26}" + "".join(f"{r['links']:>14,}" for r in runs))
    print(f"{'digest':<26}" + "".join(f"{r['digest']:>18}" for r in runs))
    first, last = runs[0]["link_ms_per_article"], runs[-1]["link_ms_per_article"]
    return {"bench": "dedup-load", "runs": runs, "link_time_ratio": round(last / first, 3) if first else None}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench dedup", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to insert (default 100000)")
    parser.add_argument("--warehouse", help="warehouse URI (default: a temporary DuckDB file)")
    parser.add_argument("--load", type=int, action="append", metavar="N", help="measure the dedup load instead")
    args = parser.parse_args(argv)
    if args.load:
        logging.basicConfig(level=logging.WARNING)
        print(json.dumps(load_main(args.load), sort_keys=True))
        return 0
    if args.n < 1:
        parser.error("--n must be positive")
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="antara-bench-dedup-") as tmp:
        db_path = None if args.warehouse else Path(tmp) / "bench.duckdb"
        uri = args.warehouse or f"duckdb:///{db_path}"
        summary = run(uri, args.n, db_path)
    print(json.dumps(summary, sort_keys=True))
    return 0
