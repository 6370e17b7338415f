"""Text-level boilerplate and credit rules."""

from __future__ import annotations

import pytest

from pipeline.extract.boilerplate import clean_lines, parse_credits


@pytest.mark.parametrize(
    ("text", "reporter", "editor", "translator"),
    [
        (
            "Pewarta: Wayan Sukma DewiEditor: Made Arsana Copyright © ANTARA 2026",
            "Wayan Sukma Dewi",
            "Made Arsana",
            None,
        ),
        ("Pewarta : Budi Hartono Editor: Surya COPYRIGHT © ANTARA 2026", "Budi Hartono", "Surya", None),
        (
            "Penerjemah: Laila Husna, Bima Satria\nEditor: Teguh Imam\nHak Cipta © ANTARA 2025",
            None,
            "Teguh Imam",
            "Laila Husna, Bima Satria",
        ),
        (
            "Translator: A Wibowo\nReporter: Sri Rahayu\nEditor: Rahmad Nasution\nCopyright © ANTARA 2026",
            "Sri Rahayu",
            "Rahmad Nasution",
            "A Wibowo",
        ),
        ("Pewarta: Hendrik Rumbiak,Yulius Mote", "Hendrik Rumbiak, Yulius Mote", None, None),
    ],
)
def test_credit_lines_in_every_printed_form(
    text: str, reporter: str | None, editor: str | None, translator: str | None
) -> None:
    credits = parse_credits(text)
    assert (credits.reporter, credits.editor, credits.translator) == (reporter, editor, translator)


def test_clean_lines_keeps_dateline_and_removes_markers() -> None:
    lines = [
        "Jakarta (ANTARA) – Harga cabai turun di pasar induk.",
        "(adsbygoogle = window.adsbygoogle || []).push({});",
        "Berita terkait: Indonesia, Japan discuss rice trade",
        "Baca juga: Harga bawang stabil",
        "Related news: Rice prices fall",
        "Pedagang menyebut pasokan dari Brebes melimpah.(adsbygoogle = window.adsbygoogle || []).push({});",
        "Pewarta: Dewi SavitriEditor: Bambang",
        "Hak Cipta © ANTARA 2025",
        "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini"
        " tanpa izin tertulis dari Kantor Berita ANTARA.",
        "EDITED BY INE",
        "\xa0",
    ]
    kept, credits = clean_lines(lines)
    assert kept == [
        "Jakarta (ANTARA) – Harga cabai turun di pasar induk.",
        "Pedagang menyebut pasokan dari Brebes melimpah.",
    ]
    assert (credits.reporter, credits.editor) == ("Dewi Savitri", "Bambang")


def test_credit_run_glued_to_the_last_sentence_is_split_off() -> None:
    kept, credits = clean_lines(['"Kami siap," katanya.Pewarta: Rina Lestari Editor: Joko Santoso'])
    assert kept == ['"Kami siap," katanya.']
    assert (credits.reporter, credits.editor) == ("Rina Lestari", "Joko Santoso")


def test_edited_by_tail_glued_to_a_paragraph_is_cut() -> None:
    kept, _ = clean_lines(["The virus has spread to six countries. EDITED BY INE"])
    assert kept == ["The virus has spread to six countries."]


def test_body_sentences_mentioning_an_editor_are_kept() -> None:
    line = "Pemimpin redaksi dan editor senior hadir dalam diskusi itu."
    assert clean_lines([line])[0] == [line]
