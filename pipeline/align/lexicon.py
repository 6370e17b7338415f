"""A small hand-written Indonesian → English glossary of the words news sentences are made of.

Without a machine translation the aligner still needs *some* lexical bridge between the editions: glossing the
Indonesian words it knows (and keeping names and numbers) makes an English-looking string whose character overlap
with the true English sentence stands out from its neighbours'. Written for this project from general knowledge
of both languages; affixed forms are reduced to a known stem by stripping the common prefixes and suffixes.
"""

from __future__ import annotations

import re

from pipeline.dedup.anchors import CROSS_LINGUAL_SPELLING


def _table(text: str) -> dict[str, str]:
    """``indonesian=english`` entries separated by whitespace."""
    return dict(entry.split("=", 1) for entry in text.split())


GLOSSARY: dict[str, str] = {
    **CROSS_LINGUAL_SPELLING,
    **_table("""
    yang=that dan=and di=in ke=to dari=from untuk=for pada=on dengan=with dalam=in oleh=by akan=will telah=has
    sudah=already juga=also tidak=not bukan=not belum=not_yet ini=this itu=that tersebut=the ada=there_is adalah=is
    merupakan=is menjadi=become sebagai=as atau=or tetapi=but namun=however karena=because jika=if bahwa=that
    saat=when ketika=when setelah=after sebelum=before sejak=since hingga=until sampai=until antara=between
    tentang=about terhadap=against bagi=for seperti=like lebih=more paling=most sangat=very banyak=many
    beberapa=several semua=all setiap=every para=the seorang=a sebuah=a satu=one dua=two tiga=three empat=four
    lima=five enam=six tujuh=seven delapan=eight sembilan=nine sepuluh=ten ratus=hundred ribu=thousand
    juta=million miliar=billion triliun=trillion persen=percent tahun=year bulan=month minggu=week hari=day
    jam=hour menit=minute pagi=morning siang=afternoon sore=afternoon malam=night kemarin=yesterday
    besok=tomorrow lalu=last depan=next baru=new lama=old besar=large kecil=small tinggi=high rendah=low
    pertama=first kedua=second ketiga=third terakhir=last mengatakan=said berkata=said kata=said katanya=said
    menurut=according ujar=said ungkap=said jelas=explained tambah=added menambahkan=added menyatakan=stated
    pemerintah=government negara=country nasional=national daerah=regional rakyat=people masyarakat=community
    orang=people warga=residents penduduk=population anak=children perempuan=women wanita=women laki=men
    pria=man keluarga=family rumah=house sakit=sick rumah_sakit=hospital sekolah=school universitas=university
    mahasiswa=students siswa=students guru=teacher dokter=doctor polisi=police tentara=army militer=military
    perang=war serangan=attack menyerang=attacked korban=victims tewas=killed meninggal=died mati=dead
    luka=injured selamat=survived bencana=disaster gempa=earthquake banjir=flood kebakaran=fire api=fire
    air=water laut=sea sungai=river gunung=mountain hutan=forest tanah=land kota=city desa=village jalan=road
    jembatan=bridge bandara=airport pesawat=plane kapal=ship kereta=train mobil=car bus=bus motor=motorcycle
    harga=price biaya=cost uang=money dana=funds anggaran=budget ekonomi=economy pasar=market bank=bank
    perusahaan=company usaha=business industri=industry pekerja=workers kerja=work bekerja=work buruh=labor
    ekspor=exports impor=imports investasi=investment pertumbuhan=growth naik=rose turun=fell meningkat=increased
    menurun=decreased kenaikan=increase penurunan=decline minyak=oil gas=gas listrik=electricity energi=energy
    pangan=food makanan=food beras=rice petani=farmers pertanian=agriculture kesehatan=health penyakit=disease
    virus=virus vaksin=vaccine obat=medicine rumah_sakit=hospital pasien=patients kasus=cases positif=positive
    pemilihan=election pemilu=election partai=party calon=candidate suara=votes presiden=president
    menteri=minister kementerian=ministry pejabat=officials kepala=head ketua=chairman anggota=members
    dewan=council hukum=law pengadilan=court hakim=judge jaksa=prosecutor penjara=prison ditangkap=arrested
    tersangka=suspect kejahatan=crime korupsi=corruption keamanan=security kebijakan=policy program=program
    proyek=project pembangunan=development membangun=build dibangun=built rencana=plan berencana=plans
    keputusan=decision memutuskan=decided perjanjian=agreement kerja_sama=cooperation hubungan=relations
    internasional=international dunia=world asing=foreign luar=outside negeri=country dalam_negeri=domestic
    sepak=foot bola=ball pertandingan=match tim=team pemain=players menang=won kalah=lost juara=champion
    gol=goals musim=season final=final olahraga=sports film=film musik=music buku=book seni=art budaya=culture
    agama=religion gereja=church masjid=mosque sejarah=history ilmuwan=scientists penelitian=research
    peneliti=researchers ilmu=science teknologi=technology internet=internet digital=digital komputer=computer
    telepon=phone berita=news media=media informasi=information laporan=report melaporkan=reported
    data=data jumlah=number total=total sekitar=about hampir=almost lebih_dari=more_than kurang=less hanya=only
    masih=still sedang=currently pernah=ever selalu=always sering=often kembali=again mulai=began memulai=started
    berakhir=ended dimulai=began terjadi=occurred membuat=made dibuat=made memberikan=gave memberi=give
    menerima=received mendapat=got mendapatkan=obtained menggunakan=use digunakan=used melakukan=carried_out
    dilakukan=conducted mengikuti=followed meminta=asked diminta=asked membantu=help bantuan=aid
    menemukan=found ditemukan=found mencari=search melihat=see terlihat=seen datang=came pergi=went
    tiba=arrived berangkat=departed mengunjungi=visited kunjungan=visit bertemu=met pertemuan=meeting
    konferensi=conference acara=event upacara=ceremony peringatan=commemoration perayaan=celebration
    hak=rights manusia=human kebebasan=freedom demokrasi=democracy protes=protest demonstrasi=demonstration
    pemimpin=leader memimpin=led kelompok=group organisasi=organization lembaga=institution badan=agency
    wilayah=region kawasan=area pulau=island provinsi=province kabupaten=regency ibu_kota=capital
    penting=important besar=big utama=main khusus=special umum=public resmi=official sama=same lain=other
    berbeda=different mungkin=may bisa=can dapat=can harus=must perlu=need ingin=want mau=want
    diharapkan=expected berharap=hope percaya=believe tahu=know mengetahui=know
    """),
}
PREFIXES = (
    "memper",
    "member",
    "menge",
    "meng",
    "meny",
    "mem",
    "men",
    "ber",
    "ter",
    "per",
    "pe",
    "di",
    "me",
    "ke",
    "se",
)
SUFFIXES = ("kannya", "annya", "nya", "kan", "an", "lah", "i")
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*|\S")


def gloss_word(word: str) -> str:
    """The English gloss of an Indonesian word, trying the stem without common affixes; the word itself if unknown."""
    lower = word.lower()
    if lower in GLOSSARY:
        return GLOSSARY[lower]
    for suffix in ("", *SUFFIXES):
        stem = lower[: len(lower) - len(suffix)] if suffix and lower.endswith(suffix) else lower
        if suffix and not lower.endswith(suffix):
            continue
        if stem in GLOSSARY:
            return GLOSSARY[stem]
        for prefix in PREFIXES:
            if stem.startswith(prefix) and stem[len(prefix) :] in GLOSSARY:
                return GLOSSARY[stem[len(prefix) :]]
    return word


def gloss(sentence: str) -> str:
    """Word-by-word English gloss of an Indonesian sentence (names, numbers and unknown words kept)."""
    return " ".join(gloss_word(word).replace("_", " ") for word in WORD.findall(sentence))
