"""Article loads on both engines: insert/refresh/revise rules, idempotence, translations, transactions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from warehouse.conftest import T0, dump, make_article, translated

from pipeline.models import TranslationStatus
from pipeline.warehouse import LoadStats, Warehouse, WarehouseError


def test_first_load_inserts_rows_in_the_documented_shape(wh: Warehouse) -> None:
    id_article = translated(make_article(1))
    stats = wh.load_articles([id_article, make_article(2, lang="en")], run_id="run-1")

    assert stats == LoadStats(inserted=2)
    row = wh.fetchall(
        "SELECT title_id, body_id, title_en, body_en, translation_status, revision, first_seen, last_seen, run_id "
        "FROM articles WHERE key = ?",
        [id_article.key],
    )[0]
    assert row[0] == id_article.title and row[1] == id_article.body  # original in its edition's columns
    assert row[2] == f"[en] {id_article.title}" and row[3] == f"[en] {id_article.body}"  # translation in the other
    assert row[4:] == ("done", 1, T0, T0, "run-1")
    en_row = wh.fetchall("SELECT title_id, title_en, translation_status FROM articles WHERE lang = 'en'")[0]
    assert en_row == (None, "Reading park number 2 opens", "pending")


def test_reloading_the_same_batch_changes_nothing(wh: Warehouse) -> None:
    batch = [translated(make_article(n)) for n in range(1, 6)] + [make_article(7, lang="en")]
    wh.load_articles(batch, run_id="run-1")
    before = dump(wh, "articles")

    stats = wh.load_articles(batch, run_id="run-2")

    assert stats == LoadStats(unchanged=6)
    assert dump(wh, "articles") == before
    assert wh.count("article_revisions") == 0


def test_a_later_identical_sighting_moves_only_last_seen(wh: Warehouse) -> None:
    wh.load_articles([make_article(1)], run_id="run-1")
    stats = wh.load_articles([make_article(1, fetched=5)], run_id="run-2")

    assert stats == LoadStats(unchanged=1)
    assert wh.fetchall("SELECT first_seen, last_seen, fetched_at, revision, run_id FROM articles") == [
        (T0, T0 + timedelta(hours=5), T0 + timedelta(hours=5), 1, "run-1")
    ]
    assert wh.known_articles([make_article(1).key, "nope"]) == {make_article(1).key: T0 + timedelta(hours=5)}


def test_categories_and_feeds_are_the_union_across_loads(wh: Warehouse) -> None:
    wh.load_articles([make_article(1, categories=["nasional"], feeds=["terkini"])], run_id="r1")
    stats = wh.load_articles([make_article(1, fetched=1, categories=["politik"], feeds=["politik"])], run_id="r2")

    assert stats == LoadStats(updated=1)
    assert wh.fetchall("SELECT categories, feeds FROM articles") == [(["nasional", "politik"], ["terkini", "politik"])]


def test_changed_content_archives_a_revision(wh: Warehouse) -> None:
    first = translated(make_article(1))
    wh.load_articles([first], run_id="r1")
    edited = make_article(1, fetched=2, title="Taman baca nomor 1 resmi dibuka", content_hash="hash-edited")

    stats = wh.load_articles([edited], run_id="r2")

    assert stats == LoadStats(revised=1)
    current = wh.fetchall("SELECT title_id, title_en, translation_status, revision, first_seen FROM articles")[0]
    assert current == ("Taman baca nomor 1 resmi dibuka", None, "pending", 2, T0)  # old translation is not kept
    revision = wh.fetchall(
        "SELECT key, revision, content_hash, title_id, title_en, changed, superseded_at, run_id FROM article_revisions"
    )
    changed = ["content_hash", "title_id", "title_en", "body_en"]  # the old translation went with the old text
    superseded = T0 + timedelta(hours=2)
    assert revision == [(first.key, 1, "hash-id-1", first.title, f"[en] {first.title}", changed, superseded, "r2")]
    assert wh.load_articles([edited], run_id="r3") == LoadStats(unchanged=1)
    assert wh.count("article_revisions") == 1


def test_pending_translation_never_overwrites_a_done_one(wh: Warehouse) -> None:
    wh.load_articles([translated(make_article(1))], run_id="r1")
    later = translated(make_article(1, fetched=3), status="pending")

    assert wh.load_articles([later], run_id="r2") == LoadStats(unchanged=1)
    assert wh.load_articles([make_article(1, fetched=4)], run_id="r3") == LoadStats(unchanged=1)
    assert wh.fetchall("SELECT translation_status, title_en, translation_model FROM articles") == [
        ("done", "[en] Taman baca nomor 1 dibuka", "opus-mt")
    ]
    retranslated = translated(make_article(1, fetched=5), model="opus-mt-big")
    assert wh.load_articles([retranslated], run_id="r4") == LoadStats(updated=1)
    assert wh.fetchall("SELECT translation_model FROM articles") == [("opus-mt-big",)]


def test_an_older_record_replayed_late_does_not_roll_content_back(wh: Warehouse) -> None:
    wh.load_articles([make_article(1, fetched=5, content_hash="new", title="Judul baru")], run_id="r2")
    stats = wh.load_articles([make_article(1, fetched=0, categories=["daerah"])], run_id="r1")

    assert stats == LoadStats(updated=1)
    assert wh.fetchall("SELECT title_id, content_hash, first_seen, categories FROM articles") == [
        ("Judul baru", "new", T0, ["nasional", "daerah"])
    ]


def test_replaying_runs_in_order_gives_identical_tables(warehouse_uri: str, tmp_path) -> None:
    runs = [
        [make_article(1), make_article(2, lang="en")],
        [translated(make_article(1, fetched=1)), make_article(3)],
        [make_article(1, fetched=2, content_hash="v2", body="Isi baru yang diperbarui redaksi."), make_article(3)],
    ]
    dumps = []
    for uri in (warehouse_uri, f"duckdb:///{tmp_path / 'replay.duckdb'}"):
        with Warehouse.open(uri, auto_migrate=True) as wh:
            for number, batch in enumerate(runs):
                wh.load_articles(batch, run_id=f"run-{number}")
            for number, batch in enumerate(runs):  # and the whole history replayed once more
                wh.load_articles(batch, run_id=f"run-{number}")
            dumps.append((dump(wh, "articles"), dump(wh, "article_revisions")))
    assert dumps[0] == dumps[1]


def test_a_batch_with_the_same_article_twice_takes_the_latest(wh: Warehouse) -> None:
    stats = wh.load_articles([make_article(1, fetched=1, content_hash="v2"), make_article(1)], run_id="r1")

    assert stats == LoadStats(inserted=1, revised=1)
    assert wh.fetchall("SELECT content_hash, revision FROM articles") == [("v2", 2)]


def test_a_failing_transaction_leaves_nothing_behind(wh: Warehouse) -> None:
    with pytest.raises(RuntimeError, match="boom"), wh.transaction():
        wh.load_articles([make_article(1)], run_id="r1")
        with wh.transaction():  # nested: joins the outer transaction
            wh.execute("INSERT INTO feeds (name, url) VALUES (?, ?)", ["terkini", "https://x/rss"])
        raise RuntimeError("boom")
    assert wh.count("articles") == 0
    assert wh.count("feeds") == 0
    wh.load_articles([make_article(1)], run_id="r1")
    assert wh.count("articles") == 1


def test_articles_needing_translation(wh: Warehouse) -> None:
    wh.load_articles(
        [
            translated(make_article(1), model="opus-mt-id-en"),
            translated(make_article(2), model="old-model"),
            make_article(3, published_at=T0 - timedelta(days=2)),
            translated(make_article(4, lang="en"), model="opus-mt-en-id", status="failed"),
            translated(make_article(5, lang="en"), model="opus-mt-en-id"),
        ],
        run_id="r1",
    )

    todo = wh.articles_needing_translation({"id-en": "opus-mt-id-en", "en-id": "opus-mt-en-id"}, limit=10)

    assert [a.key for a in todo] == [
        "www.antaranews.com/berita/3",  # oldest first
        "en.antaranews.com/news/4",
        "www.antaranews.com/berita/2",
    ]
    assert todo[0].title == "Taman baca nomor 3 dibuka" and todo[0].body == make_article(3).body
    assert todo[1].translation is not None and todo[1].translation.status == TranslationStatus.FAILED
    assert todo[2].translation is not None and todo[2].translation.model == "old-model"
    keyed = wh.articles_needing_translation({"id-en": "old-model@abc123"}, limit=1)
    assert [a.key for a in keyed] == ["www.antaranews.com/berita/3"]


def test_count_rejects_anything_but_a_name(wh: Warehouse) -> None:
    with pytest.raises(WarehouseError, match="not a table"):
        wh.count("articles; DROP TABLE articles")
    assert wh.count("articles") == 0
