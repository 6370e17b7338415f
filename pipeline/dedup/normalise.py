"""Text normalisation shared by every dedup signal: content hash, word shingles and anchor tokens.

Copies of one ANTARA story differ in the parts that are not the story: the dateline
(``Jakarta (ANTARA) -``) and the credit/copyright footer. Both are removed before hashing or
shingling, so a republished copy hashes and shingles like the original.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline import house_style
from pipeline.textgate import fold_like_ignorecase

#: Dateline, footer lines and glued credits: ANTARA's house style (one definition for every stage).
DATELINE = house_style.DATELINE
FOOTER_LINE = house_style.FOOTER_LINE
GLUED_FOOTER = house_style.GLUED_FOOTER
WHITESPACE = re.compile(r"\s+")
WORD = re.compile(r"\w+")


def strip_boilerplate(body: str) -> str:
    """The story text without dateline and footer lines, case and spacing untouched (NFKC applied)."""
    return normalised(body).stripped


def _strip_boilerplate(body: str) -> str:
    """:func:`strip_boilerplate`, computed.

    The footer patterns are case-insensitive and searched anywhere in a line, which the regex engine can only do
    position by position; the text is folded once so that each pattern runs only where a word it needs occurs
    (:mod:`pipeline.textgate`) — the result is the patterns' own."""
    text = unicodedata.normalize("NFKC", body)
    folded = fold_like_ignorecase(text)
    is_footer = house_style.footer_line_test(text, folded)
    lines = [line for line in text.splitlines() if not is_footer(line)]
    text = house_style.GLUED_FOOTER_GATED.sub("", "\n".join(lines), folded)
    return DATELINE.sub("", text, count=1)


@dataclass(frozen=True)
class Normalised:
    """One body's normalisation, computed once for the content hash and every dedup feature."""

    stripped: str  # :func:`strip_boilerplate`
    folded: str  # :func:`normalise_body`: what the hash is of, what words and shingles are read from

    @property
    def content_hash(self) -> str:
        return hash_normalised(self.folded)


@lru_cache(maxsize=2048)  # a day partition's articles (600 in the bench): about 20 MB
def normalised(body: str) -> Normalised:
    """:func:`strip_boilerplate` and :func:`normalise_body` of ``body``, remembered for the last bodies seen, so
    that the extract stage's content hash and the dedup features of the same article pay for them once."""
    stripped = _strip_boilerplate(body)
    return Normalised(stripped, fold(stripped))


def normalise_body(body: str) -> str:
    """NFKC, dateline and footer removed, lowercased, whitespace collapsed: the text every copy shares."""
    return normalised(body).folded


def fold(stripped: str) -> str:
    """Lowercase and collapse whitespace (the second half of :func:`normalise_body`): ``str.split`` splits on the
    very characters ``\\s`` matches, so this is ``WHITESPACE.sub(" ", stripped.lower()).strip()``, a third faster."""
    return " ".join(stripped.lower().split())


def content_hash(body: str) -> str:
    """SHA-256 (hex) of :func:`normalise_body` — equal for copies that differ only in boilerplate."""
    return normalised(body).content_hash


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
