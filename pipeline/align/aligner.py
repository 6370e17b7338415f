"""Sentence alignment of an article and its translation by the other edition: 1-1, 1-2 and 2-1 links.

ANTARA's translators cut sentences, merge two into one, move a paragraph and add a line of context, so the
alignment must survive drops, merges, reordering and strays. Every candidate bead (one or two adjacent sentences
on each side) gets a link probability from a logistic model over the evidence a translation pair leaves:

* length — Gale & Church (1993): character lengths of translations are proportional, with variance growing
  with length;
* anchors — numbers (separators normalised), unit and scale words, names, months and days (see ``anchors``);
* character overlap of the two texts themselves (names, numbers and loanwords share n-grams across languages),
  and of a word-by-word gloss of the Indonesian side (``lexicon``) with the English one;
* when a machine translation of one side is given, its chrF against the other side (Sennrich & Volk's Bleualign
  idea: compare MT output with the human translation in one language);
* position: translations keep the story's order more often than not.

Decoding is a monotone dynamic programme over beads (context settles the pairs that length alone cannot), then
passes for what a monotone path cannot hold: neighbours that swapped places (a free pair crossing a link, judged
with the path's probability), moved sentences (content evidence alone, a stricter bar), and merges the programme
took as 1-1 (a fitted model of the evidence that a free neighbour is the other half, ``merge_features``).
The weights were fitted on edited document pairs built from FLORES-200, NTREX-128 and the Guntara news test
(``python -m pipeline.evaluate alignment-set``, see ``pipeline/align/README.md``); they are a handful of numbers,
not a trained model file.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.align.anchors import Anchors, sentence_anchors
from pipeline.align.lexicon import gloss
from pipeline.align.similarity import Profile, chrf, combine, profile


class LinkType(StrEnum):
    ONE_ONE = "1-1"
    ONE_TWO = "1-2"
    TWO_ONE = "2-1"


class Method(StrEnum):
    """What evidence the aligner had: stored with every pair so figures from the two regimes are not mixed."""

    TEXT = "length+anchors"
    MT = "length+anchors+mt"


@dataclass(frozen=True)
class Link:
    """Sentences ``a`` of one side are the translation of sentences ``b`` of the other; ``score`` is 0-1."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float

    @property
    def type(self) -> LinkType:
        return LinkType(f"{len(self.a)}-{len(self.b)}")

    def pairs(self) -> set[tuple[int, int]]:
        return {(i, j) for i in self.a for j in self.b}


@dataclass
class Alignment:
    links: list[Link]
    method: Method
    unaligned_a: list[int] = field(default_factory=list)
    unaligned_b: list[int] = field(default_factory=list)

    def pairs(self) -> set[tuple[int, int]]:
        return {pair for link in self.links for pair in link.pairs()}


#: Expected characters of the second language per character of the first (measured on FLORES-200 and NTREX).
LENGTH_RATIO: dict[tuple[str, str], float] = {("id", "en"): 0.93, ("en", "id"): 1.075}
#: Gale & Church's variance of the length difference per character.
LENGTH_VARIANCE = 6.8
#: Beyond this (in nats) a length mismatch says nothing more: merged or cut sentences are still translations.
LENGTH_FLOOR = 8.0
#: Evidence weight of one shared anchor, by kind.
ANCHOR_WEIGHTS = {"numbers": 3.0, "small_numbers": 1.0, "units": 1.0, "names": 2.0}

FEATURES = (
    "bias",
    "length",
    "anchors",
    "unmatched_numbers",
    "anchor_dice",
    "text_chrf",
    "gloss_chrf",
    "mt_chrf",
    "margin_a",
    "margin_b",
    "path_distance",
    "on_path",
    "neighbours",
    "merge",
)
#: Rough weights of the content evidence, used only to rank a bead against its rivals.
CONTENT_SCORE_WEIGHTS = {
    "anchor_dice": 4.0,
    "text_chrf": 6.0,
    "gloss_chrf": 10.0,
    "mt_chrf": 18.0,
    "unmatched_numbers": -0.6,
}
MAX_MARGIN = 4.0
POSITION_FEATURES = ("path_distance", "on_path", "neighbours")
#: Farthest a bead counts as off the path, in sentences (a moved sentence is simply "far").
MAX_PATH_DISTANCE = 5.0
#: In the path pass the programme only links beads this close to the path (sentences); the model of that pass
#: weighs a bead against its neighbours, and moved sentences are left to the reorder pass.
NEAR_PATH = 3.0


class Pass(StrEnum):
    """First pass: position judged from the diagonal; second: from the path the first pass's links trace."""

    DIAGONAL = "diagonal"
    PATH = "path"


#: Logistic weights per method and pass, in FEATURES order (fitted offline on the calibration pairs).
WEIGHTS: dict[tuple[Method, Pass], tuple[float, ...]] = {
    (Method.TEXT, Pass.DIAGONAL): (
        -1.879,
        0.07,
        -0.009,
        0.258,
        1.007,
        -16.545,
        24.457,
        0.0,
        0.929,
        1.149,
        -0.405,
        -0.048,
        0.291,
        -7.714,
    ),
    (Method.TEXT, Pass.PATH): (
        -0.981,
        0.052,
        -0.0,
        0.191,
        0.458,
        -14.311,
        21.24,
        0.0,
        0.801,
        1.052,
        -0.947,
        -0.351,
        0.206,
        -7.349,
    ),
    (Method.MT, Pass.DIAGONAL): (
        -2.33,
        -0.075,
        0.051,
        0.081,
        1.2,
        -13.85,
        6.814,
        12.38,
        0.699,
        1.022,
        -0.273,
        -0.154,
        0.169,
        -9.867,
    ),
    (Method.MT, Pass.PATH): (
        -2.613,
        -0.081,
        0.047,
        0.121,
        1.275,
        -13.55,
        7.232,
        11.878,
        0.719,
        1.102,
        -0.311,
        0.71,
        0.181,
        -10.803,
    ),
}
#: Probability a bead must beat in the dynamic programme of each pass; a bead gains (probability - bar) per
#: sentence pair it links, so a right 2-1 link beats its 1-1 half. The first pass keeps only sure links (they lay
#: out the path); the path pass accepts weaker ones because the path already vouches for their position.
PASS_BAR: dict[tuple[Method, Pass], float] = {
    (Method.TEXT, Pass.DIAGONAL): 0.5,
    (Method.TEXT, Pass.PATH): 0.4,
    (Method.MT, Pass.DIAGONAL): 0.5,
    (Method.MT, Pass.PATH): 0.25,
}
#: Evidence that a free neighbour is the other half of a merged sentence (see ``merge_features``).
MERGE_FEATURES = ("bias", "length_gain", "similarity_gain", "half_margin", "adjacent", "anchor_gain", "coverage_gain")
#: Logistic weights of the merge evidence per method, in MERGE_FEATURES order: fitted (Newton's method, L2 1e-3) on
#: the merge candidates of the aligner's 1-1 links in seed 1 of ``evaluate alignment-set`` on FLORES-200, NTREX-128
#: and the Guntara news test; seeds 2-3 are the held-out check.
MERGE_WEIGHTS: dict[Method, tuple[float, ...]] = {
    Method.TEXT: (-2.802, 0.446, 1.667, 2.11, 0.666, 0.973, 1.979),
    Method.MT: (-2.263, 0.372, 2.225, 1.88, -0.296, 0.864, 1.149),
}
#: Probability the best merge candidate of a link must reach.
MERGE_BAR: dict[Method, float] = {Method.TEXT: 0.2, Method.MT: 0.4}
#: Length gains beyond this many nats (either way) say nothing more.
MAX_LENGTH_GAIN = 6.0
#: Shared anchor weight a half can add, at most.
MAX_ANCHOR_GAIN = 6.0
#: Never link groups whose multi-digit numbers are disjoint (see ``BeadScorer.numbers_disagree``) when only the texts
#: speak; with MT its chrF already weighs the figures, and translators who spell a number out would be lost.
VETO_DISJOINT_NUMBERS: dict[Method, bool] = {Method.TEXT: True, Method.MT: False}
#: Gloss with the dedup stage's wider news lexicon as well as the glossary. From the texts alone it lifts recall by
#: 3-6 points at the same precision; with MT the weights lean on MT chrF, and the wider gloss only added false links
#: (FLORES precision 0.954 -> 0.945).
WIDE_GLOSS: dict[Method, bool] = {Method.TEXT: True, Method.MT: False}
#: Path passes after the diagonal one: each lays its path through the links of the one before.
PATH_ROUNDS = 2
#: Position-free log-odds a moved sentence needs to be linked outside the monotone path.
REORDER_THRESHOLD: dict[Method, float] = {Method.TEXT: 0.75, Method.MT: 0.8}

#: Path-pass probability a sentence pair crossing a 1-1 link diagonally (swapped neighbours) must reach.
SWAP_BAR: dict[Method, float] = {Method.TEXT: 0.2, Method.MT: 0.25}

Group = tuple[int, ...]


class _Side:
    """Per-sentence evidence of one side, computed once; groups of two are combined on demand."""

    def __init__(
        self, sentences: Sequence[str], lang: str, translated: Sequence[str | None] | None, method: Method
    ) -> None:
        self.n = len(sentences)
        wide = WIDE_GLOSS[method]
        self.gloss_profiles = [profile(gloss(s, wide)) for s in sentences] if lang == "id" else None
        self.lengths = [len("".join(s.split())) for s in sentences]
        self.anchors = [sentence_anchors(s) for s in sentences]
        self.profiles = [profile(s) for s in sentences]
        self.mt_profiles = [profile(t) if t else None for t in translated] if translated else None
        self._cache: dict[Group, tuple[Anchors, Profile, Profile | None]] = {}

    def groups(self) -> list[Group]:
        return [(i,) for i in range(self.n)] + [(i, i + 1) for i in range(self.n - 1)]

    def gloss(self, group: Group) -> Profile | None:
        if self.gloss_profiles is None:
            return None
        return combine(self.gloss_profiles[i] for i in group) if len(group) > 1 else self.gloss_profiles[group[0]]

    def evidence(self, group: Group) -> tuple[Anchors, Profile, Profile | None]:
        if group not in self._cache:
            anchors = self.anchors[group[0]]
            for i in group[1:]:
                anchors = anchors | self.anchors[i]
            prof = combine(self.profiles[i] for i in group) if len(group) > 1 else self.profiles[group[0]]
            mt = None
            if self.mt_profiles and all(self.mt_profiles[i] is not None for i in group):
                mt = combine(self.mt_profiles[i] for i in group)  # type: ignore[misc]
            self._cache[group] = (anchors, prof, mt)
        return self._cache[group]

    def length(self, group: Group) -> int:
        return sum(self.lengths[i] for i in group)

    def centre(self, group: Group) -> float:
        return (sum(group) / len(group) + 0.5) / max(self.n, 1)


def length_log_prob(len_a: int, len_b: int, ratio: float) -> float:
    """Gale & Church: log probability of a length difference this large between translations."""
    if len_a + len_b == 0:
        return 0.0
    expected = len_a * ratio
    delta = (len_b - expected) / math.sqrt(LENGTH_VARIANCE * max((expected + len_b) / 2, 1.0))
    return max(math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-300)), -LENGTH_FLOOR)


def anchor_evidence(a: Anchors, b: Anchors) -> tuple[float, float, float]:
    """(weight of shared anchors, numbers on one side only, weighted Dice of the anchor sets)."""
    shared = total = 0.0
    for kind, weight in ANCHOR_WEIGHTS.items():
        left, right = getattr(a, kind), getattr(b, kind)
        shared += weight * len(left & right)
        total += weight * (len(left) + len(right))
    unmatched = len(a.numbers ^ b.numbers)
    return shared, float(unmatched), (2 * shared / total if total else 0.0)


class Path:
    """Where the translation of a-sentence ``i`` is expected on side b: piecewise linear through sure links.

    The links also vouch for their diagonal neighbours: a sentence between two linked ones is most likely linked
    to the sentence between their counterparts.
    """

    def __init__(self, n: int, m: int, links: Sequence[Link] = ()) -> None:
        anchors = [(sum(link.a) / len(link.a), sum(link.b) / len(link.b)) for link in links]
        points = [(-0.5, -0.5), *_increasing(sorted(anchors)), (n - 0.5, m - 0.5)]
        self.xs = [x for x, _ in points]
        self.ys = [y for _, y in points]
        self.ends = {(link.a[-1], link.b[-1]) for link in links} | {(-1, -1)}
        self.starts = {(link.a[0], link.b[0]) for link in links} | {(n, m)}

    def neighbours(self, ga: Group, gb: Group) -> float:
        """How many of the bead's diagonal neighbours (before, after) are linked: 0, 1 or 2."""
        return float((ga[0] - 1, gb[0] - 1) in self.ends) + float((ga[-1] + 1, gb[-1] + 1) in self.starts)

    def expected(self, i: float) -> float:
        k = bisect.bisect_right(self.xs, i) - 1
        k = min(max(k, 0), len(self.xs) - 2)
        x0, x1, y0, y1 = self.xs[k], self.xs[k + 1], self.ys[k], self.ys[k + 1]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (i - x0) / (x1 - x0)

    def distance(self, ga: Group, gb: Group) -> float:
        i, j = sum(ga) / len(ga), sum(gb) / len(gb)
        return min(abs(j - self.expected(i)), MAX_PATH_DISTANCE)


def _increasing(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The longest chain of points increasing in both coordinates (moved sentences do not bend the path)."""
    if not points:
        return []
    best = [1] * len(points)
    previous = [-1] * len(points)
    for k, (x, y) in enumerate(points):
        for h in range(k):
            if points[h][0] < x and points[h][1] < y and best[h] + 1 > best[k]:
                best[k], previous[k] = best[h] + 1, h
    k = max(range(len(points)), key=best.__getitem__)
    chain = []
    while k >= 0:
        chain.append(points[k])
        k = previous[k]
    return chain[::-1]


class BeadScorer:
    """Log-odds that a bead (group of a, group of b) is a translation link, given where the path runs."""

    def __init__(
        self,
        a: Sequence[str],
        b: Sequence[str],
        a_lang: str,
        b_lang: str,
        a_translated: Sequence[str | None] | None = None,
        b_translated: Sequence[str | None] | None = None,
    ) -> None:
        self.method = Method.MT if (a_translated or b_translated) else Method.TEXT
        self.a = _Side(a, a_lang, a_translated, self.method)
        self.b = _Side(b, b_lang, b_translated, self.method)
        self.ratio = LENGTH_RATIO.get((a_lang, b_lang), 1.0)
        self._content: dict[tuple[Group, Group], list[float]] = {}
        self._best: tuple[dict, dict] | None = None

    def content_features(self, ga: Group, gb: Group) -> list[float]:
        """The position-free features (cached: both passes use them)."""
        if (ga, gb) not in self._content:
            anchors_a, prof_a, mt_a = self.a.evidence(ga)
            anchors_b, prof_b, mt_b = self.b.evidence(gb)
            shared, unmatched, dice = anchor_evidence(anchors_a, anchors_b)
            mt = [chrf(mt_a, prof_b) if mt_a else 0.0, chrf(mt_b, prof_a) if mt_b else 0.0]
            gloss_a, gloss_b = self.a.gloss(ga), self.b.gloss(gb)
            glossed = [chrf(gloss_a, prof_b) if gloss_a else 0.0, chrf(gloss_b, prof_a) if gloss_b else 0.0]
            self._content[ga, gb] = [
                1.0,
                length_log_prob(self.a.length(ga), self.b.length(gb), self.ratio),
                shared,
                unmatched,
                dice,
                chrf(prof_a, prof_b),
                max(glossed),
                max(mt),
            ]
        return self._content[ga, gb]

    def content_score(self, ga: Group, gb: Group) -> float:
        """One number for how much the two groups' content agrees (for comparing a bead with its rivals)."""
        feats = self.content_features(ga, gb)
        return sum(w * feats[FEATURES.index(name)] for name, w in CONTENT_SCORE_WEIGHTS.items())

    def _rivals(self) -> tuple[dict[Group, list[tuple[float, Group]]], dict[Group, list[tuple[float, Group]]]]:
        """For every group of each side, its two best-agreeing groups of the other side."""
        if self._best is None:
            best_a: dict[Group, list[tuple[float, Group]]] = {}
            best_b: dict[Group, list[tuple[float, Group]]] = {}
            for ga in self.a.groups():
                for gb in self.b.groups():
                    if len(ga) + len(gb) > 3:
                        continue
                    score = self.content_score(ga, gb)
                    for table, key, other in ((best_a, ga, gb), (best_b, gb, ga)):
                        table[key] = sorted([*table.get(key, []), (score, other)], reverse=True)[:2]
            self._best = (best_a, best_b)
        return self._best

    def margins(self, ga: Group, gb: Group) -> tuple[float, float]:
        """How far this bead's agreement is ahead of (or behind) the best rival of each of its groups."""
        best_a, best_b = self._rivals()
        score = self.content_score(ga, gb)

        def margin(rivals: list[tuple[float, Group]], own: Group) -> float:
            other = next((s for s, g in rivals if g != own), None)
            return 0.0 if other is None else max(min(score - other, MAX_MARGIN), -MAX_MARGIN)

        return margin(best_a.get(ga, []), gb), margin(best_b.get(gb, []), ga)

    def features(self, ga: Group, gb: Group, path: Path) -> list[float]:
        distance = path.distance(ga, gb)
        return [
            *self.content_features(ga, gb),
            *self.margins(ga, gb),
            distance,
            float(distance <= 1.0),
            path.neighbours(ga, gb),
            float(len(ga) + len(gb) > 2),
        ]

    def numbers_disagree(self, ga: Group, gb: Group) -> bool:
        """Both sides state numbers of two or more digits and share none: a translator keeps the figures."""
        left, right = self.a.evidence(ga)[0].numbers, self.b.evidence(gb)[0].numbers
        return bool(left and right and not left & right)

    def log_odds(self, ga: Group, gb: Group, path: Path, stage: Pass) -> tuple[float, float]:
        """(log-odds, log-odds without the position terms)."""
        if VETO_DISJOINT_NUMBERS[self.method] and self.numbers_disagree(ga, gb):
            return -math.inf, -math.inf
        weights = WEIGHTS[self.method, stage]
        feats = self.features(ga, gb, path)
        total = sum(w * f for w, f in zip(weights, feats, strict=True))
        positional = sum(weights[FEATURES.index(name)] * feats[FEATURES.index(name)] for name in POSITION_FEATURES)
        if stage is Pass.PATH and feats[FEATURES.index("path_distance")] > NEAR_PATH:
            return -math.inf, total - positional
        return total, total - positional


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


#: DP moves: sentences consumed on each side.
MOVES = ((1, 1), (1, 2), (2, 1))
BeadOdds = Callable[[Group, Group], tuple[float, float]]


def align(
    a: Sequence[str],
    b: Sequence[str],
    *,
    a_lang: str = "id",
    b_lang: str = "en",
    a_translated: Sequence[str | None] | None = None,
    b_translated: Sequence[str | None] | None = None,
) -> Alignment:
    """Align sentences ``a`` with sentences ``b``; ``*_translated`` is a machine translation of that side, if any."""
    scorer = BeadScorer(a, b, a_lang, b_lang, a_translated, b_translated)
    n, m = len(a), len(b)
    if not n or not m:
        return Alignment([], scorer.method, list(range(n)), list(range(m)))
    links = _monotone(n, m, _bead_odds(scorer, Path(n, m), Pass.DIAGONAL))
    for _ in range(PATH_ROUNDS):
        odds = _bead_odds(scorer, Path(n, m, links), Pass.PATH)
        links = _monotone(n, m, odds)
    links += _swapped(n, m, links, odds, SWAP_BAR[scorer.method])
    links += _reordered(n, m, links, odds, REORDER_THRESHOLD[scorer.method])
    links = _extended(links, scorer, n, m)
    links.sort(key=lambda link: (link.a, link.b))
    used_a = {i for link in links for i in link.a}
    used_b = {j for link in links for j in link.b}
    return Alignment(
        links,
        scorer.method,
        [i for i in range(n) if i not in used_a],
        [j for j in range(m) if j not in used_b],
    )


def _bead_odds(scorer: BeadScorer, path: Path, stage: Pass) -> BeadOdds:
    """Cached (probability, position-free probability) of each bead in one pass."""
    scores: dict[tuple[Group, Group], tuple[float, float]] = {}

    def odds(ga: Group, gb: Group) -> tuple[float, float]:
        if (ga, gb) not in scores:
            total, free = scorer.log_odds(ga, gb, path, stage)
            scores[ga, gb] = (_sigmoid(total), _sigmoid(free))
        return scores[ga, gb]

    odds.bar = PASS_BAR[scorer.method, stage]  # type: ignore[attr-defined]
    return odds


def _monotone(n: int, m: int, bead: BeadOdds) -> list[Link]:
    """Best order-preserving set of beads: each adds its log-odds, skipping a sentence costs nothing."""
    bar = bead.bar  # type: ignore[attr-defined]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool]]] = [[(0, 0, False)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, tuple[int, int, bool]]] = []
            if i:
                options.append((best[i - 1][j], (1, 0, False)))
            if j:
                options.append((best[i][j - 1], (0, 1, False)))
            for da, db in MOVES:
                if i >= da and j >= db:
                    gain = (bead(tuple(range(i - da, i)), tuple(range(j - db, j)))[0] - bar) * da * db
                    if gain > 0:
                        options.append((best[i - da][j - db] + gain, (da, db, True)))
            best[i][j], back[i][j] = max(options, key=lambda option: option[0])
    links: list[Link] = []
    i, j = n, m
    while i or j:
        da, db, linked = back[i][j]
        if linked:
            ga, gb = tuple(range(i - da, i)), tuple(range(j - db, j))
            links.append(Link(ga, gb, round(bead(ga, gb)[0], 4)))
        i, j = i - da, j - db
    return links[::-1]


def _similarity(scorer: BeadScorer, ga: Group, gb: Group) -> float:
    """The best lexical bridge the scorer has: MT chrF when given, else the glossary's, else the raw texts'."""
    feats = scorer.content_features(ga, gb)
    for name in ("mt_chrf", "gloss_chrf", "text_chrf"):
        value = feats[FEATURES.index(name)]
        if value:
            return value
    return 0.0


def _extended(links: list[Link], scorer: BeadScorer, n: int, m: int) -> list[Link]:
    """Turn a 1-1 link into 1-2/2-1 when a free neighbour is the other half of a merged sentence.

    The evidence (``merge_features``): adding the half brings the lengths together (Gale-Church), the lexical
    similarity does not drop, the half resembles the merged sentence more than any other sentence does, and the
    half brings numbers or names the merged sentence has and the partner lacks. The half may sit one free sentence
    away: the edition that kept both halves sometimes carries a stray line, or a moved one, between them.
    """
    used_a = {i for link in links for i in link.a}
    used_b = {j for link in links for j in link.b}
    weights, bar = MERGE_WEIGHTS[scorer.method], MERGE_BAR[scorer.method]
    out: list[Link] = []
    for link in links:
        if len(link.a) + len(link.b) != 2:
            out.append(link)
            continue
        options = [
            (_sigmoid(sum(w * f for w, f in zip(weights, merge_features(scorer, link, ga, gb), strict=True))), ga, gb)
            for ga, gb in _merge_candidates(link, used_a, used_b, n, m)
        ]
        best = max(options, default=None)
        if best is None or best[0] < bar:
            out.append(link)
            continue
        _, ga, gb = best
        used_a |= set(ga)
        used_b |= set(gb)
        out.append(Link(ga, gb, link.score))
    return out


def _merge_candidates(link: Link, used_a: set[int], used_b: set[int], n: int, m: int) -> list[tuple[Group, Group]]:
    """The 1-2 and 2-1 groups a 1-1 link could grow into: a free neighbour, or the next one past a free sentence."""
    (i,), (j,) = link.a, link.b
    found: list[tuple[Group, Group]] = []
    for step in (-1, 1, -2, 2):
        for own, limit, used, make in (
            (j, m, used_b, lambda k: (link.a, tuple(sorted((j, k))))),
            (i, n, used_a, lambda k: (tuple(sorted((i, k))), link.b)),
        ):
            half = own + step
            gap = own + step // 2 if abs(step) == 2 else half
            if 0 <= half < limit and half not in used and gap not in used:
                found.append(make(half))
    return found


def merge_features(scorer: BeadScorer, link: Link, ga: Group, gb: Group) -> list[float]:
    """The MERGE_FEATURES of growing the 1-1 ``link`` into (``ga``, ``gb``)."""
    length = FEATURES.index("length")
    gain = scorer.content_features(ga, gb)[length] - scorer.content_features(link.a, link.b)[length]
    similarity_gain = _similarity(scorer, ga, gb) - _similarity(scorer, link.a, link.b)
    merged_on_a = len(gb) == 2  # the a-sentence is the merged one; the half is on side b
    half = next(k for k in (gb if merged_on_a else ga) if k not in (link.b if merged_on_a else link.a))
    own = (link.a, (half,)) if merged_on_a else ((half,), link.b)
    rivals = (
        [((k,), (half,)) for k in range(scorer.a.n)] if merged_on_a else [((half,), (k,)) for k in range(scorer.b.n)]
    )
    best_rival = max((_similarity(scorer, *bead) for bead in rivals if bead != own), default=0.0)
    half_side, merged_side = (scorer.b, scorer.a) if merged_on_a else (scorer.a, scorer.b)
    merged = merged_side.evidence(link.a if merged_on_a else link.b)[0]
    partner = half_side.evidence(link.b if merged_on_a else link.a)[0]
    halves = partner | half_side.evidence((half,))[0]
    anchor_gain = anchor_evidence(halves, merged)[0] - anchor_evidence(partner, merged)[0]
    adjacent = max(ga) - min(ga) <= 1 and max(gb) - min(gb) <= 1
    return [
        1.0,
        max(min(gain, MAX_LENGTH_GAIN), -MAX_LENGTH_GAIN),
        10 * similarity_gain,
        10 * (_similarity(scorer, *own) - best_rival),
        float(adjacent),
        min(anchor_gain, MAX_ANCHOR_GAIN),
        10 * _coverage_gain(scorer, link, half, merged_on_a),
    ]


#: n-gram orders of the coverage measure: long enough to be words or stems, short enough to survive inflection.
COVERAGE_ORDERS = (3, 4, 5)


def _comparable(scorer: BeadScorer, side: str, group: Group) -> Profile:
    """A group's profile in the language both sides can be compared in: English, via MT or the gloss for side a."""
    if side == "b":
        return scorer.b.evidence(group)[1]
    _, prof, mt = scorer.a.evidence(group)
    return mt or scorer.a.gloss(group) or prof


def _coverage_gain(scorer: BeadScorer, link: Link, half: int, merged_on_a: bool) -> float:
    """Share of the merged sentence's n-grams the half explains that the partner does not (0-1).

    A merged sentence holds both halves' words; the half of a true merge accounts for the part its partner leaves
    unexplained, whatever the order of the two.
    """
    merged_side, half_side = ("a", "b") if merged_on_a else ("b", "a")
    merged = _comparable(scorer, merged_side, link.a if merged_on_a else link.b)
    partner = _comparable(scorer, half_side, link.b if merged_on_a else link.a)
    own = _comparable(scorer, half_side, (half,))
    gain = 0.0
    for order in COVERAGE_ORDERS:
        grams = merged[order - 1]
        if grams:
            gain += len(grams & own[order - 1] - partner[order - 1]) / len(grams)
    return gain / len(COVERAGE_ORDERS)


def _swapped(n: int, m: int, links: list[Link], bead: BeadOdds, bar: float) -> list[Link]:
    """Link free neighbours that swapped places: a monotone path takes one of the two, never both.

    When the programme linked a-sentence i to b-sentence j, the free pair (i + 1, j - 1) or (i - 1, j + 1) is the
    other half of a neighbour swap if its own path-pass probability (length, content and position) clears ``bar``.
    """
    used_a = {i for link in links for i in link.a}
    used_b = {j for link in links for j in link.b}
    found: list[Link] = []
    for link in links:
        if len(link.a) + len(link.b) != 2:
            continue
        (i,), (j,) = link.a, link.b
        crossing = [(i + d, j - d) for d in (1, -1) if 0 <= i + d < n and 0 <= j - d < m]
        options = [(bead((k,), (h,))[0], k, h) for k, h in crossing if k not in used_a and h not in used_b]
        best = max(options, default=None)
        if best is not None and best[0] >= bar:
            odds, k, h = best
            found.append(Link((k,), (h,), round(odds, 4)))
            used_a.add(k)
            used_b.add(h)
    return found


def _reordered(n: int, m: int, links: list[Link], bead: BeadOdds, threshold: float) -> list[Link]:
    """Link left-over sentences whose content evidence alone is strong (moved paragraphs), best first.

    ``threshold`` is a probability judged without the position terms.
    """
    free_a = set(range(n)) - {i for link in links for i in link.a}
    free_b = set(range(m)) - {j for link in links for j in link.b}
    candidates: list[tuple[float, Group, Group]] = []
    for ga in [(i,) for i in sorted(free_a)] + [(i, i + 1) for i in sorted(free_a) if i + 1 in free_a]:
        for gb in [(j,) for j in sorted(free_b)] + [(j, j + 1) for j in sorted(free_b) if j + 1 in free_b]:
            if len(ga) + len(gb) > 3:
                continue
            free_odds = bead(ga, gb)[1]
            if free_odds > threshold:
                candidates.append((free_odds, ga, gb))
    found: list[Link] = []
    for odds, ga, gb in sorted(candidates, reverse=True):
        if set(ga) <= free_a and set(gb) <= free_b:
            found.append(Link(ga, gb, round(odds, 4)))
            free_a -= set(ga)
            free_b -= set(gb)
    return found
