"""Turn fetched bytes into text, honouring the page's declared charset.

Old ANTARA pages (and some proxies) serve windows-1252 / iso-8859-1. Per the WHATWG encoding
standard, browsers read ``iso-8859-1``/``latin1``/``us-ascii`` labels as windows-1252, so we do too.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: Labels browsers treat as windows-1252 (WHATWG Encoding Standard).
_AS_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"})
#: Only the head is searched; the standard's pre-scan also stops at 1024 bytes, we allow more.
_PRESCAN_BYTES = 4096


def declared_charset(raw: bytes) -> str | None:
    """The codec named by ``<meta charset>`` or ``http-equiv`` in the page head, if Python knows it."""
    match = _META_CHARSET.search(raw[:_PRESCAN_BYTES])
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    label = "cp1252" if label in _AS_WINDOWS_1252 else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        log.warning("unknown charset %r declared in page; guessing instead", label)
        return None


def decode_html(raw: bytes | str) -> str:
    """Decode page bytes: BOM, then declared charset, then strict UTF-8, then a detector's guess."""
    if isinstance(raw, str):
        return strip_xml_declaration(raw)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return strip_xml_declaration(raw.decode(codec, errors="replace"))
    charset = declared_charset(raw)
    if charset:
        return strip_xml_declaration(raw.decode(charset, errors="replace"))
    try:
        return strip_xml_declaration(raw.decode("utf-8"))
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        codec = best.encoding if best else "cp1252"
        log.info("page bytes are not UTF-8 and declare no charset; decoding as %s", codec)
        return strip_xml_declaration(raw.decode(codec, errors="replace"))


def strip_xml_declaration(text: str) -> str:
    """lxml refuses ``str`` input that carries an XML encoding declaration."""
    return _XML_DECLARATION.sub("", text, count=1).lstrip("\ufeff")
