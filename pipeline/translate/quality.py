"""Per-article checks of a machine translation: what a "done" row can still get wrong.

A Marian model that drops a figure, repeats a phrase in a loop or leaves a sentence in the source
language produces a translation that looks like any other. These checks compare the translation
with its source and return flags that are stored with the row (``articles.translation_flags``),
counted by the ``translation_flags`` quality check, and selectable by the re-translation backlog. A
flagged translation is still loaded: a partly wrong translation is better than none, and the flag
says what to look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.dedup.anchors import CROSS_LINGUAL_SPELLING, NAME, NUMBER, canonical_name, canonical_number
from pipeline.house_style import CALENDAR_ID_TO_EN, DATELINE, is_footer_line


class TranslationFlag(StrEnum):
    MISSING_NUMBERS = "missing_numbers"  # a figure of the source is not in the translation
    MISSING_NAMES = "missing_names"  # many names of the source are not in the translation
    UNTRANSLATED = "untranslated"  # a sentence came back in the source language, unchanged
    REPETITION = "repetition"  # a phrase repeated in a loop
    LENGTH_RATIO = "length_ratio"  # far shorter or longer than the source


@dataclass(frozen=True, slots=True)
class QualityThresholds:
    #: Translation length / source length (characters) outside this range is flagged. Indonesian runs ~10 % longer
    #: than English; a dropped paragraph or a runaway loop moves the ratio far further.
    min_length_ratio: float = 0.6
    max_length_ratio: float = 1.7
    #: Names: flagged when at least this many and this share of the source's names are missing (some names are
    #: translated, ``Kementerian Kesehatan`` → ``Health Ministry``; a dropped clause loses many at once).
    min_missing_names: int = 3
    max_missing_names_share: float = 0.5
    #: A sentence of at least this many words copied verbatim from the source is untranslated.
    untranslated_min_words: int = 5
    #: A phrase of one to four words repeated this many times in a row is a loop.
    repetition_min_repeats: int = 4


DEFAULT_QUALITY = QualityThresholds()
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def story_text(text: str) -> str:
    """Dateline and footer lines removed: they are copied, not translated."""
    lines = [line for line in text.splitlines() if not is_footer_line(line)]
    return DATELINE.sub("", "\n".join(lines).strip(), count=1)


def numbers(text: str) -> set[str]:
    return {n for n in (canonical_number(t) for t in NUMBER.findall(text)) if n}


def names(text: str) -> set[str]:
    """Capitalised names, lowercased; calendar words are translated, so they are not names here."""
    found = {n for n in (canonical_name(t) for t in NAME.findall(text)) if n}
    return found - set(CALENDAR_ID_TO_EN.values())


def spellings(name: str) -> set[str]:
    """A name and its other-edition spellings (``java`` ↔ ``jawa``, ``president`` ↔ ``presiden``)."""
    return {name, *(id_ for id_, en in CROSS_LINGUAL_SPELLING.items() if en == name)}


def missing_names(source: str, translation: str, th: QualityThresholds) -> bool:
    wanted = names(source)
    lowered = translation.lower()
    missing = {n for n in wanted if not any(s in lowered for s in spellings(n))}
    return len(missing) >= th.min_missing_names and len(missing) / len(wanted) >= th.max_missing_names_share


def untranslated(source: str, translation: str, th: QualityThresholds) -> bool:
    source_sentences = {" ".join(s.split()) for s in SENTENCE.split(source)}
    return any(
        len(sentence.split()) >= th.untranslated_min_words and " ".join(sentence.split()) in source_sentences
        for sentence in SENTENCE.split(translation)
    )


def repetition(translation: str, th: QualityThresholds) -> bool:
    repeats = th.repetition_min_repeats - 1
    loop = re.compile(rf"\b(\w+(?:\W+\w+){{0,3}})(?:\W+\1\b){{{repeats},}}", re.IGNORECASE)
    return bool(loop.search(translation))


def length_ratio_off(source: str, translation: str, th: QualityThresholds) -> bool:
    if not source.strip():
        return False
    ratio = len(translation.strip()) / len(source.strip())
    return not th.min_length_ratio <= ratio <= th.max_length_ratio


def check_translation(
    source: str, translation: str, thresholds: QualityThresholds = DEFAULT_QUALITY
) -> list[TranslationFlag]:
    """Flags of one translated body (title and body may be joined by a blank line), in declaration order."""
    src, out = story_text(source), story_text(translation)
    found = {
        TranslationFlag.MISSING_NUMBERS: bool(numbers(src) - numbers(out)),
        TranslationFlag.MISSING_NAMES: missing_names(src, out, thresholds),
        TranslationFlag.UNTRANSLATED: untranslated(src, out, thresholds),
        TranslationFlag.REPETITION: repetition(out, thresholds),
        TranslationFlag.LENGTH_RATIO: length_ratio_off(src, out, thresholds),
    }
    return [flag for flag in TranslationFlag if found[flag]]
