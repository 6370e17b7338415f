"""The sentence aligner on the invented gold set (targets of issue 16) and on hand-made hard cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.align import LinkType, Method, align
from pipeline.align.aligner import MERGE_FEATURES, BeadScorer, Link, merge_features
from pipeline.align.anchors import sentence_anchors
from pipeline.align.lexicon import gloss
from pipeline.evaluate.alignment import evaluate, main, read_documents

GOLD = Path(__file__).resolve().parent.parent / "gold" / "alignment"
#: Issue 16's targets are 0.95/0.95 with MT and 0.92/0.88 from the texts alone; the gold sets hold the aligner to
#: what it reaches on them (the three last documents are hard cases: strays sharing numbers, swapped neighbours,
#: long merges, near-identical repeated sentences, a clock time written 13.21 and 13:21).
TARGETS = {"with_mt.jsonl": (0.98, 0.98), "text.jsonl": (0.94, 0.95)}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_gold_set_meets_the_targets(name: str) -> None:
    figures = evaluate(read_documents(GOLD / name))
    precision, recall = TARGETS[name]
    assert figures["documents"] == 10
    assert figures["precision"] >= precision, figures
    assert figures["recall"] >= recall, figures
    assert figures["methods"] == {(Method.MT if name == "with_mt.jsonl" else Method.TEXT).value: 10}


def test_evaluator_prints_the_figures_as_its_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(GOLD / "text.jsonl")]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"pairs", "precision", "recall", "f1"} <= set(last)
    assert last["pairs"] == 66


def test_numbers_units_and_names_meet_across_languages() -> None:
    id_side = sentence_anchors(
        "Pemerintah mengucurkan Rp742 juta atau 1.400 paket, naik 2,5 persen, pada Senin di Jawa Timur."
    )
    en_side = sentence_anchors(
        "The government disbursed Rp742 million or 1,400 packages, up 2.5 percent, on Monday in East Java."
    )
    assert {"742", "1400", "25"} <= id_side.numbers & en_side.numbers
    assert {"million", "percent"} <= id_side.units & en_side.units
    assert {"monday", "java", "east"} <= id_side.names & en_side.names


def test_merge_reorder_drop_and_stray_are_handled() -> None:
    indonesian = [
        "Harga beras di Pasar Induk Cipinang naik menjadi Rp14.500 per kilogram.",  # 0 -> 0
        "Kenaikan itu dipicu panen yang mundur.",  # 1 + 2 -> merged into en 1
        "Pedagang memperkirakan harga baru turun pada April.",
        "Seorang warga Bekasi memenangi lomba burung berkicau.",  # stray
        "Bulog menyiapkan 20.000 ton beras untuk operasi pasar.",  # 4 -> 3 (moved)
        "Menteri Perdagangan meninjau pasar pada Selasa.",  # 5 -> 2
    ]
    english = [
        "Rice prices at the Cipinang Main Market rose to Rp14,500 per kilogram.",
        "The increase was triggered by a late harvest, and traders expect prices to fall only in April.",
        "The Trade Minister inspected the market on Tuesday.",
        "Bulog has prepared 20,000 tons of rice for market operations.",
        "Football fans gathered in Surabaya on Sunday.",  # stray
    ]
    machine = [
        "The price of rice at Cipinang Main Market rose to Rp14,500 per kilogram.",
        "The increase was triggered by the delayed harvest.",
        "Traders estimate new prices will fall in April.",
        "A Bekasi resident won a songbird contest.",
        "Bulog prepared 20,000 tons of rice for market operations.",
        "The Trade Minister reviewed the market on Tuesday.",
    ]
    result = align(indonesian, english, a_translated=machine)
    assert result.method is Method.MT
    assert result.pairs() == {(0, 0), (1, 1), (2, 1), (4, 3), (5, 2)}
    assert {link.type for link in result.links} == {LinkType.ONE_ONE, LinkType.TWO_ONE}
    assert result.unaligned_a == [3] and result.unaligned_b == [4]
    assert all(0.5 < link.score <= 1.0 for link in result.links)
    # From the texts alone the moved sentence and the anchored ones still meet.
    assert {(0, 0), (4, 3), (5, 2)} <= align(indonesian, english).pairs()


def test_empty_side_aligns_nothing() -> None:
    result = align([], ["One sentence."])
    assert result.links == [] and result.unaligned_b == [0]


def test_merge_halves_meet_across_a_stray_sentence_from_the_texts_alone() -> None:
    indonesian = [
        "Tanah longsor menimbun 12 rumah di Desa Cibeber, Kabupaten Cianjur, pada Minggu malam.",
        "Petugas gabungan mengevakuasi 45 warga ke balai desa.",  # half 1 of en 1
        "Klub sepak bola Persib menang 3-1 atas tamu mereka.",  # stray between the halves
        "Hujan deras masih turun hingga Senin pagi sehingga pencarian korban dihentikan sementara.",  # half 2
        "Bupati Cianjur menetapkan status tanggap darurat selama 14 hari.",
    ]
    english = [
        "A landslide buried 12 houses in Cibeber village, Cianjur regency, on Sunday night.",
        "A joint team evacuated 45 residents to the village hall, and heavy rain continued until Monday morning, so"
        " the search for victims was halted for the time being.",
        "The Cianjur regent declared a 14-day emergency response status.",
    ]
    result = align(indonesian, english)
    assert result.method is Method.TEXT
    assert result.pairs() == {(0, 0), (1, 1), (3, 1), (4, 2)}
    assert result.unaligned_a == [2]


def test_gloss_falls_back_to_the_news_lexicon() -> None:
    assert "landslid" in gloss("Tanah longsor di Cianjur")
    assert "landslid" not in gloss("Tanah longsor di Cianjur", wide=False)


def test_clock_times_meet_across_languages() -> None:
    indonesian = sentence_anchors("City bertanding pada pukul 12.55 di Sinsheim.")
    english = sentence_anchors("City play at 12:55 p.m. in Sinsheim.")
    assert indonesian.numbers == english.numbers == {"1255"}


def test_merge_evidence_names_the_half_that_brings_the_merged_sentences_figures() -> None:
    indonesian = [
        "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin.",
        "Gempa itu berpusat pada kedalaman 10 kilometer.",
        "Warga diminta menjauhi bangunan yang retak.",
    ]
    english = [
        "A magnitude 5.6 earthquake struck Cianjur on Monday, at a depth of 10 kilometres.",
        "Residents were asked to stay away from cracked buildings.",
    ]
    scorer = BeadScorer(indonesian, english, "id", "en")
    link = Link((0,), (0,), 0.9)
    names = list(MERGE_FEATURES)
    right = dict(zip(names, merge_features(scorer, link, (0, 1), (0,)), strict=True))
    assert right["anchor_gain"] > 0 and right["adjacent"] == 1.0 and right["length_gain"] > 0
    assert align(indonesian, english).pairs() == {(0, 0), (1, 0), (2, 1)}
