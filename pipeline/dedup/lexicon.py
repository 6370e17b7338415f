"""A small Indonesian → English news lexicon: the bridge that lets two editions be compared without a translation.

Two versions of one story share far more than their names and figures: the event words
(``gempa``/``earthquake``, ``harga``/``price``, ``ditangkap``/``arrested``). Without a machine
translation those are invisible to the anchor signal, which is why an edited translation that
keeps only a different ~70 % of the sentences was missed a third of the time. Each Indonesian
content word is stemmed (Snowball Indonesian), looked up in this table and replaced by the
stemmed English word (Snowball English); words the table does not know — most of them loanwords
and names (``teknologi``, ``investasi``, ``Kanada``) — fall back to a cognate key (a spelling
skeleton prefix, ``c``→``k``, ``ph``→``f``, ``y``→``i``…) that their English cognate shares. The
English side yields the same two kinds of token, restricted to words the table can produce, so
the comparison only counts what the Indonesian side could have matched.

The table is general news vocabulary written for this project (no corpus was copied); extend it
by adding ``indonesian:english`` pairs. Calibration: ``pipeline/dedup/README.md``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import snowballstemmer

from pipeline.dedup.anchors import CROSS_LINGUAL_SPELLING
from pipeline.house_style import DAYS_EN, FUNCTION_WORDS, MONTHS_EN, word_list

#: ``indonesian:english`` or ``indonesian:english/english`` (alternatives: all are emitted) — base forms; both sides
#: are stemmed when the table is built.
NEWS_WORDS = """
    pemerintah:government pemerintahan:government negara:country negeri:country bangsa:nation rakyat:people
    masyarakat:community warga:resident penduduk:population orang:people manusia:human anak:child
    anak-anak:children perempuan:women wanita:woman laki-laki:men pria:man ibu:mother ayah:father
    keluarga:family istri:wife suami:husband korban:victim pasien:patient walikota:mayor wali:mayor
    ketua:chairman kepala:head direktur:director pejabat:official petugas:officer polisi:police
    kepolisian:police tentara:army militer:military pasukan:troops prajurit:soldier dokter:doctor guru:teacher
    siswa:student mahasiswa:student petani:farmer nelayan:fisherman pekerja:worker buruh:labor karyawan:employee
    pengusaha:businessman investor:investor pemain:player pelatih:coach tim:team klub:club pertandingan:match
    laga:match pemilu:election pemilihan:election partai:party calon:candidate pemilih:voter suara:vote
    kursi:seat parlemen:parliament dewan:council undang-undang:law hukum:law pengadilan:court hakim:judge
    jaksa:prosecutor tersangka:suspect terdakwa:defendant penjara:prison hukuman:sentence vonis:verdict/sentence
    kasus:case korupsi:corruption suap:bribe/bribery pencurian:theft pembunuhan:murder ditangkap:arrested
    penangkapan:arrest tangkap:arrest narkoba:drugs senjata:weapon bom:bomb serangan:attack menyerang:attack
    perang:war konflik:conflict damai:peace perdamaian:peace keamanan:security aman:safe bahaya:danger
    ancaman:threat teroris:terrorist terorisme:terrorism gempa:earthquake banjir:flood longsor:landslide
    tanah:land kebakaran:fire api:fire letusan:eruption erupsi:eruption hujan:rain angin:wind badai:storm
    cuaca:weather panas:heat kering:dry kekeringan:drought tsunami:tsunami bencana:disaster evakuasi:evacuation
    pengungsi:refugee mengungsi:evacuate rusak:damaged kerusakan:damage tewas:killed meninggal:died
    kematian:death mati:dead luka:injured luka-luka:injured selamat:survived hilang:missing pencarian:search
    penyelamatan:rescue bantuan:aid menolong:help rumah:house gedung:building bangunan:building jalan:road
    jembatan:bridge bandara:airport pelabuhan:port kapal:ship perahu:boat pesawat:plane penerbangan:flight
    kereta:train mobil:car kendaraan:vehicle motor:motorcycle bus:bus kecelakaan:accident
    penumpang:passenger perjalanan:trip wisata:tourism pariwisata:tourism wisatawan:tourist turis:tourist
    hotel:hotel pantai:beach sungai:river danau:lake hutan:forest desa:village wilayah:region daerah:area
    kawasan:area lokasi:location tempat:place pusat:center perbatasan:border internasional:international
    nasional:national lokal:local asing:foreign luar:foreign ekonomi:economy perekonomian:economy
    pertumbuhan:growth harga:price biaya:cost uang:money dana:fund anggaran:budget pajak:tax utang:debt
    pinjaman:loan bank:bank saham:stock pasar:market perdagangan:trade ekspor:export impor:import
    produksi:production produk:product industri:industry perusahaan:company pabrik:factory usaha:business
    bisnis:business investasi:investment modal:capital keuntungan:profit laba:profit rugi:loss kerugian:loss
    pendapatan:income penjualan:sales membeli:buy menjual:sell beli:buy jual:sell naik:rise kenaikan:increase
    turun:fall penurunan:decline meningkat:increase menurun:decrease inflasi:inflation bunga:interest
    nilai:value tukar:exchange mata:currency rupiah:rupiah dolar:dollar emas:gold minyak:oil gas:gas
    listrik:electricity energi:energy batu:coal bara:coal tambang:mining pertambangan:mining beras:rice
    padi:rice pangan:food makanan:food minuman:drink air:water susu:milk daging:meat ikan:fish ayam:chicken
    gula:sugar garam:salt pertanian:agriculture perkebunan:plantation sawit:palm kesehatan:health sehat:healthy
    sakit:sick penyakit:disease obat:medicine vaksin:vaccine vaksinasi:vaccination virus:virus wabah:outbreak
    pandemi:pandemic kanker:cancer jantung:heart darah:blood otak:brain tubuh:body gizi:nutrition
    pendidikan:education sekolah:school universitas:university kampus:campus belajar:study pelajaran:lesson
    penelitian:research peneliti:researcher ilmuwan:scientist ilmu:science studi:study teknologi:technology
    internet:internet digital:digital data:data telepon:phone ponsel:phone komputer:computer
    aplikasi:application media:media berita:news wartawan:journalist jurnalis:journalist televisi:television
    radio:radio film:film musik:music lagu:song buku:book budaya:culture kebudayaan:culture seni:art
    agama:religion masjid:mosque gereja:church doa:prayer tuhan:god lingkungan:environment sampah:waste
    pencemaran:pollution polusi:pollution iklim:climate karbon:carbon emisi:emission hewan:animal
    binatang:animal burung:bird anjing:dog kucing:cat gajah:elephant harimau:tiger pohon:tree tahun:year
    bulan:month pekan:week hari:day jam:hour menit:minute detik:second pagi:morning siang:noon sore:afternoon
    malam:night kemarin:yesterday besok:tomorrow sekarang:now pertama:first kedua:second ketiga:third
    terakhir:last baru:new lama:old besar:big kecil:small tinggi:high rendah:low panjang:long pendek:short
    banyak:many sedikit:few seluruh:all semua:all setiap:every beberapa:several sebagian:some jumlah:number
    total:total persen:percent ribu:thousand juta:million miliar:billion triliun:trillion kilometer:kilometer
    meter:meter ton:ton liter:liter kilogram:kilogram hektare:hectare derajat:degree celsius:celsius
    magnitudo:magnitude kedalaman:depth mengatakan:said kata:said menyatakan:stated mengumumkan:announced
    pengumuman:announcement menjelaskan:explained menambahkan:added meminta:asked permintaan:request
    menolak:rejected penolakan:rejection menerima:received mendukung:support dukungan:support membantu:help
    bekerja:work kerja:work pekerjaan:job lapangan:field membangun:build pembangunan:development proyek:project
    program:program rencana:plan kebijakan:policy keputusan:decision memutuskan:decided peraturan:regulation
    aturan:rule larangan:ban melarang:banned izin:permit laporan:report melaporkan:reported rapat:meeting
    pertemuan:meeting konferensi:conference kunjungan:visit berkunjung:visit kerjasama:cooperation
    perjanjian:agreement kesepakatan:agreement sepakat:agreed negosiasi:negotiation perundingan:talks
    protes:protest demonstrasi:demonstration pengunjuk:protester unjuk:protest mogok:strike kampanye:campaign
    menang:win kemenangan:victory kalah:lose kekalahan:defeat juara:champion gol:goal skor:score babak:half
    musim:season turnamen:tournament olahraga:sport sepak:football bola:ball atlet:athlete medali:medal
    perak:silver perunggu:bronze lomba:race balap:race terbang:fly jatuh:fall terbakar:burned tenggelam:sank
    meledak:exploded ledakan:explosion tembak:shoot penembakan:shooting ditembak:shot pisau:knife
    darurat:emergency krisis:crisis miskin:poor kemiskinan:poverty kaya:rich lapar:hunger hak:rights asasi:human
    kebebasan:freedom demokrasi:democracy pemberontak:rebel oposisi:opposition koalisi:coalition sekutu:ally
    hubungan:relations diplomatik:diplomatic duta:ambassador kedutaan:embassy sanksi:sanctions nuklir:nuclear
    rudal:missile imigran:immigrant migran:migrant visa:visa paspor:passport prancis:france perancis:france
    jerman:germany cina:china korea:korea rusia:russia india:india australia:australia kanada:canada
    swedia:sweden norwegia:norway denmark:denmark finlandia:finland spanyol:spain italia:italy yunani:greece
    turki:turkey mesir:egypt afrika:africa eropa:europe asia:asia suriah:syria irak:iraq iran:iran israel:israel
    palestina:palestine filipina:philippines malaysia:malaysia singapura:singapore thailand:thailand
    vietnam:vietnam meksiko:mexico brasil:brazil argentina:argentina selandia:zealand skotlandia:scotland
    irlandia:ireland swiss:switzerland austria:austria polandia:poland ukraina:ukraine belgia:belgium
    portugal:portugal kamboja:cambodia myanmar:myanmar kalimantan:borneo papua:papua sulawesi:sulawesi
    agung:supreme mahkamah:court konstitusi:constitution badan:agency lembaga:institution
    organisasi:organization komisi:commission komite:committee asosiasi:association perhimpunan:association
    akademi:academy institut:institute angkatan:force udara:air darat:land bersenjata:armed
    masuk:enter beri:give lihat:see waktu:time hasil:result langsung:direct mulai:start sebab:cause bicara:speak
    alam:nature ingin:want dekat:near rasa:feel empat:four datang:come anggota:member utama:main
    penting:important lanjut:continue ubah:change harap:hope hidup:life awal:early lima:five perlu:need
    capai:reach pimpin:lead pemimpin:leader keras:hard usia:age kurang:less siap:ready temu:meet ikut:join
    cara:way bawa:bring dasar:basic tambah:add kenal:know nyata:real hampir:almost bentuk:form buka:open
    ambil:take punya:have kantor:office cepat:fast enam:six milik:own kondisi:condition arti:mean pasti:certain
    mampu:able asal:origin upaya:effort banding:compare butuh:need ingat:remember jauh:far yakin:sure penuh:full
    tarik:pull sedia:provide khusus:special layan:service tingkat:level kelompok:group tinggal:live kaki:foot
    beda:different kuat:strong ungkap:reveal ganti:replace anggap:consider coba:try lawan:against nama:name
    gambar:picture paksa:force hadir:attend bumi:earth berat:heavy tepat:exact tahu:know tuju:destination
    muncul:appear tuduh:accuse bayar:pay jaga:guard gagal:fail sulit:difficult mudah:easy pindah:move
    bukti:evidence dorong:push libat:involve main:play situs:site catat:record arah:direction pakai:use
    mantan:former luncur:launch hindar:avoid surat:letter ruang:room kembang:develop acara:event henti:stop
    delapan:eight bahas:discuss liar:wild ratus:hundred salur:distribute dengar:hear lari:run tulis:write
    buruk:bad jenis:type abad:century belakang:back bersih:clean pikir:think khawatir:worry bawah:under
    tangan:hand maju:advance tahap:stage gerak:movement kuasa:power dampak:impact juang:struggle bahasa:language
    pandang:view segera:immediately taman:park libur:holiday ganggu:disrupt sidang:trial/hearing ahli:expert
    angkut:transport pergi:go uji:test saksi:witness selidik:investigate aksi:action luas:wide alat:tool
    sejarah:history tanggal:date lahir:born jawab:answer resmi:official tunjuk:show pungut:collect sadar:aware
    hancur:destroyed dingin:cold setempat:local jalur:route merah:red tanya:ask langgar:violate cahaya:light
    cipta:create ukur:measure setuju:agree klaim:claim bahan:material bintang:star tekan:press langkah:step
    hitung:count daftar:list gabung:join lepas:release isi:content selalu:always alir:flow titik:point
    lahan:land jadwal:schedule kirim:send kelas:class tuntut:demand parah:severe sumber:source serupa:similar
    dewasa:adult periksa:examine pulang:return rancang:design raih:achieve cegah:prevent tanda:sign
    pesan:message suku:tribe derita:suffer batal:cancel jarak:distance tolong:help tawar:offer gaya:style
    komentar:comment tujuh:seven sembilan:nine sepuluh:ten sebelas:eleven lusin:dozen biru:blue hijau:green
    putih:white hitam:black kuning:yellow tembok:wall pintu:door jendela:window
    dakwa:charge/indict dakwaan:indictment perdana:first lelang:tender/auction pengadaan:procurement
    rekanan:partner tunda:postpone/adjourn pipa:pipe putusan:ruling/verdict denda:fine tuntutan:demand/sentence
    pengacara:lawyer advokat:lawyer obligasi:bond imbal:yield kurs:rate analis:analyst
    perkiraan:forecast/estimate prakiraan:forecast peringatan:warning waspada:alert gelombang:wave
    petir:lightning siklon:cyclone nyamuk:mosquito dosis:dose imunisasi:immunization tanggul:embankment/dike
    genangan:inundation/flooding terendam:submerged/flooded merendam:inundated/flooded panen:harvest/crop
    temukan:find/found masalah:problem kejadian:incident kegiatan:activity tindakan:action alasan:reason
    kurangi:reduce pemilik:owner jaringan:network perawatan:care/treatment bayi:baby matahari:sun barang:goods
    tahanan:detainee/prisoner garis:line gerakan:movement dugaan:allegation peluang:chance/opportunity
    pengunjung:visitor pasangan:couple/partner bertemu:meet menulis:write angka:figure arus:current
    parkir:parking muda:young mundur:resign/retreat sasaran:target cedera:injury/injured perilaku:behavior
    tawarkan:offer natal:christmas pertahanan:defense/defence mesin:machine/engine bidang:field
    rata-rata:average setengah:half halaman:page berbagai:various bersama:together bagian:part terbaik:best
    pintar:smart cerdas:smart bahagia:happy sedih:sad takut:fear marah:angry senang:happy cinta:love
    kebun:garden sapi:cattle/cow babi:pig kambing:goat jagung:corn kopi:coffee teh:tea buah:fruit
    sayur:vegetable roti:bread telur:egg pisang:banana apel:apple tanam:plant menanam:plant pupuk:fertilizer
    irigasi:irrigation gandum:wheat kedelai:soybean salju:snow es:ice awan:cloud langit:sky planet:planet
    stasiun:station tol:toll truk:truck sepeda:bicycle
"""
#: Prefixes of the kinds of bridge token (they share the ``anchors`` column of the dedup index).
WORD_PREFIX = "w:"
COGNATE_PREFIX = "k:"
NUMBER_PREFIX = "n:"
#: Weight of a shared token by kind: cognate keys (mostly names and loanwords) and figures identify a story more
#: than a translated common word; calendar words and the generic words below are in nearly every story of a day.
TOKEN_WEIGHTS = {COGNATE_PREFIX: 1.5, NUMBER_PREFIX: 1.5, WORD_PREFIX: 1.0}
CALENDAR_WEIGHT = 0.25
GENERIC_WEIGHT = 0.5
GENERIC_ENGLISH = word_list("""president government minister day year month week time first second third last new old
    big high many several all every people country city area region place world national local state resident
    office officer official report number total head work said stated added increase now million thousand
    north south east west central""")
#: Names in nearly every story of both editions (their cognate keys are damped like generic words).
GENERIC_NAMES = word_list("indonesia indonesian jakarta antara")
#: Years are shared by every story of the year.
YEAR = re.compile(r"(?:19|20)\d\d")
#: A cognate key is the first COGNATE_LENGTH letters of the skeleton of a word of at least COGNATE_MIN_WORD letters
#: (shorter words collide across unrelated stems).
COGNATE_LENGTH = 5
COGNATE_MIN_WORD = 6
MIN_WORD = 3
#: Spelling differences between Indonesian loanwords and their English source, applied in order.
SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("ph", "f"), ("th", "t"), ("ch", "k"), ("ck", "k"), ("c", "k"), ("q", "k"), ("x", "ks"),
    ("y", "i"), ("z", "s"), ("w", "u"), ("v", "f"), ("j", "i"),
)  # fmt: skip
#: Words that carry no event in either language (beyond the shared function words).
STOPWORDS: dict[str, frozenset[str]] = {
    "en": FUNCTION_WORDS
    | frozenset(
        word_list("""a an or of to in on at by as is are be it not can more most such other some any all one two three
        up out about only just very much many been being because during between against without within through""")
    ),
    "id": FUNCTION_WORDS
    | frozenset(
        word_list("""di ke atau tidak masih lebih serta yakni yaitu secara bisa dapat harus menjadi sebagai telah adalah
        merupakan tersebut pun lagi saja hanya sangat belum sedang terus kembali antara maupun""")
    ),
}
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
STEMMERS = {"id": snowballstemmer.stemmer("indonesian"), "en": snowballstemmer.stemmer("english")}


#: Distinct words whose stems and bridge tokens are remembered (news vocabulary repeats: a 100,000-article backfill
#: meets a few hundred thousand distinct words, while the pure-Python Snowball stemmer costs ~20 µs a word).
WORD_CACHE_SIZE = 1 << 19


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stem(word: str, lang: str) -> str:
    return STEMMERS[lang].stemWord(word)


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """Indonesian word and its stem → stemmed English word(s) (news vocabulary, names, calendar words)."""
    pairs = [pair.split(":", 1) for pair in NEWS_WORDS.split()] + list(CROSS_LINGUAL_SPELLING.items())
    table: dict[str, tuple[str, ...]] = {}
    for word_id, words_en in pairs:
        english = tuple(stem(word, "en") for word in words_en.split("/"))
        table.setdefault(stem(word_id, "id"), english)
        table[word_id] = english
    return table


@cache
def english_vocabulary() -> frozenset[str]:
    """The stemmed English words the lexicon can produce (the English side keeps only these)."""
    return frozenset(word for english in lexicon().values() for word in english)


def skeleton(word: str) -> str:
    """Letters only, accents dropped, loanword spelling rules applied, doubled letters collapsed."""
    text = "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isalpha())
    for before, after in SKELETON_RULES:
        text = text.replace(before, after)
    return re.sub(r"(.)\1+", r"\1", text)


def cognate_key(word: str) -> str | None:
    return COGNATE_PREFIX + skeleton(word)[:COGNATE_LENGTH] if len(word) >= COGNATE_MIN_WORD else None


def bridge_tokens(text: str, lang: str) -> set[str]:
    """Language-neutral word tokens of a story (boilerplate already stripped): lexicon words and cognate keys."""
    tokens: set[str] = set()
    for word in WORD.findall(text.lower()):
        tokens.update(word_bridge_tokens(word, lang))
    return tokens


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_bridge_tokens(word: str, lang: str) -> tuple[str, ...]:
    """The bridge tokens of one lowercased word (cached: a word always yields the same tokens)."""
    if len(word) < MIN_WORD or word in STOPWORDS.get(lang, FUNCTION_WORDS):
        return ()
    tokens: list[str] = []
    if lang == "id":
        table = lexicon()
        if translations := table.get(word) or table.get(stem(word, "id")):
            return tuple(WORD_PREFIX + english for english in translations)
    else:
        english = stem(word, "en")
        if english in english_vocabulary():
            tokens.append(WORD_PREFIX + english)
    if key := cognate_key(word):
        tokens.append(key)
    return tuple(tokens)


def number_bridge_tokens(numbers: set[str]) -> set[str]:
    """Figures (canonical digits, see :func:`pipeline.dedup.anchors.canonical_number`) other than years."""
    return {NUMBER_PREFIX + n for n in numbers if not YEAR.fullmatch(n)}


BRIDGE_PREFIXES = (WORD_PREFIX, COGNATE_PREFIX, NUMBER_PREFIX)


def is_bridge_token(token: str) -> bool:
    return token.startswith(BRIDGE_PREFIXES)


@cache
def damped_tokens() -> dict[str, float]:
    """Bridge tokens that weigh less than their kind: calendar words, generic news words."""
    calendar = {WORD_PREFIX + stem(w, "en"): CALENDAR_WEIGHT for w in MONTHS_EN + DAYS_EN}
    generic = {WORD_PREFIX + stem(w, "en"): GENERIC_WEIGHT for w in GENERIC_ENGLISH}
    names = {key: GENERIC_WEIGHT for w in GENERIC_NAMES if (key := cognate_key(w))}
    return {**generic, **names, **calendar}


@lru_cache(maxsize=WORD_CACHE_SIZE)
def token_weight(token: str) -> float:
    return damped_tokens().get(token) or TOKEN_WEIGHTS.get(token[:2], 1.0)


def weighted_jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared weight over the weight of the union (0 when both are empty)."""
    union = a | b
    total = sum(map(token_weight, union))
    return sum(map(token_weight, a & b)) / total if total else 0.0
