"""Segmentation: sentences, abbreviations, over-long sentences, paragraphs, dateline and credit lines."""

from __future__ import annotations

import pytest

from pipeline.translate.segment import fit_to_limit, normalise, plan_text, split_sentences


def words_plus_eos(text: str) -> int:
    """A stand-in token counter: one token per word plus </s>."""
    return len(text.split()) + 1


@pytest.mark.parametrize(
    "text",
    [
        "Bupati Kab. Bogor meninjau lokasi.",
        "Camat Kec. Cibinong hadir di Prov. Jawa Barat.",
        "Kantor itu di Jl. Merdeka No. 12 Jakarta.",
        "Saham PT Maju Tbk. Naik tajam hari ini.",
        "Menurut Dr. Siti dan H. Ahmad serta Hj. Aminah, harga naik.",
        "Mereka membawa beras, gula, minyak, dll. Untuk warga.",
        "Bantuan berupa sembako, obat, dsb. Dibagikan kemarin.",
        "Gelar S.H. Diberikan kepada lulusan.",
    ],
)
def test_indonesian_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert split_sentences(text, "id") == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Dr. Jones in Jakarta.",
        "The U.S. Embassy issued a statement.",
        "Trading closed at 4 p.m. Jakarta time.",
        "The firm, Acme Inc. Said nothing.",
    ],
)
def test_english_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert split_sentences(text, "en") == [text]


def test_sentences_split_at_real_boundaries() -> None:
    text = 'Harga naik 3,5 persen. "Ini bagus!" katanya. Apakah cukup? Ya, menurut Menteri. 2026 akan lebih baik.'
    assert split_sentences(text, "id") == [
        "Harga naik 3,5 persen.",
        '"Ini bagus!" katanya.',
        "Apakah cukup?",
        "Ya, menurut Menteri.",
        "2026 akan lebih baik.",
    ]


def test_over_long_sentence_is_split_at_clauses_first() -> None:
    sentence = "satu dua tiga, empat lima enam; tujuh delapan sembilan sepuluh sebelas dua belas tiga belas."
    pieces = fit_to_limit(sentence, words_plus_eos, limit=5)
    assert all(words_plus_eos(piece) <= 5 for piece in pieces)
    assert pieces[:2] == ["satu dua tiga,", "empat lima enam;"]
    assert " ".join(pieces).split() == sentence.split()


def test_an_unbreakable_word_is_split_by_characters() -> None:
    def chars(text: str) -> int:
        return len(text) // 4 + 1

    pieces = fit_to_limit("x" * 100, chars, limit=8)
    assert "".join(pieces) == "x" * 100
    assert max(chars(piece) for piece in pieces) <= 8


def test_plan_keeps_paragraphs_dateline_and_credits() -> None:
    body = (
        "Jakarta (ANTARA) - Harga beras naik. Pemerintah bertindak.\n\n"
        "Baca juga: Banjir melanda desa\n\n"
        "Kalimat terakhir.\n\n"
        "Pewarta: Budi Santoso\nEditor: Ani Lestari\nCOPYRIGHT © ANTARA 2026"
    )
    plan = plan_text(body, "id", "en", words_plus_eos, limit=64)
    assert plan.sources == ["Harga beras naik.", "Pemerintah bertindak.", "Banjir melanda desa", "Kalimat terakhir."]
    rendered = plan.render({normalise(source): source.upper() for source in plan.sources})
    assert rendered == (
        "Jakarta (ANTARA) - HARGA BERAS NAIK. PEMERINTAH BERTINDAK.\n\n"
        "Also read: BANJIR MELANDA DESA\n\n"
        "KALIMAT TERAKHIR.\n\n"
        "Reporter: Budi Santoso\nEditor: Ani Lestari\nCOPYRIGHT © ANTARA 2026"
    )


def test_dateline_month_is_mapped_and_glued_credits_keep_their_names() -> None:
    body = "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) - Pasar dibuka.\n\nPewarta: Putu SavitriEditor: Agus Salim"
    plan = plan_text(body, "id", "en", words_plus_eos, limit=64)
    assert plan.sources == ["Pasar dibuka."]
    rendered = plan.render({"Pasar dibuka.": "Markets opened."})
    assert rendered == (
        "ISTANBUL, 23 February 2016 (Antara/PRNewswire) - Markets opened.\n\nReporter: Putu SavitriEditor: Agus Salim"
    )


def test_english_credits_map_to_indonesian_labels() -> None:
    plan = plan_text("Markets opened.\n\nReporter: Ann Lee\nTranslator: Budi", "en", "id", words_plus_eos, limit=64)
    assert plan.render({"Markets opened.": "Pasar dibuka."}) == "Pasar dibuka.\n\nPewarta: Ann Lee\nPenerjemah: Budi"


def test_paragraph_separators_are_kept_byte_for_byte() -> None:
    body = "Satu.\n\n\nDua.\n \nTiga."
    plan = plan_text(body, "id", "en", words_plus_eos, limit=64)
    assert plan.render({"Satu.": "One.", "Dua.": "Two.", "Tiga.": "Three."}) == "One.\n\n\nTwo.\n \nThree."
