"""Text-level boilerplate and credit rules."""

from __future__ import annotations

import pytest

from pipeline.extract.boilerplate import _GLUED_CREDIT_TAIL, STRIP_PATTERNS, clean_lines, parse_credits


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


LINES = [
    "Harga beras naik di pasar.",
    "Kata dia kepada wartawan.Pewarta: Budi Editor: Siti",
    "Akhir berita. Copyright © ANTARA 2026",
    "Akhir berita.   HAK CIPTA (c) ANTARA News Jawa Timur 2019 ",
    "The minister said so. EDITED BY INE",
    "the minister said edited by nobody in particular",
    "Dilarang keras mengambil konten, melakukan crawling atau indeksasi otomatis untuk AI di situs web ini "
    "tanpa izin tertulis dari Kantor Berita ANTARA.",
    "(adsbygoogle = window.adsbygoogle || []).push({}); Teks setelah iklan.",
    "Copyright © ANTARA 2026 at the start, not glued",
]


def test_gated_patterns_are_probed_without_their_lead_in_and_give_the_plain_results() -> None:
    gated = [*STRIP_PATTERNS, _GLUED_CREDIT_TAIL]
    probes = {g.pattern.pattern: g.probe.pattern for g in gated if g.probe is not None}
    assert len(probes) == 1 and all(g.needles for g in STRIP_PATTERNS)  # the rest are gated by needles
    for full, probe in probes.items():
        assert full.endswith(probe) and not probe.startswith((r"\s", r"\b", "(?<="))
    for line in LINES:
        for g in gated:
            assert g.sub("", line) == g.pattern.sub("", line)
            found, plain = g.search(line), g.pattern.search(line)
            assert (found and found.span()) == (plain and plain.span())
    assert sum(g.pattern.search(line) is not None for g in gated for line in LINES) >= 5
