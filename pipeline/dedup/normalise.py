"""Text normalisation shared by every dedup signal: content hash, word shingles and anchor tokens.

Copies of one ANTARA story differ in the parts that are not the story: the dateline
(``Jakarta (ANTARA) -``) and the credit/copyright footer. Both are removed before hashing or
shingling, so a republished copy hashes and shingles like the original.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pipeline import house_style

#: Dateline, footer lines and glued credits: ANTARA's house style (one definition for every stage).
DATELINE = house_style.DATELINE
FOOTER_LINE = house_style.FOOTER_LINE
GLUED_FOOTER = house_style.GLUED_FOOTER
WHITESPACE = re.compile(r"\s+")
WORD = re.compile(r"\w+")


def strip_boilerplate(body: str) -> str:
    """The story text without dateline and footer lines, case and spacing untouched (NFKC applied)."""
    text = unicodedata.normalize("NFKC", body)
    lines = [line for line in text.splitlines() if not FOOTER_LINE.search(line)]
    text = GLUED_FOOTER.sub("", "\n".join(lines))
    return DATELINE.sub("", text, count=1)


def normalise_body(body: str) -> str:
    """NFKC, dateline and footer removed, lowercased, whitespace collapsed: the text every copy shares."""
    return fold(strip_boilerplate(body))


def fold(stripped: str) -> str:
    """Lowercase and collapse whitespace (the second half of :func:`normalise_body`)."""
    return WHITESPACE.sub(" ", stripped.lower()).strip()


def content_hash(body: str) -> str:
    """SHA-256 (hex) of :func:`normalise_body` — equal for copies that differ only in boilerplate."""
    return hash_normalised(normalise_body(body))


def hash_normalised(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def words(normalised: str) -> list[str]:
    """Lowercase word tokens (``\\w+``) of normalised text."""
    return WORD.findall(normalised)


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word ``size``-grams; a text shorter than ``size`` words is one shingle (so it still has a signature)."""
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


word_list = house_style.word_list
