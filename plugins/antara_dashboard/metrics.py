"""What the dashboard shows, read from the warehouse in one short visit.

DuckDB allows one process at a time (``pipeline.warehouse`` holds a file lock while a ``Warehouse`` is open), so the
dashboard opens the warehouse, runs its handful of aggregate queries and closes it at once; when a pipeline task holds
the lock for longer than ``LOCK_TIMEOUT_S`` the page says "warehouse busy" instead of waiting.
Windows are anchored at the newest data, not the wall clock, so a replayed archive shows its own hours and days.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pipeline.config import WAREHOUSE_CONN_ID, Settings
from pipeline.warehouse import Warehouse, WarehouseError, WarehouseLockTimeout, parse_uri

log = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 3.0
HOURS_SHOWN = 48
DAYS_SHOWN = 14
TOP_CATEGORIES = 6
LATEST_ARTICLES = 25
EDITIONS = ("id", "en")
EDITION_NAMES = {"id": "Indonesian", "en": "English"}
LOCAL_DAY = "CAST(COALESCE(published_at, fetched_at) AT TIME ZONE 'Asia/Jakarta' AS DATE)"


class WarehouseUnavailable(RuntimeError):
    """The warehouse cannot be read right now; the message is shown to the user as is."""


@dataclass
class FeedHealth:
    feed: str
    url: str
    edition: str | None
    category: str | None
    status: str
    last_success_at: datetime | None
    last_checked_at: datetime | None
    consecutive_failures: int
    backoff_until: datetime | None
    last_error: str | None


@dataclass
class LatestArticle:
    key: str
    url: str
    title: str
    edition: str
    categories: list[str]
    published_at: datetime | None
    translation_status: str
    is_canonical: bool


@dataclass
class Snapshot:
    """Everything the page renders, as plain values (also served as JSON)."""

    warehouse: str
    totals: dict[str, float] = field(default_factory=dict)
    hourly_by_edition: dict[str, dict[str, int]] = field(default_factory=dict)  # hour label -> edition -> n
    daily_by_edition: dict[str, dict[str, int]] = field(default_factory=dict)  # day label -> edition -> n
    daily_by_category: dict[str, dict[str, int]] = field(default_factory=dict)  # day label -> category -> n
    fetches_by_outcome: dict[str, dict[str, int]] = field(default_factory=dict)  # hour label -> outcome -> n
    translation_backlog: dict[str, int] = field(default_factory=dict)  # "id→en pending" -> n
    translated_daily: dict[str, dict[str, int]] = field(default_factory=dict)  # day label -> edition -> n
    rates_daily: dict[str, dict[str, float]] = field(default_factory=dict)  # day label -> rate name -> percent
    story_links: dict[str, int] = field(default_factory=dict)
    feeds: list[FeedHealth] = field(default_factory=list)
    latest: list[LatestArticle] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- the connection
def configured_warehouse_uri(settings: Settings | None = None) -> str:
    """The ``antara_warehouse`` connection (environment or Airflow's metadata database), else the default DuckDB."""
    settings = settings or Settings()
    if settings.warehouse_uri:
        return settings.warehouse_uri
    try:
        from airflow.exceptions import AirflowNotFoundException
        from airflow.models.connection import Connection
    except ImportError:  # outside Airflow (a plain script): the settings are all there is
        return settings.resolved_warehouse_uri
    try:
        return Connection.get_connection_from_secrets(WAREHOUSE_CONN_ID).get_uri()
    except AirflowNotFoundException:
        return settings.resolved_warehouse_uri


def display_uri(uri: str) -> str:
    """The URI with any password masked, fit to show on a page."""
    parts = urlsplit(uri)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return uri


def read_snapshot(uri: str, *, now: datetime | None = None) -> Snapshot:
    """Open the warehouse, read every metric, close it; raise :class:`WarehouseUnavailable` with a clear reason."""
    target = parse_uri(uri)
    if target.dialect == "duckdb" and target.dsn != ":memory:" and not Path(target.dsn).expanduser().exists():
        raise WarehouseUnavailable(f"No warehouse yet at {target.dsn}: it is created by the first antara_ingest run.")
    try:
        with Warehouse.open(uri, lock_timeout_s=LOCK_TIMEOUT_S, auto_migrate=False) as wh:
            if not _has_schema(wh):
                raise WarehouseUnavailable("The warehouse has no tables yet: it is created by the first run.")
            return _collect(wh, display_uri(uri), now or datetime.now(UTC))
    except WarehouseLockTimeout as exc:
        log.info("dashboard: warehouse busy: %s", exc)
        raise WarehouseUnavailable(
            f"Warehouse busy: a pipeline task is writing to it right now (lock not free within {LOCK_TIMEOUT_S:g} s)."
            " Reload in a moment."
        ) from exc
    except WarehouseError as exc:
        raise WarehouseUnavailable(f"Cannot open the warehouse: {exc}") from exc


def _has_schema(wh: Warehouse) -> bool:
    rows = wh.fetchall("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'articles'")
    return bool(rows[0][0])


# --------------------------------------------------------------------------------------------- the queries
def _collect(wh: Warehouse, shown_uri: str, now: datetime) -> Snapshot:
    snap = Snapshot(warehouse=shown_uri)
    readers: Sequence[Callable[[Warehouse, Snapshot, datetime], None]] = (
        _read_totals,
        _read_hourly,
        _read_daily,
        _read_fetches,
        _read_translation,
        _read_rates,
        _read_feeds,
        _read_latest,
    )
    for reader in readers:
        reader(wh, snap, now)
    return snap


def _hour_key(value: datetime) -> datetime:
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _hour_label(value: datetime) -> str:
    return value.strftime("%m-%d %H:00")


def _day_label(value: date) -> str:
    return value.strftime("%m-%d")


def _hour_window(anchor: datetime | None) -> list[datetime]:
    if anchor is None:
        return []
    end = _hour_key(anchor)
    return [end - timedelta(hours=h) for h in range(HOURS_SHOWN - 1, -1, -1)]


def _day_window(anchor: date | None) -> list[date]:
    if anchor is None:
        return []
    return [anchor - timedelta(days=d) for d in range(DAYS_SHOWN - 1, -1, -1)]


def _bucket_hours(rows: Sequence[tuple[Any, str, int]], keys: Sequence[str]) -> dict[str, dict[str, int]]:
    """Rows of (hour, group, n) → {hour label: {group: n}} over a full 48-hour window (gaps are zero)."""
    anchor = max((r[0] for r in rows), default=None)
    window = _hour_window(anchor)
    out = {_hour_label(h): dict.fromkeys(keys, 0) for h in window}
    for hour, group, n in rows:
        label = _hour_label(_hour_key(hour))
        if label in out:
            out[label][group] = out[label].get(group, 0) + int(n)
    return out


def _read_totals(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    (total, duplicates, pending, failed, done) = wh.fetchall(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT is_canonical),"
        " COUNT(*) FILTER (WHERE translation_status = 'pending'),"
        " COUNT(*) FILTER (WHERE translation_status = 'failed'),"
        " COUNT(*) FILTER (WHERE translation_status = 'done') FROM articles"
    )[0]
    in_stories = wh.fetchall(
        "SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM articles WHERE story_id IS NOT NULL"
        " GROUP BY story_id HAVING COUNT(*) > 1) multi"
    )[0][0]
    snap.totals = {
        "articles": int(total),
        "duplicates": int(duplicates),
        "duplicate_rate": _percent(duplicates, total),
        "in_multi_article_stories": int(in_stories),
        "story_link_rate": _percent(in_stories, total),
        "translation_pending": int(pending),
        "translation_failed": int(failed),
        "translation_done": int(done),
        "feeds": int(wh.fetchall("SELECT COUNT(*) FROM feed_state")[0][0]),
    }
    snap.story_links = {kind: int(n) for kind, n in wh.fetchall("SELECT kind, COUNT(*) FROM story_links GROUP BY kind")}


def _percent(part: float, whole: float) -> float:
    return round(100.0 * float(part) / float(whole), 1) if whole else 0.0


def _read_hourly(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    rows = wh.fetchall(
        "SELECT date_trunc('hour', first_seen) AS hour, lang, COUNT(*) FROM articles GROUP BY 1, 2 ORDER BY 1"
    )
    snap.hourly_by_edition = _bucket_hours(rows, EDITIONS)


def _read_daily(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    rows = wh.fetchall("SELECT day, edition, category, articles, translated_articles FROM daily_counts")
    window = _day_window(max((r[0] for r in rows), default=None))
    labels = {d: _day_label(d) for d in window}
    by_edition = {label: dict.fromkeys(EDITIONS, 0) for label in labels.values()}
    translated = {label: dict.fromkeys(EDITIONS, 0) for label in labels.values()}
    by_category: dict[str, dict[str, int]] = {label: {} for label in labels.values()}
    category_totals: dict[str, int] = defaultdict(int)
    # daily_counts has one row per (day, edition, category): an article in two categories counts in both, so the
    # per-edition totals come from the articles table instead.
    for day, _edition, category, n, _translated in rows:
        if day in labels:
            by_category[labels[day]][category] = by_category[labels[day]].get(category, 0) + int(n)
            category_totals[category] += int(n)
    for day, edition, n, n_translated in wh.fetchall(
        f"SELECT {LOCAL_DAY} AS day, lang, COUNT(*), COUNT(*) FILTER (WHERE translation_status = 'done')"
        " FROM articles GROUP BY 1, 2"
    ):
        if day in labels:
            by_edition[labels[day]][edition] += int(n)
            translated[labels[day]][edition] += int(n_translated)
    top = sorted(category_totals, key=lambda c: (-category_totals[c], c))[:TOP_CATEGORIES]
    snap.daily_by_edition = by_edition
    snap.translated_daily = translated
    snap.daily_by_category = {
        label: {**{c: counts.get(c, 0) for c in top}, "other": sum(n for c, n in counts.items() if c not in top)}
        for label, counts in by_category.items()
    }


def _read_fetches(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    rows = wh.fetchall(
        "SELECT date_trunc('hour', fetched_at) AS hour, kind || ' ' || outcome, COUNT(*) FROM fetch_log"
        " WHERE kind <> 'robots' GROUP BY 1, 2 ORDER BY 1"
    )
    outcomes = sorted({r[1] for r in rows})
    snap.fetches_by_outcome = _bucket_hours(rows, outcomes)


def _read_translation(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    backlog: dict[str, int] = {}
    rows = dict(
        ((lang, status), int(n))
        for lang, status, n in wh.fetchall(
            "SELECT lang, translation_status, COUNT(*) FROM articles"
            " WHERE translation_status IN ('pending', 'failed') GROUP BY 1, 2"
        )
    )
    for lang, direction in (("id", "id→en"), ("en", "en→id")):
        for status in ("pending", "failed"):
            backlog[f"{direction} {status}"] = rows.get((lang, status), 0)
    snap.translation_backlog = backlog


def _read_rates(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    rows = wh.fetchall(
        f"WITH sizes AS (SELECT story_id, COUNT(*) AS n FROM articles WHERE story_id IS NOT NULL GROUP BY story_id)"
        f" SELECT {LOCAL_DAY} AS day, COUNT(*), COUNT(*) FILTER (WHERE NOT a.is_canonical),"
        f" COUNT(*) FILTER (WHERE s.n > 1)"
        f" FROM articles a LEFT JOIN sizes s ON s.story_id = a.story_id GROUP BY 1"
    )
    window = _day_window(max((r[0] for r in rows), default=None))
    found = {day: (total, dup, linked) for day, total, dup, linked in rows}
    snap.rates_daily = {
        _day_label(day): {
            "duplicate rate": _percent(found.get(day, (0, 0, 0))[1], found.get(day, (0, 0, 0))[0]),
            "story-link rate": _percent(found.get(day, (0, 0, 0))[2], found.get(day, (0, 0, 0))[0]),
        }
        for day in window
    }


#: Feed status, first matching rule wins: (name, predicate over the feed_state row and now).
FEED_STATUS_RULES: Sequence[tuple[str, Callable[[dict[str, Any], datetime], bool]]] = (
    ("backoff", lambda row, now: row["backoff_until"] is not None and _aware(row["backoff_until"]) > now),
    ("failing", lambda row, now: row["consecutive_failures"] > 0),
    ("never succeeded", lambda row, now: row["last_success_at"] is None),
    ("ok", lambda row, now: True),
)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def feed_status(row: dict[str, Any], now: datetime) -> str:
    return next(name for name, rule in FEED_STATUS_RULES if rule(row, now))


def _read_feeds(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    columns = (
        "feed",
        "url",
        "edition",
        "category",
        "last_success_at",
        "last_checked_at",
        "consecutive_failures",
        "backoff_until",
        "last_error",
    )
    rows = wh.fetchall(
        "SELECT s.feed, s.url, f.lang, f.category, s.last_success_at, s.last_checked_at, s.consecutive_failures,"
        " s.backoff_until, s.last_error FROM feed_state s LEFT JOIN feeds f ON f.name = s.feed"
        " ORDER BY s.consecutive_failures DESC, s.feed"
    )
    snap.feeds = []
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        snap.feeds.append(FeedHealth(status=feed_status(row, now), **row))


def _read_latest(wh: Warehouse, snap: Snapshot, now: datetime) -> None:
    rows = wh.fetchall(
        "SELECT key, url, CASE WHEN lang = 'en' THEN title_en ELSE title_id END, lang, categories,"
        " COALESCE(published_at, fetched_at), translation_status, is_canonical FROM articles"
        " ORDER BY COALESCE(published_at, fetched_at) DESC, key LIMIT ?",
        [LATEST_ARTICLES],
    )
    snap.latest = [
        LatestArticle(
            key=key,
            url=url,
            title=title or "(untitled)",
            edition=lang,
            categories=list(categories or []),
            published_at=published,
            translation_status=status,
            is_canonical=bool(canonical),
        )
        for key, url, title, lang, categories, published, status, canonical in rows
    ]
