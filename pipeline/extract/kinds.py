"""Pages that are not text articles: media pages, not-found pages (hard and soft 404).

Each rule is a row in a table: what to look at, the pattern, and the kind it implies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from pipeline.models import PageKind
from pipeline.urls import parse_article_url

#: ANTARA's URL content types that are not text articles.
MEDIA_TYPES: dict[str, PageKind] = {
    "video": PageKind.VIDEO,
    "foto": PageKind.PHOTO,
    "infografik": PageKind.INFOGRAPHIC,
}

#: ``og:type`` values that mark a media page even behind an article-looking URL.
OG_TYPES: tuple[tuple[re.Pattern[str], PageKind], ...] = ((re.compile(r"^video", re.I), PageKind.VIDEO),)

#: Title/heading texts of ANTARA's (and generic) not-found pages. Anchored at the start so an
#: article headline that merely contains "tidak ditemukan" is not taken for an error page.
NOT_FOUND_HEADINGS = re.compile(
    r"^\s*(?:404\b|error 404|halaman tidak ditemukan|halaman yang anda cari tidak|page not found|not found\b"
    r"|the page you (?:are looking for|requested)|maaf,? halaman)",
    re.IGNORECASE,
)
#: Phrases that, on a page with no article body, mean "not found".
NOT_FOUND_TEXT = re.compile(
    r"halaman tidak ditemukan|halaman yang anda cari tidak (?:ditemukan|tersedia)|page not found"
    r"|the page you (?:are looking for|requested) (?:does not|could not|doesn't)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    kind: PageKind
    reason: str


def media_verdict(url: str, doc: lxml_html.HtmlElement | None) -> Verdict | None:
    """Video/photo/infographic pages, by URL type first, then by ``og:type``."""
    if doc is None:
        return url_verdict(url)
    return url_verdict(url) or og_type_verdict(doc.xpath(OG_TYPE))


def url_verdict(url: str) -> Verdict | None:
    """A media page by its URL's content type (decided before the page is parsed)."""
    ref = parse_article_url(url)
    if ref and ref.content_type in MEDIA_TYPES:
        kind = MEDIA_TYPES[ref.content_type]
        return Verdict(kind, f"{kind.value} page (/{ref.content_type}/ URL)")
    return None


#: Where a page states its ``og:type`` (read by the extractor's page reader).
OG_TYPE = "//meta[@property='og:type']/@content"


def og_type_verdict(og_types: list[str]) -> Verdict | None:
    """A media page behind an article-looking URL, by its ``og:type`` values (:data:`OG_TYPE`)."""
    og_type = " ".join(og_types).strip()
    for pattern, kind in OG_TYPES:
        if pattern.search(og_type):
            return Verdict(kind, f"{kind.value} page (og:type {og_type!r})")
    return None


def not_found_verdict(doc: lxml_html.HtmlElement, headings: list[str], has_body: bool) -> Verdict | None:
    """Hard or soft 404: an error heading, or a bodiless page that says the page does not exist."""
    for heading in headings:
        if NOT_FOUND_HEADINGS.search(heading):
            return Verdict(PageKind.NOT_FOUND, f"not-found page (heading {heading.strip()[:60]!r})")
    if not has_body:
        main = doc.find("body")
        text = main.text_content() if main is not None else ""
        match = NOT_FOUND_TEXT.search(text)
        if match:
            return Verdict(PageKind.NOT_FOUND, f"not-found page (text {match.group(0)!r}, no article body)")
    return None
