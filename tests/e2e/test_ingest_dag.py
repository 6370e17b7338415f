"""The real ``antara_ingest`` DAG, run in-process with ``dag.test()``, on both warehouse engines."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from pipeline.urls import parse_article_url
from pipeline.warehouse import Warehouse
from pipeline.warehouse.checks import CHECK_NAMES
from support.antara_site import ARTICLE_FILES, gold_entries
from support.paths import DEMO_DIR, REPO

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("airflow_db")]


def run_ingest(**conf: str):
    from pipeline.cli import load_ingest_dag

    return load_ingest_dag().test(run_conf=conf)


def state(run_or_task_instance) -> str:
    """``success``, ``failed`` …, whether Airflow hands back an enum or a plain string."""
    value = run_or_task_instance.state
    return str(getattr(value, "value", value))


def task_states(dagrun) -> dict[tuple[str, str], str]:
    """(task id, map label) → final state, for every task instance of the run."""
    from airflow.utils.session import create_session

    with create_session() as session:
        return {
            (ti.task_id, ti.rendered_map_index or str(ti.map_index)): state(ti)
            for ti in dagrun.get_task_instances(session=session)
        }


def snapshot(uri: str, table: str) -> list[tuple]:
    with Warehouse.open(uri) as wh:
        return wh.fetchall(f"SELECT * FROM {table} ORDER BY 1")


def expected_keys() -> set[str]:
    entries = gold_entries()
    return {parse_article_url(entries[name]["url"]).key for name in ARTICLE_FILES}


def test_ingest_loads_clean_bilingual_articles_and_is_idempotent(
    warehouse_uri: str, site, antara_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uri = warehouse_uri  # parametrised: DuckDB and the local PostgreSQL
    monkeypatch.setenv("AIRFLOW_CONN_ANTARA_WAREHOUSE", uri)

    first = run_ingest()
    assert state(first) == "success"

    with Warehouse.open(uri) as wh:
        rows = wh.fetchall(
            "SELECT key, lang, detected_lang, categories, title_id, body_id, title_en, body_en, published_at,"
            " translation_status, translation_model, reporter, editor, translator, content_hash, story_id"
            " FROM articles ORDER BY key"
        )
        feed_states = {
            r[0]: r[1:] for r in wh.fetchall("SELECT feed, consecutive_failures, last_status FROM feed_state")
        }
    by_key = {r[0]: r for r in rows}
    assert set(by_key) == expected_keys()  # 9 articles; video/photo/404/empty/off-site links are not loaded

    # An Indonesian article announced by two feeds: one row, both categories, original + translation.
    bendungan = by_key["www.antaranews.com/berita/5312345"]
    _, lang, detected, categories, title_id, body_id, _, body_en, published, status, model, *_ = bendungan
    assert (lang, detected) == ("id", "id")
    assert {"terkini", "ekonomi"} <= set(categories)
    assert title_id.startswith("Bendungan Wadas Lintang Baru")
    assert body_id == gold_entries()["c_id_bendungan.html"]["body"]  # the clean body, dateline kept
    assert (status, model) == ("done", os.environ["ANTARA_MT_MODEL_ID_EN"])
    # The tiny model memorised this sentence: the real transformers path produced this translation.
    assert "Presiden Joko Widodo meresmikan bendungan baru di Jawa Tengah." in body_id
    assert "President Joko Widodo inaugurated a new dam in Central Java." in body_en
    assert body_en.count("\n\n") == body_id.count("\n\n")  # paragraphs preserved
    assert published.utcoffset() is not None and published == datetime.fromisoformat(
        gold_entries()["c_id_bendungan.html"]["published_at"]
    )

    # An English article gets its Indonesian translation.
    toll = by_key["en.antaranews.com/news/421234"]
    assert toll[1] == "en" and "business-investment" in toll[3] and "news" in toll[3]
    assert "The government will build a new toll road." in toll[7]
    assert "Pemerintah akan membangun jalan tol baru." in toll[5]

    # Boilerplate never reaches the table.
    for row in rows:
        for text in (row[5], row[7]):
            for marker in ("Baca juga", "Berita terkait", "Related news", "Hak Cipta", "adsbygoogle", "Editor:"):
                assert marker not in (text or ""), (row[0], marker)

    # The Indonesian and English reports of the Poso earthquake are one story.
    assert by_key["www.antaranews.com/berita/5312467"][15] == by_key["en.antaranews.com/news/421298"][15]
    assert len({r[15] for r in rows}) < len(rows)

    # The failing feed failed alone, visibly, and its state records it.
    states = task_states(first)
    assert states[("fetch_feed", "id-hukum")] == "failed"
    assert states[("fetch_feed", "id-terkini")] == "success"
    assert states[("load", "-1")] == "success" and states[("quality_checks", "-1")] == "success"
    assert feed_states["id-hukum"][0] == 1 and feed_states["id-terkini"][0] == 0
    with Warehouse.open(uri) as wh:  # the checks task kept its report for the dashboard
        checks = wh.fetchall("SELECT check_name, ok FROM check_results WHERE run_id = ?", [first.run_id])
    assert len(checks) == len(CHECK_NAMES) and all(ok for _, ok in checks)

    # Second run against the unchanged site: no page fetched again, conditional GETs, table unchanged.
    articles_before = snapshot(uri, "articles")
    pages_before = len(site.page_requests())
    second = run_ingest()
    assert state(second) == "success"
    assert len(site.page_requests()) == pages_before
    terkini = site.requests_for("/rss/terkini.xml")
    assert len(terkini) == 2 and ("If-None-Match" in terkini[1].headers or "If-Modified-Since" in terkini[1].headers)
    assert snapshot(uri, "articles") == articles_before
    assert snapshot(uri, "article_revisions") == []


def test_demo_archive_replays_offline_without_models(antara_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What `make demo` does: the bundled WARC, no network, no translation model → success, rows, pending."""
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # any network attempt would fail loudly
    monkeypatch.setenv("ANTARA_MT_MODEL_ID_EN", "Helsinki-NLP/opus-mt-id-en")
    monkeypatch.setenv("ANTARA_MT_MODEL_EN_ID", "Helsinki-NLP/opus-mt-en-id")
    monkeypatch.setenv("ANTARA_CHECK_MIN_TRANSLATION_COVERAGE", "0")
    dagrun = run_ingest(
        source="replay", replay_archive=str(DEMO_DIR / "antara-demo.warc.gz"), feeds_file=str(DEMO_DIR / "feeds.yaml")
    )
    assert state(dagrun) == "success"
    uri = f"duckdb:///{antara_env / 'warehouse.duckdb'}"
    with Warehouse.open(uri) as wh:
        rows = wh.fetchall("SELECT key, translation_status, translation_error FROM articles ORDER BY key")
    assert {r[0] for r in rows} == expected_keys()
    assert {r[1] for r in rows} == {"pending"}
    assert all("opus-mt" in (r[2] or "") for r in rows)


def test_retranslate_catches_up_on_pending_translations(
    site, antara_env: Path, tiny_models: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ingest while no model is available (pending), then the retranslate DAG translates the backlog."""
    from airflow.dag_processing.dagbag import DagBag

    uri = f"duckdb:///{antara_env / 'warehouse.duckdb'}"
    monkeypatch.setenv("ANTARA_MT_MODEL_ID_EN", str(antara_env / "no-model-here"))
    monkeypatch.setenv("ANTARA_CHECK_MIN_TRANSLATION_COVERAGE", "0")
    first = run_ingest()
    assert state(first) == "success"
    with Warehouse.open(uri) as wh:
        pending = wh.fetchall("SELECT key FROM articles WHERE translation_status = 'pending' ORDER BY key")
    assert len(pending) == 6  # the Indonesian ones; English → Indonesian had its model

    monkeypatch.setenv("ANTARA_MT_MODEL_ID_EN", str(tiny_models["id-en"]))
    retranslate = DagBag(dag_folder=str(REPO / "dags")).dags["antara_retranslate"]
    dagrun = retranslate.test(run_conf={"limit": 4})
    assert state(dagrun) == "success"
    with Warehouse.open(uri) as wh:
        status = dict(wh.fetchall("SELECT translation_status, COUNT(*) FROM articles GROUP BY 1"))
        revisions = wh.count("article_revisions")
    assert status == {"done": 7, "pending": 2}  # 3 English + 4 of the 6 Indonesian: the limit is per run
    assert revisions == 0  # a translation is not a content revision
    dagrun = retranslate.test(run_conf={"limit": 4})
    assert state(dagrun) == "success"
    with Warehouse.open(uri) as wh:
        status = dict(wh.fetchall("SELECT translation_status, COUNT(*) FROM articles GROUP BY 1"))
        dam = wh.fetchall("SELECT body_en FROM articles WHERE key = 'www.antaranews.com/berita/5312345'")[0][0]
    assert status == {"done": 9}
    assert "President Joko Widodo inaugurated a new dam in Central Java." in dam
