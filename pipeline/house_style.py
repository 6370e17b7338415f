"""ANTARA's house style in one place: the words and marks every stage must agree on.

Extraction (what is story text), segmentation (what is sent to the translator), dedup
normalisation (what two copies share) and the warehouse checks (what counts as a boilerplate
leak) all need the same calendar words, time zones, credit labels, datelines and footer notices.
When ANTARA adds a footer variant, it is added here once and every stage sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, timedelta, timezone

from pipeline.textgate import Gated


def word_list(text: str) -> list[str]:
    """Whitespace-separated words of a literal, for the declarative word tables below."""
    return text.split()


# --- calendar ---------------------------------------------------------------------------------------

MONTHS_ID = word_list("januari februari maret april mei juni juli agustus september oktober november desember")
MONTHS_EN = word_list("january february march april may june july august september october november december")
#: Abbreviations printed in dates ("12 Okt 2026", "Oct 12, 2026").
MONTH_ABBREVIATIONS: dict[str, int] = {
    **{m: i for i, m in enumerate(word_list("jan feb mar apr may jun jul aug sep oct nov dec"), start=1)},
    "agu": 8,
    "agt": 8,
    "okt": 10,
    "des": 12,
    "sept": 9,
}
#: Month name (either language, lowercase, full or abbreviated) → month number.
MONTH_NUMBERS: dict[str, int] = {
    **MONTH_ABBREVIATIONS,
    **{m: i for i, m in enumerate(MONTHS_ID, start=1)},
    **{m: i for i, m in enumerate(MONTHS_EN, start=1)},
}
DAYS_ID = word_list("senin selasa rabu kamis jumat sabtu minggu")
DAYS_EN = word_list("monday tuesday wednesday thursday friday saturday sunday")
#: Indonesian calendar word → English (lowercase), so both editions meet on one spelling.
CALENDAR_ID_TO_EN: dict[str, str] = {
    **dict(zip(MONTHS_ID, MONTHS_EN, strict=True)),
    **dict(zip(DAYS_ID, DAYS_EN, strict=True)),
    "jum'at": "friday",
}

# --- sections -------------------------------------------------------------------------------------------

#: ANTARA's kanal (top-level sections; the national RSS feeds are named after them). A subdomain named after a
#: kanal (``otomotif.antaranews.com``) is that kanal; its breadcrumb path is the subcategory.
KANALS = frozenset(
    word_list("""terkini top-news politik hukum ekonomi metro sepakbola olahraga humaniora lifestyle hiburan dunia
    infografik tekno otomotif warta-bumi rilis-pers""")
)

# --- time zones ---------------------------------------------------------------------------------------

#: Indonesia's three zones as ANTARA prints them, plus the universal ones its English pages use.
TIME_ZONES: dict[str, timezone] = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
    "UTC": UTC,
    "GMT": UTC,
}
#: Without a printed zone the national sites mean Jakarta time.
DEFAULT_ZONE = TIME_ZONES["WIB"]

# --- function words -------------------------------------------------------------------------------------

#: Capitalised words that start clauses or quotes in either language and name nothing.
FUNCTION_WORDS = frozenset(
    word_list("""the this that these those there then than and but for with from into onto over under after before
    while when where which who whom whose what why how its his her their our your they she him them
    also however meanwhile according said says would could should will was were has have had been being
    yang dan ini itu ada dari untuk pada dengan dalam oleh akan telah sudah juga namun sementara menurut
    kata katanya ujarnya tuturnya jelasnya sebelumnya selain saat ketika karena bahwa tersebut mereka kami
    kita dia ia beliau para bagi atas hingga sampai agar supaya jika apabila bila""")
)

# --- datelines, credits, footers ----------------------------------------------------------------------

#: The agency mark inside a dateline: ``(ANTARA)``, ``(ANTARA News)``, ``(Antara/PRNewswire)``.
AGENCY_MARK = r"\((?:antara|antara news)(?:\s*/\s*[^)\n]{1,40})?\)"
#: ``Kota (ANTARA) -`` at the very start of a body: a place (no sentence end before it, at most 80 characters,
#: dots only inside abbreviations such as ``Jl.``/``7/12``), the agency mark, a hyphen or dash.
DATELINE = re.compile(
    r"^\s*(?:[^\n()!?.]|\.(?=\S)){0,80}?" + AGENCY_MARK + r"\s*[-–—]+\s*",
    re.IGNORECASE,
)
#: Credit labels as ANTARA prints them → the field they fill (either edition).
CREDIT_ROLES: dict[str, str] = {
    "Pewarta": "reporter",
    "Reporter": "reporter",
    "Oleh": "reporter",
    "Writer": "reporter",
    "Penulis": "reporter",
    "Editor": "editor",
    "Redaktur": "editor",
    "Penerjemah": "translator",
    "Translator": "translator",
}
CREDIT_LABELS = [label.lower() for label in CREDIT_ROLES]
#: Labels of related-story links (the label is boilerplate; the linked headline is not story text either).
RELATED_LABELS = ("baca juga", "berita terkait", "related news", "also read", "lihat juga", "simak juga")
#: The 2025+ notice against AI crawling, printed after the copyright line.
AI_NOTICE = r"dilarang\s+keras\s+mengambil\s+konten,?\s*melakukan\s+crawling.*?kantor\s+berita\s+antara\.?"
AI_NOTICE_START = r"dilarang\s+keras\s+mengambil\s+konten"
COPYRIGHT = r"(?:copyright|hak\s+cipta)\s*(?:©|&copy;|\(c\))"
#: A whole line that is a credit, copyright line or legal notice (copied, never translated or hashed): what holds at
#: the line's start …
CREDIT_LINE_START_PATTERNS: tuple[str, ...] = (
    r"^\s*(?:" + "|".join(CREDIT_LABELS) + r")\s*:",
    r"^\s*edited\s+by\b",
    r"^\s*©\s*antara",
)
#: … and what anywhere in it, with the words every match of them contains (the gate of :data:`FOOTER_ANYWHERE`).
CREDIT_ANYWHERE_PATTERNS: tuple[str, ...] = (COPYRIGHT, AI_NOTICE_START)
CREDIT_ANYWHERE_NEEDLES = ("copyright", "cipta", "dilarang")
CREDIT_LINE_PATTERNS: tuple[str, ...] = (*CREDIT_LINE_START_PATTERNS, *CREDIT_ANYWHERE_PATTERNS)
CREDIT_LINE = re.compile("|".join(f"(?:{p})" for p in CREDIT_LINE_PATTERNS), re.IGNORECASE)
#: A line that is a related-story link: ``Baca juga: <headline>``.
RELATED_LINE = re.compile(r"^\s*(?P<label>" + "|".join(RELATED_LABELS) + r")\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
#: Either: never story text. (The definition; :func:`is_footer_line` decides the same, faster, in two parts.)
FOOTER_LINE = re.compile(f"(?:{CREDIT_LINE.pattern})|(?:{RELATED_LINE.pattern})", re.IGNORECASE)
#: The footer-line patterns anchored at the line's start, tried only there (``match``) …
FOOTER_LINE_START = re.compile(
    "|".join(f"(?:{p})" for p in (*CREDIT_LINE_START_PATTERNS, RELATED_LINE.pattern)), re.IGNORECASE
)
#: … and the ones searched anywhere, only in a text that contains one of their words.
FOOTER_ANYWHERE = Gated(
    re.compile("|".join(f"(?:{p})" for p in CREDIT_ANYWHERE_PATTERNS), re.IGNORECASE), CREDIT_ANYWHERE_NEEDLES
)
#: Credits glued onto the last paragraph without a line break (``…katanya.Pewarta: X Editor: Y``).
GLUED_CREDIT_LABELS = ("pewarta", "reporter", "translator", "penerjemah")
GLUED_FOOTER = re.compile(
    r"(?:\b(?:" + "|".join(GLUED_CREDIT_LABELS) + r")\s*:|" + COPYRIGHT + r").*\Z",
    re.IGNORECASE | re.DOTALL,
)
#: The same, searched only in a text that contains a label or a copyright word.
GLUED_FOOTER_GATED = Gated(GLUED_FOOTER, (*GLUED_CREDIT_LABELS, "copyright", "cipta"))
#: Substrings whose presence in a stored body means boilerplate leaked (the warehouse check; case as printed).
BOILERPLATE_MARKERS: tuple[str, ...] = (
    "Baca juga",
    "BACA JUGA",
    "Berita terkait",
    "Related news",
    *(f"{label}:" for label in ("Pewarta", "Editor", "Penerjemah", "Redaktur", "Reporter", "Translator")),
    "EDITED BY",
    "COPYRIGHT",
    "Hak Cipta ©",
    "adsbygoogle",
    "Dilarang keras mengambil konten",
)


def is_footer_line(line: str) -> bool:
    """True for a line that is a credit, copyright, notice or related-news link (any edition): what
    ``FOOTER_LINE.search(line)`` says, in two cheaper parts."""
    return FOOTER_LINE_START.match(line) is not None or FOOTER_ANYWHERE.search(line) is not None


def _starts_as_footer(line: str) -> bool:
    return FOOTER_LINE_START.match(line) is not None


def footer_line_test(text: str, folded: str | None = None) -> Callable[[str], bool]:
    """:func:`is_footer_line` for the lines of ``text``, with the gate of the patterns searched anywhere decided
    once for the whole text (``folded``: its :func:`~pipeline.textgate.fold_like_ignorecase`, when already made)."""
    return is_footer_line if FOOTER_ANYWHERE.possible(text, folded) else _starts_as_footer
