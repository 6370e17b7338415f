"""Per-article translation checks: each flag fires on the fault it names and stays quiet on a good translation."""

from __future__ import annotations

from pipeline.translate.quality import TranslationFlag, check_translation

SOURCE = (
    "Semarang (ANTARA) - Presiden Prabowo Subianto meresmikan Bendungan Jragung di Kabupaten Semarang, Jawa Tengah, "
    "pada Kamis. Bendungan senilai Rp2,8 triliun itu mengairi 4.528 hektare sawah di Demak dan Grobogan.\n\n"
    "Menteri Pekerjaan Umum Dody Hanggodo mengatakan bendungan tersebut menyediakan air baku 1.090 liter per detik.\n\n"
    "Pewarta: Fulan Sejahtera"
)
GOOD = (
    "Semarang (ANTARA) - President Prabowo Subianto inaugurated the Jragung Dam in Semarang Regency, Central Java, "
    "on Thursday. The Rp2.8 trillion dam irrigates 4,528 hectares of rice fields in Demak and Grobogan.\n\n"
    "Public Works Minister Dody Hanggodo said the dam provides 1,090 liters of raw water per second.\n\n"
    "Reporter: Fulan Sejahtera"
)


def test_a_faithful_translation_has_no_flags() -> None:
    assert check_translation(SOURCE, GOOD) == []


def test_a_dropped_figure_is_flagged() -> None:
    assert check_translation(SOURCE, GOOD.replace("4,528 hectares", "thousands of hectares")) == [
        TranslationFlag.MISSING_NUMBERS
    ]


def test_dropped_names_are_flagged() -> None:
    vague = GOOD.replace("Prabowo Subianto", "the president").replace("Dody Hanggodo", "the minister")
    vague = vague.replace("in Demak and Grobogan", "in two districts")
    assert TranslationFlag.MISSING_NAMES in check_translation(SOURCE, vague)


def test_a_sentence_left_in_the_source_language_is_flagged() -> None:
    half = GOOD.replace(
        "Public Works Minister Dody Hanggodo said the dam provides 1,090 liters of raw water per second.",
        "Menteri Pekerjaan Umum Dody Hanggodo mengatakan bendungan tersebut menyediakan air baku 1.090 liter per "
        "detik.",
    )
    assert check_translation(SOURCE, half) == [TranslationFlag.UNTRANSLATED]


def test_a_runaway_loop_is_flagged() -> None:
    looped = GOOD.replace("per second.", "per second per second per second per second per second.")
    assert TranslationFlag.REPETITION in check_translation(SOURCE, looped)


def test_a_much_shorter_translation_is_flagged() -> None:
    short = "Semarang (ANTARA) - President Prabowo Subianto inaugurated the Jragung Dam, Rp2.8 trillion, 4,528, 1,090."
    assert check_translation(SOURCE, short) == [TranslationFlag.MISSING_NAMES, TranslationFlag.LENGTH_RATIO]
