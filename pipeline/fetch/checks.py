"""Response checks and decoding shared by the live client and the archive replay.

Both sources hand the stages the same :class:`~pipeline.fetch.types.Response` or raise the same
:class:`~pipeline.fetch.types.FetchError`, so a replayed run behaves exactly like the live one.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from pipeline.fetch.types import FetchError

#: Media types accepted per request kind (parameters such as ``charset`` are ignored).
ACCEPTED_TYPES: dict[str, frozenset[str]] = {
    "feed": frozenset(
        {"application/rss+xml", "application/xml", "text/xml", "application/atom+xml", "application/rdf+xml"}
    ),
    "page": frozenset({"text/html", "application/xhtml+xml"}),
    "robots": frozenset({"text/plain"}),
}
#: Short, countable reasons for HTTP statuses that are not a usable answer.
STATUS_REASONS: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    410: "gone",
    429: "rate_limited",
}
#: Labels that browsers (WHATWG) decode as windows-1252, which ANTARA-era pages relied on.
_LATIN1_ALIASES = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "l1"})
_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
SNIFF_BYTES = 4096


def status_reason(status: int) -> str | None:
    """None for a usable status (2xx, 304), otherwise the reason the response is a fault."""
    if 200 <= status < 300 or status == 304:
        return None
    if status >= 500:
        return "server_error"
    return STATUS_REASONS.get(status, f"http_{status}")


def media_type(headers: dict[str, str]) -> str | None:
    value = headers.get("content-type", "").split(";")[0].strip().lower()
    return value or None


def check_status(url: str, status: int) -> None:
    reason = status_reason(status)
    if reason:
        raise FetchError(url, reason, status)


def check_content_type(url: str, kind: str, headers: dict[str, str], status: int) -> None:
    """A missing Content-Type is tolerated (the parser decides); a wrong one is a fault."""
    found = media_type(headers)
    if found is not None and found not in ACCEPTED_TYPES[kind]:
        raise FetchError(url, f"content_type:{found}", status)


def check_size(url: str, size: int, limit: int, status: int | None = None) -> None:
    if size > limit:
        raise FetchError(url, f"too_large:>{limit}B", status)


def declared_charsets(body: bytes, headers: dict[str, str]) -> list[str]:
    """The encodings the response claims, strongest first: BOM, Content-Type, ``<meta>``, ``<?xml``."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return [codec]
    head = body[:SNIFF_BYTES]
    matches = [
        _CHARSET_PARAM.search(headers.get("content-type", "")),
        _META_CHARSET.search(head),
        _XML_ENCODING.search(head),
    ]
    labels = [m.group(1) for m in matches if m]
    codecs_ = [
        _known_codec(label.decode("ascii", "replace") if isinstance(label, bytes) else label) for label in labels
    ]
    return list(dict.fromkeys(c for c in codecs_ if c))


def _known_codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _LATIN1_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_body(body: bytes, headers: dict[str, str]) -> str:
    """Text of a response: the first declared charset that decodes cleanly (servers mislabel
    windows-1252 pages as UTF-8), else UTF-8, else windows-1252 (the web's default for unlabelled
    Latin-script pages; detectors guess badly on short Indonesian text), else a detected charset."""
    candidates = declared_charsets(body, headers)
    for codec in [*candidates, "utf-8", "cp1252"]:
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode(candidates[0] if candidates else "cp1252", errors="replace")
