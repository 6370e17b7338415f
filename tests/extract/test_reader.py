"""The page reader's shortcuts give what the plain rules give: scoped XPaths, remembered results, partial metadata."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from trafilatura.metadata import examine_meta, extract_meta_json

from pipeline.extract.kinds import OG_TYPE
from pipeline.extract.layouts import COMMON, COMMON_DROP, LAYOUTS, NarrowedXPath, ScopedXPath, among, has_class, within
from pipeline.extract.page import JSON_LD, META_TAG_FIELDS, TAGGED_RULES, PageReader, drop_rule, parse_document, xpath

GOLD = Path(__file__).parents[1] / "gold" / "extraction"
FILES = [e["file"] for e in json.loads((GOLD / "expected.json").read_text(encoding="utf-8"))]
RULE_FIELDS = ("detect", "body", "title", "date", "credits", "reporter", "editor", "translator", "tags", "category",
               "image", "caption")  # fmt: skip
#: Two anchors (the reader then evaluates the whole expression), one nested in the other, and one of none.
TWO_ANCHORS = """<html><head><title>x</title></head><body>
<div class="wrap__article-detail-image"><img src="/a.jpg"><figcaption>A</figcaption>
<div class="wrap__article-detail-image"><img src="/b.jpg"><figcaption>B</figcaption></div></div>
<div class="wrap__article-detail-image"><img src="/c.jpg"></div>
<div class="wrap__article-detail-content post-content"><p>Teks.</p><p class="text-muted">Pewarta: A</p></div>
</body></html>"""


def rules() -> list[str]:
    found: dict[str, None] = {OG_TYPE: None, JSON_LD: None}
    for layout in (*LAYOUTS, COMMON):
        for name in RULE_FIELDS:
            value = getattr(layout, name)
            for rule in (value,) if isinstance(value, str) else value:
                if not rule.startswith(("ld:", "meta:")):
                    found.setdefault(rule, None)
    return list(found)


def plain(result: object) -> list[str]:
    """Elements by their place in the tree, strings by value."""
    items = result if isinstance(result, list) else [result]
    return [r.getroottree().getpath(r) if isinstance(r, etree._Element) else f"{r!s}" for r in items]


def test_some_rules_are_scoped_and_their_parts_rebuild_the_expression() -> None:
    scoped = [rule for rule in rules() if isinstance(rule, ScopedXPath)]
    assert len(scoped) >= 10
    by_name = [rule for rule in rules() if any(shape.fullmatch(rule) for shape, _ in TAGGED_RULES)]
    assert len(by_name) >= 8  # <title>, <h1>, the <meta> sources, JSON-LD: answered from one pass
    for rule in scoped:
        assert rule == rule.anchor + rule.path[1:]
    with pytest.raises(ValueError, match=r"starts with '\./'"):
        within("//div", "//h1")
    anchors = {rule.anchor for rule in scoped} | set(rules())
    narrowed = [a for a in anchors if isinstance(a, NarrowedXPath)]
    assert len(narrowed) == 4 and len({a.family for a in narrowed}) == 1  # four 2022 anchors, one scan
    with pytest.raises(ValueError, match="does not start with"):
        among("wrap__article-detail", "div", "post-content")


@pytest.mark.parametrize("page", [*FILES, "two-anchors"])
def test_every_rule_finds_what_the_whole_expression_finds(page: str) -> None:
    html = TWO_ANCHORS if page == "two-anchors" else (GOLD / page).read_bytes()
    doc = parse_document(html)
    assert doc is not None
    reader = PageReader(doc, "https://www.antaranews.com/berita/1/x")
    hits = 0
    for rule in rules():
        expected = plain(xpath(rule)(doc))
        assert plain(reader.find(rule)) == expected, rule
        assert plain(reader.find(rule)) == expected, rule  # remembered, still the same
        hits += bool(expected)
    assert hits >= 2  # at least the generic detection and the <title>


def test_the_two_anchor_page_exercises_every_case_of_a_scoped_rule() -> None:
    doc = parse_document(TWO_ANCHORS)
    reader = PageReader(doc, "https://www.antaranews.com/berita/1/x")
    image = f"//div[{has_class('wrap__article-detail-image')}]"
    assert [str(s) for s in reader.find(within(image, ".//img/@src"))] == ["/a.jpg", "/b.jpg", "/c.jpg"]
    assert [e.text for e in reader.find(within(image, ".//figcaption"))] == ["A", "B"]  # nested: no duplicate
    assert reader.find(within("//div[@id='content_news']", ".//p")) == []
    content = f"//div[{has_class('wrap__article-detail-content')}]"
    assert [e.text for e in reader.find(within(content, f".//p[{has_class('text-muted')}]"))] == ["Pewarta: A"]


KEYWORDS_PAGE = """<html><head><meta name="keywords" content="telur, harga &amp; pangan">
<meta property="article:tag" content="Jakarta"><meta name="twitter:image" content=" /img/telur.jpg ">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H",
"image": {"url": "https://img.antaranews.com/ld.jpg"}, "keywords": ["a", "b"]}</script></head><body></body></html>"""


@pytest.mark.parametrize("page", [*FILES, "keywords"])
def test_the_meta_reader_alone_gives_the_fields_it_is_trusted_for(page: str) -> None:
    """trafilatura's JSON-LD reader never changes ``tags``/``image``: reading ``<meta>`` alone gives the same."""
    doc = parse_document(KEYWORDS_PAGE if page == "keywords" else (GOLD / page).read_bytes())
    full = extract_meta_json(doc, examine_meta(doc))
    full.clean_and_trim()
    reader = PageReader(doc, "https://www.antaranews.com/berita/1/x")
    for field in META_TAG_FIELDS:
        assert getattr(reader.generic_metadata(field), field) == getattr(full, field), field
    if page == "keywords":
        assert reader.generic_metadata("tags").tags and reader.generic_metadata("image").image


@pytest.mark.parametrize(
    "html",
    [
        '<html><head><meta charset="windows-1252"></head><body><p>caf\u00e9 \u201cq\u201d \U0001f600</p></body></html>',
        '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><p>\u00e9\u65e5</p>',
        "<p>a\x01b</p>",
        "<p>lone \ud800 surrogate</p>",
        *[(GOLD / name).read_bytes().decode("cp1252" if "cp1252" in name else "utf-8") for name in FILES],
    ],
)
def test_the_text_parses_to_the_tree_lxml_makes_of_the_str(html: str) -> None:
    """Parsed as UTF-8 bytes whatever charset the page declares, the tree is the one lxml builds from the text."""
    doc = parse_document(html)
    assert doc is not None
    as_str = etree.tostring(lxml_html.document_fromstring(html), encoding="unicode")
    assert etree.tostring(doc, encoding="unicode") == as_str


def test_drop_rules_test_elements_alone_so_one_union_drops_what_they_drop_in_turn() -> None:
    """The union in ``drop_rule`` is exact only for rules without positions or neighbours: keep them so."""
    for layout in LAYOUTS:
        for rule in (*COMMON_DROP, *layout.drop):
            assert rule.startswith(".//") and not re.search(r"\[\d|position\(|last\(|::|\.\.", rule), rule
    for page in FILES:
        doc = parse_document((GOLD / page).read_bytes())
        reader = PageReader(doc, "https://www.antaranews.com/berita/1/x")
        body = reader.body_element()
        if body is None:
            continue
        one_by_one = copy.deepcopy(body)
        for rule in (*COMMON_DROP, *reader.layout.drop):
            for element in xpath(rule)(one_by_one):
                element.drop_tree()
        for element in xpath(drop_rule(reader.layout))(body):
            element.drop_tree()
        html = {"method": "html", "encoding": "unicode"}  # a deep copy would print <br/> for <br> as XML
        assert etree.tostring(body, **html) == etree.tostring(one_by_one, **html), page
