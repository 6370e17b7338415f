"""Precomputed dedup features: the run file round-trips exactly, and the linker recomputes missing or stale ones."""

from __future__ import annotations

import numpy as np

from dedup.factory import DAM_EN, DAM_ID, DAM_MT, MARKET_ID, article
from pipeline.dedup import link_stories
from pipeline.dedup.features import FeatureRecord, article_features, feature_stamp
from pipeline.dedup.linker import batch_features


def test_a_feature_record_round_trips_every_signal() -> None:
    original = article_features(article(1, "id", DAM_ID, translation=DAM_MT))
    back = FeatureRecord.model_validate_json(FeatureRecord.of(original).model_dump_json()).features()
    assert back.signature.dtype == np.uint32 and np.array_equal(back.signature, original.signature)
    assert back.band_keys == original.band_keys
    assert sorted(back.text_signatures) == ["en", "id"]
    assert all(np.array_equal(back.text_signatures[k], v) for k, v in original.text_signatures.items())
    assert (back.anchors, back.bridge, back.content_hash, back.shingle_count, back.stamp) == (
        original.anchors,
        original.bridge,
        original.content_hash,
        original.shingle_count,
        original.stamp,
    )


def test_the_stamp_changes_with_the_body_and_the_translation() -> None:
    plain = article(1, "id", DAM_ID)
    stamps = {
        feature_stamp(plain),
        feature_stamp(article(1, "id", MARKET_ID)),
        feature_stamp(article(1, "id", DAM_ID, translation=DAM_MT)),
        feature_stamp(article(1, "id", DAM_ID, hours=1)),
    }
    assert len(stamps) == 4
    assert feature_stamp(article(1, "id", DAM_ID)) == feature_stamp(plain)


def test_fresh_precomputed_features_are_used_and_stale_ones_recomputed() -> None:
    dam_id, dam_en = article(1, "id", DAM_ID), article(2, "en", DAM_EN, hours=2)
    fresh = article_features(dam_id)
    stale = article_features(article(2, "en", MARKET_ID, hours=2))  # computed before the body was corrected
    docs = batch_features([dam_id, dam_en], {fresh.key: fresh, stale.key: stale})
    assert docs[dam_id.key].signature is fresh.signature  # used as handed over
    assert docs[dam_en.key].content_hash == article_features(dam_en).content_hash != stale.content_hash
    with_precomputed = link_stories([dam_id, dam_en], None, features={fresh.key: fresh, stale.key: stale})
    computed = link_stories([article(1, "id", DAM_ID), article(2, "en", DAM_EN, hours=2)], None)
    assert [link.model_dump() for link in with_precomputed.links] == [link.model_dump() for link in computed.links]
    assert with_precomputed.crosslingual == 1
    assert fresh.story_id is None  # the handed-over object is not written to


def test_the_prepare_step_writes_the_features_the_load_reads(tmp_path) -> None:
    """A backfill worker's ``prepare_features`` writes the run file; the load finds it handed over or in the run
    directory (the overlapped backfill hands nothing), blank bodies left out."""
    from pipeline.models import ArticleTranslation
    from pipeline.run.artifacts import EXTRACTED, TRANSLATED
    from pipeline.run.load import DEDUP_FEATURES, _precomputed_features, prepare_features
    from pipeline.runfiles import write_jsonl

    dam_id, dam_en = article(1, "id", DAM_ID, translation=DAM_MT), article(2, "en", DAM_EN, hours=2)
    blank = article(3, "en", " ")
    write_jsonl(tmp_path / EXTRACTED, [dam_id.model_copy(update={"translation": None}), dam_en, blank])
    write_jsonl(tmp_path / TRANSLATED, [ArticleTranslation(key=dam_id.key, translation=dam_id.translation)])
    handed = prepare_features(tmp_path)
    assert handed == {"dedup_features": str(tmp_path / DEDUP_FEATURES)}
    for inputs in (handed, None):
        features = _precomputed_features(tmp_path, inputs)
        assert sorted(features) == sorted([dam_id.key, dam_en.key])
        assert features[dam_id.key].stamp == feature_stamp(dam_id)  # computed with the translation joined
        assert sorted(features[dam_id.key].text_signatures) == ["en", "id"]
