"""Cross-lingual candidates: the bulk bound over the window finds exactly the pairs an all-pairs linker accepts."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from dedup.factory import DAM_EN, DAM_ID, article
from pipeline.dedup import link_stories, persist_dedup, store
from pipeline.dedup.candidates import crosslingual_candidates
from pipeline.dedup.features import DocumentFeatures, article_features
from pipeline.dedup.linker import DEFAULT_THRESHOLDS, crosslingual_link, new_story_id
from pipeline.dedup.store import IndexReader
from pipeline.warehouse import Warehouse

HOUR = 3600


def random_docs(count: int, seed: int, undated_every: int = 0, prefix: str = "") -> dict[str, DocumentFeatures]:
    """Documents with every signal the linker reads, drawn so that each of its rules decides some pairs: anchors
    (names, years, figures) over a Zipf-like vocabulary, bridge tokens of every kind and weight (empty for some:
    the anchors-only mode of legacy rows), translation signatures on a third (agreement around the MT thresholds),
    spread over ten days (a few undated)."""
    rng = random.Random(seed)
    names = [f"name{i}" for i in range(120)]
    numbers = ["2024", "2025", *(str(n) for n in range(10, 70))]
    bridge_vocabulary = [f"{kind}{i}" for i in range(60) for kind in ("w:", "k:", "n:")] + ["w:monday", "w:year"]
    zipf = [1 / (i + 1) for i in range(len(bridge_vocabulary))]
    docs = {}
    for number in range(count):
        lang = "id" if number % 3 else "en"
        anchors = set(rng.choices(names, [1 / (i + 1) for i in range(len(names))], k=rng.randint(0, 12)))
        anchors |= set(rng.choices(numbers, k=rng.randint(0, 6)))
        bridge = frozenset(rng.choices(bridge_vocabulary, zipf, k=rng.randint(0, 14))) if number % 7 else frozenset()
        texts = {}
        if number % 3 == 1:  # an Indonesian article with an English translation
            texts = {"id": rng_signature(rng), "en": rng_signature(rng)}
        elif lang == "en":
            texts = {"en": rng_signature(rng)}
        undated = undated_every and number % undated_every == 0
        ts = None if undated else rng.randint(0, 10 * 24 * HOUR)
        key = f"{prefix}{lang}/{number}"
        docs[key] = DocumentFeatures(
            key, lang, ts, "h", 0, np.zeros(128, np.uint32), frozenset(anchors), bridge=bridge, text_signatures=texts
        )
    return docs


def rng_signature(rng: random.Random) -> np.ndarray:
    """Values from a small alphabet: two signatures agree on ~1/6 of their positions, near the MT thresholds."""
    return np.array([rng.randrange(6) for _ in range(128)], dtype=np.uint32)


def accepted_by_all_pairs(docs: list[DocumentFeatures], batch: set[str]) -> set[tuple[str, str]]:
    """The brute force: every other-edition pair with a batch article (undated ones within the batch only), scored
    by the linker itself."""
    pairs = set()
    for a, b in combinations(docs, 2):
        if a.lang == b.lang or (a.key not in batch and b.key not in batch):
            continue
        undated = a.published_ts is None or b.published_ts is None
        if undated and not (a.key in batch and b.key in batch):
            continue
        if crosslingual_link(a, b, DEFAULT_THRESHOLDS):
            pairs.add(tuple(sorted((a.key, b.key))))
    return pairs


def test_batch_candidates_equal_the_links_of_all_pairs() -> None:
    docs = random_docs(700, seed=3, undated_every=37)
    pairs, stored = crosslingual_candidates(docs, IndexReader(None), DEFAULT_THRESHOLDS)
    expected = accepted_by_all_pairs(list(docs.values()), set(docs))
    assert len(expected) > 100  # the test would be empty otherwise
    modes = {crosslingual_link(docs[a], docs[b], DEFAULT_THRESHOLDS).evidence["mode"] for a, b in expected}
    assert modes == {"anchors-only", "bridge", "bridge+translation"}
    assert pairs == expected and stored == {}


@pytest.mark.parametrize("seed", [11, 12])
def test_candidates_with_a_stored_window_equal_the_links_of_all_pairs(warehouse_uri: str, seed: int) -> None:
    """Batch × stored pairs come from the stored index's window only, and are exactly those all pairs would link
    (both engines: the window is read by the index's own query)."""
    history = random_docs(500, seed=seed, prefix="old-")
    batch = random_docs(300, seed=seed + 100, undated_every=29, prefix="new-")
    for doc in history.values():
        doc.story_id = new_story_id(doc.key)
    with Warehouse.open(warehouse_uri, auto_migrate=True) as wh:
        with wh.transaction():
            store.write_documents(wh, list(history.values()))
        pairs, stored = crosslingual_candidates(batch, IndexReader(wh), DEFAULT_THRESHOLDS)
        read_back = IndexReader(wh).documents(history)
    expected = accepted_by_all_pairs([*batch.values(), *read_back.values()], set(batch))
    assert any(a.startswith("old-") or b.startswith("old-") for a, b in expected)
    assert pairs == expected
    assert set(stored) == {key for pair in pairs for key in pair if key.startswith("old-")}


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
