"""Cross-lingual candidate pairs: the linker's decision bounded in bulk, over a sliding publication-time window.

Pairing every Indonesian article of a batch with every English one is O(B²) (5.5 million link decisions at 5,000
articles), and a token index does not bound it either: the lexical bridge accepts a weighted Jaccard of 0.078, so
a prefix filter must probe ~92 % of each article's tokens, the common news words among them, and every article of
the window comes back (~270 candidates per article on the bench's corpus, each one then scored in Python).

Instead, the conditions ``linker.crosslingual_link`` checks are evaluated for whole blocks of pairs at once with
sparse matrix products (shared weighted bridge tokens, shared anchors, shared numbers and figures) and, between
translated articles, vectorised MinHash agreement (``mt``):

* twins are published within ``xl_window_hours`` of each other, so a block of batch articles (in publication
  order) is compared only with the other edition's articles of its window — the batch's and the stored index's;
  undated batch articles, which the linker compares at any distance, with the whole batch;
* a pair survives when it passes the number veto and reaches the bridge (or, for legacy rows without bridge tokens,
  the anchors-only) threshold of its mode — without a translation, or with one (``bridge + mt``; the translation
  can lift the disjoint-figures rule), exactly as the linker decides, with a small slack for floating-point sums
  taken in another order.

The survivors are then scored by ``crosslingual_link`` (the one function that decides and writes the evidence),
so the links are exactly those an all-pairs enumeration of the window would give; the bound only saves the pairs
that cannot pass. The candidates are nearly all real links: per-pair Python work is proportional to the links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from pipeline.dedup.lexicon import YEAR, token_weight
from pipeline.dedup.signatures import NUM_PERM, STORED_DTYPE, jaccard_from_agreement

if TYPE_CHECKING:
    from pipeline.dedup.features import DocumentFeatures
    from pipeline.dedup.linker import Thresholds
    from pipeline.dedup.store import IndexReader

HOUR = 3600
Pair = tuple[str, str]
#: Batch articles compared as one block (memory: BLOCK × window partners per matrix, ~2,000 on the bench).
BLOCK = 256
#: Bounds are taken this much below the linker's thresholds: its sums run in another order (the linker decides).
SLACK = 1e-9


def token_matrix(
    token_sets: Sequence[Iterable[str]], weight: Callable[[str], float] | None = None
) -> tuple[sparse.csr_array, list[str]]:
    """One row per document, one column per distinct token (returned too): 1, or the token's weight, where the row
    has it. (Built with C-level iteration: the window's documents are re-read for every batch.)"""
    rows = [tuple(tokens) for tokens in token_sets]
    flat = list(chain.from_iterable(rows))
    vocabulary = list(dict.fromkeys(flat))
    column = {token: number for number, token in enumerate(vocabulary)}
    columns = np.fromiter(map(column.__getitem__, flat), dtype=np.int64, count=len(flat))
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, rows), dtype=np.int64, count=len(rows)), out=indptr[1:])
    if weight is None:
        data = np.ones(len(columns))
    else:  # one weight per distinct token, not per occurrence
        data = np.array([weight(token) for token in vocabulary], dtype=np.float64)[columns]
    shape = (len(rows), max(1, len(vocabulary)))
    return sparse.csr_array((data, columns, indptr), shape=shape), vocabulary


def columns_where(matrix: sparse.csr_array, vocabulary: list[str], keep: Callable[[str], bool]) -> sparse.csr_array:
    """The columns of the tokens ``keep`` selects (the numbers among the anchors, the figures among the numbers)."""
    selected = np.array([index for index, token in enumerate(vocabulary) if keep(token)], dtype=np.int64)
    if not len(selected):
        return sparse.csr_array((matrix.shape[0], 1))
    return sparse.csr_array(matrix[:, selected])


def row_counts(matrix: sparse.csr_array) -> np.ndarray:
    return np.diff(matrix.indptr)


def shared(rows: sparse.csr_array, cols: sparse.csr_array) -> np.ndarray:
    """Dense ``rows × cols`` matrix of shared-token sums (weights of ``rows``' tokens)."""
    return (rows @ cols.T).toarray()


@dataclass
class Documents:
    """Every compared document as arrays: the signals of ``crosslingual_link`` in bulk form."""

    keys: list[str]
    lang: np.ndarray  # edition index
    ts: np.ndarray  # float seconds, NaN when undated
    in_batch: np.ndarray
    bridge: sparse.csr_array  # token weights
    bridge_binary: sparse.csr_array
    bridge_total: np.ndarray
    anchors: sparse.csr_array
    anchor_count: np.ndarray
    numbers: sparse.csr_array
    number_count: np.ndarray
    figures: sparse.csr_array
    figure_count: np.ndarray
    #: language → (which documents have a text signature in it, the stored-width signatures; zero rows where absent)
    texts: dict[str, tuple[np.ndarray, np.ndarray]]

    @classmethod
    def of(cls, docs: Sequence[DocumentFeatures], in_batch: Sequence[bool]) -> Documents:
        langs = sorted({d.lang for d in docs})
        anchors, vocabulary = token_matrix([d.anchors for d in docs])
        numbers = columns_where(anchors, vocabulary, str.isdigit)  # as ``anchors.number_tokens``
        figures = columns_where(anchors, vocabulary, lambda t: t.isdigit() and not YEAR.fullmatch(t))
        bridge, _ = token_matrix([d.bridge for d in docs], token_weight)
        binary = bridge.copy()
        binary.data[:] = 1.0
        texts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for lang in sorted({lang for d in docs for lang in d.text_signatures}):
            has = np.array([lang in d.text_signatures for d in docs])
            sigs = np.zeros((len(docs), NUM_PERM), dtype=STORED_DTYPE)
            for row in np.flatnonzero(has):
                sigs[row] = docs[row].text_signatures[lang].astype(STORED_DTYPE)
            texts[lang] = (has, sigs)
        return cls(
            keys=[d.key for d in docs],
            lang=np.array([langs.index(d.lang) for d in docs]),
            ts=np.array([np.nan if d.published_ts is None else float(d.published_ts) for d in docs]),
            in_batch=np.array(in_batch, dtype=bool),
            bridge=bridge,
            bridge_binary=binary,
            bridge_total=np.asarray(bridge.sum(axis=1)).ravel(),
            anchors=anchors,
            anchor_count=row_counts(anchors),
            numbers=numbers,
            number_count=row_counts(numbers),
            figures=figures,
            figure_count=row_counts(figures),
            texts=texts,
        )


def agreement(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The Jaccard estimate of every row × column signature (``signatures.estimate_jaccard`` in bulk)."""
    counts = np.zeros((len(rows), len(cols)), dtype=np.int16)
    for position in range(rows.shape[1]):
        counts += rows[:, position, None] == cols[None, :, position]
    return jaccard_from_agreement(counts / rows.shape[1])


def translation_similarity(docs: Documents, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The linker's ``mt`` for every pair of the block: the best agreement in a language both texts exist in (NaN
    where there is none). Only other-edition pairs are compared: without translations there is nothing to do."""
    mt = np.full((len(rows), len(cols)), np.nan)
    for has, sigs in docs.texts.values():
        for edition in np.unique(docs.lang[rows]):
            r = np.flatnonzero(has[rows] & (docs.lang[rows] == edition))
            c = np.flatnonzero(has[cols] & (docs.lang[cols] != edition))
            if len(r) and len(c):
                found = agreement(sigs[rows[r]], sigs[cols[c]])
                mt[np.ix_(r, c)] = np.fmax(mt[np.ix_(r, c)], found)
    return mt


def jaccard_of(shared_sum: np.ndarray, total_left: np.ndarray, total_right: np.ndarray) -> np.ndarray:
    """Shared over union per pair (0 where both are empty), from the pairs' shared sums and each side's total."""
    union = total_left + total_right - shared_sum
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(union > 0, shared_sum / union, 0.0)


def numbers_disagree(docs: Documents, rows: np.ndarray, cols: np.ndarray, th: Thresholds) -> tuple[np.ndarray, ...]:
    """``linker.numbers_disagree``'s two rules for the block: (the numbers rule without a translation, the numbers
    rule with one, the disjoint-figures rule — which a good enough translation lifts)."""
    same_numbers = shared(docs.numbers[rows], docs.numbers[cols])
    fewer = np.minimum(docs.number_count[rows][:, None], docs.number_count[cols][None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(fewer > 0, same_numbers / np.maximum(fewer, 1), 1.0)
    counted = fewer >= th.number_veto_min_numbers
    without_mt = counted & (share < th.number_veto_min_shared - SLACK)
    with_mt = counted & (share < th.xl_number_veto_min_shared_with_mt - SLACK)
    same_figures = shared(docs.figures[rows], docs.figures[cols])
    few_figures = np.minimum(docs.figure_count[rows][:, None], docs.figure_count[cols][None, :])
    disjoint = (few_figures >= th.number_veto_disjoint_min) & (same_figures == 0)
    return without_mt, with_mt, disjoint


#: Above this share of a block's pairs, one block product is cheaper than pair-by-pair sparse products.
DENSE_SHARE = 1 / 16


def pair_shared(
    rows: sparse.csr_array, cols: sparse.csr_array, block: tuple[np.ndarray, np.ndarray], r: np.ndarray, c: np.ndarray
) -> np.ndarray:
    """Shared-token sums (weights of ``rows``' tokens) of the pairs (``block[0][r[k]]``, ``block[1][c[k]]``)."""
    if not len(r):
        return np.zeros(0)
    left, right = block
    if len(r) > DENSE_SHARE * len(left) * len(right):
        return shared(rows[left], cols[right])[r, c]
    return np.asarray(rows[left[r]].multiply(cols[right[c]]).sum(axis=1)).ravel()


def linkable(
    docs: Documents, rows: np.ndarray, cols: np.ndarray, th: Thresholds, window_s: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs of ``rows × cols`` (document indexes, one array per side) that ``crosslingual_link`` could accept
    (a superset by at most ``SLACK``).

    The window, the translation similarity and the number veto are decided for the whole block (the veto is cheap:
    numbers are rare tokens, and on news it rejects most pairs of a window); the bridge and anchor similarities —
    products over common words — only for the pairs the veto leaves."""
    ts_r, ts_c = docs.ts[rows][:, None], docs.ts[cols][None, :]
    dated = ~np.isnan(ts_r) & ~np.isnan(ts_c)
    with np.errstate(invalid="ignore"):
        within = dated & (np.abs(ts_r - ts_c) <= window_s)
    undated_in_batch = ~dated & docs.in_batch[rows][:, None] & docs.in_batch[cols][None, :]
    keep = (docs.lang[rows][:, None] != docs.lang[cols][None, :]) & (within | undated_in_batch)
    if not keep.any():
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    mt = np.where(dated, translation_similarity(docs, rows, cols), np.nan)
    veto_plain, veto_mt, disjoint = numbers_disagree(docs, rows, cols, th)
    lifted = np.nan_to_num(mt, nan=0.0) >= th.xl_mt_overrides_disjoint - SLACK
    vetoed = np.where(~np.isnan(mt), veto_mt | (disjoint & ~lifted), veto_plain | disjoint)
    r, c = np.nonzero(keep & ~vetoed)
    left, right, mt = rows[r], cols[c], mt[r, c]
    has_mt, mt0 = ~np.isnan(mt), np.nan_to_num(mt, nan=0.0)
    same_bridge = pair_shared(docs.bridge, docs.bridge_binary, (rows, cols), r, c)
    bridge = jaccard_of(same_bridge, docs.bridge_total[left], docs.bridge_total[right])
    by_bridge = np.where(
        has_mt,
        (bridge >= th.xl_bridge_strong - SLACK)
        | ((bridge + mt0 >= th.xl_bridge_with_mt - SLACK) & (mt0 >= th.xl_mt_min - SLACK)),
        bridge >= th.xl_bridge - SLACK,
    )
    same_anchors = pair_shared(docs.anchors, docs.anchors, (rows, cols), r, c)
    anchors = jaccard_of(same_anchors, docs.anchor_count[left], docs.anchor_count[right])
    by_anchors = (anchors >= th.xl_anchor_only - SLACK) & (same_anchors >= th.xl_anchor_only_min_shared)
    bridged = (docs.bridge_total[left] > 0) & (docs.bridge_total[right] > 0)
    accepted = np.where(bridged, by_bridge, by_anchors)
    return left[accepted], right[accepted]


def partners(docs: Documents, block: np.ndarray, window_s: int) -> np.ndarray:
    """The documents a block of batch articles may pair with: dated ones of its window, undated batch articles (and,
    for an undated article, the whole batch)."""
    ts = docs.ts[block]
    dated = ~np.isnan(docs.ts)
    if np.isnan(ts).any():
        return np.flatnonzero(docs.in_batch | dated)
    lo, hi = ts.min() - window_s, ts.max() + window_s
    with np.errstate(invalid="ignore"):
        return np.flatnonzero((dated & (docs.ts >= lo) & (docs.ts <= hi)) | (~dated & docs.in_batch))


def linkable_pairs(docs: Documents, th: Thresholds) -> set[Pair]:
    """Every pair with at least one batch article that ``crosslingual_link`` could accept."""
    window_s = int(th.xl_window_hours * HOUR)
    batch = np.flatnonzero(docs.in_batch)
    order = batch[np.argsort(np.nan_to_num(docs.ts[batch], nan=np.inf), kind="stable")]
    pairs: set[Pair] = set()
    for start in range(0, len(order), BLOCK):
        rows = order[start : start + BLOCK]
        cols = partners(docs, rows, window_s)
        for left, right in zip(*linkable(docs, rows, cols, th, window_s), strict=True):
            a, b = docs.keys[left], docs.keys[right]
            pairs.add((a, b) if a < b else (b, a))
    return pairs


def crosslingual_candidates(
    batch: dict[str, DocumentFeatures], reader: IndexReader, th: Thresholds
) -> tuple[set[Pair], dict[str, DocumentFeatures]]:
    """Other-edition pairs that could pass ``crosslingual_link`` (batch × batch and batch × the stored index's
    window), and the stored documents they involve."""
    window_s = int(th.xl_window_hours * HOUR)
    stored = reader.documents_in_window(list(batch.values()), window_s)
    everything = [*batch.values(), *stored.values()]
    if not everything:
        return set(), {}
    docs = Documents.of(everything, [True] * len(batch) + [False] * len(stored))
    pairs = linkable_pairs(docs, th)
    stored_keys = {key for pair in pairs for key in pair if key not in batch}
    return pairs, {key: stored[key] for key in stored_keys}
