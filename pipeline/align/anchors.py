"""Sentence-level anchors: what a sentence and its translation keep in common whatever the language.

Numbers survive translation but change their spelling (Indonesian ``1.400`` and ``2,5`` are English ``1,400`` and
``2.5``), scale and unit words are translated (``742 juta`` / ``742 million``, ``persen`` / ``percent`` / ``%``),
and names keep their spelling except for the few words ANTARA's editions translate (months, days, compass points,
titles — the cross-lingual spelling table of :mod:`pipeline.dedup.anchors`, the one home of that knowledge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.dedup.anchors import CROSS_LINGUAL_SPELLING, FUNCTION_WORDS
from pipeline.dedup.normalise import word_list


class AnchorKind(StrEnum):
    NUMBER = "number"  # two or more digits: years, amounts, counts
    SMALL_NUMBER = "small_number"  # one digit or a number word: common, weak evidence
    UNIT = "unit"  # scale and unit words attached to numbers
    NAME = "name"  # capitalised words, cross-lingual spelling applied


def _pairs(indonesian: str, english: str) -> dict[str, str]:
    return dict(zip(word_list(indonesian), word_list(english), strict=True))


#: Scale and unit words of both languages → one spelling.
UNIT_WORDS: dict[str, str] = {
    **_pairs("ribu juta miliar milyar triliun persen", "thousand million billion billion trillion percent"),
    **{w: w for w in word_list("thousand million billion trillion percent")},
    "%": "percent",
    "per cent": "percent",
    "rp": "rupiah",
    "rupiah": "rupiah",
    "us$": "dollar",
    "dolar": "dollar",
    "dollar": "dollar",
    "dollars": "dollar",
    "km": "km",
    "kilometer": "km",
    "kilometre": "km",
    "kilometers": "km",
    "kilometres": "km",
    "ton": "ton",
    "tons": "ton",
    "tonnes": "ton",
}
#: Number words up to twelve → digits (a translator writes "dua" where the other edition writes "2" or "two").
NUMBER_WORDS: dict[str, str] = {
    **{w: str(i) for i, w in enumerate(word_list("nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh"))},
    **{w: str(i) for i, w in enumerate(word_list("zero one two three four five six seven eight nine ten eleven"))},
    "sebelas": "11",
    "twelve": "12",
    "dua belas": "12",
}
#: Group and decimal separators, and the colon of a clock time (Indonesian ``12.55`` is English ``12:55``).
NUMBER = re.compile(r"(?<![\d.,:])\d+(?:[.,:]\d+)*")
WORD = re.compile(r"%|\$|[^\W\d_]+(?:['’-][^\W\d_]+)*")
CAPITALISED = re.compile(r"^[A-Z]")
MIN_NAME_CHARS = 3


@dataclass(frozen=True)
class Anchors:
    """The anchor tokens of a sentence (or of several merged sentences), by kind."""

    numbers: frozenset[str] = frozenset()
    small_numbers: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def __or__(self, other: Anchors) -> Anchors:
        return Anchors(
            self.numbers | other.numbers,
            self.small_numbers | other.small_numbers,
            self.units | other.units,
            self.names | other.names,
        )

    def of(self, kind: AnchorKind) -> frozenset[str]:
        return {
            AnchorKind.NUMBER: self.numbers,
            AnchorKind.SMALL_NUMBER: self.small_numbers,
            AnchorKind.UNIT: self.units,
            AnchorKind.NAME: self.names,
        }[kind]


def canonical_number(token: str) -> str:
    """Digits without separators: ``1.400``, ``1,400`` → ``1400``; ``2,5``, ``2.5`` → ``25``; ``12.55``, ``12:55``."""
    return re.sub(r"[.,:]", "", token).lstrip("0") or "0"


def sentence_anchors(sentence: str) -> Anchors:
    """Numbers, unit words and names of one sentence, spelled the same way in Indonesian and English."""
    numbers: set[str] = set()
    small: set[str] = set()
    for token in NUMBER.findall(sentence):
        digits = canonical_number(token)
        (numbers if len(digits) >= 2 else small).add(digits)
    units: set[str] = set()
    names: set[str] = set()
    for word in WORD.findall(sentence):
        lower = word.lower()
        if lower in UNIT_WORDS:
            units.add(UNIT_WORDS[lower])
        elif lower in NUMBER_WORDS:
            small.add(NUMBER_WORDS[lower])
        elif CAPITALISED.match(word):
            name = CROSS_LINGUAL_SPELLING.get(lower, lower)
            if len(name) >= MIN_NAME_CHARS and name not in FUNCTION_WORDS:
                names.add(name)
    return Anchors(frozenset(numbers), frozenset(small), frozenset(units), frozenset(names))
