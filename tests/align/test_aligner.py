"""The sentence aligner on the invented gold set (targets of issue 16) and on hand-made hard cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.align import LinkType, Method, align
from pipeline.align.anchors import sentence_anchors
from pipeline.evaluate.alignment import evaluate, main, read_documents

GOLD = Path(__file__).resolve().parent.parent / "gold" / "alignment"
TARGETS = {"with_mt.jsonl": (0.95, 0.95), "text.jsonl": (0.92, 0.88)}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_gold_set_meets_the_targets(name: str) -> None:
    figures = evaluate(read_documents(GOLD / name))
    precision, recall = TARGETS[name]
    assert figures["documents"] == 7
    assert figures["precision"] >= precision, figures
    assert figures["recall"] >= recall, figures
    assert figures["methods"] == {(Method.MT if name == "with_mt.jsonl" else Method.TEXT).value: 7}


def test_evaluator_prints_the_figures_as_its_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(GOLD / "text.jsonl")]) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"pairs", "precision", "recall", "f1"} <= set(last)
    assert last["pairs"] == 48


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
