from __future__ import annotations

import hashlib

import pytest

from pipeline.dedup import content_hash, normalise_body
from pipeline.dedup.anchors import anchor_tokens

STORY = "Bank Indonesia mempertahankan BI-Rate sebesar 5,75 persen.\n\nHal itu disampaikan Gubernur BI, Rabu."


@pytest.mark.parametrize(
    "copy",
    [
        "Jakarta (ANTARA) - " + STORY,
        "Jakarta (ANTARA News) - " + STORY,
        "Mataram, 7/12 (Antara) - " + STORY,
        "ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) – " + STORY,
        STORY + "\nPewarta: Putu Indah SavitriEditor: Agus Salim Copyright © ANTARA 2026",
        STORY + "\nPewarta : Fulan\nEditor: Faidin\nCOPYRIGHT © ANTARA 2026\n"
        "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini "
        "tanpa izin tertulis dari Kantor Berita ANTARA.",
        STORY + "Pewarta: Fulan Editor: Faidin",  # credits glued onto the last sentence
        "  " + STORY.upper().replace("\n\n", " \t\n ") + "  ",
        STORY.replace("5,75", "５,７５"),  # full-width digits: NFKC
    ],
)
def test_copies_differing_only_in_boilerplate_hash_alike(copy: str) -> None:
    assert content_hash(copy) == content_hash(STORY)


def test_hash_is_sha256_of_the_normalised_text() -> None:
    expected = hashlib.sha256(
        b"bank indonesia mempertahankan bi-rate sebesar 5,75 persen. hal itu disampaikan gubernur bi, rabu."
    ).hexdigest()
    assert normalise_body("Jakarta (ANTARA) - " + STORY) == (
        "bank indonesia mempertahankan bi-rate sebesar 5,75 persen. hal itu disampaikan gubernur bi, rabu."
    )
    assert content_hash(STORY) == expected


def test_a_changed_figure_changes_the_hash() -> None:
    assert content_hash(STORY.replace("5,75", "5,50")) != content_hash(STORY)


def test_a_dateline_inside_the_text_is_kept() -> None:
    text = "Ia mengatakan hal itu. Jakarta (ANTARA) - bukan awal berita."
    assert "jakarta (antara)" in normalise_body(text)


def test_anchor_tokens_meet_across_editions() -> None:
    indonesian = anchor_tokens(
        "Surabaya (ANTARA) - Gubernur Jawa Timur Khofifah Indar Parawansa meresmikan jembatan senilai Rp1,5 triliun "
        "pada Senin (12/5/2026). Jembatan sepanjang 1.200 meter itu dibangun Kementerian PUPR."
    )
    english = anchor_tokens(
        "Surabaya (ANTARA) - On Monday, East Java Governor Khofifah Indar Parawansa inaugurated a Rp1.5 trillion "
        "bridge. The 1,200-meter bridge was built by the Ministry of Public Works (PUPR)."
    )
    shared = {"khofifah", "indar", "parawansa", "monday", "java", "east", "15", "1200", "pupr", "ministry"}
    assert shared <= indonesian & english
    assert "the" not in english and "surabaya" not in indonesian  # function words; the dateline is not text
