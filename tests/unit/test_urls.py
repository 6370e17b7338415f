import pytest

from pipeline.urls import host_allowed, normalise_host, parse_article_url

SAME_ARTICLE = [
    "https://www.antaranews.com/berita/5089229/menteri-resmikan-bendungan",
    "http://www.antaranews.com/berita/5089229/menteri-resmikan-bendungan",
    "https://antaranews.com/berita/5089229/judul-lama-yang-diedit",
    "https://m.antaranews.com/amp/berita/5089229/menteri-resmikan-bendungan",
    "https://www.antaranews.com/berita/5089229/x?utm_source=related_news&utm_medium=related#top",
    "https://www.antaranews.com/berita/5089229",
]


@pytest.mark.parametrize("url", SAME_ARTICLE)
def test_variants_of_one_article_share_its_key(url: str) -> None:
    ident = parse_article_url(url)
    assert ident is not None
    assert ident.key == "www.antaranews.com/berita/5089229"
    assert ident.is_text


def test_regional_sites_keep_their_own_id_sequence() -> None:
    jambi = parse_article_url("https://jambi.antaranews.com/berita/519381/banjir")
    national = parse_article_url("https://www.antaranews.com/berita/519381/lain")
    assert jambi is not None and national is not None
    assert jambi.key != national.key
    assert jambi.host == "jambi.antaranews.com"


def test_english_edition_and_media_types() -> None:
    en = parse_article_url("https://en.antaranews.com/news/415269/indonesia-russia-sign-mou")
    video = parse_article_url("https://www.antaranews.com/video/4123456/banjir-jakarta")
    assert en is not None and en.key == "en.antaranews.com/news/415269" and en.is_text
    assert en.canonical_url == "https://en.antaranews.com/news/415269/indonesia-russia-sign-mou"
    assert video is not None and not video.is_text


@pytest.mark.parametrize(
    "url", ["https://www.antaranews.com/terkini", "not a url", "https://www.antaranews.com/tag/ekonomi", ""]
)
def test_urls_that_name_no_article(url: str) -> None:
    assert parse_article_url(url) is None


def test_host_normalisation_and_allowlist() -> None:
    assert normalise_host("M.JATIM.antaranews.com.") == "jatim.antaranews.com"
    assert host_allowed("https://otomotif.antaranews.com/berita/1/x", ["antaranews.com"])
    assert not host_allowed("https://antaranews.com.evil.example/berita/1/x", ["antaranews.com"])
    assert not host_allowed("https://notantaranews.com/berita/1/x", ["antaranews.com"])
