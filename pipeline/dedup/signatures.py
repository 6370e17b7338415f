"""MinHash signatures and LSH band keys (datasketch), in a form that can live in warehouse rows.

The index is persistent: each article's band keys are stored in ``dedup_lsh_bands`` and its
signature in ``dedup_documents`` (migration 0002), so a new article is compared with history by
looking its band keys up instead of rebuilding an in-memory LSH every run.

Parameters (calibration in ``pipeline/dedup/README.md``): 128 permutations, 32 bands × 4 rows,
whose S-curve crosses 0.5 near Jaccard 0.42 — candidates are generated a little below the
decision threshold so that the final decision is made on the signature estimate, not on luck
in the banding.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from functools import cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SCHEME = "affine32"


@cache
def _template() -> MinHash:
    """One MinHash whose permutations every signature shares (building them per document is the slow part)."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)


def signature(features: Iterable[str]) -> np.ndarray:
    """MinHash hash values (uint32[NUM_PERM]) of a feature set; an empty set gives the all-max signature."""
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=SCHEME)
    minhash.update_batch([f.encode("utf-8") for f in features])
    return minhash.hashvalues.astype(np.uint32)


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Share of equal hash values = unbiased Jaccard estimate (std ≈ sqrt(J(1-J)/128) ≤ 0.045)."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray, namespace: str) -> list[int]:
    """One signed 64-bit key per band; ``namespace`` (the language) keeps the editions' indexes apart."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8, person=f"{namespace}:{band}".encode()[:16]).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def encode(sig: np.ndarray) -> str:
    """Signature as base64 text (portable across DuckDB and PostgreSQL, 684 characters)."""
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)
