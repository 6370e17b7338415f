"""One decoder for the fetch path and the extractor: a stray byte costs that byte, never the page."""

from __future__ import annotations

import logging

import pytest

from pipeline.charset import decode_bytes
from pipeline.extract.decode import decode_html
from pipeline.fetch.checks import decode_body

TEXT = "Jakarta (ANTARA) – Harga “cabai” naik; kata Menteri, “kami siap”. Café dan naïve tetap utuh."


def test_mostly_utf8_page_with_a_stray_cp1252_byte_keeps_its_utf8() -> None:
    body = TEXT.encode("utf-8").replace(b"Menteri", b"Menteri\x92s")
    decoded = decode_bytes(body, "text/html")
    assert decoded.encoding == "utf-8" and decoded.replaced == 1
    assert decoded.text == TEXT.replace("Menteri", "Menteri\ufffds")


@pytest.mark.parametrize("content_type", [None, "text/html; charset=utf-8", "text/html; charset=windows-1252"])
def test_fetch_and_extract_decode_alike(content_type: str | None, caplog: pytest.LogCaptureFixture) -> None:
    body = TEXT.encode("utf-8").replace(b"naik", b"na\x81ik")
    with caplog.at_level(logging.WARNING, logger="pipeline.charset"):
        fetched = decode_body(body, {"content-type": content_type} if content_type else {}, "https://x/berita/1")
    assert "“cabai”" in fetched and fetched.count("\ufffd") == 1
    assert "https://x/berita/1: decoded as utf-8 with 1 undecodable byte(s) replaced" in caplog.text
    assert decode_html(body) == fetched


def test_a_legacy_page_is_still_windows_1252() -> None:
    body = TEXT.encode("cp1252")
    assert decode_bytes(body, "text/html; charset=utf-8").text == TEXT  # mislabelled: no UTF-8 in the bytes
    assert decode_bytes(body, None).text == TEXT
    assert decode_bytes(body, None).replaced == 0
