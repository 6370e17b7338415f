"""robots.txt: fetched once per host and scheme, cached, obeyed for every URL.

The cache lives in memory and on disk (``<data_dir>/hosts/*.robots.json``, for ``ROBOTS_TTL``) so the
many short Airflow task processes of a run do not each ask for robots.txt again.

Per RFC 9309: a 4xx robots.txt means no restrictions; a 5xx or an unreachable robots.txt means
"assume everything is disallowed" for now (and is not cached, so the next run asks again).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)

#: Fetches ``robots.txt`` and returns (status, text); raises OSError-like errors when unreachable.
RobotsFetcher = Callable[[str], tuple[int, str]]
#: How long a fetched robots.txt is trusted (RFC 9309 asks for at most 24 hours).
ROBOTS_TTL_S = 3600.0
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


class RobotsCache:
    def __init__(self, user_agent: str, fetch: RobotsFetcher, cache_dir: Path | None = None) -> None:
        self.user_agent = user_agent
        self._fetch = fetch
        self._cache_dir = cache_dir
        self._parsers: dict[str, RobotFileParser] = {}

    def allows(self, url: str) -> bool:
        return self._parser(url).can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        delay = self._parser(url).crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def _parser(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._parsers:
            parser, cacheable = self._load(origin + "/robots.txt")
            if not cacheable:
                return parser
            self._parsers[origin] = parser
        return self._parsers[origin]

    def _disk_path(self, robots_url: str) -> Path | None:
        if self._cache_dir is None:
            return None
        parts = urlsplit(robots_url)
        return self._cache_dir / (_UNSAFE.sub("_", f"{parts.scheme}_{parts.netloc}".lower()) + ".robots.json")

    def _from_disk(self, robots_url: str) -> tuple[int, str] | None:
        path = self._disk_path(robots_url)
        try:
            cached = json.loads(path.read_text(encoding="utf-8")) if path else None
        except (OSError, ValueError):
            return None
        if not cached or time.time() - cached.get("fetched_at", 0) > ROBOTS_TTL_S:
            return None
        return int(cached["status"]), str(cached["text"])

    def _to_disk(self, robots_url: str, status: int, text: str) -> None:
        path = self._disk_path(robots_url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"status": status, "text": text, "fetched_at": time.time()}), encoding="utf-8")
            tmp.replace(path)

    def _load(self, robots_url: str) -> tuple[RobotFileParser, bool]:
        parser = RobotFileParser(robots_url)
        cached = self._from_disk(robots_url)
        if cached is not None:
            return self._parsed(parser, *cached), True
        try:
            status, text = self._fetch(robots_url)
        except Exception as exc:  # any failure to reach robots.txt means "do not crawl now"
            log.warning("robots.txt %s unreachable (%s): treating the host as disallowed for now", robots_url, exc)
            parser.disallow_all = True
            return parser, False
        if status >= 500:
            log.warning("robots.txt %s answered HTTP %d: treating the host as disallowed for now", robots_url, status)
            parser.disallow_all = True
            return parser, False
        self._to_disk(robots_url, status, text)
        return self._parsed(parser, status, text), True

    @staticmethod
    def _parsed(parser: RobotFileParser, status: int, text: str) -> RobotFileParser:
        if status >= 400:
            parser.allow_all = True
        else:
            parser.parse(text.splitlines())
        return parser
