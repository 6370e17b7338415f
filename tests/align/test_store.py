"""Sentence pairs, MT scores, the daily quality view and the corpus export, in a real warehouse (both engines)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import duckdb
import pytest

from pipeline.align import align_linked_pairs, compare_revisions, quality, rescore, revision_regression
from pipeline.cli import main as cli_main
from pipeline.corpus import COPYRIGHT_NOTICE, CorpusFormat, export_corpus
from pipeline.models import Article, StoryLink, Translation, TranslationStatus
from pipeline.warehouse import Warehouse, WarehouseTranslationCache

PUBLISHED = datetime(2026, 3, 2, 20, 30, tzinfo=UTC)  # 3 March in Jakarta
# Invented story, both editions (the English one cuts a sentence, merges two and adds one of its own).
ID_SENTENCES = [
    "Pemerintah Kota Bogor menanam 12.000 pohon di sepanjang Sungai Ciliwung pada Senin.",
    "Wali Kota Dedie Rachim mengatakan penanaman itu untuk mencegah longsor.",
    "Sebanyak 450 relawan dari 30 sekolah ikut serta.",
    "Bibit pohon disediakan oleh Kementerian Lingkungan Hidup.",
    "Program serupa akan digelar di Cisadane pada April.",
]
EN_SENTENCES = [
    "The Bogor city government planted 12,000 trees along the Ciliwung River on Monday.",
    "Mayor Dedie Rachim said the planting was to prevent landslides, and 450 volunteers from 30 schools took part.",
    "A similar programme will be held on the Cisadane in April.",
    "Bogor is about 60 kilometres south of Jakarta.",
]
MT_R1 = {
    ID_SENTENCES[0]: "The Bogor City Government planted 12,000 trees along the Ciliwung River on Monday.",
    ID_SENTENCES[1]: "Mayor Dedie Rachim said the planting was to prevent landslides.",
    ID_SENTENCES[2]: "A total of 450 volunteers from 30 schools took part.",
    ID_SENTENCES[3]: "The tree seedlings were provided by the Ministry of Environment.",
    ID_SENTENCES[4]: "A similar program will be held in Cisadane in April.",
}
MT_BAD = {source: "trees trees trees" for source in MT_R1}
MODEL = "tiny/opus-mt-id-en"


def _article(lang: str, number: int, sentences: list[str], revision_hash: str) -> Article:
    host, kind = ("www.antaranews.com", "berita") if lang == "id" else ("en.antaranews.com", "news")
    body = "Bogor (ANTARA) - " + " ".join(sentences[:2]) + "\n\n" + " ".join(sentences[2:])
    translation = None
    if lang == "id":
        translation = Translation(
            target_lang="en", status=TranslationStatus.DONE, body="(MT)", model=MODEL, engine="test", revision="r1"
        )
    return Article(
        key=f"{host}/{kind}/{number}",
        url=f"https://{host}/{kind}/{number}/pohon-ciliwung",
        host=host,
        content_type=kind,
        antara_id=number,
        lang=lang,
        title="Bogor menanam pohon" if lang == "id" else "Bogor plants trees",
        body=body,
        published_at=PUBLISHED,
        fetched_at=PUBLISHED + timedelta(minutes=5),
        translator="Raka Adji" if lang == "en" else None,
        content_hash=revision_hash,
        translation=translation,
    )


@pytest.fixture
def loaded(warehouse_uri: str):
    with Warehouse.open(warehouse_uri) as wh:
        wh.load_articles(
            [_article("id", 4001, ID_SENTENCES, "h-id-1"), _article("en", 9001, EN_SENTENCES, "h-en-1")], run_id="t1"
        )
        keys = ("www.antaranews.com/berita/4001", "en.antaranews.com/news/9001")
        wh.save_story_links([StoryLink(a_key=keys[0], b_key=keys[1], kind="crosslingual", score=0.71)])
        WarehouseTranslationCache(wh).put_many(f"{MODEL}@r1", MT_R1)
        yield wh, keys


def test_pairs_scores_and_daily_view(loaded) -> None:
    wh, (id_key, en_key) = loaded
    report = align_linked_pairs(wh, [id_key])
    assert (report.story_pairs, report.aligned, report.unchanged) == (1, 1, 0)
    rows = wh.fetchall(
        "SELECT id_sentences, en_sentences, link_type, method, day, story_link_score FROM sentence_pairs "
        "WHERE id_key = ? AND en_key = ? ORDER BY link_index",
        [id_key, en_key],
    )
    links = [(r[0], r[1], r[2]) for r in rows]
    assert links == [("0", "0", "1-1"), ("1,2", "1", "2-1"), ("4", "2", "1-1")]
    assert {r[3] for r in rows} == {"length+anchors+mt"}
    assert {r[4] for r in rows} == {date(2026, 3, 3)}
    assert {r[5] for r in rows} == {0.71}

    scores = wh.fetchall("SELECT link_index, direction, model, revision, chrf, bleu FROM sentence_pair_scores")
    assert len(scores) == 3 and {s[1:4] for s in scores} == {("id-en", MODEL, "r1")}
    assert all(0 < s[4] <= 100 and 0 <= s[5] <= 100 for s in scores)
    daily = wh.fetchall("SELECT day, direction, model, revision, pairs, chrf, bleu FROM translation_quality_daily")
    assert len(daily) == 1
    day, direction, model, revision, pairs, chrf, _ = daily[0]
    assert (day, direction, model, revision, pairs) == (date(2026, 3, 3), "id-en", MODEL, "r1", 3)
    assert float(chrf) == pytest.approx(sum(s[4] for s in scores) / 3, abs=0.01)

    again = align_linked_pairs(wh)  # a reload: unchanged hashes, nothing rewritten
    assert (again.aligned, again.unchanged) == (0, 1)
    assert wh.count("sentence_pairs") == 3 and wh.count("sentence_pair_scores") == 3


def test_new_revision_replaces_the_pairs(loaded) -> None:
    wh, (id_key, _) = loaded
    align_linked_pairs(wh)
    shorter = ID_SENTENCES[:3]
    wh.load_articles([_article("id", 4001, shorter, "h-id-2")], run_id="t2")
    report = align_linked_pairs(wh, [id_key])
    assert report.aligned == 1
    assert wh.fetchall("SELECT DISTINCT id_content_hash FROM sentence_pairs") == [("h-id-2",)]
    assert wh.fetchall("SELECT MAX(CAST(id_sentences AS TEXT)) FROM sentence_pairs")[0][0] <= "2"


@pytest.mark.parametrize(("new_mt", "regressed"), [(MT_BAD, True), (MT_R1, False)])
def test_revision_regression_after_rescoring(loaded, monkeypatch, new_mt, regressed) -> None:
    wh, (id_key, _) = loaded
    align_linked_pairs(wh)
    monkeypatch.setattr(quality, "MIN_SHARED_PAIRS", 3)
    WarehouseTranslationCache(wh).put_many(f"{MODEL}@r2", new_mt)
    wh.execute("UPDATE articles SET translation_revision = 'r2' WHERE key = ?", [id_key])
    later = datetime.now(UTC) + timedelta(hours=1)
    assert rescore(wh, now=later) == 3
    assert rescore(wh, now=later) == 0  # already scored for r2
    [comparison] = compare_revisions(wh)
    assert (comparison.previous, comparison.latest, comparison.shared_pairs) == (f"{MODEL}@r1", f"{MODEL}@r2", 3)
    result = revision_regression(wh)
    assert result.ok is not regressed
    assert result.checked == 1 and result.offending == int(regressed)
    assert result.samples[0][0] == "id-en"


@pytest.mark.parametrize("fmt", list(CorpusFormat))
def test_corpus_export_in_each_format(loaded, tmp_path, fmt) -> None:
    wh, _ = loaded
    align_linked_pairs(wh)
    path = tmp_path / f"corpus.{fmt.value}"
    report = export_corpus(wh, path, fmt, since=date(2026, 3, 1), until=date(2026, 3, 3), min_score=0.5)
    assert report.pairs == 3
    if fmt is CorpusFormat.JSONL:
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert lines[0]["_notice"]["notice"] == COPYRIGHT_NOTICE
        assert lines[1]["id_url"] == "https://www.antaranews.com/berita/4001/pohon-ciliwung"
        assert lines[1]["en_translator"] == "Raka Adji" and lines[1]["en_published_at"].startswith("2026-03-02T20:30")
        assert lines[1]["en_text"] == EN_SENTENCES[0]
    elif fmt is CorpusFormat.TMX:
        text = path.read_text(encoding="utf-8")
        assert f"<note>{COPYRIGHT_NOTICE}</note>" in text and text.count("<tu ") == 3
        assert '<prop type="x-en_url">https://en.antaranews.com/news/9001/pohon-ciliwung</prop>' in text
    else:
        con = duckdb.connect()
        meta = dict(con.execute(f"SELECT key, value FROM parquet_kv_metadata('{path}')").fetchall())
        assert meta[b"copyright"].decode() == COPYRIGHT_NOTICE
        assert con.execute(f"SELECT COUNT(*), MIN(en_translator) FROM '{path}'").fetchone() == (3, "Raka Adji")
    assert export_corpus(wh, tmp_path / "none.jsonl", CorpusFormat.JSONL, since=date(2026, 4, 1)).pairs == 0


def test_export_command_line(duckdb_uri, tmp_path, capsys) -> None:
    with Warehouse.open(duckdb_uri) as wh:
        wh.load_articles([_article("id", 4001, ID_SENTENCES, "a"), _article("en", 9001, EN_SENTENCES, "b")], run_id="t")
        wh.save_story_links(
            [
                StoryLink(
                    a_key="en.antaranews.com/news/9001",
                    b_key="www.antaranews.com/berita/4001",
                    kind="crosslingual",
                    score=0.6,
                )
            ]
        )
        align_linked_pairs(wh)
    out = tmp_path / "c.tmx"
    argv = ["export", "corpus", "--warehouse", duckdb_uri, "--format", "tmx", "--out", str(out), "--quiet"]
    assert cli_main([*argv, "--since", "2026-03-03", "--until", "2026-03-03", "--min-score", "0.2"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["pairs"] >= 2
    assert '<tmx version="1.4">' in out.read_text(encoding="utf-8")
