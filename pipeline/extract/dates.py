"""Publication dates as ANTARA prints them, made timezone-aware, and reconciled across sources.

Indonesian pages: ``Senin, 24 November 2026 14:05 WIB`` (WIB/WITA/WIT = UTC+7/+8/+9).
English pages: ``November 24, 2026 16:08 GMT+700`` (note ``+700``, not ``+0700``).
Machine-readable values (RSS ``pubDate``, ``article:published_time``, ``datetime=`` attributes, JSON-LD)
are exact to the second; the printed date stops at the minute but states the local zone.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

from pipeline.house_style import DEFAULT_ZONE, MONTH_NUMBERS, TIME_ZONES

log = logging.getLogger(__name__)

MONTHS = MONTH_NUMBERS
ZONES = TIME_ZONES
#: Sources further apart than this are recorded (``published_at_disagreement_s``) and logged.
AGREEMENT = timedelta(minutes=1)

_ZONE = r"(?P<zone>WITA|WIB|WIT|(?:GMT|UTC)\s*(?P<offset>[+-]\s*(?:\d{3,4}|\d{1,2}(?::\d{2})?))?)"
_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?"
#: "24 November 2026 14:05 WIB" (day first, Indonesian) and "November 24, 2026 16:08 GMT+700" (English).
DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?P<day>\d{{1,2}})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{{4}})\s*,?\s*(?:pukul\s+)?{_TIME}\s*{_ZONE}?",
        re.I,
    ),
    re.compile(rf"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\s*,?\s*{_TIME}\s*{_ZONE}?", re.I),
)
ISO_SECONDS = re.compile(r"T\d{2}:\d{2}:\d{2}")


class DateSource(StrEnum):
    """Where a publication time came from, most trusted first (the order :func:`reconcile` tries them in)."""

    FEED = "feed"  # RSS pubDate: seconds and an offset
    META = "meta"  # article:published_time, itemprop datePublished, <time datetime>
    JSON_LD = "json-ld"  # NewsArticle.datePublished
    PAGE_TEXT = "page-text"  # the date the reader sees: minutes, WIB/WITA/WIT


SOURCE_ORDER = list(DateSource)


@dataclass(frozen=True, slots=True)
class DateCandidate:
    source: DateSource
    value: datetime
    #: The value states its seconds (machine-readable values do; ANTARA's printed dates stop at the minute).
    has_seconds: bool
    #: The value states its zone or offset (a printed date without one is read as WIB).
    explicit_zone: bool


@dataclass(frozen=True, slots=True)
class PublishedAt:
    """The chosen publication time, where it came from, and how far the sources were apart when > 1 minute."""

    value: datetime
    #: A :class:`DateSource` value, ``+page-zone`` appended where the printed zone corrected a machine value.
    source: str
    disagreement_s: int | None = None


def parse_offset(raw: str) -> timezone:
    """``+700`` / ``+07:00`` / ``+7`` → UTC+7."""
    sign = -1 if raw.strip().startswith("-") else 1
    digits = re.sub(r"[^\d]", "", raw)
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_page_date(text: str | None) -> DateCandidate | None:
    """Parse a human-readable page date (``Senin, 24 November 2026 14:05 WIB``)."""
    if not text:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if not match or match["month"].lower() not in MONTHS:
            continue
        zone_name = (match["zone"] or "").upper()
        if match["offset"]:
            tz = parse_offset(match["offset"])
        else:
            tz = ZONES.get(zone_name.split()[0] if zone_name else "", DEFAULT_ZONE)
        try:
            value = datetime(
                int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]),
                int(match["hour"]), int(match["minute"]), int(match["second"] or 0), tzinfo=tz,
            )  # fmt: skip
        except ValueError:
            log.warning("impossible page date %r", text)
            return None
        return DateCandidate(DateSource.PAGE_TEXT, value, match["second"] is not None, bool(zone_name))
    return None


def parse_iso(text: str | None) -> datetime | None:
    """ISO 8601 from a machine-readable attribute; naive values are taken as WIB."""
    if not text or not text.strip():
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=DEFAULT_ZONE)


def parse_any(text: str | None, source: DateSource) -> DateCandidate | None:
    """Machine-readable first (labelled ``source``), then the printed forms (labelled as page text)."""
    iso = parse_iso(text)
    if iso is not None and text is not None:
        explicit = bool(re.search(r"(?:Z|[+-]\d{2}:?\d{2})\s*$", text.strip()))
        return DateCandidate(source, iso, bool(ISO_SECONDS.search(text)), explicit)
    return parse_page_date(text)


def feed_candidate(feed: datetime | None) -> DateCandidate | None:
    """The feed's pubDate (naive values, which no real feed sends, are taken as WIB)."""
    if feed is None:
        return None
    explicit = feed.tzinfo is not None
    return DateCandidate(DateSource.FEED, feed if explicit else feed.replace(tzinfo=DEFAULT_ZONE), True, explicit)


def same_wall_clock(precise: datetime, shown: datetime) -> bool:
    """The two say the same local time to the minute, whatever offsets they carry."""
    return precise.replace(tzinfo=None, second=0, microsecond=0) == shown.replace(tzinfo=None, second=0, microsecond=0)


def agrees(precise: datetime, shown: DateCandidate) -> bool:
    """A precise value inside the minute a printed date shows (or within a minute of a precise printed one)."""
    delta = (precise - shown.value).total_seconds()
    return 0 <= delta < 60 if not shown.has_seconds else abs(delta) <= AGREEMENT.total_seconds()


def choose(candidates: list[DateCandidate]) -> tuple[datetime, str]:
    """The most trusted precise source that the page's printed date confirms, else the printed date.

    Without a printed date the most trusted precise source wins. A machine value that shows the printed
    wall-clock time under another offset (a regional page printing ``13:45 WITA`` whose feed stamped
    ``13:45:27 +0700``) keeps its seconds and takes the printed zone: the page is the article's own
    statement of its local time. A printed date without a zone only assumed WIB, so there the machine
    value's own offset stands, and the most trusted precise source wins when none matches it.
    """
    shown = next((c for c in candidates if c.source is DateSource.PAGE_TEXT), None)
    precise = [c for c in candidates if c.has_seconds and c.source is not DateSource.PAGE_TEXT]
    if shown is None:
        best = (precise or candidates)[0]
        return best.value, best.source.value
    for candidate in precise:
        if agrees(candidate.value, shown):
            return candidate.value, candidate.source.value
        if same_wall_clock(candidate.value, shown.value):
            if not shown.explicit_zone:
                return candidate.value, candidate.source.value
            return candidate.value.replace(tzinfo=shown.value.tzinfo), f"{candidate.source.value}+page-zone"
    if precise and not shown.explicit_zone:  # a zone-less printed date is the weakest statement of all
        return precise[0].value, precise[0].source.value
    return shown.value, shown.source.value


def disagreement(chosen: datetime, candidates: list[DateCandidate]) -> int:
    """Largest distance in seconds between the chosen instant and any source (minute-precision ones to the minute)."""
    worst = 0.0
    for candidate in candidates:
        reference = chosen if candidate.has_seconds else chosen.replace(second=0, microsecond=0)
        worst = max(worst, abs((reference - candidate.value).total_seconds()))
    return int(worst)


def reconcile(candidates: list[DateCandidate], url: str) -> PublishedAt | None:
    """Choose the publication time from every source the page and the feed offer; record a disagreement."""
    ordered = sorted(candidates, key=lambda c: SOURCE_ORDER.index(c.source))
    if not ordered:
        return None
    value, source = choose(ordered)
    apart = disagreement(value, ordered)
    if apart <= AGREEMENT.total_seconds():
        return PublishedAt(value, source)
    log.warning(
        "%s: publication time sources disagree by up to %ds (%s); using %s from %s",
        url, apart, ", ".join(f"{c.source.value} {c.value.isoformat()}" for c in ordered), value.isoformat(), source,
    )  # fmt: skip
    return PublishedAt(value, source, apart)
