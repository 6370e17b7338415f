"""Planning and the feed side of a run: plan the feeds, poll one feed, collect the article keys to fetch."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.fetch.archive import ArchiveNotFound, replay_location, require_archive
from pipeline.models import ArticleRef, Feed, FeedItem, FeedState, FetchEvent, Skipped
from pipeline.run.artifacts import (
    DISCOVERED,
    EVENTS_DIR,
    FEED_EVENTS,
    FEED_STATES,
    FEEDS_DIR,
    LEASED_ELSEWHERE,
    QUARANTINE,
    REFS,
    Artifacts,
    artifact,
    handed,
    now,
    open_warehouse,
    part_key,
    part_path,
    reasons,
    record_summary,
    write_quarantine,
    write_skipped,
)
from pipeline.run.storage import RunPath, is_local
from pipeline.run.validate import cap_items, split_refs
from pipeline.runfiles import prune_runs, read_jsonl, write_jsonl
from pipeline.urls import parse_article_url

log = logging.getLogger(__name__)
STAGE_COLLECT = "collect"


class ReplayArchiveMissing(ArchiveNotFound):
    """``source=replay`` names an archive that is not there, holds no WARC file or cannot be read."""


def check_replay_archive(settings: Settings) -> None:
    """For a replay, fail before anything runs (and before any state is read or written) when the archive is
    missing or unreadable, naming the path; live runs pass. The check itself is the archive's own
    (:func:`pipeline.fetch.archive.require_archive`, which the backfill and the replay source use too)."""
    if settings.source != "replay":
        return
    location = replay_location(settings)
    try:
        require_archive(location)
    except ArchiveNotFound as exc:
        raise ReplayArchiveMissing(f"replay {exc} (set ANTARA_REPLAY_ARCHIVE or --archive)") from exc
    except OSError as exc:
        raise ReplayArchiveMissing(f"replay archive {location} cannot be read: {exc}") from exc


def plan_feeds(settings: Settings, run_dir: RunPath) -> list[dict[str, Any]]:
    """The registry's feeds, one small dict each for the mapped fetches (what XCom carries).

    The first task of every run: it checks a replay's archive, migrates the schema (the only stage that may),
    prunes old run directories and writes each feed's remembered state to the run directory, so the mapped fetches
    need no warehouse. A replay reads no remembered state: it must neither see nor move the live feeds' validators,
    digests, health or back-off.
    """
    from pipeline.feeds import load_registry

    check_replay_archive(settings)
    if is_local(run_dir):  # object storage: expire run prefixes with the bucket's lifecycle rules
        prune_runs(run_dir.parent, settings.keep_runs_days, keep=run_dir)
    feeds = load_registry(settings.feeds_file)
    with open_warehouse(settings, migrate=True) as wh:
        states = wh.feed_states() if settings.source == "live" else {}
    out = run_dir / FEEDS_DIR
    out.mkdir(parents=True, exist_ok=True)
    for feed in feeds:
        if feed.name in states:
            (out / f"{feed.name}.previous.json").write_text(states[feed.name].model_dump_json(), encoding="utf-8")
    log.info("%d feeds in %s (%d with a remembered state)", len(feeds), settings.feeds_file, len(states))
    record_summary(run_dir, "plan", {"feeds": len(feeds), "source": settings.source, "remembered": len(states)})
    return [{"feed": feed.model_dump(mode="json")} for feed in feeds]


def fetch_feed_stage(settings: Settings, run_dir: RunPath, run_id: str, planned: dict[str, Any]) -> dict[str, Any]:
    """Fetch and parse one feed; its items and new state go to ``feeds/<name>.*`` in the run dir.

    The state file is written even when the feed failed, so the load records the failure; the
    caller turns ``error`` into a failed mapped task instance that names the feed.
    """
    from pipeline.fetch import fetch_feed, open_source

    feed = Feed.model_validate(planned["feed"])
    previous = run_dir / FEEDS_DIR / f"{feed.name}.previous.json"
    state = FeedState.model_validate_json(previous.read_text(encoding="utf-8")) if previous.exists() else None
    with open_source(settings, run_id) as source:
        result = fetch_feed(feed, source, state, now=now(), settings=settings)
        events = list(source.events)
    out = run_dir / FEEDS_DIR
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / f"{feed.name}.items.jsonl", result.items)
    (out / f"{feed.name}.state.json").write_text(result.state.model_dump_json(), encoding="utf-8")
    write_jsonl(run_dir / EVENTS_DIR / f"feed-{feed.name}.jsonl", events)
    write_skipped(run_dir, f"feed-{feed.name}", result.skipped)
    summary = {
        "feed": feed.name,
        "url": feed.url,
        "items": len(result.items),
        "skipped": len(result.skipped),
        "skipped_reasons": reasons(result.skipped),
        "unchanged": result.unchanged,
        "error": result.error,
    }
    return record_summary(run_dir, f"fetch_feed.{feed.name}", summary)


def collect_stage(settings: Settings, run_dir: RunPath, run_id: str, *, run_lock: Path | None = None) -> dict[str, Any]:
    """Merge all feeds' items on the article key; add the frontier's due retries; hold back what cannot be stored.

    Writes ``refs.jsonl`` (what to fetch now: due retries first, then new keys, up to ``max_items_per_run``, each
    leased for this run so no other run fetches it meanwhile) and ``frontier.discovered.jsonl`` (every key announced,
    fetched now or not: the load records them all, so a key past the cap waits in the frontier for the next run).
    Keys another live run holds go to ``frontier.elsewhere.jsonl``: the load records them only if that run never
    does. A replay uses no frontier and takes no lease. ``run_lock``: the data dir's run lock, when the caller holds
    it for the whole run (the CLI): a later run holding it takes this run's leases over at once if it died.
    """
    from pipeline.feeds import collect_refs
    from pipeline.warehouse.frontier import Frontier
    from pipeline.warehouse.leases import Leased, lease

    if not (run_dir / "summaries" / "plan.json").exists():
        raise RuntimeError(f"planning failed: {run_dir} has no plan, so there is nothing to collect")
    items: list[FeedItem] = []
    for path in sorted((run_dir / FEEDS_DIR).glob("*.items.jsonl")):
        items.extend(read_jsonl(path, FeedItem))
    items, held = cap_items(items, settings.max_items_per_feed, STAGE_COLLECT)
    keys = sorted({ident.key for item in items if (ident := parse_article_url(item.url))})
    live = settings.source == "live"
    at = now()
    with open_warehouse(settings) as wh:
        known = wh.known_articles(keys)
        frontier = Frontier(wh) if live else None
        ended = frontier.ended_keys(keys) if frontier else set()
        waiting = frontier.waiting_keys(keys, at) if frontier else set()
        refs, skipped = collect_refs(
            items,
            allowed_hosts=settings.allowed_hosts,
            known=known,
            recheck_after=timedelta(hours=settings.recheck_after_hours),
            now=at,
        )
        skipped += [Skipped(stage=STAGE_COLLECT, url=r.url, reason="frontier_ended") for r in refs if r.key in ended]
        refs = [r for r in refs if r.key not in ended]
        new, held_refs = split_refs(refs, STAGE_COLLECT)
        announced = {r.key for r in refs}
        due = frontier.due(at, limit=settings.max_items_per_run, exclude=announced) if frontier else []
        wanted = [*due, *(r for r in new if r.key not in waiting)]
        cap = settings.max_items_per_run
        ttl = timedelta(minutes=settings.lease_minutes)
        lock = str(run_lock.resolve()) if run_lock else None
        leased = lease(wh, wanted, run_id, at, ttl, limit=cap, run_lock=lock) if frontier else Leased(wanted[:cap])
    to_fetch = leased.mine
    elsewhere = {r.key for r in leased.elsewhere_refs}
    deferred = len(wanted) - len(to_fetch) - len(elsewhere)
    if deferred:
        log.warning(
            "collect: %d articles to fetch, fetching %d now (ANTARA_MAX_ITEMS_PER_RUN); the rest wait in the frontier",
            len(wanted) - len(elsewhere),
            len(to_fetch),
        )
    write_jsonl(run_dir / REFS, to_fetch)
    hand_on = {
        "refs": run_dir / REFS,
        part_key(QUARANTINE, STAGE_COLLECT): part_path(run_dir, QUARANTINE, STAGE_COLLECT),
    }
    hand_on |= gather_feed_files(run_dir)
    if live:
        held_keys = {q.key for q in held_refs}
        announced_here = [*(r for r in new if r.key not in elsewhere), *(r for r in refs if r.key in held_keys)]
        write_jsonl(run_dir / DISCOVERED, announced_here)
        write_jsonl(run_dir / LEASED_ELSEWHERE, [r for r in new if r.key in elsewhere])
        hand_on |= {"discovered": run_dir / DISCOVERED, "elsewhere": run_dir / LEASED_ELSEWHERE}
    write_skipped(run_dir, STAGE_COLLECT, skipped)
    write_quarantine(run_dir, STAGE_COLLECT, [*held, *held_refs])
    summary = {
        "items": len(items) + len(held),
        "articles": len(to_fetch),
        "new": len(new),
        "retries_due": len(due),
        "retries_waiting": len(waiting & announced),
        "deferred": deferred,
        "leased_elsewhere": len(elsewhere),
        "quarantined": len(held) + len(held_refs),
        "skipped": len(skipped),
        "skipped_reasons": reasons(skipped),
        "artifacts": handed(**hand_on),
    }
    return record_summary(run_dir, STAGE_COLLECT, summary)


def gather_feed_files(run_dir: RunPath) -> dict[str, RunPath]:
    """The feeds' states and fetch events in one file each, handed on to the load (a failed feed's task has no
    output to pass along, so collect gathers what every feed wrote)."""
    states = [
        FeedState.model_validate_json(p.read_text(encoding="utf-8"))
        for p in sorted((run_dir / FEEDS_DIR).glob("*.state.json"))
    ]
    events = [e for p in sorted((run_dir / EVENTS_DIR).glob("feed-*.jsonl")) for e in read_jsonl(p, FetchEvent)]
    write_jsonl(run_dir / FEED_STATES, states)
    write_jsonl(run_dir / FEED_EVENTS, events)
    return {"feed_states": run_dir / FEED_STATES, "feed_events": run_dir / FEED_EVENTS}


def refs_of(run_dir: RunPath, inputs: Artifacts | None = None) -> list[ArticleRef]:
    return list(read_jsonl(artifact(inputs, "refs", run_dir / REFS), ArticleRef))
