"""What the dashboard shows, read from the warehouse in one short visit.

DuckDB allows one process at a time (``pipeline.warehouse`` holds a file lock while a ``Warehouse`` is open), so the
dashboard opens the warehouse, runs its handful of aggregate queries and closes it at once; when a pipeline task holds
the lock for longer than ``LOCK_TIMEOUT_S`` the page says "warehouse busy" instead of waiting.
Windows end *now* (a stalled pipeline shows as an empty, hatched stretch up to the "now" marker, never as a chart that
stops at its newest row), in the viewer's time zone, over a chosen span (:data:`WINDOWS`). Time series use the time a
row reached the warehouse (``ingested_at``, migration 0009) where it exists, so a replayed archive is plotted when it
was ingested; the archive's own times stay in the tables.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.config import WAREHOUSE_CONN_ID, Settings
from pipeline.freshness import FreshnessReport, FreshnessRules, read_freshness
from pipeline.warehouse import Warehouse, WarehouseError, WarehouseLockTimeout, parse_uri
from pipeline.warehouse.check_results import recent_check_results

log = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 3.0
TOP_CATEGORIES = 6
LATEST_ARTICLES = 25
CHECK_RUNS_SHOWN = 20
PROBLEMS_SHOWN = 50
EDITIONS = ("id", "en")
EDITION_NAMES = {"id": "Indonesian", "en": "English"}


@dataclass(frozen=True)
class Window:
    """A span of time shown, cut into equal buckets aligned to the viewer's clock (hour, 6 hours or day)."""

    name: str
    buckets: int
    bucket_hours: int
    label_format: str

    @property
    def bucket(self) -> timedelta:
        return timedelta(hours=self.bucket_hours)

    @property
    def unit(self) -> str:
        return {1: "hour", 6: "6 hours", 24: "day"}[self.bucket_hours]


WINDOWS = {
    "24h": Window("24h", 24, 1, "%H:00"),
    "7d": Window("7d", 28, 6, "%a %H:00"),
    "30d": Window("30d", 30, 24, "%m-%d"),
}
DEFAULT_WINDOW = "24h"

#: Fetch outcomes as a person reads them, with a colour that means the same everywhere on the page.
FETCH_OUTCOMES: dict[str, tuple[str, str]] = {  # fetch_log outcome -> (shown as, colour)
    "ok": ("fetched", "#009E73"),
    "replayed": ("fetched", "#009E73"),
    "not_modified": ("unchanged (304)", "#56B4E9"),
    "redirect": ("redirect", "#E69F00"),
    "refused": ("refused (robots)", "#CC79A7"),
    "error": ("error", "#D55E00"),
}
EDITION_COLOURS = {"Indonesian": "#0072B2", "English": "#E69F00"}


def resolve_zone(name: str | None) -> tzinfo:
    """The viewer's time zone by IANA name; anything unknown falls back to UTC."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


@dataclass
class Timeline:
    """Buckets from oldest to the one holding now; ``missing``: nothing at all was recorded (the pipeline stood)."""

    labels: list[str]
    starts: list[datetime]
    series: dict[str, list[float | None]]
    missing: list[bool]
    now_fraction: float
    notes: dict[str, list[str]] = field(default_factory=dict)


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
    last_new_article_at: datetime | None = None
    freshness: str = "fresh"
    stale: bool = False
    minutes_since_new_article: float | None = None
    task_url: str | None = None  # its latest fetch_feed task instance in the Airflow UI (set by the app)


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
class CheckRow:
    """One data-quality check: its latest run (observed vs allowed, samples) and its history, oldest first."""

    name: str
    description: str | None
    ok: bool
    relaxed: bool
    observed: int
    allowed: int
    checked: int
    run_id: str
    checked_at: datetime
    samples: list[tuple[str, str | None]]  # (article key, its URL when the key is an article)
    trend: list[tuple[str, int, int, bool]]  # (run id, observed, allowed, ok)


@dataclass
class Snapshot:
    """Everything the page renders, as plain values (also served as JSON)."""

    warehouse: str
    as_of: datetime | None = None
    time_zone: str = "UTC"
    window: str = DEFAULT_WINDOW
    totals: dict[str, float] = field(default_factory=dict)
    articles_by_edition: Timeline | None = None
    articles_by_category: Timeline | None = None
    fetches_by_outcome: Timeline | None = None
    translated_by_edition: Timeline | None = None
    rates: Timeline | None = None
    translation_backlog: dict[str, int] = field(default_factory=dict)  # "id→en pending" -> n
    story_links: dict[str, int] = field(default_factory=dict)
    freshness: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # editions / feeds
    feeds: list[FeedHealth] = field(default_factory=list)
    latest: list[LatestArticle] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)
    frontier_counts: dict[str, int] | None = None  # None: no frontier table in this warehouse
    problems: list[dict[str, Any]] | None = None  # given up / quarantined items with reasons
    translation_quality: list[dict[str, Any]] | None = None  # rows of translation_quality_daily, when it exists


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


def read_snapshot(
    uri: str,
    *,
    now: datetime | None = None,
    window: str = DEFAULT_WINDOW,
    zone: str | None = None,
    rules: FreshnessRules | None = None,
) -> Snapshot:
    """Open the warehouse, read every metric, close it; raise :class:`WarehouseUnavailable` with a clear reason."""
    target = parse_uri(uri)
    if target.dialect == "duckdb" and target.dsn != ":memory:" and not Path(target.dsn).expanduser().exists():
        raise WarehouseUnavailable(f"No warehouse yet at {target.dsn}: it is created by the first antara_ingest run.")
    view = View(
        now=now or datetime.now(UTC),
        window=WINDOWS.get(window, WINDOWS[DEFAULT_WINDOW]),
        zone=resolve_zone(zone),
        rules=rules or FreshnessRules.from_settings(Settings()),
    )
    try:
        with Warehouse.open(uri, lock_timeout_s=LOCK_TIMEOUT_S, auto_migrate=False) as wh:
            if not _has_table(wh, "articles"):
                raise WarehouseUnavailable("The warehouse has no tables yet: it is created by the first run.")
            return _collect(wh, display_uri(uri), view)
    except WarehouseLockTimeout as exc:
        log.info("dashboard: warehouse busy: %s", exc)
        raise WarehouseUnavailable(
            f"Warehouse busy: a pipeline task is writing to it right now (lock not free within {LOCK_TIMEOUT_S:g} s)."
            " Reload in a moment."
        ) from exc
    except WarehouseError as exc:
        raise WarehouseUnavailable(f"Cannot open the warehouse: {exc}") from exc


@dataclass(frozen=True)
class View:
    """What the viewer asked for: the clock, the span, the time zone, the freshness rules."""

    now: datetime
    window: Window
    zone: tzinfo
    rules: FreshnessRules

    @property
    def zone_name(self) -> str:
        return getattr(self.zone, "key", None) or str(self.zone)

    def bucket_starts(self) -> list[datetime]:
        """Bucket starts in the viewer's zone; the last bucket holds ``now``."""
        local = self.now.astimezone(self.zone).replace(minute=0, second=0, microsecond=0)
        hours = self.window.bucket_hours
        local = local.replace(hour=local.hour - local.hour % hours) if hours < 24 else local.replace(hour=0)
        return [local - self.window.bucket * i for i in range(self.window.buckets - 1, -1, -1)]

    @property
    def since(self) -> datetime:
        return self.bucket_starts()[0].astimezone(UTC)


def _has_table(wh: Warehouse, name: str) -> bool:
    rows = wh.fetchall("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(rows[0][0])


def _has_column(wh: Warehouse, table: str, column: str) -> bool:
    rows = wh.fetchall(
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?", [table, column]
    )
    return bool(rows[0][0])


# --------------------------------------------------------------------------------------------- the queries
def _collect(wh: Warehouse, shown_uri: str, view: View) -> Snapshot:
    snap = Snapshot(warehouse=shown_uri, as_of=view.now, time_zone=view.zone_name, window=view.window.name)
    readers: Sequence[Callable[[Warehouse, Snapshot, View], None]] = (
        _read_totals,
        _read_activity,
        _read_categories,
        _read_translation,
        _read_freshness,
        _read_feeds,
        _read_latest,
        _read_checks,
        _read_frontier,
        _read_translation_quality,
    )
    for reader in readers:
        reader(wh, snap, view)
    return snap


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _timeline(view: View, rows: Sequence[tuple[Any, str, float]], groups: Sequence[str]) -> Timeline:
    """Rows of (time, group, n) → per-bucket sums for every group over the whole window (absent buckets are 0)."""
    starts = view.bucket_starts()
    series: dict[str, list[float | None]] = {g: [0] * len(starts) for g in groups}
    for at, group, n in rows:
        index = _bucket_index(view, starts, at)
        if index is not None:
            series.setdefault(group, [0] * len(starts))[index] += float(n)  # type: ignore[operator]
    bucket_s = view.window.bucket.total_seconds()
    now_fraction = (view.now - starts[-1]).total_seconds() / bucket_s
    labels = [start.strftime(view.window.label_format) for start in starts]
    return Timeline(
        labels=labels, starts=starts, series=series, missing=[False] * len(starts), now_fraction=now_fraction
    )


def _bucket_index(view: View, starts: Sequence[datetime], at: datetime | None) -> int | None:
    if at is None:
        return None
    at = _aware(at).astimezone(view.zone)
    if at < starts[0] or at > view.now.astimezone(view.zone):
        return None
    index = int((at - starts[0]).total_seconds() // view.window.bucket.total_seconds())
    return min(index, len(starts) - 1)


def _ingest_time(wh: Warehouse, table: str, fallback: str) -> str:
    """``ingested_at`` (when the row reached the warehouse) where migration 0009 added it, else ``fallback``."""
    return "ingested_at" if _has_column(wh, table, "ingested_at") else fallback


def _read_totals(wh: Warehouse, snap: Snapshot, view: View) -> None:
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


def _read_activity(wh: Warehouse, snap: Snapshot, view: View) -> None:
    """New articles, fetches by outcome and the duplicate / story-link rates, by ingest time, over the window."""
    article_time = _ingest_time(wh, "articles", "first_seen")
    fetch_time = _ingest_time(wh, "fetch_log", "fetched_at")
    hour = "date_trunc('hour', {column})"
    fetch_rows = wh.fetchall(
        f"SELECT {hour.format(column=fetch_time)} AS h, outcome, COUNT(*) FROM fetch_log"
        f" WHERE kind <> 'robots' AND {fetch_time} >= ? GROUP BY 1, 2",
        [view.since - timedelta(hours=1)],
    )
    shown = list(dict.fromkeys(name for name, _ in FETCH_OUTCOMES.values()))
    fetches = _timeline(view, [(at, FETCH_OUTCOMES.get(o, (o, ""))[0], n) for at, o, n in fetch_rows], shown)
    fetches.series = {name: values for name, values in fetches.series.items() if any(values)}
    # A bucket with no fetch at all means no run happened: hatched, not a quiet zero.
    fetches.missing = [not any(values[i] for values in fetches.series.values()) for i in range(len(fetches.labels))]
    snap.fetches_by_outcome = fetches

    rows = wh.fetchall(
        "WITH sizes AS (SELECT story_id, COUNT(*) AS n FROM articles WHERE story_id IS NOT NULL GROUP BY story_id)"
        f" SELECT {hour.format(column='a.' + article_time)} AS h, a.lang, COUNT(*),"
        " COUNT(*) FILTER (WHERE NOT a.is_canonical), COUNT(*) FILTER (WHERE s.n > 1),"
        " COUNT(*) FILTER (WHERE a.translation_status = 'done')"
        f" FROM articles a LEFT JOIN sizes s ON s.story_id = a.story_id WHERE a.{article_time} >= ? GROUP BY 1, 2",
        [view.since - timedelta(hours=1)],
    )
    names = [EDITION_NAMES[e] for e in EDITIONS]
    articles = _timeline(view, [(at, EDITION_NAMES.get(lang, lang), n) for at, lang, n, *_ in rows], names)
    articles.missing = fetches.missing
    snap.articles_by_edition = articles
    translated = _timeline(view, [(at, EDITION_NAMES.get(lang, lang), t) for at, lang, _n, _d, _l, t in rows], names)
    snap.translated_by_edition = translated
    totals = _timeline(view, [(at, "all", n) for at, _lang, n, *_ in rows], ["all"]).series["all"]
    dups = _timeline(view, [(at, "d", d) for at, _lang, _n, d, _l, _t in rows], ["d"]).series["d"]
    linked = _timeline(view, [(at, "l", k) for at, _lang, _n, _d, k, _t in rows], ["l"]).series["l"]
    rates = _timeline(view, [], [])
    rates.series = {
        "duplicate rate": [_rate(d, n) for d, n in zip(dups, totals, strict=True)],
        "story-link rate": [_rate(k, n) for k, n in zip(linked, totals, strict=True)],
    }
    rates.notes = {
        "duplicate rate": [f"{int(d or 0)} of {int(n or 0)} articles" for d, n in zip(dups, totals, strict=True)],
        "story-link rate": [f"{int(k or 0)} of {int(n or 0)} articles" for k, n in zip(linked, totals, strict=True)],
    }
    snap.rates = rates


def _rate(part: float | None, whole: float | None) -> float | None:
    """A percentage, or ``None`` (a gap in the line) when there was nothing to divide."""
    return round(100.0 * (part or 0) / whole, 1) if whole else None


def _read_categories(wh: Warehouse, snap: Snapshot, view: View) -> None:
    """Articles by category over the window, by publication time (the archive's own time)."""
    rows = wh.fetchall(
        "SELECT date_trunc('hour', COALESCE(published_at, fetched_at)) AS h, category, COUNT(*) FROM"
        " (SELECT published_at, fetched_at,"
        " UNNEST(CASE WHEN CARDINALITY(categories) = 0 THEN ARRAY['(none)'] ELSE categories END) AS category"
        " FROM articles WHERE COALESCE(published_at, fetched_at) >= ?) c GROUP BY 1, 2",
        [view.since - timedelta(hours=1)],
    )
    totals: dict[str, float] = defaultdict(float)
    for _at, category, n in rows:
        totals[category] += float(n)
    top = sorted(totals, key=lambda c: (-totals[c], c))[:TOP_CATEGORIES]
    grouped = [(at, category if category in top else "other", n) for at, category, n in rows]
    snap.articles_by_category = _timeline(view, grouped, [*top, *(["other"] if len(totals) > len(top) else [])])


def _read_translation(wh: Warehouse, snap: Snapshot, view: View) -> None:
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


def _read_freshness(wh: Warehouse, snap: Snapshot, view: View) -> None:
    report: FreshnessReport = read_freshness(wh, view.rules, view.now)
    snap.freshness = {
        "editions": [row.as_dict() for row in report.editions],
        "feeds": [row.as_dict() for row in report.feeds],
    }


#: Feed status, first matching rule wins: (name, predicate over the feed_state row and now).
FEED_STATUS_RULES: Sequence[tuple[str, Callable[[dict[str, Any], datetime], bool]]] = (
    ("backoff", lambda row, now: row["backoff_until"] is not None and _aware(row["backoff_until"]) > now),
    ("failing", lambda row, now: row["consecutive_failures"] > 0),
    ("never succeeded", lambda row, now: row["last_success_at"] is None),
    ("stale", lambda row, now: row["stale"]),
    ("ok", lambda row, now: True),
)


def feed_status(row: dict[str, Any], now: datetime) -> str:
    return next(name for name, rule in FEED_STATUS_RULES if rule(row, now))


def _read_feeds(wh: Warehouse, snap: Snapshot, view: View) -> None:
    """Every feed with its fetch memory and freshness; a fresh-looking fetch of a silent feed reads "stale"."""
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
    fresh = {row["name"]: row for row in snap.freshness.get("feeds", [])}
    snap.feeds = []
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        verdict = fresh.get(row["feed"], {})
        row["stale"] = bool(verdict.get("stale", False))
        status = feed_status(row, view.now)
        newest = verdict.get("last_new_article_at")
        snap.feeds.append(
            FeedHealth(
                status=status,
                last_new_article_at=datetime.fromisoformat(newest) if newest else None,
                freshness=verdict.get("level", "fresh"),
                minutes_since_new_article=verdict.get("minutes_since_new_article"),
                **row,
            )
        )


def _read_latest(wh: Warehouse, snap: Snapshot, view: View) -> None:
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


def _read_checks(wh: Warehouse, snap: Snapshot, view: View) -> None:
    """The latest run's checks with observed vs allowed, their trend over recent runs and sample article links."""
    if not _has_table(wh, "check_results"):
        return
    history = recent_check_results(wh, CHECK_RUNS_SHOWN)
    latest = {row.check_name: row for row in history}  # oldest first, so the last per name wins
    keys = sorted({key for row in latest.values() for key in row.sample_keys})
    urls = (
        dict(wh.fetchall("SELECT key, url FROM articles WHERE key IN (SELECT UNNEST(CAST(? AS TEXT[])))", [keys]))
        if keys
        else {}
    )
    snap.checks = [
        CheckRow(
            name=name,
            description=row.detail,
            ok=row.ok,
            relaxed=row.relaxed,
            observed=row.observed,
            allowed=row.allowed,
            checked=row.checked,
            run_id=row.run_id,
            checked_at=row.checked_at,
            samples=[(key, urls.get(key)) for key in row.sample_keys[:5]],
            trend=[(h.run_id, h.observed, h.allowed, h.ok) for h in history if h.check_name == name],
        )
        for name, row in sorted(latest.items(), key=lambda item: (item[1].ok, item[0]))
    ]


def _read_frontier(wh: Warehouse, snap: Snapshot, view: View) -> None:
    """Given-up and quarantined items with their reasons (tables of the frontier migration, read only if present)."""
    if _has_table(wh, "frontier"):
        snap.frontier_counts = {
            str(state): int(n)
            for state, n in wh.fetchall("SELECT state, COUNT(*) FROM frontier GROUP BY state ORDER BY state")
        }
        problems = wh.fetchall(
            "SELECT key, url, state, attempts, last_error, last_error_at FROM frontier"
            " WHERE state IN ('failed', 'given_up', 'quarantined') ORDER BY last_error_at DESC NULLS LAST, key LIMIT ?",
            [PROBLEMS_SHOWN],
        )
        snap.problems = [
            {"source": "frontier", "key": k, "url": u, "state": s, "attempts": a, "reason": e, "at": t}
            for k, u, s, a, e, t in problems
        ]
    if _has_table(wh, "quarantine"):
        rows = wh.fetchall(
            "SELECT key, url, stage, reason, detail, quarantined_at, run_id FROM quarantine"
            " ORDER BY quarantined_at DESC, key LIMIT ?",
            [PROBLEMS_SHOWN],
        )
        snap.problems = (snap.problems or []) + [
            {
                "source": "quarantine",
                "key": k,
                "url": u,
                "state": f"quarantined at {st}",
                "attempts": None,
                "reason": r + (f": {d}" if d else ""),
                "at": t,
                "run_id": run,
            }
            for k, u, st, r, d, t, run in rows
        ]


def _read_translation_quality(wh: Warehouse, snap: Snapshot, view: View) -> None:
    """The translation quality view (parallel-corpus migration), newest days first, when this warehouse has it."""
    if not _has_table(wh, "translation_quality_daily"):
        return
    columns = ("day", "direction", "model", "revision", "pairs", "chrf", "bleu")
    rows = wh.fetchall(
        f"SELECT {', '.join(columns)} FROM translation_quality_daily ORDER BY day DESC, direction, model LIMIT 60"
    )
    snap.translation_quality = [dict(zip(columns, row, strict=True)) for row in rows]
