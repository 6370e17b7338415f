"""Issue #12: one home for ANTARA's house style — extraction, segmentation, dedup normalisation and the
warehouse checks agree on what the footer lines are."""

from __future__ import annotations

import pytest

from pipeline import house_style
from pipeline.dedup.normalise import content_hash, strip_boilerplate
from pipeline.extract.boilerplate import clean_lines
from pipeline.translate.segment import plan_text
from pipeline.warehouse.checks import DEFAULT_BOILERPLATE_MARKERS

STORY = "Jakarta (ANTARA) - Pemerintah kota meresmikan taman baca baru di kawasan pasar lama pada Senin pagi."
#: Credit, copyright and notice lines of both editions: never story text, never translated.
CREDIT_VARIANTS = (
    "Pewarta: Fulan Sejahtera",
    "Editor: Siti Rahmawati",
    "Penerjemah: Nadia Puspita",
    "Redaktur: Bambang Prasetyo",
    "Reporter: Rina Wijaya",
    "Translator: Yoga Pratama",
    "EDITED BY Aditya Eko",
    "COPYRIGHT © ANTARA 2026",
    "Hak Cipta © ANTARA 2026",
    "Copyright (c) ANTARA 2026",
    "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini tanpa "
    "izin tertulis dari Kantor Berita ANTARA.",
)
#: Related-story lines: the label is boilerplate (the headline is translated when the line is kept).
RELATED_VARIANTS = ("Baca juga: Taman baru di kota lain", "Berita terkait: Perpustakaan keliling", "Related news: Park")


@pytest.mark.parametrize("line", CREDIT_VARIANTS + RELATED_VARIANTS)
def test_every_stage_treats_a_footer_line_as_not_story_text(line: str) -> None:
    body = f"{STORY}\n\n{line}"
    assert house_style.is_footer_line(line)
    kept, _ = clean_lines([STORY, line])
    assert kept == [STORY], "extraction keeps it"
    assert line not in strip_boilerplate(body) and content_hash(body) == content_hash(STORY), "dedup hashes it"
    sources = plan_text(body, "id", "en", lambda text: len(text.split()), 200).sources
    label = line.split(":")[0]
    assert not any(label in piece or line in piece for piece in sources), "segmentation sends it to the model"
    assert any(marker.lower() in line.lower() for marker in (*DEFAULT_BOILERPLATE_MARKERS, "copyright")), (
        "the warehouse check would not see it leak"
    )


def test_a_story_sentence_that_starts_like_a_label_is_story_text() -> None:
    sentence = "Oleh karena itu, warga diminta menjaga kebersihan taman."
    assert not house_style.is_footer_line(sentence)
    assert clean_lines([STORY, sentence])[0] == [STORY, sentence]
    assert sentence in strip_boilerplate(f"{STORY}\n\n{sentence}")
    assert sentence in plan_text(f"{STORY}\n\n{sentence}", "id", "en", lambda t: len(t.split()), 200).sources


def test_one_table_of_calendar_words_and_zones() -> None:
    assert house_style.CALENDAR_ID_TO_EN["agustus"] == "august" and house_style.CALENDAR_ID_TO_EN["jumat"] == "friday"
    assert house_style.MONTH_NUMBERS["okt"] == 10 == house_style.MONTH_NUMBERS["oktober"]
    assert {name: zone.utcoffset(None).total_seconds() / 3600 for name, zone in house_style.TIME_ZONES.items()} == {
        "WIB": 7, "WITA": 8, "WIT": 9, "UTC": 0, "GMT": 0,
    }  # fmt: skip
