"""Cross-lingual candidates: the sliding window + prefix-filtered anchors find exactly the pairs all-pairs would."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np

from dedup.factory import DAM_EN, DAM_ID, article
from pipeline.dedup import link_stories, persist_dedup
from pipeline.dedup.anchors import jaccard
from pipeline.dedup.candidates import crosslingual_candidates, min_anchor_jaccard, min_bridge_jaccard, prefix_length
from pipeline.dedup.features import DocumentFeatures, article_features
from pipeline.dedup.lexicon import weighted_jaccard
from pipeline.dedup.linker import DEFAULT_THRESHOLDS
from pipeline.dedup.store import IndexReader
from pipeline.warehouse import Warehouse

HOUR = 3600


def random_docs(count: int, seed: int, undated_every: int = 0) -> dict[str, DocumentFeatures]:
    """Anchor sets over a Zipf-like vocabulary (a few anchors everywhere, most rare), spread over ten days."""
    rng = random.Random(seed)
    vocabulary = [f"a{i}" for i in range(400)]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    docs = {}
    for number in range(count):
        lang = "id" if number % 3 else "en"
        anchors = frozenset(rng.choices(vocabulary, weights, k=rng.randint(0, 14)))
        undated = undated_every and number % undated_every == 0
        ts = None if undated else rng.randint(0, 10 * 24 * HOUR)
        key = f"{lang}/{number}"
        docs[key] = DocumentFeatures(key, lang, ts, "h", 0, np.zeros(128, np.uint32), anchors)
    return docs


def all_pairs(docs: list[DocumentFeatures], keep: set[str] | None = None) -> set[tuple[str, str]]:
    """What the O(N²) enumeration accepted after the linker's window and anchor tests."""
    threshold, window = min_anchor_jaccard(DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS.xl_window_hours * HOUR
    pairs = set()
    for a, b in combinations(docs, 2):
        if a.lang == b.lang or (keep is not None and a.key not in keep and b.key not in keep):
            continue
        if a.published_ts is not None and b.published_ts is not None and abs(a.published_ts - b.published_ts) > window:
            continue
        if jaccard(set(a.anchors), set(b.anchors)) >= threshold:
            pairs.add(tuple(sorted((a.key, b.key))))
    return pairs


def test_prefix_length_keeps_enough_tokens() -> None:
    assert [prefix_length(n, 0.15) for n in (0, 1, 6, 7, 20)] == [0, 1, 6, 6, 18]
    assert prefix_length(10, 0.3) == 8


def test_batch_candidates_equal_all_pairs_within_the_window() -> None:
    docs = random_docs(600, seed=3, undated_every=37)
    pairs, stored = crosslingual_candidates(docs, IndexReader(None), DEFAULT_THRESHOLDS)
    expected = all_pairs(list(docs.values()))
    assert len(expected) > 100  # the test would be empty otherwise
    assert pairs == expected and stored == {}


def bridged_docs(count: int, seed: int) -> dict[str, DocumentFeatures]:
    """Bridge tokens of every kind (weights 0.25-1.5: calendar words, generic words, cognates, figures) over a
    Zipf-like vocabulary, no anchors shared, spread over ten days."""
    rng = random.Random(seed)
    vocabulary = [f"{kind}{i}" for i in range(150) for kind in ("w:", "k:", "n:")] + ["w:monday", "w:say", "w:year"]
    weights = [1 / (i + 1) for i in range(len(vocabulary))]
    docs = {}
    for number in range(count):
        lang = "id" if number % 3 else "en"
        bridge = frozenset(rng.choices(vocabulary, weights, k=rng.randint(1, 16)))
        key = f"{lang}/{number}"
        ts = rng.randint(0, 10 * 24 * HOUR)
        docs[key] = DocumentFeatures(key, lang, ts, "h", 0, np.zeros(128, np.uint32), frozenset(), bridge=bridge)
    return docs


def test_bridge_candidates_equal_all_pairs_by_weighted_jaccard() -> None:
    """The bridge decision needs weighted Jaccard ≥ min(xl_bridge, xl_bridge_strong): the weighted prefix filter
    finds every such pair of the window, and only those."""
    docs = bridged_docs(500, seed=5)
    pairs, _ = crosslingual_candidates(docs, IndexReader(None), DEFAULT_THRESHOLDS)
    threshold, window = min_bridge_jaccard(DEFAULT_THRESHOLDS), DEFAULT_THRESHOLDS.xl_window_hours * HOUR
    expected = {
        tuple(sorted((a.key, b.key)))
        for a, b in combinations(docs.values(), 2)
        if a.lang != b.lang
        and abs(a.published_ts - b.published_ts) <= window
        and weighted_jaccard(a.bridge, b.bridge) >= threshold
    }
    assert len(expected) > 100
    assert pairs == expected


def test_translated_articles_are_paired_across_the_window_without_a_shared_token() -> None:
    """A translation can link two articles that share no token (``bridge + mt``): translated pairs of the window
    are all candidates; untranslated ones without a shared token are not."""
    signature = {"en": np.zeros(128, np.uint32)}

    def doc(key: str, hours: int, translated: bool) -> DocumentFeatures:
        texts = signature if translated else {}
        return DocumentFeatures(
            key, key[:2], hours * HOUR, "h", 0, np.zeros(128, np.uint32), frozenset(), text_signatures=texts
        )

    docs = {
        d.key: d for d in (doc("id/1", 0, True), doc("en/2", 40, True), doc("en/3", 60, True), doc("en/4", 1, False))
    }
    pairs, _ = crosslingual_candidates(docs, IndexReader(None), DEFAULT_THRESHOLDS)
    assert pairs == {("en/2", "id/1")}  # en/3 is outside the 48-hour window, en/4 has no translation


def test_stored_candidates_come_from_the_window_only(duckdb_uri: str) -> None:
    stored_article = article(1, "id", DAM_ID)
    far = article(4, "id", DAM_ID.replace("Kamis", "Jumat"), hours=24 * 5)
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh:
        result = link_stories([stored_article, far], wh)
        with wh.transaction():
            wh.load_articles([stored_article, far], run_id="r1")
            persist_dedup(wh, result)
        twin = article_features(article(3, "en", DAM_EN, hours=30))
        pairs, stored = crosslingual_candidates({twin.key: twin}, IndexReader(wh), DEFAULT_THRESHOLDS)
    assert pairs == {(twin.key, stored_article.key)}  # the copy five days later is outside the window
    assert set(stored) == {stored_article.key} and stored[stored_article.key].anchors
