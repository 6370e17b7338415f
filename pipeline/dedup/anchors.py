"""Language-neutral anchor tokens: the numbers and names an Indonesian story and its English version share.

Method of /docs translation-and-dedup §7.4 (numbers and capitalised, non-sentence-initial tokens,
lowercased, compared with Jaccard), extended with two tables so that the handful of capitalised
words that *do* differ between the editions (month and day names, compass points, common titles)
meet on one spelling, and a stop-list of capitalised function words that carry no identity.
"""

from __future__ import annotations

import re

from pipeline.dedup.normalise import strip_boilerplate
from pipeline.house_style import CALENDAR_ID_TO_EN, FUNCTION_WORDS

#: Indonesian spelling → the English one, so ``Jawa Timur`` and ``East Java`` share ``java`` and ``east``
#: (month and day names come from the house style).
CROSS_LINGUAL_SPELLING: dict[str, str] = {
    **CALENDAR_ID_TO_EN,
    "jawa": "java",
    "sumatera": "sumatra",
    "timur": "east",
    "barat": "west",
    "tengah": "central",
    "selatan": "south",
    "utara": "north",
    "tenggara": "southeast",
    "presiden": "president",
    "wakil": "vice",
    "menteri": "minister",
    "kementerian": "ministry",
    "gubernur": "governor",
    "bupati": "regent",
    "provinsi": "province",
    "kabupaten": "district",
    "kota": "city",
    "pulau": "island",
    "gunung": "mount",
    "selat": "strait",
    "laut": "sea",
    "piala": "cup",
    "liga": "league",
    "dunia": "world",
    "belanda": "netherlands",
    "jepang": "japan",
    "tiongkok": "china",
    "amerika": "america",
    "serikat": "united",
    "inggris": "britain",
    "arab": "arabia",
    "saudi": "saudi",
}

#: A number (``1.500``, ``2,5``, ``Rp1,5``) or a capitalised word that does not start a sentence or line.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NAME = re.compile(r"(?<![.!?]\s)(?<![.!?]\s\")(?<!^)(?<!\n)\b[A-Z](?:[^\W\d_]|[-'])+")
#: Numbers below 10 ("dua", "2", "3rd") are in nearly every story and anchor nothing.
MIN_NUMBER_DIGITS = 2


def canonical_number(token: str) -> str | None:
    """Digits only (``1.500`` and ``1,500`` → ``1500``; ``2,5`` and ``2.5`` → ``25``); None when too short."""
    digits = re.sub(r"[.,]", "", token).lstrip("0")
    return digits if len(digits) >= MIN_NUMBER_DIGITS else None


def canonical_name(token: str) -> str | None:
    """Lowercased, cross-lingual spelling applied; None for function words."""
    word = token.lower().strip("-'")
    word = CROSS_LINGUAL_SPELLING.get(word, word)
    return None if word in FUNCTION_WORDS or len(word) < 3 else word


def anchor_tokens(body: str) -> set[str]:
    """The anchor set of an article body (dateline and footer excluded: they are the same in every story)."""
    return anchors_of_stripped(strip_boilerplate(body))


def anchors_of_stripped(text: str) -> set[str]:
    """Anchors of text whose boilerplate is already removed."""
    numbers = {n for n in (canonical_number(t) for t in NUMBER.findall(text)) if n}
    names = {n for n in (canonical_name(t) for t in NAME.findall(text)) if n}
    return numbers | names


def number_tokens(anchors: set[str]) -> set[str]:
    return {a for a in anchors if a.isdigit()}


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0
