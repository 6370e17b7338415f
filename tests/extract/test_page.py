"""``extract_page`` behaviour beyond the gold set: robustness, decoding, fallbacks, rule-set picking."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.extract import LAYOUTS, extract_page
from pipeline.extract.layouts import GENERIC
from pipeline.models import PageKind

GOLD = Path(__file__).parents[1] / "gold" / "extraction"
ARTICLE_URL = "https://www.antaranews.com/berita/5312999/contoh"

C_PAGE = """<html><head><meta charset="utf-8"><title>Judul contoh - ANTARA News</title></head><body>
<div class="wrap__article-detail"><div class="wrap__article-detail-title"><h1>Judul contoh</h1></div>
<div class="wrap__article-detail-content post-content">
<p>Jakarta (ANTARA) - Kalimat pertama berita contoh tentang harga telur.</p>
<blockquote>Harga telur turun tajam pekan ini di banyak pasar</blockquote>
<p>Pedagang mengatakan harga telur turun tajam pekan ini di banyak pasar tradisional.</p>
<blockquote>Ini kutipan asli yang tidak diulang di tempat lain.</blockquote>
</div></div></body></html>"""


@pytest.mark.parametrize(
    "html", [b"", "   ", b"\x00\x01\xff\xfe garbage", "<html>", "<<<>>>", b"<?xml version='1.0'?><x/>"]
)
def test_bad_input_never_raises_and_says_why(html: str | bytes) -> None:
    result = extract_page(html, ARTICLE_URL)
    assert result.kind in {PageKind.EMPTY, PageKind.NOT_FOUND}
    assert result.body is None and result.skip_reason


def test_windows_1252_bytes_are_decoded_by_the_declared_charset() -> None:
    result = extract_page((GOLD / "a_id_2015_cp1252.html").read_bytes(), "http://www.antaranews.com/berita/527901/x")
    assert result.body is not None
    assert "“Kami berharap panen raya" in result.body and "\ufffd" not in result.body


def test_undeclared_non_utf8_bytes_are_guessed_not_mangled() -> None:
    html = C_PAGE.replace('<meta charset="utf-8">', "").replace("harga telur.", "harga telur “segar”.")
    result = extract_page(html.encode("cp1252"), ARTICLE_URL)
    assert result.kind is PageKind.ARTICLE and "“segar”" in (result.body or "")


def test_pull_quote_repeating_the_body_is_removed_but_a_unique_quote_stays() -> None:
    result = extract_page(C_PAGE, ARTICLE_URL)
    assert result.body == (
        "Jakarta (ANTARA) - Kalimat pertama berita contoh tentang harga telur.\n\n"
        "Pedagang mengatakan harga telur turun tajam pekan ini di banyak pasar tradisional.\n\n"
        "Ini kutipan asli yang tidak diulang di tempat lain."
    )
    assert result.layout == "antara-2022" and result.title == "Judul contoh" and result.word_count == 31


def test_language_comes_from_the_host() -> None:
    assert extract_page(C_PAGE, "https://en.antaranews.com/news/421999/x").lang == "en"
    assert extract_page(C_PAGE, "https://bali.antaranews.com/berita/412999/x").lang == "id"


def test_feed_category_and_date_fill_in_when_the_page_has_none() -> None:
    feed_time = datetime(2026, 11, 22, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    result = extract_page(C_PAGE, ARTICLE_URL, feed_published_at=feed_time, category="ekonomi")
    assert result.category == "ekonomi" and result.published_at == feed_time


def test_page_breadcrumb_beats_the_feed_category() -> None:
    gold = (GOLD / "c_id_suku_bunga.html").read_bytes()
    result = extract_page(gold, "https://www.antaranews.com/berita/5312401/x", category="terkini")
    assert (result.category, result.subcategory) == ("ekonomi", "finansial")


def test_json_ld_author_is_not_taken_for_the_reporter() -> None:
    # The 2017 pages name the *editor* as JSON-LD author; the byline and JSON-LD creator name the reporter.
    result = extract_page((GOLD / "a_id_2017_jsonld.html").read_bytes(), "http://www.antaranews.com/berita/629901/x")
    assert (result.reporter, result.editor) == ("Laras Wibowo", "Ade Irawan")
    assert "Editor:Ade Irawan" not in result.tags


def test_unknown_layout_falls_back_to_trafilatura_on_the_whole_page() -> None:
    paragraphs = [
        f"Paragraf ke-{i} berisi kalimat yang cukup panjang tentang pembangunan jalan desa." for i in range(6)
    ]
    html = "<html><body><nav>Beranda | Politik</nav><main><article><h1>Jalan desa</h1>"
    html += "".join(f"<p>{p}</p>" for p in paragraphs) + "<p>Pewarta: Ani</p></article></main></body></html>"
    result = extract_page(html, ARTICLE_URL)
    assert result.layout == GENERIC.name and result.kind is PageKind.ARTICLE
    assert result.body == "\n\n".join(paragraphs) and result.reporter == "Ani"


def test_rule_sets_are_tried_in_order_and_generic_is_last() -> None:
    names = [layout.name for layout in LAYOUTS]
    assert names == ["antara-2022", "antara-2018", "antara-2015", "generic"]


def test_headline_containing_not_found_words_is_still_an_article() -> None:
    html = C_PAGE.replace("<h1>Judul contoh</h1>", "<h1>Pendaki hilang di Rinjani belum ditemukan</h1>")
    assert extract_page(html, ARTICLE_URL).kind is PageKind.ARTICLE


def test_generic_metadata_comes_from_trafilatura_sources_beyond_opengraph() -> None:
    """twitter:* and ``keywords`` meta tags are read (trafilatura's metadata), after OpenGraph and news_keywords."""
    head = (
        '<meta name="twitter:image" content="/img/telur.jpg">'
        '<meta name="keywords" content="telur, harga pangan, Pewarta: Budi">'
        '<script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Judul JSON-LD"}</script>'
    )
    page = C_PAGE.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + head)
    page = page.replace("<h1>Judul contoh</h1>", "")
    result = extract_page(page, ARTICLE_URL)
    assert result.image_url == "https://www.antaranews.com/img/telur.jpg"
    assert result.tags == ["telur", "harga pangan"]
    assert result.title == "Judul JSON-LD"
    with_og = page.replace(head, head + '<meta property="og:image" content="https://img.antaranews.com/og.jpg">')
    assert extract_page(with_og, ARTICLE_URL).image_url == "https://img.antaranews.com/og.jpg"
