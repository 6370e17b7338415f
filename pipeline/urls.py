"""ANTARA article URLs: the canonical key and the canonical URL.

An article is identified by host + content type + ANTARA's numeric id. Scheme, ``www.``/``m.``
prefixes, ``/amp/`` variants, slugs, query strings and fragments do not matter; regional
subdomains keep their own host because they have their own id sequences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Content types in ANTARA's URL paths; only the text ones are articles.
TEXT_TYPES = frozenset({"berita", "news"})
MEDIA_TYPES = frozenset({"video", "foto", "infografik"})
_PATH = re.compile(r"^/(?:amp/)?(?P<type>berita|news|foto|video|infografik)/(?P<id>\d+)(?:/(?P<slug>[^/?#]*))?")
_MOBILE_PREFIXES = ("www.", "m.")
NATIONAL_HOST = "www.antaranews.com"


@dataclass(frozen=True, slots=True)
class ArticleId:
    host: str
    content_type: str
    antara_id: int
    slug: str = ""

    @property
    def key(self) -> str:
        return f"{self.host}/{self.content_type}/{self.antara_id}"

    @property
    def is_text(self) -> bool:
        return self.content_type in TEXT_TYPES

    @property
    def canonical_url(self) -> str:
        tail = f"/{self.slug}" if self.slug else ""
        return f"https://{self.host}/{self.content_type}/{self.antara_id}{tail}"

    @property
    def article_fields(self) -> dict[str, str | int]:
        """The identity columns of :class:`pipeline.models.Article`."""
        return {
            "key": self.key,
            "url": self.canonical_url,
            "host": self.host,
            "content_type": self.content_type,
            "antara_id": self.antara_id,
        }


def normalise_host(host: str) -> str:
    """``m.antaranews.com``/``antaranews.com`` → ``www.antaranews.com``; ``m.jatim…`` → ``jatim…``."""
    host = host.lower().rstrip(".").split(":")[0]
    for prefix in _MOBILE_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    return NATIONAL_HOST if host == "antaranews.com" else host


def parse_article_url(url: str) -> ArticleId | None:
    """The article identity behind an ANTARA URL, or None when the URL names no article."""
    parts = urlsplit(url.strip())
    if not parts.hostname:
        return None
    match = _PATH.match(parts.path)
    if not match:
        return None
    return ArticleId(
        host=normalise_host(parts.hostname),
        content_type=match["type"],
        antara_id=int(match["id"]),
        slug=match["slug"] or "",
    )


def host_allowed(url: str, allowed: list[str]) -> bool:
    """True when the URL's host is one of ``allowed`` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == a or host.endswith("." + a) for a in allowed)
