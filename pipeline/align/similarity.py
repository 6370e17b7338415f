"""Character n-gram profiles and a chrF-style F-score between them, computed once per sentence.

An aligner compares every sentence (and every pair of adjacent sentences) of one side with every one of the other:
sacrebleu's sentence chrF would re-extract n-grams for each of those thousands of comparisons. Here each sentence's
n-grams are extracted once, as sets (a sentence rarely repeats a 3-6-gram, so sets score within a hair of chrF's
counts and intersect in C), and a merged group's profile is the union of its sentences'. The figure follows chrF
(Popović 2015: character 1-6-grams, whitespace removed, β = 2, averaged over n) on a 0-1 scale.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_ORDER = 6
BETA = 2.0

Profile = tuple[frozenset[str], ...]


def profile(text: str) -> Profile:
    """The character n-grams of each order 1..6 (spaces removed, case folded)."""
    chars = "".join(text.lower().split())
    return tuple(frozenset(chars[i : i + n] for i in range(len(chars) - n + 1)) for n in range(1, MAX_ORDER + 1))


def combine(profiles: Iterable[Profile]) -> Profile:
    """Profile of several sentences taken together."""
    parts = list(profiles)
    return tuple(frozenset().union(*(prof[order] for prof in parts)) for order in range(MAX_ORDER))


def chrf(hypothesis: Profile, reference: Profile) -> float:
    """chrF (β = 2) of a hypothesis profile against a reference profile, 0-1."""
    precision = recall = 0.0
    orders = 0
    for hyp, ref in zip(hypothesis, reference, strict=True):
        if not hyp or not ref:
            continue
        matched = len(hyp & ref)
        precision += matched / len(hyp)
        recall += matched / len(ref)
        orders += 1
    if not orders or not precision + recall:
        return 0.0
    precision, recall = precision / orders, recall / orders
    beta2 = BETA * BETA
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)
