"""The dashboard's metrics and charts, read from a real warehouse (DuckDB and PostgreSQL)."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from antara_dashboard import charts
from antara_dashboard.app import render_charts
from antara_dashboard.metrics import (
    WarehouseUnavailable,
    configured_warehouse_uri,
    display_uri,
    read_snapshot,
)
from seed import NOW, T0, seed_warehouse

from pipeline.config import Settings
from pipeline.warehouse import Warehouse

SVG = "{http://www.w3.org/2000/svg}"


def test_snapshot_counts_what_the_warehouse_holds(warehouse_uri: str) -> None:
    seed_warehouse(warehouse_uri)
    snap = read_snapshot(warehouse_uri, now=NOW)

    assert snap.totals["articles"] == 9
    assert snap.totals["duplicates"] == 1
    assert snap.totals["duplicate_rate"] == pytest.approx(11.1)
    assert snap.totals["in_multi_article_stories"] == 3
    assert snap.totals["translation_pending"] == 2
    assert snap.totals["translation_failed"] == 1
    assert snap.story_links == {"near_duplicate": 1, "crosslingual": 1}
    assert snap.translation_backlog == {
        "id→en pending": 1,
        "id→en failed": 1,
        "en→id pending": 1,
        "en→id failed": 0,
    }
    statuses = {f.feed: (f.status, f.consecutive_failures) for f in snap.feeds}
    assert statuses == {"en-business": ("backoff", 4), "id-ekonomi": ("failing", 1), "id-politik": ("ok", 0)}
    politik = next(f for f in snap.feeds if f.feed == "id-politik")
    assert politik.last_new_article_at == T0 and not politik.stale

    assert len(snap.latest) == 9
    newest = [a.published_at for a in snap.latest]
    assert newest == sorted(newest, reverse=True)
    duplicate = next(a for a in snap.latest if not a.is_canonical)
    assert duplicate.url.startswith("https://www.antaranews.com/berita/1001/")


def test_windows_end_now_in_the_viewers_zone_and_plot_ingest_time(warehouse_uri: str) -> None:
    t0 = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=30)
    seed_warehouse(warehouse_uri, t0=t0)
    now = datetime.now(UTC) + timedelta(seconds=1)
    snap = read_snapshot(warehouse_uri, now=now, zone="Asia/Jakarta")
    assert snap.time_zone == "Asia/Jakarta" and snap.window == "24h"
    articles = snap.articles_by_edition
    assert len(articles.labels) == 24
    assert articles.starts[-1] <= now.astimezone(ZoneInfo("Asia/Jakarta")) < articles.starts[-1] + timedelta(hours=1)
    assert articles.labels[-1] == now.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%H:00")
    assert 0 <= articles.now_fraction <= 1
    # Everything was ingested just now, whatever its fetch/publication time: all of it is in the newest bucket.
    assert {name: values[-1] for name, values in articles.series.items()} == {"Indonesian": 6, "English": 3}
    assert sum(sum(v) for v in articles.series.values()) == 9
    # No fetch happened in the 23 earlier buckets: they are gaps, not zeros.
    assert articles.missing == [True] * 23 + [False]
    assert {k: v[-1] for k, v in snap.fetches_by_outcome.series.items()} == {"fetched": 9, "error": 1}
    # By publication time, the two day-old articles fall outside 24 h but inside 7 d.
    assert sum(sum(v) for v in snap.articles_by_category.series.values()) == 7
    week = read_snapshot(warehouse_uri, now=now, window="7d")
    assert len(week.articles_by_category.labels) == 28
    assert sum(sum(v) for v in week.articles_by_category.series.values()) == 9
    assert week.rates.series["duplicate rate"][-1] == pytest.approx(11.1)
    assert week.rates.notes["duplicate rate"][-1] == "1 of 9 articles"
    assert week.rates.series["duplicate rate"][0] is None  # no article: a gap in the line, not 0 %
    month = read_snapshot(warehouse_uri, now=now, window="30d", zone="Nowhere/Invalid")
    assert len(month.articles_by_edition.labels) == 30 and month.time_zone == "UTC"


def test_three_days_later_the_snapshot_says_every_feed_is_stale(duckdb_uri: str) -> None:
    seed_warehouse(duckdb_uri)
    snap = read_snapshot(duckdb_uri, now=T0 + timedelta(days=3))
    assert all(row["stale"] for row in snap.freshness["feeds"]), snap.freshness
    assert [e["stale"] for e in snap.freshness["editions"]] == [True, True]
    assert {f.feed: f.status for f in snap.feeds}["id-politik"] == "stale"
    assert snap.freshness["feeds"][0]["last_new_article_at"] is not None


def test_dashboard_releases_the_duckdb_lock_at_once(duckdb_uri: str) -> None:
    seed_warehouse(duckdb_uri)
    read_snapshot(duckdb_uri)
    started = time.monotonic()
    with Warehouse.open(duckdb_uri, lock_timeout_s=1) as wh:  # would time out if the dashboard still held it
        assert wh.count("articles") == 9
    assert time.monotonic() - started < 1


def test_busy_warehouse_gives_a_clear_message_quickly(duckdb_uri: str) -> None:
    seed_warehouse(duckdb_uri)
    with Warehouse.open(duckdb_uri):  # a pipeline task holding the lock
        started = time.monotonic()
        with pytest.raises(WarehouseUnavailable, match="Warehouse busy"):
            read_snapshot(duckdb_uri)
        assert time.monotonic() - started < 10


def test_missing_warehouse_is_reported_not_created(tmp_path: Path) -> None:
    uri = f"duckdb:///{tmp_path / 'nothing-yet.duckdb'}"
    with pytest.raises(WarehouseUnavailable, match="first antara_ingest run"):
        read_snapshot(uri)
    assert not (tmp_path / "nothing-yet.duckdb").exists()


def test_warehouse_without_schema_is_reported(pg_uri: str) -> None:
    with pytest.raises(WarehouseUnavailable, match="no tables yet"):
        read_snapshot(pg_uri)


def test_configured_connection_wins_and_passwords_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", "postgresql://etl:s3cret@db.example:5432/antara")
    assert configured_warehouse_uri() == "postgresql://etl:s3cret@db.example:5432/antara"
    assert display_uri(configured_warehouse_uri()) == "postgresql://etl:***@db.example:5432/antara"


def test_without_a_connection_the_default_duckdb_is_used(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert configured_warehouse_uri(settings) == f"duckdb:///{tmp_path / 'warehouse.duckdb'}"


# --------------------------------------------------------------------------------------------- charts
def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_stacked_bars_scale_to_the_largest_total() -> None:
    svg = charts.stacked_bars("t", ["a", "b", "c"], [charts.Series("id", [2, 0, 4]), charts.Series("en", [2, 0, 1])])
    root = _parse(svg)
    assert root.get("data-points") == "2"
    bars = root.findall(f".//{SVG}rect[@class='bar']")
    assert len(bars) == 4  # zero values draw nothing
    heights = [float(b.get("height")) for b in bars]
    plot_height = charts.HEIGHT - charts.MARGIN_TOP - charts.MARGIN_BOTTOM
    # totals 4 and 5 on an axis rounded up to 5: the tallest stack fills the plot.
    assert sum(heights[2:]) == pytest.approx(plot_height, abs=0.2)
    assert heights[0] == pytest.approx(plot_height * 2 / 5, abs=0.1)


def test_empty_chart_says_so() -> None:
    root = _parse(charts.stacked_bars("t", ["a"], [charts.Series("id", [0])]))
    assert root.get("data-points") == "0"
    assert "no data in this window" in "".join(root.itertext())


def test_lines_and_horizontal_bars_render_every_point() -> None:
    line = _parse(charts.lines("r", ["d1", "d2", "d3"], [charts.Series("dup", [10, 50, 0])], percent=True))
    assert len(line.findall(f".//{SVG}circle")) == 3
    bars = _parse(charts.horizontal_bars("b", {"pending": 3, "failed": 1, "none": 0}))
    assert bars.get("data-points") == "2"
    assert [t.text for t in bars.findall(f".//{SVG}rect/{SVG}title")] == ["pending: 3", "failed: 1", "none: 0"]


def test_chart_labels_are_escaped() -> None:
    root = _parse(charts.horizontal_bars("<b>", {"<script>": 1}))
    assert root.find(f"{SVG}title").text == "<b>"
    assert "<script>" in "".join(root.itertext())  # as text, not markup


def test_every_dashboard_chart_renders_with_data(duckdb_uri: str) -> None:
    seed_warehouse(duckdb_uri, t0=datetime.now(UTC) - timedelta(minutes=30))
    rendered = render_charts(read_snapshot(duckdb_uri, window="7d"))
    operational = {"hourly", "categories", "fetches", "backlog", "throughput", "rates", "links"}
    assert set(rendered) == operational | {"translation_quality"}
    for name in operational:  # the seed has no aligned pairs: test_translation_quality_chart.py plots those
        assert int(_parse(rendered[name]).get("data-points")) > 0, name


def test_a_long_legend_wraps_and_pushes_the_plot_down() -> None:
    series = [charts.Series(f"category-{i}", [1]) for i in range(7)]
    root = _parse(charts.stacked_bars("t", ["d"], series))
    legend = [t.text for t in root.findall(f"{SVG}text")]
    assert legend == [f"category-{i}" for i in range(7)]  # every entry drawn, none clipped
    rows = -(-7 // charts.LEGEND_PER_ROW)
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT + (rows - 1) * charts.LEGEND_ROW_H}"
    xs = [float(r.get("x")) for r in root.findall(f"{SVG}rect")]
    assert max(xs) < charts.WIDTH


def test_count_axes_have_integer_ticks_titles_and_a_now_marker() -> None:
    assert charts.ticks(5) == [0, 1, 2, 3, 4, 5]
    assert charts.ticks(7) == [0, 2, 4, 6, 8]
    assert charts.ticks(3) == [0, 1, 2, 3]
    assert charts.ticks(0.3, integer=False) == [0, 0.1, 0.2, 0.3]
    svg = charts.stacked_bars(
        "t",
        ["08:00", "09:00", "10:00"],
        [charts.Series("fetched", [3, 0, 2], "#009E73")],
        axes=("ingest time (Asia/Jakarta)", "requests per hour"),
        missing=[False, True, False],
        now_fraction=0.5,
    )
    root = _parse(svg)
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "tick" and ":" not in (t.text or "")]
    assert ticks == ["0", "1", "2", "3"]
    titles = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-title"]
    assert titles == ["ingest time (Asia/Jakarta)", "requests per hour"]
    assert len(root.findall(f".//{SVG}rect[@class='gap']")) == 1
    now = root.find(f".//{SVG}line[@class='now']")
    plot_w = charts.WIDTH - charts.MARGIN_LEFT - charts.MARGIN_RIGHT
    assert float(now.get("x1")) == pytest.approx(charts.MARGIN_LEFT + plot_w / 3 * 2.5, abs=0.1)
    assert root.find(f".//{SVG}rect[@class='bar']").get("fill") == "#009E73"


def test_a_line_breaks_where_there_is_no_data() -> None:
    root = _parse(
        charts.lines("r", ["a", "b", "c", "d", "e"], [charts.Series("dup", [10, 20, None, 30, 40])], percent=True)
    )
    assert len(root.findall(f".//{SVG}polyline")) == 2
    assert len(root.findall(f".//{SVG}circle")) == 4


def test_given_up_and_quarantined_items_and_translation_quality_are_shown(warehouse_uri: str) -> None:
    from antara_dashboard.app import render_page
    from antara_dashboard.runs import RunHealth
    from seed import seed_problems

    seed_warehouse(warehouse_uri)
    before = read_snapshot(warehouse_uri, now=NOW)
    if before.problems is None:  # this branch has no frontier migration: the sections are simply absent
        assert before.translation_quality is None
        assert "Given up and quarantined" not in render_page(before, None, warehouse_uri, RunHealth())
    seed_problems(warehouse_uri)
    snap = read_snapshot(warehouse_uri, now=NOW)
    reasons = {p["key"]: (p["state"], p["reason"]) for p in snap.problems}
    assert reasons == {
        "www.antaranews.com/berita/2001": ("given_up", "http_503"),
        "www.antaranews.com/berita/2003": ("quarantined at extract", "no_body: body has 0 characters"),
    }
    assert snap.frontier_counts == {"given_up": 1, "loaded": 1}
    assert snap.translation_quality[0]["chrf"] == pytest.approx(55.5)
    page = render_page(snap, None, warehouse_uri, RunHealth())
    assert "Given up and quarantined" in page and "no_body: body has 0 characters" in page
    assert "<td>55.5</td><td>30.2</td>" in page  # chrF and BLEU with one decimal
