"""The dashboard's metrics and charts, read from a real warehouse (DuckDB and PostgreSQL)."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from antara_dashboard import charts
from antara_dashboard.app import render_charts
from antara_dashboard.metrics import (
    WarehouseUnavailable,
    configured_warehouse_uri,
    display_uri,
    read_snapshot,
)
from seed import NOW, seed_warehouse

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

    # 48 hourly buckets ending at the newest article's hour, with gaps filled by zeros.
    assert len(snap.hourly_by_edition) == 48
    assert list(snap.hourly_by_edition)[-1] == "03-10 09:00"
    assert snap.hourly_by_edition["03-10 09:00"] == {"id": 3, "en": 1}
    assert snap.hourly_by_edition["03-10 08:00"] == {"id": 2, "en": 1}
    assert snap.hourly_by_edition["03-09 09:00"] == {"id": 1, "en": 1}
    assert sum(sum(v.values()) for v in snap.hourly_by_edition.values()) == 9

    assert len(snap.daily_by_edition) == 14
    assert snap.daily_by_edition["03-10"] == {"id": 5, "en": 2}
    assert snap.daily_by_edition["03-09"] == {"id": 1, "en": 1}
    assert snap.daily_by_category["03-10"]["politik"] == 3
    assert snap.daily_by_category["03-10"]["ekonomi"] == 2
    assert snap.translated_daily["03-10"] == {"id": 3, "en": 1}

    assert snap.translation_backlog == {
        "id→en pending": 1,
        "id→en failed": 1,
        "en→id pending": 1,
        "en→id failed": 0,
    }
    assert snap.rates_daily["03-10"]["duplicate rate"] == pytest.approx(14.3)
    assert snap.rates_daily["03-10"]["story-link rate"] == pytest.approx(42.9)
    assert snap.fetches_by_outcome["03-10 09:00"] == {"feed error": 1, "page ok": 4}

    statuses = {f.feed: (f.status, f.consecutive_failures) for f in snap.feeds}
    assert statuses == {"en-business": ("backoff", 4), "id-ekonomi": ("failing", 1), "id-politik": ("ok", 0)}

    assert len(snap.latest) == 9
    newest = [a.published_at for a in snap.latest]
    assert newest == sorted(newest, reverse=True)
    duplicate = next(a for a in snap.latest if not a.is_canonical)
    assert duplicate.url.startswith("https://www.antaranews.com/berita/1001/")


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
    assert "no data yet" in "".join(root.itertext())


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
    seed_warehouse(duckdb_uri)
    rendered = render_charts(read_snapshot(duckdb_uri, now=NOW))
    assert set(rendered) == {"hourly", "daily", "categories", "fetches", "backlog", "throughput", "rates", "links"}
    for name, svg in rendered.items():
        assert int(_parse(svg).get("data-points")) > 0, name


def test_a_long_legend_wraps_and_pushes_the_plot_down() -> None:
    series = [charts.Series(f"category-{i}", [1]) for i in range(7)]
    root = _parse(charts.stacked_bars("t", ["d"], series))
    legend = [t.text for t in root.findall(f"{SVG}text")]
    assert legend == [f"category-{i}" for i in range(7)]  # every entry drawn, none clipped
    rows = -(-7 // charts.LEGEND_PER_ROW)
    assert root.get("viewBox") == f"0 0 {charts.WIDTH} {charts.HEIGHT + (rows - 1) * charts.LEGEND_ROW_H}"
    xs = [float(r.get("x")) for r in root.findall(f"{SVG}rect")]
    assert max(xs) < charts.WIDTH
