"""Story linking on batches alone (``wh=None``: empty history)."""

from __future__ import annotations

import logging

import pytest

from dedup.factory import DAM_EN, DAM_ID, DAM_MT, MARKET_ID, article, republished
from pipeline.dedup import DedupResult, link_stories
from pipeline.dedup.features import article_features
from pipeline.dedup.linker import DEFAULT_THRESHOLDS, crosslingual_link, mutual_best
from pipeline.models import StoryLink


def test_republished_copy_joins_the_story_and_the_earliest_is_canonical() -> None:
    later = article(2, "id", republished(DAM_ID), hours=6)
    first = article(1, "id", DAM_ID)
    result = link_stories([later, first], None)
    assert first.story_id == later.story_id is not None
    assert (first.canonical, later.canonical) == (True, False)
    [link] = result.links
    assert (link.a_key, link.b_key, link.kind) == (first.key, later.key, "near_duplicate")
    assert 0.6 <= link.score < 1.0 and link.evidence["method"] == "minhash-128 word-5-shingles"
    assert (result.near_duplicates, result.crosslingual, result.stories_new) == (1, 0, 1)
    assert result.summary() == (
        "dedup: 2 articles, 1 new stories, 1 near-duplicate links, 0 cross-lingual links, 0 stored articles re-assigned"
    )


def test_identical_text_under_a_new_id_scores_one() -> None:
    a, b = article(1, "id", DAM_ID), article(2, "id", "Jakarta (ANTARA) - " + DAM_ID.split(" - ", 1)[1], hours=1)
    [link] = link_stories([a, b], None).links
    assert link.score == 1.0 and link.evidence["method"] == "identical normalised content"
    assert a.content_hash == b.content_hash != ""


def test_unrelated_articles_get_separate_stories() -> None:
    a, b = article(1, "id", DAM_ID), article(2, "id", MARKET_ID)
    result = link_stories([a, b], None)
    assert a.story_id != b.story_id and a.canonical and b.canonical
    assert result.links == [] and result.stories_new == 2


def test_recurring_format_with_other_figures_is_not_a_duplicate() -> None:
    """Same template ("Harga emas hari ini"), other day and prices: the number veto keeps them apart."""
    template = (
        "Jakarta (ANTARA) - Harga emas batangan produksi PT Aneka Tambang Tbk (Antam) pada {day} ({date}/5/2026) "
        "naik {rise} menjadi {price} per gram dibandingkan hari sebelumnya. Harga pembelian kembali atau buyback juga "
        "naik {rise} menjadi {buyback} per gram. Pembelian emas dengan nominal di atas Rp10 juta dikenakan PPh 22 "
        "sebesar 0,45 persen bagi pemilik NPWP, sedangkan emas ukuran 100 gram dijual {bar}."
    )
    a = article(1, "id", template.format(day="Selasa", date=12, rise="Rp5.000", price="Rp1.852.000",
                                         buyback="Rp1.701.000", bar="Rp181.720.000"))  # fmt: skip
    b = article(2, "id", template.format(day="Rabu", date=13, rise="Rp4.000", price="Rp1.856.000",
                                         buyback="Rp1.705.000", bar="Rp182.120.000"), hours=24)  # fmt: skip
    assert link_stories([a, b], None).links == []
    assert a.story_id != b.story_id


def test_crosslingual_twin_links_with_translation_and_evidence() -> None:
    id_article = article(1, "id", DAM_ID, translation=DAM_MT)
    en_article = article(2, "en", DAM_EN, hours=2)
    result = link_stories([id_article, en_article], None)
    assert id_article.story_id == en_article.story_id
    assert id_article.canonical and en_article.canonical  # one canonical per story and edition
    [link] = result.links
    assert link.kind == "crosslingual" and link.evidence["mode"] == "bridge+translation"
    assert {"prabowo", "jragung", "4528", "28"} <= set(link.evidence["shared_anchors"])
    assert link.evidence["hours_apart"] == 2.0 and link.evidence["mt_similarity"] >= 0.3
    assert link.score == pytest.approx(link.evidence["bridge_jaccard"] + link.evidence["mt_similarity"], abs=1e-3)


def test_pending_translation_links_on_the_lexical_bridge() -> None:
    id_article, en_article = article(1, "id", DAM_ID), article(2, "en", DAM_EN, hours=2)
    [link] = link_stories([id_article, en_article], None).links
    assert link.evidence["mode"] == "bridge" and "mt_similarity" not in link.evidence
    assert link.score == link.evidence["bridge_jaccard"] >= DEFAULT_THRESHOLDS.xl_bridge


def test_short_rewrite_without_figures_links_by_its_event_words() -> None:
    """Few shared figures, but the same event words (dam, inaugurated, flood, Central Java): one story."""
    en_short = (
        "Jakarta (ANTARA) - A new dam was inaugurated by President Prabowo Subianto in Central Java on Thursday, "
        "where officials discussed irrigation plans and flood control for Demak."
    )
    [link] = link_stories([article(1, "id", DAM_ID), article(2, "en", en_short)], None).links
    assert {"w:flood", "w:central", "k:prabo"} <= set(link.evidence["shared_bridge"])


def test_same_topic_with_other_figures_is_two_stories() -> None:
    """Another dam opened by the same president: the names recur, the figures do not."""
    other_dam = (
        "Bandung (ANTARA) - President Prabowo Subianto on Thursday inaugurated the Cipanas Dam in Sumedang, West "
        "Java, which cost Rp1.1 trillion and holds 63 million cubic meters of water.\n\nThe dam will irrigate 6,000 "
        "hectares of rice fields, Public Works Minister Dody Hanggodo said."
    )
    assert link_stories([article(1, "id", DAM_ID), article(2, "en", other_dam, hours=1)], None).links == []


def test_legacy_index_rows_without_bridge_fall_back_to_the_strict_anchor_rule() -> None:
    id_doc = article_features(article(1, "id", DAM_ID))
    en_doc = article_features(article(2, "en", DAM_EN, hours=2))
    id_doc.bridge = en_doc.bridge = frozenset()
    link = crosslingual_link(id_doc, en_doc, DEFAULT_THRESHOLDS)
    assert link is not None and link.evidence["mode"] == "anchors-only"
    assert link.score >= DEFAULT_THRESHOLDS.xl_anchor_only


def test_twins_outside_the_publication_window_are_not_linked() -> None:
    late = DEFAULT_THRESHOLDS.xl_window_hours + 1
    result = link_stories([article(1, "id", DAM_ID), article(2, "en", DAM_EN, hours=late)], None)
    assert result.links == []


def test_mutual_best_keeps_one_to_one_twins() -> None:
    links = [
        StoryLink(a_key="en/1", b_key="id/1", kind="crosslingual", score=0.7),
        StoryLink(a_key="en/2", b_key="id/1", kind="crosslingual", score=0.4),
        StoryLink(a_key="en/2", b_key="id/2", kind="crosslingual", score=0.5),
    ]
    assert [(link.a_key, link.b_key) for link in mutual_best(links)] == [("en/1", "id/1"), ("en/2", "id/2")]


def test_transitive_story_and_blank_body(caplog: pytest.LogCaptureFixture) -> None:
    first, copy = article(1, "id", DAM_ID), article(2, "id", republished(DAM_ID), hours=1)
    twin, blank = article(3, "en", DAM_EN, hours=3), article(4, "id", "   ")
    with caplog.at_level(logging.WARNING, logger="pipeline.dedup.linker"):
        result: DedupResult = link_stories([copy, twin, blank, first], None)
    assert len({first.story_id, copy.story_id, twin.story_id}) == 1
    assert blank.story_id not in {first.story_id, None} and blank.canonical
    assert "www.antaranews.com/berita/4 has an empty body" in caplog.text
    assert [row.key for row in result.index_rows] == sorted([first.key, copy.key, twin.key])
    assert len(result.assignments) == 4


def test_story_ids_are_deterministic() -> None:
    runs = []
    for _ in range(2):
        batch = [article(1, "id", DAM_ID), article(2, "id", republished(DAM_ID), hours=1)]
        link_stories(batch, None)
        runs.append([a.story_id for a in batch])
    assert runs[0] == runs[1]
