"""Issue #13's contract on both engines: change stamps for incremental sync, retractions, new metadata columns."""

from __future__ import annotations

from datetime import timedelta

from warehouse.conftest import T0, make_article, translated

from pipeline.warehouse import Warehouse

L1, L2, L3 = (T0 + timedelta(days=d) for d in (1, 2, 3))
SYNC = "SELECT key FROM articles WHERE updated_at > ? ORDER BY key"


def stamps(wh: Warehouse) -> dict[str, object]:
    return dict(wh.fetchall("SELECT key, updated_at FROM articles"))


def test_incremental_sync_returns_exactly_the_rows_a_load_changed(wh: Warehouse) -> None:
    a, b, c = make_article(1), make_article(2), make_article(3, lang="en")
    wh.load_articles([a, b, c], run_id="r1", loaded_at=L1)
    assert set(stamps(wh).values()) == {L1}

    # r2: a is seen again unchanged (a later sighting), b gets its translation, c is edited.
    later = {"fetched_at": T0 + timedelta(hours=5)}
    edited = c.model_copy(update={**later, "body": c.body + "\n\nUpdated.", "content_hash": "hash-en-3b"})
    stats = wh.load_articles(
        [a.model_copy(update=later), translated(b.model_copy(update=later)), edited], run_id="r2", loaded_at=L2
    )
    assert (stats.unchanged, stats.updated, stats.revised) == (1, 1, 1)
    assert [k for (k,) in wh.fetchall(SYNC, [L1])] == [c.key, b.key]
    assert stamps(wh)[a.key] == L1  # an identical re-sighting does not move the stamp

    # Replaying r2 changes nothing, so a consumer that synced at L2 gets nothing new.
    wh.load_articles([a.model_copy(update=later), translated(b.model_copy(update=later)), edited], run_id="r2",
                     loaded_at=L3)  # fmt: skip
    assert wh.fetchall(SYNC, [L2]) == []


def test_the_stamp_never_goes_backwards(wh: Warehouse) -> None:
    wh.load_articles([make_article(1)], run_id="r1", loaded_at=L2)
    wh.load_articles([translated(make_article(1, fetched=1))], run_id="r2", loaded_at=L1)  # a clock behind
    assert stamps(wh)[make_article(1).key] == L2


def test_a_removed_page_is_retracted_with_its_text_and_a_later_200_restores_it(wh: Warehouse) -> None:
    live, gone = translated(make_article(1)), translated(make_article(2))
    wh.load_articles([live, gone], run_id="r1", loaded_at=L1)

    assert wh.mark_retracted([gone.key, "www.antaranews.com/berita/404"], L2, "recheck-1") == 1
    assert wh.mark_retracted([gone.key], L3, "recheck-2") == 0  # already retracted: nothing moves
    row = wh.fetchall("SELECT status, retracted_at, body_id, revision, updated_at FROM articles WHERE key = ?",
                      [gone.key])  # fmt: skip
    assert row == [("retracted", L2, gone.body, 2, L2)]
    assert wh.fetchall("SELECT revision, changed, superseded_at, run_id, body_id FROM article_revisions") == [
        (1, ["status"], L2, "recheck-1", gone.body)
    ]
    assert [k for (k,) in wh.fetchall("SELECT key FROM articles_id ORDER BY key")] == [live.key]
    assert [k for (k,) in wh.fetchall("SELECT key FROM articles_en ORDER BY key")] == [live.key]
    assert wh.fetchall("SELECT key, status FROM articles_id_all WHERE status = 'retracted'") == [
        (gone.key, "retracted")
    ]
    assert wh.fetchall("SELECT SUM(articles) FROM daily_counts") == [(1,)]
    assert [k for (k,) in wh.fetchall(SYNC, [L1])] == [gone.key]  # the sync sees the retraction

    back = gone.model_copy(update={"fetched_at": T0 + timedelta(days=4)})  # the page answers 200 again
    stats = wh.load_articles([back], run_id="r3", loaded_at=L3)
    assert stats.updated == 1
    assert wh.fetchall("SELECT status, retracted_at, updated_at FROM articles WHERE key = ?", [gone.key]) == [
        ("live", None, L3)
    ]
    assert wh.count("articles_id") == 2


def test_new_metadata_columns_are_stored(wh: Warehouse) -> None:
    article = translated(make_article(1), flags=["missing_numbers"]).model_copy(
        update={
            "category": "ekonomi",
            "subcategory": "finansial",
            "published_at_source": "feed+page-zone",
            "published_at_disagreement_s": 3600,
        }
    )
    wh.load_articles([article, make_article(2)], run_id="r1")
    assert wh.fetchall(
        "SELECT category, subcategory, published_at_source, published_at_disagreement_s, translation_flags "
        "FROM articles ORDER BY key"
    ) == [("ekonomi", "finansial", "feed+page-zone", 3600, ["missing_numbers"]), (None, None, None, None, None)]
    assert wh.fetchall("SELECT text_status, translation_flags FROM articles_en ORDER BY key") == [
        ("done", ["missing_numbers"]),
        ("pending", None),
    ]


def test_flagged_translations_are_counted_and_can_be_queued_again(wh: Warehouse) -> None:
    from pipeline.warehouse.checks import CheckThresholds, run_checks

    flagged = translated(make_article(1), flags=["missing_numbers", "repetition"])
    wh.load_articles([flagged, translated(make_article(2))], run_id="r1")
    result = run_checks(wh)["translation_flags"]
    assert (result.checked, result.offending, result.ok) == (2, 1, True)  # counted; tolerated by default
    strict = run_checks(wh, CheckThresholds(max_flagged_translation_ratio=0.0))["translation_flags"]
    assert not strict.ok and "flags missing_numbers, repetition (opus-mt)" in strict.render()
    models = {"id-en": "opus-mt"}
    assert wh.articles_needing_translation(models, 10) == []
    [again] = wh.articles_needing_translation(models, 10, include_flagged=True)
    assert again.key == flagged.key and again.translation is not None
    assert again.translation.flags == ["missing_numbers", "repetition"]
