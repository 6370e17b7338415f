"""A partition's pages survive an interruption on both run storages: the local disk (one appended listing) and
object storage (one record per page, since S3 cannot append) — the next attempt fetches only what is missing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipeline.backfill.run import PAGES_LOG, BackfillReport, PageLog, write_pages
from pipeline.backfill.warc import FetchedPage
from pipeline.models import ArticleRef, Page
from pipeline.run.storage import location
from support.s3 import S3Server

pytestmark = pytest.mark.usefixtures("airflow_db")  # ObjectStoragePath resolves its connection through Airflow


class Item:
    def __init__(self, number: int) -> None:
        url = f"https://www.antaranews.com/berita/{number}/x"
        self.ref = ArticleRef(key=f"www.antaranews.com/berita/{number}", url=url, lang="id")


class Interrupted(Exception):
    """Stands in for the kill (the subprocess kill -9 tests are in test_backfill_cli.py)."""


class Source:
    """Serves every page, and dies when asked for page number ``die_at`` (1-based) of this attempt."""

    def __init__(self, die_at: int | None = None) -> None:
        self.die_at, self.fetched = die_at, []

    def page(self, item: Any) -> FetchedPage:
        if len(self.fetched) + 1 == self.die_at:
            raise Interrupted
        self.fetched.append(item.ref.key)
        return FetchedPage(item.ref.url, 200, datetime(2025, 1, 6, tzinfo=UTC), f"<html>{item.ref.key}</html>")

    def fetch_events(self) -> list:
        return []


def interrupted_then_resumed(directory: Any) -> tuple[list[str], list[Page]]:
    items = [Item(n) for n in range(1, 6)]
    with pytest.raises(Interrupted):
        write_pages(Source(die_at=3), items, directory, BackfillReport())
    again = Source()
    pages = write_pages(again, items, directory, BackfillReport())
    return again.fetched, pages


def test_a_local_partition_resumes_from_its_appended_listing(tmp_path: Path) -> None:
    fetched, pages = interrupted_then_resumed(tmp_path)
    assert fetched == [f"www.antaranews.com/berita/{n}" for n in (3, 4, 5)]
    assert [p.ref.key for p in pages] == [f"www.antaranews.com/berita/{n}" for n in range(1, 6)]
    assert not list((tmp_path / "pages").glob("*.page.json"))  # no file per record on a local disk


def test_an_object_storage_partition_resumes_from_its_page_records(s3: S3Server) -> None:
    directory = location(s3.url("runs/backfill__x__2025-01-06"))
    fetched, pages = interrupted_then_resumed(directory)
    assert fetched == [f"www.antaranews.com/berita/{n}" for n in (3, 4, 5)]
    assert [p.ref.key for p in pages] == [f"www.antaranews.com/berita/{n}" for n in range(1, 6)]
    keys = s3.keys("runs/backfill__x__2025-01-06/")
    assert sum(k.endswith(".html.page.json") for k in keys) == 5 and sum(k.endswith(".html") for k in keys) == 5
    assert location(pages[0].html_path).read_text(encoding="utf-8") == "<html>www.antaranews.com/berita/1</html>"


def test_a_listing_line_cut_by_a_kill_is_dropped_and_the_listing_mended(tmp_path: Path) -> None:
    ref = ArticleRef(key="www.antaranews.com/berita/1", url="https://www.antaranews.com/berita/1/x", lang="id")
    page = Page(ref=ref, final_url=ref.url, status=200, fetched_at=datetime(2025, 1, 6, tzinfo=UTC),
                html_path=str(tmp_path / "pages" / "p.html"))  # fmt: skip
    listing = tmp_path / PAGES_LOG
    listing.write_text(page.model_dump_json() + "\n" + page.model_dump_json()[:40], encoding="utf-8")
    assert PageLog(tmp_path).written() == [page]
    assert listing.read_text(encoding="utf-8") == page.model_dump_json() + "\n"  # the next append starts clean
    assert PageLog(tmp_path / "nothing-yet").written() == []
