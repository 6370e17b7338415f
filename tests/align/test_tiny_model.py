"""End to end with real MT output: the tiny offline model translates the Indonesian article, the links are scored.

The tiny model memorised its training pairs, so its output for them is exact; the test checks the plumbing (cache
rows of the model revision feed the aligner and the scores, the view shows the model's revision), not quality.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipeline.align import align_linked_pairs
from pipeline.config import Settings
from pipeline.models import Article, StoryLink
from pipeline.translate.run import translate_articles
from pipeline.warehouse import Warehouse, WarehouseTranslationCache
from support.tiny_marian import ID_EN_PAIRS

WHEN = datetime(2026, 4, 6, 2, 0, tzinfo=UTC)


def _article(lang: str, number: int, body: str) -> Article:
    host, kind = ("www.antaranews.com", "berita") if lang == "id" else ("en.antaranews.com", "news")
    return Article(
        key=f"{host}/{kind}/{number}",
        url=f"https://{host}/{kind}/{number}/x",
        host=host,
        content_type=kind,
        antara_id=number,
        lang=lang,
        title="Berita" if lang == "id" else "News",
        body=body,
        published_at=WHEN,
        fetched_at=WHEN,
        content_hash=f"hash-{number}",
    )


def test_tiny_model_translation_is_scored_per_day(duckdb_uri: str, tiny_models: dict[str, Path], tmp_path) -> None:
    indonesian = _article("id", 51, "Jakarta (ANTARA) - " + " ".join(source for source, _ in ID_EN_PAIRS[:5]))
    english = _article("en", 52, " ".join(target for _, target in (ID_EN_PAIRS[0], ID_EN_PAIRS[2], ID_EN_PAIRS[3])))
    settings = Settings(
        data_dir=tmp_path / "data",
        mt_model_id_en=str(tiny_models["id-en"]),
        mt_beam_size=1,
        mt_threads=1,
        mt_local_files_only=True,
    )
    with Warehouse.open(duckdb_uri) as wh:
        report = translate_articles([indonesian], settings, WarehouseTranslationCache(wh))
        assert report.done == 1
        wh.load_articles([indonesian, english], run_id="tiny")
        wh.save_story_links([StoryLink(a_key=english.key, b_key=indonesian.key, kind="crosslingual", score=0.9)])
        aligned = align_linked_pairs(wh, [english.key])
        assert (aligned.aligned, aligned.links, aligned.scored) == (1, 3, 3)
        pairs = wh.fetchall("SELECT id_sentences, en_sentences, method FROM sentence_pairs ORDER BY link_index")
        assert pairs == [
            ("0", "0", "length+anchors+mt"),
            ("2", "1", "length+anchors+mt"),
            ("3", "2", "length+anchors+mt"),
        ]
        [(model, revision, pairs_scored, chrf)] = wh.fetchall(
            "SELECT model, revision, pairs, chrf FROM translation_quality_daily WHERE direction = 'id-en'"
        )
        assert (model, revision) == (indonesian.translation.model, indonesian.translation.revision)
        assert pairs_scored == 3 and float(chrf) == 100.0  # memorised pairs: our MT equals the reference
