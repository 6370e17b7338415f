from __future__ import annotations

import hashlib
import random
import re
import unicodedata

import pytest

from pipeline.dedup import content_hash, normalise_body
from pipeline.dedup.anchors import anchor_tokens
from pipeline.dedup.normalise import normalised, strip_boilerplate

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


def _stripped_before_the_gates(body: str) -> str:
    """``strip_boilerplate`` as it was before the footer patterns were gated (stored hashes were made so)."""
    from pipeline import house_style

    text = unicodedata.normalize("NFKC", body)
    lines = [line for line in text.splitlines() if not house_style.FOOTER_LINE.search(line)]
    return house_style.DATELINE.sub("", house_style.GLUED_FOOTER.sub("", "\n".join(lines)), count=1)


def _hash_before_the_gates(body: str) -> str:
    normalised = re.sub(r"\s+", " ", _stripped_before_the_gates(body).lower()).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def varied_bodies(count: int, seed: int = 3) -> list[str]:
    """Stories with datelines, credits, notices, glued footers, odd case, odd spaces and characters that fold."""
    rng = random.Random(seed)
    pieces = [
        "Jakarta (ANTARA) - ", "Mataram, 7/12 (Antara) – ", STORY, "Oleh karena itu, warga diminta menjaga taman.",
        "Pewarta: Fulan", "Editor : Faidin", "katanya.Pewarta: A Editor: B", "Copyright © ANTARA 2026",
        "hak cipta &copy; antara", "Dilarang keras mengambil konten, melakukan crawling",
        "DİLARANG KERAS mengambil konten",
        "Baca juga: Taman baru", "BERITA TERKAIT : x", "EDITED BY ADITYA", "The reporter said: no.", "Translator:Yoga",
        "\u00a0", "\u2028", "\u3000", "\x1c", "\r\n", "\n\n", "\t", "ſ", "ı", "\u212a", "ＡＮＴＡＲＡ", "５,７５",
        "Rp1,5 triliun",
    ]  # fmt: skip
    return [
        "".join(rng.choice(pieces) + rng.choice(("", " ", "\n")) for _ in range(rng.randint(1, 14)))
        for _ in range(count)
    ]


def test_content_hashes_are_the_ones_stored_before() -> None:
    bodies = varied_bodies(3000)
    assert [content_hash(body) for body in bodies] == [_hash_before_the_gates(body) for body in bodies]
    assert [strip_boilerplate(body) for body in bodies] == [_stripped_before_the_gates(body) for body in bodies]
    assert [normalised(body).stripped for body in reversed(bodies)] == [
        _stripped_before_the_gates(body) for body in reversed(bodies)
    ], "remembered or not"
    assert len({content_hash(body) for body in bodies}) > 1000, (
        "the bodies differ (the footers they differ in are dropped)"
    )


@pytest.mark.parametrize(
    ("body", "stored"),
    [
        (STORY, "f5ea5914c0db2d2e0a59524b364bb32002a3b5a5309a0b1067d662a13dd2b476"),
        (
            "Jakarta (ANTARA) - " + STORY + "\nPewarta: Fulan\nCOPYRIGHT © ANTARA 2026",
            "f5ea5914c0db2d2e0a59524b364bb32002a3b5a5309a0b1067d662a13dd2b476",
        ),
        (
            "DİLARANG keras mengambil konten\n" + STORY + " The Reporter: x",
            "980f8918b4c29c6c3bc124b4986e2c2e48060538c4001c2e4df25360cdeac973",
        ),
        (
            "ſtory\u00a0\u2028with\x1cspaces\u3000and Hak Cipta (c) 2026",
            "24f681231d077418acf2c6c9babd3b696bbeebbbc700e7dcde31a3c32a19cf32",
        ),
    ],
)
def test_content_hash_pinned(body: str, stored: str) -> None:
    """Hashes computed by the implementation before the gates: a change here re-revises every stored article."""
    assert content_hash(body) == stored
