"""``extract_page``: one fetched page → one :class:`~pipeline.models.Extracted` record.

The page is parsed once with lxml. Metadata is read from the tree with the matching layout's rule
set (see :mod:`pipeline.extract.layouts`); the body element is cleaned on the tree and handed to
trafilatura as a tree, so the page text is never re-serialised and re-parsed.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.metadata import examine_meta, extract_meta_json
from trafilatura.settings import Document, Extractor

from pipeline.extract.boilerplate import Credits, clean_lines, normalise_names, parse_credits
from pipeline.extract.dates import DateCandidate, DateSource, feed_candidate, parse_any, reconcile
from pipeline.extract.decode import decode_html
from pipeline.extract.kinds import OG_TYPE, Verdict, not_found_verdict, og_type_verdict, url_verdict
from pipeline.extract.layouts import COMMON, COMMON_DROP, LAYOUTS, Layout, NarrowedXPath, ScopedXPath
from pipeline.house_style import CREDIT_LABELS, KANALS, is_footer_line
from pipeline.models import Extracted, Lang, PageKind
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)

EN_HOSTS = frozenset({"en.antaranews.com"})
_TITLE_SUFFIX = re.compile(r"\s+[-|–]\s+ANTARA(?: News)?(?: [\w ]+)?\s*$", re.IGNORECASE)
_TAG_NOISE = re.compile(r"^(?:news|" + "|".join(CREDIT_LABELS) + r")\s*:", re.IGNORECASE)
_QUOTE_KEY_CHARS = 50
_NON_WORD = re.compile(r"[^\w]+")
_ROLES = ("reporter", "editor", "translator")
#: Without a known layout, less text than this is a shell or an error page, not an article.
MIN_GENERIC_WORDS = 30
#: The generic fields trafilatura's ``<meta>`` reader (``examine_meta``) settles alone — its JSON-LD reader
#: (``extract_meta_json``, half the cost) never sets them — so a page whose layout yields its title needs only the
#: former (``tests/extract/test_page.py`` checks that both ways give the same values).
META_TAG_FIELDS = frozenset({"tags", "image"})
#: trafilatura's options for a layout's cleaned body (``fast``: no readability/justext comparison; ``recall``: the
#: body is already the article, keep what is doubtful). Built once: ``trafilatura.extract(**kwargs)`` builds an
#: ``Extractor`` from its config file on every call, a quarter of its time on an article body.
BODY_OPTIONS = Extractor(fast=True, recall=True, comments=False, tables=True, dedup=False)
#: trafilatura's options when no layout is known: its own article detection over the whole page.
PAGE_OPTIONS = Extractor(comments=False, tables=True)


def extract_page(
    html: str | bytes,
    url: str,
    *,
    feed_published_at: datetime | None = None,
    category: str | None = None,
) -> Extracted:
    """Extract one ANTARA page. Never raises on bad input: non-articles come back with ``skip_reason``."""
    lang = lang_for_url(url)
    try:
        return _extract(html, url, lang, feed_published_at, category)
    except Exception as exc:  # the stage must go on; the reason is recorded with the page
        log.exception("%s: extraction failed", url)
        return Extracted(url=url, lang=lang, kind=PageKind.EMPTY, skip_reason=f"extraction failed: {exc!r}"[:300])


def lang_for_url(url: str) -> Lang:
    host = (urlsplit(url).hostname or "").lower()
    return "en" if host in EN_HOSTS else "id"


def _extract(
    html: str | bytes, url: str, lang: Lang, feed_published_at: datetime | None, feed_category: str | None
) -> Extracted:
    def skipped(verdict: Verdict, layout: str | None = None) -> Extracted:
        log.info("%s: skipped, %s", url, verdict.reason)
        return Extracted(url=url, lang=lang, kind=verdict.kind, skip_reason=verdict.reason, layout=layout)

    media = url_verdict(url)
    if media:
        return skipped(media)
    doc = parse_document(html)
    if doc is None:
        return skipped(Verdict(PageKind.EMPTY, "empty or unparseable HTML document"))
    page = PageReader(doc, url)
    media = og_type_verdict(page.find(OG_TYPE))
    if media:
        return skipped(media)

    layout = page.layout
    body = page.body_element()
    headings = [*page.texts("//title"), *page.texts("//h1")]
    not_found = not_found_verdict(doc, headings, has_body=body is not None and bool(body.text_content().strip()))
    if not_found:
        return skipped(not_found, layout.name)

    # Metadata first: cleaning the body below removes credit paragraphs and captions from the tree.
    title = page.title()
    credits = page.credits()
    feed_date = feed_candidate(feed_published_at)
    published = reconcile([*page.published(), *([feed_date] if feed_date else [])], url)
    tags = page.tags()
    section = page.section() or (Section(feed_category) if feed_category else None)
    image_url, caption = page.image()
    page.forget_found()  # the tree changes from here on

    lines = body_lines(body, layout) if body is not None else whole_page_lines(doc)
    paragraphs, text_credits = clean_lines(lines)
    if paragraphs and title and paragraphs[0] == title:  # trafilatura keeps the headline of a whole page
        paragraphs = paragraphs[1:]
    credits.merge(text_credits)
    credits.merge(page.fallback_credits())
    if not paragraphs:
        return skipped(Verdict(PageKind.EMPTY, f"no article text in the page body (layout {layout.name})"), layout.name)
    words = sum(len(p.split()) for p in paragraphs)
    if body is None and words < MIN_GENERIC_WORDS:
        reason = f"no known layout and only {words} words of text (need {MIN_GENERIC_WORDS})"
        return skipped(Verdict(PageKind.EMPTY, reason), layout.name)

    text = "\n\n".join(paragraphs)
    return Extracted(
        url=url,
        kind=PageKind.ARTICLE,
        lang=lang,
        title=title,
        body=text,
        published_at=published.value if published else None,
        published_at_source=published.source if published else None,
        published_at_disagreement_s=published.disagreement_s if published else None,
        reporter=credits.reporter,
        editor=credits.editor,
        translator=credits.translator,
        tags=tags,
        category=section.kanal if section else None,
        subcategory=section.subcategory if section else None,
        image_url=image_url,
        image_caption=caption,
        word_count=len(text.split()),
        layout=layout.name,
    )


#: The decoded text goes to libxml2 as UTF-8 bytes with the encoding named: it parses them in 60 % of the time it
#: takes for a ``str`` (which lxml hands over as UCS-4), to the same tree — a declared encoding outranks the
#: page's own ``<meta charset>``, which names the bytes on the wire, not this text.
UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def parse_document(html: str | bytes) -> lxml_html.HtmlElement | None:
    """Decode and parse once; None for empty or unparseable input."""
    text = decode_html(html)
    if not text.strip():
        return None
    try:
        try:
            return lxml_html.document_fromstring(text.encode("utf-8"), parser=UTF8_PARSER)
        except UnicodeEncodeError:  # lone surrogates have no UTF-8 form: lxml takes the str as it is
            return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        log.warning("unparseable HTML: %s", exc)
        return None


#: Elements most rules look for by name alone: one pass of lxml's iterator (in C, making Python objects only for
#: these) finds them all, where each ``//meta[…]`` rule would be a traversal of the whole page of its own.
TAGGED = ("meta", "title", "h1", "script")
JSON_LD = "//script[@type='application/ld+json']/text()"


def _elements(found: list[Any], _: re.Match[str]) -> list[Any]:
    return list(found)


def _attribute_of_matching(found: list[Any], match: re.Match[str]) -> list[Any]:
    matching = (e for e in found if e.get(match["attr"]) == match["value"])
    return [value for e in matching if (value := e.get(match["result"])) is not None]


def _text_of_matching(found: list[Any], match: re.Match[str]) -> list[Any]:
    return [text for e in found if e.get(match["attr"]) == match["value"] for text in xpath("text()")(e)]


_TAG = "(?P<tag>" + "|".join(TAGGED) + ")"
_TEST = r"\[@(?P<attr>[\w:-]+)='(?P<value>[^']*)'\]"
#: Rule shapes answered from :meth:`PageReader.tagged` — the same nodes, in document order, as the XPath gives
#: (``tests/extract/test_reader.py`` compares them on every gold page).
TAGGED_RULES: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(f"//{_TAG}"), _elements),
    (re.compile(f"//{_TAG}{_TEST}/@(?P<result>[\\w:-]+)"), _attribute_of_matching),
    (re.compile(f"//{_TAG}{_TEST}/text\\(\\)"), _text_of_matching),
)


@lru_cache(maxsize=512)
def tagged_rule(expression: str) -> tuple[Any, re.Match[str]] | None:
    """How :meth:`PageReader.tagged` answers a rule of one of :data:`TAGGED_RULES`' shapes (None: by XPath)."""
    for shape, answer in TAGGED_RULES:
        match = shape.fullmatch(expression)
        if match:
            return answer, match
    return None


@lru_cache(maxsize=512)
def xpath(expression: str) -> etree.XPath:
    """Compile each rule's XPath once per process."""
    return etree.XPath(expression)


def squash(text: str) -> str:
    return " ".join(text.split())


class PageReader:
    """Reads fields from one parsed page using its layout's sources, then the common ones.

    Each XPath is evaluated once per page (detection, body and credit rules share their anchor element, and
    ``//title``/``//h1`` are read for the not-found check and for the title), and a :class:`ScopedXPath` rule only
    below its anchor when the anchor is a single element: the same nodes, in the same order, as the whole
    expression, for a fraction of the cost (libxml2's cost is the predicate run on every element of the page).
    The results are of the tree as parsed: :meth:`forget_found` is called before the body is cleaned.
    """

    def __init__(self, doc: lxml_html.HtmlElement, url: str) -> None:
        self.doc = doc
        self.url = url
        self._found: dict[str, list[Any]] = {}
        self._json_ld: dict[str, Any] | None = None
        self._metadata: Document | None = None
        self._meta_tags: Document | None = None
        self._tagged: dict[str, list[Any]] | None = None

    @cached_property
    def layout(self) -> Layout:
        return next(layout for layout in LAYOUTS if self.find(layout.detect))

    # -- sources ---------------------------------------------------------------------------
    def find(self, expression: str) -> list[Any]:
        """The nodes (or strings) an XPath yields on the page, evaluated once."""
        found = self._found.get(expression)
        if found is None:
            found = self._found[expression] = self._evaluate(expression)
        return found

    def _evaluate(self, expression: str) -> list[Any]:
        tagged = tagged_rule(expression)
        if tagged is not None:
            answer, match = tagged
            return answer(self.tagged(match["tag"]), match)
        if isinstance(expression, NarrowedXPath):
            test = xpath(expression.test)
            return [element for element in self.find(expression.family) if test(element)]
        context, path = self.doc, expression
        if isinstance(expression, ScopedXPath):
            anchors = self.find(expression.anchor)
            if not anchors:  # every node the whole expression yields lies below an anchor
                return []
            if len(anchors) == 1:
                context, path = anchors[0], expression.path
        found = xpath(path)(context)
        return found if isinstance(found, list) else [found]

    def tagged(self, tag: str) -> list[Any]:
        """The page's elements of one of :data:`TAGGED` (all of them found in one pass of lxml's C iterator)."""
        if self._tagged is None:
            self._tagged = {name: [] for name in TAGGED}
            for element in self.doc.iter(*TAGGED):
                self._tagged[element.tag].append(element)
        return self._tagged[tag]

    def forget_found(self) -> None:
        """Drop the remembered XPath results: the tree is about to change (cleaning moves and drops nodes)."""
        self._found.clear()
        self._tagged = None

    def values(self, source: str) -> list[str]:
        """All non-empty string values one source yields."""
        if source.startswith("ld:"):
            return ld_values(self.json_ld(), source[3:])
        if source.startswith("meta:"):
            path = source[5:]
            return ld_values(self.generic_metadata(path.split(".")[0]).as_dict(), path)
        texts = (r.text_content() if isinstance(r, etree._Element) else str(r) for r in self.find(source))
        return [t for t in (squash(t) for t in texts) if t]

    def texts(self, source: str) -> list[str]:
        return self.values(source)

    def first(self, field: str) -> str | None:
        for source in (*getattr(self.layout, field), *getattr(COMMON, field)):
            values = self.values(source)
            if values:
                return values[0]
        return None

    def first_list(self, field: str) -> list[str]:
        for source in (*getattr(self.layout, field), *getattr(COMMON, field)):
            values = self.values(source)
            if values:
                return values
        return []

    def json_ld(self) -> dict[str, Any]:
        if self._json_ld is None:
            self._json_ld = news_article_ld(self.find(JSON_LD))
        return self._json_ld

    def generic_metadata(self, field: str) -> Document:
        """trafilatura's generic metadata, read once per page (only its ``<meta>`` reader for :data:`META_TAG_FIELDS`).

        Its readers are called rather than ``trafilatura.extract_metadata``: that one also runs htmldate's
        full-page date search (day precision only, the costliest part) and guesses URL, sitename and licence,
        none of which the record uses; dates are ANTARA's own (see ``COMMON``).
        """
        if field in META_TAG_FIELDS:
            if self._meta_tags is None:
                self._meta_tags = examine_meta(self.doc)
                self._meta_tags.clean_and_trim()
            return self._meta_tags
        if self._metadata is None:
            metadata = extract_meta_json(self.doc, examine_meta(self.doc))
            metadata.clean_and_trim()
            self._metadata = metadata
        return self._metadata

    # -- fields ----------------------------------------------------------------------------
    def body_element(self) -> lxml_html.HtmlElement | None:
        for source in self.layout.body:
            found = self.find(source)
            if found:
                return found[0]
        return None

    def title(self) -> str | None:
        title = self.first("title")
        return _TITLE_SUFFIX.sub("", title) if title else None

    def published(self) -> list[DateCandidate]:
        """The first date each kind of source yields (printed text, meta/``datetime`` attributes, JSON-LD)."""
        found: dict[DateSource, DateCandidate] = {}
        for source in (*self.layout.date, *COMMON.date):
            kind = date_source_kind(source)
            for value in self.values(source):
                parsed = parse_any(value, kind)
                if parsed and parsed.source not in found:
                    found[parsed.source] = parsed
                    break
        return list(found.values())

    def credits(self) -> Credits:
        """Role-specific elements first (itemprop spans), then the layout's credit lines."""
        credits = Credits(**{role: self._role(self.layout, role) for role in _ROLES})
        for source in self.layout.credits:
            for text in self.values(source):
                credits.merge(parse_credits(text))
        return credits

    def fallback_credits(self) -> Credits:
        return Credits(**{role: self._role(COMMON, role) for role in _ROLES})

    def _role(self, layout: Layout, role: str) -> str | None:
        for source in getattr(layout, role):
            values = self.values(source)
            if values:
                return normalise_names(values[0])
        return None

    def tags(self) -> list[str]:
        seen: dict[str, None] = {}
        for value in self.first_list("tags"):
            for tag in value.split(",") if "," in value else [value]:
                tag = squash(tag).strip("#")
                if tag and not _TAG_NOISE.match(tag):
                    seen.setdefault(tag, None)
        return list(seen)

    def section(self) -> Section | None:
        """The kanal and sub-section the page files itself under (deepest breadcrumb link, then article:section)."""
        for value in reversed(self.first_list("category")):
            section = page_section(value, self.url)
            if section:
                return section
        return None

    def image(self) -> tuple[str | None, str | None]:
        src = self.first("image")
        caption = self.first("caption")
        return (urljoin(self.url, src) if src else None), caption


def date_source_kind(source: str) -> DateSource:
    """JSON-LD paths, attribute XPaths (``@content``/``@datetime``: machine-readable) and printed text."""
    if source.startswith("ld:"):
        return DateSource.JSON_LD
    return DateSource.META if re.search(r"/@(?:content|datetime)$", source) else DateSource.PAGE_TEXT


@dataclass(frozen=True, slots=True)
class Section:
    """``/ekonomi/finansial`` → kanal ``ekonomi``, subcategory ``finansial`` (None when filed at the top)."""

    kanal: str
    subcategory: str | None = None


def page_section(value: str, page_url: str) -> Section | None:
    """A breadcrumb href or section name → kanal and subcategory; None for home and article links."""
    if value.startswith(("http://", "https://", "/")):
        absolute = urljoin(page_url, value)
        parts = [p for p in urlsplit(absolute).path.lower().split("/") if p]
        if not parts or parse_article_url(absolute):
            return None
        site = (urlsplit(absolute).hostname or "").split(".")[0]
        if site in KANALS and site != parts[0]:  # otomotif.antaranews.com/motor: kanal otomotif, section motor
            return Section(site, "-".join(parts))
        return Section(parts[0], "-".join(parts[1:]) or None)
    slug = _NON_WORD.sub("-", value.lower()).strip("-")
    return Section(slug) if slug and slug not in {"home", "beranda"} else None


def news_article_ld(blocks: list[str]) -> dict[str, Any]:
    """The JSON-LD article object (``NewsArticle``/``Article``) among the page's JSON-LD blocks, or ``{}``."""
    for raw in blocks:
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            log.debug("unreadable JSON-LD block skipped")
            continue
        items = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and str(item.get("@type", "")).endswith("Article"):
                return item
    return {}


def ld_values(data: Any, path: str) -> list[str]:
    """Follow a dotted path through JSON-LD; lists (also nested ones) are flattened to strings."""
    for key in path.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    pending, out = [data], []
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending[:0] = item
        elif isinstance(item, str | int | float) and str(item).strip():
            out.append(squash(str(item)))
    return out


def drop_rule(layout: Layout) -> str:
    """Every drop rule of the layout as one union, evaluated once instead of once per rule.

    The same elements go: drop rules test an element's own name and attributes only (never its position or
    neighbours), so a rule finds what it found after the earlier rules' drops, plus elements inside dropped ones,
    whose removal changes nothing; and ``drop_tree`` keeps the text order whatever order elements go in."""
    return " | ".join((*COMMON_DROP, *layout.drop))


def body_lines(body: lxml_html.HtmlElement, layout: Layout) -> list[str]:
    """Clean the body element on the tree, then let trafilatura turn it into paragraph lines."""
    for element in xpath(drop_rule(layout))(body):
        element.drop_tree()
    drop_repeated_quotes(body, layout.pull_quotes)
    soften_line_breaks(body)
    container = lxml_html.Element("html")
    article = etree.SubElement(etree.SubElement(container, "body"), "article")
    article.append(body)  # moves the cleaned body out of the page tree: no copy, no re-parse
    text = trafilatura.extract(container, options=BODY_OPTIONS)
    return text.splitlines() if text else []


def whole_page_lines(doc: lxml_html.HtmlElement) -> list[str]:
    """No known layout: trafilatura's own article detection over the whole page."""
    soften_line_breaks(doc)
    text = trafilatura.extract(doc, options=PAGE_OPTIONS)
    return text.splitlines() if text else []


def is_break(element: Any) -> bool:
    return isinstance(element, etree._Element) and element.tag == "br"


def soften_line_breaks(root: lxml_html.HtmlElement) -> None:
    """A single ``<br>`` is a soft wrap: it becomes a space. Two or more in a row end a paragraph (kept).

    Press releases (``/PRNewswire/ --``) wrap their lines with single ``<br>``s mid-sentence; left alone,
    each wrap becomes a paragraph break that cuts sentences for the reader, the segmenter and the hash.
    A single ``<br>`` still separates lines before a credit or footer line (``Pewarta: X<br>Editor: Y``)
    and after a heading (``About Meridia Systems<br>Meridia Systems was founded…``).
    """
    for br in list(root.iter("br")):
        after, following = (br.tail or ""), br.getnext()
        previous = br.getprevious()
        in_run = (is_break(following) and not after.strip()) or (
            is_break(previous) and not (previous.tail or "").strip()
        )
        next_text = (after if after.strip() else (following.text_content() if following is not None else "")).strip()
        if in_run or is_footer_line(next_text) or is_heading(line_before(br), next_text):
            continue
        br.tail = " " + after
        br.drop_tree()


#: A line this short, without closing punctuation, followed by a capitalised line, is a heading, not a wrap.
HEADING_MAX_WORDS = 6


def is_heading(line: str, next_text: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= HEADING_MAX_WORDS
        and not line.rstrip().endswith((".", ",", ";", ":", "!", "?", "-", "–", "—"))
        and next_text[:1].isupper()
    )


def line_before(br: Any) -> str:
    """The text between the previous ``<br>`` (or the start of the parent) and this one."""
    parts: list[str] = []
    node = br.getprevious()
    while node is not None and not is_break(node):
        parts.append(node.text_content() + (node.tail or ""))
        node = node.getprevious()
    if node is None:
        parts.append(br.getparent().text or "")
    else:
        parts.append(node.tail or "")
    return " ".join(reversed(parts)).strip()


def drop_repeated_quotes(body: lxml_html.HtmlElement, sources: tuple[str, ...]) -> None:
    """Remove pull quotes: quote elements whose opening words recur elsewhere in the body."""
    if not sources:
        return
    quotes = [q for source in sources for q in xpath(source)(body)]
    if not quotes:
        return
    full = quote_key(body.text_content(), None)
    for quote in quotes:
        key = quote_key(quote.text_content(), _QUOTE_KEY_CHARS)
        if key and full.count(key) >= 2:
            quote.drop_tree()


def quote_key(text: str, limit: int | None) -> str:
    """Lower-case words only: pull quotes drop or change punctuation and quote marks."""
    key = _NON_WORD.sub(" ", text.lower()).strip()
    return key[:limit] if limit else key
