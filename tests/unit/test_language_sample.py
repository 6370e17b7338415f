"""Language ID reads a bounded sample of each article: the verdict and confidence of its opening sentences."""

from pipeline.language import SAMPLE_CHARS, detect

INDONESIAN = (
    "Jakarta (ANTARA) - Pemerintah provinsi akan membangun jalan tol baru di Kalimantan Timur tahun depan untuk "
    "mempercepat distribusi barang dari pelabuhan ke pasar. Menurut kepala dinas, anggaran proyek itu sudah "
    "disetujui dewan dan pekerjaan fisik dimulai pada bulan Maret. "
)
ENGLISH = (
    "The government said the new toll road would shorten travel between the port and the provincial capital, "
    "and that farmers and fishermen would be able to reach the markets in less than half the time. "
)


def test_only_the_opening_sample_decides_the_language() -> None:
    opening = (INDONESIAN * 4)[:SAMPLE_CHARS]
    article = opening + ENGLISH * 40  # an Indonesian lead, then far more English than Indonesian
    assert detect(article) == detect(opening)
    assert detect(article)[0] == "id"
    assert detect(ENGLISH * 40)[0] == "en"


def test_text_shorter_than_the_sample_is_read_whole() -> None:
    mixed = INDONESIAN[:150] + ENGLISH  # a short Indonesian lead, then more English, all inside the sample
    assert len(mixed) < SAMPLE_CHARS
    assert detect(mixed)[0] == "en"
    assert detect(mixed[:150])[0] == "id"
