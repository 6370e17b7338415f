"""Invented ANTARA-style articles for the dedup tests (no real article text)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipeline.models import Article, Translation, TranslationStatus

BASE_TIME = datetime(2026, 5, 12, 3, 0, tzinfo=UTC)

DAM_ID = (
    "Semarang (ANTARA) - Presiden Prabowo Subianto meresmikan Bendungan Jragung di Kabupaten Semarang, Jawa Tengah, "
    "pada Kamis (14/5/2026). Bendungan senilai Rp2,8 triliun itu mampu menampung 90 juta meter kubik air dan mengairi "
    "4.528 hektare sawah di Demak dan Grobogan.\n\nMenteri Pekerjaan Umum Dody Hanggodo mengatakan bendungan tersebut "
    "juga menyediakan air baku 1.090 liter per detik serta mengurangi banjir di hilir Sungai Jragung.\n\n"
    "Pewarta: Fulan Sejahtera\nEditor: Siti Rahmawati\nCOPYRIGHT © ANTARA 2026"
)
DAM_EN = (
    "Semarang, Central Java (ANTARA) - President Prabowo Subianto on Thursday inaugurated the Jragung Dam in Semarang "
    "District, which cost Rp2.8 trillion and can hold 90 million cubic meters of water.\n\nThe dam will irrigate 4,528 "
    "hectares of rice fields in Demak and Grobogan and supply 1,090 liters of raw water per second, Public Works "
    "Minister Dody Hanggodo said. It will also reduce flooding downstream of the Jragung River."
)
DAM_MT = (
    "President Prabowo Subianto inaugurated the Jragung Dam in Semarang Regency, Central Java, on Thursday "
    "(14/5/2026). "
    "The dam worth Rp2.8 trillion is able to hold 90 million cubic meters of water and irrigate 4,528 hectares of rice "
    "fields in Demak and Grobogan. Minister of Public Works Dody Hanggodo said the dam also provides raw water of "
    "1,090 liters per second and reduces floods downstream of the Jragung River."
)
MARKET_ID = (
    "Jakarta (ANTARA) - Indeks Harga Saham Gabungan (IHSG) Bursa Efek Indonesia ditutup menguat 38 poin atau 0,52 "
    "persen ke posisi 7.345 pada Selasa sore, didorong aksi beli investor asing senilai Rp1,1 triliun.\n\n"
    "Analis Phintraco Sekuritas Valdy Kurniawan mengatakan saham perbankan besar memimpin penguatan indeks."
)


def article(
    number: int,
    lang: str,
    body: str,
    *,
    hours: float = 0.0,
    translation: str | None = None,
    published: bool = True,
) -> Article:
    host, kind = ("www.antaranews.com", "berita") if lang == "id" else ("en.antaranews.com", "news")
    when = BASE_TIME + timedelta(hours=hours)
    done = None
    if translation is not None:
        done = Translation(target_lang="en" if lang == "id" else "id", status=TranslationStatus.DONE, body=translation)
    return Article(
        key=f"{host}/{kind}/{number}",
        url=f"https://{host}/{kind}/{number}/story-{number}",
        host=host,
        content_type=kind,
        antara_id=number,
        lang=lang,
        title=f"Story {number}",
        body=body,
        published_at=when if published else None,
        fetched_at=when + timedelta(minutes=10),
        translation=done,
    )


def republished(body: str) -> str:
    """Another dateline spelling and footer, plus one clause: how a republished copy differs."""
    body = body.replace("(ANTARA) - ", "(ANTARA News) - ", 1).replace("Pewarta: Fulan Sejahtera", "Pewarta: Budi")
    return body.replace("Jawa Tengah, pada Kamis", "Jawa Tengah, menurut keterangan resmi, pada Kamis", 1)
