"""One declarative rule set per ANTARA page layout (the way Fundus organises publisher parsers).

A rule set names, as XPath expressions, where a layout keeps its body and metadata and what
inside the body is not article text. The first rule set whose ``detect`` expression matches a
page is used; ``generic`` matches everything and hands the whole page to trafilatura. Supporting
a new layout means adding a rule set to :data:`LAYOUTS`, not a branch in the extractor.

Sources are XPath expressions evaluated on the page (:func:`within` writes one as an anchor element and a path
below it, so a reader finds the anchor once for every rule that starts there; :func:`among` finds an anchor
among a cheaper family of candidates), ``meta:<field>`` for a field of
trafilatura's generic metadata (``trafilatura.metadata``: OpenGraph, the usual ``<meta>`` names,
``itemprop`` and JSON-LD, read once per page), or ``ld:<key>[.<key>…]`` paths into the page's
JSON-LD ``NewsArticle`` for what trafilatura does not keep. Each field lists sources in order of
trust; the first that yields a value wins, and the :data:`COMMON` sources are tried after the
layout's own.
"""

from __future__ import annotations

from dataclasses import dataclass


def has_class(name: str) -> str:
    """XPath predicate for a whole-word class match (``contains(@class, …)`` alone would also hit ``x-name``).

    The plain ``contains`` runs first: libxml2 stops at it on almost every element, and it is a third of the cost
    of building the padded, whitespace-normalised string the exact test needs (same matches: a whole word is also
    a substring)."""
    return f"contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


class ScopedXPath(str):
    """An XPath that is an anchor expression followed by a path relative to the anchor (``//div[…]//h1``).

    It is the plain expression (a string), so it reads and evaluates as written; :attr:`anchor` and :attr:`path`
    let a reader evaluate the anchor once per page for every rule that shares it, and the rest only below it."""

    anchor: str
    path: str


def within(anchor: str, path: str) -> str:
    """``within("//div[…]", ".//h1")`` is ``//div[…]//h1``, kept with its two parts (see :class:`ScopedXPath`)."""
    if not path.startswith("./"):
        raise ValueError(f"a path below an anchor starts with './': {path!r}")
    scoped = ScopedXPath(anchor + path[1:])
    scoped.anchor, scoped.path = anchor, path
    return scoped


class NarrowedXPath(str):
    """``//<element>[has_class(name)]``, found among the matches of a broader, cheaper ``family`` expression.

    A page's ``wrap__article-detail-title``, ``-info``, ``-image`` and ``-content`` divs are four whole-page scans
    as four expressions, but one as ``//div[contains(@class, 'wrap__article-detail')]`` (a handful of divs), each
    then tested alone with :attr:`test`. The string is the plain expression; see :func:`among`."""

    family: str
    test: str


def among(prefix: str, element: str, name: str) -> str:
    """``//{element}[has_class(name)]``, found among the ``{element}``s whose class contains ``prefix``.

    ``name`` must start with ``prefix``: every element the expression matches is then in the family."""
    if not name.startswith(prefix):
        raise ValueError(f"{name!r} does not start with {prefix!r}")
    narrowed = NarrowedXPath(f"//{element}[{has_class(name)}]")
    narrowed.family = f"//{element}[contains(@class, '{prefix}')]"
    narrowed.test = f"self::{element}[{has_class(name)}]"
    return narrowed


@dataclass(frozen=True)
class Layout:
    """Where one page layout keeps each field. Empty tuples mean "nothing layout-specific"."""

    name: str
    detect: str
    body: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    reporter: tuple[str, ...] = ()
    editor: tuple[str, ...] = ()
    translator: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    image: tuple[str, ...] = ()
    caption: tuple[str, ...] = ()
    #: Removed from the body before text extraction (relative to the body element).
    drop: tuple[str, ...] = ()
    #: Quotes removed only when their text repeats elsewhere in the body (pull quotes).
    pull_quotes: tuple[str, ...] = ()


#: Never article text, whatever the layout.
COMMON_DROP: tuple[str, ...] = (
    ".//script",
    ".//style",
    ".//noscript",
    ".//ins",
    ".//iframe",
    ".//figure",
    ".//figcaption",
    ".//form",
    ".//button",
    f".//span[{has_class('baca-juga')}]",
    f".//*[{has_class('text-muted')}]",
    f".//*[{has_class('blog-tags')}]",
    ".//*[contains(@class, 'share') or contains(@class, 'addthis') or contains(@class, 'social')]",
    ".//*[contains(@class, 'caption') or contains(@class, 'wp-caption')]",
    ".//*[contains(@class, 'adsbygoogle') or contains(@class, 'ads_') or contains(@id, 'div-gpt-ad')]",
    ".//*[@itemprop='relatedLink' or @itemprop='publisher']",
)

#: Tried after every layout's own sources. The generic metadata (OpenGraph, ``<meta>`` names, JSON-LD
#: headline/articleSection) is trafilatura's; what stays hand-written is what it does not carry:
#: * dates — trafilatura (htmldate) keeps the day only; ANTARA's ``published_at`` is exact to the second
#:   and reconciled across sources (:mod:`pipeline.extract.dates`), so the raw attributes are read here;
#: * JSON-LD ``headline`` without a schema.org ``@context`` — trafilatura ignores such blocks;
#: * ``news_keywords`` and JSON-LD ``keywords`` — not among trafilatura's tag sources;
#: * JSON-LD ``image`` — trafilatura reads images from ``<meta>`` only;
#: * ``article:section`` and breadcrumbs — trafilatura's categories are JSON-LD ``articleSection`` (a
#:   label such as "News" on the 2017 pages, which would outrank the feed's kanal) and ``/category/``
#:   links, not ANTARA's kanal paths;
#: * JSON-LD ``creator`` — ANTARA knowledge: ``creator`` is the byline; trafilatura's ``author`` merges
#:   ``author``, which was the *editor* on the 2017 pages and is not trusted for either role.
COMMON = Layout(
    name="common",
    detect="/*",
    title=("meta:title", "ld:headline", "//title", "//h1"),
    date=(
        "//meta[@property='article:published_time']/@content",
        "//meta[@itemprop='datePublished']/@content",
        "//meta[@name='pubdate']/@content",
        "ld:datePublished",
    ),
    reporter=("ld:creator.name",),
    tags=("//meta[@name='news_keywords']/@content", "meta:tags", "ld:keywords"),
    category=(
        f"//ul[{has_class('breadcrumbs')}]//a/@href",
        "//*[contains(@class, 'breadcrumb')]//a/@href",
        "//meta[@property='article:section']/@content",
    ),
    image=("meta:image", "ld:image.url", "ld:image"),
)

#: ≈2022-now: Bootstrap "wrap__article-detail" template (www, en and regional sites).
_DETAIL = "wrap__article-detail"
_CONTENT_2022 = among(_DETAIL, "div", "wrap__article-detail-content")
_INFO_2022 = among(_DETAIL, "div", "wrap__article-detail-info")
_IMAGE_2022 = among(_DETAIL, "div", "wrap__article-detail-image")
ANTARA_2022 = Layout(
    name="antara-2022",
    detect=_CONTENT_2022,
    body=(_CONTENT_2022,),
    title=(within(among(_DETAIL, "div", "wrap__article-detail-title"), ".//h1"),),
    date=(
        within(_INFO_2022, f".//span[{has_class('text-secondary')}]"),
        within(_INFO_2022, f".//li[{has_class('list-inline-item')}][1]"),
    ),
    credits=(within(_CONTENT_2022, f".//p[{has_class('text-muted')}]"),),
    tags=(within(f"//*[{has_class('blog-tags')}]", ".//a"),),
    image=(within(_IMAGE_2022, ".//img/@src"),),
    caption=(within(_IMAGE_2022, ".//figcaption"),),
    drop=(".//*[contains(@class, 'quote_old')]",),
    pull_quotes=(".//blockquote",),
)

#: ≈2018-2021: ``post-content`` template; paragraphs separated by ``<br><br>``.
_IMAGE_2018 = f"//*[{has_class('post-image')}]"
ANTARA_2018 = Layout(
    name="antara-2018",
    detect=f"//*[{has_class('post-content')}] | //article[{has_class('post-wrapper')}]",
    body=(
        f"//div[{has_class('post-content')}]",
        f"//article[{has_class('post-wrapper')}]",
        f"//div[{has_class('single-post')}]",
    ),
    title=(f"//h1[{has_class('post-title')}]",),
    date=(f"//*[{has_class('article-date')}]",),
    credits=(f"//p[{has_class('text-muted')}]",),
    tags=(within(f"//*[{has_class('tags-widget')}]", ".//a"),),
    image=(within(_IMAGE_2018, ".//img/@src"),),
    caption=(within(_IMAGE_2018, f".//*[{has_class('caption')}]"),),
    pull_quotes=(f".//p[{has_class('quote_old')}]", ".//blockquote"),
)

#: 2015-2017: ``div.bjbrt`` with ``div#content_news``; ``<br /><br />`` paragraphs, credits in itemprops.
_CONTENT_2015 = "//div[@id='content_news']"
_HEADER_2015 = f"//div[{has_class('bjbrt')}]"
_BYLINE_2015 = f"//div[{has_class('byline')}]"
ANTARA_2015 = Layout(
    name="antara-2015",
    detect=_CONTENT_2015,
    body=(_CONTENT_2015,),
    title=(within(_HEADER_2015, "./h1"),),
    date=(
        within(_HEADER_2015, ".//time[@itemprop='datePublished']/@datetime"),
        within(_HEADER_2015, f"./div[{has_class('date')}]"),
    ),
    credits=(_BYLINE_2015, within(_CONTENT_2015, ".//p[contains(., 'Editor')]")),
    reporter=(within(_BYLINE_2015, ".//*[@itemprop='author']"),),
    editor=("//*[@itemprop='editor']",),
    tags=("//*[@itemprop='keywords']/@content", "//span[@itemprop='keywords']"),
    image=(within("//div[@id='image_news']", ".//img/@src"),),
    caption=("//div[@id='caption_news']",),
    drop=(f".//p[{has_class('mt10')}]", f".//p[{has_class('date')}]", f".//*[{has_class('sharebox')}]"),
    pull_quotes=(".//blockquote",),
)

#: Anything else: trafilatura reads the whole page.
GENERIC = Layout(name="generic", detect="/*")

#: Picked in order: the first whose ``detect`` matches. The 2022 body also carries ``post-content``,
#: so it must come before the 2018 rule set.
LAYOUTS: tuple[Layout, ...] = (ANTARA_2022, ANTARA_2018, ANTARA_2015, GENERIC)
