"""Story linking: near duplicates within an edition, Indonesian ↔ English twins across editions.

``link_stories`` is read-only against the warehouse: it compares a batch with itself and with the
stored index, groups articles into stories (union-find over the accepted links plus the stories
already stored) and returns everything ``persist_dedup`` must write. Thresholds live in
:class:`Thresholds`; their calibration is documented in ``pipeline/dedup/README.md``.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING

from pipeline.dedup import store
from pipeline.dedup.anchors import jaccard, number_tokens
from pipeline.dedup.candidates import crosslingual_candidates
from pipeline.dedup.features import DocumentFeatures, article_features, feature_stamp
from pipeline.dedup.lexicon import YEAR, weighted_jaccard
from pipeline.dedup.signatures import estimate_jaccard
from pipeline.models import Article, StoryLink

if TYPE_CHECKING:
    from pipeline.warehouse import Warehouse

log = logging.getLogger(__name__)

HOUR = 3600


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Decision thresholds (calibrated on NTREX-128 and the gold pairs, see README)."""

    #: Same story, same edition: estimated Jaccard of word 5-shingles (doc §7.2: different stories ≤ 0.01).
    near_jaccard: float = 0.5
    #: …or one text (nearly) contains the other — a trimmed or extended copy — with at least this Jaccard.
    near_containment: float = 0.8
    near_containment_min_jaccard: float = 0.2
    #: Recurring formats ("Harga emas hari ini") share the template but not the figures: when both texts
    #: carry at least this many numbers (of two digits or more) and fewer than this share of the shorter text's numbers
    #: recur in the other, they are different stories — in either linking mode.
    number_veto_min_numbers: int = 3
    number_veto_min_shared: float = 0.6
    #: …and when both carry at least this many figures (years aside) and share none of them, whatever the words say:
    #: two events of one topic (two matches of a coach, two toll-road openings) share names, not figures.
    number_veto_disjoint_min: int = 2
    #: Cross-lingual twins are published within this many hours of each other.
    xl_window_hours: float = 48.0
    #: Lexical bridge (lexicon words, cognate keys and figures, :mod:`pipeline.dedup.lexicon`): weighted Jaccard of
    #: the two token sets. Without a translation: unrelated pairs, even on the same topic, stay below it; edited
    #: translations that keep a different ~70 % of the sentences reach it (calibration in the README).
    xl_bridge: float = 0.078
    #: With a DONE machine translation on either side, the translation decides: bridge Jaccard + MT content-word
    #: Jaccard must reach this; only a bridge this strong links whatever the translation says.
    xl_bridge_with_mt: float = 0.16
    #: …with at least this MT similarity of its own (two short stories of one topic share names, not sentences).
    xl_mt_min: float = 0.11
    xl_bridge_strong: float = 0.13
    #: With a translation, the number veto asks for this share of the shorter text's numbers instead of
    #: ``number_veto_min_shared``: editions keeping a different ~70 % of the sentences share 0.4-0.6 of their
    #: numbers, while same-day wire updates and same-topic stories of the gold set share at most a third.
    xl_number_veto_min_shared_with_mt: float = 0.4
    #: …and an MT similarity this high lifts the disjoint-figures rule (edited twins whose kept sentences share no
    #: figure; the disjoint-figure negatives of the gold set stay below 0.19 when the containment rule lets them pass).
    xl_mt_overrides_disjoint: float = 0.2
    #: A cross-lingual link survives when its score is within this share of the best link of both its articles.
    xl_mutual_best_tolerance: float = 0.05
    #: Legacy index rows without bridge tokens: anchors only — anchor Jaccard and shared anchors.
    xl_anchor_only: float = 0.3
    xl_anchor_only_min_shared: int = 4


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(slots=True)
class DedupResult:
    """What ``link_stories`` decided; ``persist_dedup`` writes it."""

    links: list[StoryLink] = field(default_factory=list)
    #: Index rows of the batch (signature, anchors, band keys, story) — what to persist.
    index_rows: list[DocumentFeatures] = field(default_factory=list)
    #: (article key, story id, is_canonical) of already-stored articles whose assignment changed.
    story_updates: list[tuple[str, str, bool]] = field(default_factory=list)
    #: (article key, story id, is_canonical) of every batch article, as assigned to the Article objects.
    assignments: list[tuple[str, str, bool]] = field(default_factory=list)
    near_duplicates: int = 0
    crosslingual: int = 0
    stories_new: int = 0

    def summary(self) -> str:
        return (
            f"dedup: {len(self.assignments)} articles, {self.stories_new} new stories, "
            f"{self.near_duplicates} near-duplicate links, {self.crosslingual} cross-lingual links, "
            f"{len(self.story_updates)} stored articles re-assigned"
        )


# --- pair decisions -------------------------------------------------------------------------------


def figures(numbers: set[str]) -> set[str]:
    """Numbers other than years (every story of a year shares those)."""
    return {n for n in numbers if not YEAR.fullmatch(n)}


def numbers_disagree(
    a: DocumentFeatures, b: DocumentFeatures, th: Thresholds, min_shared: float | None = None, mt: float | None = None
) -> bool:
    """True when both texts carry figures and too few of the shorter one's figures recur in the other.

    Containment rather than Jaccard, so that a trimmed copy (fewer figures, all shared) is not vetoed.
    ``min_shared`` overrides :attr:`Thresholds.number_veto_min_shared`; a machine-translation similarity ``mt`` of
    at least :attr:`Thresholds.xl_mt_overrides_disjoint` lifts the disjoint-figures rule (two editions that each
    keep a different part of the story can keep different figures; a translation that matches says so).
    """
    nums_a, nums_b = number_tokens(set(a.anchors)), number_tokens(set(b.anchors))
    fewer = min(len(nums_a), len(nums_b))
    required = th.number_veto_min_shared if min_shared is None else min_shared
    if fewer >= th.number_veto_min_numbers and len(nums_a & nums_b) / fewer < required:
        return True
    if mt is not None and mt >= th.xl_mt_overrides_disjoint:
        return False
    figures_a, figures_b = figures(nums_a), figures(nums_b)
    return min(len(figures_a), len(figures_b)) >= th.number_veto_disjoint_min and not figures_a & figures_b


def near_duplicate_link(a: DocumentFeatures, b: DocumentFeatures, th: Thresholds) -> StoryLink | None:
    """Same edition: a republished, lightly edited, trimmed or extended copy of one story."""
    if not a.shingle_count or not b.shingle_count:
        return None
    similarity = estimate_jaccard(a.signature, b.signature)
    shared = similarity * (a.shingle_count + b.shingle_count) / (1 + similarity)
    containment = min(1.0, shared / min(a.shingle_count, b.shingle_count))
    accepted = similarity >= th.near_jaccard or (
        containment >= th.near_containment and similarity >= th.near_containment_min_jaccard
    )
    if not accepted or numbers_disagree(a, b, th):
        return None
    evidence: dict[str, float | str | list[str]] = {
        "jaccard": round(similarity, 4),
        "containment": round(containment, 4),
        "method": "minhash-128 word-5-shingles",
    }
    if a.content_hash == b.content_hash:
        evidence["method"] = "identical normalised content"
    return make_link(a.key, b.key, "near_duplicate", similarity, evidence)


def hours_apart(a: DocumentFeatures, b: DocumentFeatures) -> float | None:
    if a.published_ts is None or b.published_ts is None:
        return None
    return abs(a.published_ts - b.published_ts) / HOUR


def translation_similarity(a: DocumentFeatures, b: DocumentFeatures) -> float | None:
    """Content-word Jaccard in a language both texts exist in (one side is then a machine translation)."""
    common = sorted(set(a.text_signatures) & set(b.text_signatures))
    if not common:
        return None
    return max(estimate_jaccard(a.text_signatures[lang], b.text_signatures[lang]) for lang in common)


def crosslingual_link(a: DocumentFeatures, b: DocumentFeatures, th: Thresholds) -> StoryLink | None:
    """Other edition: the same event told again — shared event words and names, confirmed by the MT when there is one.

    This is the one function that scores an Indonesian/English pair (candidate enumeration is elsewhere).
    """
    apart = hours_apart(a, b)
    if apart is not None and apart > th.xl_window_hours:
        return None
    mt = translation_similarity(a, b) if apart is not None else None
    if mt is None and numbers_disagree(a, b, th):
        return None
    if mt is not None and numbers_disagree(a, b, th, th.xl_number_veto_min_shared_with_mt, mt):
        return None
    anchors = jaccard(set(a.anchors), set(b.anchors))
    shared = sorted(a.anchors & b.anchors)
    bridge = weighted_jaccard(a.bridge, b.bridge) if a.bridge and b.bridge else None
    evidence: dict[str, float | str | list[str]] = {"anchor_jaccard": round(anchors, 4), "shared_anchors": shared}
    if apart is not None:
        evidence["hours_apart"] = round(apart, 2)
    if mt is not None:
        evidence["mt_similarity"] = round(mt, 4)
    if bridge is None:  # an index row written before the lexical bridge existed
        accepted = anchors >= th.xl_anchor_only and len(shared) >= th.xl_anchor_only_min_shared
        evidence["mode"] = "anchors-only"
        return make_link(a.key, b.key, "crosslingual", anchors, evidence) if accepted else None
    evidence["bridge_jaccard"] = round(bridge, 4)
    evidence["shared_bridge"] = sorted(a.bridge & b.bridge)
    if mt is None:
        evidence["mode"] = "bridge"
        return make_link(a.key, b.key, "crosslingual", bridge, evidence) if bridge >= th.xl_bridge else None
    # A translation is the sharper evidence in the middle band; it cannot unlink a strong bridge (a weak or
    # mismatched MT model must not undo what the shared words already prove).
    evidence["mode"] = "bridge+translation"
    accepted = bridge >= th.xl_bridge_strong or (bridge + mt >= th.xl_bridge_with_mt and mt >= th.xl_mt_min)
    return make_link(a.key, b.key, "crosslingual", bridge + mt, evidence) if accepted else None


def make_link(a: str, b: str, kind: str, score: float, evidence: dict[str, float | str | list[str]]) -> StoryLink:
    first, second = sorted((a, b))
    return StoryLink(a_key=first, b_key=second, kind=kind, score=round(score, 4), evidence=evidence)


def mutual_best(links: list[StoryLink], tolerance: float = 0.05) -> list[StoryLink]:
    """Keep a cross-lingual link only when it is (within ``tolerance``, relative) the best one of both its articles.

    Twins are one-to-one; the tolerance keeps the links of near-identical copies of one story (a republished
    Indonesian copy scores a hair below the original against the same English twin).
    """
    best: dict[str, float] = defaultdict(float)
    for link in links:
        best[link.a_key] = max(best[link.a_key], link.score)
        best[link.b_key] = max(best[link.b_key], link.score)
    floor = 1.0 - tolerance
    return [link for link in links if link.score >= floor * best[link.a_key] and link.score >= floor * best[link.b_key]]


# --- candidates ------------------------------------------------------------------------------------


def near_candidate_pairs(batch: dict[str, DocumentFeatures], reader: store.IndexReader) -> set[tuple[str, str]]:
    """Pairs sharing at least one LSH band: within the batch, and batch × stored index."""
    by_band: dict[store.BandProbe, list[str]] = defaultdict(list)
    for doc in batch.values():
        for probe in store.band_probes(doc):
            by_band[probe].append(doc.key)
    pairs = {tuple(sorted(p)) for keys in by_band.values() for p in combinations(sorted(set(keys)), 2)}
    stored = reader.articles_sharing_bands(by_band)
    for probe, stored_keys in stored.items():
        for batch_key in by_band.get(probe, ()):
            pairs.update(tuple(sorted((batch_key, k))) for k in stored_keys if k not in batch)
    return pairs


# --- stories ---------------------------------------------------------------------------------------


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, node: str) -> str:
        self.parent.setdefault(node, node)
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for node in list(self.parent):
            out[self.find(node)].append(node)
        return out


STORY_NODE = "story:"


def new_story_id(founder_key: str) -> str:
    """Deterministic, so a re-run of the same batch names the same story."""
    return "st-" + hashlib.sha256(founder_key.encode("utf-8")).hexdigest()[:20]


def publication_order(doc: DocumentFeatures) -> tuple[bool, int, str]:
    """Earliest published first; undated last; the key breaks ties so the choice is deterministic."""
    return (doc.published_ts is None, doc.published_ts or 0, doc.key)


def assign_canonicals(members: Iterable[DocumentFeatures], story_id: str) -> None:
    """One canonical per story and edition: the earliest published copy."""
    by_lang: dict[str, list[DocumentFeatures]] = defaultdict(list)
    for doc in members:
        by_lang[doc.lang].append(doc)
    for docs in by_lang.values():
        first = min(docs, key=publication_order)
        for doc in docs:
            doc.story_id, doc.is_canonical = story_id, doc is first


# --- entry point -----------------------------------------------------------------------------------


def batch_features(
    articles: list[Article], precomputed: Mapping[str, DocumentFeatures] | None = None
) -> dict[str, DocumentFeatures]:
    """Features of every indexable article; blank bodies are logged and left out of the comparisons.

    ``precomputed`` features (a backfill's workers computed them) are used where their stamp matches the article;
    the others are computed here. Each call returns fresh objects: the linker writes story ids onto them."""
    docs: dict[str, DocumentFeatures] = {}
    precomputed = precomputed or {}
    for article in articles:
        if not article.body.strip():
            log.warning("dedup: %s has an empty body; it gets a story of its own", article.key)
            continue
        if article.key in docs:
            log.warning("dedup: %s appears twice in the batch; the later copy is indexed", article.key)
        ready = precomputed.get(article.key)
        if ready is not None and ready.stamp == feature_stamp(article):
            docs[article.key] = replace(ready, story_id=None, is_canonical=True)
        else:
            docs[article.key] = article_features(article)
    return docs


def link_stories(
    articles: list[Article],
    wh: Warehouse | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    features: Mapping[str, DocumentFeatures] | None = None,
) -> DedupResult:
    """Assign ``story_id``/``canonical`` to every article of the batch; read-only against ``wh``.

    ``features``: precomputed features by article key (missing or stale ones are computed)."""
    reader = store.IndexReader(wh)
    batch = batch_features(articles, features)
    previously_stored = reader.documents(batch)

    near_pairs = near_candidate_pairs(batch, reader)
    xl_pairs, xl_stored = crosslingual_candidates(batch, reader, thresholds)
    others = reader.documents({k for pair in near_pairs for k in pair if k not in batch})
    known = {**others, **xl_stored, **batch}

    near_links = [link for a, b in sorted(near_pairs) if (link := near_duplicate_link(known[a], known[b], thresholds))]
    xl_links = mutual_best(
        [link for a, b in sorted(xl_pairs) if (link := crosslingual_link(known[a], known[b], thresholds))],
        thresholds.xl_mutual_best_tolerance,
    )

    groups = UnionFind()
    for key in batch:
        groups.find(key)
    for key, doc in previously_stored.items():  # a re-loaded article stays in its story
        groups.union(key, STORY_NODE + doc.story_id)
    for link in near_links + xl_links:
        groups.union(link.a_key, link.b_key)
        for key in (link.a_key, link.b_key):
            if key not in batch:
                groups.union(key, STORY_NODE + known[key].story_id)

    result = DedupResult(links=near_links + xl_links, near_duplicates=len(near_links), crosslingual=len(xl_links))
    resolve_stories(groups, batch, reader, result)
    apply_to_articles(articles, batch, result)
    return result


def resolve_stories(
    groups: UnionFind, batch: dict[str, DocumentFeatures], reader: store.IndexReader, result: DedupResult
) -> None:
    """Pick each component's story id and canonicals; record stored articles whose assignment changed."""
    components = [nodes for nodes in groups.groups().values() if any(n in batch for n in nodes)]
    story_ids = {n.removeprefix(STORY_NODE) for nodes in components for n in nodes if n.startswith(STORY_NODE)}
    stored_members = reader.story_members(story_ids)
    members_by_story: dict[str, list[DocumentFeatures]] = defaultdict(list)
    for doc in stored_members:
        members_by_story[doc.story_id].append(doc)

    for nodes in components:
        stories = sorted(n.removeprefix(STORY_NODE) for n in nodes if n.startswith(STORY_NODE))
        stored = {doc.key: doc for sid in stories for doc in members_by_story[sid]}
        original = {key: (doc.story_id, doc.is_canonical) for key, doc in stored.items()}
        members = {**stored, **{key: batch[key] for key in nodes if key in batch}}
        if stories:  # the story of the earliest stored member survives a merge
            story_id = min(stored.values(), key=publication_order).story_id if stored else stories[0]
        else:
            story_id = new_story_id(min(members.values(), key=publication_order).key)
            result.stories_new += 1
        assign_canonicals(members.values(), story_id)
        result.story_updates.extend(
            (key, doc.story_id, doc.is_canonical)
            for key, doc in sorted(members.items())
            if key not in batch and original.get(key) != (doc.story_id, doc.is_canonical)
        )
    result.index_rows = sorted(batch.values(), key=lambda d: d.key)


def apply_to_articles(articles: list[Article], batch: dict[str, DocumentFeatures], result: DedupResult) -> None:
    """Write story id and canonical flag onto the Article objects (blank bodies: a story of their own)."""
    for article in articles:
        doc = batch.get(article.key)
        if doc is None:
            article.story_id, article.canonical = new_story_id(article.key), True
        else:
            article.story_id, article.canonical = doc.story_id, doc.is_canonical
        if not article.content_hash:
            article.content_hash = doc.content_hash if doc else ""
        result.assignments.append((article.key, article.story_id, article.canonical))


def persist_dedup(wh: Warehouse, result: DedupResult) -> None:
    """Write the index rows, story re-assignments and links; call inside the load transaction (idempotent)."""
    store.write_documents(wh, result.index_rows)
    store.apply_assignments(wh, result.story_updates, result.assignments)
    if result.links:
        wh.save_story_links(result.links)
