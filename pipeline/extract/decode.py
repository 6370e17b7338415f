"""Page bytes to text for the extractor, through the one decoder the fetch path uses too (:mod:`pipeline.charset`)."""

from __future__ import annotations

import re

from pipeline.charset import decode_logged

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(raw: bytes | str) -> str:
    """Page text for the extractor (already-decoded text passes through)."""
    if isinstance(raw, str):
        return strip_xml_declaration(raw)
    return strip_xml_declaration(decode_logged(raw, None, "page").text)


def strip_xml_declaration(text: str) -> str:
    """lxml refuses ``str`` input that carries an XML encoding declaration."""
    return _XML_DECLARATION.sub("", text, count=1).lstrip("\ufeff")
