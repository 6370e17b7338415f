"""The one charset decoder: fetched bytes to text, for the fetch path and the extractor alike (light to import).

Declarations are read by ``w3lib.encoding`` (BOM, ``Content-Type``, ``<meta charset>``, ``<?xml encoding>``,
with the WHATWG label mapping: ``iso-8859-1``/``us-ascii`` mean windows-1252). What the declarations cannot
settle is decided by the bytes themselves, because ANTARA's servers and proxies mislabel pages:

* bytes that are mostly valid UTF-8 (more well-formed multi-byte sequences than stray bytes) are UTF-8,
  whatever the label says, and lose at most the stray bytes (each becomes U+FFFD, counted and logged);
* otherwise the first declared single-byte charset, else windows-1252 (the web's default for legacy
  Latin-script pages; detectors guess badly on short Indonesian text, e.g. mac_roman).
"""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

log = logging.getLogger(__name__)

#: Only the head is searched for ``<meta charset>`` (the WHATWG pre-scan stops at 1024 bytes; we allow more).
_PRESCAN_BYTES = 4096
_REPLACEMENT = "\ufffd"
_UTF8_REPLACEMENT = _REPLACEMENT.encode("utf-8")
LEGACY_DEFAULT = "cp1252"


@dataclass(frozen=True)
class Decoded:
    """Text plus how it was obtained; ``replaced`` counts undecodable bytes turned into U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0


def _is_utf8(codec: str) -> bool:
    return codecs.lookup(codec).name in ("utf-8", "utf-8-sig")


def declared_encodings(body: bytes, content_type: str | None) -> list[str]:
    """The Python codecs the response claims, strongest first (header, then the document's own declaration)."""
    found = [http_content_type_encoding(content_type or ""), html_body_declared_encoding(body[:_PRESCAN_BYTES])]
    known: list[str] = []
    for label in found:
        if not label:
            continue
        try:
            known.append(codecs.lookup(label).name)
        except LookupError:
            log.warning("unknown charset %r declared; deciding from the bytes", label)
    return list(dict.fromkeys(known))


def _as_utf8(body: bytes) -> Decoded | None:
    """UTF-8 when the bytes are (mostly) UTF-8: more well-formed multi-byte characters than stray bytes."""
    text = body.decode("utf-8", errors="replace")
    replaced = text.count(_REPLACEMENT) - body.count(_UTF8_REPLACEMENT)
    if replaced == 0:
        return Decoded(text, "utf-8")
    multibyte = sum(1 for char in text if char > "\x7f") - text.count(_REPLACEMENT)
    return Decoded(text, "utf-8", replaced) if multibyte > replaced else None


def decode_bytes(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a response body; see the module docstring for the rules. Never raises."""
    bom_codec, bom = read_bom(body)
    if bom_codec:
        text = body[len(bom) :].decode(bom_codec, errors="replace")
        return Decoded(text, bom_codec, text.count(_REPLACEMENT))
    declared = declared_encodings(body, content_type)
    utf8 = _as_utf8(body)
    single_byte = [codec for codec in declared if not _is_utf8(codec)]
    if utf8 is not None and (not single_byte or any(ord(c) > 0x7F for c in utf8.text)):
        # Valid UTF-8 with non-ASCII text is UTF-8 even under a legacy label; pure ASCII follows the label.
        return utf8
    for codec in [*single_byte, LEGACY_DEFAULT]:
        try:
            return Decoded(body.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            continue
    text = body.decode(LEGACY_DEFAULT, errors="replace")
    return Decoded(text, LEGACY_DEFAULT, text.count(_REPLACEMENT))


def decode_logged(body: bytes, content_type: str | None, where: str) -> Decoded:
    """:func:`decode_bytes`, with a warning naming ``where`` when bytes had to be replaced."""
    decoded = decode_bytes(body, content_type)
    if decoded.replaced:
        log.warning("%s: decoded as %s with %d undecodable byte(s) replaced", where, decoded.encoding, decoded.replaced)
    return decoded
