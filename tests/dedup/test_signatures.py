"""The bulk feature hashing gives exactly datasketch's own MinHash (the stored signatures must not move)."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash

from pipeline.dedup import signatures


def datasketch_signature(features: set[str]) -> np.ndarray:
    """The reference: datasketch's default hash (sha1_hash32) over the same permutations."""
    template = signatures._template()
    minhash = MinHash(
        num_perm=signatures.NUM_PERM, seed=1, permutations=template.permutations, scheme=signatures.SCHEME
    )
    minhash.update_batch([f.encode("utf-8") for f in features])
    return minhash.hashvalues.astype(np.uint32)


def random_sets(seed: int, count: int, words: bool) -> list[set[str]]:
    rng = random.Random(seed)
    vocabulary = ["gempa", "Jakarta", "rupiah", "ñandú", "2025", "é", "ekspor", "Presiden", "banjir"]

    def feature() -> str:
        parts = 1 if words else 5
        return " ".join(rng.choice(vocabulary) + str(rng.randint(0, 999)) for _ in range(parts))

    return [{feature() for _ in range(rng.randint(0, 400))} for _ in range(count)]


def test_shingle_signatures_equal_datasketchs() -> None:
    for features in random_sets(1, 60, words=False):
        assert np.array_equal(signatures.signature(features), datasketch_signature(features))


def test_word_signatures_equal_datasketchs_also_from_the_word_memory() -> None:
    sets = random_sets(2, 60, words=True)
    for _ in range(2):  # the second pass hashes from the memory
        for features in sets:
            assert np.array_equal(signatures.signature(features, words=True), datasketch_signature(features))
    assert signatures.word_hash.cache_info().hits > 0


def test_an_empty_set_is_the_all_max_signature() -> None:
    assert np.array_equal(signatures.signature(set()), datasketch_signature(set()))
    assert int(signatures.signature(set()).min()) == int(np.iinfo(np.uint32).max)
