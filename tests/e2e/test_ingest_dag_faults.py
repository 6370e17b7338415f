"""Issue #11 through the real DAG (dag.test()), on both engines: the flaky page arrives on a later run, the poison
item is quarantined while every good article loads, and the run's health decides the run's state."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.warehouse import Warehouse
from support.antara_site import ARTICLE_FILES, GOLD, gold_entries, http_url
from support.fake_site import RSS, FakeItem, Route, rss_feed

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("airflow_db")]

FLAKY_FILE = "c_id_otomotif.html"
FLAKY_KEY = "otomotif.antaranews.com/berita/518765"
POISON_FEED = {"name": "id-racun", "url": "http://www.antaranews.com/rss/racun.xml", "lang": "id", "category": "racun"}
POISON = "http://www.antaranews.com/berita/89999999999999999999999/x"


def run_ingest(**conf: str):
    from pipeline.cli import load_ingest_dag

    return load_ingest_dag().test(run_conf=conf)


def state(thing) -> str:
    return str(getattr(thing.state, "value", thing.state))


def task_states(dagrun) -> dict[tuple[str, str], str]:
    from airflow.utils.session import create_session

    with create_session() as session:
        return {(ti.task_id, ti.rendered_map_index or str(ti.map_index)): state(ti)
                for ti in dagrun.get_task_instances(session=session)}  # fmt: skip


@pytest.fixture
def uri(warehouse_uri: str, antara_env: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", warehouse_uri)
    monkeypatch.setenv("ANTARA_FRONTIER_RETRY_BASE_S", "0")  # a failed page is due again on the next run
    monkeypatch.setenv("ANTARA_CHECK_MIN_TRANSLATION_COVERAGE", "0")
    monkeypatch.setenv("ANTARA_MAX_RETRIES", "1")
    return warehouse_uri


def test_flaky_page_arrives_on_the_next_run_and_a_poison_item_is_quarantined(
    site, uri: str, antara_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky_url = http_url(gold_entries()[FLAKY_FILE]["url"])
    site.route(flaky_url, Route(status=503), Route(status=503), Route(body=(GOLD / FLAKY_FILE).read_bytes()))
    good_link = http_url(gold_entries()["c_id_bendungan.html"]["url"])
    poison_feed = rss_feed([FakeItem("Racun", POISON), FakeItem("Bendungan", good_link)])
    site.route(POISON_FEED["url"], Route(body=poison_feed, content_type=RSS, etag='"racun-1"'))
    registry = yaml.safe_load(Path(antara_env.parent / "feeds.yaml").read_text(encoding="utf-8"))
    registry["feeds"].append(POISON_FEED)
    (tmp_path / "feeds-poison.yaml").write_text(yaml.safe_dump(registry), encoding="utf-8")
    monkeypatch.setenv("ANTARA_FEEDS", str(tmp_path / "feeds-poison.yaml"))

    first = run_ingest()
    assert state(first) == "success"  # one failed feed (id-hukum) of 7 is no failed run
    states = task_states(first)
    assert states[("fetch_feed", "id-hukum")] == "failed" and states[("run_health", "-1")] == "success"
    with Warehouse.open(uri) as wh:
        keys = {r[0] for r in wh.fetchall("SELECT key FROM articles")}
        held = wh.fetchall("SELECT key, reason FROM quarantine")
        flaky = wh.fetchall("SELECT state, last_error FROM frontier WHERE key = ?", [FLAKY_KEY])
    assert len(keys) == len(ARTICLE_FILES) - 1 and FLAKY_KEY not in keys  # every good article but the flaky one
    assert held == [("www.antaranews.com/berita/89999999999999999999999", "id_out_of_range")]
    assert flaky == [("failed", "server_error")]

    second = run_ingest()
    assert state(second) == "success"
    with Warehouse.open(uri) as wh:
        keys = {r[0] for r in wh.fetchall("SELECT key FROM articles")}
        flaky = wh.fetchall("SELECT state FROM frontier WHERE key = ?", [FLAKY_KEY])
    assert len(keys) == len(ARTICLE_FILES) and flaky == [("loaded",)]
    terkini = site.requests_for("/rss/terkini.xml")
    assert len(terkini) == 2 and terkini[1].headers.get("If-None-Match")  # the feed did not change: 304


def test_a_run_where_every_feed_fails_or_planning_fails_is_failed(
    site, uri: str, antara_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = tmp_path / "broken.yaml"
    feeds = [{"name": f"id-rusak-{n}", "url": f"http://www.antaranews.com/rss/rusak-{n}.xml", "lang": "id",
              "category": "rusak"} for n in range(2)]  # fmt: skip
    registry.write_text(yaml.safe_dump({"feeds": feeds}), encoding="utf-8")
    dagrun = run_ingest(feeds_file=str(registry))
    assert state(dagrun) == "failed"
    states = task_states(dagrun)
    assert states[("run_health", "-1")] == "failed"
    assert states[("fetch_feed", "id-rusak-0")] == "failed" and states[("fetch_feed", "id-rusak-1")] == "failed"

    missing = tmp_path / "missing.warc.gz"
    dagrun = run_ingest(source="replay", replay_archive=str(missing))
    assert state(dagrun) == "failed"
    states = task_states(dagrun)
    assert states[("plan_feeds", "-1")] == "failed" and states[("run_health", "-1")] == "failed"
