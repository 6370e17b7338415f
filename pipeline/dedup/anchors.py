"""Language-neutral anchor tokens: the numbers and names an Indonesian story and its English version share.

Method of /docs translation-and-dedup §7.4 (numbers and capitalised, non-sentence-initial tokens,
lowercased, compared with Jaccard), extended with two tables so that the handful of capitalised
words that *do* differ between the editions (month and day names, compass points, common titles)
meet on one spelling, and a stop-list of capitalised function words that carry no identity.
"""

from __future__ import annotations

import re

from pipeline.dedup.normalise import strip_boilerplate, word_list

#: Indonesian spelling → the English one, so ``Jawa Timur`` and ``East Java`` share ``java`` and ``east``.
CROSS_LINGUAL_SPELLING: dict[str, str] = {
    **{
        m_id: m_en
        for m_id, m_en in zip(
            word_list("januari februari maret april mei juni juli agustus september oktober november desember"),
            word_list("january february march april may june july august september october november december"),
            strict=True,
        )
    },
    **{
        d_id: d_en
        for d_id, d_en in zip(
            word_list("senin selasa rabu kamis jumat sabtu minggu"),
            word_list("monday tuesday wednesday thursday friday saturday sunday"),
            strict=True,
        )
    },
    "jum'at": "friday",
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

#: Capitalised words that start clauses or quotes in either language and name nothing.
FUNCTION_WORDS = frozenset(
    word_list("""the this that these those there then than and but for with from into onto over under after before
    while when where which who whom whose what why how its his her their our your they she him them
    also however meanwhile according said says would could should will was were has have had been being
    yang dan ini itu ada dari untuk pada dengan dalam oleh akan telah sudah juga namun sementara menurut
    kata katanya ujarnya tuturnya jelasnya sebelumnya selain saat ketika karena bahwa tersebut mereka kami
    kita dia ia beliau para bagi atas hingga sampai agar supaya jika apabila bila""")
)

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
