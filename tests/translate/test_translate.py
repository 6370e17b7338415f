"""translate_articles end to end on tiny memorising Marian models, with both engines."""

from __future__ import annotations

import hashlib
import logging
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from translate.conftest import make_article

from pipeline.config import Settings
from pipeline.models import TranslationStatus
from pipeline.translate import EnginePool, MemoryCache, translate_articles
from pipeline.translate.engines import TransformersEngine
from support.tiny_marian import EN_ID_PAIRS, ID_EN_PAIRS

ENGINES = ["transformers", "ctranslate2"]


@pytest.mark.parametrize("engine", ENGINES)
def test_article_is_translated_with_layout_dateline_credits_and_provenance(
    engine: str, make_settings: Callable[..., Settings], tiny_models: dict[str, Path]
) -> None:
    settings = make_settings(mt_engine=engine)
    article = make_article(
        "101",
        "id",
        "Bank Indonesia mempertahankan suku bunga acuan.",
        "Jakarta (ANTARA) - Gempa bumi mengguncang Sulawesi pada Senin pagi. Harga beras naik di pasar tradisional "
        "Jakarta.\n\nBanjir melanda beberapa desa di Kalimantan.\n\nPewarta: Budi Santoso\nEditor: Ani Lestari",
    )
    english = make_article(
        "202", "en", "The government will build a new toll road.", "The Health Ministry reported new cases."
    )
    report = translate_articles([article, english], settings)

    assert article.translation is not None and english.translation is not None
    assert article.translation.status == TranslationStatus.DONE
    assert article.translation.target_lang == "en"
    assert article.translation.title == "Bank Indonesia kept its benchmark interest rate unchanged."
    assert article.translation.body == (
        "Jakarta (ANTARA) - An earthquake shook Sulawesi on Monday morning. Rice prices rose in traditional markets "
        "in Jakarta.\n\nFloods hit several villages in Kalimantan.\n\nReporter: Budi Santoso\nEditor: Ani Lestari"
    )
    assert (english.translation.title, english.translation.body) == (
        "Pemerintah akan membangun jalan tol baru.",
        "Kementerian Kesehatan melaporkan kasus baru.",
    )
    weights_sha = hashlib.sha256((tiny_models["id-en"] / "model.safetensors").read_bytes()).hexdigest()[:12]
    assert article.translation.model == str(tiny_models["id-en"])
    assert article.translation.engine == engine
    assert article.translation.revision == weights_sha
    assert report.model_keys["id-en"] == f"{tiny_models['id-en']}@{weights_sha}"
    assert (report.articles, report.done, report.pending, report.failed) == (2, 2, 0, 0)
    assert (report.sentences, report.translated, report.cache_hits) == (6, 6, 0)
    assert report.tokens > 6 and "2/2 articles" in report.summary()


@pytest.mark.parametrize("beam", [1, 2, 4])
def test_both_engines_agree_on_every_training_pair(beam: int, make_settings: Callable[..., Settings]) -> None:
    outputs = {}
    for engine in ENGINES:
        articles = [make_article(str(i), "id", source, source) for i, (source, _) in enumerate(ID_EN_PAIRS)]
        articles += [make_article(str(i + 10), "en", source, source) for i, (source, _) in enumerate(EN_ID_PAIRS)]
        # float32: the engines' outputs are then identical (int8 kernels differ between CPU families)
        settings = make_settings(mt_engine=engine, mt_beam_size=beam, mt_compute_type="float32")
        translate_articles(articles, settings)
        outputs[engine] = [article.translation.body for article in articles if article.translation]
    assert outputs["ctranslate2"] == outputs["transformers"]
    assert outputs["transformers"] == [target for _, target in ID_EN_PAIRS + EN_ID_PAIRS]


def test_ctranslate2_runs_int8_on_cpu_by_default_and_stays_close_to_the_reference(
    make_settings: Callable[..., Settings],
) -> None:
    """The default precision on CPU is int8; its outputs may differ from float32 by a token, never by more."""
    import sacrebleu

    from pipeline.translate.engines import EnginePool

    settings = make_settings(mt_engine="ctranslate2")
    assert EnginePool(settings).get("id", "en").compute_type == "int8"
    articles = [make_article(str(i), "id", source, source) for i, (source, _) in enumerate(ID_EN_PAIRS)]
    translate_articles(articles, settings)
    outputs = [article.translation.body for article in articles if article.translation]
    references = [target for _, target in ID_EN_PAIRS]
    assert len(outputs) == len(references)
    assert sacrebleu.corpus_chrf(outputs, [references]).score >= 90
    assert sum(o == r for o, r in zip(outputs, references, strict=True)) >= len(references) - 2


def long_article(rng: random.Random, paragraphs: int = 45) -> tuple[str, str]:
    """A 2,000+ word article of shuffled known sentences, and its expected translation."""
    source_paragraphs, target_paragraphs = [], []
    for _ in range(paragraphs):
        pairs = rng.sample(ID_EN_PAIRS, k=7)
        source_paragraphs.append(" ".join(source for source, _ in pairs))
        target_paragraphs.append(" ".join(target for _, target in pairs))
    return "\n\n".join(source_paragraphs), "\n\n".join(target_paragraphs)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_2000_word_article_comes_back_with_every_paragraph_translated(
    engine: str, make_settings: Callable[..., Settings]
) -> None:
    body, expected = long_article(random.Random(7))
    assert len(body.split()) >= 2000
    article = make_article("303", "id", "Harga beras naik di pasar tradisional Jakarta.", body)
    translate_articles([article], make_settings(mt_engine=engine, mt_compute_type="float32"))
    assert article.translation is not None and article.translation.status == TranslationStatus.DONE
    assert article.translation.body == expected
    assert len(article.translation.body.split("\n\n")) == 45


def test_over_long_sentence_is_split_to_fit_the_model(make_settings: Callable[..., Settings]) -> None:
    """1,500 words in one sentence: far beyond the tiny model's 128 positions, which would raise if passed whole."""
    sentence = ", ".join(source.rstrip(".") for source, _ in ID_EN_PAIRS * 25) + "."
    article = make_article("404", "id", "Judul.", sentence)
    pool = EnginePool(make_settings())
    engine = RecordingEngine.wrap(pool, "id", "en")
    translate_articles([article], pool.settings, engines=pool)
    assert article.translation is not None and article.translation.status == TranslationStatus.DONE
    assert article.translation.body and len(article.translation.body.split()) > 100
    assert max(len(ids) for batch in engine.batches for ids in batch) <= 128


class RecordingEngine(TransformersEngine):
    """The real transformers engine, recording every batch (and optionally refusing big ones like a full GPU)."""

    oom_above: int | None = None

    @classmethod
    def wrap(cls, pool: EnginePool, source: str, target: str, oom_above: int | None = None) -> RecordingEngine:
        engine = pool.get(source, target)
        engine.__class__ = cls
        engine.batches, engine.oom_above = [], oom_above  # type: ignore[attr-defined]
        pool.register(source, target, engine)
        return engine  # type: ignore[return-value]

    def translate(self, batch: list[list[int]], **options: int) -> list[str]:
        if self.oom_above is not None and len(batch) > self.oom_above:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")  # what a full GPU raises
        self.batches.append(batch)  # type: ignore[attr-defined]
        return super().translate(batch, **options)  # type: ignore[arg-type]


def test_batches_are_sorted_token_bounded_and_span_articles(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(mt_batch_tokens=200)
    pool = EnginePool(settings)
    engine = RecordingEngine.wrap(pool, "id", "en")
    articles = [make_article(str(i), "id", source, source) for i, (source, _) in enumerate(ID_EN_PAIRS)]
    translate_articles(articles, settings, engines=pool)
    assert all(article.translation and article.translation.status == TranslationStatus.DONE for article in articles)
    batches = engine.batches  # type: ignore[attr-defined]
    lengths = [len(ids) for batch in batches for ids in batch]
    assert lengths == sorted(lengths) and len(lengths) == 8  # all articles' sentences, shortest first
    assert len(batches) > 1 and any(len(batch) > 1 for batch in batches)
    assert all(len(batch) * max(len(ids) for ids in batch) <= 200 for batch in batches)
    translate_articles(articles, settings, engines=pool)
    assert pool.get("id", "en") is engine  # loaded once, reused


def test_out_of_memory_halves_the_batch_and_retries(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(mt_batch_tokens=10_000)
    pool = EnginePool(settings)
    engine = RecordingEngine.wrap(pool, "id", "en", oom_above=2)
    articles = [make_article(str(i), "id", source, source) for i, (source, _) in enumerate(ID_EN_PAIRS)]
    report = translate_articles(articles, settings, engines=pool)
    assert [article.translation.body for article in articles if article.translation] == [t for _, t in ID_EN_PAIRS]
    assert report.oom_retries >= 2 and report.done == 8
    assert all(len(batch) <= 2 for batch in engine.batches)  # type: ignore[attr-defined]


def test_cache_prevents_retranslation_and_is_keyed_by_model(make_settings: Callable[..., Settings]) -> None:
    settings, cache = make_settings(), MemoryCache()
    first = [make_article("1", "id", ID_EN_PAIRS[0][0], f"{ID_EN_PAIRS[1][0]} {ID_EN_PAIRS[0][0]}")]
    report = translate_articles(first, settings, cache)
    assert (report.sentences, report.translated, report.cache_hits) == (2, 2, 0)  # the duplicate sentence once
    model_key = report.model_keys["id-en"]
    assert cache.get_many(model_key, [ID_EN_PAIRS[1][0]]) == {ID_EN_PAIRS[1][0]: ID_EN_PAIRS[1][1]}
    assert cache.get_many("other-model@abc", [ID_EN_PAIRS[1][0]]) == {}

    refetched = [make_article("1", "id", ID_EN_PAIRS[0][0], f"{ID_EN_PAIRS[1][0]}   {ID_EN_PAIRS[0][0]}")]
    report = translate_articles(refetched, settings, cache)
    assert (report.sentences, report.translated, report.cache_hits, report.tokens) == (2, 0, 2, 0)
    assert refetched[0].translation and refetched[0].translation.body == f"{ID_EN_PAIRS[1][1]} {ID_EN_PAIRS[0][1]}"


def test_unavailable_model_leaves_its_direction_pending(
    make_settings: Callable[..., Settings], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(mt_model_en_id=str(tmp_path / "no-such-model"))
    articles = [make_article(str(i), "en", "Floods hit several villages in Kalimantan.", "x") for i in range(3)]
    articles.append(make_article("9", "id", ID_EN_PAIRS[2][0], ID_EN_PAIRS[2][0]))
    pool = EnginePool(settings)
    with caplog.at_level(logging.ERROR, logger="pipeline.translate"):
        report = translate_articles(articles, settings, engines=pool)
        translate_articles(articles, settings, engines=pool)
    for article in articles[:3]:
        assert article.translation and article.translation.status == TranslationStatus.PENDING
        assert article.translation.error and "no-such-model" in article.translation.error
    assert articles[3].translation and articles[3].translation.body == ID_EN_PAIRS[2][1]
    assert (report.pending, report.done) == (3, 1)
    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1  # logged once


def test_unknown_hub_model_offline_is_pending_not_an_exception(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(mt_model_id_en="Helsinki-NLP/opus-mt-id-en-does-not-exist", mt_local_files_only=True)
    article = make_article("1", "id", "Judul.", "Isi.")
    report = translate_articles([article], settings)
    assert article.translation and article.translation.status == TranslationStatus.PENDING
    assert "opus-mt-id-en-does-not-exist" in (article.translation.error or "") and report.pending == 1


def test_translation_disabled_marks_pending(make_settings: Callable[..., Settings]) -> None:
    article = make_article("1", "id", "Judul.", "Isi.")
    report = translate_articles([article], make_settings(translate=False))
    assert article.translation and article.translation.status == TranslationStatus.PENDING
    assert article.translation.target_lang == "en" and "disabled" in (article.translation.error or "")
    assert report.pending == 1


def test_bad_article_fails_alone(make_settings: Callable[..., Settings]) -> None:
    bad = make_article("1", "id", "Judul.", "Teks rusak \ud800 di sini.")
    huge = make_article("2", "id", "Judul.", "kata " * 50_000)
    good = make_article("3", "id", ID_EN_PAIRS[4][0], ID_EN_PAIRS[5][0])
    report = translate_articles([bad, huge, good], make_settings())
    assert bad.translation and bad.translation.status == TranslationStatus.FAILED
    assert "cannot segment" in (bad.translation.error or "")
    assert huge.translation and huge.translation.status == TranslationStatus.FAILED
    assert "too long" in (huge.translation.error or "")
    assert good.translation and good.translation.status == TranslationStatus.DONE
    assert good.translation.body == ID_EN_PAIRS[5][1]
    assert (report.failed, report.done) == (2, 1)


def test_timeout_fails_only_what_was_not_translated(make_settings: Callable[..., Settings]) -> None:
    settings, cache = make_settings(), MemoryCache()
    cached = make_article("1", "id", ID_EN_PAIRS[0][0], ID_EN_PAIRS[1][0])
    translate_articles([cached], settings, cache)
    fresh = make_article("2", "id", ID_EN_PAIRS[2][0], ID_EN_PAIRS[3][0])
    report = translate_articles([cached, fresh], settings, cache, timeout_s=1e-9)
    assert cached.translation and cached.translation.status == TranslationStatus.DONE
    assert fresh.translation and fresh.translation.status == TranslationStatus.FAILED
    assert "timed out" in (fresh.translation.error or "")
    assert (report.done, report.failed) == (1, 1)


def test_ctranslate2_model_is_converted_once_and_cached(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(mt_engine="ctranslate2")
    EnginePool(settings).get("id", "en")
    converted = list((settings.resolved_data_dir / "models").glob("*-ct2-int8/model.bin"))
    assert len(converted) == 1
    stamp = converted[0].stat().st_mtime_ns
    EnginePool(settings).get("id", "en")
    assert converted[0].stat().st_mtime_ns == stamp
    assert list((settings.resolved_data_dir / "models").iterdir()) == [converted[0].parent]
