"""Is the pipeline still bringing news in? Per feed and per edition: time since the last new article and since the
last successful fetch, judged against limits that follow ANTARA's day/night rhythm.

Why "new article" and not "fetch succeeded": a feed that answers ``304 Not Modified`` for days, or returns an empty
but valid RSS document, is a *successful* fetch every time, yet nothing reaches the warehouse. Only the age of the
newest article announced by a feed says whether it is alive, so that is the primary rule; the fetch age is the second.

ANTARA publishes around the clock but slowly at night (WIB, UTC+7). A gap is therefore measured as a *share of its
allowance*: every day minute uses ``1/day_limit`` of it and every night minute ``1/night_limit``, so a quiet night
followed by a slow first morning hour is not an alarm, while the same gap in the afternoon is. Stale when the share
passes 1; "late" from :data:`LATE_SHARE` on, so the dashboard can warn before anyone is paged.

``python -m pipeline.freshness`` runs the check once (the ``antara_freshness`` DAG does it on a schedule) and sends
one notification through :mod:`pipeline.notify` when something goes stale. One per *stale episode*: a watchdog that
checks every 30 minutes must not page every 30 minutes about the same silent feed. An :class:`AlertMemory` keeps
what the last notification reported; only a feed or edition not in it is news. A row that is fresh again leaves the
memory, so its next stale episode notifies again.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from pipeline.config import Settings
from pipeline.extract.dates import ZONES

log = logging.getLogger(__name__)

WIB = ZONES["WIB"]
LATE_SHARE = 0.75
EDITIONS = ("id", "en")


class Level(StrEnum):
    FRESH = "fresh"
    LATE = "late"
    STALE = "stale"


class StaleReason(StrEnum):
    """Why something is not fresh; one row may have several."""

    NO_NEW_ARTICLES = "no new article within its allowance"
    NO_ARTICLES_YET = "no article ever"
    FETCH_TOO_OLD = "no successful fetch within its allowance"
    NEVER_FETCHED = "never fetched successfully"


@dataclass(frozen=True)
class Allowance:
    """How long a gap may last, by day and by night (minutes)."""

    day_minutes: float
    night_minutes: float


@dataclass(frozen=True)
class Rhythm:
    """ANTARA's quiet hours in WIB: ``[night_start_hour, night_end_hour)``, wrapping past midnight."""

    night_start_hour: int = 22
    night_end_hour: int = 6

    def is_night(self, at: datetime) -> bool:
        hour = at.astimezone(WIB).hour
        if self.night_start_hour <= self.night_end_hour:
            return self.night_start_hour <= hour < self.night_end_hour
        return hour >= self.night_start_hour or hour < self.night_end_hour

    def share_used(self, since: datetime | None, now: datetime, allowance: Allowance) -> float:
        """The share of ``allowance`` a gap from ``since`` to ``now`` has used (infinite when there was no event)."""
        if since is None:
            return float("inf")
        since, now = _aware(since), _aware(now)
        used, cursor = 0.0, since
        while cursor < now:
            step_end = min(now, _next_hour(cursor))
            limit = allowance.night_minutes if self.is_night(cursor) else allowance.day_minutes
            used += (step_end - cursor).total_seconds() / 60.0 / max(limit, 1e-9)
            cursor = step_end
        return used


@dataclass(frozen=True)
class FreshnessRules:
    """Every limit of the freshness check, from :class:`pipeline.config.Settings` (``ANTARA_FRESHNESS_*``)."""

    feed: Allowance = Allowance(180.0, 600.0)
    edition: Allowance = Allowance(60.0, 240.0)
    fetch_minutes: float = 60.0
    rhythm: Rhythm = Rhythm()
    feed_factors: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> FreshnessRules:
        return cls(
            feed=Allowance(settings.freshness_feed_day_minutes, settings.freshness_feed_night_minutes),
            edition=Allowance(settings.freshness_edition_day_minutes, settings.freshness_edition_night_minutes),
            fetch_minutes=settings.freshness_fetch_minutes,
            rhythm=Rhythm(settings.freshness_night_start_hour, settings.freshness_night_end_hour),
            feed_factors=dict(settings.freshness_feed_factors),
        )

    def feed_allowance(self, feed: str) -> Allowance:
        factor = self.feed_factors.get(feed, 1.0)
        return Allowance(self.feed.day_minutes * factor, self.feed.night_minutes * factor)


@dataclass
class Freshness:
    """One feed or one edition: the two ages, the share of the allowance used, and the verdict."""

    kind: str  # "feed" | "edition"
    name: str
    edition: str | None
    last_new_article_at: datetime | None
    last_success_at: datetime | None
    minutes_since_new_article: float | None
    minutes_since_success: float | None
    article_share: float
    fetch_share: float
    level: Level
    reasons: list[StaleReason] = field(default_factory=list)

    @property
    def stale(self) -> bool:
        return self.level is Level.STALE

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "edition": self.edition,
            "last_new_article_at": _iso(self.last_new_article_at),
            "last_success_at": _iso(self.last_success_at),
            "minutes_since_new_article": self.minutes_since_new_article,
            "minutes_since_success": self.minutes_since_success,
            "level": self.level.value,
            "stale": self.stale,
            "reasons": [r.value for r in self.reasons],
        }


@dataclass
class FreshnessReport:
    checked_at: datetime
    feeds: list[Freshness]
    editions: list[Freshness]

    @property
    def stale(self) -> list[Freshness]:
        return [f for f in (*self.editions, *self.feeds) if f.stale]

    @property
    def ok(self) -> bool:
        return not self.stale

    def feed(self, name: str) -> Freshness:
        return next(f for f in self.feeds if f.name == name)

    def edition(self, lang: str) -> Freshness:
        return next(f for f in self.editions if f.name == lang)

    def summary(self) -> str:
        stale_feeds = [f for f in self.feeds if f.stale]
        stale_editions = [f for f in self.editions if f.stale]
        return (
            f"{len(stale_editions)} of {len(self.editions)} editions and {len(stale_feeds)} of {len(self.feeds)}"
            " feeds stale"
        )

    def render(self) -> str:
        lines = [f"Freshness at {self.checked_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC: {self.summary()}"]
        lines += [f"  {_describe(row)}" for row in (*self.editions, *self.feeds) if row.stale]
        return "\n".join(lines)


def _iso(value: datetime | None) -> str | None:
    return _aware(value).astimezone(UTC).isoformat() if value is not None else None


def _describe(row: Freshness) -> str:
    article = _age(row.minutes_since_new_article, "no article ever")
    fetch = _age(row.minutes_since_success, "never fetched")
    return f"{row.kind} {row.name}: last new article {article}, last successful fetch {fetch}"


def _age(minutes: float | None, none: str) -> str:
    return none if minutes is None else f"{format_minutes(minutes)} ago"


def format_minutes(minutes: float) -> str:
    """``95`` → ``1 h 35 min``; ``4400`` → ``3 d 1 h``: what a person reads at a glance."""
    minutes = int(minutes)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min"


# --------------------------------------------------------------------------------------------- judging
def judge(
    kind: str,
    name: str,
    edition: str | None,
    last_new_article_at: datetime | None,
    last_success_at: datetime | None,
    *,
    allowance: Allowance,
    rules: FreshnessRules,
    now: datetime,
) -> Freshness:
    """One verdict: the worse of the article rule (day/night allowance) and the fetch rule (flat limit)."""
    article_share = rules.rhythm.share_used(last_new_article_at, now, allowance)
    fetch_share = _share_flat(last_success_at, now, rules.fetch_minutes)
    reasons = []
    if article_share > 1.0:
        reasons.append(StaleReason.NO_ARTICLES_YET if last_new_article_at is None else StaleReason.NO_NEW_ARTICLES)
    if fetch_share > 1.0:
        reasons.append(StaleReason.NEVER_FETCHED if last_success_at is None else StaleReason.FETCH_TOO_OLD)
    worst = max(article_share, fetch_share)
    level = Level.STALE if worst > 1.0 else Level.LATE if worst >= LATE_SHARE else Level.FRESH
    return Freshness(
        kind=kind,
        name=name,
        edition=edition,
        last_new_article_at=last_new_article_at,
        last_success_at=last_success_at,
        minutes_since_new_article=_minutes(last_new_article_at, now),
        minutes_since_success=_minutes(last_success_at, now),
        article_share=article_share,
        fetch_share=fetch_share,
        level=level,
        reasons=reasons,
    )


def _share_flat(since: datetime | None, now: datetime, limit_minutes: float) -> float:
    minutes = _minutes(since, now)
    return float("inf") if minutes is None else minutes / max(limit_minutes, 1e-9)


def _minutes(since: datetime | None, now: datetime) -> float | None:
    if since is None:
        return None
    return max(0.0, (_aware(now) - _aware(since)).total_seconds() / 60.0)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _next_hour(value: datetime) -> datetime:
    return value.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


# --------------------------------------------------------------------------------------------- reading
def read_freshness(wh: Any, rules: FreshnessRules, now: datetime) -> FreshnessReport:
    """Every registered or fetched feed, and both editions, judged at ``now`` from the warehouse's own tables."""
    feeds = _feed_rows(wh)
    newest_by_feed = dict(
        wh.fetchall(
            "SELECT feed, MAX(first_seen) FROM (SELECT UNNEST(feeds) AS feed, first_seen FROM articles) f GROUP BY feed"
        )
    )
    feed_rows = [
        judge(
            "feed",
            name,
            edition,
            newest_by_feed.get(name),
            success,
            allowance=rules.feed_allowance(name),
            rules=rules,
            now=now,
        )
        for name, edition, success in feeds
    ]
    newest_by_edition = dict(wh.fetchall("SELECT lang, MAX(first_seen) FROM articles GROUP BY lang"))
    edition_rows = [
        judge(
            "edition",
            lang,
            lang,
            newest_by_edition.get(lang),
            _latest([success for _, edition, success in feeds if edition == lang]),
            allowance=rules.edition,
            rules=rules,
            now=now,
        )
        for lang in EDITIONS
        if lang in newest_by_edition or any(edition == lang for _, edition, _ in feeds)
    ]
    return FreshnessReport(checked_at=now, feeds=feed_rows, editions=edition_rows)


def _feed_rows(wh: Any) -> list[tuple[str, str | None, datetime | None]]:
    """(feed, edition, last_success_at) for every feed the registry or the fetch memory knows."""
    rows = wh.fetchall(
        "SELECT n.name, f.lang, s.last_success_at FROM"
        " (SELECT name FROM feeds UNION SELECT feed FROM feed_state) n"
        " LEFT JOIN feeds f ON f.name = n.name LEFT JOIN feed_state s ON s.feed = n.name ORDER BY n.name"
    )
    return [(name, lang, success) for name, lang, success in rows]


def _latest(values: Sequence[datetime | None]) -> datetime | None:
    present = [_aware(v) for v in values if v is not None]
    return max(present, default=None)


# --------------------------------------------------------------------------------------------- alert memory
def alert_key(row: Freshness) -> str:
    """A row's name in the alert memory: feeds and editions apart (an edition ``id`` is not a feed ``id``)."""
    return f"{row.kind}:{row.name}"


class AlertMemory(Protocol):
    """The rows (:func:`alert_key`) the last staleness notification reported, so one episode notifies once."""

    def recall(self) -> frozenset[str]: ...

    def remember(self, keys: frozenset[str]) -> None: ...


ALERT_FILE = "freshness-alerted.json"
ALERT_VARIABLE = "antara_freshness_alerted"


@dataclass(frozen=True)
class FileAlertMemory:
    """A JSON list in a file: the CLI's memory (``<ANTARA_DATA_DIR>/freshness-alerted.json``)."""

    path: Path

    def recall(self) -> frozenset[str]:
        try:
            return frozenset(json.loads(self.path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return frozenset()
        except (OSError, ValueError, TypeError) as exc:  # unreadable memory: notifying again beats staying silent
            log.warning("freshness alert memory %s is unreadable (%s): every stale row counts as new", self.path, exc)
            return frozenset()

    def remember(self, keys: frozenset[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps(sorted(keys)), encoding="utf-8")
        partial.replace(self.path)  # atomic: a killed check leaves the old memory, never half a file


@dataclass(frozen=True)
class VariableAlertMemory:
    """An Airflow Variable: the watchdog DAG's memory, shared by every worker (no shared disk needed)."""

    key: str = ALERT_VARIABLE

    def recall(self) -> frozenset[str]:
        from airflow.sdk import Variable

        try:
            return frozenset(json.loads(Variable.get(self.key, default="[]")))
        except (ValueError, TypeError) as exc:
            log.warning("Airflow Variable %s is not a JSON list (%s): every stale row counts as new", self.key, exc)
            return frozenset()

    def remember(self, keys: frozenset[str]) -> None:
        from airflow.sdk import Variable

        Variable.set(self.key, json.dumps(sorted(keys)), description="stale rows antara_freshness already notified")


# --------------------------------------------------------------------------------------------- the check
def check_freshness(
    settings: Settings | None = None,
    *,
    now: datetime | None = None,
    notify: bool = True,
    memory: AlertMemory | None = None,
) -> FreshnessReport:
    """Judge the configured warehouse now; notify once when a feed or edition goes stale (never raises on delivery).

    ``memory`` (default: a file in the data directory) holds what was already notified; a row that stays stale is
    not notified again, one that recovers is forgotten. A notification no channel accepted is not remembered, so
    the next check tries again.
    """
    from pipeline.stages import open_warehouse

    settings = settings or Settings()
    now = now or datetime.now(UTC)
    with open_warehouse(settings) as wh:
        report = read_freshness(wh, FreshnessRules.from_settings(settings), now)
    log.info("%s", report.render())
    if not notify:
        return report
    memory = memory or FileAlertMemory(settings.resolved_data_dir / ALERT_FILE)
    stale = frozenset(alert_key(row) for row in report.stale)
    new = stale - memory.recall()
    if not new:
        if stale:
            log.info("still stale, already notified: %s", ", ".join(sorted(stale)))
        memory.remember(stale)
        return report
    from pipeline.notify import Message, deliver

    delivered = deliver(
        Message(
            title=f"ANTARA pipeline stale: {report.summary()}",
            body=report.render(),
            fields={
                "stale": [row.as_dict() for row in report.stale],
                "newly_stale": sorted(new),
                "checked_at": now.isoformat(),
            },
        )
    )
    if delivered and not any(delivered.values()):
        memory.remember(stale - new)  # nobody was told: the new rows are news again next time
    else:
        memory.remember(stale)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.freshness", description=__doc__.splitlines()[0])
    parser.add_argument("--no-notify", action="store_true", help="print only, send nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    report = check_freshness(notify=not args.no_notify)
    print(report.render())
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
