"""Fetching: one polite HTTP client (or an archive replay) behind ``open_source``, and the fetch stages.

``open_source(settings, run_id)`` yields a source whose ``get`` returns a :class:`Response` or
raises :class:`FetchError`; in ``live`` mode every exchange is also written to the run's WARC file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.config import Settings
from pipeline.fetch.archive import WarcArchive, archive_location, replay_location
from pipeline.fetch.live import LiveSource
from pipeline.fetch.replay import ReplaySource
from pipeline.fetch.stages import FeedResult, fetch_feed, fetch_pages
from pipeline.fetch.types import FetchError, Response, Source

__all__ = ["FeedResult", "FetchError", "Response", "Source", "fetch_feed", "fetch_pages", "open_source"]


@contextmanager
def open_source(settings: Settings, run_id: str) -> Iterator[LiveSource | ReplaySource]:
    """``live``: HTTP client + this run's WARC writer; ``replay``: the archive, no network."""
    if settings.source == "replay":
        yield ReplaySource(replay_location(settings))
        return
    archive = WarcArchive(archive_location(settings), run_id)
    source = LiveSource(settings, archive)
    try:
        yield source
    finally:
        source.close()
        archive.close()
