"""robots.txt: fetched once per host and scheme, cached, obeyed for every URL (parsed by ``protego``, RFC 9309).

The cache lives in memory and on disk (``<data_dir>/hosts/*.robots.json``, for ``ROBOTS_TTL_S``) so the
many short Airflow task processes of a run do not each ask for robots.txt again.

Per RFC 9309: a 4xx robots.txt means no restrictions; a 5xx or an unreachable robots.txt means "do not crawl
now". That is a network fault, not the site's policy: :meth:`RobotsCache.verdict` says ``UNREACHABLE`` (the
frontier retries the URL on a later run), remembered in memory for the rest of this source's life, so one
run asks an unreachable host once, and never on disk, so the next run asks again.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego

log = logging.getLogger(__name__)

#: Fetches ``robots.txt`` and returns (status, text); raises when unreachable.
RobotsFetcher = Callable[[str], tuple[int, str]]
#: How long a fetched robots.txt is trusted (RFC 9309 asks for at most 24 hours).
ROBOTS_TTL_S = 3600.0
_UNSAFE = re.compile(r"[^a-z0-9._-]+")


class Verdict(StrEnum):
    ALLOWED = "allowed"
    DISALLOWED = "disallowed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class HostRules:
    """One origin's robots.txt: parsed rules, or None when it allows everything (4xx) or could not be read."""

    rules: Protego | None
    reachable: bool = True


class RobotsCache:
    def __init__(self, user_agent: str, fetch: RobotsFetcher, cache_dir: Path | None = None) -> None:
        self.user_agent = user_agent
        self._fetch = fetch
        self._cache_dir = cache_dir
        self._hosts: dict[str, HostRules] = {}

    def verdict(self, url: str) -> Verdict:
        host = self._rules(url)
        if not host.reachable:
            return Verdict.UNREACHABLE
        if host.rules is None or host.rules.can_fetch(url, self.user_agent):
            return Verdict.ALLOWED
        return Verdict.DISALLOWED

    def allows(self, url: str) -> bool:
        return self.verdict(url) is Verdict.ALLOWED

    def crawl_delay(self, url: str) -> float | None:
        rules = self._rules(url).rules
        delay = rules.crawl_delay(self.user_agent) if rules is not None else None
        return float(delay) if delay is not None else None

    def _rules(self, url: str) -> HostRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        if origin not in self._hosts:
            self._hosts[origin] = self._load(origin + "/robots.txt")
        return self._hosts[origin]

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

    def _load(self, robots_url: str) -> HostRules:
        cached = self._from_disk(robots_url)
        if cached is not None:
            return _parsed(*cached)
        try:
            status, text = self._fetch(robots_url)
        except Exception as exc:  # any failure to reach robots.txt means "do not crawl now"
            log.warning("robots.txt %s unreachable (%s): not crawling the host in this run", robots_url, exc)
            return HostRules(None, reachable=False)
        if status >= 500:
            log.warning("robots.txt %s answered HTTP %d: not crawling the host in this run", robots_url, status)
            return HostRules(None, reachable=False)
        self._to_disk(robots_url, status, text)
        return _parsed(status, text)


def _parsed(status: int, text: str) -> HostRules:
    return HostRules(None if status >= 400 else Protego.parse(text))
