"""Data-quality checks and consumer views, on both engines."""

from __future__ import annotations

from datetime import date, timedelta

from warehouse.conftest import EN_BODY, ID_BODY, T0, make_article, translated

from pipeline.models import StoryLink
from pipeline.warehouse import Warehouse
from pipeline.warehouse.checks import CheckThresholds, run_checks


def test_clean_articles_pass_every_check(wh: Warehouse) -> None:
    wh.load_articles([translated(make_article(1)), translated(make_article(2, lang="en"))], run_id="r1")
    report = run_checks(wh)
    assert report.ok, report.render()
    assert report.render().startswith("Data-quality checks: 7 passed, 0 failed")


def test_each_problem_is_reported_with_its_rows(wh: Warehouse) -> None:
    bad = [
        translated(make_article(1, body="  ")),
        translated(make_article(2, published_at=T0 + timedelta(hours=7))),  # WIB read as UTC
        translated(make_article(3, detected_lang="en", lang_confidence=0.97)),
        translated(make_article(4, body=ID_BODY + "\n\nBaca juga: Taman baru di kota lain")),
        make_article(5, lang="en", body=EN_BODY + "\n\nCOPYRIGHT © ANTARA 2026"),
    ]
    wh.load_articles(bad, run_id="r1")
    wh.save_story_links([StoryLink(a_key=bad[0].key, b_key="en.antaranews.com/news/404", kind="crosslingual",
                                   score=0.7)])  # fmt: skip

    report = run_checks(wh)

    assert not report.ok
    assert {r.name: r.offending for r in report.failed} == {
        "non_empty_body": 1,
        "published_at_window": 1,
        "language_matches_edition": 1,
        "no_boilerplate": 2,
        "translation_coverage": 1,
        "no_orphans": 1,
    }
    text = report.render()
    assert "www.antaranews.com/berita/1  body has 0 characters" in text
    assert "published_at 2026-03-02T10:00:00+00:00, fetched_at 2026-03-02T03:00:00+00:00" in text
    assert "edition id, detected en (confidence 0.97)" in text
    assert "body_id contains 'Baca juga'" in text and "body_en contains 'COPYRIGHT'" in text
    assert "story_links references missing article en.antaranews.com/news/404" in text
    assert "en.antaranews.com/news/5  translation pending" in text


def test_thresholds_are_configurable_and_scoped_by_run(wh: Warehouse) -> None:
    wh.load_articles([translated(make_article(1)), make_article(2)], run_id="r1")
    wh.load_articles([translated(make_article(3, detected_lang="en", lang_confidence=0.4))], run_id="r2")

    assert not run_checks(wh)["translation_coverage"].ok  # 2 of 3 translated < 90 %
    assert run_checks(wh, CheckThresholds(min_translation_coverage=0.6))["translation_coverage"].ok
    assert run_checks(wh, CheckThresholds(min_lang_confidence=0.5))["language_matches_edition"].ok
    scoped = run_checks(wh, run_id="r2")
    assert scoped["translation_coverage"].checked == 1 and scoped["translation_coverage"].ok
    assert not scoped["language_matches_edition"].ok


def test_language_views_and_stories(wh: Warehouse) -> None:
    id_article = translated(make_article(1, story_id="s1"))
    en_article = make_article(2, lang="en", story_id="s1", canonical=False)
    lonely = make_article(3, categories=[])
    wh.load_articles([id_article, en_article, lonely], run_id="r1")

    # Every article is in both language views; where no translation exists yet the text is null and says why.
    assert wh.fetchall("SELECT key, edition, is_translated, text_status, title FROM articles_en ORDER BY key") == [
        ("en.antaranews.com/news/2", "en", False, "original", "Reading park number 2 opens"),
        ("www.antaranews.com/berita/1", "id", True, "done", "[en] Taman baca nomor 1 dibuka"),
        ("www.antaranews.com/berita/3", "id", True, "pending", None),
    ]
    assert wh.fetchall("SELECT key, is_translated, text_status, body IS NULL FROM articles_id ORDER BY key") == [
        ("en.antaranews.com/news/2", True, "pending", True),
        ("www.antaranews.com/berita/1", False, "original", False),
        ("www.antaranews.com/berita/3", False, "original", False),
    ]
    assert wh.count("articles_en") == wh.count("articles_id") == wh.count("articles") == 3
    stories = wh.fetchall(
        "SELECT story_id, id_key, en_key, title_id, title_en, id_is_translation, en_is_translation, articles "
        "FROM stories ORDER BY story_id"
    )
    assert stories == [
        ("s1", id_article.key, en_article.key, id_article.title, en_article.title, False, False, 2),
        (lonely.key, lonely.key, None, lonely.title, None, False, True, 1),
    ]


def test_daily_counts_use_jakarta_dates(wh: Warehouse) -> None:
    late_evening_utc = T0.replace(hour=18)  # 01:00 WIB the next day
    wh.load_articles(
        [
            translated(make_article(1, published_at=late_evening_utc, categories=["terkini", "politik"])),
            make_article(2, published_at=T0, categories=["terkini"]),
            make_article(3, lang="en", published_at=T0, categories=[]),
            make_article(4, published_at=T0, categories=["terkini", "ekonomi"]).model_copy(
                update={"category": "ekonomi", "subcategory": "finansial"}
            ),
        ],
        run_id="r1",
    )
    # One row per kanal: the article's own kanal, else its first feed's; an article counts once.
    assert wh.fetchall(
        "SELECT day, edition, category, articles, translated_articles FROM daily_counts ORDER BY day, edition, category"
    ) == [
        (date(2026, 3, 2), "en", "(none)", 1, 0),
        (date(2026, 3, 2), "id", "ekonomi", 1, 0),
        (date(2026, 3, 2), "id", "terkini", 1, 0),
        (date(2026, 3, 3), "id", "terkini", 1, 1),
    ]
