"""Cross-lingual candidate pairs in linear time: a sliding publication-time window over prefix-filtered anchors.

Pairing every Indonesian article of a batch with every English one is O(B²) (5.5 million link decisions at 5,000
articles). Two facts make that unnecessary without losing a single link the linker would accept:

* twins are published within ``xl_window_hours`` of each other — a sweep in publication order keeps only the other
  edition's articles of the last window in an inverted index (undated articles, which the linker compares at any
  distance, probe an index of the whole batch instead);
* every accepted cross-lingual link has an anchor Jaccard of at least ``min(xl_anchor_only, xl_anchor_with_mt)``.
  Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007, "All-Pairs"): order each anchor set by how rare the
  anchor is; two sets with Jaccard ≥ t share an anchor among the first ``|s| - ceil(t·|s|) + 1`` of either, so only
  those prefixes are indexed and probed — the common anchors ("jakarta", "indonesia", the year) that would make every
  posting list long sit at the end and are never looked up.

Each probe's survivors are then checked exactly (window, length bound, anchor Jaccard) before the linker sees them.
The stored side is read as (key, time, anchors) only; full index rows are fetched for the surviving candidates.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipeline.dedup.lexicon import is_bridge_token

if TYPE_CHECKING:
    from pipeline.dedup.features import DocumentFeatures
    from pipeline.dedup.linker import Thresholds
    from pipeline.dedup.store import IndexReader

HOUR = 3600
EDITIONS = ("en", "id")
Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One article as candidate generation sees it: the tokens of one view (anchors, or bridge tokens)."""

    key: str
    lang: str
    ts: int | None
    anchors: frozenset[str]
    in_batch: bool
    translated: bool = False


Weight = Callable[[str], float]


def unit_weight(_token: str) -> float:
    return 1.0


def min_anchor_jaccard(th: Thresholds) -> float:
    """The lowest anchor Jaccard the anchors-only decision accepts (see ``linker.crosslingual_link``)."""
    return th.xl_anchor_only


def min_bridge_jaccard(th: Thresholds) -> float:
    """The lowest weighted bridge Jaccard a decision without a translation accepts."""
    return min(th.xl_bridge, th.xl_bridge_strong)


def prefix_length(size: int, threshold: float) -> int:
    """How many of a set's rarest tokens must be probed so that no pair with Jaccard ≥ threshold is missed."""
    return size - math.ceil(threshold * size - 1e-9) + 1 if size else 0


class PrefixIndex:
    """Token → entries, over each entry's rarest tokens only; the rarity order is fixed for one call.

    Weighted (``weight``): two sets with weighted Jaccard ≥ t share weight ≥ t·W(either), so they share a token
    among the rarest ones of each that leave less than t·W(set) behind — the prefix. Unit weights give the
    classic ``|s| - ceil(t·|s|) + 1``."""

    def __init__(self, entries: Iterable[Entry], threshold: float, weight: Weight = unit_weight) -> None:
        self.threshold = threshold
        self.frequency = Counter(a for entry in entries for a in entry.anchors)
        self.unit = weight is unit_weight
        self.weights = {token: weight(token) for token in self.frequency}  # looked up once per token, not per pair
        self.totals: dict[str, float] = {}

    def total(self, entry: Entry) -> float:
        found = self.totals.get(entry.key)
        if found is None:
            found = self.totals[entry.key] = sum(self.weights[t] for t in entry.anchors)
        return found

    def prefix(self, entry: Entry) -> list[str]:
        ordered = sorted(entry.anchors, key=lambda a: (self.frequency[a], a))
        if self.unit:
            return ordered[: prefix_length(len(ordered), self.threshold)]
        left = self.total(entry)
        bound = self.threshold * left - 1e-9
        prefix = []
        for token in ordered:
            if left < bound:
                break
            prefix.append(token)
            left -= self.weights[token]
        return prefix

    def similar_enough(self, a: Entry, b: Entry) -> bool:
        """Exact test (the length bound first: Jaccard ≥ t needs t·W(A) ≤ W(B) ≤ W(A)/t)."""
        wa, wb = self.total(a), self.total(b)
        small, large = sorted((wa, wb))
        if small < self.threshold * large - 1e-9:
            return False
        shared = sum(self.weights[t] for t in a.anchors & b.anchors)
        union = wa + wb - shared
        return bool(union) and shared / union >= self.threshold - 1e-9


def pair_of(a: Entry, b: Entry) -> Pair:
    return (a.key, b.key) if a.key < b.key else (b.key, a.key)


def windowed_pairs(entries: list[Entry], index: PrefixIndex, window_s: int) -> set[Pair]:
    """Dated entries swept in publication order; each probes the other edition's postings of the last window."""
    pairs: set[Pair] = set()
    postings: dict[str, dict[str, deque[Entry]]] = defaultdict(lambda: defaultdict(deque))
    for entry in sorted(entries, key=lambda e: (e.ts, e.key)):
        assert entry.ts is not None
        oldest = entry.ts - window_s
        prefix = index.prefix(entry)
        seen: set[str] = set()
        for lang, by_anchor in postings.items():
            if lang == entry.lang:
                continue
            for anchor in prefix:
                queue = by_anchor.get(anchor)
                if not queue:
                    continue
                while queue and queue[0].ts < oldest:
                    queue.popleft()
                for other in queue:
                    if other.key in seen or not (entry.in_batch or other.in_batch):
                        continue
                    seen.add(other.key)
                    if index.similar_enough(entry, other):
                        pairs.add(pair_of(entry, other))
        for anchor in prefix:
            postings[entry.lang][anchor].append(entry)
    return pairs


def undated_pairs(undated: list[Entry], batch: list[Entry], index: PrefixIndex) -> set[Pair]:
    """Articles without a date are compared with the other edition's whole batch (the linker has no window for them)."""
    by_anchor: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in batch:
        for anchor in index.prefix(entry):
            by_anchor[(entry.lang, anchor)].append(entry)
    pairs: set[Pair] = set()
    for entry in undated:
        for anchor in index.prefix(entry):
            for lang in {e.lang for e in batch} - {entry.lang}:
                for other in by_anchor.get((lang, anchor), ()):
                    if index.similar_enough(entry, other):
                        pairs.add(pair_of(entry, other))
    return pairs


def stored_window(batch: list[Entry], reader: IndexReader, window_s: int) -> list[Entry]:
    """The other edition's stored articles within the window of any dated batch article (batch keys excluded);
    their ``anchors`` hold every stored token (anchors and bridge tokens: :func:`views` splits them)."""
    in_batch = {entry.key for entry in batch}
    stored: list[Entry] = []
    for lang in sorted({*EDITIONS, *(entry.lang for entry in batch)}):
        dated = [entry.ts for entry in batch if entry.lang != lang and entry.ts is not None]
        if not dated:
            continue
        for key, ts, tokens, translated in reader.anchors_between(lang, min(dated) - window_s, max(dated) + window_s):
            if key not in in_batch:
                stored.append(Entry(key, lang, ts, tokens, in_batch=False, translated=translated))
    return stored


def view(entries: list[Entry], bridge: bool) -> list[Entry]:
    """The entries with only their anchors, or only their bridge tokens (entries without any are left out)."""
    out = []
    for e in entries:
        tokens = frozenset(t for t in e.anchors if is_bridge_token(t) == bridge)
        if tokens or not bridge:
            out.append(Entry(e.key, e.lang, e.ts, tokens, e.in_batch, e.translated))
    return out


def view_pairs(entries: list[Entry], batch_entries: list[Entry], index: PrefixIndex, window_s: int) -> set[Pair]:
    pairs = windowed_pairs([e for e in entries if e.ts is not None], index, window_s)
    undated = [e for e in batch_entries if e.ts is None]
    if undated:
        pairs |= undated_pairs(undated, batch_entries, index)
    return pairs


def translated_pairs(entries: list[Entry], window_s: int) -> set[Pair]:
    """Dated pairs that both carry a translation signature, within the window: the translation may link them with
    no shared token at all (``bridge + mt``), so no token index bounds them — all pairs of the window."""
    pairs: set[Pair] = set()
    recent: deque[Entry] = deque()
    for entry in sorted((e for e in entries if e.translated and e.ts is not None), key=lambda e: (e.ts, e.key)):
        assert entry.ts is not None
        while recent and recent[0].ts is not None and recent[0].ts < entry.ts - window_s:
            recent.popleft()
        pairs.update(
            pair_of(entry, other) for other in recent if other.lang != entry.lang and (entry.in_batch or other.in_batch)
        )
        recent.append(entry)
    return pairs


def crosslingual_candidates(
    batch: dict[str, DocumentFeatures], reader: IndexReader, th: Thresholds
) -> tuple[set[Pair], dict[str, DocumentFeatures]]:
    """Other-edition pairs that could pass ``crosslingual_link``, and the stored documents they involve: pairs
    close enough on anchors (the anchors-only decision), on weighted bridge tokens (the bridge decision), and,
    between translated articles, every pair of the window (the translation decision)."""
    from pipeline.dedup.lexicon import token_weight

    window_s = int(th.xl_window_hours * HOUR)
    entries = [
        Entry(d.key, d.lang, d.published_ts, d.anchors | d.bridge, in_batch=True, translated=bool(d.text_signatures))
        for d in batch.values()
    ]
    every = [*entries, *stored_window(entries, reader, window_s)]
    pairs: set[Pair] = set()
    for bridge, threshold, weight in (
        (False, min_anchor_jaccard(th), unit_weight),
        (True, min_bridge_jaccard(th), token_weight),
    ):
        tokens = view(every, bridge)
        index = PrefixIndex(tokens, threshold, weight)
        pairs |= view_pairs(tokens, [e for e in tokens if e.in_batch], index, window_s)
    pairs |= translated_pairs(every, window_s)
    stored_keys = {key for pair in pairs for key in pair if key not in batch}
    return pairs, reader.documents(stored_keys)
