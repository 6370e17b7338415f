"""The translate task reads a cache snapshot taken in the warehouse pool and stages new entries for the load."""

import json
from pathlib import Path

from warehouse.conftest import make_article

from pipeline.models import Translation, TranslationStatus
from pipeline.run.translate import StagedCache, candidate_sources, read_cache_rows, write_cache_snapshot
from pipeline.warehouse import Warehouse


def test_staged_cache_reads_the_snapshot_and_writes_only_the_run_file(tmp_path: Path, duckdb_uri: str) -> None:
    cache = StagedCache({"m@1": {"Banjir melanda desa.": "Floods hit villages."}}, tmp_path / "new.jsonl")
    cache.put_many("m@1", {"Harga beras naik.": "Rice prices rose."})

    found = cache.get_many("m@1", ["Banjir  melanda desa.", "Harga beras naik.", "Belum ada."])
    assert found == {"Banjir  melanda desa.": "Floods hit villages.", "Harga beras naik.": "Rice prices rose."}
    assert cache.get_many("other@2", ["Harga beras naik."]) == {}  # keyed by model identity

    assert cache.flush() == 1
    rows = [json.loads(line) for line in (tmp_path / "new.jsonl").read_text().splitlines()]
    assert rows == [{"model_key": "m@1", "source": "Harga beras naik.", "target": "Rice prices rose."}]


def test_snapshot_holds_the_cached_sentences_of_the_articles_only(tmp_path: Path, duckdb_uri: str) -> None:
    article = make_article(1)
    first, second = candidate_sources([article])[:2]
    assert first.startswith("Pemerintah kota meresmikan") or first.startswith("Taman baca")
    with Warehouse.open(duckdb_uri, auto_migrate=True) as wh:
        with wh.transaction():
            wh.translation_cache().put_many("m@1", {first: "T1", "Kalimat lain sama sekali.": "unrelated"})
            wh.translation_cache().put_many("m@2", {second: "T2"})
        assert write_cache_snapshot(wh, [article], tmp_path / "snapshot.jsonl") == 2
    assert read_cache_rows(tmp_path / "snapshot.jsonl") == {"m@1": {first: "T1"}, "m@2": {second: "T2"}}


def test_translate_stage_never_opens_the_warehouse(tmp_path: Path, monkeypatch) -> None:
    """The translate task runs outside the warehouse pool: a warehouse open there is an error."""
    from pipeline.config import Settings
    from pipeline.run import translate as translate_module
    from pipeline.runfiles import write_jsonl

    def no_warehouse(*_args, **_kwargs):
        raise AssertionError("translate opened the warehouse")

    monkeypatch.setattr(translate_module, "open_warehouse", no_warehouse)
    monkeypatch.setattr("pipeline.run.artifacts.open_warehouse", no_warehouse)
    article = make_article(2)
    write_jsonl(tmp_path / "articles.jsonl", [article])
    source = candidate_sources([article])[0]
    (tmp_path / "snap.jsonl").write_text(json.dumps({"model_key": "m@1", "source": source, "target": "T"}) + "\n")

    def fake_translate(articles, settings, cache):
        assert cache.get_many("m@1", [source]) == {source: "T"}
        for a in articles:
            a.translation = Translation(target_lang="en", status=TranslationStatus.PENDING)
        from pipeline.translate.run import TranslateReport

        return TranslateReport(articles=len(articles))

    monkeypatch.setattr("pipeline.translate.translate_articles", fake_translate)
    inputs = {"articles": str(tmp_path / "articles.jsonl"), "cache_snapshot": str(tmp_path / "snap.jsonl")}
    summary = translate_module.translate_stage(Settings(data_dir=tmp_path), tmp_path, inputs=inputs)
    assert summary["articles"] == 1
    assert json.loads((tmp_path / "translations.jsonl").read_text())["key"] == article.key
