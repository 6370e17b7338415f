"""The dedup index's size on PostgreSQL, measured as a long backfill leaves it: after a VACUUM (autovacuum runs
during one), per article added. A size bound, not a timing: bytes on disk do not depend on the machine's speed.

Per article *added* (between two sizes), not total / rows: each of the 35 indexes has a fixed ~32 KB (metapage,
free-space map) that a few hundred articles would spread into ~1 KB each, but a backfill of 100,000 into 11 bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pipeline.bench.corpus import Corpus
from pipeline.dedup.features import DocumentFeatures, article_features
from pipeline.dedup.store import write_documents
from pipeline.models import Article
from pipeline.warehouse import Warehouse

#: Bytes per article the index may grow by (heap, TOAST, every index): the issue's 2 KB. Measured on this corpus
#: from 1,500 to 3,000 articles: 1,742 with 0012's 8-bit signatures (0011's 16-bit ones: 1,999; the 32 band indexes
#: split in waves, so growth over a window swings by ±250). 0007's layout: ~4,250.
BOUND = 2_048
FIRST, ADDED = 1500, 1500


def invented_documents(count: int) -> list[DocumentFeatures]:
    """The bench corpus's invented articles (two thirds Indonesian, republications, English twins) as index rows."""
    corpus, docs = Corpus(seed=7), []
    for number in range(count):
        bench = corpus.article(number)
        host, _, rest = bench.url.removeprefix("https://").partition("/")
        kind, antara_id = rest.split("/")[:2]
        article = Article(
            key=f"{host}/{kind}/{antara_id}",
            url=bench.url,
            host=host,
            content_type=kind,
            antara_id=int(antara_id),
            lang=bench.lang,
            title=bench.title,
            body="\n\n".join(bench.body_paragraphs),
            published_at=bench.published_at,
            fetched_at=bench.fetched_at,
        )
        doc = article_features(article)
        doc.story_id = "st-" + hashlib.sha256(article.key.encode()).hexdigest()[:20]
        docs.append(doc)
    return docs


def vacuumed_size(wh: Warehouse) -> int:
    wh.execute("VACUUM dedup_documents")
    return int(wh.fetchall("SELECT pg_total_relation_size('dedup_documents')")[0][0])


def write_in_batches(wh: Warehouse, docs: Sequence[DocumentFeatures], size: int = 100) -> None:
    for start in range(0, len(docs), size):
        with wh.transaction():
            write_documents(wh, docs[start : start + size])


def test_the_index_grows_by_under_the_bound_per_article_after_vacuum(pg_uri: str) -> None:
    docs = invented_documents(FIRST + ADDED)
    with Warehouse.open(pg_uri, auto_migrate=True) as wh:
        write_in_batches(wh, docs[:FIRST])
        before = vacuumed_size(wh)
        write_in_batches(wh, docs[FIRST:])
        after = vacuumed_size(wh)
        assert wh.count("dedup_documents") == FIRST + ADDED
    per_article = (after - before) / ADDED
    print(f"index growth: {per_article:.0f} B/article after VACUUM")
    assert 500 < per_article <= BOUND, per_article  # the lower bound: the measurement measures something
