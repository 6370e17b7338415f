"""Publication dates as ANTARA prints them, made timezone-aware.

Indonesian pages: ``Senin, 24 November 2026 14:05 WIB`` (WIB/WITA/WIT = UTC+7/+8/+9).
English pages: ``November 24, 2026 16:08 GMT+700`` (note ``+700``, not ``+0700``).
Machine-readable values (``datetime=`` attributes, ``article:published_time``, JSON-LD) are ISO 8601.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, timezone

log = logging.getLogger(__name__)

MONTHS: dict[str, int] = {
    **{m: i for i, m in enumerate(
        ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
         "november", "desember"), start=1)},
    **{m: i for i, m in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"), start=1)},
    **{m: i for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)},
    "agu": 8, "agt": 8, "okt": 10, "des": 12, "mei": 5,
}  # fmt: skip

ZONES: dict[str, timezone] = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
    "UTC": UTC,
    "GMT": UTC,
}
#: Without a printed zone the national sites mean Jakarta time.
DEFAULT_ZONE = ZONES["WIB"]
#: Page and feed dates further apart than this are reported.
AGREEMENT = timedelta(minutes=5)

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


def parse_offset(raw: str) -> timezone:
    """``+700`` / ``+07:00`` / ``+7`` → UTC+7."""
    sign = -1 if raw.strip().startswith("-") else 1
    digits = re.sub(r"[^\d]", "", raw)
    hours, minutes = (int(digits), 0) if len(digits) <= 2 else (int(digits[:-2]), int(digits[-2:]))
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_page_date(text: str | None) -> tuple[datetime, bool] | None:
    """Parse a human-readable page date; returns (aware datetime, whether the page printed a zone)."""
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
        return value, bool(zone_name)
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


def parse_any(text: str | None) -> tuple[datetime, bool] | None:
    """Machine-readable first (always explicit), then the printed Indonesian/English forms."""
    iso = parse_iso(text)
    return (iso, True) if iso else parse_page_date(text)


def reconcile(page: tuple[datetime, bool] | None, feed: datetime | None, url: str) -> datetime | None:
    """Choose the publication time.

    The page's own date wins when it carries an explicit zone or offset: it is the article's
    statement of when it was published, and regional pages print their local zone (WITA/WIT)
    where a feed may have stamped +0700. The feed's pubDate (always with an offset) wins when
    the page printed no zone or no date. Disagreements beyond a few minutes are logged.
    """
    if feed is not None and feed.tzinfo is None:
        feed = feed.replace(tzinfo=DEFAULT_ZONE)
    if page is None:
        return feed
    value, explicit = page
    if feed is not None and abs(value - feed) > AGREEMENT:
        chosen = "page" if explicit else "feed"
        log.warning("%s: page date %s and feed pubDate %s disagree; using the %s's", url,
                    value.isoformat(), feed.isoformat(), chosen)  # fmt: skip
        return value if explicit else feed
    return value
