"""Faithful segmentation of an article into translatable sentences and verbatim scaffolding.

OPUS-MT models are sentence-level: a multi-sentence input loses sentences and an input longer than the
model's positions is silently cut. So an article is broken down into paragraphs (kept exactly, with their
separators), lines, and sentences; the ANTARA dateline and credit lines are not story text and are carried
over verbatim with their labels mapped to the target language; over-long sentences are split at clause
boundaries (then words, then characters) until every input fits the model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import house_style

TokenCounter = Callable[[str], int]


def _words(text: str) -> list[str]:
    """Whitespace-separated table entries (keeps long word tables readable)."""
    return text.split()


# Abbreviations that end in a period but do not end a sentence (lower-cased, period included).
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "id": frozenset(
        _words(
            """
            kab. kec. kel. prov. jl. jln. no. tbk. dr. drs. dra. ir. h. hj. dll. dsb. dst. rp. tn. ny. sdr. bpk.
            kol. brigjen. mayjen. letjen. jend. kapt. kompol. akbp. kombes. irjen. komjen. pol. s.h. s.e. m.si.
            a.n. u.p. yth. tgl. hlm. prof. apt. vs.
            """
        )
    ),
    "en": frozenset(
        _words(
            """
            mr. mrs. ms. dr. prof. st. jr. sr. gen. lt. col. sgt. capt. maj. cmdr. adm. gov. sen. rep. rev. hon.
            pres. inc. ltd. corp. co. bros. vs. etc. e.g. i.e. no. nos. vol. fig. approx. dept. jan. feb. mar.
            apr. jun. jul. aug. sep. sept. oct. nov. dec. mt. ft. u.s. u.k. u.n. a.m. p.m. rp. kab. kec. prov.
            jl. tbk.
            """
        )
    ),
}
# Dotted initialisms (U.S., S.H., a.n.) and single-letter initials (H., M.) never end a sentence here.
INITIALISM = re.compile(r"^(?:[A-Za-z]\.){2,}$|^[A-Z]\.$")
# A sentence ends at . ! ? or … (plus closing quotes/brackets) followed by space and an opening capital/digit.
BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
CLAUSE_BREAK = re.compile(r"(?<=[;:,])\s+|\s+(?=[—–-]\s)")

# Dateline ("Jakarta (ANTARA) - "), credit/copyright/notice lines (copied verbatim, labels mapped, never sent to
# the model) and related-story lines (label mapped, headline translated): ANTARA's house style, one definition.
DATELINE = house_style.DATELINE
CREDIT_LINE = house_style.CREDIT_LINE
LABELLED_LINE = house_style.RELATED_LINE

LABELS: dict[tuple[str, str], dict[str, str]] = {
    ("id", "en"): {
        "Pewarta": "Reporter",
        "Penerjemah": "Translator",
        "Redaktur": "Editor",
        "Hak Cipta": "Copyright",
        "Oleh": "By",
        "Baca juga": "Also read",
        "Berita terkait": "Related news",
    },
    ("en", "id"): {
        "Reporter": "Pewarta",
        "Translator": "Penerjemah",
        "Writer": "Penulis",
        "EDITED BY": "Editor",
        "Copyright": "Hak Cipta",
        "COPYRIGHT": "Hak Cipta",
        "Related news": "Berita terkait",
        "Also read": "Baca juga",
    },
}
MONTHS = {
    ("id", "en"): {
        id_.capitalize(): en.capitalize() for id_, en in zip(house_style.MONTHS_ID, house_style.MONTHS_EN, strict=True)
    }
}
MONTHS[("en", "id")] = {en: id_ for id_, en in MONTHS[("id", "en")].items()}
PARAGRAPH_SEPARATOR = re.compile(r"(\n[ \t]*\n\s*)")


def normalise(text: str) -> str:
    """Cache/dedup form of a source sentence: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def map_words(text: str, table: dict[str, str]) -> str:
    """Replace whole-word occurrences of the table's keys (longest first)."""
    if not table:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(key) for key in sorted(table, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda match: table[match.group(1)], text)


def split_sentences(text: str, lang: str) -> list[str]:
    """Split a line into sentences, never after a known abbreviation or an initial."""
    abbreviations = ABBREVIATIONS.get(lang, frozenset())
    sentences: list[str] = []
    start = 0
    for match in BOUNDARY.finditer(text):
        before = text[start : match.start()]
        last_word = before.rsplit(None, 1)[-1] if before.strip() else ""
        last_word = last_word.lstrip("\"'“‘([")
        if last_word.lower() in abbreviations or INITIALISM.match(last_word):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def fit_to_limit(sentence: str, count_tokens: TokenCounter, limit: int) -> list[str]:
    """Split an over-long sentence into pieces of at most ``limit`` tokens: clauses, then words, then characters."""
    if count_tokens(sentence) <= limit:
        return [sentence]
    for splitter in (_split_at_clauses, _split_at_words, _split_at_middle):
        halves = splitter(sentence)
        if halves:
            return [piece for half in halves for piece in fit_to_limit(half, count_tokens, limit)]
    raise ValueError(f"cannot split {sentence[:40]!r} under {limit} tokens")


def _split_near_middle(text: str, cut_points: list[tuple[int, int]]) -> tuple[str, str] | None:
    """Cut at the (start, end) gap closest to the middle, leaving two non-empty halves."""
    gaps = [(start, end) for start, end in cut_points if start > 0 and end < len(text)]
    if not gaps:
        return None
    start, end = min(gaps, key=lambda gap: abs(gap[0] - len(text) / 2))
    return text[:start], text[end:]


def _split_at_clauses(text: str) -> tuple[str, str] | None:
    return _split_near_middle(text, [match.span() for match in CLAUSE_BREAK.finditer(text)])


def _split_at_words(text: str) -> tuple[str, str] | None:
    return _split_near_middle(text, [match.span() for match in re.finditer(r"\s+", text)])


def _split_at_middle(text: str) -> tuple[str, str] | None:
    middle = len(text) // 2
    return (text[:middle], text[middle:]) if middle else None


@dataclass
class Line:
    """One line of the output: verbatim ``prefix`` then the translations of ``pieces`` joined by spaces."""

    prefix: str = ""
    pieces: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """A text broken into verbatim separators and translatable lines, ready to be re-assembled."""

    parts: list[str | list[Line]] = field(default_factory=list)  # str = paragraph separator; list = a paragraph

    @property
    def sources(self) -> list[str]:
        return [piece for part in self.parts if isinstance(part, list) for line in part for piece in line.pieces]

    def render(self, translations: dict[str, str]) -> str:
        """Re-assemble with each piece replaced by ``translations[normalise(piece)]``."""
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            rendered_lines = []
            for line in part:
                text = " ".join(translations[normalise(piece)] for piece in line.pieces)
                rendered_lines.append(line.prefix + text)
            out.append("\n".join(rendered_lines))
        return "".join(out)


def plan_text(text: str, source_lang: str, target_lang: str, count_tokens: TokenCounter, limit: int) -> Plan:
    """Break a title or body into a :class:`Plan`; paragraph separators are kept byte for byte."""
    plan = Plan()
    first_paragraph = True
    for chunk in PARAGRAPH_SEPARATOR.split(text.strip()):
        if PARAGRAPH_SEPARATOR.fullmatch(chunk):
            plan.parts.append(chunk)
            continue
        lines = [_plan_line(line, source_lang, target_lang, count_tokens, limit) for line in chunk.split("\n")]
        if first_paragraph and lines:
            lines[0] = _with_dateline(chunk.split("\n")[0], lines[0], source_lang, target_lang, count_tokens, limit)
            first_paragraph = False
        plan.parts.append(lines)
    return plan


def _plan_line(line: str, source_lang: str, target_lang: str, count_tokens: TokenCounter, limit: int) -> Line:
    labels = LABELS.get((source_lang, target_lang), {})
    if CREDIT_LINE.match(line):
        return Line(prefix=map_words(line, labels))
    labelled = LABELLED_LINE.match(line)
    if labelled:
        label = labels.get(labelled.group("label"), labelled.group("label"))
        return Line(prefix=f"{label}: ", pieces=_pieces(labelled.group("rest"), source_lang, count_tokens, limit))
    leading = line[: len(line) - len(line.lstrip())]
    return Line(prefix=leading, pieces=_pieces(line, source_lang, count_tokens, limit))


def _with_dateline(
    raw: str, planned: Line, source_lang: str, target_lang: str, count_tokens: TokenCounter, limit: int
) -> Line:
    """Keep the dateline of the first line verbatim (month names mapped) and translate the rest."""
    match = DATELINE.match(raw)
    if not match or planned.prefix.strip():
        return planned
    dateline = map_words(match.group(0), MONTHS.get((source_lang, target_lang), {}))
    return Line(prefix=dateline, pieces=_pieces(raw[match.end() :], source_lang, count_tokens, limit))


def _pieces(text: str, lang: str, count_tokens: TokenCounter, limit: int) -> list[str]:
    return [
        piece
        for sentence in split_sentences(text, lang)
        for piece in fit_to_limit(sentence, count_tokens, limit)
        if normalise(piece)
    ]
