"""MinHash signatures and LSH band keys (datasketch), in a form that can live in warehouse rows.

The index is persistent: each article's band keys and signatures are stored in its
``dedup_documents`` row (migration 0007), so a new article is compared with history by looking
its band keys up instead of rebuilding an in-memory LSH every run.

Compact forms (why: the index must stay near 1-2 KB per article at 100,000s of articles):

* A stored signature keeps the low 8 bits of each hash value ("b-bit minwise hashing", Li & König
  2010): 128 bytes instead of 512. Two values of different minima agree by chance with probability
  2^-8, so the share of equal values P relates to the Jaccard similarity J as P = C + (1 - C)·J with
  C = 2^-8; :func:`jaccard_from_agreement` inverts that, so the estimate stays unbiased, and its
  standard error grows by 1-2 % (Li & König's variance: ≈ 0.0283 instead of 0.0277 at J = 0.11, the
  lowest threshold compared) — where 16 bits (migration 0011) cost 128 more bytes per signature,
  three signatures an article. :func:`estimate_jaccard` always compares the low 8 bits, so a fresh
  (32-bit) signature and a stored one compare exactly like two stored ones.
* Band keys are 32-bit: a chance collision only adds a candidate that the signature check then
  rejects (≈ 0.02 false candidates per article at 100,000 stored articles).

Parameters (calibration in ``pipeline/dedup/README.md``): 128 permutations, 32 bands × 4 rows,
whose S-curve crosses 0.5 near Jaccard 0.42 — candidates are generated a little below the
decision threshold so that the final decision is made on the signature estimate, not on luck
in the banding.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SCHEME = "affine32"
#: Bits of each hash value that are stored and compared.
STORED_DTYPE = np.dtype("u1")
#: Probability that the stored bits of two *different* minima agree by chance.
CHANCE_AGREEMENT = 2.0 ** -(8 * STORED_DTYPE.itemsize)


@cache
def _template() -> MinHash:
    """One MinHash whose permutations every signature shares (building them per document is the slow part)."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)


def feature_hashes(features: Iterable[str]) -> list[int]:
    """datasketch's default feature hash (``sha1_hash32``: the first 4 bytes of SHA-1, little-endian) for every
    feature at once: one C-level pass and one buffer, instead of a Python call and a ``struct.unpack`` per feature
    (hashing is most of a signature's cost: ~600 features an article)."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(feature.encode("utf-8")).digest()[:4] for feature in features])
    return np.frombuffer(digests, dtype="<u4").tolist()


@lru_cache(maxsize=1 << 18)
def word_hash(word: str) -> int:
    """One word's feature hash, remembered: an article's content words recur across articles (a shingle rarely does)."""
    return int.from_bytes(hashlib.sha1(word.encode("utf-8")).digest()[:4], "little")


def signature(features: Iterable[str], *, words: bool = False) -> np.ndarray:
    """MinHash hash values (uint32[NUM_PERM]) of a feature set; an empty set gives the all-max signature.

    The features are hashed in bulk (:func:`feature_hashes`; single ``words`` through :func:`word_hash`'s memory) —
    the very values datasketch's default hash gives — and handed to datasketch as integers (``hashfunc=int``),
    which applies its permutations as before."""
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=SCHEME, hashfunc=int)
    minhash.update_batch([word_hash(w) for w in features] if words else feature_hashes(features))
    return minhash.hashvalues.astype(np.uint32)


def jaccard_from_agreement(share: Any) -> Any:
    """The Jaccard estimate for a share of equal stored values (a float or an array of them): chance agreements of
    the b-bit values removed, ``(P - C) / (1 - C)``, and clipped at 0."""
    return np.maximum(0.0, (share - CHANCE_AGREEMENT) / (1.0 - CHANCE_AGREEMENT))


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard estimate from the share of equal low 8-bit hash values (std ≈ sqrt(J(1-J)/128) ≤ 0.045)."""
    share = np.count_nonzero(a.astype(STORED_DTYPE) == b.astype(STORED_DTYPE)) / len(a)
    return float(jaccard_from_agreement(share))


def band_keys(sig: np.ndarray, namespace: str) -> list[int]:
    """One signed 32-bit key per band (computed from the full signature); ``namespace`` (the language) keeps the
    editions' indexes apart."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=4, person=f"{namespace}:{band}".encode()[:16]).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def encode(sig: np.ndarray) -> bytes:
    """Stored form: the low 8 bits of each value (128 bytes; BLOB / bytea on both engines)."""
    return sig.astype(STORED_DTYPE).tobytes()


def decode(blob: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype=STORED_DTYPE)
